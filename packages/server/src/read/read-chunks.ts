// Executor of long reads (more rows than one answer piece), in a total order that can be resumed after any row
// (keyset): a statement held only while the client keeps up and for a few seconds at most, else bounded chunks.

import type { Database, RenderedRows } from '../db/database.ts';
import type { ReadPlan } from './read-plan.ts';
import { type ChunkPosition, compileRead, orderTerms, stripable } from './read-sql.ts';
import type { RowRendering } from './row-renderer.ts';

/**
 * Rows per chunk. Each chunk is a statement of its own (a seek into the order's index) and lives in memory while it
 * is rendered, and while a slow client takes it in. Chunks of 2000 rows lived long enough to reach V8's old
 * generation, where they piled up until a full collection (peak RSS of a 100,000-row export 183 -> 289 MB).
 */
export const CHUNK_ROWS = 1000;
export interface Holding {
  /** A held statement is given up when its reader has not come back for this long (a client that stalls). */
  idleMs: number;
  /**
   * ... and when it has given rows for this long (a slow client that never quite stalls); the next one starts anew.
   * Counted from its first rows, and at least `startupFactor` times what they took.
   */
  maxMs: number;
  /**
   * A plan that builds hash tables over every joined table and sorts before its first row (PostgreSQL at 1,000,000
   * employees: 7-11 s) must give rows for this many times that long to repay it; and a statement that started that
   * slowly is not opened again: the rest goes in chunks. Each restart paid the whole start again, and one that took
   * longer than `maxMs` gave up after its first batch: a 1,000,000-row export restarted every 250 rows.
   */
  startupFactor: number;
  /** Held statements at once per database: the rest read in chunks, so exports never take every connection. */
  concurrent: number;
  /**
   * Rows per batch of a held statement. Small, because a batch lives while the next is fetched (PostgreSQL fetches
   * one ahead): batches of 1000 rows were promoted to the old generation and piled up until a full GC (peak RSS of a
   * 1,000,000-row export on PostgreSQL 250 -> 152 MB at 250).
   */
  batch: number;
}

export const HOLDING: Holding = { idleMs: 1000, maxMs: 5000, startupFactor: 2, concurrent: 2, batch: 250 };

/**
 * Readers of one held read where the database has reader threads (SQLite), for a whole unsorted read only, and only
 * for the first read held at a time (the rest keep readers for pages). One reader thread read, rendered and encoded
 * at ~11.6 µs a row, the limit of a 1,000,000-row export (~75,000 rows/s) while the other core had little to do.
 */
export const STRIPES = 2;

/** The held statements of a read: one, or one per stripe merged back into order where the read allows. */
function heldBatches(
  db: Database,
  schema: string,
  plan: ReadPlan,
  position: ChunkPosition,
  rendering: RowRendering,
  holding: Holding,
  striped: boolean,
): AsyncIterable<RenderedRows> {
  if (!striped || !db.streamRenderedStriped)
    return db.streamRendered(compileRead(db, schema, plan, position), holding.batch, rendering);
  const stripes = Array.from({ length: STRIPES }, (_, index) =>
    compileRead(db, schema, plan, { ...position, stripe: { of: STRIPES, index, block: holding.batch } }),
  );
  // The key is selected right after the fields: the only order term of a stripable read.
  const blocks = { column: plan.connector.fields.length, size: holding.batch };
  return db.streamRenderedStriped(stripes, blocks, rendering);
}

const held = new WeakMap<Database, number>();

/**
 * The rows of a read, in batches rendered as answer text (`rendering`); the last row of each, as the database gave
 * it, has the values of its order after the fields, which is where the read goes on. While the caller keeps coming
 * back (a client that keeps up), one statement runs over the rest of the read: the database's own plan for all of it (hash joins on PostgreSQL; chunks with a limit walk the key index and
 * look every join up per row, ~40% slower). It is given up when the caller stays away for `idleMs` or when it has
 * given rows for `maxMs` (longer after a slow start: `startupFactor`), so a client holds a connection, transaction or
 * snapshot for a bounded time only. After a stall, or a statement that started slowly, the read goes on
 * in chunks: each read whole and its connection given back before it is yielded, one read ahead meanwhile, so a
 * client that stalls holds rows in memory only (SQLite's WAL and PostgreSQL's vacuum are not held back).
 */
