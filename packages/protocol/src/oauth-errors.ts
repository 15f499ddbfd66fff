// The refusals of OAuth 2 as both sides spell them: the codes of RFC 6749 (5.2, 4.1.2.1), RFC 6750, RFC 7009 and
// RFC 9449, and the JSON body of a refusal. Must not render or read them: server and client each do their part.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'invalid_token'
  | 'unsupported_token_type'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce';

/**
 * The body of a refusal of the token and revocation endpoints (RFC 6749 5.2); an error redirect carries the same
 * fields in its query (4.1.2.1).
 */
export interface OAuthErrorBody {
  error: OAuthErrorCode;
  error_description?: string;
  error_uri?: string;
}
