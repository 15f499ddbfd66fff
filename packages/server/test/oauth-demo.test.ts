// What `serve` prints for OAuth 2 on SQLite and PostgreSQL: the demo's user, password and clients are made once,
// the same at every start, mended when an administrator changed them, and they work over real HTTP.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppConnector, linkConnectors } from '../src/admin/app-connectors.ts';
import { demoOAuth } from '../src/demo/demo-oauth.ts';
import { authModeOf, setAuthMode } from '../src/oauth/auth-settings.ts';
import { deleteOAuthClient, listOAuthClients } from '../src/oauth/clients.ts';
import { setUserPassword } from '../src/oauth/users.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { basic, pkcePair, postForm, submitAuthorizePage } from './support/oauth.ts';

describe.each(DATABASE_KINDS)('the demo OAuth credentials on %s', (kind) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false });
    if (!server) return;
    const demo = await createAppConnector(server.runtime.db, { environment: 'O12345AA', name: 'Demo' });
    await linkConnectors(server.runtime.db, server.runtime.registry, demo, 'get', ['Test_People']);
  });
  afterAll(async () => server?.close());

  it('prints the same working credentials at every start, and mends what an administrator changed', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { db } = server.runtime;
    const first = (await demoOAuth(db, 'O12345AA'))!;
    expect(first).toMatchObject({ user: 'demo', backendClientId: 'demo-backend', publicClientId: 'appconnector-cli' });
    expect(await demoOAuth(db, 'O12345AA')).toEqual(first);
    const demoId = (await listOAuthClients(db, 'O12345AA', 'Demo'))[0]!.appConnectorId;
    expect(await authModeOf(db, demoId)).toBe('hybrid');

    // An administrator's choices of mode stay; a changed password or a deleted client is made true again.
    await setAuthMode(db, 'O12345AA', 'Demo', 'oauth');
    await setUserPassword(db, 'O12345AA', 'demo', 'something else');
    await deleteOAuthClient(db, 'O12345AA', 'demo-backend');
    expect(await demoOAuth(db, 'O12345AA')).toEqual(first);
    expect(await authModeOf(db, demoId)).toBe('oauth');

    const token = await postForm(
      `${server.base}/oauth/token`,
      { grant_type: 'client_credentials' },
      { authorization: basic(first.backendClientId, first.backendClientSecret) },
    );
    expect(token.status).toBe(200);
    const read = await server.call('/connectors/Test_People?take=1', {
      headers: { authorization: `Bearer ${(await token.json()).access_token}` },
    });
    expect(read.status).toBe(200);
    // The printed password signs in on the page, for the public client at a loopback port of the app's choice.
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: first.publicClientId,
      redirect_uri: 'http://127.0.0.1:49152/callback',
      state: 'x',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    const signedIn = await submitAuthorizePage(`${server.base}/oauth/authorize?${query}`, {
      username: first.user,
      password: first.password,
      decision: 'allow',
    });
    expect(signedIn.status).toBe(303);
    expect(new URL(signedIn.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  it('makes nothing where the environment has no demo App Connector', async ({ skip }) => {
    if (!server) return skip();
    expect(await demoOAuth(server.runtime.db, 'T12345AA')).toBeUndefined();
  });
});
