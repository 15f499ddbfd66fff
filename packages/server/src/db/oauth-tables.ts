// The system tables of OAuth 2 (PROTOCOL.md 2): App Connector authentication modes, classic-token dates per
// environment, clients, users' passwords, authorization codes, access and refresh tokens, DPoP replay and nonces.
// Every secret is kept as a hash only; created idempotently at open, beside the other system tables.

import type { Database } from './database.ts';

export type AuthMode = 'classic' | 'hybrid' | 'oauth';

export interface OAuthClientRow {
  client_id: string;
  app_connector_id: number;
  name: string;
  /** SHA-256 hex of the secret; null for a public client. */
  secret_hash: string | null;
  /** The user whose rights a client_credentials token carries. */
  user_id: string | null;
  /** JSON array of redirect URIs, matched exactly (loopback: any port). */
  redirect_uris: string;
  created_at: string;
}

export interface OAuthCodeRow {
  hash: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  user_id: string;
  family_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface OAuthTokenRow {
  hash: string;
  kind: 'access' | 'refresh';
  family_id: string;
  client_id: string;
  app_connector_id: number;
  user_id: string;
  /** RFC 7638 thumbprint of the DPoP key the token is bound to; null: a Bearer token. */
  jkt: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export async function createOAuthTables(db: Database): Promise<void> {
  const k = db.kysely.withSchema(db.systemSchema);
  // A separate table rather than a column of app_connectors: no row is `classic`, today's behaviour, and nothing
  // has to alter a table other changes add columns to.
  await k.schema
    .createTable('app_connector_auth')
    .ifNotExists()
    .addColumn('app_connector_id', 'integer', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .execute();
  await k.schema
    .createTable('classic_token_dates')
    .ifNotExists()
    .addColumn('environment', 'text', (c) => c.primaryKey())
    .addColumn('expire_at', 'text')
    .addColumn('stop_at', 'text')
    .execute();
  await k.schema
    .createTable('oauth_clients')
    .ifNotExists()
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('app_connector_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('user_id', 'text')
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await k.schema
    .createTable('oauth_users')
    .ifNotExists()
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('oauth_users_pk', ['environment', 'user_id'])
    .execute();
  await k.schema
    .createTable('oauth_codes')
    .ifNotExists()
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  // Access and refresh tokens in one table: a grant (code or refresh chain) is a family, revoked by one statement.
  await k.schema
    .createTable('oauth_tokens')
    .ifNotExists()
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('app_connector_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('jkt', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.dialect
    .createIndexSql(db.systemSchema, 'oauth_tokens', 'oauth_tokens_family_id', ['family_id'], false)
    .execute(db.kysely);
  // DPoP proofs seen (by a hash of key and jti) until they are too old to be accepted anyway, and nonces handed out.
  await k.schema
    .createTable('dpop_proofs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await k.schema
    .createTable('dpop_nonces')
    .ifNotExists()
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
