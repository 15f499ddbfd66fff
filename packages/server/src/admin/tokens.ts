// Tokens: 64 random hex characters per App Connector user, stored only as a SHA-256 hash. Creating one is the only
// moment the token exists in clear; revoking and expiry are checked at every call.

import { createHash, randomBytes } from 'node:crypto';
import { tokenXml } from '@appconnector/protocol';
import type { Database } from '../db/database.ts';
import { runShaped } from '../db/statement-cache.ts';
import type { TokenRow } from '../db/system-schema.ts';
import type { AppConnector } from './app-connectors.ts';
import { AdminError } from './environments.ts';

export function hashTokenData(data: string): string {
  return createHash('sha256').update(data.toUpperCase()).digest('hex');
}

/** 64 random hex characters: the secret part of a token. */
export function newTokenData(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

export interface CreatedToken {
  id: number;
  userId: string;
  /** The token XML, shown once. */
  xml: string;
  expiresAt: string | null;
}

export interface TokenInfo {
  id: number;
  appConnector: string;
  userId: string;
  description: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Refuses a user id a token cannot carry; callers that create a token later ask before doing other work. */
export function checkUserId(userId: string): void {
  if (!/^[\w.@-]{1,100}$/.test(userId))
    throw new AdminError(`user id '${userId}' may hold letters, digits and _ . @ - only`);
}

export async function createToken(
  db: Database,
  appConnector: AppConnector,
  options: { userId: string; description?: string; expiresAt?: Date | null; data?: string },
): Promise<CreatedToken> {
  checkUserId(options.userId);
  // `data` is given only by the demo token (admin/demo-token.ts), which keeps its text to print it again.
  const data = options.data ?? newTokenData();
  const expiresAt = options.expiresAt ? options.expiresAt.toISOString() : null;
  const row = await db.kysely
    .withSchema(db.systemSchema)
    .insertInto('tokens')
    .values({
      app_connector_id: appConnector.id,
      user_id: options.userId,
      description: options.description ?? '',
      hash: hashTokenData(data),
      created_at: new Date().toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), userId: options.userId, xml: tokenXml(data), expiresAt };
}

export async function listTokens(db: Database, appConnector: AppConnector): Promise<TokenInfo[]> {
  const rows = (await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('tokens')
    .selectAll()
    .where('app_connector_id', '=', appConnector.id)
    .orderBy('id')
    .execute()) as TokenRow[];
  return rows.map((row) => ({
    id: Number(row.id),
    appConnector: appConnector.name,
    userId: row.user_id,
    description: row.description,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }));
}

/** Revokes by token id, or every token of a user; answers how many were revoked. */
export async function revokeTokens(
  db: Database,
  appConnector: AppConnector,
  which: { id?: number; userId?: string },
): Promise<number> {
  if (which.id === undefined && which.userId === undefined)
    throw new AdminError('say which token to revoke: --id or --user');
  let query = db.kysely
    .withSchema(db.systemSchema)
    .updateTable('tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('app_connector_id', '=', appConnector.id)
    .where('revoked_at', 'is', null);
  if (which.id !== undefined) query = query.where('id', '=', which.id);
  if (which.userId !== undefined) query = query.where('user_id', '=', which.userId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The stored record of a presented token's data, if any: the caller decides what expired or revoked means. */
const TOKEN_COLUMNS = [
  'id',
  'app_connector_id',
  'user_id',
  'description',
  'hash',
  'created_at',
  'expires_at',
  'revoked_at',
] as const satisfies readonly (keyof TokenRow)[];

/** The token with this data, by its hash; run on every call, so its statement text is compiled once. */
export async function findToken(db: Database, data: string): Promise<TokenRow | undefined> {
  const hash = hashTokenData(data);
  const result = await runShaped<TokenRow>(db, db.lookups, 'token by hash', [hash], () =>
    db.kysely
      .withSchema(db.systemSchema)
      .selectFrom('tokens')
      // Named columns, not *: the statement is kept prepared (db/statement-cache.ts).
      .select(TOKEN_COLUMNS)
      .where('hash', '=', hash),
  );
  return result.rows[0];
}

/** Sets (or with null removes) the expiry of a token of the App Connector; answers whether it exists. */
export async function setTokenExpiry(
  db: Database,
  appConnector: AppConnector,
  id: number,
  expiresAt: Date | null,
): Promise<boolean> {
  const result = await db.kysely
    .withSchema(db.systemSchema)
    .updateTable('tokens')
    .set({ expires_at: expiresAt ? expiresAt.toISOString() : null })
    .where('app_connector_id', '=', appConnector.id)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
