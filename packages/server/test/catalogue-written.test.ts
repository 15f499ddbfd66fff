// What a generated UpdateConnector writes shows up in the catalogue GetConnector that reads it, over real HTTP on
// SQLite and PostgreSQL: a POST with an AFAS-shaped body, then the GetConnector filtered on the new record.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltElement, buildElement, generatedConnectors } from './support/catalogue-bodies.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

const eq = (field: string, value: string | number) =>
  `filterfieldids=${field}&filtervalues=${encodeURIComponent(String(value))}&operatortypes=1`;

describe.each(DATABASE_KINDS)('GetConnectors over generated UpdateConnectors on %s', (kind) => {
  let server: WriteServer | undefined;
  let employee: Record<string, unknown>;
  let organisation: Record<string, unknown>;
  let person: Record<string, unknown>;
  beforeAll(async () => {
    server = await startWriteServer(kind, { employees: 20, catalogue: true });
    if (!server) return;
    employee = (await server.rows('Profit_Employees'))[2]!;
    const relations = await server.rows('Profit_OrgPer');
    organisation = relations.find((r) => r.Type === 'O' || r.Type === 'Organisatie')!;
    person = relations.find((r) => r.BcCo === employee.PersonId)!;
  }, 120_000);
  afterAll(async () => server?.close());

  /** POSTs the catalogue's required fields of the root (valid values) with `fields` over them, and `objects`. */
  async function post(connector: string, fields: Record<string, unknown>, objects?: BuiltElement['Objects']) {
    const generated = generatedConnectors(server!.runtime.registry).find((c) => c.id === connector)!;
    const element = buildElement(generated.catalogue, generated.root, 3);
    const body = {
      [generated.root.name]: {
        Element: { Fields: { ...element.Fields, ...fields }, ...(objects ? { Objects: objects } : {}) },
      },
    };
    const response = await server!.send('POST', `/connectors/${connector}`, body);
    const text = await response.text();
    expect(response.status, text).toBe(201);
  }

  it('Profit_Leaves shows a HrAbsence, with the employee and the descriptions of its codes', async () => {
    if (!server) return;
    await post('HrAbsence', {
      EmId: employee.EmployeeId,
      ViAt: 'VAK',
      ViLr: 'Vak',
      DaBe: '2026-07-20',
      DaEn: '2026-07-31',
      EnSe: 1,
      DuRa: 72,
      LeDt: false,
    });
    const rows = await server.rows('Profit_Leaves', `${eq('EmployeeId', employee.EmployeeId as string)}`);
    const leave = rows.find((r) => r.StartDate === '2026-07-20T00:00:00Z');
    expect(leave).toMatchObject({
      EmployeeId: employee.EmployeeId,
      Name: employee.Name,
      BSN: employee.SocialSecurityNumber,
      Hours: 72,
      EndDate: '2026-07-31T00:00:00Z',
      DvId: 1,
      LeaveCode: 'VAK',
      LeaveDescr: 'Vakantie',
      ReasonCode: 'Vak',
      ReasonDescr: 'Vakantie',
    });
    expect(leave?.ModifiedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/);
  });

  it('Profit_Illness shows a HrIllness, with the employee address and the absence type', async () => {
    if (!server) return;
    await post('HrIllness', {
      EmId: employee.EmployeeId,
      DaBe: '2026-02-09',
      DMeB: '2026-02-09',
      DaEs: '2026-02-20',
      ViIt: 'Z',
      ViIr: '1',
      EnSe: 1,
      RuAb: false,
    });
    const rows = await server.rows('Profit_Illness', eq('EmployeeId', employee.EmployeeId as string));
    const absence = rows.find((r) => r.StartDate === '2026-02-09T00:00:00Z');
    expect(absence).toMatchObject({
      EmployeeId: employee.EmployeeId,
      BSN: employee.SocialSecurityNumber,
      AbsenceTypeId: 'Z',
      ReasonId: '1',
      ReasonDesc: 'Griep, koorts, verkoudheid',
      ReportDate: '2026-02-09T00:00:00Z',
      ExEndDate: '2026-02-20T00:00:00Z',
      Street: employee.Street,
      City: employee.City,
      Continuous: false,
    });
    expect(absence?.AbsenceTypeDesc).toEqual(expect.any(String));
  });

  it('Profit_Projects shows a PtProject', async () => {
    if (!server) return;
    await post('PtProject', {
      PrId: 'PRJ9001',
      Ds: 'Nieuwbouw kantoor Zwolle',
      PrGp: 'PG01',
      BcCo: organisation.BcCo,
      DaSt: '2026-04-01',
      ChOu: false,
      Ch: true,
    });
    expect(await server.rows('Profit_Projects', eq('ProjectId', 'PRJ9001'))).toEqual([
      expect.objectContaining({
        ProjectId: 'PRJ9001',
        Description: 'Nieuwbouw kantoor Zwolle',
        ProjectGroup: 'PG01',
        BcCo: organisation.BcCo,
        DateStart: '2026-04-01T00:00:00Z',
        CheckedOut: false,
        Chargeable: true,
      }),
    ]);
  });

  it('Profit_Realization shows a PtRealization', async () => {
    if (!server) return;
    await post('PtRealization', {
      DaTi: '2026-01-15',
      VaIt: '1',
      ItCd: 'U01',
      EmId: employee.EmployeeId,
      PrId: 'PRJ1001',
      Qu: 7.5,
      Ds: 'Ontwerp sessie opdrachtgever',
      Ch: true,
    });
    expect(await server.rows('Profit_Realization', eq('Description', 'Ontwerp sessie opdrachtgever'))).toEqual([
      expect.objectContaining({
        DateTime: '2026-01-15T00:00:00Z',
        EmployeeId: employee.EmployeeId,
        ProjectId: 'PRJ1001',
        ItemCodeId: 'U01',
        QuantityUnit: 7.5,
        Chargeable: true,
      }),
    ]);
  });

  it('Profit_Creditor shows a KnPurchaseRelationOrg and a KnPurchaseRelationPer, named by their organisation and person', async () => {
    if (!server) return;
    await post(
      'KnPurchaseRelationOrg',
      { CuId: 'EUR', PaCd: '30', VaId: 'NL001234567B01' },
      {
        KnOrganisation: {
          Element: [
            {
              Fields: { PadAdr: false, MatchOga: '0', Nm: 'Groothandel De Kroon B.V.', TeNr: '030-1234567' },
              Objects: {
                KnBasicAddressAdr: {
                  Element: [
                    {
                      Fields: {
                        CoId: 'NL',
                        PbAd: false,
                        Ad: 'Vredenburg',
                        HmNr: 40,
                        ZpCd: '3511 BD',
                        Rs: 'Utrecht',
                        BeginDate: '2026-01-01',
                        ResZip: false,
                      },
                    },
                  ],
                },
              },
            },
          ],
        },
      },
    );
    const org = await server.rows('Profit_Creditor', eq('CreditorName', 'Groothandel De Kroon B.V.'));
    expect(org).toEqual([
      expect.objectContaining({
        TelNr: '030-1234567',
        Adressline1: 'Vredenburg 40',
        Adressline3: '3511 BD  Utrecht',
        PaymentCondition: '30',
        'Btw-nummer': 'NL001234567B01',
      }),
    ]);
    // A person may be a demo creditor already: the new creditor is the one that was not there before.
    const known = new Set((await server.rows('Profit_Creditor')).map((r) => r.CreditorId));
    await post(
      'KnPurchaseRelationPer',
      { CuId: 'EUR', PaCd: '14' },
      {
        KnPerson: { Element: [{ Fields: { PadAdr: false, MatchPer: '0', BcCo: person.BcCo, AddToPortal: false } }] },
      },
    );
    const per = (await server.rows('Profit_Creditor', eq('BcCo', person.BcCo as string))).filter(
      (r) => !known.has(r.CreditorId),
    );
    expect(per).toEqual([expect.objectContaining({ CreditorName: person.Name, PaymentCondition: '14' })]);
  });

  it('Profit_Debtor shows the company debtors and a KnSalesRelationOrg and a KnSalesRelationPer', async () => {
    if (!server) return;
    const before = await server.rows('Profit_Debtor');
    expect(before.length).toBeGreaterThan(0);
    await post(
      'KnSalesRelationOrg',
      { CuId: 'EUR', PaCd: '14', Bl: false },
      {
        KnOrganisation: {
          Element: [{ Fields: { PadAdr: false, MatchOga: '0', Nm: 'Bakkerij Van Dam', EmAd: 'info@vandam.nl' } }],
        },
      },
    );
    const org = await server.rows('Profit_Debtor', eq('DebtorName', 'Bakkerij Van Dam'));
    expect(org).toEqual([
      expect.objectContaining({ Email: 'info@vandam.nl', PayCon: '14', CurrencyId: 'EUR', Blocked: false }),
    ]);
    const mine = async () => server!.rows('Profit_Debtor', eq('BcCo', person.BcCo as string));
    const earlier = await mine();
    await post(
      'KnSalesRelationPer',
      { CuId: 'EUR' },
      {
        KnPerson: { Element: [{ Fields: { PadAdr: false, MatchPer: '0', BcCo: person.BcCo, AddToPortal: false } }] },
      },
    );
    const later = await mine();
    expect(later.length).toBe(earlier.length + 1);
    expect(later.every((r) => r.DebtorName === person.Name)).toBe(true);
    expect(later.filter((r) => r.CurrencyId === 'EUR' && r.CreateDate !== null).length).toBeGreaterThan(0);
    const all = await server.rows('Profit_Debtor');
    expect(all.length).toBe(before.length + 2);
    // Sorted and paged over the three tables as one (a page is a deferred join over the union).
    const sorted = await server.rows('Profit_Debtor', 'orderbyfieldids=-CreateDate,DebtorId');
    const response = await server.call('/connectors/Profit_Debtor?skip=1&take=3&orderbyfieldids=-CreateDate,DebtorId');
    expect(((await response.json()) as { rows: unknown[] }).rows).toEqual(sorted.slice(1, 4));
    expect(sorted[0]!.CreateDate! >= sorted.at(-1)!.CreateDate!).toBe(true);
    const page = await server.rows('Profit_Debtor', 'orderbyfieldids=-ModifiedDate');
    expect(page.map((r) => r.DebtorId).sort()).toEqual(all.map((r) => r.DebtorId).sort());
  });

  it('Profit_Subscriptions shows a FbSubscription, a row per line', async () => {
    if (!server) return;
    const debtor = (await server.rows('Profit_Debtor'))[0]!;
    const article = (await server.rows('Profit_Article'))[0]!;
    const line = (n: number) => ({
      Fields: { VaIt: '2', ItCd: article.ItemCode, InFr: '2026-02-01', Qu: n, DaSt: '2026-02-01' },
    });
    await post(
      'FbSubscription',
      { SuNr: 9001, DbId: debtor.DebtorId, SuSt: '2026-02-01', VaSu: 'MND' },
      {
        FbSubscriptionLines: { Element: [line(2) as never, line(5) as never] },
      },
    );
    const rows = await server.rows('Profit_Subscriptions', `${eq('SubscriptionNr', 9001)}&orderbyfieldids=Quantity`);
    expect(rows.map((r) => [r.SubscriptionNr, r.DebtorId, r.Itemcode, r.Quantity, r.DateStartSub])).toEqual([
      [9001, debtor.DebtorId, article.ItemCode, 2, '2026-02-01T00:00:00Z'],
      [9001, debtor.DebtorId, article.ItemCode, 5, '2026-02-01T00:00:00Z'],
    ]);
  });

  it('Profit_CostCentre shows a HrCostCentre', async () => {
    if (!server) return;
    await post('HrCostCentre', { CmId: '01', CrId: 'KP999', CrDs: 'Innovatielab', Bl: false });
    expect(await server.rows('Profit_CostCentre', eq('CostCentre', 'KP999'))).toEqual([
      expect.objectContaining({ EmployerId: '01', CostCentre: 'KP999', Description: 'Innovatielab', Blocked: false }),
    ]);
  });
});
