// The console's administrator password. The one `serve` makes on a database without one is kept in clear (so every
// start and replica prints the same, as demo_tokens does for the demo token); one set with `appconnector console
// password` is kept only as a scrypt hash and never printed. Setting one ends every console session.

import { randomBytes } from 'node:crypto';
import { AdminError } from '../admin/environments.ts';
import type { Database } from '../db/database.ts';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../oauth/secrets.ts';

/** Chosen by a person and guarded by throttling only per process: longer than the OAuth users' 8. */
export const MIN_CONSOLE_PASSWORD_LENGTH = 12;
const NAME = 'admin';

interface CredentialRow {
  name: string;
  password_hash: string;
  printed: string | null;
  updated_at: string;
}

/** The console's tables; made at first use like demo_tokens, so databases of earlier releases need no migration. */
export async function createConsoleTables(db: Database): Promise<void> {
  const schema = db.kysely.schema.withSchema(db.systemSchema);
  await schema
    .createTable('console_credentials')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('printed', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await schema
    .createTable('console_sessions')
    .ifNotExists()
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

async function credential(db: Database): Promise<CredentialRow | undefined> {
  return (await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('console_credentials')
    .selectAll()
    .where('name', '=', NAME)
    .executeTakeFirst()) as CredentialRow | undefined;
}

export interface ConsolePassword {
  /** The password to print; absent when an administrator set one (only its hash is kept). */
  password?: string;
  state: 'kept' | 'created' | 'set';
}

/** What `serve` prints: the kept password, or a new one made now (replicas starting at once keep the first). */
export async function consolePassword(db: Database): Promise<ConsolePassword> {
  await createConsoleTables(db);
  const found = await credential(db);
  if (found) return found.printed === null ? { state: 'set' } : { password: found.printed, state: 'kept' };
  const password = randomBytes(16).toString('base64url');
  await db.kysely
    .withSchema(db.systemSchema)
    .insertInto('console_credentials')
    .values({
      name: NAME,
      password_hash: await hashPassword(password),
      printed: password,
      updated_at: new Date().toISOString(),
    })
    .onConflict((c) => c.column('name').doNothing())
    .execute();
  const winner = (await credential(db))!;
  if (winner.printed === password) return { password, state: 'created' };
  return winner.printed === null ? { state: 'set' } : { password: winner.printed, state: 'kept' };
}

/** Sets the administrator's own password (hash only) and signs every console session out. */
export async function setConsolePassword(db: Database, password: string): Promise<void> {
  if (password.length < MIN_CONSOLE_PASSWORD_LENGTH)
    throw new AdminError(`the console password must be at least ${MIN_CONSOLE_PASSWORD_LENGTH} characters`);
  await createConsoleTables(db);
  const row = { password_hash: await hashPassword(password), printed: null, updated_at: new Date().toISOString() };
  await db.kysely.transaction().execute(async (trx) => {
    const sys = trx.withSchema(db.systemSchema);
    await sys
      .insertInto('console_credentials')
      .values({ name: NAME, ...row })
      .onConflict((c) => c.column('name').doUpdateSet(row))
      .execute();
    await sys.deleteFrom('console_sessions').execute();
  });
}

/** Whether the password is right; a database without a password costs the same scrypt and says no. */
export async function checkConsolePassword(db: Database, password: string): Promise<boolean> {
  const found = await credential(db);
  const ok = await verifyPassword(password, found?.password_hash ?? UNKNOWN_USER_HASH);
  return ok && found !== undefined;
}
