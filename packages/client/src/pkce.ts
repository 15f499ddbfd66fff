// PKCE (RFC 7636) for the authorization-code flow: a random verifier and its S256 challenge.
// Must not keep the verifier anywhere: the app holds it between the redirect and the code exchange.

import { randomText, sha256 } from './web-crypto.ts';

export interface Pkce {
  /** Kept by the app until the code exchange; never sent in the authorization URL. */
  verifier: string;
  /** base64url(SHA-256(verifier)), sent in the authorization URL. */
  challenge: string;
  method: 'S256';
}

/** A verifier of 43 characters (256 random bits, the RFC's recommendation) and its S256 challenge. */
export async function createPkce(): Promise<Pkce> {
  const verifier = randomText(32);
  return { verifier, challenge: await pkceChallenge(verifier), method: 'S256' };
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The S256 challenge of a verifier; refuses one the RFC does not allow (section 4.1). */
export async function pkceChallenge(verifier: string): Promise<string> {
  if (!VERIFIER.test(verifier)) throw new TypeError('a PKCE verifier is 43 to 128 of A-Z a-z 0-9 - . _ ~');
  return sha256(verifier);
}
