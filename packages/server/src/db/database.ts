// The database handle every other module uses: a Kysely instance for building and running queries, the dialect's
// capabilities, per-environment schemas, and a batched row stream for reads. db/open-database.ts opens one.

import type { CompiledQuery, Kysely } from 'kysely';
import type { TableDefinition } from '../definitions/schema.ts';
import type { RowRendering } from '../read/row-renderer.ts';
import type { SqlDialect } from './dialect.ts';

/**
 * Rows rendered as the text of an answer (read/row-renderer.ts): their JSON texts, each after a comma (the answer
 * drops its first), in pieces (text or UTF-8 bytes), with the last row as the database gave it (its fields, then the
 * values of its order: where a keyset read goes on). `last` is undefined when there are no rows.
 */
export interface RenderedRows {
  /** Iterated once, when the answer is written (rendering may happen then). */
  pieces: Iterable<string | Uint8Array>;
  count: number;
  last: unknown[] | undefined;
  /**
   * Where the pieces' bytes can be used again (an SQLite reader's buffers): called once they were written and are
   * read no more. Not calling it only costs a new buffer.
   */
  release?: () => void;
}

/** A compiled query: SQL text with placeholders and its bound values. */
export interface BoundQuery {
  sql: string;
  parameters: readonly unknown[];
  /**
   * A read's columns, where the read compiler made it: the fields as `c0`, `c1`, … and then `extra`. A database can
   * then write each row's text in SQL around it (read/postgres-row-text.ts).
   */
  columns?: { fields: number; extra: readonly string[] };
}

export interface Database {
  readonly dialect: SqlDialect;
  // biome-ignore lint/suspicious/noExplicitAny: tables come from definitions at run time, not from TypeScript types
  readonly kysely: Kysely<any>;
  /**
   * Runs one write's work in a transaction; settles once that is committed or rolled back. Where writes share one
   * connection (SQLite), writes that wait while one runs join its transaction, each in a savepoint of its own, and
   * commit together (db/write-group.ts); a failed one is rolled back to its savepoint alone.
   */
  // biome-ignore lint/suspicious/noExplicitAny: tables come from definitions at run time, not from TypeScript types
  writeTransaction<T>(work: (trx: Kysely<any>) => Promise<T>): Promise<T>;
  /**
   * Where small reads of committed rows run that every call makes (the token look-up): on SQLite a connection of its
   * own, so that a call is not queued behind the writes holding the writer connection and can join their group.
   */
  // biome-ignore lint/suspicious/noExplicitAny: tables come from definitions at run time, not from TypeScript types
  readonly lookups: Kysely<any>;
  /**
   * Where numbering counters are taken (write/numbering.ts): connections of their own on which each statement
   * commits at once, so writers do not wait for each other's commits. Undefined where writers are serial anyway
   * (SQLite): counters are then taken in the write's own transaction and roll back with it.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the environment's tables are not TypeScript types
  readonly counters?: Kysely<any>;
  /**
   * Marks SQL text that runs on every call (a statement shape of db/statement-cache.ts): PostgreSQL then keeps it
   * prepared on each connection instead of parsing and planning it again. Absent where preparing is automatic.
   */
  prepareOften?(text: string): void;
  /** Where the server's own tables (environments, App Connectors, tokens, logs) live. */
  readonly systemSchema: string;
  /** A description safe to print (no password). */
  readonly description: string;
  /** The schema holding one environment's data; created (or attached) on first use. */
  environmentSchema(environment: string): Promise<string>;
  /** Drops an environment's schema and its data. */
  dropEnvironmentSchema(environment: string): Promise<void>;
  /**
   * Runs a read and yields its rows as arrays (columns in select order), in batches, holding a connection only
   * while it runs: the executor stage of the read pipeline.
   */
  stream(query: BoundQuery, batchSize: number): AsyncIterable<unknown[][]>;
  /**
   * `stream`, with each batch rendered as answer text: on SQLite by the reader thread that read it, so the main
   * thread neither receives the values nor renders them; elsewhere on the main thread.
   */
  streamRendered(query: BoundQuery, batchSize: number, rendering: RowRendering): AsyncIterable<RenderedRows>;
  /** `readAll`, rendered as `streamRendered` renders. */
  readAllRendered(query: BoundQuery, rendering: RowRendering): Promise<RenderedRows>;
  /**
   * Where reads run on threads of their own (SQLite): one read as `stripes.length` statements at once, each a stripe
   * of its rows in blocks (read/read-sql.ts, `Stripe`; the block of a row is its `column` divided by `blockSize`),
   * put back in block order. The stripes' SQL, their rows' values and rendering run on as many cores.
   */
  streamRenderedStriped?(
    stripes: readonly BoundQuery[],
    blocks: { column: number; size: number },
    rendering: RowRendering,
  ): AsyncIterable<RenderedRows>;
  /**
   * Runs a read to its end and returns its rows as arrays: one chunk of a long read (read/read-chunks.ts). The
   * connection, and with it any snapshot or transaction, is given back before the rows are, so no caller holds one
   * while its client takes its time.
   */
  readAll(query: BoundQuery): Promise<unknown[][]>;
  /**
   * Inserts many rows (values already converted for binding) into one table in one transaction, by the fastest
   * plain means of the database. Identifiers come from definitions; values are bound.
   */
  insertBatch(
    schema: string,
    table: TableDefinition,
    columns: readonly string[],
    rows: readonly unknown[][],
  ): Promise<void>;
  /** Registers work to run at close, before the connections go (numbers taken ahead go back to their counters). */
  beforeClose?(task: () => Promise<void>): void;
  /** Creates the schema of the server's own tables where the database has schemas. */
  createSystemSchema(): Promise<void>;
  close(): Promise<void>;
}

const DEFERRABLE = new WeakSet<CompiledQuery>();

/**
 * Marks a statement whose result the caller does not read. In a PostgreSQL transaction it is sent and not waited
 * for (db/postgres-driver.ts); should it fail, the next statement or the commit throws its error instead of its own.
 * Elsewhere it runs like any other.
 */
export function deferrable<T extends CompiledQuery>(query: T): T {
  DEFERRABLE.add(query);
  return query;
}

export function isDeferrable(query: CompiledQuery): boolean {
  return DEFERRABLE.has(query);
}

/** The schema name of an environment (`O12345AA` -> `env_o12345aa`); environment names are validated upstream. */
export function schemaNameOf(environment: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(environment)) throw new Error(`invalid environment name '${environment}'`);
  return `env_${environment.toLowerCase()}`;
}
