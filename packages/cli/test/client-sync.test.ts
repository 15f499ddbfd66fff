import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, sqliteDemoForFile } from './support/cli-harness.ts';

type Row = Record<string, unknown>;
type Line = { type: string; row: Row };

const { demo, temp } = sqliteDemoForFile();
const out = join(temp.dir, 'changes.ndjson');
let all: Row[];

beforeAll(async () => {
  all = (await demo.client.get('Profit_Employees', { skip: -1, take: -1 })).rows as Row[];
});

const lines = (): Line[] =>
  existsSync(out)
    ? readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line)
    : [];

const sync = (...args: string[]) =>
  cli(
    'sync',
    'Profit_Employees',
    '--modified-field',
    'ModifiedDate',
    '--key',
    'EmployeeId',
    '--out',
    out,
    '--page-size',
    '25',
    ...demo.connection,
    ...args,
  );

/** Another Profit user changes employees: new values and a later modified date, straight in the database. */
async function change(ids: string[], children: number, modified: string): Promise<void> {
  const { db } = demo.server.runtime;
  const schema = await db.environmentSchema('O12345AA');
  await db.kysely
    .withSchema(schema)
    .updateTable('hr_employee')
    .set({ number_of_children: children, modified_at: modified })
    .where('employee_id', 'in', ids)
    .execute();
}

describe('appconnector sync', () => {
  it('first run: every row modified since --since, as {type,row} lines, and a checkpoint', async () => {
    const result = await sync('--since', '2025-06-01');
    expect(result.code, result.err).toBe(0);
    // Rows are read from a second before the moment asked (stored times are finer than the API shows).
    const expected = all.filter((r) => String(r.ModifiedDate) >= '2025-05-31T23:59:59Z');
    expect(expected.length).toBeGreaterThan(25);
    const written = lines();
    expect(written.every((l) => l.type === 'upsert')).toBe(true);
    expect(written.map((l) => l.row.EmployeeId).sort()).toEqual(expected.map((r) => r.EmployeeId).sort());
    const last = expected
      .map((r) => String(r.ModifiedDate))
      .sort()
      .at(-1)!;
    const state = JSON.parse(readFileSync(`${out}.state.json`, 'utf8'));
    expect(state).toMatchObject({
      connector: 'Profit_Employees',
      modifiedField: 'ModifiedDate',
      keyField: 'EmployeeId',
    });
    expect(state.checkpoint.since).toBe(last.slice(0, 19));
    expect(result.out).toContain(`${expected.length} changes appended`);
  });

  it('second run: continues from the state file and appends only what changed since', async () => {
    const before = lines().length;
    const quiet = await sync('--json');
    expect(quiet.code, quiet.err).toBe(0);
    expect(JSON.parse(quiet.out)).toMatchObject({ changes: 0 });
    expect(lines()).toHaveLength(before);

    await change(['000010', '000020'], 9, '2026-01-05T10:00:00.000');
    const next = await sync('--since', '2020-01-01');
    expect(next.code, next.err).toBe(0);
    expect(next.err).toMatch(/--since is ignored/);
    const added = lines().slice(before);
    expect(added.map((l) => l.row.EmployeeId).sort()).toEqual(['000010', '000020']);
    expect(added.every((l) => l.row.Number_of_children === 9 && l.row.ModifiedDate === '2026-01-05T10:00:00Z')).toBe(
      true,
    );
    const state = JSON.parse(readFileSync(`${out}.state.json`, 'utf8'));
    expect(state.checkpoint.since).toBe('2026-01-05T10:00:00');
  });

  it('--watch polls until --max-polls, each poll continuing from the last', async () => {
    const before = lines().length;
    const result = await sync('--watch', '--interval', '0.05', '--max-polls', '3', '--json');
    expect(result.code, result.err).toBe(0);
    const polls = result.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(polls).toHaveLength(3);
    expect(polls.map((p) => p.changes)).toEqual([0, 0, 0]);
    expect(lines()).toHaveLength(before);
  });

  it('refuses a state file of another sync, and bad flags, with exit code 2', async () => {
    const state = join(temp.dir, 'own.state.json');
    expect((await sync('--since', '2026-01-01', '--state', state)).code).toBe(0);
    const other = await cli(
      'sync',
      'Profit_Employees',
      '--modified-field',
      'CreateDate',
      '--key',
      'EmployeeId',
      '--out',
      out,
      '--state',
      state,
      ...demo.connection,
    );
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/belongs to a sync of Profit_Employees/);
    expect((await sync('--since', 'yesterday', '--state', join(temp.dir, 'other.json'))).code).toBe(2);
    expect((await sync('--interval', '0', '--watch')).code).toBe(2);
    expect((await sync('--state', join(temp.dir, 'missing', 'state.json'))).code).toBe(2);
  });

  it('takes several modified fields: a row counts as changed when any of them moved, and is written once', async () => {
    const outOf = (fields: string[]) => join(temp.dir, `${fields.join('-')}.ndjson`);
    const run = (...fields: string[]) =>
      cli(
        'sync',
        'Profit_Employees',
        ...fields.flatMap((f) => ['--modified-field', f]),
        '--key',
        'EmployeeId',
        '--out',
        outOf([fields.join(',')]),
        '--state',
        join(temp.dir, `${fields.join(',')}.state.json`),
        ...demo.connection,
      );
    const first = await run('ModifiedDate,CreateDate');
    expect(first.code, first.err).toBe(0);
    const written = (file = outOf(['ModifiedDate,CreateDate'])) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as Line).row.EmployeeId);
    expect(new Set(written()).size).toBe(all.length);
    expect(written()).toHaveLength(all.length);
    const state = JSON.parse(readFileSync(join(temp.dir, 'ModifiedDate,CreateDate.state.json'), 'utf8'));
    expect(state.modifiedField).toEqual(['ModifiedDate', 'CreateDate']);
    expect(Object.keys(state.checkpoint.sinceByField)).toEqual(['ModifiedDate', 'CreateDate']);
    expect((await run('ModifiedDate')).code).toBe(0);
    // Only the second field moves for two employees (as a person's date moves without the employee's).
    const ids = all.slice(0, 2).map((r) => String(r.EmployeeId));
    const { db } = demo.server.runtime;
    await db.kysely
      .withSchema(await db.environmentSchema('O12345AA'))
      .updateTable('hr_employee')
      .set({ created_at: '2099-01-01T00:00:00', number_of_children: 7 })
      .where('employee_id', 'in', ids)
      .execute();
    const before = written().length;
    // Repeated flags and a comma list are the same setting (and the same state file).
    const again = await run('ModifiedDate,CreateDate');
    expect(again.code, again.err).toBe(0);
    expect(written().slice(before).sort()).toEqual([...ids].sort());
    const single = await run('ModifiedDate');
    expect(single.code, single.err).toBe(0);
    // The one-field sync misses them: its file has the first run's rows only.
    expect(written(outOf(['ModifiedDate']))).toHaveLength(all.length);
    const repeated = await cli(
      'sync',
      'Profit_Employees',
      '--modified-field',
      'ModifiedDate',
      '--modified-field',
      'CreateDate',
      '--key',
      'EmployeeId',
      '--out',
      outOf(['ModifiedDate,CreateDate']),
      '--state',
      join(temp.dir, 'ModifiedDate,CreateDate.state.json'),
      ...demo.connection,
    );
    expect(repeated.code, repeated.err).toBe(0);
    expect(written().length).toBe(before + 2);
    const help = await cli('sync', '--help');
    expect(help.out).toMatch(/Which modified fields/);
  });
});
