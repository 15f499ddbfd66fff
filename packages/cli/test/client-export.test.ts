import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearConnectionEnv,
  cli,
  type DemoServer,
  failingProxy,
  startDemoServer,
  tempDir,
} from './support/cli-harness.ts';
import { parseCsv } from './support/csv-reader.ts';

type Row = Record<string, unknown>;

const readNdjson = (file: string): Row[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Row);

const byKey = (key: string) => (a: Row, b: Row) => {
  const x = a[key] as string | number;
  const y = b[key] as string | number;
  return typeof x === 'number' ? x - (y as number) : String(x).localeCompare(String(y));
};

describe.each(['sqlite', 'postgres'] as const)('appconnector export on %s', (kind) => {
  let demo: DemoServer | undefined;
  let employees: Row[];
  let subjects: Row[];
  const temp = tempDir();

  beforeAll(async () => {
    clearConnectionEnv();
    demo = await startDemoServer(kind);
    if (!demo) return;
    // The reference: every row in one call, through the SDK.
    employees = (await demo.client.get('Profit_Employees', { skip: -1, take: -1 })).rows as Row[];
    subjects = (await demo.client.get('Profit_Subjects', { skip: -1, take: -1 })).rows as Row[];
    employees.sort(byKey('EmployeeId'));
    subjects.sort(byKey('SubjectId'));
  });
  afterAll(async () => {
    await demo?.close();
    temp.remove();
  });

  const exportTo = (connector: string, file: string, ...args: string[]) =>
    cli('export', connector, '--out', join(temp.dir, file), ...demo!.connection, ...args);

  it('writes every row as NDJSON with keyset paging, and leaves no state behind', async (ctx) => {
    if (!demo) return ctx.skip();
    const result = await exportTo('Profit_Employees', 'e.ndjson', '--key', 'EmployeeId', '--page-size', '17');
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/exported 200 rows of Profit_Employees to .*e\.ndjson in [\d.]+ s \(\d+ rows\/s\)/);
    expect(readNdjson(join(temp.dir, 'e.ndjson'))).toEqual(employees);
    expect(existsSync(join(temp.dir, 'e.ndjson.state.json'))).toBe(false);
    expect(existsSync(join(temp.dir, 'e.ndjson.partial'))).toBe(false);
  });

  it('keyset paging on a numeric key, sequential and with --concurrency', async (ctx) => {
    if (!demo) return ctx.skip();
    for (const concurrency of ['1', '4']) {
      const file = `s${concurrency}.ndjson`;
      const args = ['--key', 'SubjectId', '--page-size', '7', '--concurrency', concurrency];
      const result = await exportTo('Profit_Subjects', file, ...args);
      expect(result.code, result.err).toBe(0);
      expect(readNdjson(join(temp.dir, file))).toEqual(subjects);
    }
  });

  it('keyset windows with --concurrency give the same rows in the same order', async (ctx) => {
    if (!demo) return ctx.skip();
    for (const [size, concurrency] of [
      ['9', '4'],
      ['50', '4'],
      ['1000', '8'],
      ['25', '8'],
    ] as const) {
      const file = `w${size}-${concurrency}.ndjson`;
      const args = ['--key', 'EmployeeId', '--page-size', size, '--concurrency', concurrency, '--json'];
      const result = await exportTo('Profit_Employees', file, ...args);
      expect(result.code, result.err).toBe(0);
      expect(JSON.parse(result.out)).toMatchObject({ complete: true, rows: 200 });
      expect(readNdjson(join(temp.dir, file))).toEqual(employees);
    }
  });

  it('writes CSV with the header from metainfo and every value', async (ctx) => {
    if (!demo) return ctx.skip();
    const result = await exportTo('Profit_Employees', 'e.csv', '--key', 'EmployeeId', '--page-size', '30');
    expect(result.code, result.err).toBe(0);
    const [header, ...lines] = parseCsv(readFileSync(join(temp.dir, 'e.csv'), 'utf8'));
    const fields = (await demo.client.describeGet('Profit_Employees')).fields.map((f) => f.id);
    expect(header).toEqual(fields);
    expect(lines).toEqual(employees.map((row) => fields.map((f) => (row[f] === null ? '' : String(row[f])))));
  });

  it('writes a JSON array with skip paging sorted by --order, in parallel', async (ctx) => {
    if (!demo) return ctx.skip();
    const result = await exportTo(
      'Profit_Employees',
      'e.json',
      '--order',
      '-Salary,EmployeeId',
      '--page-size',
      '11',
      '--concurrency',
      '3',
    );
    expect(result.code, result.err).toBe(0);
    const expected = await demo.client.get('Profit_Employees', {
      orderBy: ['-Salary', 'EmployeeId'],
      skip: -1,
      take: -1,
    });
    expect(JSON.parse(readFileSync(join(temp.dir, 'e.json'), 'utf8'))).toEqual(expected.rows);
  });

  it('exports only the filtered rows, and an empty result is a valid empty file', async (ctx) => {
    if (!demo) return ctx.skip();
    const result = await exportTo(
      'Profit_Employees',
      'active.ndjson',
      '--key',
      'EmployeeId',
      '--filter',
      'Active=true',
    );
    expect(result.code, result.err).toBe(0);
    expect(readNdjson(join(temp.dir, 'active.ndjson'))).toEqual(employees.filter((r) => r.Active === true));
    const none = ['--key', 'EmployeeId', '--filter', 'EmployeeId=none'];
    expect((await exportTo('Profit_Employees', 'none.json', ...none)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(temp.dir, 'none.json'), 'utf8'))).toEqual([]);
    expect((await exportTo('Profit_Employees', 'none.csv', ...none)).code).toBe(0);
    expect(parseCsv(readFileSync(join(temp.dir, 'none.csv'), 'utf8'))).toHaveLength(1);
  });

  it.for(['ndjson', 'csv', 'json'])('stops with --limit and continues with --resume (%s)', async (format, ctx) => {
    if (!demo) return ctx.skip();
    const file = `limited.${format}`;
    const out = join(temp.dir, file);
    const args = ['--key', 'EmployeeId', '--page-size', '10'];
    const first = await exportTo('Profit_Employees', file, ...args, '--limit', '23');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/stopped after 23 rows .* continue with --resume/);
    // Nothing with the output's name until the export is complete.
    expect(existsSync(out)).toBe(false);
    const state = JSON.parse(readFileSync(`${out}.state.json`, 'utf8'));
    expect(state).toMatchObject({ rows: 23, lastKey: employees[22]!.EmployeeId, key: 'EmployeeId', format });
    // A batch half written when the process died: the resume cuts it off.
    appendFileSync(`${out}.partial`, format === 'csv' ? '999,half a li' : '{"EmployeeId":"99');

    const second = await exportTo('Profit_Employees', file, ...args, '--resume', '--json');
    expect(second.code, second.err).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ complete: true, rows: 200, rowsThisRun: 177 });
    expect(second.err).toMatch(/resuming Profit_Employees after EmployeeId "000023" \(23 rows written\)/);
    const direct = await exportTo('Profit_Employees', `direct.${format}`, ...args);
    expect(direct.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(temp.dir, `direct.${format}`), 'utf8'));
    expect(existsSync(`${out}.state.json`)).toBe(false);
  });

  it('keeps the rows so far when the server goes away, and --resume finishes the export', async (ctx) => {
    if (!demo) return ctx.skip();
    const proxy = await failingProxy(demo.url, 3);
    const out = join(temp.dir, 'broken.ndjson');
    try {
      const args = ['--key', 'EmployeeId', '--page-size', '20', '--token', demo.token, '--retries', '0'];
      const failed = await cli('export', 'Profit_Employees', '--out', out, '--url', proxy.url, ...args);
      expect(failed.code).toBe(6);
      expect(failed.err).toMatch(/export failed after 60 rows/);
      expect(existsSync(out)).toBe(false);
      expect(JSON.parse(readFileSync(`${out}.state.json`, 'utf8'))).toMatchObject({ rows: 60 });
      const resumed = await cli('export', 'Profit_Employees', '--out', out, '--url', demo.url, ...args, '--resume');
      expect(resumed.code, resumed.err).toBe(0);
      expect(readNdjson(out)).toEqual(employees);
    } finally {
      await proxy.close();
    }
  });

  it('refuses what it cannot do well, with exit code 2', async (ctx) => {
    if (!demo) return ctx.skip();
    const noOrder = await exportTo('Profit_Employees', 'x.ndjson');
    expect(noOrder.code).toBe(2);
    expect(noOrder.err).toMatch(/--key .* or --order/);
    expect((await exportTo('Profit_Employees', 'x.txt', '--key', 'EmployeeId')).code).toBe(2);
    expect((await exportTo('Profit_Employees', 'missing/x.ndjson', '--key', 'EmployeeId')).code).toBe(2);
    expect((await exportTo('Profit_Employees', 'x.ndjson', '--order', 'Name', '--resume')).code).toBe(2);
    expect((await exportTo('Profit_Employees', 'x.ndjson', '--key', 'EmployeeId', '--concurrency', '9')).code).toBe(2);
    expect((await exportTo('Profit_Employees', 'x.ndjson', '--key', 'EmployeeId', '--page-size', '0')).code).toBe(2);
    // A resume must ask for the same export.
    const args = ['--key', 'EmployeeId', '--page-size', '10'];
    expect((await exportTo('Profit_Employees', 'y.ndjson', ...args, '--limit', '5')).code).toBe(0);
    const other = await exportTo('Profit_Employees', 'y.ndjson', ...args, '--resume', '--filter', 'Active=true');
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/resume with the same connector, key, format and filters/);
  });

  it('fails with exit code 5 on an unknown connector and leaves no output file', async (ctx) => {
    if (!demo) return ctx.skip();
    const result = await exportTo('Nope', 'nope.ndjson', '--order', 'Id');
    expect(result.code).toBe(5);
    expect(existsSync(join(temp.dir, 'nope.ndjson'))).toBe(false);
    expect(existsSync(join(temp.dir, 'nope.ndjson.partial'))).toBe(false);
  });
});
