// The console's Explore calls over real HTTP on SQLite and PostgreSQL: metainfo of connectors no App Connector
// links, the GetConnector runner (its rows equal a real GetConnector call's, in both filter syntaxes, with the URL
// and snippets of the same call), and the UpdateConnector composer (validates without storing, naming the field;
// sends for real and shows what it stored).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from './support/console.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

describe.each(DATABASE_KINDS)('console explore on %s', (kind) => {
  let server: WriteServer | undefined;
  let web: ConsoleClient;
  beforeAll(async () => {
    server = await startWriteServer(kind, { catalogue: false, console: {} });
    if (server) web = await ConsoleClient.signedIn(server);
  });
  afterAll(async () => server?.close());

  it('gives the metainfo of every connector, linked or not, as a client gets it', async ({ skip }) => {
    if (!server) return skip();
    const list = await web.get('/environments/O12345AA/metainfo');
    expect(list.status).toBe(200);
    const ids = list.body.getConnectors.map((c: { id: string }) => c.id);
    expect(ids).toEqual(
      [...server.runtime.registry.getConnectors.keys()].sort((a, b) => ids.indexOf(a) - ids.indexOf(b)),
    );
    const real = await server.call('/metainfo/get/Profit_Employees');
    const shown = await web.call('GET', '/environments/O12345AA/metainfo/get/Profit_Employees', undefined, {
      'accept-language': 'en-us',
    });
    expect(shown.body).toEqual(await real.json());
    const update = await web.get('/environments/O12345AA/metainfo/update/KnSubject');
    expect(update.status).toBe(200);
    expect(update.body.name).toBe('KnSubject');
    // An unknown connector answers what a client gets.
    const unknown = await web.call('GET', '/environments/O12345AA/metainfo/get/Nope', undefined, {
      'accept-language': 'en-us',
    });
    const client = await server.call('/metainfo/get/Nope');
    expect([unknown.status, unknown.body.externalMessage]).toEqual([
      client.status,
      (await client.json()).externalMessage,
    ]);
  });

  it('does not let a client pass for the console: the internal headers from outside change nothing', async ({
    skip,
  }) => {
    if (!server) return skip();
    const guess = { 'x-appconnector-internal': 'A'.repeat(43), 'x-appconnector-internal-user': 'mallory' };
    const anonymous = await fetch(`${server.base}/metainfo`, { headers: guess });
    expect(anonymous.status).toBe(401);
    await anonymous.text();
    const { body: start } = await web.get('/requests?limit=1');
    const signed = await server.call('/metainfo', { headers: { authorization: server.auth, ...guess } });
    expect(signed.status).toBe(200);
    await signed.text();
    const { body } = await web.get(`/requests?after=${start.cursor}`);
    expect(body.entries).toEqual([
      expect.objectContaining({ appConnector: 'Tests', userId: 'tester', status: 200, source: 'client' }),
    ]);
  });

  it('runs a GetConnector: the rows equal a real call with the same query, in both filter syntaxes', async ({
    skip,
  }) => {
    if (!server) return skip();
    const simple = {
      filterfieldids: 'Gender,DateOfBirth',
      filtervalues: 'M,1980-01-01',
      operatortypes: '1,2',
      orderbyfieldids: '-DateOfBirth',
      skip: '1',
      take: '5',
    };
    const json = {
      filterjson: JSON.stringify({
        Filters: {
          Filter: [
            {
              '@FilterId': 'Filter 1',
              Field: [
                { '@FieldId': 'Gender', '@OperatorType': '1', '#text': 'M' },
                { '@FieldId': 'DateOfBirth', '@OperatorType': '2', '#text': '1980-01-01' },
              ],
            },
          ],
        },
      }),
      orderbyfieldids: '-DateOfBirth',
      skip: '1',
      take: '5',
    };
    const real = await server.call(`/connectors/Profit_Employees?${new URLSearchParams(simple)}`);
    expect(real.status).toBe(200);
    const expected = (await real.json()) as { rows: Record<string, unknown>[] };
    expect(expected.rows.length).toBeGreaterThan(0);
    for (const query of [simple, json]) {
      const run = await web.post('/environments/O12345AA/get/Profit_Employees/run', { query });
      expect(run.status).toBe(200);
      expect(run.body.status).toBe(200);
      expect(run.body.rows).toEqual(expected.rows);
      expect(run.body.answer).toEqual(expected);
      expect(run.body.url).toBe(
        `${web.origin}/O12345AA/ProfitRestServices/connectors/Profit_Employees?${new URLSearchParams(query)}`,
      );
      // The URL the runner shows, sent by a client, answers the same.
      const again = await fetch(run.body.url, { headers: { authorization: server.auth } });
      expect(await again.json()).toEqual(expected);
      expect(run.body.snippets.curl).toContain(`'${run.body.url}'`);
      expect(run.body.snippets.sdk).toContain('client.get("Profit_Employees"');
      expect(run.body.snippets.sdk).toContain('"op": "ge"');
      expect(run.body.snippets.cli).toContain("--filter 'Gender=M' --filter 'DateOfBirth>=1980-01-01'");
      expect(run.body.snippets.cli).toContain("--order '-DateOfBirth' --skip 1 --take 5");
    }
    // The request log shows the runner's calls as the console's.
    const logged = await web.get('/requests?appConnector=(console)&limit=2');
    expect(logged.body.entries.map((e: { source: string; path: string }) => [e.source, e.path])).toEqual([
      ['console', `/O12345AA/ProfitRestServices/connectors/Profit_Employees?${new URLSearchParams(simple)}`],
      ['console', `/O12345AA/ProfitRestServices/connectors/Profit_Employees?${new URLSearchParams(json)}`],
    ]);
  });

  it('runs a quick filter and projects fields; a bad filter answers the error a client would get', async ({ skip }) => {
    if (!server) return skip();
    const query = { filterfieldids: 'Name', filtervalues: 'an', operatortypes: '15', take: '10' };
    const real = (await (await server.call(`/connectors/Profit_Employees?${new URLSearchParams(query)}`)).json()) as {
      rows: Record<string, unknown>[];
    };
    const run = await web.post('/environments/O12345AA/get/Profit_Employees/run', {
      query,
      fields: ['EmployeeId', 'Name'],
    });
    expect(run.body.rows).toEqual(real.rows.map((r) => ({ EmployeeId: r.EmployeeId, Name: r.Name })));
    expect(run.body.snippets.cli).toContain("--filter '*~an'");
    const wrong = { filterfieldids: 'Nope', filtervalues: 'x', operatortypes: '1' };
    const bad = await web.post('/environments/O12345AA/get/Profit_Employees/run', { query: wrong });
    const client = await server.call(`/connectors/Profit_Employees?${new URLSearchParams(wrong)}`);
    expect(bad.body.status).toBe(client.status);
    expect(bad.body.status).toBeGreaterThanOrEqual(400);
    expect(bad.body.rows).toEqual([]);
    expect(bad.body.error.externalMessage).toContain('Nope');
    expect(bad.body.error.profitLogReference).toMatch(/\S/);
    const tooMany = await web.post('/environments/O12345AA/get/Profit_Employees/run', { query: { take: 5000 } });
    expect([tooMany.status, tooMany.body.error.field]).toEqual([400, 'take']);
  });

  it('validates a body without storing: a mistake names the field; a good body is valid', async ({ skip }) => {
    if (!server) return skip();
    const before = await server.rows('Profit_Subjects');
    const bad = await web.post('/environments/O12345AA/update/KnSubject/validate', {
      verb: 'post',
      body: { KnSubject: { Element: { Fields: { StId: 'two', Ds: 'Brief' } } } },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.error).toMatchObject({ code: 'valueInvalid', field: 'StId', object: 'KnSubject' });
    expect(bad.body.error.message).toContain("'StId'");
    const broken = await web.post('/environments/O12345AA/update/KnSubject/validate', { body: '{"KnSubject": ' });
    expect(broken.body.valid).toBe(false);
    const good = await web.post('/environments/O12345AA/update/KnSubject/validate', {
      verb: 'post',
      body: { KnSubject: { Element: { Fields: { StId: 2, Ds: 'Brief van de console' } } } },
    });
    expect(good.body).toEqual({ valid: true });
    expect(await server.rows('Profit_Subjects')).toEqual(before);
  });

  it('sends a good body for real and shows the answer and what it stored', async ({ skip }) => {
    if (!server) return skip();
    const sent = await web.post('/environments/O12345AA/update/KnSubject/send', {
      verb: 'post',
      userId: 'anna',
      body: { KnSubject: { Element: { Fields: { StId: 2, Ds: 'Brief van de console' } } } },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe(201);
    const id = sent.body.answer.results.KnSubject.SbId;
    expect(id).toBeDefined();
    const [row] = await server.rows('Profit_Subjects', `filterfieldids=SubjectId&filtervalues=${id}&operatortypes=1`);
    expect(row).toMatchObject({ Subject: 'Brief van de console' });
    expect(sent.body.stored.records[0].fields.Ds).toBe('Brief van de console');
    expect(sent.body.snippets.cli).toContain('appconnector insert');
  });
});
