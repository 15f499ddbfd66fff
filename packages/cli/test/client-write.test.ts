// insert/update/delete and otp against a small HTTP stand-in that records exactly what goes on the wire (paths,
// percent-encoding, composite and nested keys, no Authorization on OTP). client-roundtrip.test.ts uses the real server.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearConnectionEnv, cli, tempDir } from './support/cli-harness.ts';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const TOKEN_XML = `<token><version>1</version><data>${'C0FFEE00'.repeat(8)}</data></token>`;
const KN_SUBJECT = {
  id: 'KnSubject',
  description: 'Dossieritem',
  name: 'KnSubject',
  fields: [
    {
      fieldId: 'SbId',
      primaryKey: true,
      dataType: 'int',
      label: 'Nummer',
      mandatory: false,
      length: 9,
      decimals: 0,
      decimalFieldId: '',
      notzero: false,
      controlType: 1,
      values: null,
    },
    {
      fieldId: 'Ds',
      primaryKey: false,
      dataType: 'string',
      label: 'Omschrijving',
      mandatory: true,
      length: 10,
      decimals: 0,
      decimalFieldId: '',
      notzero: false,
      controlType: 1,
      values: null,
    },
  ],
  objects: [],
};

let server: Server;
let url: string;
let seen: Seen[] = [];
const temp = tempDir();
const token = ['--token', TOKEN_XML];

function answer(request: Seen): { status: number; body?: unknown } {
  const path = request.url;
  if (path.endsWith('/OtpRequest')) return { status: 200 };
  if (path.endsWith('/OtpValidation')) {
    return JSON.parse(request.body).otp === '123456'
      ? { status: 200, body: { token: `${TOKEN_XML}\r\n` } }
      : { status: 204 };
  }
  if (path.endsWith('/metainfo/update/KnSubject')) return { status: 200, body: KN_SUBJECT };
  if (request.method === 'POST') return { status: 201, body: { results: { KnSubject: { SbId: '999999' } } } };
  if (request.method === 'PUT')
    return { status: 201, body: { results: { KnSubject: [{ SbId: '5' }, { SbId: '6' }] } } };
  if (request.method === 'DELETE') return { status: 200 };
  return { status: 404, body: { externalMessage: 'not here', errorNumber: -1, profitLogReference: 'A'.repeat(32) } };
}

