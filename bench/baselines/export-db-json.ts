// Baseline of the export, the physical limit (issue 17): the server's own `skip=-1&take=-1` SQL with each row's
// JSON made by the database itself (SQLite `json_object`, PostgreSQL `row_to_json`), keyed by field id, consumed as
// fast as the driver gives it (a sink that counts bytes). Not our exact text (PROTOCOL.md section 3: decimals,
// booleans and dates differ, docs/performance.md), but the work the database does to make JSON at all.

import { eachRow } from './driver.ts';
import type { ExportJob, ExportResult } from './export-baseline.ts';

/** `'F1', "c0", 'F2', "c1", …`: the export SQL names its columns c0, c1, … in field order. */
function sqliteJsonSql(job: ExportJob): string {
  const pairs = job.fieldIds.map((id, i) => `'${id.replaceAll("'", "''")}', "c${i}"`).join(', ');
  return `select json_object(${pairs}) from (${job.sql})`;
}

function postgresJsonSql(job: ExportJob): string {
  const columns = job.fieldIds.map((id, i) => `"c${i}" as "${id.replaceAll('"', '""')}"`).join(', ');
  return `select row_to_json(t)::text from (select ${columns} from (${job.sql}) s) t`;
}

async function run(job: ExportJob): Promise<ExportResult> {
  let rows = 0;
  let bytes = 0;
  const keys: unknown[] | undefined = job.collectKeys ? [] : undefined;
  const sink = (json: string) => {
    bytes += json.length;
    rows++;
    if (keys) keys.push(Object.values(JSON.parse(json) as Record<string, unknown>)[0]);
  };
  const sql = job.target.kind === 'sqlite' ? sqliteJsonSql(job) : postgresJsonSql(job);
  const started = process.hrtime.bigint();
  await eachRow(job.target, sql, job.parameters, (row) => sink(row[0] as string));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows, bytes, seconds, peakRss: process.resourceUsage().maxRSS * 1024, ...(keys ? { keys } : {}) };
}

const result = await run(JSON.parse(process.argv[2]!) as ExportJob);
process.stdout.write(`${JSON.stringify(result)}\n`);
