// Measures KnPerson inserts per second through HTTP on SQLite and PostgreSQL: single-element calls from 8
// concurrent connections, and 100-element calls. Run: node packages/cli/bin/run-ts.js packages/server/test/support/measure-writes.ts
// A script, not a test: it prints figures and asserts only that every insert answered 201.

import { DATABASE_KINDS } from './databases.ts';
import { startWriteServer, type WriteServer } from './write-server.ts';

const CONCURRENCY = 8;
const SINGLE_CALLS = Number(process.env.SINGLE_CALLS ?? 2000);
const BATCH_CALLS = Number(process.env.BATCH_CALLS ?? 40);
const BATCH_SIZE = 100;

function person(i: number) {
  return {
    Fields: {
      AutoNum: true,
      MatchPer: '7',
      FiNm: `Meet${i}`,
      In: 'M.',
      LaNm: 'Snelheid',
      ViGe: 'O',
      EmAd: `meet${i}@example.nl`,
      DaBi: '1990-01-01',
    },
  };
}

/** Runs `calls` calls from `concurrency` workers; answers the seconds it took. */
async function drive(server: WriteServer, calls: number, body: (call: number) => unknown): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let call = next++; call < calls; call = next++) {
      const response = await server.send('POST', '/connectors/KnPerson', body(call));
      if (response.status !== 201) throw new Error(`call ${call}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - started) / 1000;
}

const lines: string[] = [];
for (const kind of DATABASE_KINDS) {
  const server = await startWriteServer(kind, { employees: 1000 });
  if (!server) {
    lines.push(`${kind}: skipped (database unreachable)`);
    continue;
  }
  try {
    await drive(server, 50, (call) => ({ KnPerson: { Element: person(-call) } })); // warm-up
    const single = await drive(server, SINGLE_CALLS, (call) => ({ KnPerson: { Element: person(call) } }));
    const batch = await drive(server, BATCH_CALLS, (call) => ({
      KnPerson: { Element: Array.from({ length: BATCH_SIZE }, (_, i) => person(1_000_000 + call * BATCH_SIZE + i)) },
    }));
    const inserted = BATCH_CALLS * BATCH_SIZE;
    lines.push(
      `${kind.padEnd(8)} single-element: ${Math.round(SINGLE_CALLS / single)} inserts/s (${SINGLE_CALLS} calls, ${CONCURRENCY} connections, ${single.toFixed(1)} s)`,
      `${kind.padEnd(8)} 100-element:    ${Math.round(inserted / batch)} inserts/s (${BATCH_CALLS} calls, ${CONCURRENCY} connections, ${batch.toFixed(1)} s)`,
    );
  } finally {
    await server.close();
  }
}
console.log(lines.join('\n'));
