// Auth and environments over real HTTP: every kind of bad credential gets its own 401 message, IP allowlists
// answer 403, and the Host header picks the environment. Runs on SQLite and PostgreSQL.

import { authorizationHeader, tokenXml } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAppConnector,
  findAppConnector,
  linkConnectors,
  listAppConnectors,
  updateAppConnector,
} from '../src/admin/app-connectors.ts';
import { setMaintenance } from '../src/admin/environments.ts';
import { createToken, revokeTokens } from '../src/admin/tokens.ts';
import { buildApp } from '../src/app.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { rawGet, startTestServer, type TestServer } from './support/harness.ts';

describe.each(DATABASE_KINDS)('auth and environments on %s', (kind) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => server?.close());

  const get = (headers: Record<string, string>, path = '/connectors/Test_People?take=1') =>
    fetch(`${server!.base}${path}`, { headers: { 'accept-language': 'en-us', ...headers } });

  async function expect401(response: Response, message: string) {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('AfasToken');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await response.json();
    expect(body.externalMessage).toContain(message);
    expect(body.profitLogReference).toMatch(/^[0-9A-F]{32}$/);
  }

  it('separates missing, wrong-scheme, non-base64, malformed and unknown tokens', async ({ skip }) => {
    if (!server) return skip();
    await expect401(await get({}), 'No Authorization header');
    await expect401(await get({ authorization: 'Basic dXNlcjpwYXNz' }), 'AfasToken scheme');
    await expect401(await get({ authorization: `AfasToken ${server.token}` }), 'not base64-encoded');
    await expect401(await get({ authorization: 'AfasToken !!!' }), 'not base64-encoded');
    await expect401(await get({ authorization: `AfasToken ${btoa('<token>nope</token>')}` }), 'is not of the form');
    await expect401(await get({ authorization: authorizationHeader(tokenXml('A'.repeat(64))) }), 'not known');
  });

  it('never echoes the token in an error answer', async ({ skip }) => {
    if (!server) return skip();
    const bad = tokenXml('B'.repeat(64));
    const response = await get({ authorization: authorizationHeader(bad) });
    const text = await response.text();
    expect(text).not.toContain('BBBB');
    expect(Buffer.from(response.headers.get('x-profit-error')!, 'base64').toString()).not.toContain('BBBB');
  });

  it('accepts the token in any hex case, and rejects it once revoked or expired', async ({ skip }) => {
    if (!server) return skip();
    const { db } = server.runtime;
    const appConnector = await findAppConnector(db, 'O12345AA', 'Tests');
    const created = await createToken(db, appConnector, { userId: 'temp' });
    const lower = created.xml.replace(/<data>(\w+)<\/data>/, (_m, d: string) => `<data>${d.toLowerCase()}</data>`);
    expect((await get({ authorization: authorizationHeader(lower) })).status).toBe(200);
    await revokeTokens(db, appConnector, { id: created.id });
    await expect401(await get({ authorization: authorizationHeader(created.xml) }), 'revoked');
    const expired = await createToken(db, appConnector, { userId: 'temp', expiresAt: new Date(Date.now() - 1000) });
    await expect401(await get({ authorization: authorizationHeader(expired.xml) }), 'expired');
  });

  it('answers 403 outside the IP allowlist and 200 inside it', async ({ skip }) => {
    if (!server) return skip();
    const { db, registry } = server.runtime;
    const make = async (name: string, ips: string[]) => {
      const app = await linkConnectors(
        db,
        registry,
        await createAppConnector(db, { environment: 'O12345AA', name, ipAllowlist: ips }),
        'get',
        ['Test_People'],
      );
      return authorizationHeader((await createToken(db, app, { userId: 'ip' })).xml);
    };
    const outside = await make('Outside', ['10.1.2.0/24', '2001:db8::/32']);
    const response = await get({ authorization: outside });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('AfasToken');
    expect((await response.json()).externalMessage).toBe(
      'The App Connector does not allow calls from IP address 127.0.0.1.',
    );
    expect((await get({ authorization: await make('Inside', ['127.0.0.0/8']) })).status).toBe(200);
  });

  it('refuses to store an IP allowlist entry that auth could not read (the CLI and the console alike)', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { db } = server.runtime;
    const refused = /'10\.0\.0\.0\/99' is neither an IPv4 or IPv6 address nor a CIDR range/;
    await expect(
      createAppConnector(db, { environment: 'O12345AA', name: 'Bad range', ipAllowlist: ['10.0.0.0/99'] }),
    ).rejects.toThrow(refused);
    expect((await listAppConnectors(db, 'O12345AA')).map((a) => a.name)).not.toContain('Bad range');
    const open = await createAppConnector(db, { environment: 'O12345AA', name: 'Open', ipAllowlist: null });
    await expect(updateAppConnector(db, open, { ipAllowlist: ['127.0.0.1', '10.0.0.0/99'] })).rejects.toThrow(refused);
    expect((await findAppConnector(db, 'O12345AA', 'Open')).ipAllowlist).toBeNull();
  });

  it('picks the environment from the Host header, else the default, and keeps tokens to their environment', async ({
    skip,
  }) => {
    if (!server) return skip();
    const port = new URL(server.base).port;
    const url = (path: string) => `http://127.0.0.1:${port}/ProfitRestServices${path}`;
    const version = await rawGet(url('/ProfitVersion'), { host: `localhost:${port}` });
    expect(JSON.parse(version.body).version).toMatch(/^\d+\.\d+\.\d+$/);
    // The test environment has its own App Connectors: the production token is unknown there.
    const onTest = await rawGet(url('/connectors/Test_People'), {
      host: '12345.resttest.afas.online',
      authorization: server.auth,
      'accept-language': 'en-us',
    });
    expect(onTest.status).toBe(401);
    expect(JSON.parse(onTest.body).externalMessage).toBe('The token is not known in this environment.');
    const onProduction = await rawGet(url('/connectors/Test_People?take=1'), {
      host: '12345.rest.example.com',
      authorization: server.auth,
    });
    expect(onProduction.status).toBe(200);
    const unknown = await rawGet(url('/connectors/Test_People'), {
      host: '99999.restaccept.afas.online',
      authorization: server.auth,
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).externalMessage).toContain('99999.restaccept.afas.online');
  });

  it('speaks Dutch or English after Accept-Language, the environment language by default', async ({ skip }) => {
    if (!server) return skip();
    const message = async (language?: string) => {
      const headers: Record<string, string> = { authorization: server!.auth };
      if (language) headers['accept-language'] = language;
      return (await (await fetch(`${server!.base}/connectors/Nope`, { headers })).json()).externalMessage;
    };
    expect(await message('nl-nl')).toBe(
      'GetConnector wordt niet ondersteund voor deze app of de gebruiker is niet geautoriseerd',
    );
    expect(await message('en-us')).toBe('GetConnector not supported for this app or the user is not authorized');
    expect(await message('de-de')).toBe('GetConnector not supported for this app or the user is not authorized');
    expect(await message()).toBe(
      'GetConnector wordt niet ondersteund voor deze app of de gebruiker is niet geautoriseerd',
    );
  });

  it('answers unknown paths with the error body and 404, and records failures in the error log', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.call('/nothing/here');
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
    const logged = await server.runtime.db.kysely
      .withSchema(server.runtime.db.systemSchema)
      .selectFrom('error_log')
      .selectAll()
      .where('reference', '=', body.profitLogReference)
      .executeTakeFirst();
    expect(logged?.status).toBe(404);
    expect(logged?.trace_id).toBe(response.headers.get('x-trace-identifier'));
  });
});

