// Numbering counters (write/numbering.ts) on a real SQLite and PostgreSQL: concurrent takes get disjoint,
// consecutive runs of numbers; on PostgreSQL, where counters commit on a connection of their own, the takes that
// arrive while one runs go together in one upsert.

import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.ts';
import { createNumberingTable, takeNumbers } from '../src/write/numbering.ts';
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

  it('gives concurrent takes disjoint runs that together follow on from the counter', async () => {
    if (!db) return;
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
    'sends the takes that arrive while one runs as one upsert, and a lone take at once',
    async () => {
      if (!db) return;
      const { db: counted, statements } = counting(db);
      // The first goes alone; the nineteen arriving while it runs go together after it.
      const taken = await Promise.all(
        Array.from({ length: 20 }, () => takeNumbers(counted, counted.kysely, schema, 'shared', plain(2))),
      );
      expect(statements()).toBe(2);
      expect(taken.map((t) => t.value)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + 2 * i));
      // One at a time, each is a statement of its own; a take with a floor (after a scan) always is.
      await takeNumbers(counted, counted.kysely, schema, 'shared', plain(1));
      await takeNumbers(counted, counted.kysely, schema, 'shared', plain(1));
      expect(statements()).toBe(4);
      const floored = await Promise.all([
        takeNumbers(counted, counted.kysely, schema, 'shared', { floor: 100, width: 0, count: 1 }),
        takeNumbers(counted, counted.kysely, schema, 'shared', { floor: 200, width: 0, count: 1 }),
      ]);
      expect(statements()).toBe(6);
      expect(floored.map((t) => t.value).sort((a, b) => a - b)).toEqual([100, 200]);
    },
  );
});
