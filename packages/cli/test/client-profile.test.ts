import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenData } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection } from '../src/connect.ts';
import { CliError } from '../src/output.ts';
import { clearConnectionEnv, cli, sqliteDemoForFile } from './support/cli-harness.ts';

const { demo, temp } = sqliteDemoForFile();
const file = join(temp.dir, 'config', 'profiles.json');
const OTHER = 'AB'.repeat(32);

beforeAll(() => {
  process.env.APPCONNECTOR_PROFILES = file;
});
afterAll(clearConnectionEnv);

describe('appconnector profile', () => {
  it('adds a profile, stored owner-only with the token normalised to its XML', async () => {
    // The token as its bare 64-hex data: the SDK's normalisation turns it into the XML.
    const data = tokenData(demo.token)!;
    const added = await cli('profile', 'add', 'local', '--url', demo.url, '--token', data, '--language', 'en-us');
    expect(added.code, added.err).toBe(0);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.profiles.local).toEqual({ baseUrl: demo.url, token: demo.token, language: 'en-us' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await cli('profile', 'add', 'local', '--url', demo.url, '--token', data)).code).toBe(2);
    expect((await cli('profile', 'add', 'local', '--url', demo.url, '--token', data, '--force')).code).toBe(0);
  });

  it('lists and shows profiles with the token masked', async () => {
    expect(
      (await cli('profile', 'add', 'prod', '--environment', 'o12345aa', '--token', OTHER, '--integration-id', '1_2'))
        .code,
    ).toBe(0);
    expect(
      (await cli('profile', 'add', 'test', '--participant', '123456', '--type', 'test', '--token', OTHER)).code,
    ).toBe(0);
    const list = await cli('profile', 'list', '--json');
    const rows = JSON.parse(list.out) as Record<string, string>[];
    expect(rows.map((r) => [r.name, r.server])).toEqual([
      ['local', demo.url],
      ['prod', 'O12345AA'],
      ['test', '123456 (test)'],
    ]);
    const show = await cli('profile', 'show', 'prod');
    expect(show.out).toMatch(/integrationId:\s+1_2/);
    expect(show.out).toMatch(/token:\s+\*{8}ABAB/);
    for (const text of [list.out, show.out, (await cli('profile', 'list')).out]) {
      expect(text).not.toContain(OTHER);
      expect(text).not.toContain(tokenData(demo.token)!);
    }
  });

  it('refuses bad profiles with exit code 2, and unknown names with 4', async () => {
    expect((await cli('profile', 'add', 'x', '--token', OTHER)).code).toBe(2);
    expect(
      (await cli('profile', 'add', 'x', '--url', demo.url, '--environment', 'O12345AA', '--token', OTHER)).code,
    ).toBe(2);
    expect((await cli('profile', 'add', 'x', '--environment', 'X1', '--token', OTHER)).code).toBe(2);
    expect((await cli('profile', 'add', 'x', '--url', demo.url, '--token', 'not a token')).code).toBe(2);
    expect((await cli('profile', 'add', 'bad name', '--url', demo.url, '--token', OTHER)).code).toBe(2);
    expect((await cli('profile', 'show', 'nope')).code).toBe(4);
    expect((await cli('profile', 'remove', 'nope')).code).toBe(4);
  });

  it('connects commands with --profile, and flags override the profile', async () => {
    const ok = await cli('get', 'Profit_Employees', '--take', '1', '--profile', 'local');
    expect(ok.code, ok.err).toBe(0);
    // The flag's token wins over the profile's: the server refuses it.
    const overridden = await cli('get', 'Profit_Employees', '--take', '1', '--profile', 'local', '--token', OTHER);
    expect(overridden.code).toBe(3);
    expect((await cli('get', 'Profit_Employees', '--profile', 'nope')).code).toBe(4);
  });

  it('removes a profile', async () => {
    expect((await cli('profile', 'remove', 'test')).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).profiles)).toEqual(['local', 'prod']);
  });
});

