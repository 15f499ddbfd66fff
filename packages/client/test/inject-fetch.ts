// A fetch that hands requests to an in-process app's `inject` (Fastify's light-my-request shape), so SDK tests
// can run against the real server without a socket. Structural types only: it must not import the server.

import type { FetchLike } from '../src/index.ts';

export interface InjectOptions {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface InjectResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export interface Injectable {
  inject(options: InjectOptions): Promise<InjectResponse>;
}

/** Statuses whose Response may not have a body. */
const NO_BODY = new Set([101, 204, 205, 304]);

export function injectFetch(app: Injectable): FetchLike {
  return async (url, init) => {
    init.signal?.throwIfAborted();
    const target = new URL(url);
    const headers: Record<string, string> = { host: target.host };
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const answer = await app.inject({
      method: init.method ?? 'GET',
      url: `${target.pathname}${target.search}`,
      headers,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(item));
    }
    return new Response(NO_BODY.has(answer.statusCode) ? null : answer.body, {
      status: answer.statusCode,
      headers: responseHeaders,
    });
  };
}
