// The authorization-code flow with PKCE over real HTTP on SQLite and PostgreSQL, the page driven by plain form
// posts: sign-in and consent, the redirect with code and state, and every RFC 6749 / RFC 7636 refusal (bad client
// or redirect URI shown as a page, wrong verifier, reused code, expired code, redirect mismatch, reused refresh
// token revoking its family, denied consent, CSRF).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAuthMode } from '../src/oauth/auth-settings.ts';
import { createOAuthClient } from '../src/oauth/clients.ts';
import { setUserPassword } from '../src/oauth/users.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { basic, pkcePair, postForm, submitAuthorizePage } from './support/oauth.ts';

const REDIRECT = 'https://app.example/callback';
const PASSWORD = 'correct horse battery';

describe.each(DATABASE_KINDS)('OAuth authorization code on %s', (kind) => {
  let server: TestServer | undefined;
  let clientId: string;
  let clientSecret: string;
  let now = Date.now();
  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'], clock: () => now });
    if (!server) return;
    const client = await createOAuthClient(server.runtime.db, {
      environment: 'O12345AA',
      appConnector: 'Tests',
      name: 'Web <app>',
      type: 'confidential',
      redirectUris: [REDIRECT],
    });
    clientId = client.clientId;
    clientSecret = client.clientSecret!;
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'oauth');
    await setUserPassword(server.runtime.db, 'O12345AA', 'anna', PASSWORD);
  });
  afterAll(async () => server?.close());

  const authorizeUrl = (values: Record<string, string>) =>
    `${server!.base}/oauth/authorize?${new URLSearchParams(values).toString()}`;

  function request(challenge: string, extra: Record<string, string> = {}) {
    return {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      state: 'st&te 1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    };
  }

  const signIn = (values: Record<string, string>, answer: Record<string, string>) =>
    submitAuthorizePage(authorizeUrl(values), answer);

  async function code(challenge: string): Promise<string> {
    const posted = await signIn(request(challenge), { username: 'anna', password: PASSWORD, decision: 'allow' });
    expect(posted.status).toBe(303);
    const location = new URL(posted.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st&te 1');
    return location.searchParams.get('code')!;
  }

  const exchange = (values: Record<string, string>) =>
    postForm(
      `${server!.base}/oauth/token`,
      { grant_type: 'authorization_code', redirect_uri: REDIRECT, ...values },
      {
        authorization: basic(clientId, clientSecret),
      },
    );

  it('shows an accessible page in the request language, with no script and a strict policy', async ({ skip }) => {
    if (!server) return skip();
    const page = await fetch(authorizeUrl(request(pkcePair().challenge)), { headers: { 'accept-language': 'nl-NL' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<label for="username">Gebruiker</label>');
    expect(html).toContain('<label for="password">Wachtwoord</label>');
    expect(html).toContain('Web &lt;app&gt;');
    expect(html).not.toMatch(/<script|https?:\/\/(?!app\.example)/);
  });

  it('signs in, redirects with code and state, and exchanges the code once for working tokens', async ({ skip }) => {
    if (!server) return skip();
    const pkce = pkcePair();
    const answer = await exchange({ code: await code(pkce.challenge), code_verifier: pkce.verifier });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_token']);
    expect(body.token_type).toBe('Bearer');
    const rows = await server.call('/connectors/Test_People?take=1', {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(rows.status).toBe(200);
    const meta = await (
      await server.call('/metainfo', { headers: { authorization: `Bearer ${body.access_token}` } })
    ).json();
    expect(meta.info.group).toMatch(/ANNA/);
  });

  it('refuses a wrong verifier, a redirect mismatch and an expired code with invalid_grant', async ({ skip }) => {
    if (!server) return skip();
    const pkce = pkcePair();
    const wrong = await exchange({ code: await code(pkce.challenge), code_verifier: pkcePair().verifier });
    expect([wrong.status, (await wrong.json()).error]).toEqual([400, 'invalid_grant']);
    const mismatch = await exchange({
      code: await code(pkce.challenge),
      code_verifier: pkce.verifier,
      redirect_uri: 'https://app.example/other',
    });
    expect([mismatch.status, (await mismatch.json()).error]).toEqual([400, 'invalid_grant']);
    const late = await code(pkce.challenge);
    now += 61_000;
    const expired = await exchange({ code: late, code_verifier: pkce.verifier });
    expect(await expired.json()).toMatchObject({ error: 'invalid_grant', error_description: 'the code has expired' });
    const missing = await exchange({ code: late });
    expect([missing.status, (await missing.json()).error]).toEqual([400, 'invalid_request']);
  });

  it('refuses a reused code and revokes the tokens the first use gave', async ({ skip }) => {
    if (!server) return skip();
    const pkce = pkcePair();
    const once = await code(pkce.challenge);
    const first = await (await exchange({ code: once, code_verifier: pkce.verifier })).json();
    const bearer = { authorization: `Bearer ${first.access_token}` };
    expect((await server.call('/connectors/Test_People?take=1', { headers: bearer })).status).toBe(200);
    const again = await exchange({ code: once, code_verifier: pkce.verifier });
    expect([again.status, (await again.json()).error]).toEqual([400, 'invalid_grant']);
    expect((await server.call('/connectors/Test_People?take=1', { headers: bearer })).status).toBe(401);
    const refresh = await postForm(
      `${server.base}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      { authorization: basic(clientId, clientSecret) },
    );
    expect((await refresh.json()).error).toBe('invalid_grant');
  });

  it('rotates refresh tokens, and a reused one revokes its whole family', async ({ skip }) => {
    if (!server) return skip();
    const pkce = pkcePair();
    const first = await (await exchange({ code: await code(pkce.challenge), code_verifier: pkce.verifier })).json();
    const refresh = (token: string) =>
      postForm(`${server!.base}/oauth/token`, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: clientId,
        client_secret: clientSecret,
      });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const rotated = await second.json();
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    const bearer = { authorization: `Bearer ${rotated.access_token}` };
    expect((await server.call('/connectors/Test_People?take=1', { headers: bearer })).status).toBe(200);
    const replay = await refresh(first.refresh_token);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    // The family is gone: the rotated refresh token and the access token it bought.
    expect((await refresh(rotated.refresh_token)).status).toBe(400);
    expect((await server.call('/connectors/Test_People?take=1', { headers: bearer })).status).toBe(401);
  });

  it('expires a refresh family after 30 days however often it rotates', async ({ skip }) => {
    if (!server) return skip();
    const pkce = pkcePair();
    let tokens = await (await exchange({ code: await code(pkce.challenge), code_verifier: pkce.verifier })).json();
    const refresh = async () =>
      postForm(
        `${server!.base}/oauth/token`,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
        {
          authorization: basic(clientId, clientSecret),
        },
      );
    now += 20 * 86_400_000;
    const answer = await refresh();
    expect(answer.status).toBe(200);
    tokens = await answer.json();
    now += 11 * 86_400_000;
    expect(await (await refresh()).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('shows a bad client or redirect URI as a page and never redirects to it', async ({ skip }) => {
    if (!server) return skip();
    const { challenge } = pkcePair();
    for (const values of [
      request(challenge, { client_id: 'unknown' }),
      request(challenge, { redirect_uri: 'https://evil.example/callback' }),
      request(challenge, { redirect_uri: `${REDIRECT}/` }),
    ]) {
      const answer = await fetch(authorizeUrl(values), { redirect: 'manual' });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('redirects request errors back with the error and state (RFC 6749 4.1.2.1)', async ({ skip }) => {
    if (!server) return skip();
    const { challenge } = pkcePair();
    const cases: [Record<string, string>, string][] = [
      [request(challenge, { response_type: 'token' }), 'unsupported_response_type'],
      [request(challenge, { code_challenge_method: 'plain' }), 'invalid_request'],
      [request('', {}), 'invalid_request'],
    ];
    for (const [values, error] of cases) {
      const answer = await fetch(authorizeUrl(values), { redirect: 'manual' });
      expect(answer.status).toBe(303);
      const location = new URL(answer.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('st&te 1');
    }
  });

  it('redirects with access_denied when the user denies, and keeps the page on a wrong password', async ({ skip }) => {
    if (!server) return skip();
    const { challenge } = pkcePair();
    const denied = await signIn(request(challenge), { decision: 'deny' });
    expect(denied.status).toBe(303);
    const location = new URL(denied.headers.get('location')!);
    expect([location.searchParams.get('error'), location.searchParams.get('state')]).toEqual([
      'access_denied',
      'st&te 1',
    ]);
    expect(location.searchParams.get('code')).toBeNull();
    const wrong = await signIn(request(challenge), { username: 'anna', password: 'not it', decision: 'allow' });
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain('role="alert"');
  });

  it('refuses the sign-ins of a user for 15 minutes after 5 wrong passwords', async ({ skip }) => {
    if (!server) return skip();
    await setUserPassword(server.runtime.db, 'O12345AA', 'carl', PASSWORD);
    const { challenge } = pkcePair();
    for (let i = 0; i < 5; i++)
      expect(
        (await signIn(request(challenge), { username: 'carl', password: `wrong ${i}`, decision: 'allow' })).status,
      ).toBe(200);
    const blocked = await signIn(request(challenge), { username: 'carl', password: PASSWORD, decision: 'allow' });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain(
      'Te vaak een verkeerd wachtwoord voor deze gebruiker: probeer het over 15 minuut/minuten opnieuw.',
    );
    // Another user is not held up by carl's.
    expect((await signIn(request(challenge), { username: 'anna', password: PASSWORD, decision: 'allow' })).status).toBe(
      303,
    );
    now += 15 * 60_000;
    expect((await signIn(request(challenge), { username: 'carl', password: PASSWORD, decision: 'allow' })).status).toBe(
      303,
    );
  });

  it('refuses a form posted without the page cookie or with changed fields (CSRF)', async ({ skip }) => {
    if (!server) return skip();
    const { challenge } = pkcePair();
    const forged = await fetch(authorizeUrl(request(challenge)), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...request(challenge),
        csrf: 'x',
        username: 'anna',
        password: PASSWORD,
        decision: 'allow',
      }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
    const changed = await signIn(request(challenge), {
      username: 'anna',
      password: PASSWORD,
      decision: 'allow',
      code_challenge: pkcePair().challenge,
    });
    expect(changed.status).toBe(403);
  });
});
