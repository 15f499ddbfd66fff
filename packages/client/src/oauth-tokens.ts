// The tokens an authorization server gives (RFC 6749 section 5.1) in the form apps keep: JSON-safe, with the
// expiry as a moment rather than a duration. Must not perform requests.

import { OAuthError } from './oauth-errors.ts';

export interface OAuthTokens {
  accessToken: string;
  /** `DPoP` when the token is bound to a DPoP key (every call then needs a proof), else `Bearer`. */
  tokenType: 'Bearer' | 'DPoP';
  /** When the access token expires, in ms since the epoch; undefined when the server did not say. */
  expiresAt: number | undefined;
  /** Code flow only; rotated on each refresh, so keep the newest (see `onTokens`). */
  refreshToken?: string;
  scope?: string;
}

/** The tokens of a successful token-endpoint answer; refuses an answer that is not one. */
export function readTokenResponse(body: unknown, now: number, previous?: OAuthTokens): OAuthTokens {
  const json = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const accessToken = json.access_token;
  const type = typeof json.token_type === 'string' ? json.token_type.toLowerCase() : '';
  if (typeof accessToken !== 'string' || accessToken === '' || (type !== 'bearer' && type !== 'dpop')) {
    throw new OAuthError('invalid_response', {
      errorDescription: 'the token endpoint answered without an access_token of type Bearer or DPoP',
      body,
    });
  }
  const expiresIn = Number(json.expires_in);
  const tokens: OAuthTokens = {
    accessToken,
    tokenType: type === 'dpop' ? 'DPoP' : 'Bearer',
    expiresAt: json.expires_in !== undefined && Number.isFinite(expiresIn) ? now + expiresIn * 1000 : undefined,
  };
  // A refresh answer without a refresh_token leaves the old one valid (RFC 6749 section 6).
  const refreshToken = typeof json.refresh_token === 'string' ? json.refresh_token : previous?.refreshToken;
  if (refreshToken) tokens.refreshToken = refreshToken;
  const scope = typeof json.scope === 'string' ? json.scope : previous?.scope;
  if (scope) tokens.scope = scope;
  return tokens;
}

/** Tokens read back from storage (a profile, localStorage): the same shape, checked. */
export function checkTokens(value: unknown): OAuthTokens {
  const json = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (
    typeof json.accessToken !== 'string' ||
    (json.tokenType !== 'Bearer' && json.tokenType !== 'DPoP') ||
    (json.expiresAt !== undefined && typeof json.expiresAt !== 'number') ||
    (json.refreshToken !== undefined && typeof json.refreshToken !== 'string')
  ) {
    throw new TypeError('stored OAuth tokens: expected {accessToken, tokenType, expiresAt?, refreshToken?}');
  }
  return json as unknown as OAuthTokens;
}
