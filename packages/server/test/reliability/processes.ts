// Server child processes for the reliability tests: `appconnector serve` started as a user starts it (its URL and
// demo token read from what it prints), killed with SIGKILL mid-work; and a free local port for a balancer.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { authorizationHeader } from '@appconnector/protocol';

const CLI = fileURLToPath(new URL('../../../cli/bin/appconnector.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>/ProfitRestServices` */
  base: string;
  port: number;
  /** The Authorization header of the demo token it printed. */
  auth: string;
  /** Everything it wrote to stderr, for a failing test's message. */
  errors(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/**
 * Starts `appconnector serve --db <db> --port 0` with `args` (the demo environment built on an empty database) and
 * waits until it says where it listens and which demo token to use.
 */
export function startServerProcess(db: string, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr!.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server process did not start:\n${out}\n${err}`));
    }, 120_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server process exited (${code}) before listening:\n${out}\n${err}`));
    };
    child.once('exit', early);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const listening = /listening on (http:\/\/[^\s]+)/.exec(out);
      // The demo token follows its heading on the next line; wait for the line that comes after it.
      const token = /Demo token[^\n]*\n([^\n]+)\n/.exec(out);
      if (listening && token) {
        clearTimeout(timer);
        child.off('exit', early);
        const base = listening[1]!;
        resolve({
          child,
          base,
          port: Number(new URL(base).port),
          auth: authorizationHeader(token[1]!.trim()),
          errors: () => err,
          exited,
        });
      }
    });
  });
}

/** Kills a server process the hard way (no shutdown work at all) and waits until it is gone. */
export async function killHard(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** A local port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
