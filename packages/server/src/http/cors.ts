// CORS for browser apps on another origin: which origins may call (configured as `corsOrigins`), preflight answers,
// and the AFAS headers a page may read (X-Profit-Error, X-Trace-Identifier). Registered before every other hook.

import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyPluginCallback, onRequestHookHandler } from 'fastify';

/**
 * The default: pages served from this machine (any port of localhost, 127.0.0.1 or [::1]), the usual development
 * servers. Other origins are named one by one; `*` allows any, `none` none.
 */
export const LOCAL_ORIGINS = 'local';

const LOCAL = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * Headers of AFAS answers a browser page needs to read: the error text, the trace id, how long to wait; and for
 * OAuth 2 the challenge and the DPoP nonce a browser app must send in its next proof (RFC 9449 8).
 */
const EXPOSED = [
  'X-Profit-Error',
  'X-Trace-Identifier',
  'Retry-After',
  'Content-Disposition',
  'WWW-Authenticate',
  'DPoP-Nonce',
];

/** Whether a page of `origin` may call, for the configured list (`local`, `*`, `none` or origins). */
export function originAllowed(origins: readonly string[], origin: string): boolean {
  for (const entry of origins) {
    if (entry === '*') return true;
    if (entry === LOCAL_ORIGINS && LOCAL.test(origin)) return true;
    if (entry.replace(/\/+$/, '').toLowerCase() === origin.toLowerCase()) return true;
  }
  return false;
}

export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0 || origins.includes('none')) return;
  // The library's hook runs only for requests with an Origin (browsers); the others (curl, servers, the SDK in Node)
  // pay one header lookup, and get the Vary the library would give them. Its per-request work (options copied, the
  // route's config read twice, headers joined) was a fifth of a 1-element write's time on PostgreSQL.
  const shim = {
    decorateRequest: app.decorateRequest.bind(app),
    options: app.options.bind(app),
    addHook: (name: 'onRequest', hook: onRequestHookHandler) =>
      app.addHook(name, function (request, reply, done) {
        if (request.headers.origin !== undefined) return hook.call(this, request, reply, done);
        reply.header('vary', 'Origin');
        done();
      }),
  };
  const options: FastifyCorsOptions = {
    // Called per browser request with its Origin.
    origin: (origin, done) => done(null, origin === undefined || originAllowed(origins, origin)),
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    exposedHeaders: EXPOSED,
    // Tokens travel in the Authorization header, never in cookies: no credentials mode.
    credentials: false,
    maxAge: 600,
    strictPreflight: false,
  };
  await new Promise<void>((resolve, reject) =>
    (cors as unknown as FastifyPluginCallback<FastifyCorsOptions>)(
      shim as unknown as FastifyInstance,
      options,
      (error) => (error ? reject(error) : resolve()),
    ),
  );
}
