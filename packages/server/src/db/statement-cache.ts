// SQL text per statement shape, for statements run on every call (writes, the token look-up). Building and compiling
// a Kysely query took a third of the server's time under single-element writes (npm run bench, KnPerson); the text
// of a shape (table, columns, which conditions are null) never changes, so it is compiled once and later calls only
// bind their values.

import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { type Database, deferrable } from './database.ts';
import { databaseCache } from './database-cache.ts';

const TEXTS = databaseCache<string>(2000);

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((value, i) => {
    const other = b[i];
    if (Buffer.isBuffer(value) && Buffer.isBuffer(other)) return value.equals(other);
    return Object.is(value, other);
  });
}

/**
 * Runs a statement of the given shape with these parameters. The first call of a shape builds it with Kysely and
 * keeps its text only when Kysely bound exactly `parameters` in that order, so a shape that binds differently is
 * never cached, just built each time.
 */
export async function runShaped<R>(
  db: Database,
  // biome-ignore lint/suspicious/noExplicitAny: tables come from definitions at run time, not from TypeScript types
  trx: Kysely<any>,
  shape: string,
  parameters: readonly unknown[],
  // A query builder, or raw SQL (which compiles against the executor it is given).
  // biome-ignore lint/suspicious/noExplicitAny: any executor compiles the same text
  build: () => { compile(executor: Kysely<any>): CompiledQuery<unknown> },
  /** The caller does not read the result: see `deferrable` (db/database.ts). */
  options: { deferrable?: boolean } = {},
): Promise<QueryResult<R>> {
  const text = TEXTS.get(db, shape);
  let query: CompiledQuery<unknown>;
  if (text !== undefined) query = CompiledQuery.raw(text, [...parameters]);
  else {
    query = build().compile(trx);
    if (same(query.parameters, parameters)) {
      TEXTS.set(db, shape, query.sql);
      db.prepareOften?.(query.sql);
    }
  }
  if (options.deferrable) deferrable(query);
  return trx.executeQuery<R>(query as CompiledQuery<R>);
}
