// The SDK's code flow in a browser app, as an integrator would write one: a page on another origin (localhost)
// bundled with the SDK for browsers (esbuild), headless Chromium. It makes a non-extractable DPoP key with
// WebCrypto and keeps it in IndexedDB, sends the user to the consent page with PKCE, and on the redirect back
// exchanges the code, reads through the API with DPoP proofs (CORS: the DPoP header, DPoP-Nonce read back) and
// refreshes. Real server, SQLite and PostgreSQL.

import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createOAuthClient, setAuthMode, setUserPassword } from '@appconnector/server';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../server/test/support/databases.ts';
import { startTestServer, type TestServer } from '../../server/test/support/harness.ts';
import { insertTestRows } from '../../server/test/support/test-rows.ts';
import { CHROMIUM, launchChromium } from './support/consent-browser.ts';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const PASSWORD = 'correct horse battery';

/** The app's one module: sign-in on first load, the rest on /callback. */
const APP = `
import { AfasClient, OAuthClient, createDpopKey, createPkce } from '/sdk.js';
const { baseUrl, clientId } = window.config;
const redirectUri = location.origin + '/callback';
const store = await new Promise((resolve, reject) => {
  const open = indexedDB.open('app', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('keys');
  open.onsuccess = () => resolve(open.result);
  open.onerror = () => reject(open.error);
});
const put = (key, value) => new Promise((resolve, reject) => {
  const tx = store.transaction('keys', 'readwrite');
  tx.objectStore('keys').put(value, key);
  tx.oncomplete = resolve;
  tx.onerror = () => reject(tx.error);
});
const get = (key) => new Promise((resolve, reject) => {
  const request = store.transaction('keys').objectStore('keys').get(key);
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});
try {
  if (location.pathname !== '/callback') {
    // The key's private half cannot be read by any script, ours included; IndexedDB keeps the CryptoKey itself.
    const dpop = await createDpopKey();
    await put('dpop', dpop);
    const pkce = await createPkce();
    const state = crypto.randomUUID();
    sessionStorage.setItem('signin', JSON.stringify({ verifier: pkce.verifier, state }));
    const oauth = new OAuthClient({ baseUrl, clientId, dpop });
    location.assign(oauth.authorizationUrl({ redirectUri, state, codeChallenge: pkce.challenge }));
  } else {
    const dpop = await get('dpop');
    const { verifier, state } = JSON.parse(sessionStorage.getItem('signin'));
    const oauth = new OAuthClient({ baseUrl, clientId, dpop });
    const { code } = OAuthClient.readCallback(location.href, state);
    const tokens = await oauth.exchangeCode({ code, redirectUri, codeVerifier: verifier });
    const client = new AfasClient({ baseUrl, auth: oauth.userAuth(tokens) });
    const page = await client.get('Test_People');
    const refreshed = await oauth.refresh(tokens);
    const again = await new AfasClient({ baseUrl, auth: oauth.userAuth(refreshed) }).get('Test_People');
    window.result = {
      tokenType: tokens.tokenType,
      extractable: dpop.privateKey.extractable,
      rows: page.rows,
      rotated: refreshed.refreshToken !== tokens.refreshToken,
      again: again.rows.length,
    };
    // The code is spent, but it has no business staying in the address bar or the history.
    history.replaceState(null, '', '/');
  }
} catch (error) {
  window.result = { failure: String(error) };
}
`;

describe.each(DATABASE_KINDS)('SDK code flow in a browser app on %s', (kind) => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let app: Server;
  let appOrigin: string;

  beforeAll(async () => {
    if (!CHROMIUM) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install chromium)');
      console.warn('chromium is not installed: the browser app test is skipped (apt-get install chromium)');
      return;
    }
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false });
    if (!server) return;
    const { db } = server.runtime;
    await insertTestRows(server, { people: [{ id: 7, name: 'Saskia', team_id: null }] });
    const sdk = (await build({ entryPoints: [ENTRY], bundle: true, format: 'esm', platform: 'browser', write: false }))
      .outputFiles[0]!.text;
    app = createServer((request, response) => {
      if (request.url === '/sdk.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
        return;
      }
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><title>app</title><script>window.config = ${JSON.stringify(config)};</script>` +
            `<script type="module">${APP}</script>`,
        );
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://localhost:${(app.address() as { port: number }).port}`;
    const config = {
      baseUrl: server.base,
      clientId: (
        await createOAuthClient(db, {
          environment: 'O12345AA',
          appConnector: 'Tests',
          name: 'Web app',
          type: 'public',
          redirectUris: [`${appOrigin}/callback`],
        })
      ).clientId,
    };
    await setAuthMode(db, 'O12345AA', 'Tests', 'oauth');
    await setUserPassword(db, 'O12345AA', 'tester', PASSWORD);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
    await server?.close();
  });

  it('signs in, exchanges the code, calls with DPoP from a page of another origin and refreshes', async ({ skip }) => {
    if (!server || !browser) return skip();
    const tab = await browser.newPage();
    try {
      await tab.goto(`${appOrigin}/`);
      // The SDK sent the browser to the server's consent page.
      await tab.waitForURL(/\/oauth\/authorize\?/);
      await tab.fill('#username', 'tester');
      await tab.fill('#password', PASSWORD);
      await tab.click('button[value=allow]');
      await tab.waitForURL(new RegExp(`^${appOrigin}/callback\\?`));
      await tab.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined);
      const result = await tab.evaluate(() => (window as unknown as { result: unknown }).result);
      expect(result).toEqual({
        tokenType: 'DPoP',
        extractable: false,
        rows: [expect.objectContaining({ Id: 7, Name: 'Saskia' })],
        rotated: true,
        again: 1,
      });
    } finally {
      await tab.close();
    }
  });
});
