// A client of the console API for tests: signs in with the password serve would print, keeps the session cookie
// and sends the CSRF token on every state-changing call, over real HTTP.

import { consolePassword } from '../../src/console/console-password.ts';
import type { TestServer } from './harness.ts';

/** Answers are read as the tests expect them; a wrong shape fails the test's expectations. */
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API under test
export type Json = any;

export interface ConsoleAnswer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export class ConsoleClient {
  cookie = '';
  csrf = '';
  constructor(readonly origin: string) {}

  static async signedIn(server: TestServer): Promise<ConsoleClient> {
    const client = new ConsoleClient(server.base.replace(/\/ProfitRestServices$/, ''));
    const { password } = await consolePassword(server.runtime.db);
    const answer = await client.call('POST', '/session', { password });
    if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return client;
  }

  async call<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ConsoleAnswer<T>> {
    const response = await fetch(`${this.origin}/console/api${path}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-console-csrf': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    const parsed = text === '' ? null : JSON.parse(text);
    if (path === '/session' && method === 'POST' && response.status === 200) this.csrf = parsed.csrfToken;
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get<T = Json>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = Json>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }
  patch<T = Json>(path: string, body: unknown) {
    return this.call<T>('PATCH', path, body);
  }
  put<T = Json>(path: string, body: unknown) {
    return this.call<T>('PUT', path, body);
  }
  delete<T = Json>(path: string) {
    return this.call<T>('DELETE', path);
  }
}
