// OAuth clients per App Connector: confidential (a secret, shown once, kept as a hash) or public (none), with their
// redirect URIs, and how a presented redirect URI is matched (exactly; a loopback URI on any port, RFC 8252 7.3).

import { randomBytes } from 'node:crypto';
import { type AppConnector, findAppConnector, listAppConnectors } from '../admin/app-connectors.ts';
import { AdminError } from '../admin/environments.ts';
import type { Database } from '../db/database.ts';
import type { OAuthClientRow } from '../db/oauth-tables.ts';
import { hashSecret, newSecret } from './secrets.ts';

export interface OAuthClient {
  clientId: string;
  name: string;
  environment: string;
  appConnector: string;
  appConnectorId: number;
  type: 'confidential' | 'public';
  userId: string | null;
  redirectUris: string[];
  createdAt: string;
}

export interface CreatedOAuthClient extends OAuthClient {
  /** The secret of a confidential client, shown once. */
  clientSecret: string | null;
}

export interface CreateClientOptions {
  environment: string;
  appConnector: string;
  name: string;
  type: 'confidential' | 'public';
  /** The user whose rights client_credentials tokens carry (confidential clients). */
  userId?: string;
  redirectUris?: string[];
  /** Given only by the demo, which prints its client's secret at every start. */
  clientId?: string;
  clientSecret?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new AdminError(`redirect URI '${uri}' is not an absolute URL`);
  }
  // RFC 6749 3.1.2: absolute, no fragment. Plain http only for this machine (RFC 8252 7.3, 8.3).
  if (url.hash || uri.includes('#')) throw new AdminError(`redirect URI '${uri}' may not have a fragment`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    throw new AdminError(`redirect URI '${uri}' must use https (http only for 127.0.0.1, [::1] or localhost)`);
}

const LOOPBACK_URI = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::\d{1,5})?([/?].*)?$/;

/** The text of a loopback http URI without its port; undefined for any other URI. */
function withoutLoopbackPort(uri: string): string | undefined {
  const match = LOOPBACK_URI.exec(uri);
  return match ? `http://${match[1]}${match[2] ?? ''}` : undefined;
}

/** Whether `presented` is one of the client's redirect URIs: the exact text, but any port of a loopback http URI. */
export function redirectUriAllowed(registered: readonly string[], presented: string): boolean {
  if (registered.includes(presented)) return true;
  // The native app listens on a port the system chose (RFC 8252 7.3); everything else must be the same text.
  const bare = withoutLoopbackPort(presented);
  return bare !== undefined && registered.some((uri) => withoutLoopbackPort(uri) === bare);
}

function fromRow(row: OAuthClientRow, appConnector: { name: string; environment: string }): OAuthClient {
  return {
    clientId: row.client_id,
    name: row.name,
    environment: appConnector.environment,
    appConnector: appConnector.name,
    appConnectorId: Number(row.app_connector_id),
    type: row.secret_hash ? 'confidential' : 'public',
    userId: row.user_id,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    createdAt: row.created_at,
  };
}

export async function createOAuthClient(db: Database, options: CreateClientOptions): Promise<CreatedOAuthClient> {
  const appConnector = await findAppConnector(db, options.environment, options.appConnector);
  const redirectUris = options.redirectUris ?? [];
  for (const uri of redirectUris) checkRedirectUri(uri);
  if (options.type === 'public' && redirectUris.length === 0)
    throw new AdminError(
      'a public client needs at least one --redirect-uri (it can only use the authorization code flow)',
    );
  if (options.type === 'confidential' && !options.userId && redirectUris.length === 0)
    throw new AdminError('give --user (for client credentials) or --redirect-uri (for the authorization code flow)');
  if (options.userId !== undefined && !/^[\w.@-]{1,100}$/.test(options.userId))
    throw new AdminError(`user id '${options.userId}' may hold letters, digits and _ . @ - only`);
  const clientId = options.clientId ?? randomBytes(16).toString('hex');
  const secret = options.type === 'confidential' ? (options.clientSecret ?? newSecret()) : null;
  const row: OAuthClientRow = {
    client_id: clientId,
    app_connector_id: appConnector.id,
    name: options.name,
    secret_hash: secret === null ? null : hashSecret(secret),
    user_id: options.userId ?? null,
    redirect_uris: JSON.stringify(redirectUris),
    created_at: new Date().toISOString(),
  };
  await db.kysely.withSchema(db.systemSchema).insertInto('oauth_clients').values(row).execute();
  return { ...fromRow(row, appConnector), clientSecret: secret };
}

export async function listOAuthClients(db: Database, environment: string, appConnectorName?: string) {
  const appConnectors: AppConnector[] = [];
  if (appConnectorName) appConnectors.push(await findAppConnector(db, environment, appConnectorName));
  else appConnectors.push(...(await listAppConnectors(db, environment)));
  if (appConnectors.length === 0) return [];
  const byId = new Map(appConnectors.map((a) => [a.id, a]));
  const rows = (await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('oauth_clients')
    .selectAll()
    .where('app_connector_id', 'in', [...byId.keys()])
    .orderBy('created_at')
    .orderBy('client_id')
    .execute()) as OAuthClientRow[];
  return rows.map((row) => fromRow(row, byId.get(Number(row.app_connector_id))!));
}

/** Deletes a client and revokes every token it was given; answers whether it existed. */
export async function deleteOAuthClient(db: Database, environment: string, clientId: string): Promise<boolean> {
  const client = (await listOAuthClients(db, environment)).find((c) => c.clientId === clientId);
  if (!client)
    throw new AdminError(`OAuth client '${clientId}' does not exist in environment ${environment}`, 'notFound');
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .withSchema(db.systemSchema)
      .updateTable('oauth_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx.withSchema(db.systemSchema).deleteFrom('oauth_codes').where('client_id', '=', clientId).execute();
    await trx.withSchema(db.systemSchema).deleteFrom('oauth_clients').where('client_id', '=', clientId).execute();
  });
  return true;
}

/** A client by id, with its secret's hash, for the endpoints. */
export async function findClientRow(db: Database, clientId: string): Promise<OAuthClientRow | undefined> {
  return (await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('oauth_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst()) as OAuthClientRow | undefined;
}
