// Scenario 6, export against a sequential pager, as whole processes: `appconnector export` (keyset on EmployeeId,
// 4 at once, NDJSON to a file) against baselines/sequential-pager.mjs (take=1000, skip growing, one call at a time).

import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCH_CONNECTOR } from '../bench-database.ts';
import { ROOT, runForJson } from '../server-process.ts';
import { runExportCommand } from './client-export.ts';
import { type BenchContext, check, type ScenarioResult } from './kit.ts';

const PAGER = resolve(ROOT, 'bench/baselines/sequential-pager.mjs');

/** Seconds from spawn to exit, with what the process printed. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export async function clientPagerScenario(context: BenchContext): Promise<ScenarioResult> {
  const { database } = context;
  const checks: string[] = [];
  const out = join(context.tmpDir, `client-pager-${database.kind}-${database.rows}.ndjson`);
  const rate = { figure: [] as number[], baseline: [] as number[] };
  const job = { base: context.base, auth: context.auth, connector: BENCH_CONNECTOR, orderBy: 'EmployeeId', out };
  try {
    for (let run = 0; run < context.runs; run++) {
      const pager = await timed(() => runForJson<{ rows: number }>([PAGER, JSON.stringify(job)], 'sequential pager'));
      check(pager.result.rows === database.rows, `the pager read ${pager.result.rows} rows`, checks);
      rmSync(out, { force: true });
      const cli = await timed(() => runExportCommand(context, out));
      check(cli.result.complete && cli.result.rows === database.rows, `export wrote ${cli.result.rows} rows`, checks);
      rmSync(out, { force: true });
      context.log(
        `  run ${run + 1}: appconnector export ${cli.seconds.toFixed(2)} s, ` +
          `sequential pager ${pager.seconds.toFixed(2)} s (whole processes)`,
      );
      rate.figure.push(database.rows / cli.seconds);
      rate.baseline.push(database.rows / pager.seconds);
    }
  } finally {
    for (const suffix of ['', '.partial', '.state.json']) rmSync(`${out}${suffix}`, { force: true });
  }
  return {
    scenario: 'export vs pager',
    database: database.kind,
    checks,
    measurements: [
      {
        name: 'appconnector export vs take=1000 pager, processes',
        unit: 'rows/s',
        ...rate,
        target: { on: 'ratio', op: '>=', value: 3, text: '>= 3' },
      },
    ],
  };
}
