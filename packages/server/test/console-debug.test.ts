// The console's Debug calls over real HTTP on SQLite and PostgreSQL: the request log records every App Connector
// API call with its fields, filters them, follows them by cursor and by Server-Sent Events and stays bounded; the
// error lookup finds a failed write's profitLogReference with the full detail.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from './support/console.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

const CAPACITY = 25;

describe.each(DATABASE_KINDS)('console debug on %s', (kind) => {
  let server: WriteServer | undefined;
  let web: ConsoleClient;
  beforeAll(async () => {
    server = await startWriteServer(kind, {
      catalogue: false,
      console: { requestLogCapacity: CAPACITY, streamPingMs: 200 },
    });
    if (server) web = await ConsoleClient.signedIn(server);
  });
  afterAll(async () => server?.close());

  it('records a call with environment, App Connector, user, status, duration, IntegrationId and trace id', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { body: start } = await web.get('/requests?limit=1');
    const response = await fetch(`${web.origin}/O12345AA/ProfitRestServices/connectors/Profit_Employees?take=2`, {
      headers: { authorization: server.auth, integrationid: 'integration-42' },
    });
    expect(response.status).toBe(200);
    await response.text();
    const { body } = await web.get(`/requests?after=${start.cursor}`);
    expect(body.entries).toEqual([
      {
        seq: start.cursor + 1,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        environment: 'O12345AA',
        appConnector: 'Tests',
        userId: 'tester',
        method: 'GET',
        path: '/O12345AA/ProfitRestServices/connectors/Profit_Employees?take=2',
        status: 200,
        durationMs: expect.any(Number),
        integrationId: 'integration-42',
        traceId: response.headers.get('x-trace-identifier'),
        profitLogReference: null,
        source: 'client',
      },
    ]);
    expect(body.cursor).toBe(start.cursor + 1);
    // The console's own calls are not in it.
    expect((await web.get(`/requests?after=${body.cursor}`)).body.entries).toEqual([]);
  });

  it('finds a failed write by its profitLogReference, with the detail the error body does not show', async ({
    skip,
  }) => {
    if (!server) return skip();
    const failed = await server.send('POST', '/connectors/KnSubject', {
      KnSubject: { Element: { Fields: { StId: 'two', Ds: 'Brief' } } },
    });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    const { profitLogReference } = (await failed.json()) as { profitLogReference: string };
    const found = await web.get(`/errors/${profitLogReference}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      reference: profitLogReference,
      environment: 'O12345AA',
      status: failed.status,
      code: 'valueInvalid',
      traceId: failed.headers.get('x-trace-identifier'),
    });
    expect(found.body.detail).toContain('StId');
    const logged = await web.get(`/requests?text=${profitLogReference}`);
    expect(logged.body.entries).toEqual([
      expect.objectContaining({ method: 'POST', status: failed.status, profitLogReference }),
    ]);
    expect((await web.get('/errors?environment=O12345AA&limit=5')).body.errors[0].reference).toBe(profitLogReference);
    const missing = await web.get('/errors/no-such-reference');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'notFound']);
  });

  it('filters by status, environment, App Connector and text', async ({ skip }) => {
    if (!server) return skip();
    const { body: start } = await web.get('/requests?limit=1');
    await (await server.call('/connectors/Profit_Employees?take=1')).text();
    await (await server.call('/connectors/Nope')).text();
    await (await fetch(`${server.base}/connectors/Profit_Employees`)).text();
    const after = `after=${start.cursor}`;
    const statuses = async (query: string) =>
      (await web.get(`/requests?${after}&${query}`)).body.entries.map((e: { status: number }) => e.status);
    expect(await statuses('status=200')).toEqual([200]);
    expect(await statuses('status=4xx')).toEqual([401]);
    expect((await statuses('status=error')).length).toBe(2);
    expect(await statuses('appConnector=Tests')).toHaveLength(2);
    expect(await statuses('environment=o12345aa')).toHaveLength(3);
    expect(await statuses('text=nope')).toHaveLength(1);
    expect((await web.get('/requests?limit=9999')).status).toBe(400);
  });

  it('streams new calls as Server-Sent Events', async ({ skip }) => {
    if (!server) return skip();
    const controller = new AbortController();
    const stream = await fetch(`${web.origin}/console/api/requests/stream?status=200`, {
      headers: { cookie: web.cookie },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value);
    await (await server.call('/connectors/Nope')).text();
    await (await server.call('/connectors/Profit_Employees?take=1&skip=3')).text();
    while (!text.includes('event: request')) text += decoder.decode((await reader.read()).value);
    controller.abort();
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({ status: 200, path: '/ProfitRestServices/connectors/Profit_Employees?take=1&skip=3' });
    expect(text).toContain(`id: ${data.seq}\n`);
    // Without a session there is no stream.
    expect((await fetch(`${web.origin}/console/api/requests/stream`)).status).toBe(401);
  });

  it('ends an event stream when its session ends', async ({ skip }) => {
    if (!server) return skip();
    const other = await ConsoleClient.signedIn(server);
    const stream = await fetch(`${web.origin}/console/api/requests/stream`, { headers: { cookie: other.cookie } });
    const reader = stream.body!.getReader();
    await reader.read();
    expect((await other.delete('/session')).status).toBe(204);
    const ended = await Promise.race([
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })(),
      new Promise((resolve) => setTimeout(() => resolve('still open after 3 s'), 3000)),
    ]);
    expect(ended).toBe('ended');
  });

  it(`keeps only the newest ${CAPACITY} calls`, async ({ skip }) => {
    if (!server) return skip();
    for (let i = 0; i < CAPACITY + 10; i++)
      await (await server.call(`/connectors/Profit_Employees?take=1&skip=${i}`)).text();
    const { body } = await web.get('/requests?limit=500');
    expect(body.capacity).toBe(CAPACITY);
    expect(body.entries).toHaveLength(CAPACITY);
    const seqs = body.entries.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual(Array.from({ length: CAPACITY }, (_, i) => body.cursor - CAPACITY + 1 + i));
    expect(body.entries.at(-1).path).toContain(`skip=${CAPACITY + 9}`);
    // A cursor older than what is kept gives what is kept, not an error.
    expect((await web.get('/requests?after=0&limit=500')).body.entries).toHaveLength(CAPACITY);
  });

  it('closes with an event stream open: the stream ends, close does not wait for it', async ({ skip }) => {
    if (!server) return skip();
    const stream = await fetch(`${web.origin}/console/api/requests/stream`, { headers: { cookie: web.cookie } });
    const reader = stream.body!.getReader();
    await reader.read();
    const closing = server.close();
    server = undefined;
    const closed = await Promise.race([
      closing.then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open after 5 s'), 5000)),
    ]);
    expect(closed).toBe('closed');
    for (;;) if ((await reader.read()).done) break;
  });
});
