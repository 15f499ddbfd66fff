// Scenario 3, deep pages: `skip=100000&take=1000` sorted by the key against `skip=0` of the same sort, median latency
// of several sequential calls. The baseline here is the shallow page itself; checks the deep page against the SQL.

import type { ExportJob, ExportResult } from '../baselines/export-baseline.ts';
import { BENCH_CONNECTOR, compileBenchRead } from '../bench-database.ts';
import { runBaselineScript } from '../server-process.ts';
import { type BenchContext, check, median, type ScenarioResult, timedGet } from './kit.ts';

const KEY = 'EmployeeId';

/** 100,000 (AFAS's "too slow" mark), or the middle of a smaller demo so that the page is not empty. */
export function deepSkip(rows: number): number {
  return Math.min(100_000, Math.max(0, Math.floor(rows / 2) - 1000));
}

const queryAt = (skip: number) => `skip=${skip}&take=1000&orderbyfieldids=${KEY}`;

export async function deepPagesScenario(context: BenchContext): Promise<ScenarioResult> {
  const { database } = context;
  const skip = deepSkip(database.rows);
  const checks: string[] = [];
  const url = (at: number) => `${context.base}/connectors/${BENCH_CONNECTOR}?${queryAt(at)}`;
  const keysOf = (body: unknown) => (body as { rows: Record<string, unknown>[] }).rows.map((row) => String(row[KEY]));

  // Correctness first: the deep page holds exactly the keys the same SQL gives at that offset.
  const compiled = await compileBenchRead(database, queryAt(skip));
  const job: ExportJob = { target: database, ...compiled, collectKeys: true };
  const expected = await runBaselineScript<ExportResult>('bench/baselines/export-baseline.ts', job, 'deep page SQL');
  const deep = await timedGet(url(skip), context.auth);
  check(deep.status === 200, `skip=${skip} answers 200`, checks);
  const sent = keysOf(deep.body);
  check(sent.length === 1000, `skip=${skip} returns a full page`, checks);
  check(
    JSON.stringify(sent) === JSON.stringify((expected.keys ?? []).map(String)),
    `skip=${skip} returns the rows the SQL gives at that offset, in order`,
    checks,
  );
  const shallow = keysOf((await timedGet(url(0), context.auth)).body);
  check(
    shallow[0]! < shallow[999]! && shallow[999]! < sent[0]!,
    'skip=0 comes before the deep page in key order',
    checks,
  );

  const calls = context.smoke ? 3 : 9;
  const deepMs: number[] = [];
  const shallowMs: number[] = [];
  for (let run = 0; run < context.runs; run++) {
    const runDeep: number[] = [];
    const runShallow: number[] = [];
    // Alternating, so that whatever else the machine does falls on both alike.
    for (let call = 0; call < calls; call++) {
      runShallow.push((await timedGet(url(0), context.auth)).ms);
      runDeep.push((await timedGet(url(skip), context.auth)).ms);
    }
    context.log(
      `  run ${run + 1}: skip=${skip} median ${median(runDeep).toFixed(1)} ms, skip=0 median ${median(runShallow).toFixed(1)} ms`,
    );
    deepMs.push(median(runDeep));
    shallowMs.push(median(runShallow));
  }
  return {
    scenario: `deep pages (skip=${skip})`,
    database: database.kind,
    checks,
    measurements: [
      {
        name: `skip=${skip} vs skip=0`,
        unit: 'ms',
        figure: deepMs,
        baseline: shallowMs,
        target: { on: 'ratio', op: '<=', value: 1.5, text: '<= 1.5x' },
      },
    ],
  };
}
