// Starts a listening server from a configuration: boot, the demo environment on an empty database, listen, then the
// demo token (kept across starts). The CLI's `serve` is a thin wrapper; tests and the benchmark call this directly.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { boot, type Runtime } from './boot.ts';
import { errorLogRetention, type ServerConfig } from './config.ts';
import { type ConsolePassword, consolePassword } from './console/console-password.ts';
import { type DemoOAuth, demoOAuth } from './demo/demo-oauth.ts';
import { type DemoToken, demoToken as keptDemoToken } from './demo/demo-token.ts';
import { createDemoEnvironment, DEMO_ENVIRONMENT, isEmptyServer, linkDemoConnectors } from './demo/setup-demo.ts';
import { serverExtensions } from './extensions.ts';

export interface RunningServer {
  app: FastifyInstance;
  runtime: Runtime;
  /** The ProfitRestServices base URL. */
  url: string;
  /** The demo token XML (the same at every start while it works), when the demo App Connector exists. */
  demoToken: string | undefined;
  /** Whether the demo token was kept from an earlier start, created, or replaced one that was revoked or expired. */
  demoTokenState: DemoToken['state'] | undefined;
  /** The demo's OAuth 2 user, password and clients (the same at every start), when the demo App Connector exists. */
  demoOAuth: DemoOAuth | undefined;
  /** The web console's address, when it is on. */
  consoleUrl: string | undefined;
  /** The console's password to print (kept across starts), or `set` by an administrator (not printable). */
  consolePassword: ConsolePassword | undefined;
  /** True when this start built the demo environment. */
  createdDemo: boolean;
  close(): Promise<void>;
}

export interface StartHooks {
  onDemoProgress?: (rows: number, table: string) => void;
  onDemoStart?: (employees: number) => void;
}

/** Fails as listen would (EADDRINUSE) before anything is built, so that a start on a taken port changes nothing. */
async function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export async function startServer(config: ServerConfig, hooks: StartHooks = {}): Promise<RunningServer> {
  await checkPortFree(config.port, config.host);
  const runtime = await boot({ database: config.db, definitionsDir: config.config });
  try {
    let createdDemo = false;
    if (config.demo && (await isEmptyServer(runtime))) {
      hooks.onDemoStart?.(config.demoRows);
      await createDemoEnvironment(runtime, { employees: config.demoRows, onProgress: hooks.onDemoProgress });
      createdDemo = true;
    }
    const https =
      config.tlsCert && config.tlsKey
        ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }
        : undefined;
    const app = await buildApp({
      db: runtime.db,
      registry: runtime.registry,
      https,
      trustProxy: config.trustProxy,
      errorLogRetention: errorLogRetention(config),
      corsOrigins: config.corsOrigins,
      stallMs: config.streamStallSeconds * 1000,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel, stream: process.stderr },
      ...serverExtensions(runtime),
      ...(config.console ? { console: { runtime, remote: config.consoleRemote } } : {}),
    });
    await app.listen({ port: config.port, host: config.host });
    // After listen: a start that fails changes no token.
    const demo = config.demo
      ? await linkDemoConnectors(runtime)
          .then(async () => ({
            token: await keptDemoToken(runtime.db, DEMO_ENVIRONMENT),
            oauth: await demoOAuth(runtime.db, DEMO_ENVIRONMENT),
          }))
          .catch(async (error) => {
            await app.close();
            throw error;
          })
      : undefined;
    const consoleLogin = config.console
      ? await consolePassword(runtime.db).catch(async (error) => {
          await app.close();
          throw error;
        })
      : undefined;
    const address = app.server.address() as { port: number };
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const origin = `${https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    const url = `${origin}/ProfitRestServices`;
    return {
      app,
      runtime,
      url,
      demoToken: demo?.token?.xml,
      demoTokenState: demo?.token?.state,
      demoOAuth: demo?.oauth,
      createdDemo,
      consoleUrl: config.console ? `${origin}/console` : undefined,
      consolePassword: consoleLogin,
      async close() {
        await app.close();
        await runtime.db.close();
      },
    };
  } catch (error) {
    await runtime.db.close();
    throw error;
  }
}