beforeAll(async () => {
  clearConnectionEnv();
  process.env.APPCONNECTOR_PROFILES = join(temp.dir, 'profiles.json');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(request);
      const { status, body: out } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(out === undefined ? undefined : JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/ProfitRestServices`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  temp.remove();
});
beforeEach(() => {
  seen = [];
});

function payloadFile(name: string, payload: unknown): string {
  const file = join(temp.dir, name);
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

describe('insert, update, delete', () => {
  const payload = { KnSubject: { Element: { Fields: { Ds: 'Memo', StId: 1 } } } };

  it('insert POSTs the file as written and prints the keys', async () => {
    const file = payloadFile('insert.json', payload);
    const result = await cli('insert', 'KnSubject', '--file', file, '--url', url, ...token);
    expect(result.code, result.err).toBe(0);
    expect(result.out.trim()).toBe('KnSubject: SbId=999999');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/ProfitRestServices/connectors/KnSubject' });
    expect(JSON.parse(seen[0]!.body)).toEqual(payload);
    expect(seen[0]!.headers.authorization).toMatch(/^AfasToken /);
  });

  it('insert --sub-object posts to the sub-object; --json prints the results', async () => {
    const file = payloadFile('sub.json', payload);
    const result = await cli(
      'insert',
      'KnSubject',
      '--file',
      file,
      '--sub-object',
      'KnSubjectLink',
      '--json',
      '--url',
      url,
      ...token,
    );
    expect(result.code, result.err).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ results: { KnSubject: { SbId: '999999' } } });
    expect(seen[0]!.url).toBe('/ProfitRestServices/connectors/KnSubject/KnSubjectLink');
  });

  it('update PUTs and prints every record written', async () => {
    const file = payloadFile('update.json', { KnSubject: { Element: [{ '@SbId': 5 }, { '@SbId': 6 }] } });
    const result = await cli('update', 'KnSubject', '--file', file, '--url', url, ...token);
    expect(result.code, result.err).toBe(0);
    expect(result.out.trim().split('\n')).toEqual(['KnSubject: SbId=5', 'KnSubject: SbId=6']);
    expect(seen[0]!.method).toBe('PUT');
  });

  it('--validate checks against metainfo/update and sends nothing when the payload is wrong (exit 5)', async () => {
    const good = payloadFile('good.json', { KnSubject: { Element: { Fields: { Ds: 'Memo' } } } });
    expect((await cli('insert', 'KnSubject', '--file', good, '--validate', '--url', url, ...token)).code).toBe(0);
    expect(seen.map((s) => s.method)).toEqual(['GET', 'POST']);
    seen = [];
    const tooLong = payloadFile('bad.json', { KnSubject: { Element: { Fields: { Ds: 'Far too long a memo' } } } });
    const result = await cli('insert', 'KnSubject', '--file', tooLong, '--validate', '--url', url, ...token);
    expect(result.code).toBe(5);
    expect(result.err).toMatch(/Ds/);
    expect(seen.map((s) => s.method)).toEqual(['GET']);
  });

  it('refuses a missing or broken payload file with exit code 2', async () => {
    expect((await cli('insert', 'KnSubject', '--file', join(temp.dir, 'none.json'), '--url', url, ...token)).code).toBe(
      2,
    );
    writeFileSync(join(temp.dir, 'broken.json'), '{"KnSubject":');
    const broken = await cli('insert', 'KnSubject', '--file', join(temp.dir, 'broken.json'), '--url', url, ...token);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/not valid JSON/);
    expect(seen).toHaveLength(0);
  });

  it('delete by --key (composite keys too) and by --path (nested), percent-encoding values', async () => {
    expect((await cli('delete', 'KnSubject', 'KnSubject', '--key', '@SbId=5', '--url', url, ...token)).code).toBe(0);
    const composite = await cli(
      'delete',
      'KnVatTarif',
      'KnVatTarif',
      '--key',
      '@VaIt=1',
      '--key',
      '@BiUn=a/b',
      '--url',
      url,
      ...token,
    );
    expect(composite.code, composite.err).toBe(0);
    const nested = await cli(
      'delete',
      'FiEntries',
      '--path',
      '/FiEntryPar/UnId,JoCo/1,73/FiEntries/@EnNo/70001',
      '--url',
      url,
      ...token,
    );
    expect(nested.code, nested.err).toBe(0);
    expect(nested.out.trim()).toBe('deleted FiEntryPar UnId=1,JoCo=73 / FiEntries @EnNo=70001');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'DELETE /ProfitRestServices/connectors/KnSubject/KnSubject/@SbId/5',
      'DELETE /ProfitRestServices/connectors/KnVatTarif/KnVatTarif/@VaIt,@BiUn/1,a%2Fb',
      'DELETE /ProfitRestServices/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,73/FiEntries/@EnNo/70001',
    ]);
  });

  it('delete refuses an incomplete target with exit code 2', async () => {
    expect((await cli('delete', 'KnSubject', '--url', url, ...token)).code).toBe(2);
    expect((await cli('delete', 'KnSubject', 'KnSubject', '--url', url, ...token)).code).toBe(2);
    expect((await cli('delete', 'KnSubject', '--path', '/KnSubject/@SbId', '--url', url, ...token)).code).toBe(2);
    expect((await cli('delete', 'KnSubject', '--path', '/KnSubject/@A,@B/1', '--url', url, ...token)).code).toBe(2);
    expect((await cli('delete', 'KnSubject', 'KnSubject', '--key', 'SbId', '--url', url, ...token)).code).toBe(2);
    expect(seen).toHaveLength(0);
  });
});

describe('otp', () => {
  const keys = ['--api-key', 'KEY', '--api-token', 'SECRET', '--user', '12345.jan'];

  it('request sends the keys without a token', async () => {
    const result = await cli('otp', 'request', ...keys, '--url', url);
    expect(result.code, result.err).toBe(0);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/ProfitRestServices/OtpRequest' });
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(JSON.parse(seen[0]!.body)).toEqual({ apiKey: 'KEY', apiToken: 'SECRET', userId: '12345.jan' });
  });

  it('validate prints the token and can save it as a profile', async () => {
    const result = await cli('otp', 'validate', ...keys, '--otp', '123456', '--url', url, '--save-profile', 'jan');
    expect(result.code, result.err).toBe(0);
    expect(result.out.trim()).toBe(TOKEN_XML);
    expect(JSON.parse(seen[0]!.body)).toMatchObject({ otp: '123456' });
    const stored = JSON.parse(readFileSync(join(temp.dir, 'profiles.json'), 'utf8'));
    expect(stored.profiles.jan).toEqual({ baseUrl: url, token: TOKEN_XML });
    expect((await cli('version', '--profile', 'jan')).code).toBe(4);
    // A second validate into the same profile is refused before the code is sent (a code works once).
    const calls = seen.length;
    const again = await cli('otp', 'validate', ...keys, '--otp', '123456', '--url', url, '--save-profile', 'jan');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/profile 'jan' exists/);
    expect(seen).toHaveLength(calls);
  });

  it('validate with a wrong code exits 3; missing keys exit 2', async () => {
    const wrong = await cli('otp', 'validate', ...keys, '--otp', '000000', '--url', url);
    expect(wrong.code).toBe(3);
    expect(wrong.err).toMatch(/not accepted/);
    expect((await cli('otp', 'request', '--user', 'x', '--url', url)).code).toBe(2);
  });
});
