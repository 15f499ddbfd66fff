// The reserve of database numbers taken ahead (write/ids-ahead.ts), against a stand-in for the database: one refill
// shared by the writes that find the reserve empty, numbers in ascending order, and the insert asking the database
// itself (undefined) wherever the reserve cannot answer.

import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { forgetIdsAhead, takeIdAhead } from '../src/write/ids-ahead.ts';
import type { Transaction } from '../src/write/write-session.ts';

/** A database whose `nextval` statement answers `batches` in turn (an Error fails that refill). */
function standIn(batches: (number[] | Error)[]) {
  let refills = 0;
  const db = {
    dialect: {
      takeIdsSql: () => ({
        execute: async () => {
          const batch = batches[refills++];
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (!batch || batch instanceof Error) throw batch ?? new Error('no more numbers');
          return { rows: batch.map((id) => ({ id })) };
        },
      }),
    },
  } as unknown as Database;
  return { db, refills: () => refills };
}

const trx = {} as Transaction;
const take = (db: Database, table = 'kn_basic_contact') => takeIdAhead(db, trx, 'env_x', table, 'bc_id');

describe('numbers taken ahead per process', () => {
  it('refills once for the writes that find the reserve empty at once, and hands numbers out in ascending order', async () => {
    const { db, refills } = standIn([
      [11, 12, 13, 14],
      [20, 21],
    ]);
    expect(await Promise.all([take(db), take(db), take(db)])).toEqual([11, 12, 13]);
    expect(refills()).toBe(1);
    expect(await take(db)).toBe(14);
    expect(await take(db)).toBe(20);
    expect(refills()).toBe(2);
  });

  it('answers undefined (the insert asks the database) to writes that waited for a refill others used up', async () => {
    const { db, refills } = standIn([[1, 2]]);
    expect(await Promise.all([take(db), take(db), take(db)])).toEqual([1, 2, undefined]);
    expect(refills()).toBe(1);
  });

  it('answers undefined when a refill fails, and refills again at the next write', async () => {
    const { db, refills } = standIn([new Error('connection lost'), [7, 8]]);
    expect(await take(db)).toBeUndefined();
    expect(await take(db)).toBe(7);
    expect(refills()).toBe(2);
  });

  it('keeps a reserve per table and forgets them all on request', async () => {
    const { db, refills } = standIn([[1, 2], [50, 51], [90]]);
    expect(await take(db, 'a')).toBe(1);
    expect(await take(db, 'b')).toBe(50);
    expect(await take(db, 'a')).toBe(2);
    forgetIdsAhead(db);
    expect(await take(db, 'b')).toBe(90);
    expect(refills()).toBe(3);
  });

  it('answers undefined where the database cannot take numbers ahead (SQLite)', async () => {
    const db = { dialect: { takeIdsSql: () => undefined } } as unknown as Database;
    expect(await take(db)).toBeUndefined();
  });
});
