// The console's sign-in over real HTTP on SQLite and PostgreSQL: the printed password signs in, a wrong one does
// not and is throttled, the session cookie's flags, CSRF and Origin refusals, sign-out, and local-only access
// (a real non-loopback connection, and X-Forwarded-For only with trustProxy).

import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePassword, setConsolePassword } from '../src/console/console-password.ts';
import { ConsoleClient } from './support/console.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

/** An address of this machine that is not loopback, if it has one. */
function outsideAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  return undefined;
}

describe.each(DATABASE_KINDS)('console sign-in on %s', (kind) => {
  let server: TestServer | undefined;
  let origin: string;
  beforeAll(async () => {
    server = await startTestServer(kind, { secondEnvironment: false, console: {} });
    if (server) origin = server.base.replace(/\/ProfitRestServices$/, '');
  });
  afterAll(async () => server?.close());

  it('keeps the printed password across calls and signs in with it; the cookie is HttpOnly, SameSite=Strict, /console', async ({
    skip,
  }) => {
    if (!server) return skip();
    const first = await consolePassword(server.runtime.db);
    expect(first.password).toMatch(/^[\w-]{22}$/);
    expect(await consolePassword(server.runtime.db)).toEqual({ password: first.password, state: 'kept' });

    const client = new ConsoleClient(origin);
    expect((await client.get('/session')).status).toBe(401);
    const signIn = await client.call('POST', '/session', { password: first.password });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^appconnector_console=[\w-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/console');
    expect(signIn.body.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(signIn.headers.get('cache-control')).toBe('no-store');
    // Only a hash of the session id is stored.
    const stored = await server.runtime.db.kysely
      .withSchema(server.runtime.db.systemSchema)
      .selectFrom('console_sessions')
      .selectAll()
      .execute();
    const id = client.cookie.split('=')[1]!;
    expect(stored.some((row) => JSON.stringify(row).includes(id))).toBe(false);

    const state = await client.get('/session');
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ signedIn: true, csrfToken: signIn.body.csrfToken });
    expect((await client.get('/environments')).status).toBe(200);
  });

  it("refuses state-changing calls without the CSRF token, with another session's, or from another origin", async ({
    skip,
  }) => {
    if (!server) return skip();
    const a = await signedIn(server, origin);
    const b = await signedIn(server, origin);
    const body = { name: 'T23456AA' };
    const noToken = await a.call('POST', '/environments', body, { 'x-console-csrf': '' });
    expect([noToken.status, noToken.body.error.code]).toEqual([403, 'csrf']);
    const otherToken = await a.call('POST', '/environments', body, { 'x-console-csrf': b.csrf });
    expect([otherToken.status, otherToken.body.error.code]).toEqual([403, 'csrf']);
    const foreign = await a.call('POST', '/environments', body, { origin: 'http://localhost:3000' });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'origin']);
    const crossSite = await a.call('POST', '/environments', body, { 'sec-fetch-site': 'same-site' });
    expect([crossSite.status, crossSite.body.error.code]).toEqual([403, 'origin']);
    // Nothing of it was done; the same call done right is.
    expect((await a.get('/environments')).body.environments.map((e: { name: string }) => e.name)).toEqual(['O12345AA']);
    const right = await a.call('POST', '/environments', body, { origin });
    expect(right.status).toBe(201);
  });

  it('signs out: the session ends and the cookie is cleared', async ({ skip }) => {
    if (!server) return skip();
    const client = await signedIn(server, origin);
    const cookie = client.cookie;
    const out = await client.delete('/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    client.cookie = cookie;
    expect((await client.get('/environments')).status).toBe(401);
  });

  it('a password set by an administrator is kept as a hash only and ends every session', async ({ skip }) => {
    if (!server) return skip();
    const client = await signedIn(server, origin);
    await setConsolePassword(server.runtime.db, 'correct horse battery staple');
    expect(await consolePassword(server.runtime.db)).toEqual({ state: 'set' });
    const rows = await server.runtime.db.kysely
      .withSchema(server.runtime.db.systemSchema)
      .selectFrom('console_credentials')
      .selectAll()
      .execute();
    expect(JSON.stringify(rows)).not.toContain('correct horse');
    expect((await client.get('/environments')).status).toBe(401);
    const again = new ConsoleClient(origin);
    expect((await again.call('POST', '/session', { password: 'correct horse battery staple' })).status).toBe(200);
  });
  it('refuses a wrong password with 401, and after five from one address answers 429 with Retry-After', async ({
    skip,
  }) => {
    if (!server) return skip();
    // The administrator's password of the test before (the throttle is the last thing this server sees).
    const password = 'correct horse battery staple';
    const client = new ConsoleClient(origin);
    // A proxy-less server takes the address of the connection: these all come from 127.0.0.1.
    for (let i = 0; i < 5; i++) {
      const wrong = await client.call('POST', '/session', { password: 'not the password' });
      expect([wrong.status, wrong.body.error.code, wrong.body.error.field]).toEqual([401, 'wrongPassword', 'password']);
      expect(wrong.headers.get('set-cookie')).toBeNull();
    }
    const blocked = await client.call('POST', '/session', { password });
    expect([blocked.status, blocked.body.error.code]).toEqual([429, 'tooManyAttempts']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
  });
});

