// Numbers for sequence keys (BcCo, order numbers, line numbers within an order): one counter row per scope in the
// environment's ac_numbering table, taken with one upsert, several numbers at once for a write that needs several.
// On PostgreSQL the upsert runs on a connection of its own that commits at once, so writers never wait for each
// other's commits (8 connections wrote one at a time while a lock kept numbers gap-free until commit); numbers a
// write did not use, or took and then failed, go back when nobody took numbers after them, else stay unused as with
// a database sequence; each process takes numbers ahead of need, as a sequence's cache does (NUMBERS_AHEAD). On
// SQLite, where writers are serial anyway, the counter is taken inside the write and rolls back with it.

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { runShaped } from '../db/statement-cache.ts';
import { NUMBERING_TABLE } from '../db/system-schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: the environment's tables are not TypeScript types
type Executor = Kysely<any>;

export interface TakenNumber {
  value: number;
  /** Codes kept as text are padded with zeros to this width (that of the largest code when the counter began). */
  width: number;
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

/**
 * Plain numbers (no floor) a server process takes ahead of need on PostgreSQL, per counter, like a sequence's cache:
 * one upsert then serves this many more writes. Under single-person writes with 8 connections the upsert per call
 * (coalesced as it was) held the server at 0.46-0.49 of the write baseline in single runs; taking ahead brought it
 * to 0.60 in a single run and 0.70 in a full run (npm run bench).
 */
export const NUMBERS_AHEAD = 32;

/** A request waiting for the counter, in the order writes asked. */
interface Waiting {
  request: NumberRequest;
  resolve(taken: TakenNumber): void;
  reject(error: unknown): void;
}

/** One counter as this process sees it: the requests waiting for it, and the numbers taken ahead. */
interface CounterState {
  waiting: Waiting[];
  draining: boolean;
  /** Numbers taken ahead and not handed out: `next` up to `end`. */
  spare: { next: number; end: number; width: number } | undefined;
}

const STATES = new WeakMap<Database, Map<string, CounterState>>();

function statesOf(db: Database): Map<string, CounterState> {
  let states = STATES.get(db);
  if (!states) {
    const created = new Map<string, CounterState>();
    states = created;
    STATES.set(db, created);
    // Numbers taken ahead go back when the server stops, where nobody took numbers after them.
    db.beforeClose?.(async () => {
      for (const [key, state] of created) {
        const [schema, scope] = key.split('\u0000') as [string, string];
        await giveBackSpare({ db, executor: db.counters!, schema, scope }, state).catch(() => {});
      }
    });
  }
  return states;
}

/** A request with a floor or a width follows a scan for the largest stored code: it cannot be served from spare. */
function hasFloor(request: NumberRequest): boolean {
  return request.floor !== 1 || request.width !== 0;
}

/**
 * Takes `count` consecutive numbers of a scope, the first at least `floor` (the largest stored code + 1 after a
 * scan, else 1), and answers the first. Never hands out a number twice, whichever replica asks: the upsert holds the
 * counter row only for its own statement.
 *
 * **Decision**: where counters commit on their own connection (PostgreSQL), plain requests (no floor) are served
 * from numbers this process took ahead (NUMBERS_AHEAD); when those run short, the requests that arrive while an
 * upsert runs wait and go together in the next one, each getting its own consecutive run. A process hands its numbers
 * out in the order writes ask; replicas each take runs of their own, so across replicas numbers interleave by run.
 * A request with a floor goes alone, and the numbers taken ahead are dropped (they may lie below stored codes).
 * Every upsert and give-back of one counter in a process runs one after the other (`drain`): a floor take that ran
 * beside an upsert taking numbers ahead left the counter past the end of the numbers taken ahead, so they could not
 * go back and later numbers jumped.
 */
export function takeNumbers(
  db: Database,
  trx: Executor,
  schema: string,
  scope: string,
  request: NumberRequest,
): Promise<TakenNumber> {
  const counter: Counter = { db, executor: db.counters ?? trx, schema, scope };
  if (!db.counters) return upsertCounter(counter, request);
  const states = statesOf(db);
  const key = `${schema}\u0000${scope}`;
  let state = states.get(key);
  if (!state) {
    state = { waiting: [], draining: false, spare: undefined };
    states.set(key, state);
  }
  if (!hasFloor(request)) {
    const ahead = fromSpare(state, request.count);
    if (ahead) return Promise.resolve(ahead);
  }
  const taken = new Promise<TakenNumber>((resolve, reject) => {
    state.waiting.push({ request, resolve, reject });
  });
  if (!state.draining) void drain(counter, state);
  return taken;
}

/** `count` consecutive numbers from those taken ahead, when enough are left. */
function fromSpare(state: CounterState, count: number): TakenNumber | undefined {
  const spare = state.spare;
  if (!spare || spare.end - spare.next < count) return undefined;
  const value = spare.next;
  spare.next += count;
  return { value, width: spare.width };
}

async function giveBackSpare(counter: Counter, state: CounterState): Promise<void> {
  const spare = state.spare;
  state.spare = undefined;
  if (spare && spare.next < spare.end)
    await giveBackToCounter(counter.db, counter.executor, counter.schema, counter.scope, spare.next, spare.end);
}

/**
 * Serves the waiting requests in order, one statement at a time, until none wait: plain requests from the numbers
 * taken ahead or together in one upsert; a request with a floor alone, after the numbers taken ahead went back to
 * the counter (where nobody took numbers after them) and were dropped: they may lie below codes stored meanwhile.
 */
async function drain(counter: Counter, state: CounterState): Promise<void> {
  state.draining = true;
  while (state.waiting.length > 0) {
    let group: Waiting[] = [];
    for (const waiting of state.waiting.splice(0)) {
      if (hasFloor(waiting.request)) {
        await takeTogether(counter, state, group);
        group = [];
        await settle([waiting], async () => {
          await giveBackSpare(counter, state);
          waiting.resolve(await upsertCounter(counter, waiting.request));
        });
        continue;
      }
      const ahead = fromSpare(state, waiting.request.count);
      if (ahead) waiting.resolve(ahead);
      else group.push(waiting);
    }
    await takeTogether(counter, state, group);
  }
  state.draining = false;
}

/** One upsert for plain requests, each getting its own consecutive run, and NUMBERS_AHEAD more kept as spare. */
async function takeTogether(counter: Counter, state: CounterState, group: readonly Waiting[]): Promise<void> {
  if (group.length === 0) return;
  const count = group.reduce((sum, waiting) => sum + waiting.request.count, 0);
  await settle(group, async () => {
    // What is left ahead is too short for these requests: back to the counter first, so that the numbers stay
    // consecutive (where nobody took numbers after them; else they stay unused).
    await giveBackSpare(counter, state);
    const taken = await upsertCounter(counter, { floor: 1, width: 0, count: count + NUMBERS_AHEAD });
    let next = taken.value;
    for (const waiting of group) {
      waiting.resolve({ value: next, width: taken.width });
      next += waiting.request.count;
    }
    state.spare = { next, end: next + NUMBERS_AHEAD, width: taken.width };
  });
}

/** Runs a counter statement for waiting requests; a failure rejects them, and the drain goes on with the rest. */
async function settle(group: readonly Waiting[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    for (const waiting of group) waiting.reject(error);
  }
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
 * Hands numbers `from` up to `end` back (the numbers a write reserved and did not use, or all of them when it
 * failed): to the numbers this process took ahead when they were the last handed out from them, else to the counter
 * when nobody took numbers after them (the counter still stands at `end`).
 */
export async function giveBackNumbers(
  db: Database,
  trx: Executor,
  schema: string,
  scope: string,
  from: number,
  end: number,
): Promise<void> {
  const spare = db.counters ? STATES.get(db)?.get(`${schema}\u0000${scope}`)?.spare : undefined;
  if (spare && spare.next === end) {
    spare.next = from;
    return;
  }
  await giveBackToCounter(db, db.counters ?? trx, schema, scope, from, end);
}

async function giveBackToCounter(
  db: Database,
  executor: Executor,
  schema: string,
  scope: string,
  from: number,
  end: number,
): Promise<void> {
  await runShaped(
    db,
    executor,
    `give back numbers ${schema}`,
    [from, scope, end],
    () =>
      sql`update ${sql.id(schema, NUMBERING_TABLE)} set next_value = ${from} where scope = ${scope} and next_value = ${end}`,
  );
}
