// DELETE by URL over real HTTP on SQLite and PostgreSQL: single, `@`-less, composite and nested key paths,
// percent-decoding (an encoded comma stays in its value), 200 with an empty body, a tolerated body, and the errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

describe.each(DATABASE_KINDS)('DELETE by URL on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind);
  });
  afterAll(async () => server?.close());

  async function newSubject(): Promise<string> {
    const response = await server!.send('POST', '/connectors/KnSubject', {
      KnSubject: {
        Element: {
          Fields: { StId: 1, Ds: 'Weg ermee' },
          Objects: {
            KnSubjectLink: { Element: { Fields: { SfTp: '3', SfId: '000001' } } },
            KnSubjectAttachment: {
              Element: [
                { Fields: { FileName: 'a.txt', FileStream: 'YQ==' } },
                { Fields: { FileName: 'b.txt', FileStream: 'Yg==' } },
              ],
            },
          },
        },
      },
    });
    expect(response.status).toBe(201);
    return (await response.json()).results.KnSubject.SbId;
  }
  const subjects = (id: string) =>
    server!.rows('Profit_Subjects', `filterfieldids=SubjectId&filtervalues=${id}&operatortypes=1`);
  const files = (id: string) =>
    server!.rows('Profit_Subject_Attachments', `filterfieldids=subject_id&filtervalues=${id}&operatortypes=1`);

  it('deletes a record with its children and answers 200 with an empty body', async ({ skip }) => {
    if (!server) return skip();
    const id = await newSubject();
    expect(await files(id)).toHaveLength(2);
    const response = await server.send('DELETE', `/connectors/KnSubject/KnSubject/@SbId/${id}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await subjects(id)).toEqual([]);
    expect(await files(id)).toEqual([]);
  });

  it('takes the key without its @, a body it ignores, and any casing of the fixed path', async ({ skip }) => {
    if (!server) return skip();
    const id = await newSubject();
    const url = `${server.base.replace('/ProfitRestServices', '/profitrestservices')}/Connectors/KnSubject/KnSubject/SbId/${id}`;
    const response = await fetch(url, {
      method: 'DELETE',
      headers: { authorization: server.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ KnSubject: { Element: { '@SbId': 1 } } }),
    });
    expect(response.status).toBe(200);
    expect(await subjects(id)).toEqual([]);
  });

  it('deletes a nested record by a path of object/keys/values triples', async ({ skip }) => {
    if (!server) return skip();
    const id = await newSubject();
    const [a] = (await files(id)).filter((f) => f.file_name === 'a.txt');
    const response = await server.send(
      'DELETE',
      `/connectors/KnSubject/KnSubject/@SbId/${id}/KnSubjectAttachment/@FileId/${a!.file_id}`,
    );
    expect(response.status).toBe(200);
    expect((await files(id)).map((f) => f.file_name)).toEqual(['b.txt']);
    expect(await subjects(id)).toHaveLength(1);
  });

  it('decodes values, keeping an encoded comma inside its value', async ({ skip }) => {
    if (!server) return skip();
    const code = 'A/1,2 ë';
    const created = await server.send('POST', '/connectors/FbItemArticle', {
      FbItemArticle: { Element: { Fields: { ItCd: code, Ds: 'Raar', Grp: 'IT', BiUn: 'stk' } } },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ results: { FbItemArticle: { ItCd: code } } });
    const response = await server.send(
      'DELETE',
      `/connectors/FbItemArticle/FbItemArticle/@ItCd/${encodeURIComponent(code)}`,
    );
    expect(response.status).toBe(200);
    expect(
      await server.rows(
        'Profit_Article',
        `filterjson=${encodeURIComponent(JSON.stringify({ Filters: { Filter: { Field: { '@FieldId': 'ItemCode', '@OperatorType': 1, '#text': code } } } }))}`,
      ),
    ).toEqual([]);
  });

  it('takes composite keys as comma lists, at one level and nested', async ({ skip }) => {
    if (!server) return skip();
    const line = (enNo: number, amount: Record<string, number>) => ({
      Fields: { EnNo: enNo, VaAs: '1', AcNr: '4000', EnDa: '2031-07-01', BpDa: '2031-07-01', ...amount },
    });
    const post = (year: number, lines: unknown[]) =>
      server!.send('POST', '/connectors/FiEntries', {
        FiEntryPar: {
          Element: {
            Fields: { Year: year, Peri: 7, UnId: 1, JoCo: 'MEM' },
            Objects: [{ FiEntries: { Element: lines } }],
          },
        },
      });
    expect(
      (
        await post(2031, [
          line(70001, { AmDe: 5 }),
          line(70001, { AmCr: 5 }),
          line(70002, { AmDe: 1 }),
          line(70002, { AmCr: 1 }),
        ])
      ).status,
    ).toBe(201);
    const entries = (query: string) => server!.rows('Profit_Transactions', query);
    const nested = await server.send(
      'DELETE',
      '/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,MEM/FiEntries/@EnNo/70001',
    );
    expect(nested.status).toBe(200);
    expect((await entries('filterfieldids=Year&filtervalues=2031&operatortypes=1')).map((r) => r.EntryNo)).toEqual([
      70002, 70002,
    ]);
    const composite = await server.send('DELETE', '/connectors/FiEntries/FiEntryPar/@Year,@Peri/2031,7');
    expect(composite.status).toBe(200);
    expect(await entries('filterfieldids=Year&filtervalues=2031&operatortypes=1')).toEqual([]);
  });

  it('names what is missing or wrong', async ({ skip }) => {
    if (!server) return skip();
    const message = async (path: string, status = 500) => {
      const response = await server!.send('DELETE', path);
      expect(response.status, path).toBe(status);
      return (await response.json()).externalMessage;
    };
    expect(await message('/connectors/KnSubject/KnSubject/@SbId/999999')).toBe(
      "Object 'KnSubject': no record with SbId = 999999.",
    );
    expect(await message('/connectors/KnSubject/KnSubject/@SbId/abc')).toBe(
      "Object 'KnSubject': the value 'abc' for field 'SbId' is not a valid int.",
    );
    expect(await message('/connectors/KnSubject/KnSubject/@Nope/1')).toBe(
      "Object 'KnSubject': field 'Nope' does not exist.",
    );
    expect(await message('/connectors/KnSubject/KnFoo/@SbId/1')).toBe(
      "Object 'KnFoo' does not exist in UpdateConnector 'KnSubject'.",
    );
    expect(await message('/connectors/FiEntries/FiEntryPar/@Year,@Peri/2031')).toBe(
      "Object 'FiEntryPar': the URL names 2 key(s) but gives 1 value(s).",
    );
    expect(await message('/connectors/KnUser/KnUser/@UsId/x')).toBe("Object 'KnUser': action 'delete' is not allowed.");
    expect(await message('/connectors/KnSubject/KnSubject/@SbId', 404)).toBe('The requested resource does not exist.');
  });
});
