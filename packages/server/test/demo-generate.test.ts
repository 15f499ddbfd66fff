// Checks the demo data generator against the demo definitions: determinism, check digits, load order, shapes.
// Generates small environments in memory; must not open a database.

import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { definitionFileSchema, type TableDefinition } from '../src/definitions/schema.ts';
import { CATALOGUE_TABLE_PREFIX } from '../src/demo/catalogue-demo.ts';
import { bsnFromIndex, dutchIban, passesElevenTest, passesIbanCheck } from '../src/demo/checksums.ts';
import { civil, dateValue, dayOf, timestampValue } from '../src/demo/dates.ts';
import { DEMO_TABLES, type DemoBatch, type DemoRow, demoCounts, generateDemo } from '../src/demo/generate.ts';

const DEMO_DIR = new URL('../definitions/demo/', import.meta.url);

const tables = new Map<string, TableDefinition>();
for (const file of readdirSync(DEMO_DIR).filter((f) => f.endsWith('.yaml'))) {
  for (const table of definitionFileSchema.parse(parse(readFileSync(new URL(file, DEMO_DIR), 'utf8'))).tables) {
    tables.set(table.name, table);
  }
}

const N = 400;
const NOW = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));

function rowsByTable(batches: DemoBatch[]): Map<string, DemoRow[]> {
  const out = new Map<string, DemoRow[]>();
  for (const b of batches) {
    const list = out.get(b.table) ?? [];
    list.push(...b.rows);
    out.set(b.table, list);
  }
  return out;
}

function take<T>(iterable: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of iterable) {
    out.push(item);
    if (out.length === n) break;
  }
  return out;
}

/** References the generator must honour, as (child table, column, parent table, column). */
const REFERENCES: [string, string, string, string][] = [
  ['kn_address', 'country_id', 'kn_country', 'country_id'],
  ['kn_organisation', 'bc_id', 'kn_basic_contact', 'bc_id'],
  ['kn_organisation', 'bc_co', 'kn_basic_contact', 'bc_co'],
  ['kn_organisation', 'address_id', 'kn_address', 'address_id'],
  ['kn_organisation', 'postal_address_id', 'kn_address', 'address_id'],
  ['kn_organisation', 'parent_bc_co', 'kn_organisation', 'bc_co'],
  ['kn_person', 'bc_id', 'kn_basic_contact', 'bc_id'],
  ['kn_person', 'bc_co', 'kn_basic_contact', 'bc_co'],
  ['kn_person', 'address_id', 'kn_address', 'address_id'],
  ['kn_contact', 'org_bc_id', 'kn_organisation', 'bc_id'],
  ['kn_contact', 'person_bc_id', 'kn_person', 'bc_id'],
  ['kn_contact', 'address_id', 'kn_address', 'address_id'],
  ['kn_contact', 'postal_address_id', 'kn_address', 'address_id'],
  ['kn_bank_account', 'bc_id', 'kn_basic_contact', 'bc_id'],
  ['kn_debtor', 'bc_co', 'kn_basic_contact', 'bc_co'],
  ['kn_debtor', 'bank_account_id', 'kn_bank_account', 'bank_account_id'],
  ['kn_debtor', 'collect_account', 'fi_ledger_account', 'account_no'],
  ['kn_user', 'bc_co', 'kn_person', 'bc_co'],
  ['hr_employee', 'bc_id', 'kn_person', 'bc_id'],
  ['hr_contract', 'employee_id', 'hr_employee', 'employee_id'],
  ['hr_employee_function', 'employee_id', 'hr_employee', 'employee_id'],
  ['hr_employee_function', 'department_id', 'hr_department', 'department_id'],
  ['hr_employee_function', 'function_id', 'hr_function', 'function_id'],
  ['hr_schedule', 'employee_id', 'hr_employee', 'employee_id'],
  ['hr_salary', 'employee_id', 'hr_employee', 'employee_id'],
  ['hr_department', 'parent_department_id', 'hr_department', 'department_id'],
  ['fi_journal', 'admin_id', 'fi_administration', 'admin_id'],
  ['fi_journal', 'account_no', 'fi_ledger_account', 'account_no'],
  ['fb_vat_code', 'account_no', 'fi_ledger_account', 'account_no'],
  ['fb_sales_order', 'debtor_id', 'kn_debtor', 'debtor_id'],
  ['fb_sales_order', 'admin_id', 'fi_administration', 'admin_id'],
  ['fb_sales_order_line', 'order_number', 'fb_sales_order', 'order_number'],
  ['fb_sales_order_line', 'item_code', 'fb_article', 'item_code'],
  ['fi_entry_batch', 'admin_id', 'fi_administration', 'admin_id'],
  ['fi_entry_line', 'batch_id', 'fi_entry_batch', 'id'],
  ['fi_entry_line', 'vat_code', 'fb_vat_code', 'vat_code'],
  ['kn_subject', 'type_id', 'kn_subject_type', 'type_id'],
  ['kn_subject', 'responsible', 'hr_employee', 'employee_id'],
  ['kn_subject', 'sender_user_id', 'kn_user', 'user_id'],
  ['kn_subject_link', 'subject_id', 'kn_subject', 'subject_id'],
  ['kn_subject_link', 'bc_co', 'kn_basic_contact', 'bc_co'],
  ['kn_subject_link', 'employee_id', 'hr_employee', 'employee_id'],
  ['kn_subject_link', 'contact_id', 'kn_contact', 'cd_id'],
  ['kn_subject_link', 'debtor_id', 'kn_debtor', 'debtor_id'],
  ['kn_subject_attachment', 'subject_id', 'kn_subject', 'subject_id'],
];

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

