// The benchmark's databases: builds the demo company of N employees once per size and database (SQLite file under
// --db-dir, PostgreSQL database appconnector_bench_<rows>), mints tokens, and compiles reads with the server's own
// stages. Must not measure anything; the scenarios do.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, parse, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataType } from '@appconnector/protocol';
import {
  boot,
  createAppConnector,
  createDemoEnvironment,
  createToken,
  DEMO_DEFINITIONS,
  DEMO_ENVIRONMENT,
  linkConnectors,
  listAppConnectors,
  type Runtime,
  revokeTokens,
} from '@appconnector/server';
import { sql } from 'kysely';
import pg from 'pg';
// Deep imports on purpose: the baselines must run exactly the SQL the server runs, so they take it from the same
// stages (parse -> plan -> compile) instead of a copy, and the cache check prepares tables as the server's start
// does. None of these is on the server's public surface.
import { prepareEnvironment } from '../packages/server/src/admin/environments.ts';
import { schemaNameOf } from '../packages/server/src/db/database.ts';
import { planRead } from '../packages/server/src/read/read-plan.ts';
import { parseReadRequest } from '../packages/server/src/read/read-request.ts';
import { compileRead } from '../packages/server/src/read/read-sql.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export const BENCH_CONNECTOR = 'Profit_Employees';
export const BENCH_APP_CONNECTOR = 'Bench';
export const BENCH_USER = 'bench';
export const DEFAULT_PG = process.env.APPCONNECTOR_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';

/** Where a baseline finds the data: the SQLite files (main and the environment's attached file) or a URL. */
export interface BenchDatabase {
  kind: DatabaseKind;
  rows: number;
  /** What `serve --db` takes. */
  url: string;
  /** The environment's schema (`env_o12345aa`): the SQL names its tables with it. */
  schema: string;
  /** SQLite only: the file attached as `schema`, which holds the environment's tables. */
  environmentFile?: string;
}

/** A read compiled by the server's stages, with what a baseline needs to key its rows. */
export interface CompiledRead {
  sql: string;
  parameters: unknown[];
  fieldIds: string[];
  fieldTypes: DataType[];
}

type Log = (message: string) => void;

/** `postgres://host:port` (any path) -> the URL of database `name` on it. */
export function postgresUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function postgresReachable(base: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl(base, 'postgres'), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const SERVER_SOURCES = fileURLToPath(new URL('../packages/server/src/', import.meta.url));
/** What a built demo is made from: the demo definitions, the generator and the code that loads its rows. */
const DEMO_INPUTS = [
  DEMO_DEFINITIONS,
  join(SERVER_SOURCES, 'demo'),
  join(SERVER_SOURCES, 'db/bulk-insert.ts'),
  join(SERVER_SOURCES, 'db/environment-tables.ts'),
];

/** Every file of the inputs (folders walked), hashed with its path in the repository: a demo built from other ones is built again. */
function demoFingerprint(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) add(join(path, name));
    else hash.update(relative(SERVER_SOURCES, path)).update(readFileSync(path));
  };
  for (const input of DEMO_INPUTS) add(input);
  return hash.digest('hex');
}

async function readFingerprint(runtime: Runtime): Promise<string | undefined> {
  const found = await sql<{ fingerprint: string }>`select fingerprint from bench_demo`.execute(runtime.db.kysely);
  return found.rows[0]?.fingerprint;
}

async function writeFingerprint(runtime: Runtime): Promise<void> {
  await sql`create table if not exists bench_demo (fingerprint text not null)`.execute(runtime.db.kysely);
  await sql`delete from bench_demo`.execute(runtime.db.kysely);
  await sql`insert into bench_demo (fingerprint) values (${demoFingerprint()})`.execute(runtime.db.kysely);
}

/**
 * Complete means it was built from today's inputs (the fingerprint), the last step of the demo build (the Demo App
 * Connector) happened, the size is right, and the tables still fit the definitions as the server will bring them in
 * step at start.
 */
