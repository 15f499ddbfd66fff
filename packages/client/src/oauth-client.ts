// OAuthClient: one registered OAuth client of an App Connector server (or AFAS): the authorization URL, the code
// exchange, refresh, client credentials, revocation, and the Auth that keeps an AfasClient's tokens fresh.
// Must not call the App Connector API: AfasClient does, with the Auth this hands out.

import type { FetchLike } from './client.ts';
import type { DpopKey } from './dpop.ts';
import { TokenAuth, type TokenAuthOptions } from './oauth-auth.ts';
import { OAuthError } from './oauth-errors.ts';
import { type OAuthTokens, readTokenResponse } from './oauth-tokens.ts';
import { answerJson, type EndpointClient, postForm } from './token-endpoint.ts';
import { type EnvironmentOptions, resolveBaseUrl } from './urls.ts';

export interface OAuthClientOptions extends EnvironmentOptions {
  clientId: string;
  /** Confidential clients (servers, scripts) only; browser and desktop apps are public clients without one. */
  clientSecret?: string | undefined;
  /** Where the secret goes: `basic` (HTTP Basic, default) or `body` (client_secret in the form). */
  clientAuthentication?: 'basic' | 'body';
  /** Bind tokens to this key with DPoP (RFC 9449): public clients do, as Profit 9 asks. See createDpopKey. */
  dpop?: DpopKey | undefined;
  fetch?: FetchLike;
  /** Milliseconds for one token request. Default 30000. */
  timeout?: number;
  /** The clock (ms since the epoch) for expiry and proofs; replaceable in tests. */
  now?: () => number;
  /** Endpoints, when not the server's `{baseUrl}/oauth/authorize`, `/oauth/token`, `/oauth/revoke`. */
  authorizeUrl?: string;
  tokenUrl?: string;
  revokeUrl?: string;
}

export interface AuthorizationUrlOptions {
  redirectUri: string;
  /** Random per sign-in, checked on return (readCallback): it ties the answer to this browser's request. */
  state: string;
  /** From createPkce(): the S256 challenge. */
  codeChallenge: string;
  scope?: string;
  /** More query parameters (`prompt`, `login_hint`, ...). */
  extra?: Record<string, string>;
}

export interface CodeExchange {
  code: string;
  redirectUri: string;
  /** The PKCE verifier whose challenge went into the authorization URL. */
  codeVerifier: string;
  signal?: AbortSignal;
}

/** What came back to the redirect URI. */
export interface AuthorizationResponse {
  code: string;
  state: string;
}

export class OAuthClient {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly dpop: DpopKey | undefined;
  readonly #endpoint: EndpointClient;
  readonly #urls: { authorize: string; token: string; revoke: string };

