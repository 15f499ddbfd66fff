// Scenario 4, writes: KnPerson inserts through the UpdateConnector (1-element calls and 100-element calls, 8
// connections) against a bare server inserting the same people in one transaction per call. Removes what it wrote.

import type { WriteJob } from '../baselines/write-server.ts';
import { restoreKeys, settledCount, snapshotKeys } from '../bench-database.ts';
import { startBaselineProcess } from '../server-process.ts';
import { type BenchContext, check, type ScenarioResult } from './kit.ts';
import { CONNECTIONS, load } from './pages.ts';

/** A new person each time (MatchPer 7: always add), with the fields a client typically sends. */
function person(i: number): { Fields: Record<string, unknown> } {
  return {
    Fields: {
      PadAdr: false,
      AutoNum: true,
      MatchPer: '7',
      FiNm: 'Sanne',
      In: 'S.',
      Is: 'van',
      LaNm: `Bench${i}`,
      ViGe: i % 2 === 0 ? 'V' : 'M',
      DaBi: '1985-04-12',
      EmAd: `sanne.bench${i}@example.nl`,
      MbNr: '06-12345678',
      AddToPortal: false,
    },
  };
}

export function knPersonBody(elements: number): string {
  const list = Array.from({ length: elements }, (_, i) => person(i));
  return JSON.stringify({ KnPerson: { Element: elements === 1 ? list[0] : list } });
}

export async function writesScenario(context: BenchContext): Promise<ScenarioResult> {
  const { database } = context;
  const url = `${context.base}/connectors/KnPerson`;
  const headers = { authorization: context.auth, 'content-type': 'application/json' };
  const checks: string[] = [];
  const before = await snapshotKeys(database);
  try {
    const probe = await fetch(url, { method: 'POST', headers, body: knPersonBody(1) });
    const text = await probe.text();
    check(probe.status === 201, `a KnPerson insert answers 201 (got ${probe.status}: ${text.slice(0, 300)})`, checks);
  } finally {
    await restoreKeys(database, before);
  }

  const job: WriteJob = { target: database };
  const baseline = await startBaselineProcess('bench/baselines/write-server.ts', job, { label: 'write baseline' });
  const seconds = context.smoke ? 1 : 10;
  const measurements = [];
  try {
    if (!context.smoke) {
      // Warm both up (JIT, pools, prepared statements, numbers taken ahead), as the page scenarios do, and remove what
      // that wrote: the first 4 s of a fresh server ran 1,198 calls/s, the next ones 1,450-1,660 (2026-12-07).
      const keys = await snapshotKeys(database);
      try {
        for (const [target, withHeaders] of [
          [baseline.url, { 'content-type': 'application/json' }],
          [url, headers],
        ] as const) {
          await load(
            { url: target, amount: 2000, headers: withHeaders, method: 'POST', body: knPersonBody(1) },
            'warm-up',
          );
          await load(
            { url: target, amount: 40, headers: withHeaders, method: 'POST', body: knPersonBody(100) },
            'warm-up',
          );
        }
        await settledCount(database, keys, 'kn_person');
      } finally {
        await restoreKeys(database, keys);
      }
    }
    for (const elements of [1, 100]) {
      const body = knPersonBody(elements);
      const rate = { figure: [] as number[], baseline: [] as number[] };
      // Each run writes, is counted, and is removed again, so the runs and the cached database stay alike.
      const measure = async (target: string, withHeaders: Record<string, string>, label: string) => {
        const keys = await snapshotKeys(database);
        try {
          const run = await load({ url: target, seconds, headers: withHeaders, method: 'POST', body }, label);
          // Calls cut off at the end of the run still finish on the server; let them, before counting.
          const people = await settledCount(database, keys, 'kn_person');
          await restoreKeys(database, keys);
          return { run, people };
        } catch (error) {
          await restoreKeys(database, keys);
          throw error;
        }
      };
      for (let run = 0; run < context.runs; run++) {
        const floor = await measure(baseline.url, { 'content-type': 'application/json' }, 'write baseline');
        const served = await measure(url, headers, 'writes');
        for (const [name, { run: figures, people }] of [
          ['server', served],
          ['baseline', floor],
        ] as const) {
          // Calls still in flight when the run ends commit after it: up to one per connection.
          check(
            people >= figures.ok * elements && people <= (figures.ok + CONNECTIONS) * elements,
            `${name}: ${figures.ok} calls of ${elements} inserted ${people} people`,
            checks,
          );
        }
        context.log(
          `  ${elements}-element calls, run ${run + 1}: server ${(served.run.requestsPerSecond * elements).toFixed(0)} rows/s, ` +
            `baseline ${(floor.run.requestsPerSecond * elements).toFixed(0)} rows/s`,
        );
        rate.figure.push(served.run.requestsPerSecond * elements);
        rate.baseline.push(floor.run.requestsPerSecond * elements);
      }
      measurements.push({
        name: `KnPerson inserts, ${elements === 1 ? '1-element' : `${elements}-element`} calls`,
        unit: 'rows/s',
        ...rate,
        // Issue 17: single records at 0.7 of raw inserts, batches at least as fast as raw inserts.
        target:
          elements === 1
            ? { on: 'ratio' as const, op: '>=' as const, value: 0.7, text: '>= 0.7' }
            : { on: 'ratio' as const, op: '>=' as const, value: 1, text: '>= 1.0' },
      });
    }
  } finally {
    await baseline.stop();
    await restoreKeys(database, before);
  }
  return { scenario: 'writes KnPerson', database: database.kind, checks, measurements };
}
