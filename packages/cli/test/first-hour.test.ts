// The first hour of a new user: admin commands that refuse a missing database, errors as JSON, --expires, output to
// stdout, Dutch Excel CSV, idle syncs that write nothing, and "did you mean" for connectors and fields.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExpiry } from '../src/commands/admin.ts';
import { CliError, EXIT, elapsed } from '../src/output.ts';
import { nearest } from '../src/suggest.ts';
import { cli, sqliteDemoForFile } from './support/cli-harness.ts';

const { demo, temp } = sqliteDemoForFile();

describe('administration commands', () => {
  it('refuse a database that does not exist instead of creating an empty one (exit 4)', async () => {
    const missing = join(temp.dir, 'elsewhere', 'appconnector.sqlite');
    for (const argv of [
      ['env', 'list'],
      ['app-connector', 'list'],
      ['token', 'list', '--env', 'O12345AA', '--app-connector', 'Demo'],
      ['stored', 'KnPerson'],
    ]) {
      const result = await cli(...argv, '--db', missing);
      expect(result.code, argv.join(' ')).toBe(EXIT.notFound);
      expect(result.err).toMatch(/no database at .*elsewhere.*appconnector\.sqlite.*give --db/);
    }
    expect(existsSync(missing)).toBe(false);
  });

  it('exit 2 for invalid input and 4 for what does not exist, as JSON with --json', async () => {
    const db = ['--db', demo.db];
    const notThere = await cli('app-connector', 'create', '--env', 'O99999AA', '--name', 'X', ...db, '--json');
    expect(notThere.code).toBe(EXIT.notFound);
    expect(JSON.parse(notThere.err)).toEqual({
      error: { message: 'environment O99999AA does not exist', exitCode: 4, kind: 'notFound' },
    });
    const twice = await cli('app-connector', 'create', '--env', 'O12345AA', '--name', 'Demo', ...db);
    expect([twice.code, twice.err]).toEqual([
      EXIT.usage,
      "error: App Connector 'Demo' already exists in environment O12345AA\n",
    ]);
    const link = await cli(
      'app-connector',
      'link',
      '--env',
      'O12345AA',
      '--name',
      'Demo',
      '--get',
      'Profit_Employes',
      ...db,
    );
    expect(link.code).toBe(EXIT.notFound);
    expect(link.err).toContain("did you mean 'Profit_Employees'?");
    const past = await cli(
      'token',
      'create',
      '--env',
      'O12345AA',
      '--app-connector',
      'Demo',
      '--user',
      'x',
      '--expires',
      '2001-01-01',
      ...db,
    );
    expect([past.code, past.err]).toEqual([EXIT.usage, 'error: --expires: 2001-01-01T00:00:00.000Z is in the past\n']);
    const usage = await cli('env', 'list', '--no-such-flag', '--json');
    expect(usage.code).toBe(EXIT.usage);
    expect(JSON.parse(usage.err).error).toMatchObject({ exitCode: 2, kind: 'usage' });
    expect(usage.out).toBe('');
  });

  it('token revoke --help names the list command', async () => {
    const help = await cli('token', 'revoke', '--help');
    expect(help.out).toContain('token id (see token list)');
    expect(help.out).not.toContain('commaList');
  });
});

describe('--expires', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  it('takes spans in minutes, hours, days and weeks, dates and moments, and refuses the past', () => {
    expect(parseExpiry('90m', now)?.toISOString()).toBe('2026-06-01T13:30:00.000Z');
    expect(parseExpiry('12h', now)?.toISOString()).toBe('2026-06-02T00:00:00.000Z');
    expect(parseExpiry('30d', now)?.toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(parseExpiry('2w', now)?.toISOString()).toBe('2026-06-15T12:00:00.000Z');
    expect(parseExpiry('2027-05-01', now)?.toISOString()).toBe('2027-05-01T00:00:00.000Z');
    expect(parseExpiry('2027-05-01T17:00:00+02:00', now)?.toISOString()).toBe('2027-05-01T15:00:00.000Z');
    expect(parseExpiry(undefined, now)).toBeUndefined();
    for (const bad of ['2026-05-31', '0h', 'tomorrow', '12', '30 days']) {
      expect(() => parseExpiry(bad, now), bad).toThrow(CliError);
    }
  });
});

