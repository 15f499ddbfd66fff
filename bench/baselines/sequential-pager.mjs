// Baseline of the client export: pages the way the common AFAS clients do (take=1000, skip growing, sorted, one call
// at a time, each page parsed whole), writing NDJSON to a file. Plain JavaScript, so it starts as fast as Node does.
// Job (argv[2], JSON): { base, auth, connector, orderBy, out }; prints { rows, seconds } as its last line.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const TAKE = 1000;
const job = JSON.parse(process.argv[2]);
const started = process.hrtime.bigint();
const file = createWriteStream(job.out);
let rows = 0;
for (let skip = 0; ; skip += TAKE) {
  const url = `${job.base}/connectors/${job.connector}?skip=${skip}&take=${TAKE}&orderbyfieldids=${job.orderBy}`;
  const response = await fetch(url, { headers: { authorization: job.auth } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  const page = await response.json();
  let text = '';
  for (const row of page.rows) text += `${JSON.stringify(row)}\n`;
  if (!file.write(text)) await once(file, 'drain');
  rows += page.rows.length;
  if (page.rows.length < TAKE) break;
}
file.end();
await once(file, 'finish');
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ rows, seconds })}\n`);
