// Runs the README's CLI walkthrough as written: the lines of the code block after `<!-- walkthrough -->`, each as a
// real `appconnector` process in an empty folder, against a demo server on SQLite (its address put for localhost:8080).

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer, tempDir } from './support/cli-harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/appconnector.js');
const run = promisify(execFile);

/** The walkthrough's command lines: comments and empty lines dropped. */
export function walkthroughLines(readme: string): string[] {
  const start = readme.indexOf('<!-- walkthrough -->');
  if (start === -1) throw new Error('README.md has no <!-- walkthrough --> block');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error('no ```sh block after <!-- walkthrough -->');
  return block[1]!
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** A line split as a POSIX shell would for these lines: quotes, $VARIABLES (not in single quotes), # comments. */
export function shellWords(line: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const add = (text: string) => {
    word = (word ?? '') + text;
  };
  const variable = () => {
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(line.slice(i));
    if (!name) return false;
    if (!(name[1]! in vars)) throw new Error(`walkthrough uses $${name[1]}, which the test does not set`);
    add(vars[name[1]!]!);
    i += name[0].length;
    return true;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === '#' && word === undefined) break;
    else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unclosed ' in: ${line}`);
      add(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      i++;
      add('');
      while (line[i] !== '"') {
        if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
        if (line[i] === '$' && variable()) continue;
        add(line[i]!);
        i++;
      }
      i++;
    } else if (c === '$' && variable()) {
    } else if (/[|;&<>`\\]/.test(c)) throw new Error(`walkthrough lines must be plain commands: ${line}`);
    else {
      add(c);
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

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
