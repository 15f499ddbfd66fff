// The demo token that `serve` prints: one per environment, kept (its text too) in the system table demo_tokens so
// every start and every replica prints the same working token. Never revokes a token another process handed out.

import { tokenXml } from '@appconnector/protocol';
import { findAppConnector, listAppConnectors } from '../admin/app-connectors.ts';
import { createToken, findToken, newTokenData, revokeTokens } from '../admin/tokens.ts';
import type { Database } from '../db/database.ts';
import { DEMO_APP_CONNECTOR, DEMO_USER } from './setup-demo.ts';

const DESCRIPTION = 'demo token printed at server start';

export interface DemoToken {
  xml: string;
  /** Why it is new: `created` (first start), `replaced` (the kept one was revoked or had expired), else kept. */
  state: 'kept' | 'created' | 'replaced';
}

interface DemoTokenRow {
  environment: string;
  data: string;
}

async function createTable(db: Database): Promise<void> {
  await db.kysely
    .withSchema(db.systemSchema)
    .schema.createTable('demo_tokens')
    .ifNotExists()
    .addColumn('environment', 'text', (c) => c.primaryKey())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
}

async function stored(db: Database, environment: string): Promise<DemoTokenRow | undefined> {
  return (await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('demo_tokens')
    .select(['environment', 'data'])
    .where('environment', '=', environment)
    .executeTakeFirst()) as DemoTokenRow | undefined;
}

async function usable(db: Database, data: string): Promise<boolean> {
  const row = await findToken(db, data);
  if (!row || row.revoked_at !== null) return false;
  return row.expires_at === null || Date.parse(row.expires_at) > Date.now();
}

/**
 * The environment's demo token: the kept one while it works; else a new one, kept for the next start. Undefined
 * when the environment has no demo App Connector. Replicas starting at once agree on one token: each mints its own,
 * one of them is kept (the first insert wins), and a loser revokes only the token it minted itself.
 */
export async function demoToken(db: Database, environment: string): Promise<DemoToken | undefined> {
  const exists = (await listAppConnectors(db, environment)).some((a) => a.name === DEMO_APP_CONNECTOR);
  if (!exists) return undefined;
  await createTable(db);
  const table = () => db.kysely.withSchema(db.systemSchema);
  let replaced = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    const kept = await stored(db, environment);
    if (kept && (await usable(db, kept.data)))
      return { xml: tokenXml(kept.data), state: replaced ? 'replaced' : 'kept' };
    if (kept) {
      // Revoked by an administrator or expired: forget it (only if nobody replaced it meanwhile).
      await table()
        .deleteFrom('demo_tokens')
        .where('environment', '=', environment)
        .where('data', '=', kept.data)
        .execute();
      replaced = true;
    }
    const appConnector = await findAppConnector(db, environment, DEMO_APP_CONNECTOR);
    const data = newTokenData();
    const created = await createToken(db, appConnector, { userId: DEMO_USER, description: DESCRIPTION, data });
    await table()
      .insertInto('demo_tokens')
      .values({ environment, data })
      .onConflict((c) => c.column('environment').doNothing())
      .execute();
    const winner = await stored(db, environment);
    if (winner?.data === data) return { xml: created.xml, state: replaced ? 'replaced' : 'created' };
    // Another process kept its token first: ours was never shown to anyone, so only ours goes.
    await revokeTokens(db, appConnector, { id: created.id });
  }
  throw new Error(`could not settle the demo token of ${environment}`);
}
