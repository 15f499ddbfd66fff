// Scenario 5, client export: `appconnector export` (keyset paging on EmployeeId, concurrency 4, NDJSON to a file)
// against the server's own `take=-1` stream read by a discarding client. Deletes its output file after each run.

import { createReadStream, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_CONNECTOR } from '../bench-database.ts';
import { ROOT, runForJson } from '../server-process.ts';
import { EXPORT_QUERY } from './export.ts';
import { type BenchContext, check, type ScenarioResult, streamRows } from './kit.ts';

const KEY = 'EmployeeId';

interface ExportSummary {
  rows: number;
  rowsThisRun: number;
  seconds: number;
  complete: boolean;
}

/** Runs the CLI as users do; its own `--json` summary times the export without the process start. */
export function runExportCommand(context: BenchContext, out: string): Promise<ExportSummary> {
  const args = [
    resolve(ROOT, 'packages/cli/bin/appconnector.js'),
    'export',
    BENCH_CONNECTOR,
    '--out',
    out,
    '--key',
    KEY,
    '--concurrency',
    '4',
    '--url',
    context.base,
    '--token',
    context.token,
    '--json',
  ];
  // No profile or APPCONNECTOR_* connection of the shell may leak into the measured command.
  // (Flags win over a default profile anyway.)
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['APPCONNECTOR_PROFILE', 'APPCONNECTOR_URL', 'APPCONNECTOR_ENVIRONMENT', 'APPCONNECTOR_TOKEN'])
    delete env[name];
  return runForJson<ExportSummary>(args, 'appconnector export', env);
}

async function keysInFile(file: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (line.trim() !== '') keys.push(String((JSON.parse(line) as Record<string, unknown>)[KEY]));
  }
  return keys;
}

export async function clientExportScenario(context: BenchContext): Promise<ScenarioResult> {
  const { database } = context;
  const checks: string[] = [];
  const out = join(context.tmpDir, `client-export-${database.kind}-${database.rows}.ndjson`);
  const streamUrl = `${context.base}/connectors/${BENCH_CONNECTOR}?${EXPORT_QUERY}`;
  const rate = { figure: [] as number[], baseline: [] as number[] };
  try {
    for (let run = 0; run < context.runs; run++) {
      const stream = await streamRows(streamUrl, context.auth, KEY, context.verify);
      check(stream.status === 200 && stream.rows === database.rows, `take=-1 streams ${stream.rows} rows`, checks);
      const summary = await runExportCommand(context, out);
      check(summary.complete && summary.rows === database.rows, `export wrote ${summary.rows} rows`, checks);
      if (context.verify && stream.body !== undefined) {
        const streamed = (JSON.parse(stream.body) as { rows: Record<string, unknown>[] }).rows.map((row) =>
          String(row[KEY]),
        );
        const written = await keysInFile(out);
        check(
          JSON.stringify(written) === JSON.stringify([...streamed].sort()),
          'the file holds every row of the take=-1 stream once, in key order',
          checks,
        );
      }
      rmSync(out, { force: true });
      context.log(
        `  run ${run + 1}: export ${summary.rows} rows in ${summary.seconds.toFixed(2)} s; ` +
          `take=-1 stream ${stream.rows} rows in ${stream.seconds.toFixed(2)} s`,
      );
      rate.figure.push(summary.rowsThisRun / summary.seconds);
      rate.baseline.push(stream.rows / stream.seconds);
    }
  } finally {
    rmSync(out, { force: true });
    rmSync(`${out}.partial`, { force: true });
    rmSync(`${out}.state.json`, { force: true });
  }
  return {
    scenario: 'client export',
    database: database.kind,
    checks,
    measurements: [
      {
        name: 'appconnector export --key, 4 at once',
        unit: 'rows/s',
        ...rate,
        target: { on: 'ratio', op: '>=', value: 0.8, text: '>= 0.8' },
      },
    ],
  };
}
