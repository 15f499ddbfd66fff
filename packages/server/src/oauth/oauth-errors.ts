// The errors of the token and revocation endpoints as RFC 6749 5.2 (and RFC 9449 for DPoP) says: a JSON body
// `{"error","error_description"}`, status 400, or 401 for invalid_client; never the AFAS error body.

import type { OAuthErrorBody, OAuthErrorCode } from '@appconnector/protocol';
import type { FastifyReply } from 'fastify';

export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }

  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}

/** Headers of every answer that carries or refuses a credential (RFC 6749 5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

export function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  return reply
    .code(error.status)
    .headers({ ...NO_STORE, ...error.headers, 'content-type': 'application/json; charset=utf-8' })
    .send(JSON.stringify({ error: error.error, error_description: error.description } satisfies OAuthErrorBody));
}
