// The hand-written UpdateConnectors accept bodies shaped as AFAS documents them (fixtures/afas-bodies), where they
// used to refuse them for reasons of ours (issue 12): over real HTTP, on SQLite and PostgreSQL, read back after.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

/** A documented body with `{Name}` placeholders filled in (numbers stay strings, as AFAS's examples send them). */
function body(name: string, values: Record<string, string> = {}): unknown {
  const text = readFileSync(new URL(`./fixtures/afas-bodies/${name}.json`, import.meta.url), 'utf8');
  return JSON.parse(
    text.replace(/"\{(\w+)\}"/g, (whole, key: string) => (key in values ? JSON.stringify(values[key]) : whole)),
  );
}

describe.each(DATABASE_KINDS)('hand-written connectors as AFAS documents them, on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind);
  });
  afterAll(async () => server?.close());

  async function send(method: string, path: string, payload: unknown) {
    const response = await server!.send(method, path, payload);
    const text = await response.text();
    return { status: response.status, text, json: text === '' ? undefined : JSON.parse(text) };
  }
  async function ok(method: string, path: string, payload: unknown) {
    const answer = await send(method, path, payload);
    expect(answer.status, answer.text).toBe(method === 'DELETE' ? 200 : 201);
    return answer.json?.results;
  }
  const table = (name: string, where: Record<string, unknown>) => server!.stored(name, where);

  it('FiEntries: Profit numbers the entry (no EnNo sent), answers it, and a DELETE by InId removes its lines', async () => {
    if (!server) return;
    const { FiEntryPar } = await ok('POST', '/connectors/FiEntries', body('fientries-post'));
    expect(FiEntryPar).toMatchObject({ UnId: '1', Year: '2026', Peri: '3', JoCo: 'MEM' });
    expect(FiEntryPar.EnNo).toMatch(/^\d+$/);
    const lines = await table('fi_entry_line', { invoice_id: 'INV-7781' });
    expect(lines.map((line) => Number(line.entry_no))).toEqual([Number(FiEntryPar.EnNo), Number(FiEntryPar.EnNo)]);
    // A second entry takes the next number, never one in use.
    const second = await ok('POST', '/connectors/FiEntries', body('fientries-post'));
    expect(Number(second.FiEntryPar.EnNo)).toBeGreaterThan(Number(FiEntryPar.EnNo));
    await ok('DELETE', '/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,MEM/FiEntries/@InId/INV-7781', undefined);
    expect(await table('fi_entry_line', { invoice_id: 'INV-7781' })).toEqual([]);
    const missing = await send(
      'DELETE',
      '/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,MEM/FiEntries/@InId/INV-7781',
      undefined,
    );
    expect(missing.json.externalMessage).toContain('InId = INV-7781');
  });

  it('KnOrganisation: a bank account by its account number alone (not an IBAN) is stored', async () => {
    if (!server) return;
    const { KnOrganisation } = await ok('POST', '/connectors/KnOrganisation', body('knorganisation-post-bank-account'));
    expect(KnOrganisation.BcId).toMatch(/^\d+$/);
    const accounts = await table('kn_bank_account', { bc_id: Number(KnOrganisation.BcId) });
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ account_number: '123456789', iban: null, country_id: 'NL' });
  });

  it('KnPerson: no last name needed; the answer carries BcId, and a PUT finds the person by it', async () => {
    if (!server) return;
    const { KnPerson } = await ok('POST', '/connectors/KnPerson', body('knperson-post-first-name'));
    expect(KnPerson).toEqual({ BcCo: expect.stringMatching(/^\d+$/), BcId: expect.stringMatching(/^\d+$/) });
    const [stored] = await table('kn_person', { bc_id: Number(KnPerson.BcId) });
    expect(stored).toMatchObject({ bc_co: KnPerson.BcCo, first_name: 'Sanne', last_name: null });
    const put = await ok('PUT', '/connectors/KnPerson', {
      KnPerson: { Element: { Fields: { MatchPer: '0', BcId: KnPerson.BcId, LaNm: 'Visser' } } },
    });
    expect(put.KnPerson).toEqual(KnPerson);
    expect((await table('kn_person', { bc_id: Number(KnPerson.BcId) }))[0]).toMatchObject({ last_name: 'Visser' });
  });

  it('KnPerson/KnBasicAddressAdr: a new address for a person who has one replaces it, naming no column', async () => {
    if (!server) return;
    const { KnPerson } = await ok('POST', '/connectors/KnPerson', body('knperson-post-first-name'));
    const address = (HmNr: string, BeginDate: string) =>
      body('knperson-post-address', { BcCo: KnPerson.BcCo, HmNr, BeginDate });
    await ok('POST', '/connectors/KnPerson/KnBasicAddressAdr', address('12', '2026-01-01'));
    await ok('POST', '/connectors/KnPerson/KnBasicAddressAdr', address('14', '2026-02-01'));
    const [person] = await table('kn_person', { bc_id: Number(KnPerson.BcId) });
    const addresses = await table('kn_address', { address_id: person!.address_id });
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatchObject({ street: 'Kerkstraat', house_number: 14 });
  });

  it('KnPerson/KnContact and FiDimEntries: documented objects the YAML lacks are served, stored under their parent', async () => {
    if (!server) return;
    const { KnPerson } = await ok('POST', '/connectors/KnPerson', body('knperson-post-first-name'));
    await ok('POST', '/connectors/KnPerson/KnContact', body('knperson-post-contact', { BcCo: KnPerson.BcCo }));
    const contacts = await table('g_knperson_kncontact', { ac_parent_id: Number(KnPerson.BcId) });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ vikc: 'PRS', exad: 'Inkoop' });
    const entry = body('fientries-post') as {
      FiEntryPar: { Element: { Objects: { FiEntries: { Element: object[] } }[] } };
    };
    const lines = entry.FiEntryPar.Element.Objects[0]!.FiEntries.Element as { Objects?: unknown }[];
    lines[0]!.Objects = [{ FiDimEntries: { Element: { Fields: { DiC1: 'KPL-01', AmDe: '125.50' } } } }];
    const { FiEntryPar } = await ok('POST', '/connectors/FiEntries', entry);
    const [line] = await table('fi_entry_line', { entry_no: Number(FiEntryPar.EnNo), account_no: '4000' });
    expect(await table('g_fientries_fientries_fidimentries', { ac_parent_id: line!.id })).toMatchObject([
      { dic1: 'KPL-01' },
    ]);
  });

  it('FbItemArticle: an article without a description (Ds) is stored', async () => {
    if (!server) return;
    expect(await ok('POST', '/connectors/FbItemArticle', body('fbitemarticle-post'))).toEqual({
      FbItemArticle: { ItCd: 'ART-DOC-1' },
    });
    expect((await table('fb_article', { item_code: 'ART-DOC-1' }))[0]).toMatchObject({ description: null });
  });

  it('KnSubjectAttachment: a file without FileName is stored under its file id', async () => {
    if (!server) return;
    const { KnSubject } = await ok('POST', '/connectors/KnSubject', body('knsubject-post-attachment'));
    const [attachment] = await table('kn_subject_attachment', { subject_id: Number(KnSubject.SbId) });
    expect(attachment!.file_name).toBe(attachment!.file_id);
    expect(Buffer.from(attachment!.file_data as Uint8Array).toString()).toBe('hallo wereld');
  });

  it('FbSales PUT: a line named by its GUID is updated, without the fields only a new line needs', async () => {
    if (!server) return;
    const [article] = await table('fb_article', {});
    const [debtor] = await table('kn_debtor', {});
    const values = {
      DbId: String(debtor!.debtor_id),
      ItCd: String(article!.item_code),
      BiUn: String(article!.unit_id),
    };
    const { FbSales } = await ok('POST', '/connectors/FbSales', body('fbsales-post', values));
    await ok('PUT', '/connectors/FbSales', body('fbsales-put-line', { OrNu: FbSales.OrNu }));
    const lines = await table('fb_sales_order_line', { order_number: FbSales.OrNu });
    expect(lines).toHaveLength(1);
    expect(Number(lines[0]!.quantity_units)).toBe(6);
    // Fields only POST requires are not demanded by a PUT (KnSubject: StId and Ds on POST, SbId on PUT).
    const { KnSubject } = await ok('POST', '/connectors/KnSubject', body('knsubject-post-attachment'));
    await ok('PUT', '/connectors/KnSubject', {
      KnSubject: { Element: { '@SbId': KnSubject.SbId, Fields: { SbTx: 'x' } } },
    });
  });

  it('KnEmployee: AfasTimeTable as KnDayContract describes it; no AfasWorkTime at the employee; DELETE by EmId', async () => {
    if (!server) return;
    const [employee] = await server.rows('Profit_Employees', 'skip=0&take=1');
    const EmId = String(employee!.EmployeeId);
    await ok('PUT', '/connectors/KnEmployee', body('knemployee-put-timetable', { EmId }));
    const schedules = await table('hr_schedule', { employee_id: EmId });
    expect(schedules.some((row) => Number(row.hours_per_week) === 32 && Number(row.days_per_week) === 4)).toBe(true);
    const workTime = await send('PUT', '/connectors/KnEmployee', {
      AfasEmployee: {
        Element: { '@EmId': EmId, Objects: [{ AfasWorkTime: { Element: { Fields: { HrWk: '32' } } } }] },
      },
    });
    expect(workTime.status).toBe(500);
    expect(workTime.json.externalMessage).toContain('AfasWorkTime');
    await ok('DELETE', `/connectors/KnEmployee/AfasEmployee/@EmId/${EmId}`, undefined);
    expect(await table('hr_employee', { employee_id: EmId })).toEqual([]);
    expect(await table('hr_schedule', { employee_id: EmId })).toEqual([]);
  });
});
