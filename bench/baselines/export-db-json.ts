// Baseline of the export, the physical limit (issue 17): the server's own `skip=-1&take=-1` SQL with each row's
// JSON made by the database itself (SQLite `json_object`, PostgreSQL `row_to_json`), keyed by field id, consumed as
// fast as the driver gives it (a sink that counts bytes). Not our exact text (PROTOCOL.md section 3: decimals,
// booleans and dates differ, docs/performance.md), but the work the database does to make JSON at all.

import Cursor from 'pg-cursor';
import { openPostgres, openSqlite } from './driver.ts';
import type { ExportJob, ExportResult } from './export-baseline.ts';

const BATCH = 1000;

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
  const started = process.hrtime.bigint();
  if (job.target.kind === 'sqlite') {
    const db = openSqlite(job.target);
    for (const json of db
      .prepare(sqliteJsonSql(job))
      .pluck(true)
      .iterate(...job.parameters))
      sink(json as string);
    db.close();
  } else {
    const pool = openPostgres(job.target, 1);
    const client = await pool.connect();
    const cursor = client.query(new Cursor(postgresJsonSql(job), job.parameters, { rowMode: 'array' }));
    for (;;) {
      const batch = (await cursor.read(BATCH)) as [string][];
      for (const [json] of batch) sink(json);
      if (batch.length < BATCH) break;
    }
    await cursor.close();
    client.release();
    await pool.end();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows, bytes, seconds, peakRss: process.resourceUsage().maxRSS * 1024, ...(keys ? { keys } : {}) };
}

const result = await run(JSON.parse(process.argv[2]!) as ExportJob);
process.stdout.write(`${JSON.stringify(result)}\n`);
