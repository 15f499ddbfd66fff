// DPoP (RFC 9449): checks a proof JWT (ES256, its public key in the `jwk` header; htm, htu, iat, jti, ath, nonce),
// refuses a replayed jti, and hands out the nonces proofs must carry. Verified with node:crypto only.

import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { hashSecret } from './secrets.ts';

/** How old (and how far ahead) a proof's iat may be; a jti is remembered as long as its proof could be accepted. */
const PAST_SECONDS = 300;
const FUTURE_SECONDS = 60;
/** How long a nonce the server handed out is accepted. */
export const NONCE_SECONDS = 300;

export class DpopFailure extends Error {
  override name = 'DpopFailure';
  constructor(
    /** `nonce`: the proof lacks the current nonce (answer use_dpop_nonce with a new one); `invalid`: anything else. */
    readonly kind: 'nonce' | 'invalid',
    readonly description: string,
  ) {
    super(description);
  }
}

export interface ProofExpectation {
  method: string;
  /** The URL the request was sent to, as the client saw it (query and fragment are ignored). */
  url: string;
  /** The access token the proof goes with (resource calls): checked against `ath`. */
  accessToken?: string;
  now: Date;
}

function base64urlJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw new DpopFailure('invalid', `the proof's ${what} is not base64url JSON`);
}

function sha256Base64url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** RFC 7638 thumbprint of a P-256 public key: the `jkt` a token is bound to. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  return sha256Base64url(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }));
}

/** `scheme://host/path` with scheme and host in lower case and default ports left out (RFC 9449 4.3, step 9). */
function normalUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

export class DpopVerifier {
  private writes = 0;

  constructor(private readonly db: Database) {}

  /** A new nonce, accepted for NONCE_SECONDS; sent in the `DPoP-Nonce` header. */
  async newNonce(now: Date): Promise<string> {
    const nonce = randomBytes(18).toString('base64url');
    await this.table()
      .insertInto('dpop_nonces')
      .values({ nonce, expires_at: new Date(now.getTime() + NONCE_SECONDS * 1000).toISOString() })
      .execute();
    await this.pruneNow(now);
    return nonce;
  }

  /** Checks a proof; answers the thumbprint of its key. Throws DpopFailure. */
  async verify(proof: string | undefined, expected: ProofExpectation): Promise<string> {
    if (!proof) throw new DpopFailure('invalid', 'send a DPoP proof in the DPoP header');
    const parts = proof.split('.');
    if (parts.length !== 3) throw new DpopFailure('invalid', 'the proof is not a JWT (three base64url parts)');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = base64urlJson(headerPart, 'header');
    const payload = base64urlJson(payloadPart, 'payload');
    if (header.typ !== 'dpop+jwt') throw new DpopFailure('invalid', 'the proof\'s typ must be "dpop+jwt"');
    if (header.alg !== 'ES256') throw new DpopFailure('invalid', 'the proof\'s alg must be "ES256"');
    const jwk = header.jwk as Record<string, unknown> | undefined;
    if (jwk?.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string')
      throw new DpopFailure('invalid', "the proof's jwk must be a P-256 public key");
    if ('d' in jwk) throw new DpopFailure('invalid', "the proof's jwk holds a private key");
    const key = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
    let good = false;
    try {
      good = verify(
        'sha256',
        Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'),
        { key: createPublicKey({ key, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
        Buffer.from(signaturePart, 'base64url'),
      );
    } catch {
      good = false;
    }
    if (!good) throw new DpopFailure('invalid', "the proof's signature does not verify with its jwk");
    if (payload.htm !== expected.method) throw new DpopFailure('invalid', `htm must be ${expected.method}`);
    const htu = typeof payload.htu === 'string' ? normalUrl(payload.htu) : undefined;
    if (htu === undefined || htu !== normalUrl(expected.url))
      throw new DpopFailure('invalid', `htu must be ${normalUrl(expected.url)}`);
    const iat = payload.iat;
    const now = Math.floor(expected.now.getTime() / 1000);
    if (typeof iat !== 'number' || iat < now - PAST_SECONDS || iat > now + FUTURE_SECONDS)
      throw new DpopFailure('invalid', 'iat must be the time the proof was made (within 5 minutes)');
    if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 200)
      throw new DpopFailure('invalid', 'jti must be a unique string of 8 to 200 characters');
    if (expected.accessToken !== undefined && payload.ath !== sha256Base64url(expected.accessToken))
      throw new DpopFailure('invalid', 'ath must be the base64url SHA-256 of the access token');
    if (typeof payload.nonce !== 'string' || !(await this.nonceValid(payload.nonce, expected.now)))
      throw new DpopFailure('nonce', 'the proof must carry the nonce of the DPoP-Nonce header');
    const jkt = jwkThumbprint(key as { crv: string; kty: string; x: string; y: string });
    // Checked last, so a proof refused for another reason does not spend its jti.
    const stored = await this.table()
      .insertInto('dpop_proofs')
      .values({
        id: hashSecret(`${jkt}:${payload.jti}`),
        expires_at: new Date((iat + PAST_SECONDS + FUTURE_SECONDS) * 1000).toISOString(),
      })
      .onConflict((c) => c.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (stored === undefined) throw new DpopFailure('invalid', 'this proof (its jti) was used before');
    await this.pruneNow(expected.now);
    return jkt;
  }

  private async nonceValid(nonce: string, now: Date): Promise<boolean> {
    const row = await this.table()
      .selectFrom('dpop_nonces')
      .select('expires_at')
      .where('nonce', '=', nonce)
      .executeTakeFirst();
    return row !== undefined && row.expires_at > now.toISOString();
  }

  /** Every 200 writes of this process, what can no longer be accepted goes (replicas may prune at once). */
  private async pruneNow(now: Date): Promise<void> {
    if (++this.writes % 200 !== 0) return;
    const at = now.toISOString();
    await this.table().deleteFrom('dpop_proofs').where('expires_at', '<', at).execute();
    await this.table().deleteFrom('dpop_nonces').where('expires_at', '<', at).execute();
  }

  private table() {
    return this.db.kysely.withSchema(this.db.systemSchema);
  }
}
