// Scenario 7, CLI start: `appconnector --version` (the built CLI, as installed) against bare `node -e 0`, whole
// processes, run alternately so that both see the same machine load. Needs no database; runs beside each one.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from '../server-process.ts';
import { type BenchContext, check, median, type ScenarioResult } from './kit.ts';

const APPCONNECTOR = resolve(ROOT, 'packages/cli/bin/appconnector.js');
/** Starts per command and run (a run's figure is their median): single starts are noisy on a shared machine. */
const STARTS = 10;

/** Milliseconds from spawn to exit of `node <args>`, with its output. */
function timeProcess(args: string[]): Promise<{ ms: number; stdout: string; code: number | null }> {
  return new Promise((done, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.once('error', reject);
    child.once('close', (code) => done({ ms: Number(process.hrtime.bigint() - started) / 1e6, stdout, code }));
  });
}

export async function cliStartScenario(context: BenchContext): Promise<ScenarioResult> {
  const checks: string[] = [];
  const start = { figure: [] as number[], baseline: [] as number[] };
  for (let run = 0; run < context.runs; run++) {
    const node: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      node.push((await timeProcess(['-e', '0'])).ms);
      const version = await timeProcess([APPCONNECTOR, '--version']);
      check(
        version.code === 0 && /^\d+\.\d+\.\d+/.test(version.stdout),
        `--version printed ${version.stdout.trim()}`,
        checks,
      );
      cli.push(version.ms);
    }
    // One figure per run: the median of its starts.
    start.baseline.push(median(node));
    start.figure.push(median(cli));
  }
  return {
    scenario: 'cli start',
    database: context.database.kind,
    checks: [...new Set(checks)],
    measurements: [
      {
        name: 'appconnector --version vs node -e 0',
        unit: 'ms',
        ...start,
        target: { on: 'ratio', op: '<=', value: 2, text: '<= 2' },
      },
    ],
  };
}
