// The SDK's OAuth against the real server over HTTP, on SQLite and PostgreSQL: client credentials renewed before
// expiry with one token request under 20 concurrent calls, one retry after invalid_token, DPoP-bound calls with the
// server's nonces, and typed errors (OAuthError for the token endpoint, AfasError for the API). The server's and the
// SDK's clocks are moved together, so an hour passes in no time.

import { setAuthMode } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../server/test/support/databases.ts';
import { startTestServer, type TestServer } from '../../server/test/support/harness.ts';
import { createBackendClient } from '../../server/test/support/oauth.ts';
import { insertTestRows } from '../../server/test/support/test-rows.ts';
import {
  AfasClient,
  AfasError,
  AuthenticationError,
  createDpopKey,
  type FetchLike,
  OAuthClient,
  OAuthError,
} from '../src/index.ts';

/** A fetch that records every request's method, path and answer status. */
function recordingFetch() {
  const log: { method: string; path: string; status: number; auth: string }[] = [];
  const fetcher: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    const headers = new Headers(init.headers);
    log.push({
      method: init.method ?? 'GET',
      path: new URL(url).pathname.replace('/ProfitRestServices', ''),
      status: response.status,
      auth: headers.get('authorization')?.split(' ')[0] ?? '',
    });
    return response;
  };
  return { log, fetcher };
}

