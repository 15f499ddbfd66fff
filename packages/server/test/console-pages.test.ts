// The console's pages over real HTTP on SQLite and PostgreSQL: a placeholder until the UI is built, then the UI's
// files from its build directory (index.html for deep links, assets cached for good, nothing outside the
// directory), a CSP of the server's own origin; and serve's start: the console's address and a password that stays
// the same across starts (or none printed once an administrator set one), and --no-console.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMaintenance } from '../src/admin/environments.ts';
import { loadConfig } from '../src/config.ts';
import { setConsolePassword } from '../src/console/console-password.ts';
import { startServer } from '../src/serve.ts';
import { DATABASE_KINDS, testDatabase } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

describe.each(DATABASE_KINDS)('console pages on %s', (kind) => {
  let server: TestServer | undefined;
  let dist: string;
  let origin: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'appconnector-console-dist-'));
    mkdirSync(join(dist, 'ui'));
    server = await startTestServer(kind, { secondEnvironment: false, console: { distDir: join(dist, 'ui') } });
    if (server) origin = server.base.replace(/\/ProfitRestServices$/, '');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves a placeholder until the UI is built, then its files; deep links get index.html', async ({ skip }) => {
    if (!server) return skip();
    const placeholder = await fetch(`${origin}/console`);
    expect(placeholder.status).toBe(200);
    expect(await placeholder.text()).toContain('not built yet');
    expect(placeholder.headers.get('content-security-policy')).toContain("default-src 'self'");

    const ui = join(dist, 'ui');
    mkdirSync(join(ui, 'assets'));
    writeFileSync(
      join(ui, 'index.html'),
      '<!doctype html><title>console</title><script src="/console/assets/app-1a2b.js"></script>',
    );
    writeFileSync(join(ui, 'assets', 'app-1a2b.js'), 'console.log("hi")');
    writeFileSync(join(dist, 'secret.txt'), 'outside the build');

    for (const path of ['/console', '/console/', '/console/environments/O12345AA', '/console/requests?status=500']) {
      const page = await fetch(`${origin}${path}`);
      expect([path, page.status, await page.text()]).toEqual([
        path,
        200,
        expect.stringContaining('<title>console</title>'),
      ]);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    const script = await fetch(`${origin}/console/assets/app-1a2b.js`);
    expect([script.status, await script.text()]).toEqual([200, 'console.log("hi")']);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/console/../secret.txt', '/console/%2e%2e/secret.txt', '/console/assets/..%2f..%2fsecret.txt'])
      expect(await (await fetch(`${origin}${path}`)).text()).not.toContain('outside the build');
  });

  it('answers unknown API calls in its own shape, and works while the environment is in maintenance', async ({
    skip,
  }) => {
    if (!server) return skip();
    const unknown = await fetch(`${origin}/console/api/nothing-here`);
    expect([unknown.status, (await unknown.json()).error.code]).toEqual([404, 'notFound']);
    const wrongMethod = await fetch(`${origin}/console/api/environments`, { method: 'PUT' });
    expect([wrongMethod.status, (await wrongMethod.json()).error.code]).toEqual([404, 'notFound']);
    await setMaintenance(server.runtime.db, 'O12345AA', { message: 'Upgrade', retryAfter: 60 });
    try {
      expect((await server.call('/connectors/Test_People')).status).toBe(503);
      expect((await fetch(`${origin}/console`)).status).toBe(200);
      expect((await fetch(`${origin}/console/api/session`)).status).toBe(401);
    } finally {
      await setMaintenance(server.runtime.db, 'O12345AA', undefined);
    }
  });
});

describe.each(DATABASE_KINDS)('serve and the console on %s', (kind) => {
  it('prints the console address and the same password at every start, none once one was set', async ({ skip }) => {
    const database = await testDatabase(kind);
    if (!database) return skip();
    try {
      const config = loadConfig({ port: 0, db: database.url, demo: false, logLevel: 'silent' }, {});
      const first = await startServer(config);
      const url = first.consoleUrl!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console$/);
      expect(first.consolePassword).toEqual({ password: expect.any(String), state: 'created' });
      const signIn = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password: first.consolePassword!.password }),
      });
      expect(signIn.status).toBe(200);
      await first.close();

      const second = await startServer(config);
      expect(second.consolePassword).toEqual({ password: first.consolePassword!.password, state: 'kept' });
      await setConsolePassword(second.runtime.db, 'my own console password');
      await second.close();

      const third = await startServer(config);
      expect(third.consolePassword).toEqual({ state: 'set' });
      await third.close();

      const off = await startServer(
        loadConfig({ port: 0, db: database.url, demo: false, logLevel: 'silent', console: false }, {}),
      );
      expect([off.consoleUrl, off.consolePassword]).toEqual([undefined, undefined]);
      expect((await fetch(off.url.replace('/ProfitRestServices', '/console/api/session'))).status).toBe(404);
      await off.close();
    } finally {
      await database.drop();
    }
  });
});
