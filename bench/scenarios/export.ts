// Scenario 1, export: `skip=-1&take=-1` of Profit_Employees over HTTP (rows/s and the server's peak RSS) against the
// same SQL run by the driver in one process. Must not change the data; runs the baseline and the server alternately.

import type { ExportJob, ExportResult } from '../baselines/export-baseline.ts';
import { BENCH_CONNECTOR, compileBenchRead } from '../bench-database.ts';
import { runBaselineScript } from '../server-process.ts';
import { type BenchContext, check, MB, type ScenarioResult, streamRows } from './kit.ts';

export const EXPORT_QUERY = 'skip=-1&take=-1';

/** The server's peak RSS while `work` runs: VmHWM after a reset, or else the highest of frequent samples. */
export async function withPeakRss<T>(
  context: BenchContext,
  work: () => Promise<T>,
): Promise<{ value: T; peak: number }> {
  const reset = context.server.resetPeak();
  let sampled = context.server.memory()?.rss ?? 0;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, context.server.memory()?.rss ?? 0);
  }, 25);
  try {
    const value = await work();
    const after = context.server.memory();
    return { value, peak: Math.max(sampled, reset ? (after?.peak ?? 0) : 0, after?.rss ?? 0) };
  } finally {
    clearInterval(timer);
  }
}

export async function exportScenario(context: BenchContext): Promise<ScenarioResult> {
  const { database } = context;
  const compiled = await compileBenchRead(database, EXPORT_QUERY);
  const job: ExportJob = { target: database, ...compiled, collectKeys: context.verify };
  const url = `${context.base}/connectors/${BENCH_CONNECTOR}?${EXPORT_QUERY}`;
  const firstField = compiled.fieldIds[0]!;
  const checks: string[] = [];
  const rate = { figure: [] as number[], baseline: [] as number[] };
  const memory = { figure: [] as number[], baseline: [] as number[] };
  const limit = { figure: [] as number[], baseline: [] as number[] };
  for (let run = 0; run < context.runs; run++) {
    const base = await runBaselineScript<ExportResult>('bench/baselines/export-baseline.ts', job, 'export baseline');
    const databaseJson = await runBaselineScript<ExportResult>(
      'bench/baselines/export-db-json.ts',
      job,
      'export baseline (JSON by the database)',
    );
    const { value: answer, peak } = await withPeakRss(context, () =>
      streamRows(url, context.auth, firstField, context.verify),
    );
    context.log(
      `  run ${run + 1}: server ${answer.rows} rows in ${answer.seconds.toFixed(2)} s, peak ${(peak / MB).toFixed(0)} MB; ` +
        `baseline ${base.rows} rows in ${base.seconds.toFixed(2)} s; JSON by the database ${databaseJson.rows} rows in ` +
        `${databaseJson.seconds.toFixed(2)} s`,
    );
    check(
      databaseJson.rows === base.rows,
      `the database-made JSON has one row per employee (${databaseJson.rows})`,
      checks,
    );
    check(answer.status === 200, `export answers 200 (got ${answer.status})`, checks);
    check(base.rows === database.rows, `the baseline reads one row per employee (${base.rows})`, checks);
    check(answer.rows === base.rows, `the export sends exactly the rows the baseline reads (${answer.rows})`, checks);
    if (context.verify && answer.body !== undefined) {
      const rows = (JSON.parse(answer.body) as { rows: Record<string, unknown>[] }).rows;
      const sent = rows.map((row) => String(row[firstField])).sort();
      const read = (base.keys ?? []).map(String).sort();
      check(
        sent.length === read.length && sent.every((key, i) => key === read[i]),
        'the export sends the same keys as the baseline reads',
        checks,
      );
    }
    rate.figure.push(answer.rows / answer.seconds);
    rate.baseline.push(base.rows / base.seconds);
    memory.figure.push(peak / MB);
    memory.baseline.push(base.peakRss / MB);
    limit.figure.push(answer.rows / answer.seconds);
    limit.baseline.push(databaseJson.rows / databaseJson.seconds);
  }
  return {
    scenario: 'export take=-1',
    database: database.kind,
    checks,
    measurements: [
      {
        name: 'export',
        unit: 'rows/s',
        ...rate,
        target: { on: 'ratio', op: '>=', value: 0.7, text: '>= 0.7' },
      },
      {
        name: 'export peak RSS',
        unit: 'MB',
        ...memory,
        target: { on: 'figure', op: '<', value: 250, text: '< 250 MB' },
      },
      // Issue 17: against the physical limit, the same SQL with the JSON made by the database.
      {
        name: 'export vs JSON by the database',
        unit: 'rows/s',
        ...limit,
        target: { on: 'ratio', op: '>=', value: 0.7, text: '>= 0.7' },
      },
    ],
  };
}
