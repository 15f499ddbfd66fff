// `appconnector definitions export` and `appconnector field add` in-process: a copy of the demo definitions, a
// custom field written into it, the built-in demo refused with a hint, and usage errors with their exit codes.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, type Io } from '../src/output.ts';
import { run } from '../src/run.ts';

async function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), interactive: false };
  const code = (await run(argv, io)) ?? 0;
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

describe('definitions export and field add', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-cli-fields-'));
  const copy = join(dir, 'definitions');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the built-in demo definitions and refuses a directory that is not empty', async () => {
    const exported = await cli('definitions', 'export', '--out', copy);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toMatch(/^copied \d+ definition files to /);
    expect(existsSync(join(copy, 'update-knemployee.yaml'))).toBe(true);
    const again = await cli('definitions', 'export', '--out', copy);
    expect(again.code).toBe(EXIT.usage);
    expect(again.err).toContain('is not empty (pass --force to overwrite)');
  });

  it('adds a custom field to a table, a GetConnector and an UpdateConnector object', async () => {
    const added = await cli(
      'field',
      'add',
      '--config',
      copy,
      '--object',
      'hr_employee',
      '--label',
      'Bike plan',
      '--label-nl',
      'Fietsplan',
      '--type',
      'boolean',
      '--get',
      'Profit_Employees',
      '--update',
      'KnEmployee/AfasEmployee',
      '--json',
    );
    expect(added.code, added.err).toBe(0);
    const result = JSON.parse(added.out);
    expect(result.fieldId).toMatch(/^U[0-9A-F]{32}$/);
    expect(result).toMatchObject({
      table: 'hr_employee',
      collections: ['Employees'],
      getConnectors: ['Profit_Employees'],
    });
    expect(readFileSync(join(copy, 'update-knemployee.yaml'), 'utf8')).toContain(
      `- { fieldId: ${result.fieldId}, column: ${result.column}, dataType: boolean, label: { en: Bike plan, nl: Fietsplan } }`,
    );
  });

  it('refuses the built-in demo, a missing --config and a wrong type', async () => {
    const demo = await cli('field', 'add', '--object', 'hr_employee', '--label', 'X', '--type', 'int');
    expect(demo.code).toBe(EXIT.usage);
    expect(demo.err).toContain('appconnector definitions export --out <dir>');
    const wrongType = await cli(
      'field',
      'add',
      '--config',
      copy,
      '--object',
      'hr_employee',
      '--label',
      'X',
      '--type',
      'text',
    );
    expect(wrongType.code).toBe(EXIT.usage);
    expect(wrongType.err).toContain('--type must be one of string, int, decimal, date, boolean, blob');
  });
});