describe('output', () => {
  it('export --out - writes the rows to stdout, the summary to stderr, and no file named -', async () => {
    const result = await cli('export', 'Profit_Employees', '--out', '-', '--key', 'EmployeeId', ...demo.connection);
    expect(result.code, result.err).toBe(0);
    const rows = result.out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(200);
    expect(result.err).toMatch(/exported 200 rows of Profit_Employees to -/);
    expect(existsSync('-')).toBe(false);
    expect((await cli('export', 'Profit_Employees', '--out', '-', '--key', 'EmployeeId', '--resume')).code).toBe(
      EXIT.usage,
    );
  });

  it('--csv excel-nl writes ; separated lines with CRLF, a BOM and decimal commas', async () => {
    const out = join(temp.dir, 'medewerkers.csv');
    const result = await cli(
      'export',
      'Profit_Employees',
      '--out',
      out,
      '--csv',
      'excel-nl',
      '--key',
      'EmployeeId',
      ...demo.connection,
    );
    expect(result.code, result.err).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^EmployeeId;/);
    expect(lines.filter(Boolean)).toHaveLength(201);
    expect(lines[0]).not.toContain(',');
    const rows = (await demo.client.get('Profit_Employees', { skip: -1, take: -1 })).rows as Record<string, unknown>[];
    const header = lines[0]!.split(';');
    const decimal = header.find((id) => rows.some((r) => typeof r[id] === 'number' && !Number.isInteger(r[id])));
    if (decimal !== undefined) expect(bytes.toString('utf8')).toMatch(/;\d+,\d+(;|\r\n)/);
    expect((await cli('export', 'Profit_Employees', '--out', out, '--csv', 'excel', '--key', 'EmployeeId')).code).toBe(
      EXIT.usage,
    );
  });

  it('sync --out - writes the changes once and nothing while idle (no empty lines)', async () => {
    const state = join(temp.dir, 'sync-stdout.state.json');
    const args = ['sync', 'Profit_Employees', '--modified-field', 'ModifiedDate', '--key', 'EmployeeId'];
    const first = await cli(...args, '--out', '-', '--state', state, ...demo.connection);
    expect(first.code, first.err).toBe(0);
    expect(first.out.split('\n').filter(Boolean)).toHaveLength(200);
    expect(first.out).not.toMatch(/\n\n/);
    const idle = await cli(
      ...args,
      '--out',
      '-',
      '--state',
      state,
      '--watch',
      '--interval',
      '0.05',
      '--max-polls',
      '3',
      ...demo.connection,
    );
    expect(idle.code, idle.err).toBe(0);
    expect(idle.out).toBe('');
    expect(idle.err).toMatch(/0 changes/);
  });

  it('shows elapsed time short', () => {
    expect([elapsed(3.25), elapsed(65), elapsed(3725)]).toEqual(['3.3 s', '1m05s', '1h02m']);
  });
});

describe('did you mean', () => {
  it('suggests the nearest connector and field', async () => {
    expect(nearest('profit_employees', ['Profit_Employees', 'Profit_Address'])).toEqual(['Profit_Employees']);
    expect(nearest('Cty', ['City', 'Country', 'Street'])).toEqual(['City']);
    expect(nearest('zzzzzz', ['City'])).toEqual([]);
    const connector = await cli('get', 'Profit_Employes', '--take', '1', ...demo.connection);
    expect(connector.code).toBe(EXIT.server);
    // Profit's own words first, then the suggestion.
    expect(connector.err).toMatch(/GetConnector wordt niet ondersteund.*did you mean 'Profit_Employees'\?/);
    const field = await cli('get', 'Profit_Employees', '--filter', 'Cty=Utrecht', '--take', '1', ...demo.connection);
    expect(field.code).toBe(EXIT.server);
    expect(field.err).toMatch(/Connectorveld 'Cty' niet gevonden.*did you mean 'City'/);
    const fields = await cli(
      'get',
      'Profit_Employees',
      '--fields',
      'EmployeeId,LastNam',
      '--take',
      '1',
      ...demo.connection,
    );
    expect(fields.code).toBe(EXIT.usage);
    expect(fields.err).toContain("did you mean 'LastName'?");
  });
});
