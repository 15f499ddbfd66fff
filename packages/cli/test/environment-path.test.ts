// Every environment of a local server without DNS: /{environment}/ProfitRestServices from plain HTTP (as curl and
// browsers call it), from the SDK with a {env} base URL template, and from the CLI's --environment.

import { AfasClient } from '@appconnector/client';
import { authorizationHeader } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearConnectionEnv, cli, sqliteDemoForFile } from './support/cli-harness.ts';

const { demo } = sqliteDemoForFile();
let origin: string;
let template: string;
let testToken: string;

beforeAll(async () => {
  origin = new URL(demo.url).origin;
  template = `${origin}/{env}/ProfitRestServices`;
  const db = ['--db', demo.db];
  for (const argv of [
    ['env', 'create', 'T12345AA'],
    ['app-connector', 'create', '--env', 'T12345AA', '--name', 'Test'],
    ['app-connector', 'link', '--env', 'T12345AA', '--name', 'Test', '--all'],
  ]) {
    const result = await cli(...argv, ...db);
    expect(result.code, result.err).toBe(0);
  }
  testToken = (
    await cli('token', 'create', '--env', 'T12345AA', '--app-connector', 'Test', '--user', 'jan', ...db)
  ).out.trim();
});
afterAll(clearConnectionEnv);

const call = (path: string, token: string) =>
  fetch(`${origin}${path}`, { headers: { authorization: authorizationHeader(token) } });

describe('environments by path', () => {
  it('answers /{environment}/ProfitRestServices/... for that environment, in any case, and 404 for an unknown one', async () => {
    const meta = await call('/T12345AA/ProfitRestServices/metainfo', testToken);
    expect(meta.status).toBe(200);
    expect((await meta.json()).info.envid).toBe('T12345AA');
    const lower = await call('/t12345aa/profitrestservices/connectors/Profit_Employees?take=1', testToken);
    expect(lower.status).toBe(200);
    expect((await lower.json()).rows).toEqual([]);
    const demoRows = await call('/O12345AA/ProfitRestServices/connectors/Profit_Employees?take=2', demo.token);
    expect((await demoRows.json()).rows).toHaveLength(2);
    // A token is its environment's: the demo token does not open the test environment.
    expect((await call('/T12345AA/ProfitRestServices/metainfo', demo.token)).status).toBe(401);
    const unknown = await call('/O99999AA/ProfitRestServices/metainfo', demo.token);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-profit-error')).toBeTruthy();
    // Without a prefix the default environment answers, as before.
    expect((await call('/ProfitRestServices/metainfo', demo.token)).status).toBe(200);
  });

  it('the SDK fills a {env} base URL template with the environment name', async () => {
    const client = new AfasClient({ baseUrl: template, environment: 't12345aa', token: testToken });
    expect(client.baseUrl).toBe(`${origin}/T12345AA/ProfitRestServices`);
    const info = (await client.metainfo()).info;
    expect(info.envid).toBe('T12345AA');
    expect(info.group).toBe('Test (12345.JAN)');
    // An OTP user id carries the participant already: shown once, 12345.PIET, not 12345.12345.PIET.
    const piet = await cli(
      'token',
      'create',
      '--env',
      'T12345AA',
      '--app-connector',
      'Test',
      '--user',
      '12345.piet',
      '--db',
      demo.db,
    );
    const asPiet = new AfasClient({ baseUrl: template, environment: 'T12345AA', token: piet.out.trim() });
    expect((await asPiet.metainfo()).info.group).toBe('Test (12345.PIET)');
    expect(() => new AfasClient({ baseUrl: template, token: testToken })).toThrow(/\{env\} needs an environment/);
    expect(() => new AfasClient({ baseUrl: template, environment: 'X1', token: testToken })).toThrow(
      /environment must/,
    );
  });

  it('the CLI reaches --environment T12345AA with a {env} URL from the flag or APPCONNECTOR_URL', async () => {
    const byFlag = await cli(
      'get',
      'Profit_Employees',
      '--url',
      template,
      '--environment',
      'T12345AA',
      '--token',
      testToken,
      '--format',
      'json',
    );
    expect(byFlag.code, byFlag.err).toBe(0);
    expect(JSON.parse(byFlag.out)).toEqual([]);
    process.env.APPCONNECTOR_URL = template;
    process.env.APPCONNECTOR_TOKEN = demo.token;
    try {
      const byVariable = await cli(
        'get',
        'Profit_Employees',
        '--environment',
        'O12345AA',
        '--take',
        '3',
        '--format',
        'json',
      );
      expect(byVariable.code, byVariable.err).toBe(0);
      expect(JSON.parse(byVariable.out)).toHaveLength(3);
      const missing = await cli('get', 'Profit_Employees', '--take', '1');
      expect(missing.code).toBe(2);
      expect(missing.err).toMatch(/has \{env\}: give --environment/);
    } finally {
      delete process.env.APPCONNECTOR_URL;
      delete process.env.APPCONNECTOR_TOKEN;
    }
  });

  it('a profile keeps a {env} URL with its environment', async () => {
    const { tempDir } = await import('./support/cli-harness.ts');
    const folder = tempDir();
    process.env.APPCONNECTOR_PROFILES = `${folder.dir}/profiles.json`;
    try {
      const added = await cli(
        'profile',
        'add',
        'test',
        '--url',
        template,
        '--environment',
        'T12345AA',
        '--token',
        testToken,
      );
      expect(added.code, added.err).toBe(0);
      expect((await cli('profile', 'add', 'bad', '--url', template, '--token', testToken)).code).toBe(2);
      const shown = await cli('profile', 'show', 'test');
      expect(shown.out).toContain(`${origin}/T12345AA/ProfitRestServices`);
      const rows = await cli('get', 'Profit_Employees', '--format', 'json');
      expect(rows.code, rows.err).toBe(0);
      expect(JSON.parse(rows.out)).toEqual([]);
    } finally {
      delete process.env.APPCONNECTOR_PROFILES;
      folder.remove();
    }
  });
});
