// Client authentication at the token and revocation endpoints (RFC 6749 2.3.1): client_id and client_secret in
// the body or by HTTP Basic (never both); public clients send client_id alone. Secrets compared by hash.

import type { AppConnector } from '../admin/app-connectors.ts';
import type { OAuthClientRow } from '../db/oauth-tables.ts';
import { findClientRow } from './clients.ts';
import type { OAuthContext } from './oauth-context.ts';
import { OAuthError } from './oauth-errors.ts';
import { hashSecret, sameText } from './secrets.ts';

export interface AuthenticatedClient {
  row: OAuthClientRow;
  appConnector: AppConnector;
  confidential: boolean;
}

/** application/x-www-form-urlencoded decoding of a Basic credential's parts (RFC 6749 2.3.1). */
function formDecode(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_request', 'HTTP Basic credentials must be client_id:client_secret');
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_request', 'HTTP Basic credentials are not form-encoded');
  }
}

export async function authenticateClient(
  context: OAuthContext,
  environment: string,
  authorization: string | undefined,
  params: URLSearchParams,
): Promise<AuthenticatedClient> {
  const basic = basicCredentials(authorization);
  // RFC 6749 5.2: invalid_client answers 401, with a challenge when the client used the Authorization header.
  const refuse = (description: string) =>
    new OAuthError(
      'invalid_client',
      description,
      basic ? { 'www-authenticate': 'Basic realm="ProfitRestServices", charset="UTF-8"' } : {},
    );
  if (basic && params.has('client_secret'))
    throw new OAuthError('invalid_request', 'authenticate the client one way: HTTP Basic or client_secret, not both');
  if (basic && params.has('client_id') && params.get('client_id') !== basic.id)
    throw new OAuthError('invalid_request', 'client_id differs from the HTTP Basic user');
  const clientId = basic?.id ?? params.get('client_id');
  const secret = basic?.secret ?? params.get('client_secret');
  if (!clientId) throw refuse('client authentication failed: no client_id');
  const row = await findClientRow(context.db, clientId);
  const appConnector = row ? await context.appConnectors(Number(row.app_connector_id)) : undefined;
  // A client of another environment is unknown here, as tokens are.
  if (!row || !appConnector || appConnector.environment !== environment)
    throw refuse('client authentication failed: unknown client');
  if (row.secret_hash) {
    if (!secret || !sameText(hashSecret(secret), row.secret_hash))
      throw refuse('client authentication failed: wrong or missing client secret');
  } else if (secret) throw refuse('client authentication failed: a public client has no secret');
  return { row, appConnector, confidential: row.secret_hash !== null };
}
