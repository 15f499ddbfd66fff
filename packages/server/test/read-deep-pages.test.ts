// Pages past the first (skip > 0) run as a deferred join (read/read-sql.ts): the page's keys first, over the joins
// that decide the row set, then every column for those rows. On the demo's Profit_Employees, where a second
// contract repeats an employee's row and an inner join drops employees without a person, walking the pages must
// give exactly the rows of one take=-1 answer, in the same order, on SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../src/db/bulk-insert.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

type Row = Record<string, unknown>;

/** Rows that tie on the sort may come in any order: compare each run of equal sort keys as a sorted set. */
function canonical(rows: Row[], key: string): string[] {
  const out: string[] = [];
  let run: string[] = [];
  rows.forEach((row, i) => {
    run.push(JSON.stringify(row));
    if (i === rows.length - 1 || rows[i + 1]![key] !== row[key]) {
      out.push(...run.sort());
      run = [];
    }
  });
  return out;
}

describe.each(DATABASE_KINDS)('deep pages on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind, { employees: 40 });
    if (!server) return;
    const { db, registry } = server.runtime;
    const schema = await db.environmentSchema('O12345AA');
    const employees = await server.rows('Profit_Employees', 'orderbyfieldids=EmployeeId');
    const now = '2026-01-01T00:00:00';
    // A second contract for every third employee: Profit_Employees shows such an employee twice.
    const extra = employees
      .filter((_, i) => i % 3 === 0)
      .map((e) => ({
        employee_id: e.EmployeeId,
        start_date: '2025-06-01T00:00:00',
        employment_type: 'Tijdelijk',
        created_at: now,
        created_by: 'test',
        modified_at: now,
        modified_by: 'test',
      }));
    await insertRows(db, schema, registry.tables.get('hr_contract')!, extra);
  });
  afterAll(async () => server?.close());

  for (const order of ['EmployeeId', '-EmployeeId', 'City,-DateOfBirth', '-ModifiedDate,Gender']) {
    it(`pages of 7 sorted by ${order} add up to the whole answer`, async () => {
      if (!server) return;
      const sort = `orderbyfieldids=${encodeURIComponent(order)}`;
      const all = await server.rows('Profit_Employees', sort);
      expect(all.length).toBeGreaterThan(40);
      const pages: Row[] = [];
      for (let skip = 0; skip < all.length + 7; skip += 7) {
        const response = await server.call(`/connectors/Profit_Employees?skip=${skip}&take=7&${sort}`);
        expect(response.status).toBe(200);
        pages.push(...((await response.json()) as { rows: Row[] }).rows);
      }
      expect(pages).toHaveLength(all.length);
      expect(canonical(pages, 'EmployeeId')).toEqual(canonical(all, 'EmployeeId'));
    });
  }

  it('a filtered deep page equals the same slice of the filtered whole', async () => {
    if (!server) return;
    const query = 'filterfieldids=Gender&filtervalues=V&operatortypes=1&orderbyfieldids=LastName,EmployeeId';
    const all = await server.rows('Profit_Employees', query);
    const response = await server.call(`/connectors/Profit_Employees?skip=5&take=6&${query}`);
    const page = ((await response.json()) as { rows: Row[] }).rows;
    expect(page.map((r) => r.EmployeeId)).toEqual(all.slice(5, 11).map((r) => r.EmployeeId));
  });
});
