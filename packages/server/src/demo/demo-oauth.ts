// The demo's OAuth 2 side, settled at every start like the demo token: the Demo App Connector in hybrid mode (unless
// an administrator chose otherwise), the user "demo" with a password, a confidential client for client_credentials
// and a public client for the CLI's browser sign-in. The password and secret are kept in clear in `demo_oauth` so
// every start prints the same working ones (the reasoning of demo_tokens: whoever reads the database can make
// credentials of their own, and the demo holds generated data only).

import { findAppConnector, listAppConnectors } from '../admin/app-connectors.ts';
import type { Database } from '../db/database.ts';
import { createOAuthClient, deleteOAuthClient, findClientRow } from '../oauth/clients.ts';
import { hashSecret, newSecret, sameText, verifyPassword } from '../oauth/secrets.ts';
import { setUserPassword } from '../oauth/users.ts';
import { DEMO_APP_CONNECTOR, DEMO_USER } from './setup-demo.ts';

export const DEMO_BACKEND_CLIENT = 'demo-backend';
export const DEMO_PUBLIC_CLIENT = 'appconnector-cli';
/** Loopback redirect URIs of the public client: any port (RFC 8252 7.3), the path the CLI listens on. */
export const DEMO_REDIRECT_URIS = ['http://127.0.0.1/callback', 'http://[::1]/callback', 'http://localhost/callback'];

export interface DemoOAuth {
  user: string;
  password: string;
  backendClientId: string;
  backendClientSecret: string;
  publicClientId: string;
  redirectUris: string[];
}

async function createTable(db: Database): Promise<void> {
  await db.kysely
    .withSchema(db.systemSchema)
    .schema.createTable('demo_oauth')
    .ifNotExists()
    .addColumn('environment', 'text', (c) => c.primaryKey())
    .addColumn('password', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .execute();
}

/** The demo's user and clients, made or mended; undefined when the environment has no demo App Connector. */
export async function demoOAuth(db: Database, environment: string): Promise<DemoOAuth | undefined> {
  const exists = (await listAppConnectors(db, environment)).some((a) => a.name === DEMO_APP_CONNECTOR);
  if (!exists) return undefined;
  await createTable(db);
  const table = () => db.kysely.withSchema(db.systemSchema);
  const appConnector = await findAppConnector(db, environment, DEMO_APP_CONNECTOR);
  await table()
    .insertInto('app_connector_auth')
    .values({ app_connector_id: appConnector.id, mode: 'hybrid' })
    .onConflict((c) => c.column('app_connector_id').doNothing())
    .execute();
  await table()
    .insertInto('demo_oauth')
    .values({ environment, password: newSecret().slice(0, 16), client_secret: newSecret() })
    .onConflict((c) => c.column('environment').doNothing())
    .execute();
  const kept = await table()
    .selectFrom('demo_oauth')
    .select(['password', 'client_secret'])
    .where('environment', '=', environment)
    .executeTakeFirstOrThrow();
  // An administrator may have set another password or deleted a client: the printed ones are made true again.
  const user = await table()
    .selectFrom('oauth_users')
    .select('password_hash')
    .where('environment', '=', environment)
    .where('user_id', '=', DEMO_USER)
    .executeTakeFirst();
  if (!user || !(await verifyPassword(kept.password, user.password_hash)))
    await setUserPassword(db, environment, DEMO_USER, kept.password);
  const backend = await findClientRow(db, DEMO_BACKEND_CLIENT);
  if (!backend?.secret_hash || !sameText(backend.secret_hash, hashSecret(kept.client_secret))) {
    if (backend) await deleteOAuthClient(db, environment, DEMO_BACKEND_CLIENT).catch(() => undefined);
    await createOAuthClient(db, {
      environment,
      appConnector: DEMO_APP_CONNECTOR,
      name: 'Demo backend (client credentials)',
      type: 'confidential',
      userId: DEMO_USER,
      clientId: DEMO_BACKEND_CLIENT,
      clientSecret: kept.client_secret,
    }).catch(ignoreDuplicate);
  }
  if (!(await findClientRow(db, DEMO_PUBLIC_CLIENT)))
    await createOAuthClient(db, {
      environment,
      appConnector: DEMO_APP_CONNECTOR,
      name: 'appconnector CLI and local apps',
      type: 'public',
      redirectUris: DEMO_REDIRECT_URIS,
      clientId: DEMO_PUBLIC_CLIENT,
    }).catch(ignoreDuplicate);
  return {
    user: DEMO_USER,
    password: kept.password,
    backendClientId: DEMO_BACKEND_CLIENT,
    backendClientSecret: kept.client_secret,
    publicClientId: DEMO_PUBLIC_CLIENT,
    redirectUris: DEMO_REDIRECT_URIS,
  };
}

/** Replicas starting at once may both create a client: the second insert loses, and the first one's is the same. */
async function ignoreDuplicate(error: unknown): Promise<void> {
  if (!/unique|duplicate/i.test(String((error as Error)?.message))) throw error;
}
