// The pure parts of the SDK's OAuth: PKCE (RFC 7636's own example), DPoP proofs (RFC 9449) checked with WebCrypto's
// verify and node:crypto's hash as independent judges, WWW-Authenticate challenges, token answers. No server.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AfasClient,
  classicToken,
  createDpopKey,
  createPkce,
  dpopProof,
  dpopThumbprint,
  exportDpopKey,
  importDpopKey,
  OAuthClient,
  OAuthError,
  pkceChallenge,
} from '../src/index.ts';
import { challengeError } from '../src/oauth-errors.ts';
import { readTokenResponse } from '../src/oauth-tokens.ts';

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');
const part = (jwt: string, index: number) => JSON.parse(Buffer.from(jwt.split('.')[index]!, 'base64url').toString());

async function verifies(jwt: string, jwk: JsonWebKey): Promise<boolean> {
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const [header, payload, signature] = jwt.split('.');
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(signature!, 'base64url'),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

describe('PKCE', () => {
  it("gives RFC 7636 appendix B's challenge for its verifier, and refuses verifiers the RFC does not allow", async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    await expect(pkceChallenge('short')).rejects.toThrow(TypeError);
    await expect(pkceChallenge(`${'a'.repeat(43)}+`)).rejects.toThrow(TypeError);
  });

  it('makes a fresh 43-character verifier each time with its S256 challenge', async () => {
    const [a, b] = [await createPkce(), await createPkce()];
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(hash(a.verifier));
    expect(a.method).toBe('S256');
  });
});

describe('DPoP proofs', () => {
  it('signs an ES256 JWT with typ, jwk, htm, htu without query or fragment, iat, a unique jti and ath', async () => {
    const key = await createDpopKey();
    expect(key.privateKey.extractable).toBe(false);
    const url = 'HTTP://LocalHost:8080/ProfitRestServices/connectors/Profit_Employees?skip=0&take=10#x';
    const proof = await dpopProof(key, { method: 'get', url, accessToken: 'the-token', now: 1_800_000_000_123 });
    const header = part(proof, 0);
    const payload = part(proof, 1);
    expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk });
    expect(header.jwk).not.toHaveProperty('d');
    expect(payload).toMatchObject({
      htm: 'GET',
      htu: 'http://localhost:8080/ProfitRestServices/connectors/Profit_Employees',
      iat: 1_800_000_000,
      ath: hash('the-token'),
    });
    expect(payload).not.toHaveProperty('nonce');
    expect(await verifies(proof, key.publicJwk)).toBe(true);
    // A proof per request: the same request twice has two jti.
    const again = part(await dpopProof(key, { method: 'GET', url }), 1);
    expect(again.jti).not.toBe(payload.jti);
    expect(again).not.toHaveProperty('ath');
    // Another key's public half does not verify it.
    expect(await verifies(proof, (await createDpopKey()).publicJwk)).toBe(false);
  });

  it('carries a nonce when given, and a stored key signs proofs that the same public key verifies', async () => {
    const key = await createDpopKey({ extractable: true });
    const stored = await exportDpopKey(key);
    expect(stored.d).toBeTypeOf('string');
    const back = await importDpopKey(JSON.parse(JSON.stringify(stored)));
    expect(back.publicJwk).toEqual(key.publicJwk);
    const proof = await dpopProof(back, { method: 'POST', url: 'http://127.0.0.1/x/oauth/token', nonce: 'n-1' });
    expect(part(proof, 1).nonce).toBe('n-1');
    expect(await verifies(proof, key.publicJwk)).toBe(true);
    await expect(exportDpopKey(await createDpopKey())).rejects.toThrow(/not extractable/);
    const { crv, kty, x, y } = key.publicJwk;
    expect(await dpopThumbprint(key)).toBe(hash(`{"crv":"${crv}","kty":"${kty}","x":"${x}","y":"${y}"}`));
  });
});

