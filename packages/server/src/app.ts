// Builds the Fastify app of the server (never listens: main.ts and tests do that). The request pipeline:
// onRequest (trace id, URL limits, environment, language) -> auth -> route stages -> one error boundary.

import { randomUUID } from 'node:crypto';
import { CodedError, MAX_BODY_BYTES, MAX_QUERY_LENGTH } from '@appconnector/protocol';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { environmentForHost } from './admin/environments.ts';
import { authenticate } from './auth/authenticate.ts';
import type { Database } from './db/database.ts';
import { languageOf } from './definitions/labels.ts';
import type { Registry } from './definitions/registry.ts';
import { AppConnectorCache, EnvironmentCache, type ServerContext } from './http/context.ts';
import { sendError } from './http/error-handler.ts';
import { NO_UPDATE_CONNECTORS, registerMetainfoRoutes, type UpdateMetainfoSource } from './http/metainfo-routes.ts';
import { registerOtpRoutes } from './http/otp-routes.ts';
import { registerReadRoutes } from './http/read-routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes that need no token (ProfitVersion, OTP). */
    public?: boolean;
  }
}

export interface AppOptions {
  db: Database;
  registry: Registry;
  logger?: FastifyServerOptions['logger'];
  https?: { cert: Buffer; key: Buffer };
  /** Routes added by other parts of the server (the write path, files), with the same context. */
  plugins?: ((app: FastifyInstance, context: ServerContext) => void)[];
  updates?: UpdateMetainfoSource;
  trustProxy?: boolean;
  /** How long the environment list (with maintenance state) is cached; default 5 s. */
  environmentRefreshMs?: number;
  /** How long a read answer waits for a client that takes nothing before ending it; default 30 s. */
  stallMs?: number;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const context: ServerContext = {
    db: options.db,
    registry: options.registry,
    environments: new EnvironmentCache(options.db, options.registry, options.environmentRefreshMs),
    appConnectors: new AppConnectorCache(options.db, options.environmentRefreshMs),
    stallMs: options.stallMs ?? 30_000,
  };
  await context.environments.all(true);
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: 4096,
    },
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: options.trustProxy ?? false,
    // randomUUID draws from a cached pool of entropy; randomBytes per request was 5% of a small read's time.
    genReqId: () => randomUUID().replaceAll('-', ''),
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;

  // Bodies are parsed by the write path itself, whatever the Content-Type, so it can say where JSON broke.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.decorateRequest('environment', undefined);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('integrationId', undefined);
  app.decorateRequest('language', 'en');

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-trace-identifier', request.id);
    request.integrationId = request.headers.integrationid as string | undefined;
    const environments = await context.environments.all();
    request.environment = environmentForHost(environments, request.headers.host) ?? undefined;
    request.language = languageOf(request.headers['accept-language'], request.environment?.language ?? 'en');
    const maintenance = request.environment?.maintenance;
    if (maintenance)
      throw new CodedError('unavailable', { detail: maintenance.message, retryAfter: maintenance.retryAfter });
    if (request.integrationId) request.log.info({ integrationId: request.integrationId }, 'integration call');
    const at = request.url.indexOf('?');
    if (at !== -1 && request.url.length - at > MAX_QUERY_LENGTH)
      throw new CodedError('queryTooLong', { max: MAX_QUERY_LENGTH });
  });

  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.public) return;
    if (!request.environment) {
      const environments = await context.environments.all(true);
      request.environment = environmentForHost(environments, request.headers.host);
      if (!request.environment) throw new CodedError('unknownEnvironment', { host: request.headers.host ?? '' });
    }
    request.principal = await authenticate(context.db, request.environment, request.headers.authorization, request.ip, {
      appConnectors: (id) => context.appConnectors.get(id),
    });
  });

  app.setErrorHandler((error, request, reply) => sendError(context.db, request, reply, error));
  app.setNotFoundHandler((request, reply) => sendError(context.db, request, reply, new CodedError('notFound')));

  registerReadRoutes(app, context);
  registerMetainfoRoutes(app, context, options.updates ?? NO_UPDATE_CONNECTORS);
  registerOtpRoutes(app, context);
  const version = async (request: { environment?: { profitVersion: string } }) => ({
    version: request.environment?.profitVersion ?? '0.0.0',
  });
  app.get('/ProfitRestServices/ProfitVersion', { config: { public: true } }, version);
  app.get('/ProfitVersion', { config: { public: true } }, version);
  for (const plugin of options.plugins ?? []) plugin(app, context);
  return app;
}
