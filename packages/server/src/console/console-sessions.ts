// Console sessions: a random 256-bit id in an HttpOnly SameSite=Strict cookie, stored as its SHA-256 (in the
// database, so every replica knows it), ending 12 hours after sign-in or at sign-out. The CSRF token is derived
// from the id (an HMAC), so it needs no storage and a reload of the page can ask for it again.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { sameText } from '../oauth/secrets.ts';

export const SESSION_COOKIE = 'appconnector_console';
export const SESSION_MS = 12 * 60 * 60_000;

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

export function csrfTokenOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('appconnector console csrf').digest('base64url');
}

export function csrfMatches(sessionId: string, presented: unknown): boolean {
  return typeof presented === 'string' && sameText(presented, csrfTokenOf(sessionId));
}

export interface Session {
  id: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(db: Database, now: Date): Promise<Session> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MS).toISOString();
  const sys = db.kysely.withSchema(db.systemSchema);
  // Ended sessions go as new ones come: the table holds only live sessions and a few expired ones.
  await sys.deleteFrom('console_sessions').where('expires_at', '<=', now.toISOString()).execute();
  await sys
    .insertInto('console_sessions')
    .values({ id_hash: hashOf(id), created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { id, csrfToken: csrfTokenOf(id), expiresAt };
}

export async function findSession(db: Database, id: string, now: Date): Promise<Session | undefined> {
  const row = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('console_sessions')
    .select('expires_at')
    .where('id_hash', '=', hashOf(id))
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return undefined;
  return { id, csrfToken: csrfTokenOf(id), expiresAt: row.expires_at };
}

export async function endSession(db: Database, id: string): Promise<void> {
  await db.kysely
    .withSchema(db.systemSchema)
    .deleteFrom('console_sessions')
    .where('id_hash', '=', hashOf(id))
    .execute();
}

/** The session id the request's cookie carries, if any. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

export function sessionCookieHeader(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}
