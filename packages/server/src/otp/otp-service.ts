// The OTP flow (PROTOCOL.md 2): an App Connector's apiKey/apiToken let a user ask for a one-time code, "e-mailed"
// into the outbox table; the code, once, buys a classic token. Secrets are stored as hashes, codes expire.

import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppConnector } from '../admin/app-connectors.ts';
import { getAppConnectorById } from '../admin/app-connectors.ts';
import { createToken } from '../admin/tokens.ts';
import type { Database } from '../db/database.ts';

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface OtpCredentials {
  apiKey: string;
  apiToken: string;
}

/** Gives an App Connector (new) OTP credentials; the apiToken is shown only now. */
export async function enableOtp(db: Database, appConnector: AppConnector): Promise<OtpCredentials> {
  const apiKey = randomBytes(16).toString('hex').toUpperCase();
  const apiToken = randomBytes(32).toString('hex').toUpperCase();
  const sys = db.kysely.withSchema(db.systemSchema);
  await sys.deleteFrom('otp_credentials').where('app_connector_id', '=', appConnector.id).execute();
  await sys
    .insertInto('otp_credentials')
    .values({ app_connector_id: appConnector.id, api_key: apiKey, api_token_hash: sha256(apiToken) })
    .execute();
  return { apiKey, apiToken };
}

/** Whether the App Connector has OTP credentials. */
export async function otpEnabled(db: Database, appConnector: AppConnector): Promise<boolean> {
  const row = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('otp_credentials')
    .select('app_connector_id')
    .where('app_connector_id', '=', appConnector.id)
    .executeTakeFirst();
  return row !== undefined;
}

async function appConnectorFor(
  db: Database,
  environment: string,
  apiKey: string,
  apiToken: string,
): Promise<AppConnector | undefined> {
  const row = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('otp_credentials')
    .selectAll()
    .where('api_key', '=', apiKey)
    .executeTakeFirst();
  if (!row || !sameHash(String(row.api_token_hash), sha256(apiToken))) return undefined;
  const appConnector = await getAppConnectorById(db, Number(row.app_connector_id));
  return appConnector?.environment === environment ? appConnector : undefined;
}

/** Sends a code when the keys are right; says nothing either way (the endpoint answers the same). */
export async function requestOtp(
  db: Database,
  environment: string,
  input: { apiKey: string; apiToken: string; userId: string },
): Promise<void> {
  const appConnector = await appConnectorFor(db, environment, input.apiKey, input.apiToken);
  if (!appConnector || input.userId === '') return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = new Date();
  const sys = db.kysely.withSchema(db.systemSchema);
  await sys
    .insertInto('otp_codes')
    .values({
      app_connector_id: appConnector.id,
      user_id: input.userId,
      code_hash: sha256(code),
      expires_at: new Date(now.getTime() + CODE_LIFETIME_MS).toISOString(),
      attempts: 0,
      used_at: null,
    })
    .execute();
  await sys
    .insertInto('otp_outbox')
    .values({ environment, user_id: input.userId, code, sent_at: now.toISOString() })
    .execute();
}

/** The token XML for a right, fresh, unused code; undefined otherwise. Five wrong tries spend a code. */
export async function validateOtp(
  db: Database,
  environment: string,
  input: { apiKey: string; apiToken: string; userId: string; otp: string },
): Promise<string | undefined> {
  const appConnector = await appConnectorFor(db, environment, input.apiKey, input.apiToken);
  if (!appConnector) return undefined;
  const sys = db.kysely.withSchema(db.systemSchema);
  const now = new Date().toISOString();
  const codes = await sys
    .selectFrom('otp_codes')
    .selectAll()
    .where('app_connector_id', '=', appConnector.id)
    .where('user_id', '=', input.userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', MAX_ATTEMPTS)
    .orderBy('id', 'desc')
    .execute();
  const match = codes.find((c) => sameHash(String(c.code_hash), sha256(input.otp.trim())));
  if (!match) {
    if (codes.length > 0) {
      await sys
        .updateTable('otp_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          codes.map((c) => c.id),
        )
        .execute();
    }
    return undefined;
  }
  const spent = await sys
    .updateTable('otp_codes')
    .set({ used_at: now })
    .where('id', '=', match.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) return undefined;
  return (await createToken(db, appConnector, { userId: input.userId, description: 'issued by OTP validation' })).xml;
}

export interface OutboxMail {
  environment: string;
  userId: string;
  code: string;
  sentAt: string;
}

export async function readOutbox(db: Database, environment?: string, userId?: string): Promise<OutboxMail[]> {
  let query = db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('otp_outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(50);
  if (environment) query = query.where('environment', '=', environment);
  if (userId) query = query.where('user_id', '=', userId);
  return (await query.execute()).map((r) => ({
    environment: r.environment,
    userId: r.user_id,
    code: r.code,
    sentAt: r.sent_at,
  }));
}
