// Slow, stalled and vanished clients on SQLite and PostgreSQL, over real sockets: 50 clients that stop reading a
// long export starve nobody and hold no connection, transaction or snapshot; a stalled answer is ended after the
// configured time; clients that vanish mid-answer leave nothing behind.

import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startWriteServer, type WriteServer } from '../support/write-server.ts';
import { closedOnServer, type RawClient, rawGet, serverSockets, stalledOnServer, until } from './clients.ts';
import { addLongSubjects, openPostgresWork, truncateCheckpoint } from './database-state.ts';

const STALLED = 50;
/** Rows and comment length of the long export: well past what the kernel's socket buffers take in (~6 MB). */
const LONG_ROWS = 6000;
const COMMENT_BYTES = 1500;
const EXPORT = '/connectors/Profit_Subjects?skip=-1&take=-1';
/** The stall time of the server that waits for it: short, so that test is short. */
const SHORT_STALL_MS = 1500;
/** The stall time of the server whose stalled clients must stay stalled while others are served. */
const LONG_STALL_MS = 600_000;

describe.each(DATABASE_KINDS)('slow and stalled clients on %s', (kind) => {
  let server: WriteServer | undefined;
  let sockets: Map<number, Socket>;
  beforeAll(async () => {
    server = await startWriteServer(kind, { stallMs: LONG_STALL_MS });
    if (!server) return;
    sockets = serverSockets(server.app);
    await addLongSubjects(server, LONG_ROWS, COMMENT_BYTES);
  }, 120_000);
  afterAll(async () => server?.close());

  /**
   * Nothing held in the database: no PostgreSQL transaction or snapshot, SQLite checkpoints past every reader. A
   * chunk read already under way when a client stalled or went may still finish; none may stay.
   */
  async function expectNothingHeld(on: WriteServer) {
    if (kind === 'postgres')
      await until(async () => (await openPostgresWork(on.databaseUrl)).length === 0, 'no PostgreSQL work open');
    else await until(() => truncateCheckpoint(on.databaseUrl).busy === 0, 'a checkpoint past every reader');
    if (kind === 'postgres') expect(await openPostgresWork(on.databaseUrl)).toEqual([]);
    else expect(truncateCheckpoint(on.databaseUrl)).toEqual({ busy: 0, walBytes: 0 });
  }

  const stallMany = (on: WriteServer, count: number) =>
    Promise.all(Array.from({ length: count }, () => rawGet(on.base, EXPORT, on.auth, true)));

  it(`answers readers, writers, metainfo and ProfitVersion while ${STALLED} clients stall on exports`, async (context) => {
    if (!server) return context.skip();
    const stalled = await stallMany(server, STALLED);
    // Each stalled answer has filled the socket: the server waits for its client (before the stall time is up).
    await until(() => stalled.every((client) => stalledOnServer(sockets, client)), 'every export to stall');

    const subject = (i: number) => ({ KnSubject: { Element: { Fields: { StId: 1, Ds: `Tijdens stilstand ${i}` } } } });
    const [page, otherExport, writes, metainfo, version] = await Promise.all([
      server.call('/connectors/Profit_Subjects?skip=0&take=10&orderbyfieldids=SubjectId'),
      server.call('/connectors/Profit_OrgPer?skip=-1&take=-1'),
      Promise.all(Array.from({ length: 5 }, (_, i) => server!.send('POST', '/connectors/KnSubject', subject(i)))),
      server.call('/metainfo'),
      fetch(`${server.base}/ProfitVersion`),
    ]);
    expect(page.status).toBe(200);
    expect((await page.json()).rows).toHaveLength(10);
    expect(otherExport.status).toBe(200);
    expect((await otherExport.json()).rows.length).toBeGreaterThan(0);
    expect(writes.map((w) => w.status)).toEqual([201, 201, 201, 201, 201]);
    expect(metainfo.status).toBe(200);
    expect(version.status).toBe(200);
    // The stalled are still there: everything above was answered while they held their answers up.
    expect(stalled.filter((client) => closedOnServer(sockets, client))).toEqual([]);
    // ... and while they do, the database holds nothing for them.
    await expectNothingHeld(server);
    const written = await server.rows(
      'Profit_Subjects',
      'filterfieldids=Subject&filtervalues=Tijdens%25&operatortypes=1',
    );
    expect(written).toHaveLength(5);

    for (const client of stalled) client.socket.destroy();
    await until(() => stalled.every((client) => closedOnServer(sockets, client)), 'the server to close every socket');
  }, 180_000);

  it('ends a stalled answer after the stall time and frees what it held', async (context) => {
    if (!server) return context.skip();
    const quick = (await startWriteServer(kind, { stallMs: SHORT_STALL_MS }))!;
    try {
      const quickSockets = serverSockets(quick.app);
      await addLongSubjects(quick, LONG_ROWS, COMMENT_BYTES);
      const [client] = (await stallMany(quick, 1)) as [RawClient];
      await until(() => stalledOnServer(quickSockets, client), 'the export to stall');
      // The client does nothing: the server ends the answer by itself.
      await until(() => closedOnServer(quickSockets, client), 'the server to end the stalled answer');
      await expectNothingHeld(quick);
      // The client reads what was sent before the end: a cut answer, not a whole one.
      client.socket.resume();
      await client.ended;
      const text = client.text();
      expect(text.startsWith('HTTP/1.1 200')).toBe(true);
      expect(text.endsWith(']}')).toBe(false);
      const after = await quick.call('/connectors/Profit_Subjects?skip=0&take=1');
      expect(after.status).toBe(200);
    } finally {
      await quick.close();
    }
  }, 180_000);

  it('frees everything of clients that vanish mid-answer', async (context) => {
    if (!server) return context.skip();
    const vanishing = await Promise.all(
      Array.from({ length: STALLED }, () => rawGet(server!.base, EXPORT, server!.auth, false)),
    );
    // Gone after their first bytes, mid-answer.
    for (const client of vanishing) client.socket.destroy();
    await until(() => vanishing.every((client) => closedOnServer(sockets, client)), 'the server to see them go');
    await expectNothingHeld(server);
    const whole = await server.call(EXPORT);
    expect(whole.status).toBe(200);
    const rows = (await whole.json()).rows as { SubjectId: number }[];
    expect(new Set(rows.map((row) => row.SubjectId)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(LONG_ROWS);
  }, 120_000);
});
