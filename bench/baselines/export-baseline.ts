// Baseline of the export: the server's `skip=-1&take=-1` SQL run with the same driver in one process, each row
// JSON.stringify-ed as an object keyed by field id into a sink that only counts. No HTTP, no server code.

import { type DriverTarget, eachRow, keyed } from './driver.ts';

export interface ExportJob {
  target: DriverTarget;
  sql: string;
  parameters: unknown[];
  fieldIds: string[];
  /** Also return every row's first field (the key), so that a check can compare it with what the server sent. */
  collectKeys?: boolean;
}

export interface ExportResult {
  rows: number;
  bytes: number;
  seconds: number;
  /** Peak resident memory of this process in bytes. */
  peakRss: number;
  keys?: unknown[];
}

async function run(job: ExportJob): Promise<ExportResult> {
  let rows = 0;
  let bytes = 0;
  const keys: unknown[] | undefined = job.collectKeys ? [] : undefined;
  const sink = (row: unknown[]) => {
    bytes += JSON.stringify(keyed(job.fieldIds, row)).length;
    rows++;
    keys?.push(row[0]);
  };
  const started = process.hrtime.bigint();
  await eachRow(job.target, job.sql, job.parameters, sink);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows, bytes, seconds, peakRss: process.resourceUsage().maxRSS * 1024, ...(keys ? { keys } : {}) };
}

const result = await run(JSON.parse(process.argv[2]!) as ExportJob);
process.stdout.write(`${JSON.stringify(result)}\n`);