describe.each(DATABASE_KINDS)('maintenance on %s', (kind) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => server?.close());

  it('answers every call with 503 and retry_after while the environment is in maintenance', async ({ skip }) => {
    if (!server) return skip();
    await setMaintenance(server.runtime.db, 'O12345AA', { message: 'Profit wordt bijgewerkt', retryAfter: 7200 });
    const response = await server.call('/connectors/Test_People');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7200');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(
      '{"error":{"code":"503","message":"The service is unavailable: Profit wordt bijgewerkt"},"retry_after":7200}',
    );
    await setMaintenance(server.runtime.db, 'O12345AA', undefined);
    expect((await server.call('/connectors/Test_People?take=1')).status).toBe(200);
    await expect(setMaintenance(server.runtime.db, 'O99999AA', undefined)).rejects.toThrow(
      'environment O99999AA does not exist',
    );
  });
});

describe.each(DATABASE_KINDS)('cached App Connectors on %s', (kind) => {
  let server: TestServer | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  // The caches' clock, moved by the test: the cache time passes without waiting for it.
  let now = 1_000_000;
  beforeAll(async () => {
    server = await startTestServer(kind);
    // A second app on the same database that keeps App Connectors (and environments) for 1.5 s.
    if (server)
      app = await buildApp({
        db: server.runtime.db,
        registry: server.runtime.registry,
        environmentRefreshMs: 1500,
        clock: () => now,
      });
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('still rejects a revoked token at its next call, and sees a new link only after the cache time', async ({
    skip,
  }) => {
    if (!server || !app) return skip();
    const { db, registry } = server.runtime;
    const appConnector = await findAppConnector(db, 'O12345AA', 'Tests');
    const created = await createToken(db, appConnector, { userId: 'cached' });
    const call = (path: string) =>
      app!.inject({ url: `/ProfitRestServices${path}`, headers: { authorization: authorizationHeader(created.xml) } });
    expect((await call('/connectors/Test_People?take=1')).statusCode).toBe(200);
    expect((await call('/connectors/Test_Unlinked?take=1')).statusCode).toBe(500);
    await linkConnectors(db, registry, appConnector, 'get', ['Test_Unlinked']);
    // The App Connector was read a moment ago: the link shows after the cache time, as environments do.
    expect((await call('/connectors/Test_Unlinked?take=1')).statusCode).toBe(500);
    now += 1499;
    expect((await call('/connectors/Test_Unlinked?take=1')).statusCode).toBe(500);
    now += 2;
    expect((await call('/connectors/Test_Unlinked?take=1')).statusCode).toBe(200);
    await revokeTokens(db, appConnector, { id: created.id });
    expect((await call('/connectors/Test_People?take=1')).statusCode).toBe(401);
  });
});
