// SQLite's reads run on reader threads (db/sqlite-readers.ts): a long read leaves the main thread free to answer
// other calls, values come back as the driver gives them (blobs as Buffers, SQLite's error codes), and a read left
// early gives its reader back for the next one.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open-database.ts';

/** A read that keeps SQLite busy for a while: counts to `n` and sums. */
const slowRead = (n: number) => ({
  sql: 'with recursive c(x) as (select 1 union all select x + 1 from c where x < ?) select sum(x) from c',
  parameters: [n],
});

describe('SQLite reader threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-readers-'));
  let db: Database;
  let schema: string;

  beforeAll(async () => {
    db = await openDatabase(join(dir, 'readers.sqlite'));
    schema = await db.environmentSchema('O12345AA');
    await sql`create table ${sql.id(schema, 'numbers')} (n integer primary key, label text, data blob)`.execute(
      db.kysely,
    );
    const rows = Array.from({ length: 50 }, (_, i) => ({ n: i + 1, label: `n${i + 1}`, data: Buffer.from([i, 255]) }));
    await db.kysely.withSchema(schema).insertInto('numbers').values(rows).execute();
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a long read off the main thread: timers still fire while it runs', async () => {
    const ticks: number[] = [];
    const started = performance.now();
    const timer = setInterval(() => ticks.push(performance.now() - started), 5);
    try {
      const [[sum]] = (await db.readAll(slowRead(3_000_000))) as [[number]];
      expect(sum).toBe((3_000_000 * 3_000_001) / 2);
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    // The read takes a while; had it run on this thread, no tick would have come before it ended.
    expect(took).toBeGreaterThan(100);
    expect(ticks.filter((at) => at < took - 50).length).toBeGreaterThan(3);
  });

  it('reads in the environment file, with blobs as Buffers, in batches of the size asked', async () => {
    const query = db.kysely.withSchema(schema).selectFrom('numbers').select(['n', 'label', 'data']).orderBy('n');
    const batches: unknown[][][] = [];
    for await (const batch of db.stream(query.compile(), 20)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([20, 20, 10]);
    const first = batches[0]![0]!;
    expect(first.slice(0, 2)).toEqual([1, 'n1']);
    expect(Buffer.isBuffer(first[2])).toBe(true);
    expect([...(first[2] as Buffer)]).toEqual([0, 255]);
    expect(await db.readAll(query.where('n', '=', 7).compile())).toEqual([[7, 'n7', Buffer.from([6, 255])]]);
  });

  it("answers SQLite's error, with its code", async () => {
    await expect(db.readAll({ sql: 'select * from no_such_table', parameters: [] })).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
      message: expect.stringContaining('no such table'),
    });
  });

  it('gives a reader back when a read is left early, and serves more reads at once than it has readers', async () => {
    const query = db.kysely.withSchema(schema).selectFrom('numbers').select('n').orderBy('n').compile();
    for (let i = 0; i < 6; i++) {
      for await (const batch of db.stream(query, 1)) {
        expect(batch).toEqual([[1]]);
        break;
      }
    }
    const counts = await Promise.all(
      Array.from({ length: 10 }, async () => {
        let rows = 0;
        for await (const batch of db.stream(query, 7)) rows += batch.length;
        return rows;
      }),
    );
    expect(counts).toEqual(Array(10).fill(50));
  });

  it.runIf(existsSync('/proc/self/task'))(
    'ends readers idle for 2 s, and starts one again for the next read',
    async () => {
      // Each reader is a thread of this process (tests run in a process per file).
      const threads = () => readdirSync('/proc/self/task').length;
      const query = db.kysely.withSchema(schema).selectFrom('numbers').select('n').where('n', '=', 3).compile();
      expect(await db.readAll(query)).toEqual([[3]]);
      const busy = threads();
      await new Promise((resolve) => setTimeout(resolve, 2300));
      // The readers of the tests before, and this one's, have ended (their heaps with them).
      const idleCount = threads();
      expect(idleCount).toBeLessThan(busy);
      // The next read starts a reader that attaches the environment again.
      expect(await db.readAll(query)).toEqual([[3]]);
      expect(threads()).toBe(idleCount + 1);
    },
  );

  it('sees what the writer committed', async () => {
    await db.kysely.withSchema(schema).insertInto('numbers').values({ n: 51, label: 'n51' }).execute();
    const query = db.kysely.withSchema(schema).selectFrom('numbers').select('label').where('n', '=', 51).compile();
    expect(await db.readAll(query)).toEqual([['n51']]);
  });
});
