// Numbering counters (write/numbering.ts) on a real SQLite and PostgreSQL: concurrent takes get disjoint,
// consecutive runs of numbers; on PostgreSQL, where counters commit on a connection of their own, the takes that
// arrive while one runs go together in one upsert.

import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { createNumberingTable, NUMBERING_TABLE } from '../src/db/system-schema.ts';
import { giveBackNumbers, NUMBERS_AHEAD, takeNumbers } from '../src/write/numbering.ts';
import { DATABASE_KINDS, type TestDatabase, testDatabase } from './support/databases.ts';

/** The database with a counters executor that counts the statements run on it. */
function counting(db: Database): { db: Database; statements: () => number } {
  let statements = 0;
  // biome-ignore lint/suspicious/noExplicitAny: any executor
  const counters: Kysely<any> | undefined = db.counters
    ? new Proxy(db.counters, {
        get(target, property) {
          const value = Reflect.get(target, property);
          if (property === 'executeQuery')
            return (...args: Parameters<typeof target.executeQuery>) => {
              statements++;
              return target.executeQuery(...args);
            };
          return typeof value === 'function' ? value.bind(target) : value;
        },
      })
    : undefined;
  return { db: { ...db, counters }, statements: () => statements };
}

describe.each(DATABASE_KINDS)('numbering counters on %s', (kind) => {
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  const schema = kind === 'sqlite' ? 'main' : 'public';
  beforeAll(async () => {
    database = await testDatabase(kind);
    if (!database) return;
    db = await openDatabase(database.url);
    await createNumberingTable(db, schema);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const plain = (count: number) => ({ floor: 1, width: 0, count });

  it('gives concurrent takes disjoint runs that together follow on from the counter', async ({ skip }) => {
    if (!db) return skip();
    const counts = Array.from({ length: 20 }, (_, i) => (i % 3) + 1);
    const taken = await Promise.all(
      counts.map((count) => takeNumbers(db!, db!.kysely, schema, 'together', plain(count))),
    );
    const numbers = taken.flatMap(({ value }, i) => Array.from({ length: counts[i]! }, (_, j) => value + j));
    const total = counts.reduce((a, b) => a + b, 0);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const next = await takeNumbers(db, db.kysely, schema, 'together', plain(1));
    expect(next.value).toBe(total + 1);
  });

  it.runIf(kind === 'postgres')(
    'serves takes from the numbers taken ahead, sends those arriving while an upsert runs as one, a floor alone',
    async ({ skip }) => {
      if (!db) return skip();
      const { db: counted, statements } = counting(db);
      const take = async (count: number) =>
        (await takeNumbers(counted, counted.kysely, schema, 'shared', plain(count))).value;
      // The first goes alone and takes NUMBERS_AHEAD more; the nineteen arriving while it runs are served from those
      // as far as they go (sixteen), and the other three go together in a second upsert.
      const taken = await Promise.all(Array.from({ length: 20 }, () => take(2)));
      expect(statements()).toBe(2);
      expect(taken).toEqual(Array.from({ length: 20 }, (_, i) => 1 + 2 * i));
      // The second upsert took ahead as well: no statement until those numbers run out.
      for (let i = 0; i < NUMBERS_AHEAD; i++) expect(await take(1)).toBe(41 + i);
      expect(statements()).toBe(2);
      expect(await take(1)).toBe(41 + NUMBERS_AHEAD);
      expect(statements()).toBe(3);
      // A take with a floor (after a scan) goes alone and drops the numbers taken ahead: they may lie below codes
      // stored meanwhile. Plain takes continue after it.
      const floored = async (floor: number) =>
        (await takeNumbers(counted, counted.kysely, schema, 'shared', { floor, width: 0, count: 1 })).value;
      // The numbers taken ahead go back to the counter first (one statement), so the counter answers from where
      // this process stood.
      expect(await floored(1000)).toBe(1000);
      expect(statements()).toBe(5);
      expect(await floored(2000)).toBe(2000);
      expect(statements()).toBe(6);
      expect(await take(1)).toBe(2001);
      expect(statements()).toBe(7);
    },
  );

  it.runIf(kind === 'postgres')(
    'runs a floor take after the upsert in flight, so the numbers that upsert took ahead can still go back',
    async ({ skip }) => {
      if (!db) return skip();
      const take = (request: { floor: number; width: number; count: number }) =>
        takeNumbers(db!, db!.kysely, schema, 'race', request).then((taken) => taken.value);
      // A plain take starts an upsert taking NUMBERS_AHEAD more; a floor take (a write that scanned for the largest
      // stored code) arrives while it runs. Run beside it, the floor take moved the counter past the end of the
      // numbers taken ahead, so they could not go back and the next floor take jumped past them.
      const [plainTake, firstFloor] = await Promise.all([take(plain(1)), take({ floor: 5, width: 0, count: 1 })]);
      expect([plainTake, firstFloor]).toEqual([1, 5]);
      expect(await take({ floor: 3, width: 0, count: 1 })).toBe(6);
    },
  );

  it.runIf(kind === 'postgres')(
    'gives numbers back to those taken ahead, and those to the counter when the server closes',
    async ({ skip }) => {
      if (!database) return skip();
      const first = await openDatabase(database.url);
      const second = await openDatabase(database.url);
      const take = async (process: Database) =>
        (await takeNumbers(process, process.kysely, schema, 'back', plain(1))).value;
      const three = await takeNumbers(first, first.kysely, schema, 'back', plain(3));
      expect(three.value).toBe(1);
      // A write used only the first of its three: the other two were the last handed out, and are handed out next.
      await giveBackNumbers(first, first.kysely, schema, 'back', 2, 4);
      expect(await take(first)).toBe(2);
      // Another server process (a replica) takes after the numbers the first took ahead (4 up to 36).
      expect(await take(second)).toBe(1 + 3 + NUMBERS_AHEAD);
      // Closing, it gives back what it took ahead: nobody took after it, so the next process continues right after.
      await second.close();
      const third = await openDatabase(database.url);
      expect(await take(third)).toBe(2 + 3 + NUMBERS_AHEAD);
      // The first cannot give its numbers back (the counter moved on): they stay unused, as a sequence's would.
      await first.close();
      await third.close();
      const counter = await sql<{ next_value: string }>`select next_value from ${sql.id(schema, NUMBERING_TABLE)}
        where scope = 'back'`.execute(db!.kysely);
      expect(Number(counter.rows[0]?.next_value)).toBe(3 + 3 + NUMBERS_AHEAD);
    },
  );
});
