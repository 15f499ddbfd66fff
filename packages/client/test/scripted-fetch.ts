// A scripted fetch for tests: records every request and answers from a list of prepared responses.
// Must not reach the network; a test that needs a real server injects a different fetch.

import { AfasClient, type ClientSettings } from '../src/index.ts';

export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type Answer = Response | Error | ((request: RecordedRequest) => Response | Promise<Response>);

export const TOKEN_DATA = '0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF';
export const TOKEN_XML = `<token><version>1</version><data>${TOKEN_DATA}</data></token>`;
export const BASE_URL = 'http://localhost:8080/ProfitRestServices';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

export function rowsAnswer(rows: object[], skip = 0, take = 100): Response {
  return json({ skip, take, rows });
}

/** Answers in order; once the list is used up, the last answer (or a function) keeps answering. */
export function scriptedFetch(...answers: Answer[]) {
  const calls: RecordedRequest[] = [];
  let next = 0;
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const request: RecordedRequest = {
      url: new URL(url),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    calls.push(request);
    const answer = answers[Math.min(next++, answers.length - 1)];
    if (answer === undefined) throw new Error('scriptedFetch: no answer prepared');
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(request);
    return answer.clone();
  };
  return { fetch, calls };
}

/** A client on the scripted fetch, with retries that do not wait but record how long they would have. */
export function testClient(answers: Answer[], options: Partial<ClientSettings> & { token?: string } = {}) {
  const scripted = scriptedFetch(...answers);
  const sleeps: number[] = [];
  const client = new AfasClient({
    baseUrl: BASE_URL,
    token: TOKEN_XML,
    fetch: scripted.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { client, calls: scripted.calls, sleeps };
}

export function params(request: RecordedRequest | undefined): Record<string, string> {
  if (!request) throw new Error('no request recorded');
  return Object.fromEntries(request.url.searchParams);
}
