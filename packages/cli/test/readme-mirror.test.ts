// Runs the README's mirror walkthrough as written (the block after `<!-- mirror-walkthrough -->`), each line a real
// `appconnector` process in an empty folder: a demo server stands in for the tenant (its address put for the
// tenant's), `serve` runs in the background on a free port (put for localhost:8080), and $MIRROR_TOKEN is what the
// mirror line printed.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type DemoServer, startDemoServer, tempDir } from './support/cli-harness.ts';
import { shellWords, walkthroughLines } from './support/walkthrough.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/appconnector.js');
const TENANT = 'https://12345.resttest.afas.online/ProfitRestServices';
const run = promisify(execFile);

/** Starts `serve` in the background and answers the URL it prints once it listens. */
function background(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, [BIN, ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const listening = new Promise<string>((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+\/ProfitRestServices)/.exec(output);
      if (url) resolve(url[1]!);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
  return { child, listening };
}

describe('the README mirror walkthrough', () => {
  let tenant: DemoServer;
  let server: ChildProcess | undefined;
  const folder = tempDir('appconnector-mirror-walkthrough-');
  beforeAll(async () => {
    tenant = (await startDemoServer('sqlite'))!;
  }, 120_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    await tenant?.close();
    folder.remove();
  });

  it('runs every command as written, in order, each exiting 0', async () => {
    const lines = walkthroughLines(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'mirror-walkthrough');
    expect(lines.some((line) => line.startsWith('appconnector mirror '))).toBe(true);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: folder.dir };
    env.APPCONNECTOR_PROFILES = join(folder.dir, 'profiles.json');
    const vars: Record<string, string> = { TOKEN: tenant.token };
    let local = 'http://localhost:8080';
    const outputs = new Map<string, string>();
    for (const line of lines) {
      const words = shellWords(line.replaceAll(TENANT, tenant.url).replaceAll('http://localhost:8080', local), vars);
      expect(words[0], line).toBe('appconnector');
      if (words[1] === 'serve') {
        const args = words.slice(1).map((word, i, all) => (all[i - 1] === '--port' ? '0' : word));
        const started = background(args, { cwd: folder.dir, env });
        server = started.child;
        local = new URL(await started.listening).origin;
        continue;
      }
      const result = await run(process.execPath, [BIN, ...words.slice(1)], { cwd: folder.dir, env }).catch(
        (error: { code: number; stderr: string }) => {
          throw new Error(`${line}\nexited ${error.code}: ${error.stderr}`);
        },
      );
      outputs.set(words.slice(0, 3).join(' '), result.stdout);
      if (words[1] === 'mirror') vars.MIRROR_TOKEN = result.stdout.trim();
    }
    // What the lines promise: a token, the definition files, the tenant's metainfo, generated rows.
    expect(vars.MIRROR_TOKEN).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>$/);
    expect(readdirSync(join(folder.dir, 'mirror-definitions'))).toContain('get-Profit_Employees.json');
    const tenantMeta = await cli('metainfo', 'get', 'Profit_Employees', ...tenant.connection);
    expect(outputs.get('appconnector metainfo get')).toBe(tenantMeta.out);
    const rows = outputs.get('appconnector get Profit_Employees')!.trim().split('\n');
    // A header, its rule and three rows.
    expect(rows).toHaveLength(5);
  }, 300_000);
});
