// Who may use the console: loopback clients only unless consoleRemote is set (request.ip, so X-Forwarded-For counts
// only with trustProxy), and for every state-changing call a same-origin request with the session's CSRF token.

import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { ConsoleError } from './console-errors.ts';
import { csrfMatches, findSession, type Session, sessionCookie } from './console-sessions.ts';

export const CSRF_HEADER = 'x-console-csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isLoopback(ip: string): boolean {
  const address = ip.toLowerCase().replace(/^::ffff:/, '');
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

export function checkLocal(request: FastifyRequest, remote: boolean): void {
  if (remote || isLoopback(request.ip)) return;
  throw new ConsoleError(
    403,
    'consoleLocalOnly',
    'the console answers only on this machine (127.0.0.1 or ::1); the server setting consoleRemote allows other addresses',
  );
}

export function isStateChanging(request: FastifyRequest): boolean {
  return !SAFE.has(request.method);
}

/**
 * A state-changing call must come from the console's own pages: an Origin other than ours, or a Sec-Fetch-Site
 * other than same-origin, is another site's form or script (SameSite=Strict does not stop a page on another port
 * of localhost: it is the same site).
 */
export function checkOrigin(request: FastifyRequest): void {
  if (!isStateChanging(request)) return;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`)
    throw new ConsoleError(
      403,
      'origin',
      `calls from ${origin} are refused: only the console's own pages may change things`,
    );
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    throw new ConsoleError(403, 'origin', `a ${site} call is refused: only the console's own pages may change things`);
}

/** The live session of the request, and for state-changing calls its CSRF token in the header. */
export async function requireSession(request: FastifyRequest, db: Database, now: Date): Promise<Session> {
  const id = sessionCookie(request);
  const session = id === undefined ? undefined : await findSession(db, id, now);
  if (!session) throw new ConsoleError(401, 'signInRequired', 'sign in to the console first');
  if (isStateChanging(request) && !csrfMatches(session.id, request.headers[CSRF_HEADER]))
    throw new ConsoleError(403, 'csrf', `the ${CSRF_HEADER} header must carry the session's csrfToken`);
  return session;
}
