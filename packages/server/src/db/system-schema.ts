// The server's own tables: environments, App Connectors with their linked connectors, tokens (hashes only), the
// error log, created idempotently at open; and the numbering counters kept in each environment's schema.

import { sql } from 'kysely';
import type { Database } from './database.ts';
import { createOAuthTables } from './oauth-tables.ts';

export interface EnvironmentRow {
  name: string;
  type: string;
  participant: string;
  language: string;
  profit_version: string;
  is_default: number;
  created_at: string;
  /** Hash of the environment's own definition files (environment_definitions); null: the server's definitions. */
  definitions_hash?: string | null;
}

/** One of an environment's own definition files: a name relative like `hr.yaml`, and its text. */
export interface EnvironmentDefinitionRow {
  environment: string;
  file: string;
  content: string;
}

export interface AppConnectorRow {
  id: number;
  environment: string;
  name: string;
  description: string;
  /** JSON array of IPv4/IPv6 addresses or CIDR ranges; null allows every address. */
  ip_allowlist: string | null;
  created_at: string;
}

export interface TokenRow {
  id: number;
  app_connector_id: number;
  user_id: string;
  description: string;
  /** SHA-256 of the token's 64-hex data, upper case: the token itself is never stored. */
  hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export async function createSystemTables(db: Database): Promise<void> {
  await db.createSystemSchema();
  const k = db.kysely.withSchema(db.systemSchema);
  const id = sql.raw(db.dialect.autoIdColumn);
  await k.schema
    .createTable('environments')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('profit_version', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Added after databases existed: an older environments table gets the column here.
  const hasHash = async () =>
    (await db.dialect.listColumnsSql(db.systemSchema, 'environments').execute(db.kysely)).rows.some(
      (c) => c.name === 'definitions_hash',
    );
  if (!(await hasHash()))
    await k.schema
      .alterTable('environments')
      .addColumn('definitions_hash', 'text')
      .execute()
      // A replica starting at the same moment may have added it first.
      .catch(async (error) => {
        if (!(await hasHash())) throw error;
      });
  // An environment's own definitions (admin/environment-definitions.ts); none: it serves the server's.
  await k.schema
    .createTable('environment_definitions')
    .ifNotExists()
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('environment_definitions_pk', ['environment', 'file'])
    .execute();
  await k.schema
    .createTable('app_connectors')
    .ifNotExists()
    .addColumn('id', id)
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ip_allowlist', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('app_connectors_environment_name', ['environment', 'name'])
    .execute();
  await k.schema
    .createTable('app_connector_links')
    .ifNotExists()
    .addColumn('app_connector_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_connector_links_pk', ['app_connector_id', 'kind', 'connector_id'])
    .execute();
  await k.schema
    .createTable('tokens')
    .ifNotExists()
    .addColumn('id', id)
    .addColumn('app_connector_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await k.schema
    .createTable('error_log')
    .ifNotExists()
    .addColumn('reference', 'text', (c) => c.primaryKey())
    .addColumn('environment', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('trace_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text')
    .execute();
  // Retention prunes by age and by count per environment (db/error-log.ts): both walk these indexes.
  for (const columns of [['at'], ['environment', 'at']])
    await db.dialect
      .createIndexSql(db.systemSchema, 'error_log', `error_log_${columns.join('_')}`, columns, false)
      .execute(db.kysely);
  await k.schema
    .createTable('otp_credentials')
    .ifNotExists()
    .addColumn('app_connector_id', 'integer', (c) => c.primaryKey())
    .addColumn('api_key', 'text', (c) => c.notNull().unique())
    .addColumn('api_token_hash', 'text', (c) => c.notNull())
    .execute();
  await k.schema
    .createTable('otp_codes')
    .ifNotExists()
    .addColumn('id', id)
    .addColumn('app_connector_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .execute();
  // The emulated mail server: what Profit would e-mail to the user (a one-time code), readable with the CLI.
  await k.schema
    .createTable('otp_outbox')
    .ifNotExists()
    .addColumn('id', id)
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  // An environment in maintenance answers 503 with retry_after, so integrations can test their back-off.
  await k.schema
    .createTable('maintenance')
    .ifNotExists()
    .addColumn('environment', 'text', (c) => c.primaryKey())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('retry_after', 'integer', (c) => c.notNull())
    .execute();
  // One-time changes of existing data, each recorded by name once made (admin/environments.ts upgradeOldDefaultVersion).
  await k.schema
    .createTable('upgrades')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  await createOAuthTables(db);
}

/** The counters of an environment's sequence keys (write/numbering.ts takes numbers from them), in its own schema. */
export const NUMBERING_TABLE = 'ac_numbering';

/** Creates the counter table of an environment schema (idempotent). */
export async function createNumberingTable(db: Database, schema: string): Promise<void> {
  await sql`create table if not exists ${sql.id(schema, NUMBERING_TABLE)} (
    scope text primary key,
    next_value bigint not null,
    width integer not null
  )`.execute(db.kysely);
}
