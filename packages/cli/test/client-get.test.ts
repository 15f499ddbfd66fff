import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearConnectionEnv, cli, type DemoServer, startDemoServer } from './support/cli-harness.ts';
import { parseCsv } from './support/csv-reader.ts';

type Row = Record<string, unknown>;

let demo: DemoServer;
let all: Row[];

beforeAll(async () => {
  clearConnectionEnv();
  demo = (await startDemoServer('sqlite'))!;
  all = (await demo.client.get('Profit_Employees', { skip: -1, take: -1 })).rows as Row[];
});
afterAll(() => demo?.close());

const get = (...args: string[]) => cli('get', 'Profit_Employees', ...demo.connection, ...args);

async function json(...args: string[]): Promise<Row[]> {
  const result = await get('--json', ...args);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as Row[];
}

const text = (v: unknown) => String(v ?? '').toLowerCase();

describe('appconnector get', () => {
  it('gives the server default page, and --skip/--take page through it', async () => {
    expect(await json()).toHaveLength(100);
    const page = await json('--order', 'EmployeeId', '--skip', '10', '--take', '5');
    const sorted = [...all].sort((a, b) => String(a.EmployeeId).localeCompare(String(b.EmployeeId)));
    expect(page).toEqual(sorted.slice(10, 15));
    expect(await json('--skip', '-1', '--take', '-1')).toHaveLength(all.length);
  });

  it('sorts with --order, descending with a leading -', async () => {
    const rows = await json('--order', '-Salary,EmployeeId', '--take', '-1', '--skip', '-1');
    const salaries = rows.map((r) => r.Salary as number | null).filter((s) => s !== null) as number[];
    expect(salaries).toEqual([...salaries].sort((a, b) => b - a));
  });

  it.each([
    [['City~dam'], (r: Row) => text(r.City).includes('dam')],
    [['City!~dam'], (r: Row) => !text(r.City).includes('dam')],
    [['Name^s'], (r: Row) => text(r.Name).startsWith('s')],
    [['Name!^s'], (r: Row) => !text(r.Name).startsWith('s')],
    [['Email$.nl'], (r: Row) => r.Email !== null && text(r.Email).endsWith('.nl')],
    [['Email!$.nl'], (r: Row) => r.Email === null || !text(r.Email).endsWith('.nl')],
    [['Mobile:empty'], (r: Row) => r.Mobile === null || r.Mobile === ''],
    [['Mobile:notempty'], (r: Row) => r.Mobile !== null && r.Mobile !== ''],
    [['Salary>=5000'], (r: Row) => (r.Salary as number) >= 5000 && r.Salary !== null],
    [['Salary<3000'], (r: Row) => r.Salary !== null && (r.Salary as number) < 3000],
    [['Number_of_children>2'], (r: Row) => r.Number_of_children !== null && (r.Number_of_children as number) > 2],
    [['Number_of_children<=1'], (r: Row) => r.Number_of_children !== null && (r.Number_of_children as number) <= 1],
    [['Active=true'], (r: Row) => r.Active === true],
    [['Gender!=M'], (r: Row) => r.Gender !== 'M'],
    [['DateOfBirth>=1990-01-01'], (r: Row) => r.DateOfBirth !== null && String(r.DateOfBirth) >= '1990-01-01'],
    [['City=rotterdam', 'Active=true'], (r: Row) => text(r.City) === 'rotterdam' && r.Active === true],
    [
      ['City=rotterdam', '--or', 'City=utrecht', 'Gender=V'],
      (r: Row) => text(r.City) === 'rotterdam' || (text(r.City) === 'utrecht' && r.Gender === 'V'),
    ],
  ])('filters %j like an independent evaluation', async (expressions, expected) => {
    const args = expressions.flatMap((e) => (e === '--or' ? ['--or'] : ['--filter', e]));
    const rows = await json(...args, '--skip', '-1', '--take', '-1');
    const wanted = all.filter(expected);
    expect(wanted.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.EmployeeId).sort()).toEqual(wanted.map((r) => r.EmployeeId).sort());
  });

  it('resolves the quick filter *~text to a search of every text field', async () => {
    const rows = await json('--filter', '*~hendriks', '--skip', '-1', '--take', '-1');
    const wanted = all.filter((r) =>
      Object.values(r).some((v) => typeof v === 'string' && text(v).includes('hendriks')),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.EmployeeId).sort()).toEqual(wanted.map((r) => r.EmployeeId).sort());
  });

  it('prints CSV with a header, and --fields picks and orders the columns', async () => {
    const result = await get('--format', 'csv', '--order', 'EmployeeId', '--take', '3', '--fields', 'Name,EmployeeId');
    expect(result.code).toBe(0);
    const sorted = [...all].sort((a, b) => String(a.EmployeeId).localeCompare(String(b.EmployeeId)));
    expect(parseCsv(result.out)).toEqual([
      ['Name', 'EmployeeId'],
      ...sorted.slice(0, 3).map((r) => [String(r.Name), String(r.EmployeeId)]),
    ]);
  });

  it('prints an aligned table by default', async () => {
    const result = await get('--order', 'EmployeeId', '--take', '2', '--fields', 'EmployeeId,City');
    const lines = result.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EmployeeId\s+City$/);
    expect(lines[1]).toMatch(/^-+\s+-+$/);
    expect(lines).toHaveLength(4);
  });

  it('refuses bad flags with exit code 2 before calling the server', async () => {
    expect((await get('--format', 'xml')).code).toBe(2);
    expect((await get('--skip', '-1')).code).toBe(2);
    expect((await get('--take', 'many')).code).toBe(2);
    expect((await get('--filter', 'Name')).code).toBe(2);
    expect((await get('--or', '--filter', 'Name=x')).code).toBe(2);
    const unknownField = await get('--fields', 'Nope');
    expect(unknownField.code).toBe(2);
    expect(unknownField.err).toMatch(/no field 'Nope'/);
  });

  it('says which field the server refused, with exit code 5', async () => {
    const result = await get('--filter', 'Nope=1');
    expect(result.code).toBe(5);
    expect(result.err).toMatch(/Nope/);
    expect(result.err).toMatch(/log reference [0-9A-F]{32}/);
  });
});
