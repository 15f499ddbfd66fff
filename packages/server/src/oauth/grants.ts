// The grants of the token endpoint: authorization_code (single use, 60 s, bound to client, redirect URI and PKCE
// verifier; a replay revokes what it gave), client_credentials (confidential clients, the client's user), and
// refresh_token (single use, rotated within its family's 30 days; a replay revokes the family).

import type { AuthenticatedClient } from './client-auth.ts';
import type { OAuthContext } from './oauth-context.ts';
import { OAuthError } from './oauth-errors.ts';
import { verifierMatches } from './pkce.ts';
import {
  findCode,
  findTokenRow,
  type IssuedTokens,
  issueTokens,
  newFamilyId,
  refreshFamilyEnd,
  revokeFamily,
  spendCode,
  spendRefreshToken,
} from './token-store.ts';

export interface GrantRequest {
  client: AuthenticatedClient;
  params: URLSearchParams;
  /** Thumbprint of the DPoP key of the request's proof, if it sent one. */
  jkt: string | null;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}

export async function clientCredentialsGrant(context: OAuthContext, request: GrantRequest): Promise<IssuedTokens> {
  const { client } = request;
  if (!client.confidential)
    throw new OAuthError('unauthorized_client', 'client_credentials is for confidential clients (with a secret)');
  if (!client.row.user_id)
    throw new OAuthError('unauthorized_client', 'this client has no user for client_credentials: give it one (--user)');
  return issueTokens(
    context.db,
    {
      clientId: client.row.client_id,
      appConnectorId: client.appConnector.id,
      userId: client.row.user_id,
      jkt: request.jkt,
      familyId: newFamilyId(),
    },
    context.now(),
  );
}

export async function authorizationCodeGrant(context: OAuthContext, request: GrantRequest): Promise<IssuedTokens> {
  const { client, params } = request;
  const code = required(params, 'code');
  const redirectUri = required(params, 'redirect_uri');
  const verifier = required(params, 'code_verifier');
  const now = context.now();
  const row = await findCode(context.db, code);
  if (!row || row.client_id !== client.row.client_id)
    throw new OAuthError('invalid_grant', 'the code is unknown or was issued to another client');
  if (!(await spendCode(context.db, row.hash, now))) {
    // A second use means the code leaked: what the first use gave is revoked (RFC 6749 4.1.2).
    await revokeFamily(context.db, row.family_id, now);
    throw new OAuthError('invalid_grant', 'the code was used before; the tokens issued for it are revoked');
  }
  if (row.expires_at <= now.toISOString()) throw new OAuthError('invalid_grant', 'the code has expired');
  if (row.redirect_uri !== redirectUri)
    throw new OAuthError('invalid_grant', 'redirect_uri differs from the one of the authorization request');
  if (!verifierMatches(verifier, row.code_challenge))
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge (S256)');
  return issueTokens(
    context.db,
    {
      clientId: client.row.client_id,
      appConnectorId: client.appConnector.id,
      userId: row.user_id,
      jkt: request.jkt,
      familyId: row.family_id,
    },
    now,
    refreshFamilyEnd(now),
  );
}

export async function refreshTokenGrant(context: OAuthContext, request: GrantRequest): Promise<IssuedTokens> {
  const { client, params } = request;
  const token = required(params, 'refresh_token');
  const now = context.now();
  const row = await findTokenRow(context.db, token);
  if (row?.kind !== 'refresh' || row.client_id !== client.row.client_id)
    throw new OAuthError('invalid_grant', 'the refresh token is unknown or was issued to another client');
  if (row.revoked_at) throw new OAuthError('invalid_grant', 'the refresh token has been revoked');
  // A token bound to a key is refreshed only with a proof of that key (RFC 9449 5).
  if (row.jkt && row.jkt !== request.jkt)
    throw new OAuthError('invalid_grant', 'the refresh token is bound to another DPoP key');
  if (row.used_at || !(await spendRefreshToken(context.db, row.hash, now))) {
    // A rotated token came back: either the client or a thief holds a stale copy, so the whole family goes.
    await revokeFamily(context.db, row.family_id, now);
    throw new OAuthError('invalid_grant', 'the refresh token was used before; every token of its grant is revoked');
  }
  if (row.expires_at <= now.toISOString()) throw new OAuthError('invalid_grant', 'the refresh token has expired');
  return issueTokens(
    context.db,
    {
      clientId: client.row.client_id,
      appConnectorId: client.appConnector.id,
      userId: row.user_id,
      jkt: row.jkt ?? request.jkt,
      familyId: row.family_id,
    },
    now,
    // Rotation keeps the family's end: 30 days after the sign-in at most.
    row.expires_at,
  );
}
