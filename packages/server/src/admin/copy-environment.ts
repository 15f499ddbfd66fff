// `env copy`: a new environment made from another's definitions (environment-definitions.ts) and data, table by
// table in streamed batches, optionally anonymised (anonymise/). Everything or nothing: a copy that fails drops what
// it made of the target.

import { sql } from 'kysely';
import { rowAnonymiser } from '../anonymise/anonymise-rows.ts';
import { Anonymiser, DEFAULT_ANONYMISE_SEED } from '../anonymise/fake-values.ts';
import { type PersonalKind, personalColumns } from '../anonymise/personal-columns.ts';
import type { Runtime } from '../boot.ts';
import { syncAutoNumber } from '../db/bulk-insert.ts';
import { createEnvironmentTables, dropEnvironmentIndexes } from '../db/environment-tables.ts';
import { NUMBERING_TABLE } from '../db/system-schema.ts';
import type { Registry } from '../definitions/registry.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import { authModeOf, setAuthMode } from '../oauth/auth-settings.ts';
import { createAppConnector, linkConnectors, listAppConnectors } from './app-connectors.ts';
import { copyEnvironmentDefinitions, registryForEnvironment } from './environment-definitions.ts';
import {
  AdminError,
  createEnvironment,
  listEnvironments,
  parseEnvironmentName,
  setMaintenance,
} from './environments.ts';

