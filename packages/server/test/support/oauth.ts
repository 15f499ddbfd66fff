// Helpers of the OAuth tests: form posts to the token endpoint, PKCE pairs, DPoP proofs made with WebCrypto (as a
// browser or the SDK would), all over real HTTP against a started test server.

import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { createOAuthClient } from '../../src/oauth/clients.ts';
import type { TestServer } from './harness.ts';

export function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

export function basic(id: string, secret: string): string {
  const encode = (text: string) => encodeURIComponent(text).replaceAll('%20', '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

export function postForm(url: string, values: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(values),
  });
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface DpopKey {
  sign(claims: {
    htm: string;
    htu: string;
    nonce?: string;
    accessToken?: string;
    jti?: string;
    iat?: number;
  }): Promise<string>;
}

/** An ES256 key pair and proofs signed with it (RFC 9449 4.2). */
export async function dpopKey(): Promise<DpopKey> {
  const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    async sign(claims) {
      const header = b64({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } });
      const payload = b64({
        htm: claims.htm,
        htu: claims.htu,
        iat: claims.iat ?? Math.floor(Date.now() / 1000),
        jti: claims.jti ?? randomBytes(16).toString('base64url'),
        ...(claims.nonce ? { nonce: claims.nonce } : {}),
        ...(claims.accessToken ? { ath: createHash('sha256').update(claims.accessToken).digest('base64url') } : {}),
      });
      const signature = await webcrypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        pair.privateKey,
        Buffer.from(`${header}.${payload}`),
      );
      return `${header}.${payload}.${Buffer.from(signature).toString('base64url')}`;
    },
  };
}

/** Loads the authorization page and posts its form as a browser would (cookie, hidden fields): the raw answer. */
export async function submitAuthorizePage(authorizeUrl: string, answer: Record<string, string>): Promise<Response> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`the authorization page answered ${page.status}`);
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const html = await page.text();
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!
        .replaceAll('&quot;', '"')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&#39;', "'")
        .replaceAll('&amp;', '&'),
    ]),
  );
  return fetch(authorizeUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ ...hidden, ...answer }).toString(),
  });
}

/** A confidential client of the test App Connector `Tests` in O12345AA, acting as user `tester`. */
export async function createBackendClient(server: TestServer): Promise<{ clientId: string; clientSecret: string }> {
  const created = await createOAuthClient(server.runtime.db, {
    environment: 'O12345AA',
    appConnector: 'Tests',
    name: 'Backend',
    type: 'confidential',
    userId: 'tester',
  });
  return { clientId: created.clientId, clientSecret: created.clientSecret! };
}

/** The rows the OAuth tests read through Test_People: four people of one team. */
export const FOUR_PEOPLE = {
  teams: [{ id: 1, title: 'Sales' }],
  people: [1, 2, 3, 4].map((id) => ({
    id,
    name: `Person ${id}`,
    city: 'Utrecht',
    age: 30 + id,
    salary: 1000 * id,
    born: '1990-01-01',
    active: true,
    team_id: 1,
    modified_at: '2024-01-01T10:00:00',
  })),
};
