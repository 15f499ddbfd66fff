// Builds the Fastify app of the server (never listens: main.ts and tests do that). The request pipeline:
// onRequest (trace id, URL limits, environment, language) -> auth -> route stages -> one error boundary.

import { randomUUID } from 'node:crypto';
import { CodedError, MAX_BODY_BYTES, MAX_QUERY_LENGTH } from '@appconnector/protocol';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { type Environment, environmentForHost } from './admin/environments.ts';
import { authenticate } from './auth/authenticate.ts';
import { type ConsoleOptions, registerConsole } from './console/console-plugin.ts';
import type { Database } from './db/database.ts';
import { DEFAULT_RETENTION, ErrorLog, type ErrorLogRetention } from './db/error-log.ts';
import { languageOf } from './definitions/labels.ts';
import type { Registry } from './definitions/registry.ts';
import type { RegistryCache } from './definitions/registry-cache.ts';
import { clientErrorHandler } from './http/client-errors.ts';
import { AppConnectorCache, EnvironmentCache, type ServerContext } from './http/context.ts';
import { LOCAL_ORIGINS, registerCors } from './http/cors.ts';
import { environmentForRequest, requestedEnvironment, rewriteEnvironmentPath } from './http/environment-path.ts';
import { MAX_SEGMENT_LENGTH, sendError } from './http/error-handler.ts';
import { InternalCaller } from './http/internal-caller.ts';
import { NO_UPDATE_CONNECTORS, registerMetainfoRoutes, type UpdateMetainfoSource } from './http/metainfo-routes.ts';
import { registerOtpRoutes } from './http/otp-routes.ts';
import { registerReadRoutes } from './http/read-routes.ts';
import { RequestLog } from './http/request-log.ts';
import { AuthSettingsCache } from './oauth/auth-settings.ts';
import { DpopVerifier } from './oauth/dpop.ts';
import { type OAuthContext, requestUrl } from './oauth/oauth-context.ts';
import { registerOAuthRoutes } from './oauth/oauth-routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes that need no token (ProfitVersion, OTP, OAuth). */
    public?: boolean;
    /** Routes of the web console (console/): their own session auth, and no environment's maintenance stops them. */
    console?: boolean;
  }
}

export interface AppOptions {
  db: Database;
  /** The server's own definitions, served by environments without definitions of their own. */
  registry: Registry;
  /** Compiled definition sets by content hash (the runtime's, so that admin calls and the server share them). */
  registries?: RegistryCache;
  logger?: FastifyServerOptions['logger'];
  https?: { cert: Buffer; key: Buffer };
  /** Routes added by other parts of the server (the write path, files), with the same context. */
  plugins?: ((app: FastifyInstance, context: ServerContext) => void)[];
  /** The UpdateConnectors of metainfo: of a registry (each environment's), or one source for every environment. */
  updates?: UpdateMetainfoSource | ((registry: Registry) => UpdateMetainfoSource);
  trustProxy?: boolean;
  /** Origins of browser pages that may call (http/cors.ts); default `local`, the pages of this machine. */
  corsOrigins?: readonly string[];
  /** How long the environment list (with maintenance state) is cached; default 5 s. */
  environmentRefreshMs?: number;
  /** How long error_log rows are kept (db/error-log.ts); the defaults keep a busy server's table bounded. */
  errorLogRetention?: ErrorLogRetention;
  /** Milliseconds now, for the caches; tests give a clock they move themselves. */
  clock?: () => number;
  /** How long a read answer waits for a client that takes nothing before ending it; default 30 s. */
  stallMs?: number;
  /** The web console under /console (console/console-plugin.ts); absent: no console and no request log. */
  console?: ConsoleOptions;
}

/** Routes whose own stages name the field a NUL came in (filter values, DELETE keys); elsewhere the URL is refused. */
const NAMES_THE_FIELD = new Set([
  'GET /ProfitRestServices/connectors/:connectorId',
  'DELETE /ProfitRestServices/connectors/*',
]);

