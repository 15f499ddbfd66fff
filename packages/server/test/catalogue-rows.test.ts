// The rows of catalogue GetConnectors' generated tables (src/demo/catalogue-rows.ts): deterministic per seed, a
// bigger company keeps a smaller one's rows, values of each column's type, references to the pools given.
// Pure: no database.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGetCatalogue } from '../src/catalogue/get-catalogue.ts';
import { generatedGetDefinition } from '../src/catalogue/get-definitions.ts';
import { tableSchema } from '../src/definitions/schema.ts';
import { catalogueRowCount, catalogueRows, type DemoPools } from '../src/demo/catalogue-rows.ts';
import { DAY_MS } from '../src/demo/dates.ts';

const NOW_DAY = Math.floor(Date.UTC(2026, 0, 1) / DAY_MS);
const tables = readGetCatalogue().map((c) => tableSchema.parse(generatedGetDefinition(c).table));

const pools: DemoPools = {
  employees: [
    { code: '000001', name: 'Jan de Vries', bsn: '123456782', bcCo: '000002', email: 'jan.devries@demobedrijf.nl' },
    { code: '000002', name: 'Fatma Yilmaz', bsn: null, bcCo: '000003', email: null },
  ],
  organisations: [{ bcCo: '000001', name: 'Bakkerij Jansen B.V.', email: 'info@jansen.nl', phone: null, coc: null }],
  debtors: [{ code: '10001', bcCo: '000001' }],
  articles: [{ code: 'KOF-001', description: 'Koffiebonen 1 kg', unit: 'kg', group: 'HORECA' }],
  users: [{ code: '12345.jdevries', description: 'Jan de Vries' }],
  subjects: [{ id: 7, description: 'Verlofaanvraag', type: 2 }],
  ledgerAccounts: [{ account: '8000', description: 'Omzet' }],
  costCentres: [{ code: 'KP100', description: 'Directie' }],
  administrations: 2,
};

const rowsOf = (index: number, count: number, seed: number) => [
  ...catalogueRows(tables[index]!, count, pools, { seed, nowDay: NOW_DAY }),
];

describe('catalogue rows', () => {
  it('are the same for the same seed, and a bigger table starts with the smaller one', () => {
    fc.assert(
      fc.property(fc.nat(tables.length - 1), fc.integer({ min: 1, max: 1000 }), (index, seed) => {
        expect(rowsOf(index, 5, seed)).toEqual(rowsOf(index, 5, seed));
        expect(rowsOf(index, 8, seed).slice(0, 5)).toEqual(rowsOf(index, 5, seed));
      }),
      { numRuns: 40 },
    );
  });

  it.each(tables.map((t) => [t.name, t] as const))('%s: values of the column types', (_name, table) => {
    const rows = [...catalogueRows(table, 30, pools, { seed: 1, nowDay: NOW_DAY })];
    const employees = new Set(pools.employees.map((e) => e.code));
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(table.columns.map((c) => c.name));
      for (const column of table.columns) {
        const value = row[column.name];
        if (value === null) continue;
        const expected = { string: 'string', date: 'string', int: 'number', decimal: 'number', boolean: 'boolean' };
        expect(typeof value, `${column.name}`).toBe(expected[column.type as keyof typeof expected]);
        if (column.type === 'int') expect(Number.isInteger(value), column.name).toBe(true);
        if (column.type === 'date') {
          expect(value, column.name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?$/);
          // Changes are never after the environment's today.
          if (/modif|change/.test(column.name)) expect(Date.parse(`${value}Z`) / DAY_MS).toBeLessThan(NOW_DAY);
        }
        if (column.type === 'string') expect((value as string).length).toBeLessThanOrEqual(column.length ?? 255);
        if (/^(employeeid|emid|employeenumber)$/.test(column.name)) expect(employees.has(value as string)).toBe(true);
      }
    }
  });

  it("scale with the company: a row per four employees where the rows are an employee's, else per ten", () => {
    const leaves = tables.find((t) => t.name === 'gc_profit_leaves')!;
    const features = tables.find((t) => t.name === 'gc_profit_features')!;
    expect(catalogueRowCount(leaves, 1000)).toBe(250);
    expect(catalogueRowCount(features, 1000)).toBe(100);
    expect(catalogueRowCount(features, 20)).toBe(10);
  });
});
