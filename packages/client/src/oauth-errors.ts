// OAuthError: a refusal of the authorization server (token, authorize, revoke) in RFC 6749's terms, kept apart
// from AfasError (refusals of the App Connector API itself). Must not perform requests.

import type { OAuthErrorBody, OAuthErrorCode as WireOAuthErrorCode } from '@appconnector/protocol';

/** The codes of RFC 6749, 6750, 7009 and 9449 (see the protocol package); other text is possible and kept as is. */
export type OAuthErrorCode = WireOAuthErrorCode | (string & {});

export interface OAuthErrorDetails {
  errorDescription?: string | undefined;
  errorUri?: string | undefined;
  /** HTTP status of the answer; undefined for an error that came back in a redirect. */
  status?: number | undefined;
  headers?: Headers | undefined;
  body?: unknown;
  cause?: unknown;
}

export class OAuthError extends Error {
  /** The RFC 6749 `error` code, e.g. `invalid_grant`: what a program branches on. */
  readonly error: OAuthErrorCode;
  readonly errorDescription: string | undefined;
  readonly errorUri: string | undefined;
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  readonly body: unknown;

  constructor(error: OAuthErrorCode, details: OAuthErrorDetails = {}) {
    const status = details.status === undefined ? '' : `${details.status} `;
    super(
      `${status}${error}${details.errorDescription ? `: ${details.errorDescription}` : ''}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'OAuthError';
    this.error = error;
    this.errorDescription = details.errorDescription;
    this.errorUri = details.errorUri;
    this.status = details.status;
    this.headers = details.headers;
    this.body = details.body;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The error of a failed token-endpoint answer (RFC 6749 section 5.2); a body that is no such JSON is kept. */
export function oauthErrorFromResponse(status: number, headers: Headers, bodyText: string): OAuthError {
  let body: unknown = bodyText;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // Not JSON (a proxy's page): the status still says what failed.
  }
  // The wire's field names, each still to be checked: a proxy or another server may answer anything.
  const json: { [K in keyof OAuthErrorBody]?: unknown } = typeof body === 'object' && body !== null ? body : {};
  return new OAuthError(text(json.error) ?? (status >= 500 ? 'server_error' : 'invalid_request'), {
    errorDescription: text(json.error_description) ?? (text(json.error) ? undefined : `unexpected answer ${status}`),
    errorUri: text(json.error_uri),
    status,
    headers,
    body,
  });
}

/**
 * `error` of a `WWW-Authenticate` challenge of the given scheme (`Bearer`, `DPoP`), or of any when none is given. A
 * header may hold several challenges (`Bearer error="invalid_token", DPoP error="use_dpop_nonce"`): each error
 * parameter belongs to the last scheme name before it.
 */
export function challengeError(header: string | null | undefined, scheme?: string): string | undefined {
  if (!header) return undefined;
  const schemes = [...header.matchAll(/(?:^|,)\s*([A-Za-z][A-Za-z0-9_-]*)(?=\s+[A-Za-z0-9_-]+=|\s*(?:,|$))/g)].map(
    (m) => ({ name: m[1]!.toLowerCase(), at: m.index! }),
  );
  for (const error of header.matchAll(/(?:^|[\s,])error\s*=\s*(?:"([^"]*)"|([^\s,]*))/gi)) {
    const owner = schemes.filter((s) => s.at <= error.index!).at(-1);
    if (scheme === undefined || owner?.name === scheme.toLowerCase()) return error[1] ?? error[2];
  }
  return undefined;
}