describe('OAuth answers', () => {
  it('reads WWW-Authenticate errors per scheme, with several challenges in one header', () => {
    expect(challengeError('Bearer error="invalid_token", error_description="expired, sorry"')).toBe('invalid_token');
    const both = 'Bearer realm="afas", error="invalid_token", DPoP algs="ES256", error="use_dpop_nonce"';
    expect(challengeError(both, 'DPoP')).toBe('use_dpop_nonce');
    expect(challengeError(both, 'Bearer')).toBe('invalid_token');
    expect(challengeError('DPoP error="use_dpop_nonce"', 'Bearer')).toBeUndefined();
    expect(challengeError('AfasToken realm="profit"')).toBeUndefined();
  });

  it('reads token answers into an expiry moment, keeping the refresh token when none is sent', () => {
    const tokens = readTokenResponse({ access_token: 'a', token_type: 'bearer', expires_in: 3600 }, 1000, {
      accessToken: 'old',
      tokenType: 'Bearer',
      expiresAt: 0,
      refreshToken: 'r-old',
    });
    expect(tokens).toEqual({ accessToken: 'a', tokenType: 'Bearer', expiresAt: 3_601_000, refreshToken: 'r-old' });
    expect(() => readTokenResponse({ token_type: 'Bearer' }, 0)).toThrow(OAuthError);
    expect(() => readTokenResponse({ access_token: 'a', token_type: 'mac' }, 0)).toThrow(/Bearer or DPoP/);
  });

  it('builds the authorization URL and reads the redirect: state checked first, errors typed', () => {
    const oauth = new OAuthClient({ baseUrl: 'http://127.0.0.1:9/ProfitRestServices', clientId: 'app one' });
    const url = new URL(
      oauth.authorizationUrl({ redirectUri: 'http://127.0.0.1:5000/callback', state: 's1', codeChallenge: 'c' }),
    );
    expect(url.pathname).toBe('/ProfitRestServices/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'app one',
      redirect_uri: 'http://127.0.0.1:5000/callback',
      state: 's1',
      code_challenge: 'c',
      code_challenge_method: 'S256',
    });
    expect(OAuthClient.readCallback('http://127.0.0.1:5000/callback?code=abc&state=s1', 's1').code).toBe('abc');
    const forged = () => OAuthClient.readCallback('http://x/callback?code=abc&state=other', 's1');
    expect(forged).toThrow(expect.objectContaining({ error: 'invalid_state' }));
    const denied = () =>
      OAuthClient.readCallback('http://x/cb?error=access_denied&error_description=no&state=s1', 's1');
    expect(denied).toThrow(expect.objectContaining({ error: 'access_denied', errorDescription: 'no' }));
    expect(() => oauth.authorizationUrl({ redirectUri: 'x', state: '', codeChallenge: 'c' })).toThrow(/state/);
  });

  it('sends a client secret by HTTP Basic form-encoded first (RFC 6749 2.3.1), or in the body', async () => {
    const sent: { authorization: string | null; body: string }[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      sent.push({ authorization: new Headers(init.headers).get('authorization'), body: String(init.body) });
      return new Response('{"access_token":"a","token_type":"Bearer"}');
    };
    const options = {
      baseUrl: 'http://127.0.0.1:9/ProfitRestServices',
      clientId: 'app one',
      clientSecret: 'p:ss/é+',
      fetch,
    };
    await new OAuthClient(options).clientCredentials();
    await new OAuthClient({ ...options, clientAuthentication: 'body' }).clientCredentials();
    // node's Buffer as the independent judge of the base64 of the UTF-8 bytes.
    expect(sent[0]).toEqual({
      authorization: `Basic ${Buffer.from('app+one:p%3Ass%2F%C3%A9%2B').toString('base64')}`,
      body: 'grant_type=client_credentials',
    });
    expect(sent[1]!.authorization).toBeNull();
    expect(Object.fromEntries(new URLSearchParams(sent[1]!.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app one',
      client_secret: 'p:ss/é+',
    });
  });

  it('a client takes a token or an auth, one of the two (the compiler says so too)', async () => {
    const baseUrl = 'http://127.0.0.1:9/ProfitRestServices';
    const token = 'AB'.repeat(32);
    // @ts-expect-error: no credentials
    expect(() => new AfasClient({ baseUrl })).toThrow(/a token or an auth/);
    // @ts-expect-error: both
    expect(() => new AfasClient({ baseUrl, token, auth: classicToken(token) })).toThrow(/one of the two/);
    // A classic token as an Auth sends what the token option sends.
    const sent: string[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get('authorization')!);
      return new Response('{"version":"x"}');
    };
    await new AfasClient({ baseUrl, token, fetch }).profitVersion();
    await new AfasClient({ baseUrl, auth: classicToken(token), fetch }).profitVersion();
    expect(sent[0]).toMatch(/^AfasToken /);
    expect(sent[1]).toBe(sent[0]);
  });
});
