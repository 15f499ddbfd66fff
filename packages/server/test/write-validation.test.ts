// Validation of writes over real HTTP on SQLite and PostgreSQL: every kind of the error catalogue with its exact
// message, the connector rules (balance, BSN 11-test, address country, person matching), and that a failing call
// writes nothing at all.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

describe.each(DATABASE_KINDS)('write validation on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind);
  });
  afterAll(async () => server?.close());

  async function failure(method: string, path: string, body: unknown, language = 'en-us') {
    const response = await server!.send(method, path, body, { 'accept-language': language });
    expect(response.status).toBe(500);
    const json = await response.json();
    expect(Object.keys(json)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
    return json.externalMessage as string;
  }
  const subject = (fields: Record<string, unknown>, objects?: unknown) => ({
    KnSubject: { Element: { Fields: fields, ...(objects ? { Objects: objects } : {}) } },
  });
  const entry = (lines: Record<string, unknown>[]) => ({
    FiEntryPar: {
      Element: {
        Fields: { Year: 2025, Peri: 4, JoCo: 'MEM' },
        Objects: [
          {
            FiEntries: {
              Element: lines.map((line) => ({
                Fields: { VaAs: '1', EnDa: '2025-04-01', BpDa: '2025-04-01', ...line },
              })),
            },
          },
        ],
      },
    },
  });

  it('names the mandatory field of the object, in English and Dutch', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1 }))).toBe(
      "Object 'KnSubject': field 'Ds' is mandatory.",
    );
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1 }), 'nl-nl')).toBe(
      "Object 'KnSubject': veld 'Ds' is verplicht.",
    );
    // A client key is mandatory on insert; a mandatory field may not be emptied by an update.
    expect(
      await failure('POST', '/connectors/KnUser', { KnUser: { Element: { Fields: { MtCd: '1', Nm: 'X' } } } }),
    ).toBe("Object 'KnUser': field 'UsId' is mandatory.");
    expect(
      await failure('PUT', '/connectors/KnSubject', { KnSubject: { Element: { '@SbId': 1, Fields: { Ds: '' } } } }),
    ).toBe("Object 'KnSubject': field 'Ds' is mandatory.");
  });

  it('names field and value of a value of the wrong type', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 'abc', Ds: 'x' }))).toBe(
      "Object 'KnSubject': the value 'abc' for field 'StId' is not a valid int.",
    );
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'x', DtFr: '2023-02-30' }))).toBe(
      "Object 'KnSubject': the value '2023-02-30' for field 'DtFr' is not a valid date.",
    );
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'x', St: 'ja' }))).toBe(
      "Object 'KnSubject': the value 'ja' for field 'St' is not a valid boolean.",
    );
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1.5, Ds: 'x' }))).toBe(
      "Object 'KnSubject': the value '1.5' for field 'StId' is not a valid int.",
    );
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: { nested: true } }))).toBe(
      `Object 'KnSubject': the value '{"nested":true}' for field 'Ds' is not a valid string.`,
    );
  });

  it('refuses more decimals than the field has', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('POST', '/connectors/FiEntries', entry([{ EnNo: 1, AcNr: '4000', AmDe: '10.125' }]))).toBe(
      "Object 'FiEntries': the value '10.125' for field 'AmDe' is not a valid decimal with at most 2 decimals.",
    );
  });

  it('names field, value and length of a value that is too long', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'x', SaId: 'ABCDEF' }))).toBe(
      "Object 'KnSubject': the value 'ABCDEF' for field 'SaId' is longer than 5 characters.",
    );
    const long = 'y'.repeat(300);
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: long }))).toBe(
      `Object 'KnSubject': the value '${'y'.repeat(100)}...' for field 'Ds' is longer than 255 characters.`,
    );
  });

  it('checks code tables, numeric codes given as numbers too', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'x', ViPr: 'X' }))).toBe(
      "Object 'KnSubject': the value 'X' for field 'ViPr' is not in the code table.",
    );
    expect(
      await failure('POST', '/connectors/KnPerson', {
        KnPerson: { Element: { Fields: { MatchPer: 9, LaNm: 'Bos' } } },
      }),
    ).toBe("Object 'KnPerson': the value '9' for field 'MatchPer' is not in the code table.");
    const ok = await server.send('POST', '/connectors/KnPerson', {
      KnPerson: { Element: { Fields: { MatchPer: 7, AutoNum: true, LaNm: 'Getal' } } },
    });
    expect(ok.status).toBe(201);
  });

  it('refuses zero in a not-zero field', async ({ skip }) => {
    if (!server) return skip();
    const order = {
      FbSales: {
        Element: {
          Fields: { DbId: '10001' },
          Objects: [{ FbSalesLines: { Element: { Fields: { VaIt: '2', ItCd: 'IT-000001', BiUn: 'stk', QuUn: 0 } } } }],
        },
      },
    };
    expect(await failure('POST', '/connectors/FbSales', order)).toBe(
      "Object 'FbSalesLines': field 'QuUn' may not be zero.",
    );
  });

  it('says which referenced value does not exist', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 999, Ds: 'x' }))).toBe(
      "The entered value for 'StId' does not exist.",
    );
    expect(await failure('POST', '/connectors/FbSales', { FbSales: { Element: { Fields: { DbId: 'NOPE' } } } })).toBe(
      "The entered value for 'DbId' does not exist.",
    );
  });

  it('names the key of a missing or an existing record', async ({ skip }) => {
    if (!server) return skip();
    expect(
      await failure('PUT', '/connectors/KnSubject', {
        KnSubject: { Element: { '@SbId': 999999, Fields: { Ds: 'x' } } },
      }),
    ).toBe("Object 'KnSubject': no record with SbId = 999999.");
    const user = { KnUser: { Element: { Fields: { MtCd: '1', UsId: '12345.dubbel', Nm: 'Dubbel' } } } };
    expect((await server.send('POST', '/connectors/KnUser', user)).status).toBe(201);
    expect(await failure('POST', '/connectors/KnUser', user)).toBe(
      "Object 'KnUser': a record with UsId = 12345.dubbel already exists.",
    );
  });

  it('names unknown fields (also key attributes) and unknown objects', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'x', Foo: 1 }))).toBe(
      "Object 'KnSubject': field 'Foo' does not exist.",
    );
    expect(await failure('POST', '/connectors/KnSubject', { KnSubject: { Element: { '@Nr': 1, Fields: {} } } })).toBe(
      "Object 'KnSubject': field '@Nr' does not exist.",
    );
    expect(
      await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'x' }, [{ KnFoo: { Element: {} } }])),
    ).toBe("Object 'KnFoo' does not exist in UpdateConnector 'KnSubject'.");
    // Objects Profit has but this server keeps no table for are refused rather than dropped.
    const line = { VaIt: '2', ItCd: 'IT-000001', BiUn: 'stk', QuUn: 1 };
    const order = {
      FbSales: {
        Element: {
          Fields: { DbId: '10001' },
          Objects: [{ FbSalesLines: { Element: { Fields: line, Objects: [{ FbOrderPackLines: { Element: {} } }] } } }],
        },
      },
    };
    expect(await failure('POST', '/connectors/FbSales', order)).toBe(
      "Object 'FbOrderPackLines' does not exist in UpdateConnector 'FbSales'.",
    );
  });

  it('refuses actions an object does not allow', async ({ skip }) => {
    if (!server) return skip();
    expect(await failure('PUT', '/connectors/FiEntries', entry([]))).toBe(
      "Object 'FiEntryPar': action 'update' is not allowed.",
    );
    expect(
      await failure('POST', '/connectors/KnSubject', { KnSubject: { Element: { '@Action': 'remove', Fields: {} } } }),
    ).toBe("Object 'KnSubject': '@Action' must be insert, update or delete, not 'remove'.");
    expect(
      await failure('POST', '/connectors/KnSubject', {
        KnSubject: { Element: { '@SbId': 5, Fields: { StId: 1, Ds: 'x' } } },
      }),
    ).toBe("Object 'KnSubject': 'SbId' is numbered by Profit; leave it out when inserting.");
  });

  describe('connector rules', () => {
    it('balances financial entries per entry number', async ({ skip }) => {
      if (!server) return skip();
      const unbalanced = entry([
        { EnNo: 9100, AcNr: '4000', AmDe: 100 },
        { EnNo: 9100, AcNr: '1100', AmCr: 90 },
        { EnNo: 9101, AcNr: '4000', AmDe: 5 },
        { EnNo: 9101, AcNr: '1100', AmCr: 5 },
      ]);
      expect(await failure('POST', '/connectors/FiEntries', unbalanced)).toBe(
        "Object 'FiEntryPar': entry 9100 does not balance: debit 100.00, credit 90.00.",
      );
      const balanced = entry([
        { EnNo: 9102, AcNr: '4000', AmDe: '0.1' },
        { EnNo: 9102, AcNr: '4000', AmDe: '0.2' },
        { EnNo: 9102, AcNr: '1100', AmCr: '0.3' },
      ]);
      expect((await server.send('POST', '/connectors/FiEntries', balanced)).status).toBe(201);
      const rows = await server.rows(
        'Profit_Transactions',
        'filterfieldids=EntryNo&filtervalues=9102&operatortypes=1&orderbyfieldids=SeqNo',
      );
      expect(rows.map((r) => [r.SeqNo, r.AmtDebit, r.AmtCredit])).toEqual([
        [1, 0.1, null],
        [2, 0.2, null],
        [3, null, 0.3],
      ]);
    });

    it('checks a BSN with the 11-test', async ({ skip }) => {
      if (!server) return skip();
      const person = (bsn: string) => ({
        KnPerson: { Element: { Fields: { MatchPer: '7', AutoNum: true, LaNm: 'Elf', SoSe: bsn } } },
      });
      expect(await failure('POST', '/connectors/KnPerson', person('123456789'))).toBe(
        "Object 'KnPerson': the value '123456789' for field 'SoSe' is not a valid BSN (11-test).",
      );
      expect((await server.send('POST', '/connectors/KnPerson', person('111222333'))).status).toBe(201);
      // Eight digits are read with a leading zero.
      expect((await server.send('POST', '/connectors/KnPerson', person('12345672'))).status).toBe(201);
    });

    it('gives every address a country, also on update', async ({ skip }) => {
      if (!server) return skip();
      const address = (fields: Record<string, unknown>) => ({
        KnPerson: {
          Element: {
            Fields: { MatchPer: '7', AutoNum: true, LaNm: 'Adres' },
            Objects: [{ KnBasicAddressAdr: { Element: { Fields: fields } } }],
          },
        },
      });
      expect(await failure('POST', '/connectors/KnPerson', address({ Ad: 'Dorpsstraat', HmNr: 1 }))).toBe(
        "Object 'KnBasicAddressAdr': field 'CoId' is mandatory.",
      );
      expect(await failure('POST', '/connectors/KnPerson', address({ CoId: 'XX', Ad: 'Dorpsstraat' }))).toBe(
        "The entered value for 'CoId' does not exist.",
      );
      const created = await server.send('POST', '/connectors/KnPerson', address({ CoId: 'NL', Ad: 'Dorpsstraat' }));
      const bcCo = (await created.json()).results.KnPerson.BcCo;
      const clear = {
        KnPerson: {
          Element: {
            Fields: { MatchPer: '0', BcCo: bcCo },
            Objects: [{ KnBasicAddressAdr: { Element: { Fields: { CoId: '' } } } }],
          },
        },
      };
      expect(await failure('PUT', '/connectors/KnPerson', clear)).toBe(
        "Object 'KnBasicAddressAdr': field 'CoId' is mandatory.",
      );
    });

    it('finds the existing person by MatchPer: number, BSN, name + e-mail; 7 always adds', async ({ skip }) => {
      if (!server) return skip();
      const post = async (fields: Record<string, unknown>) => {
        const response = await server!.send('POST', '/connectors/KnPerson', {
          KnPerson: { Element: { Fields: fields } },
        });
        expect(response.status, await response.clone().text()).toBe(201);
        return (await response.json()).results.KnPerson.BcCo as string;
      };
      const count = async (name: string) =>
        (
          await server!.rows(
            'Profit_OrgPer',
            `filterfieldids=Name&filtervalues=${encodeURIComponent(name)}&operatortypes=6`,
          )
        ).length;
      const first = await post({
        MatchPer: '7',
        AutoNum: true,
        FiNm: 'Mats',
        LaNm: 'Matcher',
        SoSe: '123456782',
        EmAd: 'm@x.nl',
      });
      expect(await post({ MatchPer: '0', BcCo: first, FiNm: 'Mattijs', LaNm: 'Matcher' })).toBe(first);
      expect(await post({ MatchPer: '1', SoSe: '123456782', LaNm: 'Matcher', TeNr: '010-1' })).toBe(first);
      expect(await post({ MatchPer: '3', LaNm: 'Matcher', EmAd: 'm@x.nl', FiNm: 'Mats' })).toBe(first);
      expect(await count('Matcher')).toBe(1);
      const [row] = await server.rows('Profit_OrgPer', `filterfieldids=BcCo&filtervalues=${first}&operatortypes=1`);
      expect(row).toMatchObject({ Name: 'Mats Matcher', TelWork: '010-1', BSN: '123456782' });
      const other = await post({ MatchPer: '7', AutoNum: true, LaNm: 'Matcher', SoSe: '123456782' });
      expect(other).not.toBe(first);
      expect(await count('Matcher')).toBe(2);
      // MatchPer 0 with a number that does not exist yet inserts it under that number.
      expect(await post({ MatchPer: '0', BcCo: 'P-77', LaNm: 'Eigen nummer' })).toBe('P-77');
      expect(
        await failure('PUT', '/connectors/KnPerson', {
          KnPerson: { Element: { Fields: { MatchPer: '0', BcCo: 'NOPE' } } },
        }),
      ).toBe("Object 'KnPerson': no record with BcCo = NOPE.");
    });
  });

  it('treats hostile field ids, object names and values as data, never as SQL', async ({ skip }) => {
    if (!server) return skip();
    const hostile = `x'); drop table kn_subject; --`;
    expect(await failure('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'x', [hostile]: 1 }))).toBe(
      `Object 'KnSubject': field '${hostile}' does not exist.`,
    );
    expect(
      await failure('POST', '/connectors/KnSubject', {
        KnSubject: { Element: { Objects: { [hostile]: { Element: {} } } } },
      }),
    ).toBe(`Object '${hostile}' does not exist in UpdateConnector 'KnSubject'.`);
    const stored = await server.send(
      'POST',
      '/connectors/KnSubject',
      subject({ StId: 1, Ds: hostile, SbTx: '"; delete from kn_person; --' }),
    );
    expect(stored.status).toBe(201);
    const id = (await stored.json()).results.KnSubject.SbId;
    const removal = await server.send(
      'DELETE',
      `/connectors/KnSubject/KnSubject/@SbId/${encodeURIComponent(`1 or 1=1`)}`,
    );
    expect(removal.status).toBe(500);
    const [row] = await server.rows('Profit_Subjects', `filterfieldids=SubjectId&filtervalues=${id}&operatortypes=1`);
    expect(row).toMatchObject({ Subject: hostile, Comment: '"; delete from kn_person; --' });
    expect((await server.rows('Profit_Employees')).length).toBeGreaterThan(0);
  });

  it('writes nothing when one element of a call fails, however far it got', async ({ skip }) => {
    if (!server) return skip();
    const marker = `Rollback ${kind} ${Date.now()}`;
    const body = {
      KnSubject: {
        Element: [
          {
            Fields: { StId: 1, Ds: marker },
            Objects: [{ KnSubjectAttachment: { Element: { Fields: { FileName: 'r.txt', FileStream: 'eA==' } } } }],
          },
          { Fields: { StId: 1, Ds: marker } },
          { Fields: { StId: 999, Ds: marker } },
        ],
      },
    };
    expect(await failure('POST', '/connectors/KnSubject', body)).toBe("The entered value for 'StId' does not exist.");
    const rows = await server.rows(
      'Profit_Subjects',
      `filterfieldids=Subject&filtervalues=${encodeURIComponent(marker)}&operatortypes=1`,
    );
    expect(rows).toEqual([]);
    const files = await server.rows(
      'Profit_Subject_Attachments',
      'filterfieldids=file_name&filtervalues=r.txt&operatortypes=1',
    );
    expect(files).toEqual([]);
    // A failing nested person of a new employee rolls back the employee too.
    const employee = {
      AfasEmployee: {
        Element: {
          '@EmId': 'RB-1',
          Objects: [
            {
              KnPerson: { Element: { Fields: { MatchPer: '7', AutoNum: true, LaNm: 'Rollback', SoSe: '123456789' } } },
            },
          ],
        },
      },
    };
    await failure('POST', '/connectors/KnEmployee', employee);
    expect(
      await server.rows('Profit_Employees', 'filterfieldids=EmployeeId&filtervalues=RB-1&operatortypes=1'),
    ).toEqual([]);
  });
});
