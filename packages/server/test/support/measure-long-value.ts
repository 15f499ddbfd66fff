// Measures what one very long value costs the server: a KnSubject whose 255-character Ds is 74 MB, sent to a
// server in a child process (SQLite, small demo). Prints the answer's time, the longest a /ProfitVersion call
// waited meanwhile (the event loop blocked), and the server's RSS before, at peak and 10 s after.
// Run: node packages/cli/bin/run-ts.js packages/server/test/support/measure-long-value.ts [repository root]
// A script, not a test: it prints figures and asserts only that the value was refused with valueTooLong.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { authorizationHeader } from '@appconnector/protocol';

const root = resolve(process.argv[2] ?? '.');
const MB = 74;
const dir = mkdtempSync(join(tmpdir(), 'appconnector-long-value-'));

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024);
}

const child = spawn(
  process.execPath,
  [
    join(root, 'packages/cli/bin/appconnector.js'),
    'serve',
    '--db',
    join(dir, 'db.sqlite'),
    '--port',
    '0',
    '--demo-rows',
    '10',
    '--log-level',
    'silent',
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
});
const { url, token } = await new Promise<{ url: string; token: string }>((done, fail) => {
  const timer = setInterval(() => {
    const url = /listening on (\S+)/.exec(output)?.[1];
    const token = /(<token>.*<\/token>)/.exec(output)?.[1];
    if (url && token) {
      clearInterval(timer);
      done({ url, token });
    }
  }, 100);
  child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${output}`)));
});
const auth = authorizationHeader(token);
const pid = child.pid!;
try {
  // Warm up: one ordinary write and a few reads, so "before" is a server at work, not a cold one.
  const small = { KnSubject: { Element: { Fields: { StId: 1, Ds: 'kort' } } } };
  const warm = await fetch(`${url}/connectors/KnSubject`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', 'accept-language': 'en-US' },
    body: JSON.stringify(small),
  });
  if (warm.status !== 201) throw new Error(`warm-up write: ${warm.status} ${await warm.text()}`);
  for (let i = 0; i < 20; i++) await (await fetch(`${url}/ProfitVersion`)).text();
  const before = rssMb(pid, 'VmRSS');

  const body = Buffer.from(
    JSON.stringify({ KnSubject: { Element: { Fields: { StId: 1, Ds: 'x'.repeat(MB * 1024 * 1024) } } } }),
  );
  // Three times: a server that keeps what one refusal cost grows with each; one at rest stays level.
  for (let round = 1; round <= 3; round++) {
    let longestPing = 0;
    let sending = true;
    const pings = (async () => {
      while (sending) {
        const started = performance.now();
        await (await fetch(`${url}/ProfitVersion`)).text();
        longestPing = Math.max(longestPing, performance.now() - started);
        await new Promise((next) => setTimeout(next, 5));
      }
    })();
    const started = performance.now();
    const response = await fetch(`${url}/connectors/KnSubject`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json', 'accept-language': 'en-US' },
      body,
    });
    const answer = await response.json();
    const elapsed = performance.now() - started;
    sending = false;
    await pings;
    if (!/for field 'Ds' is longer than 255 characters/.test(answer.externalMessage))
      throw new Error(JSON.stringify(answer));
    const peak = rssMb(pid, 'VmHWM');
    await new Promise((next) => setTimeout(next, 10_000));
    for (let i = 0; i < 20; i++) await (await fetch(`${url}/ProfitVersion`)).text();
    const after = rssMb(pid, 'VmRSS');
    console.log(
      `round ${round}: ${MB} MB value in a 255 field: ${response.status} valueTooLong in ${Math.round(elapsed)} ms ` +
        `(body sent and read included); longest /ProfitVersion meanwhile ${Math.round(longestPing)} ms; ` +
        `server RSS ${before} MB before, ${peak} MB peak so far, ${after} MB 10 s after`,
    );
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((done) => child.on('exit', done));
  rmSync(dir, { recursive: true, force: true });
}
