// DPoP (RFC 9449) over real HTTP on SQLite and PostgreSQL, as Profit 9 asks of public clients: the token request
// needs a proof and the server's nonce, the token is bound to the key (token_type DPoP), and a call's proof is
// refused for a wrong method, URL, key, nonce, access token hash or a replayed jti; refresh needs the same key.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAuthMode } from '../src/oauth/auth-settings.ts';
import { createOAuthClient } from '../src/oauth/clients.ts';
import { setUserPassword } from '../src/oauth/users.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { type DpopKey, dpopKey, FOUR_PEOPLE, pkcePair, postForm, submitAuthorizePage } from './support/oauth.ts';
import { insertTestRows } from './support/test-rows.ts';

const REDIRECT = 'http://127.0.0.1/callback';

describe.each(DATABASE_KINDS)('DPoP on %s', (kind) => {
  let server: TestServer | undefined;
  let clientId: string;
  let key: DpopKey;
  let tokenUrl: string;
  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'] });
    if (!server) return;
    await insertTestRows(server, FOUR_PEOPLE);
    clientId = (
      await createOAuthClient(server.runtime.db, {
        environment: 'O12345AA',
        appConnector: 'Tests',
        name: 'Desktop app',
        type: 'public',
        redirectUris: [REDIRECT],
      })
    ).clientId;
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'hybrid');
    await setUserPassword(server.runtime.db, 'O12345AA', 'bert', 'bert password');
    key = await dpopKey();
    tokenUrl = `${server.base}/oauth/token`;
  });
  afterAll(async () => server?.close());

  /** A code for the public client, through the page; the redirect goes to a loopback port of the app's choice. */
  async function code(challenge: string): Promise<{ code: string; redirectUri: string }> {
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const posted = await submitAuthorizePage(`${server!.base}/oauth/authorize?${query}`, {
      username: 'bert',
      password: 'bert password',
      decision: 'allow',
    });
    expect(posted.status).toBe(303);
    return { code: new URL(posted.headers.get('location')!).searchParams.get('code')!, redirectUri };
  }

  /** Tokens for the public client, bound to `key`, as a client does it: first try, then again with the nonce. */
  async function tokens(): Promise<{ access_token: string; refresh_token: string; nonce: string }> {
    const pkce = pkcePair();
    const { code: text, redirectUri } = await code(pkce.challenge);
    const values = {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: text,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    };
    const first = await postForm(tokenUrl, values, { dpop: await key.sign({ htm: 'POST', htu: tokenUrl }) });
    expect(first.status).toBe(400);
    expect((await first.json()).error).toBe('use_dpop_nonce');
    const nonce = first.headers.get('dpop-nonce')!;
    expect(nonce).toBeTruthy();
    const second = await postForm(tokenUrl, values, { dpop: await key.sign({ htm: 'POST', htu: tokenUrl, nonce }) });
    expect(second.status).toBe(200);
    const body = await second.json();
    expect(body.token_type).toBe('DPoP');
    return { ...body, nonce: second.headers.get('dpop-nonce') ?? nonce };
  }

  const peopleUrl = () => `${server!.base}/connectors/Test_People?take=1`;
  const call = (accessToken: string, headers: Record<string, string>, url = peopleUrl()) =>
    fetch(url, { headers: { authorization: `DPoP ${accessToken}`, 'accept-language': 'en-us', ...headers } });

  it('requires a proof of a public client at the token endpoint', async ({ skip }) => {
    if (!server) return skip();
    const pkce = pkcePair();
    const { code: text, redirectUri } = await code(pkce.challenge);
    const answer = await postForm(tokenUrl, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: text,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    });
    expect([answer.status, (await answer.json()).error]).toEqual([400, 'invalid_dpop_proof']);
  });

  it('accepts a good proof, at the plain URL and at an environment path', async ({ skip }) => {
    if (!server) return skip();
    const { access_token, nonce } = await tokens();
    const good = await call(access_token, {
      dpop: await key.sign({ htm: 'GET', htu: peopleUrl(), nonce, accessToken: access_token }),
    });
    expect(good.status).toBe(200);
    expect((await good.json()).rows).toHaveLength(1);
    const prefixed = peopleUrl().replace('/ProfitRestServices/', '/O12345AA/ProfitRestServices/');
    const atPath = await call(
      access_token,
      { dpop: await key.sign({ htm: 'GET', htu: prefixed, nonce, accessToken: access_token }) },
      prefixed,
    );
    expect(atPath.status).toBe(200);
  });

  it('refuses a bound token sent as Bearer, and proofs of a wrong method, URL, key or token', async ({ skip }) => {
    if (!server) return skip();
    const { access_token, nonce } = await tokens();
    const bearer = await fetch(peopleUrl(), { headers: { authorization: `Bearer ${access_token}` } });
    expect(bearer.status).toBe(401);
    expect(bearer.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    const other = await dpopKey();
    const proofs = {
      method: await key.sign({ htm: 'POST', htu: peopleUrl(), nonce, accessToken: access_token }),
      url: await key.sign({ htm: 'GET', htu: `${server.base}/connectors/Other`, nonce, accessToken: access_token }),
      key: await other.sign({ htm: 'GET', htu: peopleUrl(), nonce, accessToken: access_token }),
      token: await key.sign({ htm: 'GET', htu: peopleUrl(), nonce, accessToken: 'another token' }),
      old: await key.sign({
        htm: 'GET',
        htu: peopleUrl(),
        nonce,
        accessToken: access_token,
        iat: Math.floor(Date.now() / 1000) - 3600,
      }),
      none: '',
    };
    for (const [what, proof] of Object.entries(proofs)) {
      const answer = await call(access_token, proof ? { dpop: proof } : {});
      expect(answer.status, what).toBe(401);
      expect(answer.headers.get('www-authenticate'), what).toMatch(/^DPoP .*error="invalid_dpop_proof".*algs="ES256"/);
      expect((await answer.json()).externalMessage, what).toMatch(/DPoP proof is not valid/);
    }
  });

  it('asks for the nonce with use_dpop_nonce and a DPoP-Nonce header when a proof lacks it or has a wrong one', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { access_token } = await tokens();
    for (const nonce of [undefined, 'made-up-nonce']) {
      const answer = await call(access_token, {
        dpop: await key.sign({ htm: 'GET', htu: peopleUrl(), nonce, accessToken: access_token }),
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/error="use_dpop_nonce"/);
      const fresh = answer.headers.get('dpop-nonce')!;
      expect(fresh).toMatch(/^[A-Za-z0-9_-]+$/);
      const retried = await call(access_token, {
        dpop: await key.sign({ htm: 'GET', htu: peopleUrl(), nonce: fresh, accessToken: access_token }),
      });
      expect(retried.status).toBe(200);
    }
  });

  it('refuses a replayed proof (same jti)', async ({ skip }) => {
    if (!server) return skip();
    const { access_token, nonce } = await tokens();
    const proof = await key.sign({ htm: 'GET', htu: peopleUrl(), nonce, accessToken: access_token });
    expect((await call(access_token, { dpop: proof })).status).toBe(200);
    const replay = await call(access_token, { dpop: proof });
    expect(replay.status).toBe(401);
    expect((await replay.json()).externalMessage).toMatch(/used before/);
  });

  it('refreshes a bound token only with a proof of the same key', async ({ skip }) => {
    if (!server) return skip();
    const { refresh_token, nonce } = await tokens();
    const refresh = { grant_type: 'refresh_token', client_id: clientId, refresh_token };
    const other = await dpopKey();
    const wrongKey = await postForm(tokenUrl, refresh, {
      dpop: await other.sign({ htm: 'POST', htu: tokenUrl, nonce }),
    });
    expect(await wrongKey.json()).toMatchObject({ error: 'invalid_grant' });
    const right = await postForm(tokenUrl, refresh, { dpop: await key.sign({ htm: 'POST', htu: tokenUrl, nonce }) });
    expect(right.status).toBe(200);
    expect((await right.json()).token_type).toBe('DPoP');
  });
});
