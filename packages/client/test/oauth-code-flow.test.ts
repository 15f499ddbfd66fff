// The authorization-code flow through the SDK's helpers against the real server on SQLite and PostgreSQL, the
// consent page driven in a real headless Chromium: PKCE, DPoP-bound tokens of a public client, refresh with
// rotation kept through onTokens (one refresh for 20 concurrent calls), a reused refresh token revoking the sign-in,
// and the RFC refusals as OAuthError (denied consent, forged state, wrong verifier, reused code, no DPoP proof).

import { createOAuthClient, setAuthMode, setUserPassword } from '@appconnector/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../server/test/support/databases.ts';
import { startTestServer, type TestServer } from '../../server/test/support/harness.ts';
import { insertTestRows } from '../../server/test/support/test-rows.ts';
import {
  AfasClient,
  createDpopKey,
  createPkce,
  type FetchLike,
  OAuthClient,
  OAuthError,
  type OAuthTokens,
} from '../src/index.ts';
import { CHROMIUM, consent, launchChromium } from './support/consent-browser.ts';

const PASSWORD = 'correct horse battery';
// Registered without a port: a loopback redirect may come back on any port (RFC 8252 section 7.3).
const REGISTERED = 'http://127.0.0.1/callback';
const REDIRECT = 'http://127.0.0.1:43117/callback';

describe.each(DATABASE_KINDS)('SDK code flow with PKCE and DPoP on %s', (kind) => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let clientId: string;
  let offset = 0;
  const clock = () => Date.now() + offset;
  let tokenRequests = 0;
  /** Token answers that issued tokens (a use_dpop_nonce refusal before one is not a second renewal). */
  const counting: FetchLike = async (url, init) => {
    const answer = await fetch(url, init);
    if (url.endsWith('/oauth/token') && answer.ok) tokenRequests++;
    return answer;
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false, clock });
    if (!server) return;
    const { db } = server.runtime;
    await insertTestRows(server, { people: [{ id: 1, name: 'Anna', team_id: null }] });
    const created = await createOAuthClient(db, {
      environment: 'O12345AA',
      appConnector: 'Tests',
      name: 'Desktop app',
      type: 'public',
      redirectUris: [REGISTERED],
    });
    clientId = created.clientId;
    await setAuthMode(db, 'O12345AA', 'Tests', 'oauth');
    await setUserPassword(db, 'O12345AA', 'tester', PASSWORD);
    if (CHROMIUM) browser = await launchChromium();
    else if (process.env.CI) throw new Error('chromium is required in CI (apt-get install chromium)');
    else console.warn('chromium is not installed: the code-flow tests are skipped (apt-get install chromium)');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The app's side of a sign-in: PKCE and state, the browser, the redirect read back, the code exchanged. */
  async function signIn(oauth: OAuthClient, decision: 'allow' | 'deny' = 'allow') {
    const pkce = await createPkce();
    const state = crypto.randomUUID();
    const url = oauth.authorizationUrl({ redirectUri: REDIRECT, state, codeChallenge: pkce.challenge });
    const back = await consent(browser!, url, { user: 'tester', password: PASSWORD, decision });
    return { back, state, pkce };
  }

  it('signs in, calls with DPoP-bound tokens, refreshes once for 20 calls and keeps the rotated refresh token', async ({
    skip,
  }) => {
    if (!server || !browser) return skip();
    const oauth = new OAuthClient({
      baseUrl: server.base,
      clientId,
      dpop: await createDpopKey(),
      fetch: counting,
      now: clock,
    });
    const { back, state, pkce } = await signIn(oauth);
    const { code } = OAuthClient.readCallback(back, state);
    const tokens = await oauth.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
    expect(tokens).toMatchObject({ tokenType: 'DPoP', refreshToken: expect.any(String) });

    const saved: OAuthTokens[] = [];
    const auth = oauth.userAuth(tokens, { onTokens: (next) => void saved.push(next) });
    const client = new AfasClient({ baseUrl: server.base, auth, fetch: counting });
    const meta = await client.metainfo();
    // The user who signed in in the browser: metainfo names the App Connector's group with the user.
    expect(meta.info.group).toMatch(/TESTER/);
    expect((await client.get('Test_People')).rows).toMatchObject([{ Id: 1, Name: 'Anna' }]);

    // An hour on: 20 calls at once, one refresh (a second with the same refresh token would revoke the sign-in).
    offset += 3600_000;
    tokenRequests = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.get('Test_People')));
    expect(answers.every((a) => a.rows.length === 1)).toBe(true);
    expect(tokenRequests).toBe(1);
    expect(auth.renewals).toBe(1);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.refreshToken).not.toBe(tokens.refreshToken);
    expect(saved[0]!.tokenType).toBe('DPoP');

    // The spent refresh token, used again (a stolen copy): refused, and the server revokes the whole sign-in.
    const replay = await oauth.refresh(tokens).catch((e) => e);
    expect(replay).toMatchObject({ name: 'OAuthError', error: 'invalid_grant' });
    const after = await client.get('Test_People').catch((e) => e);
    expect(after).toBeInstanceOf(OAuthError);
    expect(after).toMatchObject({ error: 'invalid_grant' });
  });

  it('refusals as OAuthError: denied consent, forged state, wrong verifier, reused code, no DPoP for a public client', async ({
    skip,
  }) => {
    if (!server || !browser) return skip();
    const dpop = await createDpopKey();
    const oauth = new OAuthClient({ baseUrl: server.base, clientId, dpop, now: clock });
    const denied = await signIn(oauth, 'deny');
    expect(() => OAuthClient.readCallback(denied.back, denied.state)).toThrow(
      expect.objectContaining({ name: 'OAuthError', error: 'access_denied' }),
    );
    const allowed = await signIn(oauth);
    expect(() => OAuthClient.readCallback(allowed.back, 'another state')).toThrow(
      expect.objectContaining({ error: 'invalid_state' }),
    );
    const { code } = OAuthClient.readCallback(allowed.back, allowed.state);
    const other = await createPkce();
    const wrong = await oauth
      .exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: other.verifier })
      .catch((e) => e);
    expect(wrong).toMatchObject({ name: 'OAuthError', error: 'invalid_grant', status: 400 });

    // A code works once; used again, the server also revokes what the first use gave (RFC 6749 section 4.1.2).
    const once = await signIn(oauth);
    const onceCode = OAuthClient.readCallback(once.back, once.state).code;
    const exchange = { code: onceCode, redirectUri: REDIRECT, codeVerifier: once.pkce.verifier };
    const first = await oauth.exchangeCode(exchange);
    const reused = await oauth.exchangeCode(exchange).catch((e) => e);
    expect(reused).toBeInstanceOf(OAuthError);
    expect(reused).toMatchObject({ error: 'invalid_grant', status: 400 });
    await expect(oauth.refresh(first)).rejects.toMatchObject({ error: 'invalid_grant' });

    const again = await signIn(oauth);
    const withoutDpop = new OAuthClient({ baseUrl: server.base, clientId, now: clock });
    const refused = await withoutDpop
      .exchangeCode({
        code: OAuthClient.readCallback(again.back, again.state).code,
        redirectUri: REDIRECT,
        codeVerifier: again.pkce.verifier,
      })
      .catch((e) => e);
    expect(refused).toMatchObject({ name: 'OAuthError', error: 'invalid_dpop_proof' });
  });
});
