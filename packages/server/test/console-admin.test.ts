// The console's Administer calls over real HTTP on SQLite and PostgreSQL, each checked by its effect on the App
// Connector API: environments (language, version, maintenance), App Connectors (links, IP allowlist, auth mode,
// OAuth clients), tokens (shown once, expiry, revoke), OTP (credentials, outbox) and custom fields.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from './support/console.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

describe.each(DATABASE_KINDS)('console administer on %s', (kind) => {
  let server: TestServer | undefined;
  let web: ConsoleClient;
  let origin: string;
  beforeAll(async () => {
    server = await startTestServer(kind, { secondEnvironment: false, console: {} });
    if (!server) return;
    web = await ConsoleClient.signedIn(server);
    origin = web.origin;
  });
  afterAll(async () => server?.close());

  const api = (env: string, path: string, headers: Record<string, string>) =>
    fetch(`${origin}/${env}/ProfitRestServices${path}`, { headers });

  it('creates an environment and changes its language, version and maintenance', async ({ skip }) => {
    if (!server) return skip();
    const created = await web.post('/environments', { name: 't23456aa', language: 'en' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'T23456AA',
      type: 'test',
      participant: '23456',
      language: 'en',
      profitVersion: '8.0.0',
      isDefault: false,
      definitions: 'server',
      maintenance: null,
    });
    expect((await web.post('/environments', { name: 'T23456AA' })).status).toBe(409);
    expect((await web.post('/environments', { name: 'nonsense' })).body.error.code).toBe('invalid');
    const changed = await web.patch('/environments/T23456AA', { language: 'nl', profitVersion: '9.1.0' });
    expect(changed.body).toMatchObject({ language: 'nl', profitVersion: '9.1.0' });
    expect(await (await api('T23456AA', '/ProfitVersion', {})).json()).toEqual({ version: '9.1.0' });
    expect((await web.patch('/environments/T23456AA', { profitVersion: 'nine' })).status).toBe(400);

    const down = await web.put('/environments/O12345AA/maintenance', { message: 'Upgrade', retryAfter: 600 });
    expect(down.body.maintenance).toEqual({ message: 'Upgrade', retryAfter: 600 });
    const refused = await server.call('/connectors/Test_People');
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '600']);
    // The console goes on working while the environment is down.
    expect((await web.get('/environments')).status).toBe(200);
    expect((await web.delete('/environments/O12345AA/maintenance')).body.maintenance).toBeNull();
    expect((await server.call('/connectors/Test_People')).status).toBe(200);
    const unknown = await web.get('/environments/X00000XX/connectors');
    expect([unknown.status, unknown.body.error]).toEqual([
      404,
      { code: 'notFound', message: 'environment X00000XX does not exist' },
    ]);
  });

  it('creates an App Connector, links and unlinks connectors, sets its IP allowlist and auth mode', async ({
    skip,
  }) => {
    if (!server) return skip();
    const connectors = await web.get('/environments/O12345AA/connectors');
    expect(connectors.body.getConnectors.map((c: { id: string }) => c.id)).toContain('Test_Unlinked');
    const bad = await web.post('/environments/O12345AA/app-connectors', { name: 'Shop', ipAllowlist: ['10.0.0.0/99'] });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'ipAllowlist']);
    const created = await web.post('/environments/O12345AA/app-connectors', {
      name: 'Shop',
      description: 'web shop',
      ipAllowlist: ['10.1.2.3'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Shop', ipAllowlist: ['10.1.2.3'], authMode: 'classic', otp: false });
    const linked = await web.post('/environments/O12345AA/app-connectors/Shop/link', {
      get: ['Test_People', 'Test_Active'],
    });
    expect(linked.body.getConnectors).toEqual(['Test_Active', 'Test_People']);
    const unknown = await web.post('/environments/O12345AA/app-connectors/Shop/link', { get: ['Test_Peopel'] });
    expect([unknown.status, unknown.body.error.message]).toEqual([404, expect.stringContaining('Test_People')]);

    const token = await web.post('/environments/O12345AA/app-connectors/Shop/tokens', { userId: 'shop' });
    const headers = { authorization: token.body.authorization };
    // 127.0.0.1 is not on the allowlist.
    expect((await api('O12345AA', '/connectors/Test_People', headers)).status).toBe(403);
    const open = await web.patch('/environments/O12345AA/app-connectors/Shop', {
      ipAllowlist: null,
      authMode: 'hybrid',
    });
    expect(open.body).toMatchObject({ ipAllowlist: null, authMode: 'hybrid' });
    // The App Connector cache keeps entries 5 s by default; the harness sets 0, so the change shows at once.
    expect((await api('O12345AA', '/connectors/Test_People', headers)).status).toBe(200);
    const unlinked = await web.post('/environments/O12345AA/app-connectors/Shop/unlink', { get: ['Test_People'] });
    expect(unlinked.body.getConnectors).toEqual(['Test_Active']);
    expect((await api('O12345AA', '/connectors/Test_People', headers)).status).not.toBe(200);
    const list = await web.get('/environments/O12345AA/app-connectors');
    expect(list.body.appConnectors.map((a: { name: string }) => a.name)).toEqual(['Shop', 'Tests']);
  });

  it('creates OAuth clients whose secret is in the creating answer only', async ({ skip }) => {
    if (!server) return skip();
    const created = await web.post('/environments/O12345AA/app-connectors/Tests/oauth-clients', {
      name: 'Backend',
      type: 'confidential',
      userId: 'tester',
    });
    expect(created.status).toBe(201);
    expect(created.body.clientSecret).toMatch(/^[\w-]{43}$/);
    const secret = created.body.clientSecret as string;
    const listed = await web.get('/environments/O12345AA/app-connectors/Tests/oauth-clients');
    expect(listed.body.clients).toEqual([
      expect.objectContaining({ name: 'Backend', type: 'confidential', userId: 'tester' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // A classic App Connector takes no OAuth; hybrid does.
    await web.patch('/environments/O12345AA/app-connectors/Tests', { authMode: 'hybrid' });
    const token = await fetch(`${origin}/O12345AA/ProfitRestServices/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${created.body.client.clientId}:${secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    const id = created.body.client.clientId as string;
    expect((await web.delete(`/environments/O12345AA/oauth-clients/${id}`)).status).toBe(204);
    expect((await web.delete(`/environments/O12345AA/oauth-clients/${id}`)).status).toBe(404);
  });

  it('creates a token shown once, lists tokens without it, sets its expiry and revokes it', async ({ skip }) => {
    if (!server) return skip();
    const created = await web.post('/environments/O12345AA/app-connectors/Tests/tokens', {
      userId: 'jan',
      description: 'for the test',
    });
    expect(created.status).toBe(201);
    expect(created.body.xml).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>$/);
    const headers = { authorization: created.body.authorization };
    expect((await api('O12345AA', '/connectors/Test_People', headers)).status).toBe(200);
    const data = /<data>(\w+)</.exec(created.body.xml)![1]!;
    const listed = await web.get('/environments/O12345AA/app-connectors/Tests/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(data);
    const id = created.body.token.id as number;
    expect(listed.body.tokens).toContainEqual(expect.objectContaining({ id, userId: 'jan', revokedAt: null }));

    expect(
      (
        await web.patch(`/environments/O12345AA/app-connectors/Tests/tokens/${id}`, {
          expiresAt: '2001-01-01T00:00:00Z',
        })
      ).body.error.field,
    ).toBe('expiresAt');
    const expiry = await web.patch(`/environments/O12345AA/app-connectors/Tests/tokens/${id}`, {
      expiresAt: '2099-01-01T00:00:00Z',
    });
    expect(expiry.body.expiresAt).toBe('2099-01-01T00:00:00.000Z');
    const revoked = await web.post(`/environments/O12345AA/app-connectors/Tests/tokens/${id}/revoke`);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await api('O12345AA', '/connectors/Test_People', headers)).status).toBe(401);
    expect((await web.post('/environments/O12345AA/app-connectors/Tests/tokens/99999/revoke')).status).toBe(404);
  });

  it('gives OTP credentials once and shows the codes the outbox holds', async ({ skip }) => {
    if (!server) return skip();
    const credentials = await web.post('/environments/O12345AA/app-connectors/Tests/otp');
    expect(credentials.status).toBe(201);
    expect(credentials.body).toEqual({
      apiKey: expect.stringMatching(/^[0-9A-F]{32}$/),
      apiToken: expect.stringMatching(/^[0-9A-F]{64}$/),
    });
    const request = await fetch(`${origin}/O12345AA/ProfitRestServices/OtpRequest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: credentials.body.apiKey, apiToken: credentials.body.apiToken, userId: 'piet' }),
    });
    expect(request.status).toBe(200);
    const outbox = await web.get('/environments/O12345AA/otp-outbox?user=piet');
    expect(outbox.body.mails).toEqual([
      { userId: 'piet', code: expect.stringMatching(/^\d{6}$/), sentAt: expect.any(String) },
    ]);
    const list = await web.get('/environments/O12345AA/app-connectors');
    expect(list.body.appConnectors.find((a: { name: string }) => a.name === 'Tests').otp).toBe(true);
  });

  it("adds a custom field to the environment's own definitions; GetConnectors serve it at once", async ({ skip }) => {
    if (!server) return skip();
    const bad = await web.post('/environments/O12345AA/custom-fields', {
      object: 'people',
      label: 'Shoe size',
      type: 'size',
    });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'type']);
    const added = await web.post('/environments/O12345AA/custom-fields', {
      object: 'people',
      label: 'Shoe size',
      labelNl: 'Schoenmaat',
      type: 'int',
      get: ['Test_People'],
    });
    expect(added.status).toBe(201);
    expect(added.body.fieldId).toMatch(/^U[0-9a-fA-F]{32}$/);
    expect(added.body.getConnectors).toEqual(['Test_People']);
    const listed = await web.get('/environments/O12345AA/custom-fields');
    expect(listed.body.fields).toEqual([
      expect.objectContaining({
        fieldId: added.body.fieldId,
        table: 'people',
        type: 'int',
        getConnectors: ['Test_People'],
      }),
    ]);
    const environments = await web.get('/environments');
    expect(environments.body.environments.find((e: { name: string }) => e.name === 'O12345AA').definitions).toBe('own');
    const meta = await server.call('/metainfo/get/Test_People');
    expect(JSON.stringify(await meta.json())).toContain(added.body.fieldId);
  });
});
