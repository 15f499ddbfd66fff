// The SQLite WAL with a stalled export and four writers (6 s; a minute in npm run reliability): the export holds no
// read snapshot, so checkpoints get past it; the WAL stays within 64 MB and a TRUNCATE checkpoint empties it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWriteServer, type WriteServer } from '../support/write-server.ts';
import { rawGet, serverSockets, stalledOnServer, until } from './clients.ts';
import { addLongSubjects, environmentFile, truncateCheckpoint, walSize } from './database-state.ts';
import { RELIABILITY_SCALE, reportFigure } from './scale.ts';

const WAL_LIMIT = 64 * 1024 * 1024;
const WRITERS = 4;
/** How long the writers write (6 s in the ordinary run, a minute at scale 10), and at most how many writes each. */
const DURATION_MS = 6000 * RELIABILITY_SCALE;
const MAX_WRITES = Math.round(1000 * RELIABILITY_SCALE);
const COMMENT = 'Veel tekst '.repeat(3000).slice(0, 32_000);

describe('the SQLite WAL under a stalled export and writers', () => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer('sqlite', { stallMs: 600_000 });
    await addLongSubjects(server!, 6000, 1500);
  }, 120_000);
  afterAll(async () => server?.close());

  it('stays bounded and checkpoints past the stalled export', async () => {
    const sockets = serverSockets(server!.app);
    const file = environmentFile(server!.databaseUrl);
    const exporter = await rawGet(server!.base, '/connectors/Profit_Subjects?skip=-1&take=-1', server!.auth, true);
    await until(() => stalledOnServer(sockets, exporter), 'the export to stall');

    let largest = 0;
    const statuses: number[] = [];
    const writer = async (w: number) => {
      const start = Date.now();
      for (let i = 0; i < MAX_WRITES && Date.now() - start < DURATION_MS; i++) {
        const response = await server!.send('POST', '/connectors/KnSubject', {
          KnSubject: { Element: { Fields: { StId: 1, Ds: `WAL ${w}-${i}`, SbTx: COMMENT } } },
        });
        statuses.push(response.status);
        await response.text();
        largest = Math.max(largest, walSize(file));
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    // The export is still stalled: all the writing happened while it held its answer up.
    expect(stalledOnServer(sockets, exporter)).toBe(true);
    reportFigure(
      `WAL: ${WRITERS} writers, ${statuses.length} writes of 32 KB in ${DURATION_MS / 1000} s beside a stalled ` +
        `export, largest WAL ${(largest / 1048576).toFixed(1)} MB`,
    );
    expect(largest).toBeLessThanOrEqual(WAL_LIMIT);
    // No reader holds a snapshot (a stalled export gives its statement up within a second of stalling): a TRUNCATE
    // checkpoint completes and empties the WAL while the export is still stalled.
    await until(() => truncateCheckpoint(server!.databaseUrl).busy === 0, 'a checkpoint past the stalled export');
    expect(truncateCheckpoint(server!.databaseUrl)).toEqual({ busy: 0, walBytes: 0 });
    expect(stalledOnServer(sockets, exporter)).toBe(true);
    exporter.socket.destroy();
  }, 300_000);
});
