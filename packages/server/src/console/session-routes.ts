// Sign-in, session state and sign-out (API.md, Session and CSRF). Five wrong passwords from one address within
// 15 minutes refuse that address for 15 minutes (per process, as the OAuth sign-in page does).

import type { FastifyInstance } from 'fastify';
import { ConsoleError } from './console-errors.ts';
import { CSRF_HEADER, requireSession } from './console-guard.ts';
import { checkConsolePassword } from './console-password.ts';
import type { ConsoleContext } from './console-plugin.ts';
import {
  createSession,
  csrfMatches,
  endSession,
  SESSION_MS,
  sessionCookie,
  sessionCookieHeader,
} from './console-sessions.ts';
import { jsonBody, text } from './request-body.ts';

const LIMIT_SCOPE = 'console';

export function registerSessionRoutes(api: FastifyInstance, web: ConsoleContext): void {
  const db = web.server.db;
  api.post('/session', { config: { ownSession: true } }, async (request, reply) => {
    const now = web.now();
    const blocked = web.signIns.blockedUntil(LIMIT_SCOPE, request.ip, now.getTime());
    if (blocked !== undefined) {
      const seconds = Math.max(1, Math.ceil((blocked - now.getTime()) / 1000));
      throw new ConsoleError(429, 'tooManyAttempts', `too many wrong passwords: try again in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    }
    const password = text(jsonBody(request), 'password', true);
    if (!(await checkConsolePassword(db, password))) {
      web.signIns.failed(LIMIT_SCOPE, request.ip, now.getTime());
      throw new ConsoleError(401, 'wrongPassword', 'wrong password', 'password');
    }
    web.signIns.succeeded(LIMIT_SCOPE, request.ip);
    const session = await createSession(db, now);
    reply.header('set-cookie', sessionCookieHeader(request, session.id, SESSION_MS / 1000));
    return { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  });

  api.get('/session', { config: { ownSession: true } }, async (request) => {
    const session = await requireSession(request, db, web.now());
    return { signedIn: true, csrfToken: session.csrfToken, expiresAt: session.expiresAt, replica: web.replica };
  });

  api.delete('/session', { config: { ownSession: true } }, async (request, reply) => {
    const id = sessionCookie(request);
    // Signing out needs the token too: otherwise any page could sign the administrator out.
    if (id !== undefined && !csrfMatches(id, request.headers[CSRF_HEADER]))
      throw new ConsoleError(403, 'csrf', `the ${CSRF_HEADER} header must carry the session's csrfToken`);
    if (id !== undefined) await endSession(db, id);
    reply.header('set-cookie', sessionCookieHeader(request, '', 0));
    return reply.code(204).send();
  });
}
