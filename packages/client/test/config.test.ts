import { authorizationHeader } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { AfasClient, officialBaseUrl } from '../src/index.ts';
import { json, scriptedFetch, TOKEN_DATA, TOKEN_XML, testClient } from './scripted-fetch.ts';

const noFetch = async () => json({});

describe('base URL', () => {
  it.each([
    [{ environment: 'O12345AA' }, 'https://12345.rest.afas.online/ProfitRestServices'],
    [{ environment: 'T12345AA' }, 'https://12345.resttest.afas.online/ProfitRestServices'],
    [{ environment: 'A123456AB' }, 'https://123456.restaccept.afas.online/ProfitRestServices'],
    [{ environment: 'C12345AA' }, 'https://12345.restcursus.afas.online/ProfitRestServices'],
    [{ environment: 't12345' }, 'https://12345.resttest.afas.online/ProfitRestServices'],
    [{ participant: 12345 }, 'https://12345.rest.afas.online/ProfitRestServices'],
    [{ participant: 12345, type: 'test' as const }, 'https://12345.resttest.afas.online/ProfitRestServices'],
    [{ participant: '654321', type: 'accept' as const }, 'https://654321.restaccept.afas.online/ProfitRestServices'],
    [{ participant: 12345, type: 'cursus' as const }, 'https://12345.restcursus.afas.online/ProfitRestServices'],
    [{ baseUrl: 'http://localhost:8080/ProfitRestServices/' }, 'http://localhost:8080/ProfitRestServices'],
  ])('%j gives %s', (where, url) => {
    expect(new AfasClient({ ...where, token: TOKEN_XML, fetch: noFetch }).baseUrl).toBe(url);
  });

  it.each([
    [{}],
    [{ environment: 'O12345AA', baseUrl: 'http://localhost' }],
    [{ participant: 1234 }],
    [{ participant: 1234567 }],
    [{ environment: 'X12345AA' }],
    [{ environment: 'O1234AA' }],
    [{ environment: 'T12345AA', type: 'production' as const }],
    [{ baseUrl: 'not a url' }],
  ])('refuses %j', (where) => {
    expect(() => new AfasClient({ ...where, token: TOKEN_XML, fetch: noFetch })).toThrow(TypeError);
  });

  it('officialBaseUrl defaults to production', () => {
    expect(officialBaseUrl(98765)).toBe('https://98765.rest.afas.online/ProfitRestServices');
  });

  it('sends calls below the base URL, with the environment URL forms as well', async () => {
    const { fetch, calls } = scriptedFetch(json({ version: '1.2.3' }));
    const client = new AfasClient({ environment: 'T12345AA', token: TOKEN_XML, fetch });
    await client.profitVersion();
    expect(calls[0]!.url.href).toBe('https://12345.resttest.afas.online/ProfitRestServices/ProfitVersion');
  });
});

describe('token and headers', () => {
  const base64 = btoa(TOKEN_XML);
  it.each([
    ['XML', TOKEN_XML],
    ['bare hex', TOKEN_DATA],
    ['base64', base64],
    ['XML with whitespace', `  ${TOKEN_XML}\n`],
  ])('the %s form gives the same Authorization header', async (_, token) => {
    const { client, calls } = testClient([json({ version: '1.0.0' })], { token });
    await client.profitVersion();
    expect(calls[0]!.headers.get('authorization')).toBe(authorizationHeader(TOKEN_XML));
    expect(calls[0]!.headers.get('authorization')).toBe(`AfasToken ${base64}`);
  });

  it('refuses something that is not a token', () => {
    expect(() => new AfasClient({ baseUrl: 'http://x', token: 'secret', fetch: noFetch })).toThrow(/not a token/);
  });

  it('sends IntegrationId, Accept-Language and Accept', async () => {
    const { client, calls } = testClient([json({ version: '1.0.0' })], {
      integrationId: '12345_678901',
      language: 'en-us',
    });
    await client.profitVersion();
    const headers = calls[0]!.headers;
    expect(headers.get('integrationid')).toBe('12345_678901');
    expect(headers.get('accept-language')).toBe('en-us');
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('content-type')).toBeNull();
  });

  it('leaves IntegrationId and Accept-Language out when not configured', async () => {
    const { client, calls } = testClient([json({ version: '1.0.0' })]);
    await client.profitVersion();
    expect(calls[0]!.headers.has('integrationid')).toBe(false);
    expect(calls[0]!.headers.has('accept-language')).toBe(false);
  });
});

describe('metainfo and files', () => {
  it('calls the documented paths and returns the wire shapes untouched', async () => {
    const file = { filename: 'a b.png', mimetype: 'image/png', filedata: 'AAAA' };
    const { client, calls } = testClient([
      json({
        updateConnectors: [],
        getConnectors: [],
        info: { envid: 'O12345AA', appName: 'a', group: 'g', tokenExpiry: '0' },
      }),
      json({ name: 'Profit_Accounts', description: 'x', fields: [] }),
      json({ id: 'KnSubject', description: 'x', name: 'KnSubject', fields: [], objects: [] }),
      json(file),
      json(file),
      json({ filedata: 'AAAA', mimetype: 'image/png' }),
      json({ filedata: 'AAAA', mimetype: 'application/pdf' }),
      json({ version: '1.2.3' }),
    ]);
    expect((await client.metainfo()).info.envid).toBe('O12345AA');
    expect((await client.describeGet('Profit_Accounts')).name).toBe('Profit_Accounts');
    expect((await client.describeUpdate('KnSubject')).id).toBe('KnSubject');
    expect(await client.file('ABC/1', 'a b.png')).toEqual(file);
    await client.subjectAttachment(42, 'F1');
    await client.image(7, 'thumbnail');
    await client.report('R 1', (f) => f.eq('Year', 2024));
    expect(await client.profitVersion()).toEqual({ version: '1.2.3' });
    expect(calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      'GET /ProfitRestServices/metainfo',
      'GET /ProfitRestServices/metainfo/get/Profit_Accounts',
      'GET /ProfitRestServices/metainfo/update/KnSubject',
      'GET /ProfitRestServices/FileConnector/ABC%2F1/a%20b.png',
      'GET /ProfitRestServices/SubjectConnector/42/F1',
      'GET /ProfitRestServices/ImageConnector/7?format=1',
      'GET /ProfitRestServices/ReportConnector/R%201?filterfieldids=Year&filtervalues=2024&operatortypes=1',
      'GET /ProfitRestServices/ProfitVersion',
    ]);
  });
});