async function isComplete(url: string, rows: number): Promise<boolean> {
  // Broken definitions fail here, loudly: they are no reason to throw a built database away.
  const runtime = await boot({ database: url });
  try {
    if ((await readFingerprint(runtime)) !== demoFingerprint()) return false;
    const connectors = await listAppConnectors(runtime.db, DEMO_ENVIRONMENT);
    if (!connectors.some((c) => c.name === 'Demo')) return false;
    await prepareEnvironment(runtime.db, runtime.registry, DEMO_ENVIRONMENT);
    const schema = await runtime.db.environmentSchema(DEMO_ENVIRONMENT);
    const counted = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.id(schema, 'hr_employee')}`.execute(runtime.db.kysely);
    return Number(counted.rows[0]?.n) === rows;
  } catch {
    return false;
  } finally {
    await runtime.db.close();
  }
}

async function build(url: string, rows: number, log: Log): Promise<void> {
  const runtime = await boot({ database: url });
  const started = Date.now();
  let lastLog = started;
  try {
    await createDemoEnvironment(runtime, {
      employees: rows,
      onProgress: (count) => {
        if (Date.now() - lastLog < 10_000) return;
        lastLog = Date.now();
        log(`  ... ${count} rows (${Math.round(count / ((lastLog - started) / 1000))} rows/s)`);
      },
    });
    await writeFingerprint(runtime);
  } finally {
    await runtime.db.close();
  }
  log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** The SQLite demo of `rows` employees in `<dbDir>/sqlite-<rows>/`, built unless a complete one is there. */
export async function sqliteBenchDatabase(
  dbDir: string,
  rows: number,
  fresh: boolean,
  log: Log,
): Promise<BenchDatabase> {
  const dir = resolve(dbDir, `sqlite-${rows}`);
  const file = join(dir, 'bench.sqlite');
  if (fresh || !existsSync(file) || !(await isComplete(file, rows))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    log(`building the SQLite demo of ${rows} employees in ${dir} (cached for later runs)`);
    await build(file, rows, log);
  }
  const schema = schemaNameOf(DEMO_ENVIRONMENT);
  // sqlite-database.ts keeps each environment in `<name>.<schema>.sqlite` beside the main file.
  const { dir: parent, name } = parse(file);
  return { kind: 'sqlite', rows, url: file, schema, environmentFile: join(parent, `${name}.${schema}.sqlite`) };
}

/** The PostgreSQL demo in database appconnector_bench_<rows>, kept between runs unless `fresh`. */
export async function postgresBenchDatabase(
  base: string,
  rows: number,
  fresh: boolean,
  log: Log,
): Promise<BenchDatabase> {
  const name = `appconnector_bench_${rows}`;
  const url = postgresUrl(base, name);
  const admin = new pg.Client({ connectionString: postgresUrl(base, 'postgres') });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (!exists || fresh || !(await isComplete(url, rows))) {
      // The name is built from a number only, so it is safe to put in the statement.
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      log(`building the PostgreSQL demo of ${rows} employees in database ${name} (kept for later runs)`);
      await build(url, rows, log);
      // Fresh statistics, so that the first measured run is planned like the later ones.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('vacuum analyze');
      await client.end();
    }
  } finally {
    await admin.end();
  }
  return { kind: 'postgres', rows, url, schema: schemaNameOf(DEMO_ENVIRONMENT) };
}

/** A fresh token of the Bench App Connector (linked to the benchmarked connectors); older bench tokens are revoked. */
export async function benchToken(database: BenchDatabase): Promise<string> {
  const runtime = await boot({ database: database.url });
  try {
    const existing = (await listAppConnectors(runtime.db, DEMO_ENVIRONMENT)).find(
      (a) => a.name === BENCH_APP_CONNECTOR,
    );
    let appConnector =
      existing ?? (await createAppConnector(runtime.db, { environment: DEMO_ENVIRONMENT, name: BENCH_APP_CONNECTOR }));
    appConnector = await linkConnectors(runtime.db, runtime.registry, appConnector, 'get', [BENCH_CONNECTOR]);
    appConnector = await linkConnectors(runtime.db, runtime.registry, appConnector, 'update', ['KnPerson']);
    await revokeTokens(runtime.db, appConnector, { userId: BENCH_USER });
    return (await createToken(runtime.db, appConnector, { userId: BENCH_USER, description: 'npm run bench' })).xml;
  } finally {
    await runtime.db.close();
  }
}

/** Compiles a GetConnector query string (`skip=...&take=...`) to the exact SQL and parameters the server runs. */
export async function compileBenchRead(database: BenchDatabase, query: string): Promise<CompiledRead> {
  const runtime = await boot({ database: database.url });
  try {
    const request = parseReadRequest(BENCH_CONNECTOR, query);
    const plan = planRead(request, runtime.registry.getConnectors.get(BENCH_CONNECTOR), () => true);
    const schema = await runtime.db.environmentSchema(DEMO_ENVIRONMENT);
    const bound = compileRead(runtime.db, schema, plan);
    return {
      sql: bound.sql,
      parameters: [...bound.parameters],
      fieldIds: plan.connector.fields.map((f) => f.id),
      fieldTypes: plan.connector.fields.map((f) => f.dataType),
    };
  } finally {
    await runtime.db.close();
  }
}

/** The largest single-integer key of every table: what the write scenario removes again afterwards. */
export type KeySnapshot = Map<string, { column: string; max: number }>;

export async function snapshotKeys(database: BenchDatabase): Promise<KeySnapshot> {
  const runtime = await boot({ database: database.url });
  try {
    const snapshot: KeySnapshot = new Map();
    const schema = await runtime.db.environmentSchema(DEMO_ENVIRONMENT);
    for (const table of runtime.registry.tables.values()) {
      const [key, ...more] = table.primaryKey;
      if (!key || more.length > 0 || table.columns.find((c) => c.name === key)?.type !== 'int') continue;
      const found = await sql<{
        m: number | null;
      }>`select max(${sql.ref(key)}) as m from ${sql.id(schema, table.name)}`.execute(runtime.db.kysely);
      snapshot.set(table.name, { column: key, max: Number(found.rows[0]?.m ?? 0) });
    }
    return snapshot;
  } finally {
    await runtime.db.close();
  }
}

/**
 * Waits until no more rows appear after the snapshot in `table` (calls cut off at the end of a load run still
 * commit on the server) and answers how many there are; gives up waiting after `maxMs`.
 */
export async function settledCount(
  database: BenchDatabase,
  snapshot: KeySnapshot,
  table: string,
  maxMs = 15_000,
): Promise<number> {
  const key = snapshot.get(table);
  if (!key) throw new Error(`table '${table}' has no single integer key to count by`);
  const runtime = await boot({ database: database.url });
  try {
    const schema = await runtime.db.environmentSchema(DEMO_ENVIRONMENT);
    const count = async () => {
      const found = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.id(schema, table)} where ${sql.ref(key.column)} > ${key.max}`.execute(
        runtime.db.kysely,
      );
      return Number(found.rows[0]?.n ?? 0);
    };
    const until = Date.now() + maxMs;
    let last = await count();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = await count();
      if (now === last || Date.now() > until) return now;
      last = now;
    }
  } finally {
    await runtime.db.close();
  }
}

/** Deletes every row written after the snapshot, so that the cached database stays the demo it was; per table. */
export async function restoreKeys(database: BenchDatabase, snapshot: KeySnapshot): Promise<Map<string, number>> {
  const runtime = await boot({ database: database.url });
  const deleted = new Map<string, number>();
  try {
    const schema = await runtime.db.environmentSchema(DEMO_ENVIRONMENT);
    for (const [table, { column, max }] of snapshot) {
      const result = await sql`delete from ${sql.id(schema, table)} where ${sql.ref(column)} > ${max}`.execute(
        runtime.db.kysely,
      );
      const count = Number(result.numAffectedRows ?? 0);
      if (count > 0) deleted.set(table, count);
    }
    return deleted;
  } finally {
    await runtime.db.close();
  }
}
