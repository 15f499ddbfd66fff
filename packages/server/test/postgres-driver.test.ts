// The pipelining Kysely driver (db/postgres-driver.ts) on a real PostgreSQL: `begin` travels with the first
// statement and a deferred statement with the next one (round trips counted on the wire), and neither changes what a
// transaction does: a failure of a deferred statement is the error thrown, and nothing of a failed transaction stays.

import { CompiledQuery, Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferrable } from '../src/db/database.ts';
import { PipeliningPostgresDialect } from '../src/db/postgres-driver.ts';
import { postgresDatabase, type TestDatabase } from './support/databases.ts';

interface Socket {
  _writev(...args: unknown[]): void;
  _write(...args: unknown[]): void;
}

interface WireClient {
  connection: { stream: Socket; prependListener(event: string, f: () => void): void };
}

/**
 * Round trips on one connection: a round trip is a run of socket writes followed by the answers to them. The
 * client's socket writes (corked messages go in one) and its ReadyForQuery messages (one per statement) are recorded
 * in order.
 */
function recordWire(client: pg.PoolClient, events: string[]): void {
  const { connection } = client as unknown as WireClient;
  const socket = connection.stream;
  for (const method of ['_writev', '_write'] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...args: unknown[]) => {
      events.push('write');
      original(...args);
    };
  }
  // Ahead of the client's own listener, which sends the next queued statement as soon as an answer is in.
  connection.prependListener('readyForQuery', () => events.push('answer'));
}

function roundTrips(events: readonly string[]): number {
  return events.filter((event, i) => event === 'write' && events[i - 1] !== 'write').length;
}

const insert = (value: number) => CompiledQuery.raw('insert into items (code) values ($1)', [value]);

describe('the pipelining PostgreSQL driver', () => {
  let database: TestDatabase | undefined;
  let pool: pg.Pool;
  // biome-ignore lint/suspicious/noExplicitAny: a test table
  let db: Kysely<any>;
  const events: string[] = [];
  const recorded = new WeakSet<pg.PoolClient>();

  beforeAll(async () => {
    database = await postgresDatabase();
    if (!database) return;
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const clients = {
      connect: async () => {
        const client = await pool.connect();
        if (!recorded.has(client)) {
          recordWire(client, events);
          recorded.add(client);
        }
        return client;
      },
      end: () => pool.end(),
    };
    db = new Kysely({ dialect: new PipeliningPostgresDialect(clients) });
    await sql`create table items (code integer primary key)`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const codes = async () =>
    (await sql<{ code: number }>`select code from items order by code`.execute(db)).rows.map((r) => r.code);
  const reset = async () => {
    await sql`delete from items`.execute(db);
    events.length = 0;
  };

  it('sends begin with the first statement and a deferred insert with the commit: two round trips, not four', async ({
    skip,
  }) => {
    if (!database) return skip();
    await reset();
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(insert(1));
      await trx.executeQuery(deferrable(insert(2)));
    });
    expect(roundTrips(events)).toBe(2);
    // One socket write each: begin + insert 1, then insert 2 + commit.
    expect(events.filter((event) => event === 'write')).toHaveLength(2);
    expect(await codes()).toEqual([1, 2]);
    // The same statements without the mark: begin | insert 1 | insert 2 | commit would be 4; the mark saves one.
    events.length = 0;
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(insert(3));
      await trx.executeQuery(insert(4));
    });
    expect(roundTrips(events)).toBe(3);
  });

  // A one-person KnPerson write whose base row number was taken ahead (write/ids-ahead.ts): both inserts deferred.
  it('sends a transaction of deferred inserts only in one write, with begin and commit: one round trip', async ({
    skip,
  }) => {
    if (!database) return skip();
    await reset();
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(deferrable(insert(1)));
      await trx.executeQuery(deferrable(insert(2)));
    });
    expect(events).toEqual(['write', 'answer', 'answer', 'answer', 'answer']);
    expect(await codes()).toEqual([1, 2]);
  });

  it.for<[string, boolean]>([
    ['the next statement', true],
    ['the commit', false],
  ])(
    'throws the error of a deferred insert at %s (not the aborted-transaction error) and keeps nothing',
    async ([, more], { skip }) => {
      if (!database) return skip();
      await reset();
      await db.executeQuery(insert(1));
      const failure = db.transaction().execute(async (trx) => {
        await trx.executeQuery(insert(2));
        await trx.executeQuery(deferrable(insert(1)));
        if (more) await trx.executeQuery(insert(3));
      });
      await expect(failure).rejects.toMatchObject({ code: '23505' });
      expect(await codes()).toEqual([1]);
      // The connection is usable again, outside a transaction and in one.
      await db.transaction().execute((trx) => trx.executeQuery(insert(5)));
      expect(await codes()).toEqual([1, 5]);
    },
  );

  it('rolls back what ran when the work fails, although begin was never sent on its own', async ({ skip }) => {
    if (!database) return skip();
    await reset();
    const failure = db.transaction().execute(async (trx) => {
      await trx.executeQuery(insert(7));
      throw new Error('the work failed');
    });
    await expect(failure).rejects.toThrow('the work failed');
    expect(await codes()).toEqual([]);
  });

  it('sends nothing for a transaction that ran no statement', async ({ skip }) => {
    if (!database) return skip();
    await reset();
    await db.transaction().execute(async () => 'nothing');
    expect(events).toEqual([]);
  });

  it('runs statements outside transactions one by one, the deferrable mark notwithstanding', async ({ skip }) => {
    if (!database) return skip();
    await reset();
    await db.executeQuery(deferrable(insert(9)));
    expect(await codes()).toEqual([9]);
    await expect(db.executeQuery(deferrable(insert(9)))).rejects.toMatchObject({ code: '23505' });
  });
});