/** What every answer needs first, the router's refusals too: the trace id, the environment and the language. */
function identify(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  environments: readonly Environment[],
): void {
  reply.header('x-trace-identifier', request.id);
  request.environment = environmentForRequest(environments, request);
  request.registry = context.environments.registryNow(request.environment);
  request.language = languageOf(request.headers['accept-language'], request.environment?.language ?? 'en');
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // The logger exists once the app does; the caches, the error log and the parser's errors are wired before.
  let app: FastifyInstance | undefined;
  const logLater = { error: (details: object, message: string) => app?.log.error(details, message) };
  const context: ServerContext = {
    db: options.db,
    registry: options.registry,
    environments: new EnvironmentCache(options.db, options.registry, options.environmentRefreshMs, options.clock, {
      registries: options.registries,
      onError: (details, message) => logLater.error(details, message),
    }),
    appConnectors: new AppConnectorCache(options.db, options.environmentRefreshMs, options.clock),
    stallMs: options.stallMs ?? 30_000,
  };
  await context.environments.all(true);
  const clock = options.clock ?? Date.now;
  // The OAuth endpoints and the classic-token dates run on the server's clock, which tests move (to 1 May 2027).
  const oauth: OAuthContext = {
    db: options.db,
    now: () => new Date(clock()),
    dpop: new DpopVerifier(options.db),
    settings: new AuthSettingsCache(options.db, options.environmentRefreshMs, options.clock),
    appConnectors: (id) => context.appConnectors.get(id),
  };
  const parserErrorLanguage = async (acceptLanguage: string | undefined) =>
    languageOf(acceptLanguage, environmentForHost(await context.environments.all(), undefined)?.language ?? 'en');
  const errorLog = new ErrorLog(options.db, options.errorLogRetention ?? DEFAULT_RETENTION, undefined, (error) =>
    logLater.error({ err: error }, 'could not prune the error log'),
  );
  app = Fastify({
    logger: options.logger ?? false,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: MAX_SEGMENT_LENGTH,
    },
    // The router's own refusals (a broken %-escape, an overlong segment) and the HTTP parser's (see
    // http/client-errors.ts) answer in AFAS's shape too, with a trace id and an error_log row.
    frameworkErrors: async (error, request, reply) => {
      identify(request, reply, context, await context.environments.all().catch(() => []));
      await sendError(errorLog, request, reply, error);
    },
    clientErrorHandler: clientErrorHandler({ errorLog, language: parserErrorLanguage, log: logLater }),
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: options.trustProxy ?? false,
    // randomUUID draws from a cached pool of entropy; randomBytes per request was 5% of a small read's time.
    genReqId: () => randomUUID().replaceAll('-', ''),
    rewriteUrl: rewriteEnvironmentPath,
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  errorLog.pruneInBackground();
  app.addHook('onClose', () => errorLog.idle());
  const internal = new InternalCaller();
  // Console routes say so in their config; a path under /console that no route matches is the console's 404.
  const isConsole = (request: FastifyRequest) =>
    request.routeOptions.config.console === true ||
    (options.console !== undefined && /^\/console(?:[/?]|$)/i.test(request.url));
  const requestLog = options.console ? new RequestLog(options.console.requestLogCapacity) : undefined;

  // Bodies are parsed by the write path itself, whatever the Content-Type, so it can say where JSON broke.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // First, so that preflights are answered and every answer (errors too) carries its CORS headers.
  await registerCors(app, options.corsOrigins ?? [LOCAL_ORIGINS]);

  app.decorateRequest('environment', undefined);
  // Set by identify() before any hook or route reads it.
  app.decorateRequest('registry', undefined as unknown as Registry);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('integrationId', undefined);
  app.decorateRequest('language', 'en');

  app.addHook('onRequest', async (request, reply) => {
    identify(request, reply, context, await context.environments.all());
    request.integrationId = request.headers.integrationid as string | undefined;
    const maintenance = request.environment?.maintenance;
    if (maintenance && !isConsole(request))
      throw new CodedError('unavailable', { detail: maintenance.message, retryAfter: maintenance.retryAfter });
    if (request.integrationId) request.log.info({ integrationId: request.integrationId }, 'integration call');
    const at = request.url.indexOf('?');
    if (at !== -1 && request.url.length - at > MAX_QUERY_LENGTH)
      throw new CodedError('queryTooLong', { max: MAX_QUERY_LENGTH });
    // NUL names no resource and no value can hold it (PostgreSQL's text refuses it): refused here, except where
    // the route's own parse names the field it came in.
    if (/%00/i.test(request.url) && !NAMES_THE_FIELD.has(`${request.method} ${request.routeOptions.url}`))
      throw new CodedError('urlCharacter', { character: 'U+0000 (NUL, written %00)' });
  });

  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.public || isConsole(request)) return;
    if (!request.environment) {
      const environments = await context.environments.all(true);
      request.environment = environmentForRequest(environments, request);
      if (!request.environment) throw new CodedError('unknownEnvironment', { host: requestedEnvironment(request) });
    }
    request.registry = await context.environments.registryFor(request.environment);
    if (internal.isInternal(request.headers)) {
      request.principal = internal.principal(
        request.environment,
        { get: [...request.registry.getConnectors.keys()], update: [...request.registry.updateConnectors.keys()] },
        request.headers,
      );
      return;
    }
    request.principal = await authenticate(oauth, request.environment, request.headers.authorization, {
      ip: request.ip,
      method: request.method,
      url: requestUrl(request),
      proof: request.headers.dpop,
    });
  });

  if (requestLog) recordRequests(app, requestLog, internal, isConsole);

  app.setErrorHandler((error, request, reply) => sendError(errorLog, request, reply, error));
  app.setNotFoundHandler((request, reply) => sendError(errorLog, request, reply, new CodedError('notFound')));

  registerReadRoutes(app, context);
  registerMetainfoRoutes(app, context, options.updates ?? NO_UPDATE_CONNECTORS);
  registerOtpRoutes(app, context);
  registerOAuthRoutes(app, oauth);
  const version = async (request: { environment?: { profitVersion: string } }) => ({
    version: request.environment?.profitVersion ?? '0.0.0',
  });
  app.get('/ProfitRestServices/ProfitVersion', { config: { public: true } }, version);
  app.get('/ProfitVersion', { config: { public: true } }, version);
  for (const plugin of options.plugins ?? []) plugin(app, context);
  if (options.console && requestLog) registerConsole(app, context, { ...options.console, requestLog, internal, clock });
  return app;
}

/** Every App Connector API call into the request log, when its answer has gone (console routes are not logged). */
function recordRequests(
  app: FastifyInstance,
  log: RequestLog,
  internal: InternalCaller,
  isConsole: (request: FastifyRequest) => boolean,
): void {
  const references = new WeakMap<FastifyRequest, string>();
  // The reference of an error answer is in its body: taken from there, so the error boundary stays as it is.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      const found = /"profitLogReference":"([^"]+)"/.exec(payload);
      if (found) references.set(request, found[1]!);
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (isConsole(request)) return;
    const principal = request.principal;
    log.add({
      at: new Date(Date.now() - reply.elapsedTime).toISOString(),
      environment: request.environment?.name ?? null,
      appConnector: principal?.appConnector.name ?? null,
      userId: principal?.userId ?? null,
      method: request.method,
      path: request.originalUrl,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      integrationId: request.integrationId ?? null,
      traceId: String(request.id),
      profitLogReference: references.get(request) ?? null,
      source: internal.isInternal(request.headers) ? 'console' : 'client',
    });
  });
}
