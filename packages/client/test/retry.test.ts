import { describe, expect, it } from 'vitest';
import {
  AfasClient,
  AuthenticationError,
  ConnectionError,
  ForbiddenError,
  NotFoundError,
  ProfitError,
  ServiceUnavailableError,
  TimeoutError,
} from '../src/index.ts';
import { BASE_URL, json, rowsAnswer, scriptedFetch, TOKEN_XML, testClient } from './scripted-fetch.ts';

const unavailable = (retryAfter?: number) =>
  json(
    { error: { code: '503', message: 'busy' }, ...(retryAfter === undefined ? {} : { retry_after: retryAfter }) },
    503,
  );
const payload = { KnSubject: { Element: { Fields: { StId: 1 } } } };
const created = () => json({ results: { KnSubject: { SbId: '1' } } }, 201);

/** A fetch that answers only when aborted, as a hanging server would. */
const hanging = (calls: { n: number }) => (_url: string, init: RequestInit) =>
  new Promise<Response>((_, reject) => {
    calls.n++;
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

describe('retries', () => {
  it('retries a GET on 503 and waits as long as retry_after says', async () => {
    const { client, calls, sleeps } = testClient([unavailable(2), rowsAnswer([{ a: 1 }])]);
    expect((await client.get('X')).rows).toEqual([{ a: 1 }]);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('caps the wait the server asks for', async () => {
    const { client, sleeps } = testClient([unavailable(7200), rowsAnswer([])], { maxRetryAfterMs: 5000 });
    await client.get('X');
    expect(sleeps).toEqual([5000]);
  });

  it('honours Retry-After on 429', async () => {
    const { client, calls, sleeps } = testClient([
      new Response('', { status: 429, headers: { 'Retry-After': '3' } }),
      rowsAnswer([]),
    ]);
    await client.get('X');
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it('backs off exponentially with jitter when the server says nothing', async () => {
    const { client, calls, sleeps } = testClient([unavailable(), unavailable(), unavailable(), rowsAnswer([])], {
      maxRetries: 3,
      initialDelayMs: 100,
    });
    await client.get('X');
    expect(calls).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(100 * 2 ** i * 0.75);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** i);
    });
  });

  it('gives up after maxRetries (default 2) with the last error', async () => {
    const { client, calls } = testClient([unavailable(1)]);
    await expect(client.get('X')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(calls).toHaveLength(3);
  });

  it('takes maxRetries per call', async () => {
    const { client, calls } = testClient([unavailable(1)]);
    await expect(client.get('X', { maxRetries: 0 })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(calls).toHaveLength(1);
  });

  it('retries connection errors of a GET', async () => {
    const { client, calls } = testClient([new TypeError('fetch failed'), rowsAnswer([])]);
    await client.get('X');
    expect(calls).toHaveLength(2);
    const failing = testClient([new TypeError('fetch failed')]);
    await expect(failing.client.get('X')).rejects.toBeInstanceOf(ConnectionError);
    expect(failing.calls).toHaveLength(3);
  });

  it.each([
    [401, AuthenticationError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [500, ProfitError],
  ])('does not retry %i', async (status, Class) => {
    const { client, calls } = testClient([
      json({ externalMessage: 'no', errorNumber: -1, profitLogReference: '' }, status),
    ]);
    await expect(client.get('X')).rejects.toBeInstanceOf(Class);
    expect(calls).toHaveLength(1);
  });

  it('does not retry writes by default', async () => {
    const { client, calls } = testClient([unavailable(1), created()]);
    await expect(client.insert('KnSubject', payload)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(calls).toHaveLength(1);
    const broken = testClient([new TypeError('socket hang up'), new Response('', { status: 200 })]);
    await expect(
      broken.client.delete('KnSubject', { object: 'KnSubject', keys: { '@SbId': 1 } }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(broken.calls).toHaveLength(1);
  });

  it('retries writes when asked, on the client or per call', async () => {
    const onClient = testClient([unavailable(1), created()], { retryWrites: true });
    expect(await onClient.client.insert('KnSubject', payload)).toEqual({ results: { KnSubject: { SbId: '1' } } });
    expect(onClient.calls.map((c) => c.method)).toEqual(['POST', 'POST']);
    const perCall = testClient([unavailable(1), created()]);
    await perCall.client.update('KnSubject', payload, { retryWrites: true });
    expect(perCall.calls.map((c) => c.method)).toEqual(['PUT', 'PUT']);
  });
});

describe('timeouts and abort', () => {
  it('times out an attempt and retries a GET', async () => {
    const calls = { n: 0 };
    const client = new AfasClient({
      baseUrl: BASE_URL,
      token: TOKEN_XML,
      fetch: hanging(calls),
      timeout: 20,
      sleep: async () => {},
    });
    const error = await client.get('X').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).status).toBeUndefined();
    expect(calls.n).toBe(3);
  });

  it('times out even when fetch ignores its signal, with the timeout per call', async () => {
    const never = () => new Promise<Response>(() => {});
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch: never, maxRetries: 0 });
    // The fetch never settles: only the client's own timer can end the call.
    await expect(client.get('X', { timeout: 30 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('stops at once on abort, with the signal reason, and does not retry', async () => {
    const calls = { n: 0 };
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch: hanging(calls) });
    const controller = new AbortController();
    const pending = client.get('X', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user stopped')), 10);
    await expect(pending).rejects.toThrow('user stopped');
    expect(calls.n).toBe(1);
  });

  it('makes no call with a signal that is already aborted', async () => {
    const { client, calls } = testClient([rowsAnswer([])]);
    await expect(client.get('X', { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(calls).toHaveLength(0);
  });

  it('stops waiting between retries on abort', async () => {
    const { fetch, calls } = scriptedFetch(unavailable(60));
    const controller = new AbortController();
    // Abort once the first answer (a 503 asking for 60 s) is in: the client is then waiting to retry, and only
    // the abort can end that wait within the test's time.
    const answerThenAbort: typeof fetch = async (...args) => {
      const response = await fetch(...args);
      setImmediate(() => controller.abort(new Error('enough')));
      return response;
    };
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch: answerThenAbort });
    await expect(client.get('X', { signal: controller.signal })).rejects.toThrow('enough');
    expect(calls).toHaveLength(1);
  });
});