describe('connection resolution', () => {
  const env = (vars: Record<string, string> = {}) => ({ APPCONNECTOR_PROFILES: file, ...vars });

  it('takes APPCONNECTOR_URL and APPCONNECTOR_TOKEN, and flags over them', async () => {
    expect(resolveConnection({}, env({ APPCONNECTOR_URL: demo.url, APPCONNECTOR_TOKEN: OTHER }))).toMatchObject({
      baseUrl: demo.url,
      token: OTHER,
    });
    expect(
      resolveConnection(
        { environment: 'T12345AA', token: 'x' },
        env({ APPCONNECTOR_URL: demo.url, APPCONNECTOR_TOKEN: OTHER }),
      ),
    ).toMatchObject({ environment: 'T12345AA', token: 'x' });
    expect(
      resolveConnection({}, env({ APPCONNECTOR_ENVIRONMENT: 'O12345AA', APPCONNECTOR_TOKEN: OTHER })),
    ).toMatchObject({
      environment: 'O12345AA',
    });
    expect(
      resolveConnection(
        { timeout: '2.5', retries: '0' },
        env({ APPCONNECTOR_URL: demo.url, APPCONNECTOR_TOKEN: OTHER }),
      ),
    ).toMatchObject({ timeout: 2500, maxRetries: 0 });
  });

  it('uses APPCONNECTOR_PROFILE, else the default profile: the first one added, or the one `profile use` chose', async () => {
    expect(resolveConnection({}, env({ APPCONNECTOR_PROFILE: 'prod' }))).toMatchObject({
      environment: 'O12345AA',
      token: `<token><version>1</version><data>${OTHER}</data></token>`,
      integrationId: '1_2',
    });
    // 'local' was added first: it is the default, and a bare command uses it.
    expect(JSON.parse(readFileSync(file, 'utf8')).default).toBe('local');
    expect(resolveConnection({}, env())).toMatchObject({ baseUrl: demo.url, token: demo.token });
    const bare = await cli('get', 'Profit_Employees', '--take', '1');
    expect(bare.code, bare.err).toBe(0);
    expect((await cli('profile', 'use', 'prod')).code).toBe(0);
    expect(resolveConnection({}, env())).toMatchObject({ environment: 'O12345AA' });
    expect((await cli('profile', 'list', '--json')).out).toMatch(/"name": "prod",[^}]*"default": "yes"/);
    expect((await cli('profile', 'use', 'nope')).code).toBe(4);
    expect((await cli('profile', 'use', 'local')).code).toBe(0);
    // A variable's token goes with the profile's server when the variables name no server.
    expect(resolveConnection({}, env({ APPCONNECTOR_TOKEN: OTHER }))).toMatchObject({
      baseUrl: demo.url,
      token: OTHER,
    });
    // An explicit --profile beats the variables.
    expect(
      resolveConnection({ profile: 'local' }, env({ APPCONNECTOR_URL: 'http://elsewhere', APPCONNECTOR_TOKEN: OTHER })),
    ).toMatchObject({ baseUrl: demo.url, token: demo.token });
  });

  it('reads a file without a recorded default: a profile named "default", else the only one, else none', () => {
    const legacy = join(temp.dir, 'legacy.json');
    const one = { baseUrl: demo.url, token: demo.token };
    writeFileSync(legacy, JSON.stringify({ profiles: { a: one, b: { environment: 'O12345AA', token: OTHER } } }));
    expect(() => resolveConnection({}, { APPCONNECTOR_PROFILES: legacy })).toThrow(/no server/);
    writeFileSync(legacy, JSON.stringify({ profiles: { a: { environment: 'O12345AA', token: OTHER }, default: one } }));
    expect(resolveConnection({}, { APPCONNECTOR_PROFILES: legacy })).toMatchObject({ baseUrl: demo.url });
    writeFileSync(legacy, JSON.stringify({ profiles: { only: one } }));
    expect(resolveConnection({}, { APPCONNECTOR_PROFILES: legacy })).toMatchObject({ baseUrl: demo.url });
  });

  it("never sends a profile's token to a server named elsewhere", () => {
    const attempt = () => resolveConnection({ url: 'http://elsewhere.example/ProfitRestServices' }, env());
    expect(attempt).toThrow(CliError);
    expect(attempt).toThrow(/token is not sent to a server it was not stored for/);
    expect(() => resolveConnection({}, env({ APPCONNECTOR_URL: 'http://elsewhere.example' }))).toThrow(/same level/);
    expect(() => resolveConnection({ url: demo.url, environment: 'O12345AA', token: OTHER }, env())).toThrow(
      /not both/,
    );
  });

  it('runs a command from the variables alone', async () => {
    process.env.APPCONNECTOR_URL = demo.url;
    process.env.APPCONNECTOR_TOKEN = Buffer.from(demo.token).toString('base64');
    try {
      const result = await cli('get', 'Profit_Employees', '--take', '1');
      expect(result.code, result.err).toBe(0);
    } finally {
      delete process.env.APPCONNECTOR_URL;
      delete process.env.APPCONNECTOR_TOKEN;
    }
  });
});
