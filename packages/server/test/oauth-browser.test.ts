// The authorization-code flow in a real headless Chromium (Debian's, driven by playwright-core) against the real
// server on SQLite and PostgreSQL: the page is found by its labels, the user signs in and consents, the browser is
// sent to the app's loopback redirect with code and state, the app exchanges the code (PKCE, DPoP) and reads a
// GetConnector. Also: Deny sends access_denied back, and the page's style obeys its own Content-Security-Policy.

import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAuthMode } from '../src/oauth/auth-settings.ts';
import { createOAuthClient } from '../src/oauth/clients.ts';
import { setUserPassword } from '../src/oauth/users.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { dpopKey, pkcePair, postForm } from './support/oauth.ts';
import { insertTestRows } from './support/test-rows.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** The app's loopback redirect (RFC 8252 7.3): answers a page and hands over the query it was called with. */
async function loopback(): Promise<{ url: string; next(): Promise<URLSearchParams>; close(): Promise<void> }> {
  const waiting: ((query: URLSearchParams) => void)[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>done</title><p>Signed in');
    if (url.pathname === '/callback') waiting.shift()?.(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(DATABASE_KINDS)('the authorization page in Chromium on %s', (kind) => {
  let server: TestServer | undefined;
  let clientId: string;
  beforeAll(async () => {
    if (!CHROMIUM) return;
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false });
    if (!server) return;
    await insertTestRows(server, {
      teams: [{ id: 1, title: 'Sales' }],
      people: [
        {
          id: 1,
          name: 'Anna',
          city: 'Utrecht',
          age: 40,
          salary: 4000,
          born: '1986-01-01',
          active: true,
          team_id: 1,
          modified_at: '2024-01-01T10:00:00',
        },
      ],
    });
    clientId = (
      await createOAuthClient(server.runtime.db, {
        environment: 'O12345AA',
        appConnector: 'Tests',
        name: 'Desktop app',
        type: 'public',
        redirectUris: ['http://127.0.0.1/callback'],
      })
    ).clientId;
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'oauth');
    await setUserPassword(server.runtime.db, 'O12345AA', 'anna', 'anna password');
  });
  afterAll(async () => server?.close());

  const authorizeUrl = (redirectUri: string, state: string, challenge: string) =>
    `${server!.base}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;

  it('signs in, consents, comes back with code and state, and the code buys a GetConnector read', async ({ skip }) => {
    if (!CHROMIUM) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install chromium)');
      console.warn('chromium is not installed: the browser test is skipped (apt-get install chromium)');
      return skip();
    }
    if (!server) return skip();
    const app = await loopback();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const tab = await browser.newPage({ locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en-US' } });
      const violations: string[] = [];
      tab.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      const pkce = pkcePair();
      await tab.goto(authorizeUrl(app.url, 'state-42', pkce.challenge));
      expect(await tab.title()).toBe('Sign in to allow access');
      expect(await tab.locator('html').getAttribute('lang')).toBe('en');
      await expect(tab.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to allow access');
      // The style block is allowed by its hash: the button is styled, and nothing was refused.
      const allow = tab.getByRole('button', { name: 'Sign in and allow' });
      expect(await allow.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(27, 79, 156)');
      await tab.getByLabel('User').fill('anna');
      await tab.getByLabel('Password').fill('wrong password');
      await allow.click();
      await expect(tab.getByRole('alert').textContent()).resolves.toBe('The user or the password is not right.');
      await tab.getByLabel('Password').fill('anna password');
      const back = app.next();
      await tab.getByRole('button', { name: 'Sign in and allow' }).click();
      const query = await back;
      await tab.waitForURL(/127\.0\.0\.1:\d+\/callback/);
      expect(query.get('state')).toBe('state-42');
      expect(violations).toEqual([]);

      const key = await dpopKey();
      const tokenUrl = `${server.base}/oauth/token`;
      const values = {
        grant_type: 'authorization_code',
        client_id: clientId,
        code: query.get('code')!,
        redirect_uri: app.url,
        code_verifier: pkce.verifier,
      };
      const first = await postForm(tokenUrl, values, { dpop: await key.sign({ htm: 'POST', htu: tokenUrl }) });
      const nonce = first.headers.get('dpop-nonce')!;
      const answer = await postForm(tokenUrl, values, { dpop: await key.sign({ htm: 'POST', htu: tokenUrl, nonce }) });
      expect(answer.status).toBe(200);
      const tokens = await answer.json();
      const peopleUrl = `${server.base}/connectors/Test_People?take=5`;
      const read = await fetch(peopleUrl, {
        headers: {
          authorization: `DPoP ${tokens.access_token}`,
          dpop: await key.sign({
            htm: 'GET',
            htu: peopleUrl,
            nonce: answer.headers.get('dpop-nonce')!,
            accessToken: tokens.access_token,
          }),
        },
      });
      expect(read.status).toBe(200);
      expect((await read.json()).rows).toEqual([expect.objectContaining({ Name: 'Anna' })]);
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it('sends access_denied and the state back when the user denies, in Dutch for a Dutch browser', async ({ skip }) => {
    if (!CHROMIUM || !server) return skip();
    const app = await loopback();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const tab = await browser.newPage({ locale: 'nl-NL', extraHTTPHeaders: { 'accept-language': 'nl-NL' } });
      await tab.goto(authorizeUrl(app.url, 'nee', pkcePair().challenge));
      expect(await tab.locator('html').getAttribute('lang')).toBe('nl');
      const back = app.next();
      await tab.getByRole('button', { name: 'Weigeren' }).click();
      const query = await back;
      expect([query.get('error'), query.get('state'), query.get('code')]).toEqual(['access_denied', 'nee', null]);
    } finally {
      await browser.close();
      await app.close();
    }
  });
});
