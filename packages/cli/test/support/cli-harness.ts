// Test support for the client commands: a real demo server on SQLite or a fresh PostgreSQL database, and the CLI
// run in-process with captured output. In CI an unreachable PostgreSQL fails; locally it is skipped with a warning.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AfasClient } from '@appconnector/client';
import { envFlag, loadConfig, type RunningServer, startServer } from '@appconnector/server';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Io } from '../../src/output.ts';
import { run } from '../../src/run.ts';

export const PG_ADMIN_URL = process.env.APPCONNECTOR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface DemoServer {
  url: string;
  token: string;
  server: RunningServer;
  /** A client of the SDK on the same server, to compare the CLI's output with. */
  client: AfasClient;
  /** Flags that connect a command to this server. */
  connection: string[];
  /** The server's database (SQLite file or postgres:// URL), for administration commands beside it (`--db`). */
  db: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'appconnector-cli-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresUrl(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    if (envFlag(process.env.CI)) {
      throw new Error(`PostgreSQL is required in CI and unreachable at ${PG_ADMIN_URL}: ${(error as Error).message}`);
    }
    console.warn(`PostgreSQL unreachable at ${PG_ADMIN_URL}: PostgreSQL tests are skipped`);
    return undefined;
  }
  const name = `appconnector_cli_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      // The server's pool may still be closing its sessions; a forced drop would kill them under its feet.
      for (let i = 0; i < 50; i++) {
        const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
          name,
        ]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A demo server (200 employees) on a fresh database; undefined when PostgreSQL is asked for and unreachable locally. */
export async function startDemoServer(kind: 'sqlite' | 'postgres' = 'sqlite'): Promise<DemoServer | undefined> {
  const temp = tempDir('appconnector-cli-db-');
  const pgDb = kind === 'postgres' ? await postgresUrl() : undefined;
  if (kind === 'postgres' && !pgDb) {
    temp.remove();
    return undefined;
  }
  const db = pgDb?.url ?? join(temp.dir, 'demo.sqlite');
  const server = await startServer(loadConfig({ db, port: 0, logLevel: 'silent', demoRows: 200 }));
  const token = server.demoToken!;
  return {
    url: server.url,
    token,
    server,
    client: new AfasClient({ baseUrl: server.url, token }),
    connection: ['--url', server.url, '--token', token],
    db,
    async close() {
      // Pages fetched ahead and aborted can leave sockets that never sent a request; Node would wait for its
      // headers timeout (a minute) before closing them. Requests in flight get a second to finish first.
      const closing = server.close();
      const timer = setTimeout(() => server.app.server.closeAllConnections(), 1000);
      await closing;
      clearTimeout(timer);
      await pgDb?.drop();
      temp.remove();
    },
  };
}

/**
 * The usual setup of a test file: connection variables cleared, one SQLite demo server started before its tests and
 * a temporary folder, both removed after them. `demo` stands for the server from beforeAll on, so tests read
 * `demo.connection` as if they held it themselves.
 */
export function sqliteDemoForFile(): { demo: DemoServer; temp: ReturnType<typeof tempDir> } {
  let started: DemoServer | undefined;
  const temp = tempDir();
  beforeAll(async () => {
    clearConnectionEnv();
    started = (await startDemoServer('sqlite'))!;
  });
  afterAll(async () => {
    await started?.close();
    temp.remove();
  });
  const demo = new Proxy({} as DemoServer, {
    get(_, key) {
      if (!started) throw new Error('the demo server starts in beforeAll: use it inside a test');
      return Reflect.get(started, key);
    },
  });
  return { demo, temp };
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `appconnector <argv>` in-process; the exit code is 0 when the command returned normally. */
export async function cli(...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (text) => out.push(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => err.push(text.endsWith('\n') ? text : `${text}\n`),
    interactive: false,
  };
  const code = await run(argv, io);
  return { code: code ?? 0, out: out.join(''), err: err.join('') };
}

/** Runs a command with `input` as its stdin (a pipe, as `printf … | appconnector …`). */
export async function cliWithStdin(input: string, ...argv: string[]): Promise<CliResult> {
  const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input)]), configurable: true });
  try {
    return await cli(...argv);
  } finally {
    Object.defineProperty(process, 'stdin', original);
  }
}

/** Connection variables of the developer's shell must not leak into tests. */
export function clearConnectionEnv(): void {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('APPCONNECTOR_')) delete process.env[name];
  }
}

/**
 * An HTTP proxy to a real server that drops the connection from the (failAfter+1)th call on: a server that goes
 * away in the middle of a long command.
 */
export async function failingProxy(
  target: string,
  failAfter: number,
): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const origin = new URL(target);
  let calls = 0;
  const server = createServer(async (request, response) => {
    calls++;
    if (calls > failAfter) {
      request.socket.destroy();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
    }
    const answer = await fetch(`${origin.origin}${request.url}`, { method: request.method, headers });
    const body = Buffer.from(await answer.arrayBuffer());
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      // fetch already decoded the body and will frame it anew.
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) {
        out[name] = value;
      }
    });
    response.writeHead(answer.status, out);
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${origin.pathname}`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