  constructor(options: OAuthClientOptions) {
    this.baseUrl = resolveBaseUrl(options);
    if (!options.clientId) throw new TypeError('clientId must not be empty');
    this.clientId = options.clientId;
    this.dpop = options.dpop;
    if (!options.fetch && typeof globalThis.fetch !== 'function') {
      throw new TypeError('no global fetch here: pass one in the options');
    }
    this.#endpoint = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clientAuthentication: options.clientAuthentication ?? 'basic',
      dpop: options.dpop,
      fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
      timeout: options.timeout ?? 30_000,
      now: options.now ?? Date.now,
    };
    this.#urls = {
      authorize: options.authorizeUrl ?? `${this.baseUrl}/oauth/authorize`,
      token: options.tokenUrl ?? `${this.baseUrl}/oauth/token`,
      revoke: options.revokeUrl ?? `${this.baseUrl}/oauth/revoke`,
    };
  }

  /** Where to send the user's browser: response_type=code with PKCE S256 and the state. */
  authorizationUrl(options: AuthorizationUrlOptions): string {
    if (!options.state) throw new TypeError('state must not be empty: it protects the redirect against forgery');
    const url = new URL(this.#urls.authorize);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: options.redirectUri,
      state: options.state,
      code_challenge: options.codeChallenge,
      code_challenge_method: 'S256',
      ...(options.scope ? { scope: options.scope } : {}),
      ...options.extra,
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }

  /**
   * The code of the URL the browser came back to, after checking its state; the server's refusal
   * (`error=access_denied`, ...) as an OAuthError.
   */
  static readCallback(callbackUrl: string | URL, expectedState: string): AuthorizationResponse {
    const params = new URL(callbackUrl).searchParams;
    const state = params.get('state') ?? '';
    // Checked before the error too: a forged redirect must not even show its message as the server's.
    if (state !== expectedState) {
      throw new OAuthError('invalid_state', { errorDescription: 'the state of the redirect is not the one sent' });
    }
    const error = params.get('error');
    if (error) {
      throw new OAuthError(error, {
        errorDescription: params.get('error_description') ?? undefined,
        errorUri: params.get('error_uri') ?? undefined,
      });
    }
    const code = params.get('code');
    if (!code) throw new OAuthError('invalid_request', { errorDescription: 'the redirect carries no code' });
    return { code, state };
  }

  /** The authorization code for tokens (with a refresh token), proven by the PKCE verifier. */
  exchangeCode(exchange: CodeExchange): Promise<OAuthTokens> {
    return this.#grant(
      {
        grant_type: 'authorization_code',
        code: exchange.code,
        redirect_uri: exchange.redirectUri,
        code_verifier: exchange.codeVerifier,
      },
      exchange.signal,
    );
  }

  /**
   * New tokens for a refresh token. The answer's refresh token replaces the old one, which is spent: keep the new
   * tokens at once (a reused refresh token makes the server revoke every token of the sign-in).
   */
  refresh(tokens: OAuthTokens | string, options: { scope?: string; signal?: AbortSignal } = {}): Promise<OAuthTokens> {
    const held = typeof tokens === 'string' ? undefined : tokens;
    const refreshToken = typeof tokens === 'string' ? tokens : tokens.refreshToken;
    if (!refreshToken) {
      return Promise.reject(new OAuthError('invalid_grant', { errorDescription: 'there is no refresh token' }));
    }
    const params: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken };
    if (options.scope) params.scope = options.scope;
    return this.#grant(params, options.signal, held);
  }

  /** A token for the client itself (confidential clients): no user, no refresh token. */
  clientCredentials(options: { scope?: string; signal?: AbortSignal } = {}): Promise<OAuthTokens> {
    return this.#grant(
      { grant_type: 'client_credentials', ...(options.scope ? { scope: options.scope } : {}) },
      options.signal,
    );
  }

  async #grant(params: Record<string, string>, signal?: AbortSignal, previous?: OAuthTokens): Promise<OAuthTokens> {
    const answer = await postForm(this.#endpoint, this.#urls.token, params, signal);
    return readTokenResponse(answerJson(answer), this.#endpoint.now(), previous);
  }

  /**
   * RFC 7009: the server forgets the token (a refresh token takes its access tokens along). An unknown token is
   * not an error: the answer is the same, so that revocation tells nobody which tokens exist.
   */
  async revoke(
    token: string,
    options: { tokenTypeHint?: 'access_token' | 'refresh_token'; signal?: AbortSignal } = {},
  ): Promise<void> {
    const params: Record<string, string> = { token };
    if (options.tokenTypeHint) params.token_type_hint = options.tokenTypeHint;
    await postForm(this.#endpoint, this.#urls.revoke, params, options.signal);
  }

  /** An AfasClient's auth by client credentials: a token on first use, a new one before it expires. */
  clientCredentialsAuth(options: TokenAuthOptions & { scope?: string } = {}): TokenAuth {
    const { scope, ...rest } = options;
    return new TokenAuth({
      ...rest,
      renew: () => this.clientCredentials(scope ? { scope } : {}),
      dpop: this.dpop,
      now: this.#endpoint.now,
    });
  }

  /**
   * An AfasClient's auth with the tokens of a sign-in (code flow): refreshed before they expire, each rotated
   * refresh token handed to `onTokens` to be stored.
   */
  userAuth(tokens: OAuthTokens, options: Omit<TokenAuthOptions, 'tokens'> = {}): TokenAuth {
    return new TokenAuth({
      ...options,
      tokens,
      renew: (current) => this.refresh(current ?? tokens),
      dpop: this.dpop,
      now: this.#endpoint.now,
    });
  }
}
