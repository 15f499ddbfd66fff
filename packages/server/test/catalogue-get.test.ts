// Every standard GetConnector of the published catalogue, served by the demo over real HTTP on SQLite and
// PostgreSQL: rows keyed exactly by the catalogue's field ids in order, values of the catalogue types (dates as
// date-times with Z), metainfo as the catalogue says, and filters and sorting on a few of them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueGetConnector, readGetCatalogue, servedType } from '../src/catalogue/get-catalogue.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

const catalogue = readGetCatalogue();
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Connectors whose demo rows may all be empty for a small company: none; listed here to say so if that changes. */
const MAY_BE_EMPTY = new Set<string>();

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'decimal';
  if (typeof value === 'string' && DATE_TIME.test(value)) return 'date-or-string';
  return typeof value;
}

function fits(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (actual === 'null') return true;
  switch (type) {
    case 'int':
      return actual === 'int';
    case 'decimal':
      return actual === 'int' || actual === 'decimal';
    case 'boolean':
      return actual === 'boolean';
    case 'date':
      return actual === 'date-or-string';
    default:
      return typeof value === 'string';
  }
}

describe.each(DATABASE_KINDS)('catalogue GetConnectors on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind, { employees: 40, catalogue: true });
  }, 120_000);
  afterAll(async () => server?.close());

  it('serves every one of the 80', () => {
    if (!server) return;
    expect(catalogue).toHaveLength(80);
    const missing = catalogue.filter((c) => !server!.runtime.registry.getConnectors.has(c.id)).map((c) => c.id);
    expect(missing).toEqual([]);
  });

  it.each(catalogue.map((c) => [c.id, c] as const))(
    '%s: rows with the catalogue ids in order, values of the catalogue types',
    async (id, connector: CatalogueGetConnector) => {
      if (!server) return;
      const response = await server.call(`/connectors/${id}?skip=0&take=50`);
      const body = await response.text();
      expect(response.status, body).toBe(200);
      const rows = (JSON.parse(body) as { rows: Record<string, unknown>[] }).rows;
      if (!MAY_BE_EMPTY.has(id)) expect(rows.length, `${id} has demo rows`).toBeGreaterThan(0);
      const ids = connector.fields.map((f) => f.id);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(ids);
        for (const field of connector.fields) {
          const value = row[field.id];
          expect(fits(value, servedType(field)), `${id}.${field.id} = ${JSON.stringify(value)}`).toBe(true);
        }
      }
      // Not only nulls: most fields have a value in some row (fields the company keeps no data for are null).
      const filled = ids.filter((f) => rows.some((row) => row[f] !== null && row[f] !== ''));
      expect(filled.length / ids.length, `${id}: share of fields with a value`).toBeGreaterThanOrEqual(0.3);
    },
  );

  it.each(catalogue.map((c) => [c.id, c] as const))(
    '%s: metainfo as the catalogue says',
    async (id, connector: CatalogueGetConnector) => {
      if (!server) return;
      const english = await (await server.call(`/metainfo/get/${id}`)).json();
      expect(english.name).toBe(id);
      expect(english.description).toBe(connector.description);
      expect(
        english.fields.map((f: { id: string; dataType: string; label: string }) => [f.id, f.dataType, f.label]),
      ).toEqual(connector.fields.map((f) => [f.id, servedType(f), f.label]));
      const dutch = await (
        await server.call(`/metainfo/get/${id}`, { headers: { 'accept-language': 'nl-nl' } })
      ).json();
      expect(dutch.fields.map((f: { label: string }) => f.label)).toEqual(
        connector.fields.map((f) => f.labelNl ?? f.label),
      );
    },
  );

  const eq = (field: string, value: string | number) =>
    `filterfieldids=${field}&filtervalues=${encodeURIComponent(String(value))}&operatortypes=1`;

  it('filters and sorts a connector over a generated table (Profit_Leaves)', async () => {
    if (!server) return;
    const all = await server.rows('Profit_Leaves');
    const employee = all[3]!.EmployeeId as string;
    const mine = await server.rows('Profit_Leaves', eq('EmployeeId', employee));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBe(all.filter((r) => r.EmployeeId === employee).length);
    const sorted = await server.rows('Profit_Leaves', 'orderbyfieldids=-ModifiedDate');
    const dates = sorted.map((r) => r.ModifiedDate as string | null).filter((d) => d !== null);
    expect(dates).toEqual([...dates].sort().reverse());
    const since = dates[Math.floor(dates.length / 2)]!;
    const recent = await server.rows(
      'Profit_Leaves',
      `filterfieldids=ModifiedDate&filtervalues=${encodeURIComponent(since)}&operatortypes=2`,
    );
    expect(recent.length).toBe(dates.filter((d) => d >= since).length);
  });

  it('filters a connector over the company tables and a constant field (Profit_Journals, Profit_Transactions_Allocated)', async () => {
    if (!server) return;
    const journals = await server.rows('Profit_Journals');
    expect(journals.map((j) => j.JournalId)).toContain('VK');
    expect(await server.rows('Profit_Journals', eq('Blocked', 'false'))).toHaveLength(journals.length);
    expect(await server.rows('Profit_Journals', eq('Blocked', 'true'))).toHaveLength(0);
    const entries = await server.rows('Profit_Transactions_Allocated', 'orderbyfieldids=EntryNo,SeqNo');
    expect(entries.length).toBeGreaterThan(0);
    const first = entries[0]!;
    const sameEntry = await server.rows('Profit_Transactions_Allocated', eq('EntryNo', first.EntryNo as number));
    expect(sameEntry.length).toBe(entries.filter((e) => e.EntryNo === first.EntryNo).length);
    expect(sameEntry.every((e) => e.UnitId === first.UnitId || e.EntryNo === first.EntryNo)).toBe(true);
  });

  it('shows the company records the rows point at (employees in Profit_Timetable and Profit_Leaves, articles)', async () => {
    if (!server) return;
    const employees = new Set((await server.rows('Profit_Employees')).map((e) => e.EmployeeId));
    for (const connector of ['Profit_Timetable', 'Profit_Leaves', 'Profit_LeaveBalance', 'Profit_Illness']) {
      const rows = await server.rows(connector);
      expect(
        rows.every((r) => employees.has(r.EmployeeId)),
        connector,
      ).toBe(true);
    }
    const articles = new Set((await server.rows('Profit_Article')).map((a) => a.ItemCode));
    const units = await server.rows('Profit_Unit_per_Item');
    expect(units.length).toBe(articles.size);
    expect(units.every((u) => articles.has(u.ItemCode))).toBe(true);
  });
});