describe('generateDemo', () => {
  let batches: DemoBatch[];
  let rows: Map<string, DemoRow[]>;

  beforeAll(() => {
    batches = [...generateDemo({ employees: N, seed: 7, now: NOW })];
    rows = rowsByTable(batches);
  });

  it('is deterministic: the same options give the same batches, another seed other data', () => {
    const again = [...generateDemo({ employees: N, seed: 7, now: NOW })];
    expect(again).toEqual(batches);
    expect(take(generateDemo({ employees: N, seed: 7 }), 25)).toEqual(batches.slice(0, 25));
    const other = rowsByTable([...generateDemo({ employees: N, seed: 8, now: NOW })]);
    expect(other.get('kn_person')).not.toEqual(rows.get('kn_person'));
    expect(other.get('kn_person')?.length).toBe(rows.get('kn_person')?.length);
  });

  it('emits batches of 1 to 1,000 rows of generated tables only', () => {
    for (const b of batches) {
      expect(b.rows.length).toBeGreaterThan(0);
      expect(b.rows.length).toBeLessThanOrEqual(1000);
      expect(DEMO_TABLES).toContain(b.table);
    }
    const big = take(generateDemo({ employees: 20_000 }), 400);
    expect(Math.max(...big.map((b) => b.rows.length))).toBe(1000);
    for (const b of big) expect(b.rows.length).toBeLessThanOrEqual(1000);
  });

  it('streams: the first batches of a demo far too large to build come without generating the rest', () => {
    // A trillion employees could never be generated whole: that its first batches come at all shows they stream.
    const first = take(generateDemo({ employees: 1e12 }), 60);
    expect(first.length).toBe(60);
    expect(first.every((batch) => batch.rows.length > 0 && batch.rows.length <= 1000)).toBe(true);
  });

  it('gives every row exactly the columns of its table, non-nullable ones filled, values of the column type', () => {
    for (const [name, list] of rows) {
      const table = tables.get(name);
      expect(table, `table ${name} in the YAML`).toBeDefined();
      if (table === undefined) continue;
      const columns = table.columns.map((c) => c.name).sort();
      for (const row of list) {
        expect(Object.keys(row).sort(), name).toEqual(columns);
        for (const column of table.columns) {
          const value = row[column.name];
          const where = `${name}.${column.name} = ${String(value)}`;
          if (value === null || value === undefined) {
            expect(column.nullable, where).toBe(true);
            continue;
          }
          switch (column.type) {
            case 'string':
              expect(typeof value, where).toBe('string');
              if (column.length !== undefined)
                expect((value as string).length, where).toBeLessThanOrEqual(column.length);
              break;
            case 'int':
              expect(Number.isInteger(value), where).toBe(true);
              break;
            case 'decimal': {
              expect(typeof value, where).toBe('number');
              const decimals = String(value).split('.')[1]?.length ?? 0;
              expect(decimals, where).toBeLessThanOrEqual(column.decimals ?? 0);
              break;
            }
            case 'boolean':
              expect(typeof value, where).toBe('boolean');
              break;
            case 'date':
              expect(value, where).toMatch(['created_at', 'modified_at'].includes(column.name) ? STAMP : DATE);
              break;
            case 'blob':
              expect(value, where).toBeInstanceOf(Uint8Array);
              break;
          }
        }
      }
    }
  });

  it('fills every generated table, and no rows for the server-filled GetConnector list', () => {
    for (const table of DEMO_TABLES) expect(rows.get(table)?.length ?? 0, table).toBeGreaterThan(0);
    expect(rows.has('profit_get_connectors')).toBe(false);
    // gc_ tables belong to catalogue GetConnectors; catalogue-demo.ts fills them after the company is loaded.
    expect(
      [...tables.keys()].filter((t) => !DEMO_TABLES.includes(t as never) && !t.startsWith(CATALOGUE_TABLE_PREFIX)),
    ).toEqual(['profit_get_connectors']);
  });

  it('keeps primary keys and unique columns unique', () => {
    for (const [name, list] of rows) {
      const table = tables.get(name)!;
      for (const key of [table.primaryKey, ...table.unique]) {
        const seen = new Set(list.map((r) => key.map((c) => String(r[c])).join('|')));
        expect(seen.size, `${name} (${key.join(', ')})`).toBe(list.length);
      }
    }
  });

  it('emits every referenced row before the rows that reference it', () => {
    const seen = new Map<string, Set<unknown>>();
    const keysOf = (table: string, column: string) => {
      const k = `${table}.${column}`;
      const known = seen.get(k);
      if (known !== undefined) return known;
      const created = new Set<unknown>();
      seen.set(k, created);
      return created;
    };
    const byChild = new Map<string, [string, string, string][]>();
    for (const [child, column, parent, parentColumn] of REFERENCES) {
      byChild.set(child, [...(byChild.get(child) ?? []), [column, parent, parentColumn]]);
    }
    const parentColumns = new Map<string, string[]>();
    for (const [, , parent, parentColumn] of REFERENCES) {
      parentColumns.set(parent, [...(parentColumns.get(parent) ?? []), parentColumn]);
    }
    parentColumns.set('kn_debtor', [...(parentColumns.get('kn_debtor') ?? []), 'debtor_id']);
    parentColumns.set('fi_journal', ['admin_id|journal_code']);
    for (const b of batches) {
      for (const row of b.rows) {
        for (const [column, parent, parentColumn] of byChild.get(b.table) ?? []) {
          const value = row[column];
          if (value === null) continue;
          expect(keysOf(parent, parentColumn).has(value), `${b.table}.${column} = ${value} before ${parent}`).toBe(
            true,
          );
        }
        if (b.table === 'fi_entry_line') {
          // account_no is a ledger account or a debtor, as account_feature says.
          const [parent, parentColumn] =
            row.account_feature === '2' ? ['kn_debtor', 'debtor_id'] : ['fi_ledger_account', 'account_no'];
          expect(keysOf(parent, parentColumn).has(row.account_no), `entry line account ${row.account_no}`).toBe(true);
        }
        if (b.table === 'fi_entry_batch') {
          expect(keysOf('fi_journal', 'admin_id|journal_code').has(`${row.admin_id}|${row.journal_code}`)).toBe(true);
        }
        for (const column of parentColumns.get(b.table) ?? []) {
          const value = column.includes('|')
            ? column
                .split('|')
                .map((c) => row[c])
                .join('|')
            : row[column];
          keysOf(b.table, column).add(value);
        }
      }
    }
  });

  it('gives employees and contact persons a BSN that passes the 11-test, unique', () => {
    const bsns = rows
      .get('kn_person')!
      .map((p) => p.bsn)
      .filter((b): b is string => typeof b === 'string');
    expect(bsns.length).toBe(N);
    for (const bsn of bsns) expect(passesElevenTest(bsn), bsn).toBe(true);
    expect(new Set(bsns).size).toBe(bsns.length);
    for (const org of rows.get('kn_organisation')!) expect(passesElevenTest(org.fiscal_number as string)).toBe(true);
  });

  it('gives bank accounts valid Dutch IBANs, unique', () => {
    const ibans = rows.get('kn_bank_account')!.map((a) => a.iban as string);
    for (const iban of ibans) {
      expect(iban).toMatch(/^NL\d{2}[A-Z]{4}\d{10}$/);
      expect(passesIbanCheck(iban), iban).toBe(true);
    }
    expect(new Set(ibans).size).toBe(ibans.length);
  });

  it('looks Dutch: postcodes, phone numbers, prefixes, diacritics', () => {
    const addresses = rows.get('kn_address')!.filter((a) => a.country_id === 'NL');
    for (const a of addresses) expect(a.zip_code).toMatch(/^[1-9]\d{3} [A-EGHJ-NPRSTV-XZ]{2}$/);
    const persons = rows.get('kn_person')!;
    for (const p of persons) {
      if (p.phone_work !== null) expect((p.phone_work as string).replace('-', '')).toMatch(/^0\d{9}$/);
      if (typeof p.mobile_private === 'string' && p.mobile_private !== '')
        expect(p.mobile_private).toMatch(/^06-\d{8}$/);
    }
    expect(persons.some((p) => p.prefix === 'van der' || p.prefix === 'van den')).toBe(true);
    const diacritics = /[\u00C0-\u024F\u1E00-\u1EFF]/;
    expect(persons.some((p) => diacritics.test(p.first_name as string))).toBe(true);
    expect(persons.some((p) => diacritics.test(p.last_name as string))).toBe(true);
    expect(rows.get('kn_organisation')!.every((o) => /^\d{8}$/.test(o.coc_number as string))).toBe(true);
  });

  it('leaves optional values empty on purpose: nulls and empty strings', () => {
    const persons = rows.get('kn_person')!;
    expect(persons.some((p) => p.prefix === null)).toBe(true);
    expect(persons.some((p) => p.mobile_private === null)).toBe(true);
    expect(persons.some((p) => p.mobile_private === '')).toBe(true);
    const contracts = rows.get('hr_contract')!;
    expect(contracts.filter((c) => c.end_date === null).length).toBeGreaterThan(contracts.length / 2);
    expect(contracts.some((c) => c.end_date !== null)).toBe(true);
    expect(rows.get('hr_employee')!.some((e) => e.number_of_children === null)).toBe(true);
    expect(rows.get('hr_employee')!.some((e) => e.active === false)).toBe(true);
    expect(rows.get('kn_address')!.some((a) => a.house_number_addition === '')).toBe(true);
  });

  it('spreads audit stamps over the years, some changed recently', () => {
    const stamps = rows.get('kn_person')!.map((p) => p.modified_at as string);
    const nowText = timestampValue(NOW.getTime());
    for (const s of stamps) expect(s <= nowText).toBe(true);
    const lastMonth = timestampValue(NOW.getTime() - 30 * 86_400_000);
    const recent = stamps.filter((s) => s >= lastMonth).length;
    expect(recent).toBeGreaterThan(0);
    expect(recent).toBeLessThan(stamps.length / 2);
    expect(new Set(stamps.map((s) => s.slice(0, 4))).size).toBeGreaterThanOrEqual(4);
    for (const p of rows.get('kn_person')!) expect((p.created_at as string) <= (p.modified_at as string)).toBe(true);
  });

  it('balances every journal entry and totals every sales order from its lines', () => {
    const balance = new Map<unknown, number>();
    for (const l of rows.get('fi_entry_line')!) {
      const cents = Math.round((l.amount_debit as number) * 100) - Math.round((l.amount_credit as number) * 100);
      balance.set(l.entry_no, (balance.get(l.entry_no) ?? 0) + cents);
    }
    expect([...balance.values()].every((v) => v === 0)).toBe(true);
    const lineTotals = new Map<unknown, number>();
    for (const l of rows.get('fb_sales_order_line')!) {
      lineTotals.set(
        l.order_number,
        (lineTotals.get(l.order_number) ?? 0) + Math.round((l.amount_total as number) * 100),
      );
    }
    for (const o of rows.get('fb_sales_order')!) {
      expect(Math.round((o.gross_amount as number) * 100)).toBe(lineTotals.get(o.order_number));
      const total = Math.round((o.total_amount as number) * 100) + Math.round((o.vat_amount as number) * 100);
      expect(Math.round((o.invoice_total as number) * 100)).toBe(total);
    }
  });

  it('attaches a few small real files (PNG, PDF, text) with 32-hex file ids', () => {
    const attachments = rows.get('kn_subject_attachment')!;
    expect(attachments.length).toBeGreaterThan(0);
    const magic = (a: DemoRow) => Array.from((a.file_data as Uint8Array).slice(0, 4));
    for (const a of attachments) {
      expect(a.file_id).toMatch(/^[0-9A-F]{32}$/);
      expect((a.file_data as Uint8Array).length).toBe(a.file_size);
      if (a.mime_type === 'image/png') expect(magic(a)).toEqual([0x89, 0x50, 0x4e, 0x47]);
      if (a.mime_type === 'application/pdf') expect(magic(a)).toEqual([0x25, 0x50, 0x44, 0x46]);
    }
    expect(new Set(attachments.map((a) => a.mime_type))).toEqual(
      new Set(['image/png', 'application/pdf', 'text/plain']),
    );
  });

  it('scales the counts with the number of employees', () => {
    const count = (n: number) => {
      const out = new Map<string, number>();
      for (const b of generateDemo({ employees: n, seed: 1 }))
        out.set(b.table, (out.get(b.table) ?? 0) + b.rows.length);
      return out;
    };
    for (const n of [1, 100, 1000]) {
      const c = count(n);
      const expected = demoCounts(n);
      expect(c.get('hr_employee')).toBe(n);
      expect(c.get('kn_person')).toBe(n + expected.contactPersons);
      expect(c.get('kn_organisation')).toBe(expected.organisations);
      expect(c.get('kn_user')).toBe(expected.users);
      expect(c.get('fb_article')).toBe(expected.articles);
      expect(c.get('fb_sales_order')).toBe(expected.salesOrders);
      expect(c.get('kn_subject')).toBe(expected.subjects);
      expect(c.get('hr_department')).toBe(20);
      expect(c.get('hr_function')).toBe(40);
    }
    const big = demoCounts(1000);
    expect(big.organisations).toBe(100);
    expect(big.users).toBe(50);
    expect(big.articles).toBe(200);
    expect(big.administrations).toBeGreaterThanOrEqual(1);
    expect(big.administrations).toBeLessThanOrEqual(3);
    expect(demoCounts(1).organisations).toBe(5);
    expect(demoCounts(1).users).toBe(3);
    expect(() => demoCounts(0)).toThrow(RangeError);
  });
});

