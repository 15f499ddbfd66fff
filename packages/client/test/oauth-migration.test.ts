// A migration rehearsal, as a team would run it before AFAS ends classic tokens (PROTOCOL.md section 2): an
// integration reads through the SDK with a classic token; the environment gets AFAS's dates (expire 1 May 2027,
// stop 31 August 2027); the App Connector goes hybrid, the integration switches to OAuth through the SDK (its code
// unchanged, only the client's options), then the server's clock is moved to the dates: the classic token fails
// with a message that says what to do, the OAuth integration goes on. Real server, SQLite and PostgreSQL.

import { createOAuthClient, setAuthMode, setClassicTokenDates } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../server/test/support/databases.ts';
import { startTestServer, type TestServer } from '../../server/test/support/harness.ts';
import { insertTestRows } from '../../server/test/support/test-rows.ts';
import { AfasClient, AuthenticationError, OAuthClient } from '../src/index.ts';

/** The integration: what it does with whatever client it is given. */
async function integration(client: AfasClient): Promise<string[]> {
  const rows: string[] = [];
  for await (const row of client.rows<{ Id: number; Name: string }>('Test_People', { orderBy: ['Id'], pageSize: 2 })) {
    rows.push(row.Name);
  }
  return rows;
}

const PEOPLE = ['Anna', 'Bram', 'Carla', 'Dirk', 'Eva'];

describe.each(DATABASE_KINDS)('migration rehearsal from classic tokens to OAuth on %s', (kind) => {
  let server: TestServer | undefined;
  let offset = 0;
  const clock = () => Date.now() + offset;
  const moveTo = (iso: string) => {
    offset = Date.parse(iso) - Date.now();
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false, clock });
    if (!server) return;
    await insertTestRows(server, {
      people: PEOPLE.map((name, i) => ({ id: i + 1, name, team_id: null })),
    });
  });
  afterAll(async () => server?.close());

  it('classic today, hybrid and OAuth through the SDK, classic refused on the rehearsed dates', async ({ skip }) => {
    if (!server) return skip();
    const { db } = server.runtime;
    const classic = new AfasClient({ baseUrl: server.base, token: server.token, language: 'en-us' });
    expect(await integration(classic)).toEqual(PEOPLE);

    // The administrator sets AFAS's dates for this environment: nothing changes before them.
    await setClassicTokenDates(db, 'O12345AA', { expire: '2027-05-01', stop: '2027-08-31' });
    expect(await integration(classic)).toEqual(PEOPLE);

    // Hybrid: both kinds work, so the integration can switch without a gap.
    await setAuthMode(db, 'O12345AA', 'Tests', 'hybrid');
    const registered = await createOAuthClient(db, {
      environment: 'O12345AA',
      appConnector: 'Tests',
      name: 'Integration',
      type: 'confidential',
      userId: 'tester',
    });
    const oauth = new OAuthClient({
      baseUrl: server.base,
      clientId: registered.clientId,
      clientSecret: registered.clientSecret!,
      now: clock,
    });
    const auth = oauth.clientCredentialsAuth();
    const migrated = new AfasClient({ baseUrl: server.base, auth, language: 'en-us' });
    expect(await integration(migrated)).toEqual(PEOPLE);
    expect(await integration(classic)).toEqual(PEOPLE);

    // The day before 1 May 2027 the classic token still works; on 1 May it has expired (it was made before).
    moveTo('2027-04-30T23:59:00Z');
    expect(await integration(classic)).toEqual(PEOPLE);
    moveTo('2027-05-01T00:00:00Z');
    const expired = await integration(classic).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(AuthenticationError);
    expect((expired as AuthenticationError).status).toBe(401);
    expect((expired as AuthenticationError).externalMessage).toMatch(/expired on 2027-05-01.*OAuth 2.*2027-08-31/);
    // The OAuth integration goes on: its token was an hour old by the server's clock, so it was renewed.
    const renewalsBefore = auth.renewals;
    expect(await integration(migrated)).toEqual(PEOPLE);
    expect(auth.renewals).toBe(renewalsBefore + 1);

    // 31 August 2027: classic tokens stop altogether; OAuth is unaffected.
    moveTo('2027-08-31T00:00:00Z');
    const stopped = await integration(classic).catch((e: unknown) => e);
    expect((stopped as AuthenticationError).externalMessage).toMatch(/stopped working on 2027-08-31/);
    expect(await integration(migrated)).toEqual(PEOPLE);

    // The rehearsal ends: the dates cleared, the classic token works again (the server's clock is not moved back:
    // its settings cache, as any, assumes time goes forward).
    await setClassicTokenDates(db, 'O12345AA', { expire: null, stop: null });
    expect(await integration(classic)).toEqual(PEOPLE);
    // The last step of a migration: the App Connector takes OAuth only, and says so to a classic token.
    await setAuthMode(db, 'O12345AA', 'Tests', 'oauth');
    const refused = await integration(classic).catch((e: unknown) => e);
    expect((refused as AuthenticationError).externalMessage).toMatch(/accepts OAuth 2 only.*Bearer/);
    expect(await integration(migrated)).toEqual(PEOPLE);
  });
});
