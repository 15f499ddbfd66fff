// PKCE (RFC 7636) with S256 only: the code_challenge a client sends to /authorize and the verifier it proves at
// /token. `plain` is refused, as PROTOCOL.md 2 and OAuth 2.1 say.

import { createHash } from 'node:crypto';
import { sameText } from './secrets.ts';

/** 43 to 128 unreserved characters (RFC 7636 4.1). */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** The base64url of a SHA-256: 43 characters. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function challengeWellFormed(challenge: string): boolean {
  return CHALLENGE.test(challenge);
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  return sameText(createHash('sha256').update(verifier, 'ascii').digest('base64url'), challenge);
}