describe.each(DATABASE_KINDS)('SDK OAuth (client credentials, DPoP) against the server on %s', (kind) => {
  let server: TestServer | undefined;
  let offset = 0;
  const clock = () => Date.now() + offset;
  let clientId: string;
  let clientSecret: string;

  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false, clock });
    if (!server) return;
    await insertTestRows(server, {
      people: [1, 2, 3].map((id) => ({ id, name: `Person ${id}`, city: 'Utrecht', team_id: null })),
    });
    ({ clientId, clientSecret } = await createBackendClient(server));
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'hybrid');
  });
  afterAll(async () => server?.close());

  const oauthClient = (fetcher: FetchLike, extra: Partial<ConstructorParameters<typeof OAuthClient>[0]> = {}) =>
    new OAuthClient({ baseUrl: server!.base, clientId, clientSecret, fetch: fetcher, now: clock, ...extra });
  const people = (client: AfasClient) => client.get('Test_People', { take: 2, orderBy: ['Id'] });

  it('a classic-only App Connector refuses the grant: OAuthError unauthorized_client, no AfasError', async ({
    skip,
  }) => {
    if (!server) return skip();
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'classic');
    const { fetcher } = recordingFetch();
    const error = await oauthClient(fetcher)
      .clientCredentials()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).not.toBeInstanceOf(AfasError);
    expect(error).toMatchObject({ error: 'unauthorized_client', status: 400 });
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'hybrid');
  });

  it('renews before expiry with one token request however many calls wait, and never meets a 401', async ({ skip }) => {
    if (!server) return skip();
    const { log, fetcher } = recordingFetch();
    const auth = oauthClient(fetcher).clientCredentialsAuth({ renewBeforeSeconds: 60 });
    const client = new AfasClient({ baseUrl: server.base, auth, fetch: fetcher });
    const classic = new AfasClient({ baseUrl: server.base, token: server.token });
    const expected = await people(classic);

    // 20 calls at once on a new auth: one token request, every call answered with the classic token's rows.
    const first = await Promise.all(Array.from({ length: 20 }, () => people(client)));
    expect(first).toEqual(Array(20).fill(expected));
    expect(log.filter((l) => l.path === '/oauth/token')).toHaveLength(1);
    const firstToken = auth.tokens!.accessToken;
    expect(auth.tokens!.expiresAt! - clock()).toBeGreaterThan(3_500_000);

    // 50 minutes on: still the same token, no request to the token endpoint.
    offset += 50 * 60_000;
    await Promise.all(Array.from({ length: 20 }, () => people(client)));
    expect(log.filter((l) => l.path === '/oauth/token')).toHaveLength(1);

    // 59m30s after issue: inside the 60 s margin, one renewal for 20 concurrent calls, and no call refused.
    offset += 9.5 * 60_000;
    const renewed = await Promise.all(Array.from({ length: 20 }, () => people(client)));
    expect(renewed).toEqual(Array(20).fill(expected));
    expect(log.filter((l) => l.path === '/oauth/token')).toHaveLength(2);
    expect(auth.tokens!.accessToken).not.toBe(firstToken);
    expect(log.filter((l) => l.status === 401)).toEqual([]);
    expect(log.filter((l) => l.path !== '/oauth/token').every((l) => l.auth === 'Bearer')).toBe(true);
    // Renewed before expiry: the old token was still good when it was replaced.
    const old = await fetch(`${server.base}/connectors/Test_People?take=1`, {
      headers: { authorization: `Bearer ${firstToken}` },
    });
    expect(old.status).toBe(200);
    offset += 60_000;
    const expired = await fetch(`${server.base}/connectors/Test_People?take=1`, {
      headers: { authorization: `Bearer ${firstToken}` },
    });
    expect(expired.status).toBe(401);
  });

  it('a revoked token: each call retried once after one renewal for all of them', async ({ skip }) => {
    if (!server) return skip();
    const { log, fetcher } = recordingFetch();
    const oauth = oauthClient(fetcher);
    const auth = oauth.clientCredentialsAuth();
    const client = new AfasClient({ baseUrl: server.base, auth, fetch: fetcher });
    await people(client);
    await oauth.revoke(auth.tokens!.accessToken, { tokenTypeHint: 'access_token' });
    log.length = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => people(client)));
    expect(answers.every((a) => a.rows.length === 2)).toBe(true);
    expect(log.filter((l) => l.path === '/oauth/token')).toHaveLength(1);
    expect(log.filter((l) => l.status === 401)).toHaveLength(20);
    expect(log.filter((l) => l.path === '/connectors/Test_People' && l.status === 200)).toHaveLength(20);
  });

  it('typed errors: a wrong secret is invalid_client (401), by Basic and in the body; API refusals stay AfasError', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { fetcher } = recordingFetch();
    for (const clientAuthentication of ['basic', 'body'] as const) {
      const wrong = oauthClient(fetcher, { clientSecret: 'not-the-secret', clientAuthentication });
      const error = await wrong.clientCredentials().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OAuthError);
      expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
      // Through a client, the call fails with the token endpoint's error, not an AFAS one.
      const client = new AfasClient({ baseUrl: server.base, auth: wrong.clientCredentialsAuth(), fetch: fetcher });
      await expect(people(client)).rejects.toMatchObject({ name: 'OAuthError', error: 'invalid_client' });
    }
    // A token the server does not know, with nothing to renew it by: the API's 401 as AuthenticationError.
    const bogus = oauthClient(fetcher).userAuth({
      accessToken: 'x'.repeat(43),
      tokenType: 'Bearer',
      expiresAt: undefined,
    });
    const client = new AfasClient({ baseUrl: server.base, auth: bogus, fetch: fetcher });
    const error = await people(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_grant' });
    const refused = await new AfasClient({
      baseUrl: server.base,
      auth: { headers: () => ({ Authorization: `Bearer ${'y'.repeat(43)}` }) },
      fetch: fetcher,
    })
      .get('Test_People')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect((refused as AuthenticationError).headers?.get('www-authenticate')).toMatch(/Bearer .*error="invalid_token"/);
  });

  it('DPoP: a bound token, a proof per call with the nonce from the token answer, one retry for a stale nonce', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { log, fetcher } = recordingFetch();
    const dpop = await createDpopKey();
    const oauth = oauthClient(fetcher, { dpop });
    const auth = oauth.clientCredentialsAuth();
    const client = new AfasClient({ baseUrl: server.base, auth, fetch: fetcher });
    const page = await people(client);
    expect(page.rows).toHaveLength(2);
    expect(auth.tokens!.tokenType).toBe('DPoP');
    // The first token request had no nonce: refused with one, sent again; the call then used the token answer's.
    expect(log.map((l) => [l.path, l.status, l.auth])).toEqual([
      ['/oauth/token', 400, 'Basic'],
      ['/oauth/token', 200, 'Basic'],
      ['/connectors/Test_People', 200, 'DPoP'],
    ]);
    // The same token without its proof (as Bearer) is refused: it is bound to the key.
    const stolen = await fetch(`${server.base}/connectors/Test_People?take=1`, {
      headers: { authorization: `Bearer ${auth.tokens!.accessToken}` },
    });
    expect(stolen.status).toBe(401);
    // Writes, other paths and many calls at once: each proof is fresh (a replayed jti would be refused).
    const many = await Promise.all(Array.from({ length: 10 }, () => people(client)));
    expect(many.every((m) => m.rows.length === 2)).toBe(true);
    expect((await client.metainfo()).getConnectors.map((c) => c.id)).toContain('Test_People');
    // Six minutes on, the server's nonce is stale: one 401 use_dpop_nonce with a new nonce, then the call passes.
    offset += 6 * 60_000;
    log.length = 0;
    await people(client);
    expect(log.map((l) => [l.path, l.status])).toEqual([
      ['/connectors/Test_People', 401],
      ['/connectors/Test_People', 200],
    ]);
  });
});
