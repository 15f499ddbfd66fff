// Child processes of the benchmark: the real server (`appconnector serve`) and the baseline scripts, each in its own
// process so that neither shares an event loop with the load generator; plus their memory from /proc. No measuring.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APPCONNECTOR = resolve(ROOT, 'packages/cli/bin/appconnector.js');
const RUN_TS = resolve(ROOT, 'packages/cli/bin/run-ts.js');

export interface ChildHandle {
  /** The URL the child printed (`... listening on <url>`). */
  url: string;
  pid: number;
  /** Current and peak resident memory in bytes (VmRSS, VmHWM), undefined off Linux. */
  memory(): { rss: number; peak: number } | undefined;
  /** Resets the peak (VmHWM) to the current RSS, so the next peak belongs to what follows. */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Writes a V8 CPU profile of the child into this directory when it stops. */
  cpuProfDir?: string;
  /** Sent to stderr of the benchmark, prefixed, so that a failing child explains itself. */
  label: string;
}

function readStatus(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

function nodeArgs(options: SpawnOptions): string[] {
  if (!options.cpuProfDir) return [];
  // A directory per child and Node's own file names: tsx's loader thread writes a profile too, and one fixed
  // name would let it overwrite the main thread's.
  const dir = join(options.cpuProfDir, options.label);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** Spawns `node <args>` and waits for a line holding `listening on <url>` (or `listening <url>`). */
function spawnListening(args: string[], options: SpawnOptions, env: NodeJS.ProcessEnv = {}): Promise<ChildHandle> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs(options), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderr += text;
    process.stderr.write(text.replace(/^(?=.)/gm, `[${options.label}] `));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolveStart, reject) => {
    let stdout = '';
    const onData = (text: string) => {
      stdout += text;
      const match = /listening(?: on)? (https?:\/\/\S+)/.exec(stdout);
      if (!match) return;
      child.stdout!.off('data', onData);
      // Keep draining stdout, or a chatty child would block on a full pipe.
      child.stdout!.resume();
      const pid = child.pid!;
      resolveStart({
        url: match[1]!,
        pid,
        memory: () => readStatus(pid),
        resetPeak: () => {
          try {
            // `5` resets VmHWM (Linux >= 4.0, see proc(5) clear_refs).
            writeFileSync(`/proc/${pid}/clear_refs`, '5');
            return true;
          } catch {
            return false;
          }
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          // A profile is written at a clean exit only; give it time, then insist.
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        },
      });
    };
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`${options.label} exited (${signal ?? code}) before listening:\n${stderr.slice(-2000)}`)),
    );
    child.once('error', reject);
  });
}

/** The server as users run it: `appconnector serve --db <db> --port 0 --no-demo --log-level warn`. */
export function startServerProcess(db: string, options: SpawnOptions): Promise<ChildHandle> {
  return spawnListening(
    [APPCONNECTOR, 'serve', '--db', db, '--port', '0', '--no-demo', '--log-level', 'warn'],
    options,
    // The configuration comes from these flags only, whatever the shell running the bench has set.
    { APPCONNECTOR_CONFIG: '', APPCONNECTOR_DB: '', APPCONNECTOR_PORT: '', APPCONNECTOR_HOST: '' },
  );
}

/** A baseline script (bench/baselines/*.ts) that serves HTTP; it receives its job as one JSON argument. */
export function startBaselineProcess(script: string, job: unknown, options: SpawnOptions): Promise<ChildHandle> {
  return spawnListening([RUN_TS, resolve(ROOT, script), JSON.stringify(job)], options);
}

/** Runs a baseline script to its end and returns the JSON it printed last. */
export function runBaselineScript<T>(script: string, job: unknown, label: string): Promise<T> {
  return runForJson<T>([RUN_TS, resolve(ROOT, script), JSON.stringify(job)], label);
}

/** Runs `node <args>` to its end and parses the last line it printed as JSON; rejects with its stderr on failure. */
export function runForJson<T>(args: string[], label: string, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((done, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${label} failed (exit ${code}):\n${stderr.slice(-2000)}`));
      try {
        done(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${label} printed no result:\n${stdout.slice(-500)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}