export async function* readInChunks(
  db: Database,
  schema: string,
  plan: ReadPlan,
  rendering: RowRendering,
  chunkRows = CHUNK_ROWS,
  holding: Holding = HOLDING,
): AsyncGenerator<RenderedRows> {
  const width = plan.connector.fields.length;
  // Order values come back as the database gives them; dates go back in as the dialect binds them.
  const binders = orderTerms(db, plan, true).map((term) =>
    term.field?.dataType === 'date' ? (value: unknown) => db.dialect.bindDate(value as string) : undefined,
  );
  const positionOf = (row: unknown[]) =>
    binders.map((bind, i) => {
      const value = row[width + i];
      return value === null || bind === undefined ? value : bind(value);
    });
  let remaining = plan.limit ?? Number.POSITIVE_INFINITY;
  let offset = plan.offset;
  let after: unknown[] | undefined;

  // Held statements while the caller keeps up, each over the rest of the read.
  let stalled = false;
  let slowStart = false;
  while (!stalled && !slowStart && remaining > 0 && (held.get(db) ?? 0) < holding.concurrent) {
    const striped = (held.get(db) ?? 0) === 0 && stripable(db, plan);
    held.set(db, (held.get(db) ?? 0) + 1);
    const limit = Number.isFinite(remaining) ? remaining : Number.MAX_SAFE_INTEGER;
    const position = { limit, offset, after };
    const batches = heldBatches(db, schema, plan, position, rendering, holding, striped)[Symbol.asyncIterator]();
    const opened = Date.now();
    /** Until when the statement may give rows, set at its first rows. */
    let endsAt: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let given: Promise<unknown> | undefined;
    const giveUp = () => {
      given ??= Promise.resolve(batches.return?.()).catch(() => {});
      return given;
    };
    try {
      for (;;) {
        const next = await batches.next();
        if (next.done) return;
        const batch = next.value;
        if (endsAt === undefined) {
          const startup = Date.now() - opened;
          endsAt = Date.now() + Math.max(holding.maxMs, holding.startupFactor * startup);
          slowStart = holding.startupFactor * startup > holding.maxMs;
        }
        remaining -= batch.count;
        offset = 0;
        after = positionOf(batch.last!);
        // A caller that does not come back soon has a client that stalled: the statement goes meanwhile.
        timer = setTimeout(() => {
          stalled = true;
          void giveUp();
        }, holding.idleMs);
        yield batch;
        clearTimeout(timer);
        if (remaining <= 0) return;
        if (stalled || Date.now() >= endsAt) break;
      }
    } finally {
      clearTimeout(timer);
      await giveUp();
      held.set(db, (held.get(db) ?? 1) - 1);
    }
  }

  // Chunks, each read whole before it is yielded.
  const fetch = (from: unknown[] | undefined) => {
    const limit = Math.min(chunkRows, remaining);
    const rows = db.readAllRendered(compileRead(db, schema, plan, { limit, offset, after: from }), rendering);
    offset = 0;
    // Awaited later (or never, when the caller stops): a failure must not go unhandled meanwhile.
    rows.catch(() => {});
    return { rows, limit };
  };
  let next: { rows: Promise<RenderedRows>; limit: number } | undefined = remaining > 0 ? fetch(after) : undefined;
  while (next) {
    const rows = await next.rows;
    const full = rows.count === next.limit;
    remaining -= rows.count;
    next = undefined;
    if (full && remaining > 0) next = fetch(positionOf(rows.last!));
    if (rows.count > 0) yield rows;
  }
}
