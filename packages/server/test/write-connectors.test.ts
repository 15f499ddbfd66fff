// The demo UpdateConnectors end to end on SQLite and PostgreSQL: what each writes shows up in the demo
// GetConnectors, audit columns are kept (Amsterdam time, the token's user), file bytes round-trip, and a read
// filtered on ModifiedDate after a write returns the changed record.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsterdamStamp } from '../src/write/write-clock.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?$/;

describe.each(DATABASE_KINDS)('demo UpdateConnectors on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind);
  });
  afterAll(async () => server?.close());

  async function post(connector: string, body: unknown, method = 'POST') {
    const response = await server!.send(method, `/connectors/${connector}`, body);
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return JSON.parse(text).results;
  }
  const table = (name: string, where: Record<string, unknown>) => server!.stored(name, where);
  const eq = (field: string, value: string | number) =>
    `filterfieldids=${field}&filtervalues=${encodeURIComponent(String(value))}&operatortypes=1`;

  it('KnPerson: a person with addresses and a bank account, in Profit_OrgPer and Profit_Address, audited', async ({
    skip,
  }) => {
    if (!server) return skip();
    const before = amsterdamStamp(new Date(Date.now() - 1000)).slice(0, 19);
    const { KnPerson } = await post('KnPerson', {
      KnPerson: {
        Element: {
          Fields: {
            PadAdr: true,
            AutoNum: true,
            MatchPer: '7',
            FiNm: 'Fleur',
            Is: 'van',
            LaNm: 'Dijk',
            ViGe: 'V',
            DaBi: '1990-04-05',
            SoSe: '111222333',
            EmAd: 'fleur@vandijk.nl',
          },
          Objects: [
            {
              KnBasicAddressAdr: {
                Element: {
                  Fields: {
                    CoId: 'NL',
                    PbAd: false,
                    Ad: 'Kerkstraat',
                    HmNr: '12',
                    HmAd: 'a',
                    ZpCd: '3511 AB',
                    Rs: 'Utrecht',
                    ResZip: false,
                  },
                },
              },
            },
            { KnBankAccount: { Element: { Fields: { CoId: 'NL', Iban: 'NL91ABNA0417164300', IbCk: true } } } },
          ],
        },
      },
    });
    expect(KnPerson.BcCo).toMatch(/^\d+$/);
    const [orgPer] = await server.rows('Profit_OrgPer', eq('BcCo', KnPerson.BcCo));
    expect(orgPer).toMatchObject({
      Type: 'P',
      SearchName: 'DIJK',
      Name: 'Fleur van Dijk',
      AdressLine1: 'Kerkstraat 12a',
      AdressLine3: '3511 AB  Utrecht',
      AdressLine4: 'Nederland',
      MailWork: 'fleur@vandijk.nl',
      DateBirth: '1990-04-05T00:00:00Z',
      BSN: '111222333',
    });
    const [person] = await table('kn_person', { bc_co: KnPerson.BcCo });
    expect(person!.postal_address_id).toBe(person!.address_id);
    expect(person!.created_by).toBe('tester');
    expect(String(person!.created_at)).toMatch(STAMP);
    expect(String(person!.created_at).replace(' ', 'T').slice(0, 19) >= before).toBe(true);
    const [basic] = await table('kn_basic_contact', { bc_co: KnPerson.BcCo });
    expect(basic).toMatchObject({ type: 'P', created_by: 'tester', modified_by: 'tester' });
    const [address] = await server.rows('Profit_Address', eq('AddressId', Number(person!.address_id)));
    expect(address).toMatchObject({ Address: 'Kerkstraat', Number: 12, NumberAdd: 'a', Country: 'NL', PoBox: false });
    expect(String(address!.ModifiedDate) >= `${before}Z`).toBe(true);
    const accounts = await table('kn_bank_account', { bc_id: person!.bc_id });
    expect(accounts.map((a) => a.iban)).toEqual(['NL91ABNA0417164300']);

    // An update changes only what it names and keeps the creation stamp; an address update reuses the row.
    await post(
      'KnPerson',
      {
        KnPerson: {
          Element: {
            Fields: { MatchPer: '0', BcCo: KnPerson.BcCo, TeNr: '030-1234567' },
            Objects: [{ KnBasicAddressAdr: { Element: { Fields: { HmNr: 14, HmAd: '' } } } }],
          },
        },
      },
      'PUT',
    );
    const [updated] = await table('kn_person', { bc_co: KnPerson.BcCo });
    expect(updated).toMatchObject({ phone_work: '030-1234567', first_name: 'Fleur', address_id: person!.address_id });
    expect(updated!.created_at).toEqual(person!.created_at);
    const [moved] = await server.rows('Profit_Address', eq('AddressId', Number(person!.address_id)));
    expect(moved).toMatchObject({ Number: 14, NumberAdd: null, Address: 'Kerkstraat' });
    // A POST that finds the person (MatchPer 0) updates its address rather than adding one.
    await post('KnPerson', {
      KnPerson: {
        Element: {
          Fields: { MatchPer: '0', BcCo: KnPerson.BcCo },
          Objects: [{ KnBasicAddressAdr: { Element: { Fields: { CoId: 'NL', Ad: 'Domplein', HmNr: 1 } } } }],
        },
      },
    });
    const [again] = await table('kn_person', { bc_co: KnPerson.BcCo });
    expect(again!.address_id).toBe(person!.address_id);
    expect((await server.rows('Profit_Address', eq('AddressId', Number(person!.address_id))))[0]).toMatchObject({
      Address: 'Domplein',
      Number: 1,
      ZipCode: '3511 AB',
    });
  });

  it('KnOrganisation: an organisation with a contact person, in Profit_OrgPer and Profit_Contacts', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { KnOrganisation } = await post('KnOrganisation', {
      KnOrganisation: {
        Element: {
          Fields: {
            PadAdr: true,
            AutoNum: true,
            MatchOga: '6',
            Nm: 'Bakkerij De Korrel B.V.',
            ViLe: '30',
            CcNr: '12345678',
            EmAd: 'info@korrel.nl',
          },
          Objects: [
            {
              KnBasicAddressAdr: {
                Element: { Fields: { CoId: 'NL', Ad: 'Markt', HmNr: 1, ZpCd: '8011 AA', Rs: 'Zwolle' } },
              },
            },
            {
              KnContact: {
                Element: {
                  Fields: { ViKc: 'PRS', ExAd: 'Inkoop', EmAd: 'piet@korrel.nl' },
                  Objects: [
                    {
                      KnPerson: {
                        Element: { Fields: { AutoNum: true, MatchPer: '7', FiNm: 'Piet', LaNm: 'Korrel', ViGe: 'M' } },
                      },
                    },
                  ],
                },
              },
            },
          ],
        },
      },
    });
    const [organisation] = await server.rows('Profit_OrgPer', eq('BcCo', KnOrganisation.BcCo));
    expect(organisation).toMatchObject({
      Type: 'O',
      Name: 'Bakkerij De Korrel B.V.',
      AdressLine3: '8011 AA  Zwolle',
      ChOfCommNr: '12345678',
    });
    const contacts = await server.rows('Profit_Contacts', eq('OrgNumber', KnOrganisation.BcCo));
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      Type: 'PRS',
      Name: 'Bakkerij De Korrel B.V.',
      Department: 'Inkoop',
      MailWork: 'piet@korrel.nl',
      FullName: 'Piet Korrel',
      Gender: 'M',
      Blocked: false,
    });
    const [person] = await server.rows('Profit_OrgPer', eq('BcCo', contacts[0]!.PerNumber as string));
    expect(person).toMatchObject({ Type: 'P', Name: 'Piet Korrel' });
    // MatchOga 1 finds it by its CoC number.
    const again = await post('KnOrganisation', {
      KnOrganisation: { Element: { Fields: { MatchOga: '1', CcNr: '12345678', Nm: 'Bakkerij De Korrel' } } },
    });
    expect(again.KnOrganisation.BcCo).toBe(KnOrganisation.BcCo);
  });

  it('KnEmployee: an employee with person, contract, function, work time, salary and a custom field', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { AfasEmployee } = await post('KnEmployee', {
      AfasEmployee: {
        Element: {
          Fields: { Bl: false, U7C2A8F51D3E04B6F9A1C0E2D4B6F8A13: true },
          Objects: [
            {
              KnPerson: {
                Element: {
                  Fields: {
                    AutoNum: true,
                    MatchPer: '7',
                    FiNm: 'Sanne',
                    LaNm: 'de Wit',
                    SoSe: '123456782',
                    DaBi: '1988-02-29',
                  },
                },
              },
            },
            { AfasContract: { Element: { '@DaBe': '2026-02-01', Fields: { EmMt: '1', ClId: 'CAO-ICT' } } } },
            { AfasOrgunitFunction: { Element: { '@DaBe': '2026-02-01', Fields: { DpId: 'FIN', FuId: 'F005' } } } },
            { AfasTimeTable: { Element: { '@DaBg': '2026-02-01', Fields: { HrWk: 32, PcPt: '0.8' } } } },
            { AfasSalary: { Element: { '@DaBe': '2026-02-01', Fields: { SaPe: 'V', EmSa: 4100.5, PtId: '1' } } } },
          ],
        },
      },
    });
    expect(AfasEmployee.EmId).toMatch(/^\d+$/);
    const [row] = await server.rows('Profit_Employees', eq('EmployeeId', AfasEmployee.EmId));
    expect(row).toMatchObject({
      Name: 'Sanne de Wit',
      SocialSecurityNumber: '123456782',
      DateOfBirth: '1988-02-29T00:00:00Z',
      DepartmentId: 'FIN',
      FunctionId: 'F005',
      StartDate: '2026-02-01T00:00:00Z',
      EmploymentType: '1',
      HoursPerWeek: 32,
      Fte: 0.8,
      Salary: 4100.5,
      Active: true,
      Blocked: false,
      LeaseCar: true,
    });
    // A function that does not exist is a missing reference; the nested records are found by @DaBe on update.
    const bad = await server.send('PUT', '/connectors/KnEmployee', {
      AfasEmployee: {
        Element: {
          '@EmId': AfasEmployee.EmId,
          Objects: [{ AfasOrgunitFunction: { Element: { '@DaBe': '2026-02-01', Fields: { FuId: 'F999' } } } }],
        },
      },
    });
    expect((await bad.json()).externalMessage).toBe("The entered value for 'FuId' does not exist.");
    await post(
      'KnEmployee',
      {
        AfasEmployee: {
          Element: {
            '@EmId': AfasEmployee.EmId,
            Objects: [{ AfasSalary: { Element: { '@DaBe': '2026-02-01', Fields: { EmSa: 4200 } } } }],
          },
        },
      },
      'PUT',
    );
    const [after] = await server.rows('Profit_Employees', eq('EmployeeId', AfasEmployee.EmId));
    expect(after).toMatchObject({ Salary: 4200, HoursPerWeek: 32 });
    // A raise from a past date becomes the current salary; one from a future date does not yet. Still one row.
    const raise = (day: string, amount: number) =>
      post(
        'KnEmployee',
        {
          AfasEmployee: {
            Element: {
              '@EmId': AfasEmployee.EmId,
              Objects: [{ AfasSalary: { Element: { '@DaBe': day, Fields: { SaPe: 'V', EmSa: amount, PtId: '1' } } } }],
            },
          },
        },
        'PUT',
      );
    await raise('2026-05-01', 4500);
    await raise('2999-01-01', 9999);
    const current = await server.rows('Profit_Employees', eq('EmployeeId', AfasEmployee.EmId));
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ Salary: 4500 });
    const missingPerson = await server.send('POST', '/connectors/KnEmployee', {
      AfasEmployee: { Element: { Fields: { Bl: false } } },
    });
    expect((await missingPerson.json()).externalMessage).toBe("Object 'AfasEmployee': field 'KnPerson' is mandatory.");
  });

  it('KnSubject: a dossier item with link and attachment; the bytes round-trip in the attachments table', async ({
    skip,
  }) => {
    if (!server) return skip();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
    const { KnSubject } = await post('KnSubject', {
      KnSubject: {
        Element: {
          Fields: { StId: 2, Ds: 'Sollicitatiebrief', SbTx: 'Zie bijlage', ViPr: 'H', EmId: '000001' },
          Objects: [
            { KnSubjectLink: { Element: { Fields: { SfTp: '2', SfId: '000001', BcId: '000001' } } } },
            {
              KnSubjectAttachment: {
                Element: { Fields: { FileName: 'brief.png', FileStream: bytes.toString('base64') } },
              },
            },
          ],
        },
      },
    });
    const [subject] = await server.rows('Profit_Subjects', eq('SubjectId', KnSubject.SbId));
    expect(subject).toMatchObject({
      Subject: 'Sollicitatiebrief',
      Comment: 'Zie bijlage',
      Prioriteit: 'H',
      Responsible: '000001',
      ToEmployee: true,
      OrgPersId: '000001',
      Status: 'Nieuw',
    });
    const [file] = await table('kn_subject_attachment', { subject_id: Number(KnSubject.SbId) });
    expect(Buffer.from(file!.file_data as Uint8Array).equals(bytes)).toBe(true);
    expect(file).toMatchObject({
      file_name: 'brief.png',
      mime_type: 'image/png',
      file_size: bytes.length,
      created_by: 'tester',
    });
    expect(file!.file_id).toMatch(/^[0-9A-F]{32}$/);
    const [link] = await table('kn_subject_link', { subject_id: Number(KnSubject.SbId) });
    expect(link).toMatchObject({ employee_id: '000001', destination_type: '2' });
  });

  it('FiEntries: the lines in Profit_Transactions, numbered within their batch', async ({ skip }) => {
    if (!server) return skip();
    await post('FiEntries', {
      FiEntryPar: {
        Element: {
          Fields: { Year: 2026, Peri: 2, JoCo: 'MEM' },
          Objects: [
            {
              FiEntries: {
                Element: [
                  {
                    Fields: {
                      EnNo: 88001,
                      VaAs: '1',
                      AcNr: '4000',
                      EnDa: '2026-02-10',
                      BpDa: '2026-02-10',
                      Ds: 'Huur',
                      AmDe: 1250,
                    },
                  },
                  {
                    Fields: {
                      EnNo: 88001,
                      VaAs: '1',
                      AcNr: '1100',
                      EnDa: '2026-02-10',
                      BpDa: '2026-02-10',
                      Ds: 'Huur',
                      AmCr: 1250,
                    },
                  },
                ],
              },
            },
          ],
        },
      },
    });
    const rows = await server.rows('Profit_Transactions', `${eq('EntryNo', 88001)}&orderbyfieldids=SeqNo`);
    expect(
      rows.map((r) => [r.SeqNo, r.UnitId, r.Year, r.Period, r.JournalId, r.AccountNo, r.AmtDebit, r.AmtCredit]),
    ).toEqual([
      [1, 1, 2026, 2, 'MEM', '4000', 1250, null],
      [2, 1, 2026, 2, 'MEM', '1100', null, 1250],
    ]);
  });

  it('FbItemArticle and FbSales: an article and an order with lines, totals kept', async ({ skip }) => {
    if (!server) return skip();
    const { FbItemArticle } = await post('FbItemArticle', {
      FbItemArticle: {
        Element: {
          Fields: { AuId: true, Ds: 'Koffiebonen 1 kg', Grp: 'IT', BiUn: 'stk', VaRc: 'LAAG', SaPrice: '19.95' },
        },
      },
    });
    const [article] = await server.rows('Profit_Article', eq('ItemCode', FbItemArticle.ItCd));
    expect(article).toMatchObject({
      Description: 'Koffiebonen 1 kg',
      UnitId: 'stk',
      ArtGroup: 'IT',
      Blocked: false,
      VATGroup: 'LAAG',
    });
    const { FbSales } = await post('FbSales', {
      FbSales: {
        Element: {
          Fields: { DbId: '10001', OrDa: '2026-03-01', RfCs: 'PO-1' },
          Objects: {
            FbSalesLines: {
              Element: [
                { Fields: { VaIt: '2', ItCd: FbItemArticle.ItCd, BiUn: 'stk', QuUn: 2 } },
                { Fields: { VaIt: '2', ItCd: FbItemArticle.ItCd, BiUn: 'stk', QuUn: 1, Upri: 10, PRDc: 10 } },
              ],
            },
          },
        },
      },
    });
    const [order] = await server.rows('Profit_Salesorders', eq('OrderNumber', FbSales.OrNu));
    expect(order).toMatchObject({
      DebtorId: '10001',
      OrderDate: '2026-03-01T00:00:00Z',
      CustomerReference: 'PO-1',
      Status: 'Open',
      Gross: 48.9,
      TotalAmount: 48.9,
      Quantity: 3,
      VAT: 4.4,
      InvoiceTotal: 53.3,
    });
    const lines = await server.rows(
      'Profit_SalesorderLines',
      `${eq('OrderNumber', FbSales.OrNu)}&orderbyfieldids=SeqNo`,
    );
    expect(lines.map((l) => [l.SeqNo, l.Description, l.PricePerUnit, l.PriceNet, l.AmtTotal])).toEqual([
      [1, 'Koffiebonen 1 kg', 19.95, 19.95, 39.9],
      [2, 'Koffiebonen 1 kg', 10, 9, 9],
    ]);
    // A line added through the sub-object URL continues the numbering and the totals.
    const added = await server.send('POST', '/connectors/FbSales/FbSalesLines', {
      FbSales: {
        Element: {
          '@OrNu': FbSales.OrNu,
          Objects: [
            { FbSalesLines: { Element: { Fields: { VaIt: '2', ItCd: FbItemArticle.ItCd, BiUn: 'stk', QuUn: 1 } } } },
          ],
        },
      },
    });
    expect(added.status).toBe(201);
    const [total] = await server.rows('Profit_Salesorders', eq('OrderNumber', FbSales.OrNu));
    expect(total).toMatchObject({ Quantity: 4, Gross: 68.85 });
  });

  it('KnUser: users in Profit_Users; the mutation code blocks and renames', async ({ skip }) => {
    if (!server) return skip();
    const user = (fields: Record<string, unknown>) => ({ KnUser: { Element: { Fields: fields } } });
    await post(
      'KnUser',
      user({ MtCd: '1', UsId: '12345.nieuw', Nm: 'Nieuwe Gebruiker', EmAd: 'nieuw@demobedrijf.nl', InSi: true }),
    );
    expect(await server.rows('Profit_Users', eq('UserId', '12345.nieuw'))).toEqual([
      expect.objectContaining({
        Description: 'Nieuwe Gebruiker',
        Email: 'nieuw@demobedrijf.nl',
        InSite: true,
        Blocked: false,
        Windows: false,
      }),
    ]);
    await post('KnUser', user({ MtCd: '2', UsId: '12345.nieuw', Nm: 'Nieuwe Gebruiker' }), 'PUT');
    expect((await server.rows('Profit_Users', eq('UserId', '12345.nieuw')))[0]!.Blocked).toBe(true);
    await post('KnUser', user({ MtCd: '4', UsId: '12345.nieuw', UsIdNew: '12345.hernoemd', Nm: 'Hernoemd' }), 'PUT');
    expect(await server.rows('Profit_Users', eq('UserId', '12345.nieuw'))).toEqual([]);
    expect((await server.rows('Profit_Users', eq('UserId', '12345.hernoemd')))[0]).toMatchObject({
      Description: 'Hernoemd',
    });
  });

  it('a write is found by a read filtered on ModifiedDate from just before it', async ({ skip }) => {
    if (!server) return skip();
    const [someone] = await server.rows('Profit_Employees', 'orderbyfieldids=EmployeeId');
    // Overlap by a second, as careful clients do: stored times have sub-second precision.
    const before = amsterdamStamp(new Date(Date.now() - 1000)).slice(0, 19);
    await post(
      'KnEmployee',
      {
        AfasEmployee: {
          Element: { '@EmId': someone!.EmployeeId, Fields: { U7C2A8F51D3E04B6F9A1C0E2D4B6F8A13: true } },
        },
      },
      'PUT',
    );
    const changed = await server.rows(
      'Profit_Employees',
      `filterfieldids=ModifiedDate&filtervalues=${before}&operatortypes=2`,
    );
    expect(changed.map((r) => r.EmployeeId)).toContain(someone!.EmployeeId);
    expect(changed.find((r) => r.EmployeeId === someone!.EmployeeId)).toMatchObject({ LeaseCar: true });
    for (const row of changed) expect(String(row.ModifiedDate) >= before).toBe(true);
    const later = amsterdamStamp(new Date(Date.now() + 60_000)).slice(0, 19);
    expect(
      await server.rows('Profit_Employees', `filterfieldids=ModifiedDate&filtervalues=${later}&operatortypes=2`),
    ).toEqual([]);
  });
});