export interface CopyEnvironmentOptions {
  from: string;
  to: string;
  /** Replace every personal value by a consistent fake (anonymise/personal-columns.ts says which). */
  anonymise?: boolean;
  /** The anonymiser's seed: the same seed gives the same fakes. */
  seed?: number;
  /** After every batch: the table being copied, its rows so far and in all, and the rows of the whole copy. */
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyProgress {
  table: string;
  tableRows: number;
  tableTotal: number;
  rows: number;
  total: number;
}

export interface CopiedEnvironment {
  from: string;
  to: string;
  anonymised: boolean;
  seed: number | null;
  tables: number;
  rows: number;
  appConnectors: number;
  seconds: number;
}

/** Rows per read and per insert: big enough that statements are few, small enough to hold a wide table's batch. */
const BATCH = 1000;

/**
 * Copies environment `from` into a new environment `to` (its type from its name, language and Profit version from
 * the source). The App Connectors come along with their links; tokens, one-time-password credentials, the error
 * log and maintenance do not. While it fills, the target is in maintenance, so a running server answers 503 there.
 */
export async function copyEnvironment(runtime: Runtime, options: CopyEnvironmentOptions): Promise<CopiedEnvironment> {
  const started = Date.now();
  const { db } = runtime;
  const { from, to } = options;
  const source = (await listEnvironments(db)).find((e) => e.name === from);
  if (!source) throw new AdminError(`environment ${from} does not exist`, 'notFound');
  const target = parseEnvironmentName(to);
  if (!target)
    throw new AdminError(
      `environment name '${to}' must look like T12345AA (type letter O/T/A/C, 5-6 digits, 2 letters)`,
    );
  // Profit never pushes from test or accept to production: neither does a copy make production out of them.
  if (target.type === 'production' && source.type !== 'production')
    throw new AdminError(`a production environment is not made from a ${source.type} environment (${from})`);
  // The source's own definitions (or the server's, which it then serves): its tables are what is copied.
  const registry = await registryForEnvironment(runtime, from);
  // Refuses an existing target and a second environment of one type for one participant.
  await createEnvironment(db, registry, {
    name: to,
    language: source.language,
    profitVersion: source.profitVersion,
    isDefault: false,
  });
  try {
    await setMaintenance(db, to, { message: `being copied from ${from}`, retryAfter: 60 });
    await copyEnvironmentDefinitions(db, from, to);
    const seed = options.anonymise ? (options.seed ?? DEFAULT_ANONYMISE_SEED) : undefined;
    const copied = await copyData(runtime, registry, options, seed);
    const appConnectors = await copyAppConnectors(runtime, registry, from, to);
    await setMaintenance(db, to, undefined);
    return {
      from,
      to,
      anonymised: seed !== undefined,
      seed: seed ?? null,
      ...copied,
      appConnectors,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    const dropped = await dropEnvironment(runtime, to).then(
      () => `${to} was removed again`,
      (dropError: Error) => `removing ${to} failed as well (${dropError.message}): remove it by hand`,
    );
    throw new Error(`copying ${from} to ${to} failed: ${(error as Error).message}; ${dropped}`, { cause: error });
  }
}

async function copyData(
  runtime: Runtime,
  registry: Registry,
  options: CopyEnvironmentOptions,
  seed: number | undefined,
): Promise<{ tables: number; rows: number }> {
  const { db } = runtime;
  const sourceSchema = await db.environmentSchema(options.from);
  const targetSchema = await db.environmentSchema(options.to);
  const tables = [...registry.tables.values()];
  const anonymiser = seed === undefined ? undefined : new Anonymiser(seed);
  const personal = anonymiser ? personalColumns(registry) : undefined;

  const totals = new Map<string, number>();
  for (const table of tables) {
    const row = await db.kysely
      .withSchema(sourceSchema)
      .selectFrom(table.name)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    totals.set(table.name, Number(row.n));
  }
  const total = [...totals.values()].reduce((a, b) => a + b, 0);

  // Loading without the indexes and making them once at the end is several times faster than keeping them.
  await dropEnvironmentIndexes(db, options.to, tables);
  let rows = 0;
  for (const table of tables) {
    const tableTotal = totals.get(table.name)!;
    // The target's own rows (the GetConnector list environments are made with) give way to the source's.
    await db.kysely.withSchema(targetSchema).deleteFrom(table.name).execute();
    if (tableTotal === 0) continue;
    const columns = table.columns.map((c) => c.name);
    const kinds = personal?.get(table.name) ?? new Map<string, PersonalKind>();
    const mapping = await fewValueMapping(db, sourceSchema, table, kinds, anonymiser);
    if (mapping) {
      // The database copies the rows itself (both schemas are on one connection), each personal column of few
      // values (audit stamps: a handful of users) through a CASE of its originals and fakes: no row passes
      // through this process.
      const names = sql.join(columns.map((c) => sql.id(c)));
      const values = sql.join(
        columns.map((c) => {
          const pairs = mapping.get(c);
          if (!pairs || pairs.length === 0) return sql.id(c);
          const whens = sql.join(
            pairs.map(([original, fake]) => sql`when ${original} then ${fake}`),
            sql` `,
          );
          return sql`case ${sql.id(c)} ${whens} else ${sql.id(c)} end`;
        }),
      );
      const copied = await sql`insert into ${sql.id(targetSchema, table.name)} (${names})
        select ${values} from ${sql.id(sourceSchema, table.name)}`.execute(db.kysely);
      rows += Number(copied.numAffectedRows ?? tableTotal);
      options.onProgress?.({ table: table.name, tableRows: tableTotal, tableTotal, rows, total });
    } else {
      const anonymise = rowAnonymiser(table, columns, kinds, anonymiser!)!;
      const read = db.kysely.withSchema(sourceSchema).selectFrom(table.name).select(columns).compile();
      let tableRows = 0;
      for await (const batch of db.stream(read, BATCH)) {
        for (const row of batch) anonymise(row);
        await db.insertBatch(targetSchema, table, columns, batch);
        tableRows += batch.length;
        rows += batch.length;
        options.onProgress?.({ table: table.name, tableRows, tableTotal, rows, total });
      }
    }
    await syncAutoNumber(db, targetSchema, table, columns);
  }
  await copyCounters(runtime, sourceSchema, targetSchema);
  await createEnvironmentTables(db, options.to, tables);
  return { tables: tables.length, rows };
}

/** A personal column with at most this many distinct values is mapped by the database (a CASE of bound pairs). */
const FEW_VALUES = 500;

/**
 * Originals and fakes of each personal column of a table when every one of them has few distinct values (an empty
 * map when it has none): the table can then be copied by one statement. Undefined when a column has many (names,
 * e-mail addresses) or holds bytes: its rows go through this process.
 */
async function fewValueMapping(
  db: Runtime['db'],
  schema: string,
  table: TableDefinition,
  kinds: ReadonlyMap<string, PersonalKind>,
  anonymiser: Anonymiser | undefined,
): Promise<Map<string, [unknown, unknown][]> | undefined> {
  const mapping = new Map<string, [unknown, unknown][]>();
  if (!anonymiser) return mapping;
  const personal = table.columns.filter((c) => kinds.has(c.name));
  // Before any query: a file goes through this process however few its values, so counting them is wasted.
  if (personal.some((c) => c.type === 'blob')) return undefined;
  for (const column of personal) {
    const { name } = column;
    const kind = kinds.get(name)!;
    const originals = await db.kysely
      .withSchema(schema)
      .selectFrom(table.name)
      .select(name)
      .distinct()
      .where(name, 'is not', null)
      .limit(FEW_VALUES + 1)
      .execute();
    if (originals.length > FEW_VALUES) return undefined;
    mapping.set(
      name,
      originals
        .map((row) => row[name] as unknown)
        .map((original): [unknown, unknown] => [original, anonymiser.fake(kind, original, column.length)])
        .filter(([original, fake]) => fake !== original),
    );
  }
  return mapping;
}

/** The numbering counters (write/numbering.ts), so that new keys of the copy continue after the copied ones. */
async function copyCounters(runtime: Runtime, sourceSchema: string, targetSchema: string): Promise<void> {
  const { db } = runtime;
  const counters = await db.kysely.withSchema(sourceSchema).selectFrom(NUMBERING_TABLE).selectAll().execute();
  await db.kysely.withSchema(targetSchema).deleteFrom(NUMBERING_TABLE).execute();
  if (counters.length > 0)
    await db.kysely.withSchema(targetSchema).insertInto(NUMBERING_TABLE).values(counters).execute();
}

/**
 * The source's App Connectors with their links and authentication modes, and the environment's classic-token dates:
 * settings. No tokens, OAuth clients, users' passwords or codes: a copy must not open with production's credentials.
 */
async function copyAppConnectors(runtime: Runtime, registry: Registry, from: string, to: string): Promise<number> {
  const sys = runtime.db.kysely.withSchema(runtime.db.systemSchema);
  const dates = await sys.selectFrom('classic_token_dates').selectAll().where('environment', '=', from).execute();
  for (const row of dates)
    await sys
      .insertInto('classic_token_dates')
      .values({ ...row, environment: to })
      .execute();
  const appConnectors = await listAppConnectors(runtime.db, from);
  for (const source of appConnectors) {
    let copy = await createAppConnector(runtime.db, {
      environment: to,
      name: source.name,
      description: source.description,
      ipAllowlist: source.ipAllowlist ?? undefined,
    });
    if (source.getConnectors.length > 0)
      copy = await linkConnectors(runtime.db, registry, copy, 'get', source.getConnectors);
    if (source.updateConnectors.length > 0)
      await linkConnectors(runtime.db, registry, copy, 'update', source.updateConnectors);
    const mode = await authModeOf(runtime.db, source.id);
    if (mode !== 'classic') await setAuthMode(runtime.db, to, source.name, mode);
  }
  return appConnectors.length;
}

/**
 * Removes an environment whole: its record, definitions, maintenance flag, App Connectors with links and tokens,
 * its data.
 */
async function dropEnvironment(runtime: Runtime, name: string): Promise<void> {
  const { db } = runtime;
  await db.kysely.transaction().execute(async (trx) => {
    const sys = trx.withSchema(db.systemSchema);
    const ids = (await sys.selectFrom('app_connectors').select('id').where('environment', '=', name).execute()).map(
      (r) => r.id,
    );
    if (ids.length > 0) {
      await sys.deleteFrom('app_connector_links').where('app_connector_id', 'in', ids).execute();
      await sys.deleteFrom('tokens').where('app_connector_id', 'in', ids).execute();
      await sys.deleteFrom('otp_credentials').where('app_connector_id', 'in', ids).execute();
      await sys.deleteFrom('app_connector_auth').where('app_connector_id', 'in', ids).execute();
      await sys.deleteFrom('oauth_tokens').where('app_connector_id', 'in', ids).execute();
      await sys.deleteFrom('oauth_clients').where('app_connector_id', 'in', ids).execute();
    }
    await sys.deleteFrom('oauth_users').where('environment', '=', name).execute();
    await sys.deleteFrom('classic_token_dates').where('environment', '=', name).execute();
    await sys.deleteFrom('app_connectors').where('environment', '=', name).execute();
    await sys.deleteFrom('maintenance').where('environment', '=', name).execute();
    await sys.deleteFrom('environment_definitions').where('environment', '=', name).execute();
    await sys.deleteFrom('environments').where('name', '=', name).execute();
  });
  await db.dropEnvironmentSchema(name);
}
