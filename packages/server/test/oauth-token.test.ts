// The token endpoint over real HTTP on SQLite and PostgreSQL: client_credentials with the secret in the body or
// by HTTP Basic, every RFC 6749 5.2 refusal (wrong secret, JSON body, GET, unknown grant, classic-only App
// Connector), and Bearer calls that get exactly the rights a classic token of the same user gets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAuthMode } from '../src/oauth/auth-settings.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { basic, createBackendClient, FOUR_PEOPLE, postForm } from './support/oauth.ts';
import { insertTestRows } from './support/test-rows.ts';

describe.each(DATABASE_KINDS)('OAuth token endpoint on %s', (kind) => {
  let server: TestServer | undefined;
  let clientId: string;
  let clientSecret: string;
  let tokenUrl: string;
  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'] });
    if (!server) return;
    await insertTestRows(server, FOUR_PEOPLE);
    ({ clientId, clientSecret } = await createBackendClient(server));
    tokenUrl = `${server.base}/oauth/token`;
  });
  afterAll(async () => server?.close());

  const grant = (extra: Record<string, string> = {}) => ({ grant_type: 'client_credentials', ...extra });

  it('refuses every grant while the App Connector is classic, and answers no-store', async ({ skip }) => {
    if (!server) return skip();
    const answer = await postForm(tokenUrl, grant({ client_id: clientId, client_secret: clientSecret }));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await answer.json()).error).toBe('unauthorized_client');
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'hybrid');
  });

  it('issues a Bearer token for client_credentials with the secret in the body or by Basic', async ({ skip }) => {
    if (!server) return skip();
    for (const answer of [
      await postForm(tokenUrl, grant({ client_id: clientId, client_secret: clientSecret })),
      await postForm(tokenUrl, grant(), { authorization: basic(clientId, clientSecret) }),
    ]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await answer.json();
      expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in']);
      expect(body.token_type).toBe('Bearer');
      expect(body.expires_in).toBe(3600);
      expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('gives a Bearer call the rights of a classic token of the same user and App Connector', async ({ skip }) => {
    if (!server) return skip();
    const { access_token } = await (
      await postForm(tokenUrl, grant({ client_id: clientId, client_secret: clientSecret }))
    ).json();
    const bearer = { authorization: `Bearer ${access_token}` };
    // The statuses as well: two answers that were both wrong the same way would otherwise compare equal.
    for (const [path, status] of [
      ['/connectors/Test_People?take=3&orderbyfieldids=Id', 200],
      ['/metainfo', 200],
      ['/connectors/Test_Unlinked', 500],
    ] as const) {
      const classic = await server.call(path);
      const oauth = await server.call(path, { headers: bearer });
      expect([classic.status, oauth.status], path).toEqual([status, status]);
      const [classicBody, oauthBody] = [await classic.json(), await oauth.json()];
      if (path === '/metainfo') {
        // The one difference: metainfo tells the token's own expiry (an hour ahead; the classic one has none).
        expect(Date.parse(oauthBody.info.tokenExpiry) - Date.now()).toBeGreaterThan(3500_000);
        oauthBody.info.tokenExpiry = classicBody.info.tokenExpiry;
      }
      if (path.startsWith('/connectors/Test_People')) expect(oauthBody.rows).toHaveLength(3);
      if (classic.status === 200) expect(oauthBody).toEqual(classicBody);
      else expect(oauthBody.externalMessage).toBe(classicBody.externalMessage);
    }
  });

  it('refuses a wrong client secret with 401 invalid_client, with a Basic challenge only after Basic', async ({
    skip,
  }) => {
    if (!server) return skip();
    const inBody = await postForm(tokenUrl, grant({ client_id: clientId, client_secret: `${clientSecret}x` }));
    expect(inBody.status).toBe(401);
    expect(inBody.headers.get('www-authenticate')).toBeNull();
    expect(await inBody.json()).toMatchObject({ error: 'invalid_client' });
    const byBasic = await postForm(tokenUrl, grant(), { authorization: basic(clientId, 'wrong') });
    expect(byBasic.status).toBe(401);
    expect(byBasic.headers.get('www-authenticate')).toMatch(/^Basic realm="ProfitRestServices"/);
    expect(await byBasic.json()).toMatchObject({ error: 'invalid_client' });
    const unknown = await postForm(tokenUrl, grant({ client_id: 'nobody', client_secret: clientSecret }));
    expect([unknown.status, (await unknown.json()).error]).toEqual([401, 'invalid_client']);
  });

  it('refuses a JSON body, a GET, a missing or unknown grant type and a duplicate parameter', async ({ skip }) => {
    if (!server) return skip();
    const json = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(grant({ client_id: clientId, client_secret: clientSecret })),
    });
    expect([json.status, (await json.json()).error]).toEqual([400, 'invalid_request']);
    const get = await fetch(`${tokenUrl}?grant_type=client_credentials&client_id=${clientId}`);
    expect([get.status, (await get.json()).error]).toEqual([400, 'invalid_request']);
    const missing = await postForm(tokenUrl, { client_id: clientId, client_secret: clientSecret });
    expect([missing.status, (await missing.json()).error]).toEqual([400, 'invalid_request']);
    const unknown = await postForm(tokenUrl, {
      grant_type: 'password',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect([unknown.status, (await unknown.json()).error]).toEqual([400, 'unsupported_grant_type']);
    const twice = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}&client_id=${clientId}`,
    });
    expect([twice.status, (await twice.json()).error]).toEqual([400, 'invalid_request']);
  });

  it('answers a rejected Bearer token 401 with WWW-Authenticate invalid_token and the AFAS error body', async ({
    skip,
  }) => {
    if (!server) return skip();
    const answer = await server.call('/connectors/Test_People', { headers: { authorization: 'Bearer not-a-token' } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="ProfitRestServices", error="invalid_token"/);
    const body = await answer.json();
    expect(Object.keys(body)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
    expect(body.externalMessage).toMatch(/access token is not valid/);
  });

  it('lets a browser app of this machine ask for tokens with a DPoP proof (CORS preflight)', async ({ skip }) => {
    if (!server) return skip();
    const preflight = await fetch(tokenUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'dpop',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/dpop/i);
    const answer = await postForm(tokenUrl, grant({ client_id: clientId, client_secret: clientSecret }), {
      origin: 'http://localhost:5173',
    });
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate.*DPoP-Nonce/);
  });

  it('keeps environments apart: a client and its tokens are unknown in another environment', async ({ skip }) => {
    if (!server) return skip();
    const other = server.base.replace('/ProfitRestServices', '/T12345AA/ProfitRestServices');
    const elsewhere = await postForm(
      `${other}/oauth/token`,
      grant({ client_id: clientId, client_secret: clientSecret }),
    );
    expect([elsewhere.status, (await elsewhere.json()).error]).toEqual([401, 'invalid_client']);
    const { access_token } = await (
      await postForm(tokenUrl, grant({ client_id: clientId, client_secret: clientSecret }))
    ).json();
    const read = await fetch(`${other}/connectors/Test_People?take=1`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(read.status).toBe(401);
    expect(read.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('revokes an access token (RFC 7009): the next call is refused', async ({ skip }) => {
    if (!server) return skip();
    const { access_token } = await (
      await postForm(tokenUrl, grant({ client_id: clientId, client_secret: clientSecret }))
    ).json();
    const bearer = { authorization: `Bearer ${access_token}` };
    expect((await server.call('/connectors/Test_People?take=1', { headers: bearer })).status).toBe(200);
    const revoked = await postForm(
      `${server.base}/oauth/revoke`,
      { token: access_token },
      {
        authorization: basic(clientId, clientSecret),
      },
    );
    expect(revoked.status).toBe(200);
    const after = await server.call('/connectors/Test_People?take=1', { headers: bearer });
    expect(after.status).toBe(401);
    expect((await after.json()).externalMessage).toMatch(/revoked/);
  });
});
