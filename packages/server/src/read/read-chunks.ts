// Executor of long reads (more rows than one answer piece): bounded chunks in a total order, each one statement run
// to its end, the next starting after the last row of the one before (keyset). Between chunks nothing is held.

import type { Database } from '../db/database.ts';
import type { ReadPlan } from './read-plan.ts';
import { compileRead, orderTerms } from './read-sql.ts';

/**
 * Rows per chunk. Each chunk is a statement of its own (a seek into the order's index) and lives in memory while it
 * is rendered, and while a slow client takes it in. Chunks of 2000 rows lived long enough to reach V8's old
 * generation, where they piled up until a full collection (peak RSS of a 100,000-row export 183 -> 289 MB).
 */
export const CHUNK_ROWS = 1000;

/**
 * The rows of a read, chunk by chunk. A chunk is read whole and its connection given back before it is yielded, so
 * a client that stalls holds rows in memory, never a connection, a transaction or a snapshot (SQLite's WAL and
 * PostgreSQL's vacuum are not held back). One chunk is read ahead while the caller renders the one before.
 * Each row carries the values of its order after the fields (the renderer reads only the fields).
 */
export async function* readInChunks(
  db: Database,
  schema: string,
  plan: ReadPlan,
  chunkRows = CHUNK_ROWS,
): AsyncGenerator<unknown[][]> {
  const width = plan.connector.fields.length;
  // Order values come back as the database gives them; dates go back in as the dialect binds them.
  const binders = orderTerms(db, plan, true).map((term) =>
    term.field?.dataType === 'date' ? (value: unknown) => db.dialect.bindDate(value as string) : undefined,
  );
  let remaining = plan.limit ?? Number.POSITIVE_INFINITY;
  const fetch = (offset: number, after: unknown[] | undefined) => {
    const limit = Math.min(chunkRows, remaining);
    const query = compileRead(db, schema, plan, { limit, offset, after });
    const rows = db.readAll(query);
    // Awaited later (or never, when the caller stops): a failure must not go unhandled meanwhile.
    rows.catch(() => {});
    return { rows, limit };
  };
  let next: { rows: Promise<unknown[][]>; limit: number } | undefined = fetch(plan.offset, undefined);
  while (next) {
    const rows = await next.rows;
    const full = rows.length === next.limit;
    remaining -= rows.length;
    next = undefined;
    if (full && remaining > 0) {
      const last = rows[rows.length - 1]!;
      const after = binders.map((bind, i) => {
        const value = last[width + i];
        return value === null || bind === undefined ? value : bind(value);
      });
      next = fetch(0, after);
    }
    if (rows.length > 0) yield rows;
  }
}
