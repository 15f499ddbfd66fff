// What the command loads: --version, --help and the client commands never load the server or its heavy modules
// (Fastify, database drivers, sharp), which would make every call slow to start; admin commands do load them.
// Runs the sources in a child process whose module resolutions a hook reports on stderr.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const HOOK = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  process.stderr.write('RESOLVED ' + result.url + '\\n');
  return result;
}`;
const PRELOAD = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`,
)}`;
const HEAVY = /\/(packages\/server\/|node_modules\/(fastify|pg|pg-cursor|better-sqlite3|sharp|kysely|pdfkit)\/)/;

const dir = mkdtempSync(join(tmpdir(), 'appconnector-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The module URLs resolved while `appconnector <args>` ran from the sources. */
function resolvedBy(args: string[]): Promise<string[]> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('APPCONNECTOR_')));
  return new Promise((done, reject) => {
    execFile(
      process.execPath,
      ['--import', PRELOAD, '--import', './packages/cli/bin/source-loader.js', 'packages/cli/src/main.ts', ...args],
      { cwd: ROOT, env: { ...env, HOME: dir } },
      (error, _stdout, stderr) => {
        const urls = stderr.split('\n').flatMap((line) => (line.startsWith('RESOLVED ') ? [line.slice(9)] : []));
        if (urls.length === 0) reject(error ?? new Error(`no resolutions reported:\n${stderr}`));
        else done(urls);
      },
    );
  });
}

describe('the appconnector command loads the server only when a command needs it', () => {
  it.each(['--version', '--help', 'get --help', 'export --help', 'serve --help'])(
    '`appconnector %s` loads no server module',
    async (args) => {
      const urls = await resolvedBy(args.split(' '));
      expect(urls.some((url) => url.includes('packages/cli/src/program.ts'))).toBe(true);
      expect(urls.filter((url) => HEAVY.test(url))).toEqual([]);
    },
  );

  it('an admin command loads it', async () => {
    const urls = await resolvedBy(['env', 'list', '--db', join(dir, 'lazy.sqlite')]);
    expect(urls.some((url) => url.includes('packages/server/src/index.ts'))).toBe(true);
    expect(urls.some((url) => url.includes('node_modules/fastify/'))).toBe(true);
  });
});
