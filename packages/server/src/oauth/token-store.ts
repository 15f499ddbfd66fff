// Access tokens (3600 s) and refresh tokens (single use, rotated, a family lives 30 days at most), stored by hash;
// codes (60 s, single use). A grant is a family: a replayed code or refresh token revokes all of it (RFC 6749 10.4,
// 4.1.2; OAuth 2.0 Security BCP 4.14).

import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { OAuthCodeRow, OAuthTokenRow } from '../db/oauth-tables.ts';
import { runShaped } from '../db/statement-cache.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_FAMILY_DAYS = 30;
export const CODE_SECONDS = 60;

export interface TokenGrant {
  clientId: string;
  appConnectorId: number;
  userId: string;
  jkt: string | null;
  familyId: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

const table = (db: Database) => db.kysely.withSchema(db.systemSchema);

/** Rows a day past their expiry answer as unknown ones would: they go, every PRUNE_EVERY grants of a process. */
const PRUNE_EVERY = 500;
let grants = 0;

async function pruneExpired(db: Database, now: Date): Promise<void> {
  if (++grants % PRUNE_EVERY !== 0) return;
  const before = new Date(now.getTime() - 86_400_000).toISOString();
  await table(db).deleteFrom('oauth_codes').where('expires_at', '<', before).execute();
  await table(db).deleteFrom('oauth_tokens').where('expires_at', '<', before).execute();
}

export function newFamilyId(): string {
  return randomUUID();
}

function plus(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/** Issues an access token, and a refresh token when `refreshUntil` is given (the family's end). */
export async function issueTokens(
  db: Database,
  grant: TokenGrant,
  now: Date,
  refreshUntil?: string,
): Promise<IssuedTokens> {
  const accessToken = newSecret();
  const refreshToken = refreshUntil ? newSecret() : undefined;
  const base = {
    family_id: grant.familyId,
    client_id: grant.clientId,
    app_connector_id: grant.appConnectorId,
    user_id: grant.userId,
    jkt: grant.jkt,
    created_at: now.toISOString(),
    used_at: null,
    revoked_at: null,
  };
  const rows: OAuthTokenRow[] = [
    { ...base, hash: hashSecret(accessToken), kind: 'access', expires_at: plus(now, ACCESS_TOKEN_SECONDS) },
  ];
  if (refreshToken && refreshUntil)
    rows.push({ ...base, hash: hashSecret(refreshToken), kind: 'refresh', expires_at: refreshUntil });
  await table(db).insertInto('oauth_tokens').values(rows).execute();
  await pruneExpired(db, now);
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS };
}

export function refreshFamilyEnd(now: Date): string {
  return plus(now, REFRESH_FAMILY_DAYS * 86_400);
}

const TOKEN_COLUMNS = [
  'hash',
  'kind',
  'family_id',
  'client_id',
  'app_connector_id',
  'user_id',
  'jkt',
  'created_at',
  'expires_at',
  'used_at',
  'revoked_at',
] as const;

/** Run on every call with an access token: kept prepared, as the classic token look-up is (admin/tokens.ts). */
export async function findTokenRow(db: Database, token: string): Promise<OAuthTokenRow | undefined> {
  const hash = hashSecret(token);
  const result = await runShaped<OAuthTokenRow>(db, db.lookups, 'oauth token by hash', [hash], () =>
    table(db).selectFrom('oauth_tokens').select(TOKEN_COLUMNS).where('hash', '=', hash),
  );
  return result.rows[0];
}

/** Marks a refresh token used; false when another request used it first (so this one is a replay). */
export async function spendRefreshToken(db: Database, hash: string, now: Date): Promise<boolean> {
  const result = await table(db)
    .updateTable('oauth_tokens')
    .set({ used_at: now.toISOString() })
    .where('hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeFamily(db: Database, familyId: string, now: Date): Promise<void> {
  await table(db)
    .updateTable('oauth_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeToken(db: Database, hash: string, now: Date): Promise<void> {
  await table(db)
    .updateTable('oauth_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Stores a new code and answers its text (shown once, in the redirect). */
export async function issueCode(
  db: Database,
  code: Omit<OAuthCodeRow, 'hash' | 'expires_at' | 'used_at' | 'family_id'>,
  now: Date,
): Promise<string> {
  const text = newSecret();
  await table(db)
    .insertInto('oauth_codes')
    .values({
      ...code,
      hash: hashSecret(text),
      family_id: newFamilyId(),
      expires_at: plus(now, CODE_SECONDS),
      used_at: null,
    })
    .execute();
  return text;
}

export async function findCode(db: Database, code: string): Promise<OAuthCodeRow | undefined> {
  return (await table(db)
    .selectFrom('oauth_codes')
    .selectAll()
    .where('hash', '=', hashSecret(code))
    .executeTakeFirst()) as OAuthCodeRow | undefined;
}

/** Marks a code used; false when it was used before (a replay). */
export async function spendCode(db: Database, hash: string, now: Date): Promise<boolean> {
  const result = await table(db)
    .updateTable('oauth_codes')
    .set({ used_at: now.toISOString() })
    .where('hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