describe('demo checksums and dates', () => {
  it('implements the 11-test and mod-97 the way the known examples say', () => {
    expect(passesElevenTest('111222333')).toBe(true);
    expect(passesElevenTest('123456782')).toBe(true);
    expect(passesElevenTest('123456789')).toBe(false);
    expect(passesElevenTest('000000000')).toBe(false);
    expect(passesIbanCheck('NL91ABNA0417164300')).toBe(true);
    expect(passesIbanCheck('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(passesIbanCheck('NL92ABNA0417164300')).toBe(false);
    expect(dutchIban('ABNA', '0417164300')).toBe('NL91ABNA0417164300');
    const many = Array.from({ length: 20_000 }, (_, i) => bsnFromIndex(i));
    expect(many.every(passesElevenTest)).toBe(true);
    expect(new Set(many).size).toBe(many.length);
  });

  it('formats day numbers and stamps as Profit date text', () => {
    expect(dateValue(dayOf(2024, 2, 29))).toBe('2024-02-29T00:00:00');
    expect(civil(dayOf(1999, 12, 31))).toBe(19991231);
    expect(dayOf(1970, 1, 1)).toBe(0);
    expect(timestampValue(Date.UTC(2025, 6, 4, 9, 5, 3, 7))).toBe('2025-07-04T09:05:03.007');
    for (let d = dayOf(1950, 1, 1); d < dayOf(2030, 1, 1); d += 17) {
      expect(dateValue(d)).toBe(`${new Date(d * 86_400_000).toISOString().slice(0, 10)}T00:00:00`);
    }
  });
});
