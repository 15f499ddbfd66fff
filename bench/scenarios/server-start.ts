// Scenario 8, server start and rest: `appconnector serve` on the existing demo database, spawn until it answers
// ProfitVersion, then its RSS after idling; beside a bare `node -e` http server, whole processes, run alternately.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { boot } from '@appconnector/server';
import { ROOT } from '../server-process.ts';
import { type BenchContext, check, MB, type ScenarioResult } from './kit.ts';

const APPCONNECTOR = resolve(ROOT, 'packages/cli/bin/appconnector.js');
const VERSION_PATH = '/ProfitRestServices/ProfitVersion';
/** How often a starting process is asked; a refused connection on loopback costs microseconds. */
const POLL_MS = 5;
/** Idle time before the resting RSS is read: long enough for start-up garbage to be collected. */
const REST_MS = 3000;
const SMOKE_REST_MS = 500;

/** A port nobody listens on now (the kernel's choice, released at once). */
function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/**
 * One GET with a fresh connection; undefined while nothing answers yet: refused, or reset (the server's start probes
 * its port with a listener of its own that accepts and closes).
 */
function tryGet(url: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((done, reject) => {
    const notYet = (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' ? done(undefined) : reject(error);
    const request = get(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => {
        body += text;
      });
      response.on('end', () => done({ status: response.statusCode ?? 0, body }));
      response.on('error', notYet);
    });
    request.on('error', notYet);
  });
}

function restingRss(pid: number): number {
  // /proc/<pid>/status, VmRSS in kB (Linux only, as the other memory figures of the bench).
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for ${pid}`);
  return (Number(kb) * 1024) / MB;
}

interface Started {
  child: ChildProcess;
  ms: number;
  answer: { status: number; body: string };
}

/** Spawns `node <args>` and asks `url` until it answers; the time is spawn to the end of the first answer. */
async function startAndAsk(args: string[], url: string, label: string, env?: NodeJS.ProcessEnv): Promise<Started> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`${label} exited before answering:\n${stderr.slice(-2000)}`);
      const answer = await tryGet(url);
      if (answer) return { child, ms: Number(process.hrtime.bigint() - started) / 1e6, answer };
      await sleep(POLL_MS);
    }
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A bare http server answering the one route, as small as Node makes it. */
function baselineScript(port: number): string {
  return (
    `require('node:http').createServer((q, s) => {` +
    `if (q.url === '${VERSION_PATH}') { s.setHeader('content-type', 'application/json; charset=utf-8');` +
    ` s.end('{"version":"0.0.0"}'); } else { s.statusCode = 404; s.end(); }` +
    `}).listen(${port}, '127.0.0.1');`
  );
}

/** How many connectors the server loads from the demo definitions (the same boot the server does). */
async function connectorCounts(db: string): Promise<{ get: number; update: number }> {
  const runtime = await boot({ database: db });
  try {
    return { get: runtime.registry.getConnectors.size, update: runtime.registry.updateConnectors.size };
  } finally {
    await runtime.db.close();
  }
}

export async function serverStartScenario(context: BenchContext): Promise<ScenarioResult> {
  const checks: string[] = [];
  const counts = await connectorCounts(context.database.url);
  check(
    counts.get > 1 && counts.update > 1,
    `${counts.get} GetConnectors and ${counts.update} UpdateConnectors loaded`,
    checks,
  );
  const start = { figure: [] as number[], baseline: [] as number[] };
  const rest = { figure: [] as number[], baseline: [] as number[] };
  const restMs = context.smoke ? SMOKE_REST_MS : REST_MS;
  for (let run = 0; run < context.runs; run++) {
    const basePort = await freePort();
    const base = await startAndAsk(
      ['-e', baselineScript(basePort)],
      `http://127.0.0.1:${basePort}${VERSION_PATH}`,
      'node -e http server',
    );
    let server: Started | undefined;
    try {
      check(base.answer.status === 200, 'the bare server answered ProfitVersion', checks);
      const port = await freePort();
      // As users run it, on the bench's existing database; --no-demo so no start writes the shared database.
      server = await startAndAsk(
        [
          APPCONNECTOR,
          'serve',
          '--db',
          context.database.url,
          '--port',
          String(port),
          '--no-demo',
          '--log-level',
          'warn',
        ],
        `http://127.0.0.1:${port}${VERSION_PATH}`,
        'appconnector serve',
        // The configuration comes from these flags only, whatever the shell running the bench has set.
        { APPCONNECTOR_CONFIG: '', APPCONNECTOR_DB: '', APPCONNECTOR_PORT: '', APPCONNECTOR_HOST: '' },
      );
      const version = JSON.parse(server.answer.body) as { version?: unknown };
      check(
        server.answer.status === 200 && typeof version.version === 'string',
        `serve answered ProfitVersion ${String(version.version)}`,
        checks,
      );
      start.baseline.push(base.ms);
      start.figure.push(server.ms);
      // The baseline has idled at least as long by now.
      await sleep(restMs);
      rest.baseline.push(restingRss(base.child.pid!));
      rest.figure.push(restingRss(server.child.pid!));
    } finally {
      await stop(base.child);
      if (server) await stop(server.child);
    }
  }
  return {
    scenario: 'server start',
    database: context.database.kind,
    checks: [...new Set(checks)],
    measurements: [
      {
        name: `serve (${counts.get} get, ${counts.update} update): spawn to ProfitVersion vs node -e http`,
        unit: 'ms',
        ...start,
        target: { on: 'figure', op: '<=', value: 2000, text: '<= 2 s' },
      },
      {
        name: `serve: RSS at rest (${restMs / 1000} s) vs node -e http`,
        unit: 'MB',
        ...rest,
        target: { on: 'figure', op: '<=', value: 120, text: '<= 120 MB' },
      },
    ],
  };
}
