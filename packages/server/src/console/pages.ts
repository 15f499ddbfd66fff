// The console's pages: the UI's build output (console-dist/, API.md) under /console/, index.html for every other
// path (the UI routes in the browser), a placeholder until the UI is built. Nothing is fetched from elsewhere.

import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ConsoleError } from './console-errors.ts';

/** The UI's build output, beside src/ and dist/ (so the same for sources and built code). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console-dist', import.meta.url));

export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>appconnector console</title></head>
<body><h1>appconnector console</h1>
<p>The console's pages are not built yet (packages/server/console-dist/ has no index.html). The API under
<code>/console/api/</code> works: see packages/server/src/console/API.md.</p></body></html>
`;

export function registerPages(scope: FastifyInstance, distDir = CONSOLE_DIST): void {
  // sendFile only (serve: false): our own routes decide what a path answers; @fastify/send refuses paths
  // that leave the root.
  scope.register(fastifyStatic, {
    root: distDir,
    serve: false,
    // Hashed asset names may be kept for good; index.html must be asked again so a new build is seen.
    setHeaders: (reply, path) => {
      reply.header(
        'cache-control',
        normalize(path).startsWith(join(distDir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const page = (reply: FastifyReply) => {
    reply.header('content-security-policy', PAGE_CSP).header('x-content-type-options', 'nosniff');
    if (existsSync(join(distDir, 'index.html'))) return reply.sendFile('index.html');
    return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
  };
  scope.get('/', async (_request, reply) => page(reply));
  scope.get<{ Params: { '*': string } }>('/*', async (request, reply) => {
    const path = request.params['*'];
    if (path === 'api' || path.startsWith('api/'))
      throw new ConsoleError(404, 'notFound', `no console API call ${request.method} ${request.url}`);
    const file = normalize(join(distDir, path));
    if (file.startsWith(`${distDir}/`) && existsSync(file) && statSync(file).isFile()) {
      reply.header('content-security-policy', PAGE_CSP).header('x-content-type-options', 'nosniff');
      return reply.sendFile(path);
    }
    return page(reply);
  });
}
