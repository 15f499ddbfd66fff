// Classic tokens beside OAuth 2 over real HTTP on SQLite and PostgreSQL: an oauth-only App Connector refuses them
// with a message that says to move; hybrid takes both; the environment's dates (AFAS: 1 May and 31 August 2027)
// are rehearsed on a server clock the test sets: tokens made before the expiry date stop then, all stop later.

import { authorizationHeader } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppConnector, findAppConnector } from '../src/admin/app-connectors.ts';
import { createToken } from '../src/admin/tokens.ts';
import { setAuthMode, setClassicTokenDates } from '../src/oauth/auth-settings.ts';
import { createOAuthClient } from '../src/oauth/clients.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { basic, createBackendClient, postForm } from './support/oauth.ts';

describe.each(DATABASE_KINDS)('classic tokens and OAuth on %s', (kind) => {
  let server: TestServer | undefined;
  let now = Date.parse('2027-04-30T12:00:00Z');
  let backend: { id: string; secret: string };
  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'], clock: () => now });
    if (!server) return;
    const created = await createBackendClient(server);
    backend = { id: created.clientId, secret: created.clientSecret };
  });
  afterAll(async () => server?.close());

  const people = (authorization: string) =>
    server!.call('/connectors/Test_People?take=1', { headers: { authorization } });
  const bearer = async () => {
    const answer = await postForm(
      `${server!.base}/oauth/token`,
      { grant_type: 'client_credentials' },
      { authorization: basic(backend.id, backend.secret) },
    );
    expect(answer.status).toBe(200);
    return `Bearer ${(await answer.json()).access_token}`;
  };

  it('refuses Bearer tokens on a classic App Connector, classic tokens on an oauth-only one', async ({ skip }) => {
    if (!server) return skip();
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'hybrid');
    const oauth = await bearer();
    expect((await people(server.auth)).status).toBe(200);
    expect((await people(oauth)).status).toBe(200);
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'classic');
    const classicOnly = await people(oauth);
    expect(classicOnly.status).toBe(401);
    expect((await classicOnly.json()).externalMessage).toMatch(/accepts classic tokens only/);
    expect((await people(server.auth)).status).toBe(200);
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'oauth');
    const refused = await people(server.auth);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('AfasToken realm="ProfitRestServices"');
    expect((await refused.json()).externalMessage).toBe(
      'App Connector Tests accepts OAuth 2 only: get an access token at /ProfitRestServices/oauth/token and send "Authorization: Bearer <access token>".',
    );
    expect((await people(oauth)).status).toBe(200);
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'hybrid');
  });

  it('names an App Connector of any name in a challenge a header can carry', async ({ skip }) => {
    if (!server) return skip();
    const name = 'Salarisadministratie "Één"';
    await createAppConnector(server.runtime.db, { environment: 'O12345AA', name });
    const client = await createOAuthClient(server.runtime.db, {
      environment: 'O12345AA',
      appConnector: name,
      name: 'Payroll',
      type: 'confidential',
      userId: 'jan',
    });
    await setAuthMode(server.runtime.db, 'O12345AA', name, 'hybrid');
    const issued = await postForm(
      `${server.base}/oauth/token`,
      { grant_type: 'client_credentials' },
      { authorization: basic(client.clientId, client.clientSecret!) },
    );
    const token = `Bearer ${(await issued.json()).access_token}`;
    await setAuthMode(server.runtime.db, 'O12345AA', name, 'classic');
    const refused = await people(token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      'Bearer realm="ProfitRestServices", error="invalid_token", error_description="App Connector Salarisadministratie ???n? accepts classic tokens only"',
    );
    expect((await refused.json()).externalMessage).toContain('Salarisadministratie "Één" accepts classic tokens only');
  });

  it('rehearses 1 May and 31 August 2027 on the server clock', async ({ skip }) => {
    if (!server) return skip();
    await setClassicTokenDates(server.runtime.db, 'O12345AA', { expire: '2027-05-01', stop: '2027-08-31' });
    const oauth = await bearer();
    expect((await people(server.auth)).status).toBe(200);
    now = Date.parse('2027-05-01T00:00:00Z');
    const expired = await people(server.auth);
    expect(expired.status).toBe(401);
    expect((await expired.json()).externalMessage).toBe(
      'Classic tokens made before 2027-05-01 expired on 2027-05-01: move this integration to OAuth 2 (classic tokens stop on 2027-08-31).',
    );
    // A classic token made after the expiry date still works until the stop date; OAuth goes on.
    const appConnector = await findAppConnector(server.runtime.db, 'O12345AA', 'Tests');
    const late = authorizationHeader((await createToken(server.runtime.db, appConnector, { userId: 'late' })).xml);
    // Made on 2 May 2027 as far as the rehearsal goes (tokens are stamped by the real clock).
    await server.runtime.db.kysely
      .withSchema(server.runtime.db.systemSchema)
      .updateTable('tokens')
      .set({ created_at: '2027-05-02T09:00:00.000Z' })
      .where('user_id', '=', 'late')
      .execute();
    expect((await people(late)).status).toBe(200);
    expect((await people(await bearer())).status).toBe(200);
    now = Date.parse('2027-08-30T23:59:59Z');
    expect((await people(late)).status).toBe(200);
    now = Date.parse('2027-08-31T00:00:00Z');
    const stopped = await people(late);
    expect(stopped.status).toBe(401);
    expect((await stopped.json()).externalMessage).toMatch(/^Classic tokens stopped working on 2027-08-31: move/);
    expect((await people(await bearer())).status).toBe(200);
    // The token of April expired an hour after it was made, as access tokens do.
    expect((await people(oauth)).status).toBe(401);
    await setClassicTokenDates(server.runtime.db, 'O12345AA', { expire: null, stop: null });
    expect((await people(server.auth)).status).toBe(200);
  });

  it('refuses an expiry after the stop date and a date that is not one', async ({ skip }) => {
    if (!server) return skip();
    await expect(
      setClassicTokenDates(server.runtime.db, 'O12345AA', { expire: '2027-09-01', stop: '2027-08-31' }),
    ).rejects.toThrow(/--stop must not be before --expire/);
    await expect(setClassicTokenDates(server.runtime.db, 'O12345AA', { expire: 'May first' })).rejects.toThrow(
      /must be a date/,
    );
  });
});
