// The SDK in a real browser: headless Chromium (Debian's, driven by playwright-core) loads a page from one origin
// that reads employees from the server on another through the SDK bundled for browsers (esbuild). Also CORS answers
// over plain HTTP: preflight, allowed and refused origins, exposed AFAS headers, origins from the configuration.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type RunningServer, startServer } from '@appconnector/server';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'appconnector-cors-'));
  server = await startServer(
    loadConfig({ db: join(dir, 'demo.sqlite'), port: 0, logLevel: 'silent', demoRows: 50 }, {}),
  );
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const header = (token: string) => `AfasToken ${Buffer.from(token).toString('base64')}`;

describe('CORS over HTTP', () => {
  it('answers a preflight from a local page, and exposes the AFAS headers', async () => {
    const preflight = await fetch(`${server.url}/connectors/Profit_Employees?take=1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,integrationid',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/GET.*POST.*PUT.*DELETE/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const refused = await fetch(`${server.url}/connectors/Profit_Employees?take=1`, {
      headers: { origin: 'http://127.0.0.1:3000', authorization: 'AfasToken bm9wZQ==' },
    });
    expect(refused.status).toBe(401);
    // Errors carry the CORS headers too, so a page can read why it failed.
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/X-Profit-Error.*X-Trace-Identifier/);
    expect(refused.headers.get('vary')).toMatch(/origin/i);
  });

  it('skips the CORS work for a request without an Origin (not a browser), keeping Vary: Origin for caches', async () => {
    const plain = await fetch(`${server.url}/ProfitVersion`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('vary')).toMatch(/origin/i);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('gives other origins no CORS headers unless configured, by file, variable or flag', async () => {
    const foreign = await fetch(`${server.url}/connectors/Profit_Employees?take=1`, {
      headers: { origin: 'https://evil.example', authorization: header(server.demoToken!) },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(loadConfig({}, { APPCONNECTOR_CORS_ORIGINS: 'https://app.example, local' }).corsOrigins).toEqual([
      'https://app.example',
      'local',
    ]);
    expect(loadConfig({ corsOrigins: '*' }, {}).corsOrigins).toEqual(['*']);
    expect(loadConfig({}, {}).corsOrigins).toEqual(['local']);
    const configured = await startServer(
      loadConfig({ db: join(dir, 'demo.sqlite'), port: 0, logLevel: 'silent', corsOrigins: 'https://app.example' }, {}),
    );
    try {
      const ask = (origin: string) =>
        fetch(`${configured.url}/ProfitVersion`, { headers: { origin } }).then((r) =>
          r.headers.get('access-control-allow-origin'),
        );
      expect(await ask('https://app.example')).toBe('https://app.example');
      expect(await ask('http://localhost:5173')).toBeNull();
    } finally {
      await configured.close();
    }
  });
});

describe('the SDK in headless Chromium', () => {
  let page: Server;
  let pageOrigin: string;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [ENTRY],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
    });
    const sdk = bundle.outputFiles[0]!.text;
    // The page an integrator would write: a module that imports the SDK and reads through it.
    const script = `
      import { AfasClient } from '/sdk.js';
      const { baseUrl, token } = ${JSON.stringify({ baseUrl: server.url, token: server.demoToken })};
      try {
        const page = await new AfasClient({ baseUrl, token }).get('Profit_Employees', { take: 3, orderBy: ['EmployeeId'] });
        let refusal = {};
        try {
          await new AfasClient({ baseUrl, token: 'AB'.repeat(32), maxRetries: 0 }).get('Profit_Employees', { take: 1 });
        } catch (error) {
          refusal = { name: error.name, traceId: error.traceId };
        }
        window.result = { origin: location.origin, ids: page.rows.map((r) => r.EmployeeId), refusal };
      } catch (error) {
        window.result = { failure: String(error) };
      }`;
    page = createServer((request, response) => {
      if (request.url === '/sdk.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
        return;
      }
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><title>integration</title><script type="module">${script}</script>`);
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://localhost:${(page.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (page ? page.close(() => resolve()) : resolve())));

  it('reads employees from a page on another origin, and reads the error headers of a refusal', async (context) => {
    if (!CHROMIUM) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install chromium)');
      console.warn('chromium is not installed: the browser test is skipped (apt-get install chromium)');
      context.skip();
      return;
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${pageOrigin}/`);
      await tab.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined);
      const result = (await tab.evaluate(() => (window as unknown as { result: unknown }).result)) as {
        origin: string;
        ids: string[];
        refusal: { name?: string; traceId?: string };
        failure?: string;
      };
      expect(result.failure).toBeUndefined();
      expect(result.origin).not.toBe(new URL(server.url).origin);
      expect(result.ids).toHaveLength(3);
      expect(result.refusal.name).toBe('AuthenticationError');
      // X-Trace-Identifier is readable across origins only because it is exposed.
      expect(result.refusal.traceId).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await browser.close();
    }
  });
});
