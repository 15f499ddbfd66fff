// Writes through Database.writeTransaction: on SQLite, writes that arrive while one runs share its transaction (one
// commit for the group, db/write-group.ts), each in a savepoint of its own; on PostgreSQL each has its own. Either
// way a write answers only once it is committed, and a failed write takes nothing of the others with it.

import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { DATABASE_KINDS, type TestDatabase, testDatabase } from './support/databases.ts';

// biome-ignore lint/suspicious/noExplicitAny: a table made by the test
type Trx = Kysely<any>;

describe.each(DATABASE_KINDS)('writeTransaction on %s', (kind) => {
  let target: TestDatabase | undefined;
  let db: Database;
  let schema: string;

  beforeAll(async () => {
    target = await testDatabase(kind);
    if (!target) return;
    db = await openDatabase(target.url);
    schema = await db.environmentSchema('O12345AA');
    await sql`create table ${sql.id(schema, 'grouped')} (name varchar(40) primary key)`.execute(db.kysely);
  });
  afterAll(async () => {
    await db?.close();
    await target?.drop();
  });

  const insert = (trx: Trx, name: string) => trx.withSchema(schema).insertInto('grouped').values({ name }).execute();
  /** The committed names starting with `prefix`, read on a connection of their own (as another call would). */
  const committed = async (prefix: string) =>
    (
      await db.readAll(
        db.kysely
          .withSchema(schema)
          .selectFrom('grouped')
          .select('name')
          .where('name', 'like', `${prefix}%`)
          .orderBy('name')
          .compile(),
      )
    ).map((row) => row[0]);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('answers a write only once it is committed, and later writes do not see it before then', async ({ skip }) => {
    if (!target) return skip();
    const seenByLater: unknown[][] = [];
    const first = db.writeTransaction(async (trx) => {
      await insert(trx, 'a-first');
      // The other writes arrive while this one still runs.
      await pause(30);
      return 'first';
    });
    await pause(5);
    const later = ['a-second', 'a-third'].map((name) =>
      db.writeTransaction(async (trx) => {
        seenByLater.push(await committed('a-first'));
        await insert(trx, name);
        return name;
      }),
    );
    expect(await first).toBe('first');
    // Once the first answers, what it wrote is there for everybody.
    expect(await committed('a-first')).toEqual(['a-first']);
    expect(await Promise.all(later)).toEqual(['a-second', 'a-third']);
    expect(await committed('a-')).toEqual(['a-first', 'a-second', 'a-third']);
    // On SQLite the later writes ran in the first one's transaction, before its commit: they are grouped.
    if (kind === 'sqlite') expect(seenByLater).toEqual([[], []]);
  });

  it('rolls back a failed write alone: the writes beside it are committed', async ({ skip }) => {
    if (!target) return skip();
    const write = (name: string, fail: boolean) =>
      db.writeTransaction(async (trx) => {
        await insert(trx, name);
        await pause(10);
        if (fail) throw new Error(`refused ${name}`);
        return name;
      });
    const results = await Promise.allSettled([
      write('b-1', false),
      write('b-2', true),
      write('b-3', false),
      // A statement that fails (the key is taken within the same group) fails that write only.
      db.writeTransaction((trx) => insert(trx, 'b-1')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused b-2');
    expect(await committed('b-')).toEqual(['b-1', 'b-3']);
  });

  it.runIf(kind === 'sqlite')(
    "names a new environment's schema to no caller before the writer has its file, while a group holds the writer",
    async ({ skip }) => {
      if (!target) return skip();
      let groupEnded = false;
      const group = db.writeTransaction(async () => {
        await pause(40);
        groupEnded = true;
      });
      await pause(5);
      // The attach waits for the group; so must a second caller, which could otherwise use the file unattached.
      const first = db.environmentSchema('T12345AB');
      const second = await db.environmentSchema('T12345AB');
      expect(groupEnded).toBe(true);
      expect(await first).toBe(second);
      await group;
    },
  );

  it.runIf(kind === 'sqlite')(
    'runs the writes of a transaction SQLite rolled back whole again, once, in the next group',
    async ({ skip }) => {
      if (!target) return skip();
      let firstRuns = 0;
      const first = db.writeTransaction(async (trx) => {
        firstRuns++;
        await insert(trx, 'c-first');
        await pause(20);
        return 'first';
      });
      await pause(5);
      // As SQLite does on a full disk or an I/O error: the whole transaction is gone when the statement fails.
      const lost = db.writeTransaction(async (trx) => {
        await sql`rollback`.execute(trx);
        throw new Error('disk I/O error');
      });
      const after = db.writeTransaction(async (trx) => {
        await insert(trx, 'c-after');
        return 'after';
      });
      await expect(lost).rejects.toThrow('disk I/O error');
      expect(await first).toBe('first');
      expect(await after).toBe('after');
      expect(firstRuns).toBe(2);
      expect(await committed('c-')).toEqual(['c-after', 'c-first']);
    },
  );
});
