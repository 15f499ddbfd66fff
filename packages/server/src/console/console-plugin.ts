// The web console: pages under /console (the UI's build in console-dist/) and a JSON API under /console/api
// (API.md), outside the App Connector auth, with its own session. Registered by app.ts when AppOptions.console is set.

import { hostname } from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../boot.ts';
import type { ServerContext } from '../http/context.ts';
import type { InternalCaller } from '../http/internal-caller.ts';
import type { RequestLog } from '../http/request-log.ts';
import { SignInLimit } from '../oauth/sign-in-limit.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { ConsoleError, sendConsoleError } from './console-errors.ts';
import { checkLocal, checkOrigin, requireSession } from './console-guard.ts';
import { createConsoleTables } from './console-password.ts';
import type { Session } from './console-sessions.ts';
import { registerDebugRoutes } from './debug-routes.ts';
import { registerExploreRoutes } from './explore-routes.ts';
import { registerPages } from './pages.ts';
import { registerSessionRoutes } from './session-routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Console routes that check the session themselves (sign-in, session state). */
    ownSession?: boolean;
  }
  interface FastifyRequest {
    consoleSession: Session | undefined;
  }
}

export interface ConsoleOptions {
  /** The runtime (definitions, registries) for custom fields. */
  runtime: Runtime;
  /** Serve clients on other machines too (config consoleRemote); default: loopback only. */
  remote?: boolean;
  /** The UI's build output; default packages/server/console-dist. */
  distDir?: string;
  /** Calls kept by the request log; default 5000. */
  requestLogCapacity?: number;
  /** How often an open event stream is pinged and its session checked again; default 15 s. */
  streamPingMs?: number;
}

/** What the console's routes share. */
export interface ConsoleContext {
  server: ServerContext;
  runtime: Runtime;
  app: FastifyInstance;
  requestLog: RequestLog;
  internal: InternalCaller;
  signIns: SignInLimit;
  replica: string;
  startedAt: string;
  streamPingMs: number;
  now: () => Date;
}

export function registerConsole(
  app: FastifyInstance,
  server: ServerContext,
  options: ConsoleOptions & { requestLog: RequestLog; internal: InternalCaller; clock?: () => number },
): void {
  const web: ConsoleContext = {
    server,
    runtime: options.runtime,
    app,
    requestLog: options.requestLog,
    internal: options.internal,
    signIns: new SignInLimit(),
    replica: `${hostname()}:${process.pid}`,
    startedAt: new Date().toISOString(),
    streamPingMs: options.streamPingMs ?? 15_000,
    // The server's clock (AppOptions.clock), which tests move to see a session expire.
    now: () => new Date(options.clock ? options.clock() : Date.now()),
  };
  app.register(
    async (scope) => {
      await createConsoleTables(server.db);
      // Every console route: no App Connector auth (public), and no environment's maintenance applies (console).
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), public: true, console: true };
      });
      scope.addHook('onRequest', async (request, reply) => {
        reply.header('cache-control', 'no-store');
        checkLocal(request, options.remote ?? false);
      });
      scope.setErrorHandler((error, request, reply) => sendConsoleError(request, reply, error));
      scope.setNotFoundHandler((request, reply) =>
        sendConsoleError(
          request,
          reply,
          new ConsoleError(404, 'notFound', `no console call ${request.method} ${request.url}`),
        ),
      );
      registerPages(scope, options.distDir);
      await scope.register(
        async (api) => {
          api.decorateRequest('consoleSession', undefined);
          api.addHook('preHandler', async (request: FastifyRequest) => {
            checkOrigin(request);
            if (request.routeOptions.config.ownSession) return;
            request.consoleSession = await requireSession(request, server.db, web.now());
          });
          registerSessionRoutes(api, web);
          registerAdminRoutes(api, web);
          registerExploreRoutes(api, web);
          registerDebugRoutes(api, web);
        },
        { prefix: '/api' },
      );
    },
    { prefix: '/console' },
  );
}
