// POST /ProfitRestServices/oauth/token (RFC 6749 3.2, 4.1.3, 4.4, 6; RFC 9449 5) and POST .../oauth/revoke
// (RFC 7009): form-encoded only, client authentication, DPoP when a proof is sent (always for public clients),
// answers with Cache-Control: no-store, errors as RFC 6749 5.2. A GET on the token endpoint is invalid_request.

import { CodedError } from '@appconnector/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthenticatedClient, authenticateClient } from './client-auth.ts';
import { DpopFailure } from './dpop.ts';
import { formParams } from './form-body.ts';
import { authorizationCodeGrant, clientCredentialsGrant, type GrantRequest, refreshTokenGrant } from './grants.ts';
import { type OAuthContext, requestUrl } from './oauth-context.ts';
import { NO_STORE, OAuthError, sendOAuthError } from './oauth-errors.ts';
import { hashSecret } from './secrets.ts';
import { findTokenRow, revokeFamily, revokeToken } from './token-store.ts';

export const TOKEN_PATH = '/ProfitRestServices/oauth/token';
export const REVOKE_PATH = '/ProfitRestServices/oauth/revoke';

const GRANTS = {
  authorization_code: authorizationCodeGrant,
  client_credentials: clientCredentialsGrant,
  refresh_token: refreshTokenGrant,
} as const;

function environmentOf(request: FastifyRequest): string {
  if (!request.environment) throw new CodedError('unknownEnvironment', { host: request.headers.host ?? '' });
  return request.environment.name;
}

/** The key of the request's DPoP proof; public clients must send one. use_dpop_nonce carries a fresh nonce. */
async function proofKey(context: OAuthContext, request: FastifyRequest, client: AuthenticatedClient) {
  const proof = request.headers.dpop;
  if (proof === undefined && client.confidential) return null;
  if (Array.isArray(proof)) throw new OAuthError('invalid_dpop_proof', 'send one DPoP header');
  try {
    return await context.dpop.verify(proof, { method: 'POST', url: requestUrl(request), now: context.now() });
  } catch (error) {
    if (!(error instanceof DpopFailure)) throw error;
    if (error.kind === 'nonce')
      throw new OAuthError('use_dpop_nonce', error.description, {
        'dpop-nonce': await context.dpop.newNonce(context.now()),
      });
    const description = proof === undefined ? 'public clients must send a DPoP proof (RFC 9449)' : error.description;
    throw new OAuthError('invalid_dpop_proof', description);
  }
}

async function token(context: OAuthContext, request: FastifyRequest, reply: FastifyReply) {
  const params = formParams(request);
  const grantType = params.get('grant_type');
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  const client = await authenticateClient(context, environmentOf(request), request.headers.authorization, params);
  if (!Object.hasOwn(GRANTS, grantType))
    throw new OAuthError(
      'unsupported_grant_type',
      'grant_type must be authorization_code, client_credentials or refresh_token',
    );
  const grant = GRANTS[grantType as keyof typeof GRANTS];
  if ((await context.settings.mode(client.appConnector.id)) === 'classic')
    throw new OAuthError(
      'unauthorized_client',
      `App Connector ${client.appConnector.name} accepts classic tokens only: an administrator sets its mode to hybrid or oauth`,
    );
  const jkt = await proofKey(context, request, client);
  const grantRequest: GrantRequest = { client, params, jkt };
  const issued = await grant(context, grantRequest);
  const body: Record<string, string | number> = {
    access_token: issued.accessToken,
    token_type: jkt ? 'DPoP' : 'Bearer',
    expires_in: issued.expiresIn,
  };
  if (issued.refreshToken) body.refresh_token = issued.refreshToken;
  // The nonce for the client's next proofs (its calls with the token), so its first call needs no retry.
  if (jkt) reply.header('dpop-nonce', await context.dpop.newNonce(context.now()));
  return reply
    .code(200)
    .headers({ ...NO_STORE, 'content-type': 'application/json; charset=utf-8' })
    .send(JSON.stringify(body));
}

/** RFC 7009: a refresh token takes its whole grant with it; unknown tokens and other clients' answer 200 too. */
async function revoke(context: OAuthContext, request: FastifyRequest, reply: FastifyReply) {
  const params = formParams(request);
  const text = params.get('token');
  if (!text) throw new OAuthError('invalid_request', 'token is required');
  const client = await authenticateClient(context, environmentOf(request), request.headers.authorization, params);
  const row = await findTokenRow(context.db, text);
  if (row && row.client_id === client.row.client_id) {
    const now = context.now();
    if (row.kind === 'refresh') await revokeFamily(context.db, row.family_id, now);
    else await revokeToken(context.db, hashSecret(text), now);
  }
  return reply.code(200).headers(NO_STORE).send();
}

export function registerTokenRoutes(app: FastifyInstance, context: OAuthContext): void {
  const guarded =
    (handler: (context: OAuthContext, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await handler(context, request, reply);
      } catch (error) {
        if (error instanceof OAuthError) return sendOAuthError(reply, error);
        throw error;
      }
    };
  const wrongMethod = guarded(async () => {
    throw new OAuthError('invalid_request', 'send the token request as a POST with a form-encoded body');
  });
  app.post(TOKEN_PATH, { config: { public: true } }, guarded(token));
  app.get(TOKEN_PATH, { config: { public: true } }, wrongMethod);
  app.post(REVOKE_PATH, { config: { public: true } }, guarded(revoke));
}
