// The Auth of OAuth access tokens: Bearer or DPoP headers, renewal before expiry with one renewal at a time however
// many calls wait, one retry after `invalid_token` or `use_dpop_nonce`. Must not know how tokens are obtained:
// the renew function given (client credentials or refresh) does that.

import type { Auth, AuthCall, AuthTarget } from './auth.ts';
import { type DpopKey, dpopProof, nonceScope } from './dpop.ts';
import type { AfasError } from './errors.ts';
import { challengeError } from './oauth-errors.ts';
import type { OAuthTokens } from './oauth-tokens.ts';

export interface TokenAuthOptions {
  /** Tokens already held (read back from storage); without them the first call obtains some. */
  tokens?: OAuthTokens | undefined;
  /** Called with every new set of tokens (after each renewal), awaited: persist them here, the refresh token rotates. */
  onTokens?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /** Renew this many seconds before the access token expires. Default 60. */
  renewBeforeSeconds?: number | undefined;
}

export interface TokenAuthSetup extends TokenAuthOptions {
  renew: (current: OAuthTokens | undefined, signal?: AbortSignal) => Promise<OAuthTokens>;
  dpop?: DpopKey | undefined;
  now: () => number;
}

export class TokenAuth implements Auth {
  #tokens: OAuthTokens | undefined;
  #renewal: Promise<OAuthTokens> | undefined;
  readonly #setup: TokenAuthSetup;
  readonly #renewBeforeMs: number;
  /** Token requests sent by this auth (renewals and first tokens): for tests and metrics. */
  renewals = 0;

  constructor(setup: TokenAuthSetup) {
    this.#setup = setup;
    this.#tokens = setup.tokens;
    this.#renewBeforeMs = (setup.renewBeforeSeconds ?? 60) * 1000;
    if (!(this.#renewBeforeMs >= 0)) throw new RangeError('renewBeforeSeconds must be >= 0');
  }

  /** The tokens in use now (undefined before the first call obtained them). */
  get tokens(): OAuthTokens | undefined {
    return this.#tokens;
  }

  /** Current tokens, renewed first when they expire within the margin. */
  async current(signal?: AbortSignal): Promise<OAuthTokens> {
    const tokens = this.#tokens;
    if (tokens && (tokens.expiresAt === undefined || tokens.expiresAt - this.#renewBeforeMs > this.#setup.now())) {
      return tokens;
    }
    return this.renew(signal);
  }

  /**
   * New tokens now. Calls that arrive while a renewal runs share it: one token request, however many calls wait
   * (a refresh token works once; a second refresh with it would revoke the whole family).
   */
  renew(signal?: AbortSignal): Promise<OAuthTokens> {
    if (this.#renewal === undefined) {
      this.renewals++;
      const renewal = (async () => {
        // Not the caller's signal: other calls share this renewal, one caller's abort must not fail them all.
        const next = await this.#setup.renew(this.#tokens);
        this.#tokens = next;
        await this.#setup.onTokens?.(next);
        return next;
      })();
      this.#renewal = renewal;
      renewal.then(
        () => {
          this.#renewal = undefined;
        },
        () => {
          this.#renewal = undefined;
        },
      );
    }
    const shared = this.#renewal;
    if (!signal) return shared;
    return new Promise((resolve, reject) => {
      signal.throwIfAborted();
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      shared.then(resolve, reject);
    });
  }

  async headers(target: AuthTarget, signal?: AbortSignal): Promise<Record<string, string>> {
    return this.#headersFor(await this.current(signal), target);
  }

  async #headersFor(tokens: OAuthTokens, target: AuthTarget): Promise<Record<string, string>> {
    const { dpop } = this.#setup;
    if (tokens.tokenType !== 'DPoP') return { Authorization: `Bearer ${tokens.accessToken}` };
    if (!dpop) throw new TypeError('these tokens are DPoP-bound: give the DPoP key they were issued to');
    const proof = await dpopProof(dpop, {
      method: target.method,
      url: target.url,
      accessToken: tokens.accessToken,
      nonce: dpop.nonces.get(nonceScope(target.url)),
      now: this.#setup.now(),
    });
    return { Authorization: `DPoP ${tokens.accessToken}`, DPoP: proof };
  }

  async refused(error: AfasError, target: AuthTarget, call: AuthCall, signal?: AbortSignal): Promise<boolean> {
    if (error.status !== 401) return false;
    const challenge = error.headers?.get('www-authenticate');
    const nonce = error.headers?.get('dpop-nonce');
    if (challengeError(challenge, 'DPoP') === 'use_dpop_nonce' && nonce && this.#setup.dpop) {
      if (call.retried.has('nonce')) return false;
      call.retried.add('nonce');
      this.#setup.dpop.nonces.set(nonceScope(target.url), nonce);
      return true;
    }
    if (challengeError(challenge) !== 'invalid_token' || call.retried.has('renew')) return false;
    call.retried.add('renew');
    const sentToken = call.sent.Authorization?.replace(/^\S+\s+/, '');
    // Another call may have renewed meanwhile: then its tokens are tried, without a second renewal.
    if (this.#tokens === undefined || this.#tokens.accessToken === sentToken) await this.renew(signal);
    return true;
  }

  answered(headers: Headers, target: AuthTarget): void {
    const nonce = headers.get('dpop-nonce');
    if (nonce && this.#setup.dpop) this.#setup.dpop.nonces.set(nonceScope(target.url), nonce);
  }
}
