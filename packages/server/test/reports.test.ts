// ReportConnector over real HTTP on SQLite and PostgreSQL (PROTOCOL.md 7): the demo reports come back as real PDFs
// (read back with PDF.js), with the caller's filters applied, bounded by the row limit, paginated, titled and dated;
// unknown reports and reports over a GetConnector the token may not read are the file endpoints' 404.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationHeader, ERRORS } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppConnector, linkConnectors } from '../src/admin/app-connectors.ts';
import { createToken } from '../src/admin/tokens.ts';
import { servedDefinitions } from '../src/catalogue/catalogue-definitions.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DEMO_DEFINITIONS, DefinitionError, loadDefinitions } from '../src/definitions/load.ts';
import type { DefinitionSet } from '../src/definitions/schema.ts';
import { loadDemoData } from '../src/demo/setup-demo.ts';
import { bothFilters } from '../src/report/report-filter.ts';
import type { ReportDefinition } from '../src/report/report-schema.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { readPdf } from './support/pdf-text.ts';

/** Reports of the test definitions only: the demo's employees by id, cut at 7 rows; one over a blocked connector. */
const LIMITED = `reports:
  - id: Test_Limited
    description: { en: First employees, nl: Eerste medewerkers }
    getConnector: Profit_Employees
    columns: [EmployeeId, Name]
    orderBy: [EmployeeId]
    rowLimit: 7
`;
const BLOCKED = `getConnectors:
  - id: Test_Blocked_Employees
    description: Blocked
    collection: Employees
    blocked: true
    fields: [{ id: EmployeeId, fieldId: EmId }]
reports:
  - id: Test_Blocked
    description: Blocked
    getConnector: Test_Blocked_Employees
    columns: [EmployeeId]
`;

