// Numbers for sequence keys (BcCo, order numbers, line numbers within an order): one counter row per scope in the
// environment's ac_numbering table, taken with one upsert, several numbers at once for a write that needs several.
// On PostgreSQL the upsert runs on a connection of its own that commits at once, so writers never wait for each
// other's commits (8 connections wrote one at a time while a lock kept numbers gap-free until commit); numbers a
// write did not use, or took and then failed, go back when nobody took numbers after them, else stay unused as with
// a database sequence. On SQLite, where writers are serial anyway, the counter is taken inside the write and rolls
// back with it.

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { runShaped } from '../db/statement-cache.ts';

export const NUMBERING_TABLE = 'ac_numbering';

// biome-ignore lint/suspicious/noExplicitAny: the environment's tables are not TypeScript types
type Executor = Kysely<any>;

export interface TakenNumber {
  value: number;
  /** Codes kept as text are padded with zeros to this width (that of the largest code when the counter began). */
  width: number;
}

/** Creates the counter table of an environment schema (idempotent). */
export async function createNumberingTable(db: Database, schema: string): Promise<void> {
  await sql`create table if not exists ${sql.id(schema, NUMBERING_TABLE)} (
    scope text primary key,
    next_value bigint not null,
    width integer not null
  )`.execute(db.kysely);
}

/** Whether a number was ever taken from the counter of a scope. */
export async function counterExists(db: Database, trx: Executor, schema: string, scope: string): Promise<boolean> {
  const result = await runShaped(
    db,
    db.counters ?? trx,
    `counter exists ${schema}`,
    [scope],
    () => sql`select 1 as found from ${sql.id(schema, NUMBERING_TABLE)} where scope = ${scope}`,
  );
  return result.rows.length > 0;
}

/** What to take from a counter: `count` numbers, the first at least `floor`, codes at least `width` wide. */
export interface NumberRequest {
  floor: number;
  width: number;
  count: number;
}

/** A counter and where its statements run. */
interface Counter {
  db: Database;
  executor: Executor;
  schema: string;
  scope: string;
}

/** Requests for numbers of one counter, waiting for the take in flight to finish; they go together in the next. */
interface CounterQueue {
  waiting: { count: number; resolve(taken: TakenNumber): void; reject(error: unknown): void }[];
}

const QUEUES = new WeakMap<Database, Map<string, CounterQueue>>();

/**
 * Takes `count` consecutive numbers of a scope, the first at least `floor` (the largest stored code + 1 after a
 * scan, else 1), and answers the first. Never hands out a number twice, whichever replica asks: the upsert holds the
 * counter row only for its own statement.
 *
 * Where counters commit on their own connection (PostgreSQL), the plain requests (no floor) of concurrent writes
 * share upserts: while one upsert of a counter runs, the requests that arrive wait and then go as one, each getting
 * its own consecutive run of the numbers taken. Under load that is one statement for several writes instead of one
 * each; alone, a request goes at once as before.
 */
export function takeNumbers(
  db: Database,
  trx: Executor,
  schema: string,
  scope: string,
  request: NumberRequest,
): Promise<TakenNumber> {
  const counter: Counter = { db, executor: db.counters ?? trx, schema, scope };
  if (!db.counters || request.floor !== 1 || request.width !== 0) return upsertCounter(counter, request);
  const queues = QUEUES.get(db) ?? new Map<string, CounterQueue>();
  QUEUES.set(db, queues);
  const key = `${schema}\u0000${scope}`;
  let queue = queues.get(key);
  const idle = queue === undefined;
  if (!queue) {
    queue = { waiting: [] };
    queues.set(key, queue);
  }
  const taken = new Promise<TakenNumber>((resolve, reject) => {
    queue.waiting.push({ count: request.count, resolve, reject });
  });
  if (idle) void drain(counter, queue, () => queues.delete(key));
  return taken;
}

/** Runs the upserts of a counter's queue one after the other, each for every request waiting, until none wait. */
async function drain(counter: Counter, queue: CounterQueue, done: () => void): Promise<void> {
  while (queue.waiting.length > 0) {
    const group = queue.waiting.splice(0);
    const count = group.reduce((sum, request) => sum + request.count, 0);
    try {
      const taken = await upsertCounter(counter, { floor: 1, width: 0, count });
      let next = taken.value;
      for (const request of group) {
        request.resolve({ value: next, width: taken.width });
        next += request.count;
      }
    } catch (error) {
      for (const request of group) request.reject(error);
    }
  }
  done();
}

async function upsertCounter(counter: Counter, request: NumberRequest): Promise<TakenNumber> {
  const { db, executor, schema, scope } = counter;
  const { floor, width, count } = request;
  const parameters = [scope, floor + count, width, count, count, count, count];
  const result = await runShaped<{ taken: number | string; width: number }>(
    db,
    executor,
    `take numbers ${schema}`,
    parameters,
    () => sql`insert into ${sql.id(schema, NUMBERING_TABLE)}
      as counter (scope, next_value, width) values (${scope}, ${floor + count}, ${width})
      on conflict (scope) do update set
        next_value = case when counter.next_value > excluded.next_value - ${count}
          then counter.next_value else excluded.next_value - ${count} end + ${count},
        width = case when counter.width > excluded.width then counter.width else excluded.width end
      returning next_value - ${count} as taken, width`,
  );
  const row = result.rows[0];
  if (!row) throw new Error(`numbering: no counter returned for '${scope}'`);
  return { value: Number(row.taken), width: Number(row.width) };
}

/**
 * Hands numbers `from` up to `end` back to the counter, when nobody took numbers after them (the counter still
 * stands at `end`): the numbers a write reserved and did not use, or all of them when it failed.
 */
export async function giveBackNumbers(
  db: Database,
  trx: Executor,
  schema: string,
  scope: string,
  from: number,
  end: number,
): Promise<void> {
  await runShaped(
    db,
    db.counters ?? trx,
    `give back numbers ${schema}`,
    [from, scope, end],
    () =>
      sql`update ${sql.id(schema, NUMBERING_TABLE)} set next_value = ${from} where scope = ${scope} and next_value = ${end}`,
  );
}
