// Baseline of the page scenarios: a bare node:http server that answers every request by running the server's own
// prepared SQL and JSON.stringify-ing `{skip,take,rows}`. No routing, auth, parsing or planning: the floor.

import { createServer } from 'node:http';
import { type DriverTarget, keyed, openPostgres, openSqlite } from './driver.ts';

export interface PageJob {
  target: DriverTarget;
  sql: string;
  parameters: unknown[];
  fieldIds: string[];
  skip: number;
  take: number;
}

const job = JSON.parse(process.argv[2]!) as PageJob;

function answer(rows: unknown[][]): string {
  return JSON.stringify({ skip: job.skip, take: job.take, rows: rows.map((row) => keyed(job.fieldIds, row)) });
}

let page: () => Promise<string>;
if (job.target.kind === 'sqlite') {
  const statement = openSqlite(job.target).prepare(job.sql).raw(true);
  page = async () => answer(statement.all(...job.parameters) as unknown[][]);
} else {
  // As many connections as the server's pool, and a named (prepared once per connection) statement.
  const pool = openPostgres(job.target, 10);
  page = async () =>
    answer((await pool.query({ name: 'page', text: job.sql, values: job.parameters, rowMode: 'array' })).rows);
}

const server = createServer((_request, response) => {
  page().then(
    (body) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(body);
    },
    (error: Error) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(error.message);
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`page baseline listening on http://127.0.0.1:${port}/\n`);
});
process.once('SIGTERM', () => process.exit(0));