describe('reports definitions', () => {
  const demo = servedDefinitions(loadDefinitions(DEMO_DEFINITIONS));
  const base = demo.reports!.find((r) => r.id === 'Employees_per_department')!;
  const compileWith = (change: Partial<ReportDefinition>) => () =>
    compileDefinitions({ ...demo, reports: [{ ...base, ...change }] } satisfies DefinitionSet, sqliteDialect);

  it('compiles the demo reports with their GetConnectors, columns and the group field sorted first', () => {
    const { reports } = compileDefinitions(demo, sqliteDialect);
    expect([...reports.keys()].sort()).toEqual(['Debtor_list', 'Employees_per_department', 'Sales_orders']);
    const employees = reports.get('Employees_per_department')!;
    expect(employees.getConnector).toBe('Profit_Employees');
    expect(employees.columns.map((c) => c.field.id)).toEqual([
      'EmployeeId',
      'Name',
      'Function',
      'City',
      'StartDate',
      'HoursPerWeek',
    ]);
    expect(employees.orderBy).toEqual([
      { field: 'Department', desc: false },
      { field: 'Name', desc: false },
    ]);
    expect(employees.title).toEqual({ en: 'Employees per department', nl: 'Medewerkers per afdeling' });
  });

  it.each([
    [{ getConnector: 'Profit_Nope' }, "GetConnector 'Profit_Nope' is not defined"],
    [{ columns: ['EmployeeId', 'Nope'] }, "column 'Nope' is not a field of Profit_Employees"],
    [{ groupBy: 'Nope' }, "groupBy 'Nope' is not a field of Profit_Employees"],
    [{ orderBy: ['Nope'] }, 'filter or orderBy'],
    [{ filter: { or: [{ and: [{ field: 'HoursPerWeek', op: 'eq' as const, value: 'many' }] }] } }, 'filter or orderBy'],
    [{ filter: { or: [{ and: [{ field: 'Nope', op: 'eq' as const, value: '1' }] }] } }, 'filter or orderBy'],
  ])('stops start-up on %o, naming the report', (change, message) => {
    expect(compileWith(change)).toThrow(DefinitionError);
    expect(compileWith(change)).toThrow(`report 'Employees_per_department': ${message}`);
  });

  it('refuses a report defined twice and a row limit over the bound', () => {
    expect(() => compileDefinitions({ ...demo, reports: [base, base] }, sqliteDialect)).toThrow(
      "report 'Employees_per_department' is defined twice",
    );
    const dir = mkdtempSync(join(tmpdir(), 'appconnector-reports-'));
    try {
      writeFileSync(join(dir, 'r.yaml'), LIMITED.replace('rowLimit: 7', 'rowLimit: 10001'));
      expect(() => loadDefinitions(dir)).toThrow(/r\.yaml: reports\.0\.rowLimit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('joins its own filter and the caller’s as AND over every pair of OR groups', () => {
    const a = { field: 'A', op: 'eq' as const, value: '1' };
    const b = { field: 'B', op: 'eq' as const, value: '2' };
    const c = { field: 'C', op: 'eq' as const, value: '3' };
    expect(bothFilters({ or: [] }, { or: [{ and: [a] }] })).toEqual({ or: [{ and: [a] }] });
    expect(bothFilters({ or: [{ and: [a] }] }, { or: [] })).toEqual({ or: [{ and: [a] }] });
    expect(bothFilters({ or: [{ and: [a] }] }, { or: [{ and: [b] }, { and: [c] }] })).toEqual({
      or: [{ and: [a, b] }, { and: [a, c] }],
    });
  });
});

describe.each(DATABASE_KINDS)('ReportConnector on %s', (kind) => {
  let server: TestServer | undefined;
  let definitions = '';
  /** Linked to Profit_Employees only; and to no GetConnector any report reads. */
  let employeesOnly = '';
  let outsider = '';

  beforeAll(async () => {
    definitions = mkdtempSync(join(tmpdir(), 'appconnector-reports-'));
    cpSync(DEMO_DEFINITIONS, definitions, { recursive: true });
    writeFileSync(join(definitions, 'test-reports.yaml'), LIMITED);
    writeFileSync(join(definitions, 'test-blocked.yaml'), BLOCKED);
    // The demo's Debtor_list reads Profit_Debtor, a GetConnector generated from the catalogue.
    server = await startTestServer(kind, { definitionsDir: definitions, catalogue: true });
    if (!server) return;
    const { runtime } = server;
    // Enough employees for a report of several pages.
    await loadDemoData(runtime, 'O12345AA', { employees: 160, seed: 5 });
    const tokenOf = async (name: string, get: string[]) => {
      let app = await createAppConnector(runtime.db, { environment: 'O12345AA', name });
      app = await linkConnectors(runtime.db, runtime.registry, app, 'get', get);
      return authorizationHeader((await createToken(runtime.db, app, { userId: name })).xml);
    };
    employeesOnly = await tokenOf('Employees', ['Profit_Employees']);
    outsider = await tokenOf('Elsewhere', ['Profit_Address']);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(definitions, { recursive: true, force: true });
  });

  async function rows(connector: string, query = '') {
    const response = await server!.call(`/connectors/${connector}?skip=-1&take=-1&${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { rows: Record<string, unknown>[] }).rows;
  }

  /** A report in AFAS's JSON shape; answers the PDF bytes, the headers and every text item of the document. */
  async function report(path: string, headers: Record<string, string> = {}) {
    const response = await server!.call(path, { headers });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-trace-identifier')).toMatch(/^[0-9a-f]{32}$/);
    const body = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['filedata', 'mimetype']);
    expect(body.mimetype).toBe('application/pdf');
    const bytes = Buffer.from(body.filedata!, 'base64');
    const pdf = await readPdf(bytes);
    return { bytes, pdf, items: new Set(pdf.pages.flat()) };
  }

  async function expectNotFound(path: string, auth?: string) {
    const response = await server!.call(path, auth ? { headers: { authorization: auth } } : {});
    expect(response.status, path).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
    expect(body.errorNumber).toBe(ERRORS.fileNotFound.errorNumber);
    expect(Buffer.from(response.headers.get('x-profit-error') ?? '', 'base64').toString('utf8')).toBe(
      body.externalMessage,
    );
  }

  it('prints every active employee, grouped by department, over several numbered pages', async () => {
    if (!server) return;
    const before = Math.floor(Date.now() / 1000) * 1000;
    const { bytes, pdf, items } = await report('/ReportConnector/Employees_per_department', {
      'accept-language': 'nl-NL',
    });
    const after = Date.now();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.title).toBe('Medewerkers per afdeling');
    expect(pdf.creationDate!.getTime()).toBeGreaterThanOrEqual(before);
    expect(pdf.creationDate!.getTime()).toBeLessThanOrEqual(after);
    const all = await rows('Profit_Employees');
    const active = all.filter((row) => row.Active === true);
    const inactive = all.filter((row) => row.Active !== true);
    expect(active.length).toBeGreaterThan(100);
    expect(inactive.length).toBeGreaterThan(0);
    for (const row of active) expect(items, String(row.EmployeeId)).toContain(row.EmployeeId);
    for (const row of inactive) expect(items, String(row.EmployeeId)).not.toContain(row.EmployeeId);
    // Dates as a Dutch reader writes them, hours with a decimal comma (the values as the database gave them).
    for (const row of active.filter((r) => r.StartDate !== null).slice(0, 10)) {
      const [year, month, day] = String(row.StartDate).slice(0, 10).split('-');
      expect(items).toContain(`${day}-${month}-${year}`);
    }
    const hours = active.find((r) => typeof r.HoursPerWeek === 'number' && r.HoursPerWeek % 1 !== 0);
    expect(hours).toBeDefined();
    expect(items).toContain((hours!.HoursPerWeek as number).toFixed(2).replace('.', ','));
    // Several pages, each with the table's heading and its number.
    expect(pdf.pages.length).toBeGreaterThan(2);
    for (const [index, page] of pdf.pages.entries()) {
      expect(page).toContain('Medewerker');
      expect(page).toContain(`Pagina ${index + 1} van ${pdf.pages.length}`);
    }
    expect(pdf.pages[0]).toContain(`Aangemaakt op ${dutchTime(pdf.creationDate!)} UTC · ${active.length} regels`);
    // A heading per department with its number of employees.
    const departments = new Map<string, number>();
    for (const row of active)
      departments.set(String(row.Department), (departments.get(String(row.Department)) ?? 0) + 1);
    for (const [department, count] of departments) expect(items).toContain(`Afdeling: ${department} (${count})`);
    // Dutch (and other European) characters print as they are stored.
    const accented = active.map((row) => String(row.Name)).filter((name) => /[^\x20-\x7e]/.test(name));
    expect(accented.length).toBeGreaterThan(0);
    for (const name of accented) expect(items).toContain(name);
  });

  it('applies the caller’s filters, in both syntaxes, on top of the report’s own', async () => {
    if (!server) return;
    const active = (await rows('Profit_Employees')).filter((row) => row.Active === true);
    const city = String(active[0]!.City);
    const query = `filterfieldids=City&filtervalues=${encodeURIComponent(city)}&operatortypes=1`;
    const expected = (await rows('Profit_Employees', query)).filter((row) => row.Active === true);
    const { items, pdf } = await report(`/ReportConnector/Employees_per_department?${query}`, {
      'accept-language': 'en-US',
    });
    expect(pdf.title).toBe('Employees per department');
    for (const row of expected) expect(items).toContain(row.EmployeeId);
    for (const row of active.filter((r) => r.City !== city)) expect(items).not.toContain(row.EmployeeId);
    expect(
      pdf.pages[0]!.some((item) => item.endsWith(`· ${expected.length} ${expected.length === 1 ? 'row' : 'rows'}`)),
    ).toBe(true);
    // The same filter as filterjson.
    const json = JSON.stringify({
      Filters: { Filter: [{ '@FilterId': 'f', Field: [{ '@FieldId': 'City', '@OperatorType': 1, '#text': city }] }] },
    });
    const again = await report(`/ReportConnector/Employees_per_department?filterjson=${encodeURIComponent(json)}`);
    expect([...again.items].filter((item) => /^\d{6}$/.test(item)).sort()).toEqual(
      expected.map((row) => row.EmployeeId).sort(),
    );
    // A filter on an unknown field is the read path's error, in AFAS's error body.
    const response = await server!.call(
      '/ReportConnector/Employees_per_department?filterfieldids=Nope&filtervalues=1&operatortypes=1',
    );
    expect(response.status).toBe(ERRORS.fieldNotFound.status);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await response.json()).errorNumber).toBe(ERRORS.fieldNotFound.errorNumber);
  });

  it('prints at most the row limit and says the list was cut', async () => {
    if (!server) return;
    const ids = (await rows('Profit_Employees', 'orderbyfieldids=EmployeeId')).map((row) => row.EmployeeId);
    const { pdf, items } = await report('/ReportConnector/Test_Limited', { 'accept-language': 'en-US' });
    const printed = [...items].filter((item) => /^\d{6}$/.test(item));
    expect(printed).toEqual(ids.slice(0, 7));
    expect(pdf.pages[0]).toContain('Only the first 7 rows: narrow the filter for the rest.');
    // Under the limit, nothing is said.
    const few = await report(
      `/ReportConnector/Test_Limited?filterfieldids=EmployeeId&filtervalues=${ids[3]}&operatortypes=1`,
    );
    expect([...few.items].filter((item) => /^\d{6}$/.test(item))).toEqual([ids[3]]);
    expect(
      few.pdf.pages.flat().some((item) => item.startsWith('Alleen de eerste') || item.startsWith('Only the first')),
    ).toBe(false);
  });

  it('prints the debtor list and the sales orders', async () => {
    if (!server) return;
    const debtors = await rows('Profit_Debtor');
    const { items } = await report('/ReportConnector/Debtor_list');
    for (const debtor of debtors) expect(items).toContain(debtor.DebtorId);
    const orders = await rows('Profit_Salesorders');
    const sales = await report('/ReportConnector/Sales_orders');
    for (const order of orders.slice(0, 20)) expect(sales.items).toContain(String(order.OrderNumber));
  });

  it('answers 404 for an unknown report and for one whose GetConnector the token may not read', async () => {
    if (!server) return;
    await expectNotFound('/ReportConnector/Nope');
    await expectNotFound('/ReportConnector/Employees_per_department', outsider);
    await expectNotFound('/ReportConnector/Debtor_list', employeesOnly);
    // Linked, but the administrator blocked the GetConnector.
    await expectNotFound('/ReportConnector/Test_Blocked');
    await expectNotFound(`/ReportConnector/${encodeURIComponent("x' or '1'='1")}`);
    const allowed = await server!.call('/ReportConnector/Employees_per_department', {
      headers: { authorization: employeesOnly },
    });
    expect(allowed.status).toBe(200);
  });

  it('answers the PDF itself with SendFileAsBinary: 1, and the JSON shape with 0', async () => {
    if (!server) return;
    const response = await server!.call('/ReportConnector/Debtor_list', { headers: { SendFileAsBinary: '1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=Debtor_list.pdf');
    expect(response.headers.get('x-trace-identifier')).toMatch(/^[0-9a-f]{32}$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The same document as the JSON form's (its creation time aside): the same pages and text.
    const binary = await readPdf(bytes);
    const { pdf } = await report('/ReportConnector/Debtor_list', { SendFileAsBinary: '0' });
    const withoutDate = (pages: string[][]) =>
      pages.map((page) => page.filter((item) => !/^(Aangemaakt|Created)/.test(item)));
    expect(withoutDate(binary.pages)).toEqual(withoutDate(pdf.pages));
  });
});

/** `06-12-2026 17:20`, as the first page of a Dutch report says when it was made. */
function dutchTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
