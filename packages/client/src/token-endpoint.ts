// Calls to the authorization server's form-encoded endpoints (token, RFC 6749 section 3.2; revocation, RFC 7009):
// client authentication, the DPoP proof and its one nonce retry, timeouts, OAuthError. Must not keep tokens.

import { type DpopKey, dpopProof, nonceScope } from './dpop.ts';
import { ConnectionError, TimeoutError } from './errors.ts';
import { OAuthError, oauthErrorFromResponse } from './oauth-errors.ts';
import { base64 } from './web-crypto.ts';

export type FormFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface EndpointClient {
  clientId: string;
  /** Confidential clients only; public clients (browser and desktop apps) have none. */
  clientSecret?: string | undefined;
  /** Where a secret goes: HTTP Basic (default; every server must take it) or the form body. */
  clientAuthentication: 'basic' | 'body';
  dpop?: DpopKey | undefined;
  fetch: FormFetch;
  timeout: number;
  now: () => number;
}

/** RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
function basicCredentials(id: string, secret: string): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
  return `Basic ${base64(`${encode(id)}:${encode(secret)}`)}`;
}

export interface FormAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * POSTs a form with the client's authentication and, with a DPoP key, a proof; a `use_dpop_nonce` refusal is
 * tried once more with the nonce the server sent. Non-2xx answers are thrown as OAuthError.
 */
export async function postForm(
  client: EndpointClient,
  url: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<FormAnswer> {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  if (client.clientSecret !== undefined && client.clientAuthentication === 'basic') {
    headers.Authorization = basicCredentials(client.clientId, client.clientSecret);
  } else {
    form.set('client_id', client.clientId);
    if (client.clientSecret !== undefined) form.set('client_secret', client.clientSecret);
  }
  const scope = nonceScope(url);
  for (let attempt = 0; ; attempt++) {
    if (client.dpop) {
      headers.DPoP = await dpopProof(client.dpop, {
        method: 'POST',
        url,
        nonce: client.dpop.nonces.get(scope),
        now: client.now(),
      });
    }
    const answer = await send(client, url, { method: 'POST', headers, body: form.toString() }, signal);
    const nonce = answer.headers.get('dpop-nonce');
    if (client.dpop && nonce) client.dpop.nonces.set(scope, nonce);
    if (answer.status >= 200 && answer.status < 300) return answer;
    const error = oauthErrorFromResponse(answer.status, answer.headers, answer.text);
    if (error.error === 'use_dpop_nonce' && client.dpop && nonce && attempt === 0) continue;
    throw error;
  }
}

async function send(client: EndpointClient, url: string, init: RequestInit, signal?: AbortSignal) {
  const timeout = AbortSignal.timeout(client.timeout);
  const combined = signal ? eitherSignal(signal, timeout) : timeout;
  try {
    const response = await client.fetch(url, { ...init, signal: combined });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new TimeoutError(`POST ${url}: no answer within ${client.timeout} ms`);
    if (error instanceof OAuthError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConnectionError(`POST ${url}: connection failed: ${detail}`, { cause: error });
  }
}

/** Aborted when either is: AbortSignal.any where the runtime has it (browsers since 2023/24), else by hand. */
function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** The JSON body of a successful answer; an answer that is not JSON is the server's fault. */
export function answerJson(answer: FormAnswer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch (error) {
    throw new OAuthError('invalid_response', {
      errorDescription: 'the token endpoint answered without JSON',
      status: answer.status,
      headers: answer.headers,
      body: answer.text,
      cause: error,
    });
  }
}
