// SQLite behind the Database interface: one writer connection for Kysely, reader threads for streamed reads
// (db/sqlite-readers.ts; WAL lets them run beside writes), one attached file per environment.

import { mkdirSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { RowRendering } from '../read/row-renderer.ts';
import type { BoundQuery, Database } from './database.ts';
import { schemaNameOf } from './database.ts';
import { sqliteDialect } from './dialect.ts';
import { BUSY_TIMEOUT_MS, fold, STATEMENT_CACHE } from './sqlite-read-worker.ts';
import { sqliteReaders } from './sqlite-readers.ts';
import { groupCommits } from './write-group.ts';

type Connection = BetterSqlite3.Database;

export function openSqlite(file: string): Database {
  if (file === '' || file === ':memory:') {
    throw new Error('SQLite needs a file (readers and writer share it); use a temporary file instead of :memory:');
  }
  mkdirSync(dirname(file), { recursive: true });
  const { dir, name } = parse(file);
  const environmentFile = (schema: string) => join(dir, `${name}.${schema}.sqlite`);
  const attached = new Set<string>();
  /** Per schema, the writer's attach of its file (under Kysely's hold on the writer, so it may still be waiting). */
  const writerAttaching = new Map<string, Promise<void>>();

  const connect = (): Connection => {
    const connection = new BetterSqlite3(file);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    connection.function('ac_fold', { deterministic: true }, fold);
    return connection;
  };
  const attachAll = (connection: Connection, known: Set<string>) => {
    for (const schema of attached) {
      if (known.has(schema)) continue;
      connection.prepare('attach database ? as ?').run(environmentFile(schema), schema);
      connection.pragma(`${schema}.journal_mode = WAL`);
      // Per schema: an attached file does not take main's setting (it stayed FULL, a sync at every commit).
      connection.pragma(`${schema}.synchronous = NORMAL`);
      known.add(schema);
    }
  };

  const writer = connect();
  const writerAttached = new Set<string>();
  // Kysely prepares every statement anew, and preparing was ~14% of the server's time under a stream of small
  // writes (npm run bench, KnPerson): the writer hands Kysely its statements from a cache instead. Safe because
  // Kysely runs one statement at a time on this connection; a statement still iterating is not handed out twice.
  const writerStatements = new Map<string, BetterSqlite3.Statement>();
  const cachedWriter = {
    prepare(text: string): BetterSqlite3.Statement {
      const cached = writerStatements.get(text);
      if (cached && !cached.busy) return cached;
      const statement = writer.prepare(text);
      if (writerStatements.size >= STATEMENT_CACHE) writerStatements.clear();
      writerStatements.set(text, statement);
      return statement;
    },
    close: () => writer.close(),
  };
  const kysely = new Kysely({ dialect: new SqliteDialect({ database: cachedWriter }) });
  const writeTransaction = groupCommits(kysely, () => writer.inTransaction);
  // Work on the writer outside Kysely waits for Kysely's hold on it: a group of writes keeps its transaction open
  // across event-loop turns, and an attach or a batch must not run inside it.
  const exclusive = <T>(work: () => T): Promise<T> => kysely.connection().execute(async () => work());
  // Reads of the system tables only (main): nothing to attach.
  const lookups = new Kysely({ dialect: new SqliteDialect({ database: connect() }) });
  // Prepared once per table and column list; identifiers come from definitions (checked names only).
  const inserts = new Map<string, BetterSqlite3.Statement>();

  const readers = sqliteReaders(file, function* () {
    for (const schema of attached) yield [schema, environmentFile(schema)];
  });

  return {
    dialect: sqliteDialect,
    kysely,
    writeTransaction,
    lookups,
    systemSchema: 'main',
    description: `sqlite:${file}`,
    async environmentSchema(environment) {
      const schema = schemaNameOf(environment);
      // Every caller waits for the writer's attach, not only the first: a schema is named only once it is there.
      let attaching = writerAttaching.get(schema);
      if (!attaching) {
        attached.add(schema);
        attaching = exclusive(() => attachAll(writer, writerAttached)).catch((error: unknown) => {
          // Not attached: the next caller tries again.
          writerAttaching.delete(schema);
          attached.delete(schema);
          throw error;
        });
        writerAttaching.set(schema, attaching);
      }
      await attaching;
      return schema;
    },
    async dropEnvironmentSchema(environment) {
      const schema = schemaNameOf(environment);
      const target = await this.environmentSchema(environment);
      // SQLite's own tables (sqlite_sequence) cannot be dropped and hold no data of the environment.
      await exclusive(() => {
        const tables = writer
          .prepare(
            `select name from ${target}.sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`,
          )
          .pluck()
          .all();
        for (const table of tables as string[]) writer.exec(`drop table if exists "${schema}"."${table}"`);
      });
    },
    stream: (query: BoundQuery, batchSize: number) => readers.stream(query, batchSize),
    readAll: (query: BoundQuery) => readers.readAll(query),
    streamRendered: (query: BoundQuery, batchSize: number, rendering: RowRendering) =>
      readers.streamRendered(query, batchSize, rendering),
    readAllRendered: (query: BoundQuery, rendering: RowRendering) => readers.readAllRendered(query, rendering),
    streamRenderedStriped: (stripes, blocks, rendering) => readers.streamRenderedStriped(stripes, blocks, rendering),
    async insertBatch(schema, definition, columns, rows) {
      const table = definition.name;
      const key = `${schema}.${table}(${columns.join(',')})`;
      let statement = inserts.get(key);
      if (!statement) {
        const names = columns.map((c) => `"${c}"`).join(', ');
        statement = writer.prepare(
          `insert into "${schema}"."${table}" (${names}) values (${columns.map(() => '?').join(', ')})`,
        );
        inserts.set(key, statement);
      }
      const insert = statement;
      await exclusive(() =>
        writer.transaction((batch: readonly unknown[][]) => {
          for (const row of batch) insert.run(...row);
        })(rows),
      );
    },
    async createSystemSchema() {
      // The main database file is the system schema: nothing to create.
    },
    async close() {
      await kysely.destroy();
      await lookups.destroy();
      await readers.close();
    },
  };
}
