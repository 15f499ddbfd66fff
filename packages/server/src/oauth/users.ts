// The users of an environment who sign in on the authorization page: a password each, kept as an scrypt hash.
// Set by administrators (CLI, password from stdin) and by the demo; checked only by the sign-in form.

import { AdminError } from '../admin/environments.ts';
import type { Database } from '../db/database.ts';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './secrets.ts';

export const MIN_PASSWORD_LENGTH = 8;

export async function setUserPassword(db: Database, environment: string, userId: string, password: string) {
  if (!/^[\w.@-]{1,100}$/.test(userId))
    throw new AdminError(`user id '${userId}' may hold letters, digits and _ . @ - only`);
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AdminError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const hash = await hashPassword(password);
  await db.kysely
    .withSchema(db.systemSchema)
    .insertInto('oauth_users')
    .values({ environment, user_id: userId, password_hash: hash, created_at: new Date().toISOString() })
    .onConflict((c) => c.columns(['environment', 'user_id']).doUpdateSet({ password_hash: hash }))
    .execute();
  return { environment, userId };
}

export async function deleteUser(db: Database, environment: string, userId: string): Promise<boolean> {
  const result = await db.kysely
    .withSchema(db.systemSchema)
    .deleteFrom('oauth_users')
    .where('environment', '=', environment)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listUsers(db: Database, environment: string) {
  const rows = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('oauth_users')
    .select(['user_id', 'created_at'])
    .where('environment', '=', environment)
    .orderBy('user_id')
    .execute();
  return rows.map((row) => ({ environment, userId: row.user_id, createdAt: row.created_at }));
}

/** The user id when the password is right; the same work is done for an unknown user. */
export async function checkPassword(
  db: Database,
  environment: string,
  userId: string,
  password: string,
): Promise<string | undefined> {
  const row = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('oauth_users')
    .select(['user_id', 'password_hash'])
    .where('environment', '=', environment)
    .where('user_id', '=', userId.trim())
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? UNKNOWN_USER_HASH);
  return ok && row ? row.user_id : undefined;
}
