// The packages as an integrator gets them: `npm pack` of all four, an install of the tarballs into an empty folder,
// and there `appconnector --version`, `appconnector serve`, the SDK from plain Node and from an esbuild browser bundle.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const PACKAGES = ['protocol', 'client', 'server', 'cli'];
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string })
  .version;
/** The installed command's environment: nothing of the shell's appconnector settings or profiles. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('APPCONNECTOR_')));

let dir: string;
let app: string;
let server: ChildProcess | undefined;
let url: string;
let token: string;

/** Starts the installed `appconnector serve` and waits for its URL and demo token. */
function startServer(db: string): Promise<void> {
  const bin = join(app, 'node_modules/.bin/appconnector');
  const child = spawn(bin, ['serve', '--port', '0', '--db', db, '--demo-rows', '20', '--log-level', 'warn'], {
    cwd: app,
    env: { ...ENV, HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((done, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const listening = /listening on (http\S+)/.exec(stdout);
      const demo = /<token>.*<\/token>/.exec(stdout);
      if (listening && demo) {
        url = listening[1]!;
        token = demo[0];
        done();
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${stdout}\n${stderr}`)));
  });
}

describe('the packed packages, installed into an empty folder', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'appconnector-pack-'));
    app = join(dir, 'app');
    // prepack builds each package (tsc -b), so the tarballs hold current JavaScript and declarations.
    const workspaces = PACKAGES.flatMap((name) => ['-w', `packages/${name}`]);
    const packed = await run('npm', ['pack', ...workspaces, '--pack-destination', dir, '--json'], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const tarballs = (JSON.parse(packed.stdout) as { filename: string }[]).map((p) => join(dir, p.filename));
    expect(tarballs).toHaveLength(4);
    cpSync(join(ROOT, 'packages/cli/test/fixtures/packaging'), app, { recursive: true });
    // Third-party packages come from npm's cache when there (--prefer-offline). Install scripts are skipped: the
    // only one is better-sqlite3's native build, minutes of compiling here; the workspace's compiled copy of the
    // same version is reused instead, and rebuilt only when the versions differ.
    await run('npm', ['install', ...tarballs, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: app,
      env: ENV,
    });
    const sqlite = (base: string) => join(base, 'node_modules/better-sqlite3');
    const version = (base: string) =>
      (JSON.parse(readFileSync(join(sqlite(base), 'package.json'), 'utf8')) as { version: string }).version;
    if (version(app) === version(ROOT))
      cpSync(join(sqlite(ROOT), 'build'), join(sqlite(app), 'build'), { recursive: true });
    else await run('npm', ['rebuild', 'better-sqlite3'], { cwd: app, env: ENV });
    await startServer(join(dir, 'appconnector.sqlite'));
  }, 600_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server!.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs JavaScript with declarations and no TypeScript loader', () => {
    for (const name of PACKAGES) {
      const base = join(app, 'node_modules/@appconnector', name);
      const manifest = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest.private, name).toBeUndefined();
      expect(existsSync(join(base, 'dist/index.js')), name).toBe(true);
      expect(existsSync(join(base, 'dist/index.d.ts')), name).toBe(true);
    }
    expect(existsSync(join(app, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/@appconnector/server/definitions/demo'))).toBe(true);
  });

  it('runs `npx appconnector --version`', async () => {
    const { stdout } = await run('npx', ['--no-install', 'appconnector', '--version'], { cwd: app, env: ENV });
    expect(stdout.trim()).toBe(VERSION);
  });

  it('serves: the started server answers /ProfitVersion', async () => {
    const response = await fetch(`${url}/ProfitVersion`, {
      headers: { authorization: `AfasToken ${Buffer.from(token).toString('base64')}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('version');
  });

  it('imports the SDK from plain Node and reads from the server', async () => {
    const { stdout } = await run(process.execPath, ['node-client.mjs', url, token], { cwd: app, env: ENV });
    const result = JSON.parse(stdout) as { rows: number; first: Record<string, unknown> };
    expect(result.rows).toBe(2);
    expect(result.first).toHaveProperty('EmployeeId');
  });

  it('bundles the SDK for browsers without node: imports, and the bundle reads from the server', async () => {
    const bundle = join(app, 'browser-bundle.js');
    const result = await build({
      entryPoints: [join(app, 'browser-client.mjs')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'app',
      outfile: bundle,
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
    expect(imports).toEqual([]);
    const text = readFileSync(bundle, 'utf8');
    expect(text).not.toMatch(/["']node:/);
    expect(text).toContain('AfasToken');
    // Run in a V8 context that has fetch and nothing of Node (no process, require, Buffer), as a browser page would.
    const { stdout } = await run(process.execPath, ['run-in-context.mjs', bundle, url, token], {
      cwd: app,
      env: ENV,
    });
    expect(JSON.parse(stdout)).toMatchObject({ rows: 2 });
  });
});
