// `appconnector login` by the authorization-code flow end to end, on SQLite and PostgreSQL: the command listens on
// a random loopback port, starts the "system browser" (APPCONNECTOR_BROWSER: a headless Chromium that signs in on
// the server's consent page), takes the redirect, exchanges the code with PKCE and a DPoP key, and keeps the tokens
// and the key in the owner-only profile; client commands then refresh them; logout revokes the sign-in.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AfasClient, importDpopKey, OAuthClient } from '@appconnector/client';
import { createOAuthClient, setAuthMode, setUserPassword } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../client/test/support/consent-browser.ts';
import { DATABASE_KINDS } from '../../server/test/support/databases.ts';
import { startTestServer, type TestServer } from '../../server/test/support/harness.ts';
import { insertTestRows } from '../../server/test/support/test-rows.ts';
import { clearConnectionEnv, cli, tempDir } from './support/cli-harness.ts';

const BROWSER = fileURLToPath(new URL('./support/sign-in-browser.mjs', import.meta.url));
const PASSWORD = 'correct horse battery';

describe.each(DATABASE_KINDS)('appconnector login in the browser (code flow) on %s', (kind) => {
  let server: TestServer | undefined;
  const temp = tempDir();
  const file = join(temp.dir, 'profiles.json');
  let clientId: string;
  const stored = () => JSON.parse(readFileSync(file, 'utf8')).profiles;

  beforeAll(async () => {
    clearConnectionEnv();
    if (!CHROMIUM) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install chromium)');
      console.warn('chromium is not installed: the browser login tests are skipped (apt-get install chromium)');
      return;
    }
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false });
    if (!server) return;
    const { db } = server.runtime;
    await insertTestRows(server, { people: [{ id: 1, name: 'Anna', team_id: null }] });
    clientId = (
      await createOAuthClient(db, {
        environment: 'O12345AA',
        appConnector: 'Tests',
        name: 'appconnector CLI',
        type: 'public',
        redirectUris: ['http://127.0.0.1/callback'],
      })
    ).clientId;
    await setAuthMode(db, 'O12345AA', 'Tests', 'oauth');
    await setUserPassword(db, 'O12345AA', 'tester', PASSWORD);
    Object.assign(process.env, {
      APPCONNECTOR_PROFILES: file,
      APPCONNECTOR_BROWSER: `${JSON.stringify(process.execPath)} ${JSON.stringify(BROWSER)}`,
      SIGN_IN_CHROMIUM: CHROMIUM,
      SIGN_IN_USER: 'tester',
      SIGN_IN_PASSWORD: PASSWORD,
    });
  });
  afterAll(async () => {
    await server?.close();
    clearConnectionEnv();
    for (const name of ['SIGN_IN_CHROMIUM', 'SIGN_IN_USER', 'SIGN_IN_PASSWORD', 'SIGN_IN_DECISION']) {
      delete process.env[name];
    }
    temp.remove();
  });

  it('signs in through the browser and the loopback redirect; get uses the DPoP-bound tokens', async ({ skip }) => {
    if (!server) return skip();
    const login = await cli('login', '--profile', 'me', '--url', server.base, '--client-id', clientId, '--wait', '60');
    expect(login.code, login.err).toBe(0);
    // The URL is printed too, for a machine without a browser: the authorize endpoint with PKCE and a loopback port.
    const printed = new URL(/https?:\/\/\S+\/oauth\/authorize\S+/.exec(login.err)![0]);
    expect(printed.searchParams.get('code_challenge_method')).toBe('S256');
    expect(printed.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(login.out).toMatch(/signed in: profile 'me' \(authorization_code, DPoP-bound, access token until/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { oauth } = stored().me;
    expect(oauth).toMatchObject({ clientId, grant: 'authorization_code', tokens: { tokenType: 'DPoP' } });
    expect(oauth.tokens.refreshToken).toEqual(expect.any(String));
    expect(oauth.dpopKey).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
    // Bound to the key: the access token alone, as Bearer, is refused.
    const bare = await fetch(`${server.base}/connectors/Test_People`, {
      headers: { authorization: `Bearer ${oauth.tokens.accessToken}` },
    });
    expect(bare.status).toBe(401);

    const got = await cli('get', 'Test_People', '--profile', 'me', '--json');
    expect(got.code, got.err).toBe(0);
    expect(JSON.parse(got.out)).toMatchObject([{ Id: 1, Name: 'Anna' }]);
  });

  it('refreshes an expired token in a command and keeps the rotated refresh token in the profile', async ({ skip }) => {
    if (!server) return skip();
    const all = JSON.parse(readFileSync(file, 'utf8'));
    const before = all.profiles.me.oauth.tokens;
    all.profiles.me.oauth.tokens.expiresAt = Date.now() - 1000;
    writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
    expect((await cli('get', 'Test_People', '--profile', 'me')).code).toBe(0);
    const after = stored().me.oauth.tokens;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    // The next command uses the stored (rotated) tokens without another refresh.
    expect((await cli('get', 'Test_People', '--profile', 'me')).code).toBe(0);
    expect(stored().me.oauth.tokens.refreshToken).toBe(after.refreshToken);
  });

  it('two commands at once with an expired token refresh once between them; the sign-in stays valid', async ({
    skip,
  }) => {
    if (!server) return skip();
    const all = JSON.parse(readFileSync(file, 'utf8'));
    const before = all.profiles.me.oauth.tokens;
    all.profiles.me.oauth.tokens.expiresAt = Date.now() - 1000;
    writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
    // Two refreshes with one refresh token would make the server revoke the sign-in; the profile lock prevents it.
    const both = await Promise.all([
      cli('get', 'Test_People', '--profile', 'me'),
      cli('get', 'Test_People', '--profile', 'me'),
    ]);
    expect(both.map((r) => [r.code, r.err])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    expect(stored().me.oauth.tokens.refreshToken).not.toBe(before.refreshToken);
    expect((await cli('get', 'Test_People', '--profile', 'me')).code).toBe(0);
  });

  it('logout revokes the sign-in: the old access token gets 401, commands say to sign in again', async ({ skip }) => {
    if (!server) return skip();
    const { tokens, dpopKey } = stored().me.oauth;
    const out = await cli('logout', '--profile', 'me');
    expect(out.code, out.err).toBe(0);
    // The access token with its key and a proof, as the command sent it: 401 invalid_token now.
    const statuses: number[] = [];
    const oauth = new OAuthClient({ baseUrl: server.base, clientId, dpop: await importDpopKey(dpopKey) });
    const client = new AfasClient({
      baseUrl: server.base,
      auth: oauth.userAuth(tokens),
      fetch: async (url, init) => {
        const answer = await fetch(url, init);
        if (!url.includes('/oauth/')) statuses.push(answer.status);
        return answer;
      },
    });
    await expect(client.get('Test_People')).rejects.toMatchObject({ name: 'OAuthError', error: 'invalid_grant' });
    expect(statuses).toEqual([401]);
    // The refresh token is revoked (and its access tokens with it): refreshing with it is refused.
    const refresh = await fetch(`${server.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
        client_id: clientId,
      }),
    });
    expect(refresh.status).toBe(400);
    expect(stored().me.oauth).toEqual({ clientId, grant: 'authorization_code' });
    const after = await cli('get', 'Test_People', '--profile', 'me');
    expect(after.code).toBe(3);
    expect(after.err).toMatch(/signed out/);
  });

  it('a denied consent ends login with exit code 3 and stores nothing', async ({ skip }) => {
    if (!server) return skip();
    process.env.SIGN_IN_DECISION = 'deny';
    try {
      const denied = await cli('login', '--profile', 'other', '--url', server.base, '--client-id', clientId);
      expect(denied.code).toBe(3);
      expect(denied.err).toMatch(/access_denied/);
      expect(stored().other).toBeUndefined();
    } finally {
      delete process.env.SIGN_IN_DECISION;
    }
  });
});
