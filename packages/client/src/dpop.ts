// DPoP (RFC 9449): an ES256 key pair made with WebCrypto and the proof JWT sent with each request, plus the nonces
// servers hand out. Must not choose when to send proofs or retry: the token endpoint and the auth do that.

import { base64url, randomText, sha256, subtle } from './web-crypto.ts';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A key that proves possession: the private key signs proofs, its public JWK travels in each proof's header. */
export interface DpopKey {
  privateKey: CryptoKey;
  publicJwk: { kty: string; crv: string; x: string; y: string };
  /** Nonces servers asked for (`DPoP-Nonce`), by the URL they were given for (see `nonceScope`). */
  nonces: Map<string, string>;
}

function publicPart(jwk: JsonWebKey): DpopKey['publicJwk'] {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new TypeError('a DPoP key is an EC P-256 key');
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/**
 * A new ES256 key pair. The private key is not extractable unless asked: a browser app keeps the CryptoKey itself
 * (in IndexedDB); a program that must store it in a file (the CLI) asks `extractable: true` and uses exportDpopKey.
 */
export async function createDpopKey(options: { extractable?: boolean } = {}): Promise<DpopKey> {
  const pair = await subtle().generateKey(ALGORITHM, options.extractable ?? false, ['sign', 'verify']);
  // A public key is always exportable, whatever `extractable` says of the private one.
  const publicJwk = publicPart(await subtle().exportKey('jwk', pair.publicKey));
  return { privateKey: pair.privateKey, publicJwk, nonces: new Map() };
}

/** A key from a CryptoKeyPair kept by the app (e.g. one read back from IndexedDB). */
export async function dpopKeyFromPair(pair: CryptoKeyPair): Promise<DpopKey> {
  return {
    privateKey: pair.privateKey,
    publicJwk: publicPart(await subtle().exportKey('jwk', pair.publicKey)),
    nonces: new Map(),
  };
}

/** The private key as a JWK, to be stored where only its owner can read it; only for an extractable key. */
export async function exportDpopKey(key: DpopKey): Promise<JsonWebKey> {
  if (!key.privateKey.extractable) throw new TypeError('this DPoP key was made not extractable');
  const { kty, crv, x, y, d } = await subtle().exportKey('jwk', key.privateKey);
  return { kty, crv, x, y, d };
}

/** A key stored by exportDpopKey. */
export async function importDpopKey(jwk: JsonWebKey, options: { extractable?: boolean } = {}): Promise<DpopKey> {
  const publicJwk = publicPart(jwk);
  if (!jwk.d) throw new TypeError('the stored DPoP key has no private part');
  const privateKey = await subtle().importKey(
    'jwk',
    { ...publicJwk, d: jwk.d },
    ALGORITHM,
    options.extractable ?? true,
    ['sign'],
  );
  return { privateKey, publicJwk, nonces: new Map() };
}

/** The JWK thumbprint (RFC 7638) of the public key: what a server binds tokens to (`cnf.jkt`, `dpop_jkt`). */
export function dpopThumbprint(key: DpopKey): Promise<string> {
  const { crv, kty, x, y } = key.publicJwk;
  // Required members only, in lexicographic order, no spaces: the RFC's canonical form.
  return sha256(JSON.stringify({ crv, kty, x, y }));
}

/** `htu`: the URL without query and fragment (RFC 9449 section 4.2), scheme and host normalised by URL. */
function proofUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * Where a nonce applies: the server's origin. RFC 9449 lets an authorization server and a resource server keep
 * nonces apart (section 8, 9); at one origin they are one server (AFAS, appconnector), whose token answer hands out
 * the nonce for the calls that follow, so keeping them apart would only cost each first call a retry.
 */
export function nonceScope(url: string): string {
  return new URL(url).origin;
}

export interface ProofOptions {
  method: string;
  url: string;
  /** With an access token, the proof carries `ath`: its SHA-256, binding the proof to that token. */
  accessToken?: string | undefined;
  nonce?: string | undefined;
  /** Milliseconds since the epoch; tests and skewed clocks. */
  now?: number;
}

/** One proof JWT for one request: each has its own `jti`, so a server can refuse replays. */
export async function dpopProof(key: DpopKey, options: ProofOptions): Promise<string> {
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk };
  const payload: Record<string, unknown> = {
    jti: randomText(16),
    htm: options.method.toUpperCase(),
    htu: proofUrl(options.url),
    iat: Math.floor((options.now ?? Date.now()) / 1000),
  };
  if (options.accessToken !== undefined) payload.ath = await sha256(options.accessToken);
  if (options.nonce !== undefined) payload.nonce = options.nonce;
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  // WebCrypto's ECDSA signature is r || s (IEEE P1363), which is exactly JWS's ES256 form.
  const signature = await subtle().sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url(signature)}`;
}
