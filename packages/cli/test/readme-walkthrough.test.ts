// Runs the README's CLI walkthrough as written: the lines of the code block after `<!-- walkthrough -->`, each as a
// real `appconnector` process in an empty folder, against a demo server on SQLite (its address put for localhost:8080).

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer, tempDir } from './support/cli-harness.ts';
import { shellWords, walkthroughLines } from './support/walkthrough.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/appconnector.js');
const run = promisify(execFile);

describe('shellWords', () => {
  it('splits as a shell would', () => {
    expect(shellWords(`a --x 'C=1 2' "$T" b # note`, { T: '<t>' })).toEqual(['a', '--x', 'C=1 2', '<t>', 'b']);
    expect(shellWords(`a '{env}' "x $T y"`, { T: 'v' })).toEqual(['a', '{env}', 'x v y']);
    expect(() => shellWords('a $NOPE', {})).toThrow(/NOPE/);
    expect(() => shellWords('a | b', {})).toThrow(/plain commands/);
    expect(() => shellWords('a b\\c', {})).toThrow(/plain commands/);
  });
});

describe('the README walkthrough', () => {
  let demo: DemoServer;
  const folder = tempDir('appconnector-walkthrough-');
  beforeAll(async () => {
    demo = (await startDemoServer('sqlite'))!;
  });
  afterAll(async () => {
    await demo?.close();
    folder.remove();
  });

  it('runs every command as written, in order, each exiting 0', async () => {
    const lines = walkthroughLines(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const origin = new URL(demo.url).origin;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: folder.dir };
    env.APPCONNECTOR_PROFILES = join(folder.dir, 'profiles.json');
    const outputs: string[] = [];
    for (const line of lines) {
      // The README's server is npm start's; this one listens on a free port of 127.0.0.1.
      const words = shellWords(line.replaceAll('http://localhost:8080', origin), { TOKEN: demo.token });
      expect(words[0], line).toBe('appconnector');
      const result = await run(process.execPath, [BIN, ...words.slice(1)], { cwd: folder.dir, env }).catch(
        (error: { code: number; stderr: string }) => {
          throw new Error(`${line}\nexited ${error.code}: ${error.stderr}`);
        },
      );
      outputs.push(result.stdout);
    }
    const at = (prefix: string) => outputs[lines.findIndex((l) => l.startsWith(prefix))]!;
    // What the lines promise: rows from the profile, files written, standard output used for -.
    expect(at("appconnector get Profit_Employees --filter 'City=Utrecht'")).toMatch(/EmployeeId/);
    expect(at("appconnector get Profit_Employees --filter 'DateOfBirth")).toMatch(/^EmployeeId,LastName,City\n/);
    expect(readFileSync(join(folder.dir, 'employees.ndjson'), 'utf8').trim().split('\n')).toHaveLength(200);
    expect(readFileSync(join(folder.dir, 'medewerkers.csv'), 'utf8')).toMatch(/^\uFEFFEmployeeId;/);
    expect(at('appconnector export Profit_Employees --out -').trim().split('\n')).toHaveLength(3);
    expect(existsSync(join(folder.dir, '-'))).toBe(false);
    expect(existsSync(join(folder.dir, 'changes.ndjson'))).toBe(true);
    expect(readFileSync(join(folder.dir, 'afas-types.ts'), 'utf8')).toContain('Profit_Employees');
  });
});