/** A new session with the printed password. */
async function signedIn(server: TestServer, origin: string): Promise<ConsoleClient> {
  const client = new ConsoleClient(origin);
  const { password } = await consolePassword(server.runtime.db);
  if (!password) throw new Error('no printable password');
  const answer = await client.call('POST', '/session', { password });
  if (answer.status !== 200) throw new Error(`sign-in: ${answer.status}`);
  return client;
}

describe.each(DATABASE_KINDS)('console session expiry on %s', (kind) => {
  it('ends a session 12 hours after sign-in', async ({ skip }) => {
    let now = Date.parse('2027-05-01T08:00:00Z');
    const server = await startTestServer(kind, { secondEnvironment: false, console: {}, clock: () => now });
    if (!server) return skip();
    try {
      const client = await ConsoleClient.signedIn(server);
      const state = await client.get('/session');
      expect(state.body.expiresAt).toBe('2027-05-01T20:00:00.000Z');
      now += 12 * 3600_000 - 1000;
      expect((await client.get('/environments')).status).toBe(200);
      now += 2000;
      const expired = await client.get('/environments');
      expect([expired.status, expired.body.error.code]).toEqual([401, 'signInRequired']);
    } finally {
      await server.close();
    }
  });
});

describe.each(DATABASE_KINDS)('console local-only on %s', (kind) => {
  it('refuses a client on another address with 403, pages and API alike; consoleRemote lets it in', async ({
    skip,
  }) => {
    const address = outsideAddress();
    if (!address) return skip();
    for (const remote of [false, true]) {
      const server = await startTestServer(kind, { secondEnvironment: false, host: '0.0.0.0', console: { remote } });
      if (!server) return skip();
      try {
        const port = new URL(server.base).port;
        const api = await fetch(`http://${address}:${port}/console/api/session`);
        const page = await fetch(`http://${address}:${port}/console`);
        if (remote) {
          expect([api.status, page.status]).toEqual([401, 200]);
        } else {
          expect([api.status, page.status]).toEqual([403, 403]);
          expect((await api.json()).error.code).toBe('consoleLocalOnly');
        }
        // This machine's loopback is always let in.
        expect((await fetch(`http://127.0.0.1:${port}/console/api/session`)).status).toBe(401);
      } finally {
        await server.close();
      }
    }
  });

  it('takes X-Forwarded-For as the client only with trustProxy', async ({ skip }) => {
    for (const trustProxy of [false, true]) {
      const server = await startTestServer(kind, { secondEnvironment: false, trustProxy, console: {} });
      if (!server) return skip();
      try {
        const origin = server.base.replace(/\/ProfitRestServices$/, '');
        const answer = await fetch(`${origin}/console/api/session`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
        expect(answer.status).toBe(trustProxy ? 403 : 401);
        // Behind a TLS-terminating proxy the cookie is Secure; a proxy-less plain HTTP server cannot set it.
        const { password } = await consolePassword(server.runtime.db);
        const signIn = await fetch(`${origin}/console/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
          body: JSON.stringify({ password }),
        });
        expect(signIn.status).toBe(200);
        expect(signIn.headers.get('set-cookie')!.endsWith('; Secure')).toBe(trustProxy);
      } finally {
        await server.close();
      }
    }
  });
});
