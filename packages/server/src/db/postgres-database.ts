// PostgreSQL behind the Database interface: one pg pool shared by Kysely and streamed reads (server-side cursors),
// one schema per environment. Type parsers keep dates as AFAS-style text and numerics as numbers.

import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { type RowRendering, renderBatch, renderBatches } from '../read/row-renderer.ts';
import type { BoundQuery, Database } from './database.ts';
import { schemaNameOf } from './database.ts';
import { postgresDialect } from './dialect.ts';
import { PipeliningPostgresDialect } from './postgres-driver.ts';
import { postgresTextReads } from './postgres-text-reads.ts';

const SYSTEM_SCHEMA = 'appconnector';

// `2020-03-22 10:00:00.123` -> `2020-03-22T10:00:00.123`: the same text SQLite stores, so rendering is shared.
// PostgreSQL drops trailing zeros of the fraction (`.73` for 730 ms): padded back to the stored three digits.
const dateText = (value: string) =>
  value.replace(' ', 'T').replace(/\.(\d{1,2})$/, (_match, fraction: string) => `.${fraction.padEnd(3, '0')}`);
const typeParsers: Record<number, (value: string) => unknown> = {
  1114: dateText, // timestamp
  1082: (value) => `${value}T00:00:00`, // date
  1700: Number, // numeric
  20: Number, // int8 (counts); ids are int4
};
const types = {
  getTypeParser(oid: number, format?: string) {
    return typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Statements kept prepared per connection at most; texts past this many run unprepared. */
const MAX_PREPARED = 4000;
const NAMED = Symbol('appconnector.named-statements');

/**
 * Makes a pooled client run the texts in `names` as named (prepared) statements: pg parses a name's text once per
 * connection and later only binds. Kysely passes plain text; the baseline of the write benchmark prepares its two
 * inserts, and parsing and planning each insert again cost PostgreSQL CPU the server's writes did not have to spend.
 */
function withNamedStatements(client: pg.PoolClient, names: ReadonlyMap<string, string>): pg.PoolClient {
  const marked = client as pg.PoolClient & { [NAMED]?: true };
  if (marked[NAMED]) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (first: unknown, ...rest: unknown[]) => {
    const name = typeof first === 'string' ? names.get(first) : undefined;
    if (name === undefined || !Array.isArray(rest[0])) return query(first, ...rest);
    return query({ name, text: first, values: rest[0] }, ...rest.slice(1));
  };
  marked[NAMED] = true;
  return client;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types,
    // Row texts written by the backend (read/postgres-row-text.ts) hold decimals as float8's shortest text, which it
    // writes only where extra_float_digits is above 0 (PostgreSQL 12 and later default to 1; a server may set 0).
    // pg-pool waits for this before it hands a new connection out.
    onConnect: async (client) => {
      await client.query('set extra_float_digits = 1');
    },
  });
  // An idle session can die under the pool (a restart, an administrator's kill): pg-pool drops it and opens another
  // on the next checkout; without a listener the 'error' event would take the whole server down.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL: an idle connection was closed (${error.message})`);
  });
  // A marked value's text goes through the parser pg would have run on it: numeric's (int8's is the same), timestamp's.
  const textReads = postgresTextReads({ n: typeParsers[1700]!, d: typeParsers[1114]! });
  const statementNames = new Map<string, string>();
  const namingPool = {
    connect: async () => withNamedStatements(await pool.connect(), statementNames),
    end: () => pool.end(),
  };
  const kysely = new Kysely({ dialect: new PipeliningPostgresDialect(namingPool) });
  // Numbering counters: a pool of their own (a write holding a connection of the main pool must never wait for a
  // second one), committing without waiting for the disk: a later commit that used a number flushes the WAL up to
  // and past the counter's, so no number can be handed out again after a crash.
  const counterPool = new pg.Pool({ connectionString: url, max: 2, types });
  counterPool.on('error', (error) => {
    process.emitWarning(`PostgreSQL: an idle numbering connection was closed (${error.message})`);
  });
  counterPool.on('connect', (client) => {
    client.query('set synchronous_commit = off').catch(() => {});
  });
  const counters = new Kysely({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => withNamedStatements(await counterPool.connect(), statementNames),
        end: () => counterPool.end(),
      },
    }),
  });
  const ensured = new Set<string>();
  const closing: (() => Promise<void>)[] = [];

  return {
    dialect: postgresDialect,
    kysely,
    // Each write has a pooled connection of its own; PostgreSQL itself groups commits that meet at the log.
    writeTransaction: (work) => kysely.transaction().execute(work),
    lookups: kysely,
    counters,
    prepareOften(text) {
      if (!statementNames.has(text) && statementNames.size < MAX_PREPARED)
        statementNames.set(text, `ac_${statementNames.size + 1}`);
    },
    systemSchema: SYSTEM_SCHEMA,
    description: redact(url),
    async environmentSchema(environment) {
      const schema = schemaNameOf(environment);
      if (!ensured.has(schema)) {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
        ensured.add(schema);
      }
      return schema;
    },
    async dropEnvironmentSchema(environment) {
      const schema = schemaNameOf(environment);
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(kysely);
      ensured.delete(schema);
    },
    async *stream(query: BoundQuery, batchSize: number) {
      const client = await pool.connect();
      const cursor = client.query(new Cursor(query.sql, query.parameters as unknown[], { rowMode: 'array' }));
      const read = () => {
        const next = cursor.read(batchSize) as Promise<unknown[][]>;
        // Awaited later (or in finally): a failure while the caller still works on a batch must not go unhandled.
        next.catch(() => {});
        return next;
      };
      let failed = false;
      let ahead: Promise<unknown[][]> | undefined = read();
      try {
        for (;;) {
          const rows = await ahead;
          ahead = undefined;
          if (rows.length === 0) break;
          // Ask for the next batch before handing this one out: PostgreSQL produces it (on a core of its own) while
          // the caller renders and writes this one, instead of each waiting for the other.
          if (rows.length === batchSize) ahead = read();
          yield rows;
          if (ahead === undefined) break;
        }
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        // A caller that stops early leaves a read in flight: let it land before the cursor is closed.
        if (ahead)
          await ahead.catch(() => {
            failed = true;
          });
        await cursor.close().catch(() => {
          failed = true;
        });
        client.release(failed);
      }
    },
    streamRendered(query: BoundQuery, batchSize: number, rendering: RowRendering) {
      const text = textReads.of(query, rendering);
      if (!text) return renderBatches(this.stream(query, batchSize), rendering.renderRow);
      return text.batches(this.stream(text.query, batchSize), () =>
        renderBatches(this.stream(query, batchSize), rendering.renderRow),
      );
    },
    async readAllRendered(query: BoundQuery, rendering: RowRendering) {
      const text = textReads.of(query, rendering);
      if (!text) return renderBatch(await this.readAll(query), rendering.renderRow);
      return text.batch(
        () => this.readAll(text.query),
        async () => renderBatch(await this.readAll(query), rendering.renderRow),
      );
    },
    async readAll(query: BoundQuery) {
      // pool.query checks a connection out for this one statement (its own snapshot, no transaction left open).
      // Named, so each connection parses and plans a chunk's text once, not once per chunk (~7 ms for a wide join).
      let name = statementNames.get(query.sql);
      if (name === undefined && statementNames.size < MAX_PREPARED) {
        name = `ac_${statementNames.size + 1}`;
        statementNames.set(query.sql, name);
      }
      const result = await pool.query({
        name,
        text: query.sql,
        values: query.parameters as unknown[],
        rowMode: 'array',
      });
      return result.rows as unknown[][];
    },
    async insertBatch(schema, table, columns, rows) {
      if (rows.length === 0) return;
      // One array parameter per column, unnested: any number of rows in one short statement.
      const types = columns.map((name) => {
        const column = table.columns.find((c) => c.name === name);
        if (!column) throw new Error(`table '${table.name}' has no column '${name}'`);
        return postgresDialect.columnType(column);
      });
      const names = columns.map((c) => `"${c}"`).join(', ');
      const arrays = columns.map((_, index) => rows.map((row) => row[index]));
      const unnest = types.map((type, index) => `$${index + 1}::${type}[]`).join(', ');
      const client = await pool.connect();
      try {
        await client.query('begin');
        // Bulk loads (the demo) need not wait for the disk at every batch.
        await client.query('set local synchronous_commit = off');
        await client.query(
          `insert into "${schema}"."${table.name}" (${names}) select * from unnest(${unnest})`,
          arrays,
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async createSystemSchema() {
      await sql`create schema if not exists ${sql.id(SYSTEM_SCHEMA)}`.execute(kysely);
    },
    beforeClose(task) {
      closing.push(task);
    },
    async close() {
      for (const task of closing.splice(0)) await task();
      await counters.destroy();
      await kysely.destroy();
    },
  };
}
