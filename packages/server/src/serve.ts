// Starts a listening server from a configuration: boot, the demo environment on an empty database, a fresh demo
// token, then listen. The CLI's `serve` is a thin wrapper; tests and the benchmark call this directly.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { boot, type Runtime } from './boot.ts';
import type { ServerConfig } from './config.ts';
import { createDemoEnvironment, DEMO_ENVIRONMENT, isEmptyServer, mintStartToken } from './demo/setup-demo.ts';
import { serverExtensions } from './extensions.ts';

export interface RunningServer {
  app: FastifyInstance;
  runtime: Runtime;
  /** The ProfitRestServices base URL. */
  url: string;
  /** A token XML minted at this start, when the demo App Connector exists. */
  demoToken: string | undefined;
  /** True when this start built the demo environment. */
  createdDemo: boolean;
  close(): Promise<void>;
}

export interface StartHooks {
  onDemoProgress?: (rows: number, table: string) => void;
  onDemoStart?: (employees: number) => void;
}

export async function startServer(config: ServerConfig, hooks: StartHooks = {}): Promise<RunningServer> {
  const runtime = await boot({ database: config.db, definitionsDir: config.config });
  try {
    let createdDemo = false;
    if (config.demo && (await isEmptyServer(runtime))) {
      hooks.onDemoStart?.(config.demoRows);
      await createDemoEnvironment(runtime, { employees: config.demoRows, onProgress: hooks.onDemoProgress });
      createdDemo = true;
    }
    const demoToken = config.demo ? (await mintStartToken(runtime, DEMO_ENVIRONMENT))?.xml : undefined;
    const https =
      config.tlsCert && config.tlsKey
        ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }
        : undefined;
    const app = await buildApp({
      db: runtime.db,
      registry: runtime.registry,
      https,
      trustProxy: config.trustProxy,
      stallMs: config.streamStallSeconds * 1000,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel, stream: process.stderr },
      ...serverExtensions(runtime),
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address() as { port: number };
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `${https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}/ProfitRestServices`;
    return {
      app,
      runtime,
      url,
      demoToken,
      createdDemo,
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
