// Starts a real server on a real database for HTTP tests: boots the definitions, creates environments, an App
// Connector and a token, listens on an ephemeral port, and gives a fetch that speaks to it.

import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { authorizationHeader } from '@appconnector/protocol';
import type { FastifyInstance } from 'fastify';
import { createAppConnector, linkConnectors } from '../../src/admin/app-connectors.ts';
import { createEnvironment } from '../../src/admin/environments.ts';
import { createToken } from '../../src/admin/tokens.ts';
import { buildApp } from '../../src/app.ts';
import { boot, type Runtime } from '../../src/boot.ts';
import { serverExtensions } from '../../src/extensions.ts';
import { type TestDatabase, testDatabase } from './databases.ts';

export const PEOPLE_DEFINITIONS = fileURLToPath(new URL('../fixtures/people', import.meta.url));

export interface TestServer {
  runtime: Runtime;
  /** The database's file or URL, for a second runtime on the same data (a replica). */
  databaseUrl: string;
  app: FastifyInstance;
  base: string;
  token: string;
  auth: string;
  /** GET or any method against the server with the test token (unless headers override it). */
  call(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  definitionsDir?: string;
  /** Serve the UpdateConnectors generated from the catalogue too (off: most suites need only the hand-written). */
  catalogue?: boolean;
  /** Also create the English environment T12345AA (default true); each costs its tables. */
  secondEnvironment?: boolean;
  get?: string[];
  update?: string[];
  plugins?: Parameters<typeof buildApp>[0]['plugins'];
  updates?: Parameters<typeof buildApp>[0]['updates'];
  /** How long a read answer waits for a client that takes nothing (the server's default when absent). */
  stallMs?: number;
  /** The server's clock in milliseconds (OAuth expiry, classic-token dates); tests move it. */
  clock?: () => number;
  /** Serve the web console (console/console-plugin.ts) with these options; the runtime is the test's. */
  console?: { remote?: boolean; distDir?: string; requestLogCapacity?: number; streamPingMs?: number };
  trustProxy?: boolean;
  /** Where to listen (default 127.0.0.1). */
  host?: string;
}

export async function startTestServer(
  kind: 'sqlite' | 'postgres',
  options: TestServerOptions = {},
): Promise<TestServer | undefined> {
  const database: TestDatabase | undefined = await testDatabase(kind);
  if (!database) return undefined;
  const runtime = await boot({
    database: database.url,
    definitionsDir: options.definitionsDir ?? PEOPLE_DEFINITIONS,
    catalogue: options.catalogue ?? false,
  });
  await createEnvironment(runtime.db, runtime.registry, { name: 'O12345AA', language: 'nl' });
  if (options.secondEnvironment ?? true)
    await createEnvironment(runtime.db, runtime.registry, { name: 'T12345AA', language: 'en' });
  let appConnector = await createAppConnector(runtime.db, { environment: 'O12345AA', name: 'Tests' });
  const gets = options.get ?? [...runtime.registry.getConnectors.keys()].filter((id) => id !== 'Test_Unlinked');
  appConnector = await linkConnectors(runtime.db, runtime.registry, appConnector, 'get', gets);
  if (options.update)
    appConnector = await linkConnectors(runtime.db, runtime.registry, appConnector, 'update', options.update);
  const token = (await createToken(runtime.db, appConnector, { userId: 'tester' })).xml;
  const extensions = serverExtensions(runtime);
  const app = await buildApp({
    db: runtime.db,
    registry: runtime.registry,
    plugins: options.plugins ?? extensions.plugins,
    updates: options.updates ?? extensions.updates,
    registries: extensions.registries,
    // Tests change environments (maintenance) and expect the next call to see it.
    environmentRefreshMs: 0,
    stallMs: options.stallMs,
    clock: options.clock,
    trustProxy: options.trustProxy,
    ...(options.console ? { console: { runtime, ...options.console } } : {}),
  });
  await app.listen({ port: 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${address.port}/ProfitRestServices`;
  const auth = authorizationHeader(token);
  return {
    runtime,
    databaseUrl: database.url,
    app,
    base,
    token,
    auth,
    call: (path, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: auth, 'accept-language': 'en-us', ...(init.headers as Record<string, string>) },
      }),
    async close() {
      await app.close();
      await runtime.db.close();
      await database.drop();
    },
  };
}

/** A GET with full control of headers (fetch may not set Host): status and body text. */
export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('error', reject);
    request.end();
  });
}
