// How the client proves who it is: the Auth interface the request core calls on every attempt, and the classic
// AfasToken as one Auth. Must not perform requests itself; OAuth's Auth (oauth-auth.ts) calls the token endpoint.

import { authorizationHeader, normalizeToken } from '@appconnector/protocol';
import type { AfasError } from './errors.ts';

/** The request an attempt is about to send (its full URL, query included). */
export interface AuthTarget {
  method: string;
  url: string;
}

/** One call across its attempts: what the last attempt sent, and which renewals it already had. */
export interface AuthCall {
  sent: Record<string, string>;
  /** Kinds of retry already spent on this call (`nonce`, `renew`): each happens once at most. */
  retried: Set<string>;
}

export interface Auth {
  /** The headers (Authorization, DPoP) of one attempt; may renew a token first. */
  headers(target: AuthTarget, signal?: AbortSignal): Promise<Record<string, string>> | Record<string, string>;
  /**
   * An attempt was refused with a status: whether the call should be sent once more (after a renewal, or with a
   * nonce the server asked for). Refusals of authentication happen before the server does anything, so writes
   * may be sent again too.
   */
  refused?(error: AfasError, target: AuthTarget, call: AuthCall, signal?: AbortSignal): Promise<boolean>;
  /** Every answer's headers, success or not: servers hand out DPoP nonces on any answer. */
  answered?(headers: Headers, target: AuthTarget): void;
}

/** A classic token (`Authorization: AfasToken base64(xml)`), in any form a user pastes: XML, 64 hex, base64. */
export function classicToken(token: string): Auth {
  // Normalised once: whatever form the user pasted, every call sends the same header.
  const headers = { Authorization: authorizationHeader(normalizeToken(token)) };
  return { headers: () => headers };
}
