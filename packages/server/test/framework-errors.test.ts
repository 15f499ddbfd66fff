// Answers the framework and Node's HTTP parser give before our pipeline runs, over a raw socket on SQLite and
// PostgreSQL: each in AFAS's shape (body, X-Profit-Error, X-Trace-Identifier, JSON with charset) with its error_log row.

import { connect } from 'node:net';
import { MAX_QUERY_LENGTH } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Writes the bytes as they are (no client library would send most of these) and reads the whole answer. */
function rawRequest(port: number, text: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Written, not ended: a half-closed socket may be dropped before a slower answer (an error_log insert) is sent.
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from(text, 'latin1')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = answer.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe.each(DATABASE_KINDS)('framework errors on %s', (kind) => {
  let server: TestServer | undefined;
  let port = 0;
  beforeAll(async () => {
    server = await startTestServer(kind);
    if (server) port = Number(new URL(server.base).port);
  });
  afterAll(async () => server?.close());

  const request = (line: string, headers = '') =>
    `${line} HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en-US\r\n${headers}Connection: close\r\n\r\n`;
  const authorized = () => `Authorization: ${server!.auth}\r\n`;

  const cases: [string, () => string, number, RegExp][] = [
    [
      'a broken %-escape in the path',
      () => request('GET /ProfitRestServices/connectors/%E0%A4%A'),
      400,
      /^Bad request: the path has a %-escape that is not UTF-8$/,
    ],
    [
      'a control byte in the path',
      () => request('GET /ProfitRestServices/conn\x01ectors/X'),
      400,
      /^Bad request: the URL has a character HTTP does not allow/,
    ],
    [
      'a path segment over 4,096 characters',
      () => request(`GET /ProfitRestServices/connectors/${'a'.repeat(4097)}`),
      404,
      /^The URL is longer than 4096 characters\.$/,
    ],
    [
      'a query over 2,049 characters',
      () => request(`GET /ProfitRestServices/connectors/X?${'a'.repeat(MAX_QUERY_LENGTH)}`),
      404,
      /^The query string is longer than 2049 characters\.$/,
    ],
    [
      "a query over 16 KB (the parser's limit)",
      () => request(`GET /ProfitRestServices/connectors/X?${'a=1&'.repeat(5000)}`),
      404,
      // The parser gave up inside the URL, before Accept-Language: the default environment's language (Dutch here).
      /^De querystring is langer dan 2049 tekens\.$/,
    ],
    [
      'a path over 16 KB',
      () => request(`GET /ProfitRestServices/${'abc/'.repeat(5000)}`),
      404,
      /^De URL is langer dan 16384 tekens\.$/,
    ],
    [
      'headers over 16 KB',
      () => request('GET /ProfitRestServices/ProfitVersion', `X-Big: ${'a'.repeat(20_000)}\r\n`),
      431,
      /^The request headers are larger than 16384 bytes\.$/,
    ],
    [
      'a method HTTP does not know',
      () => request('BREW /ProfitRestServices/connectors/X'),
      404,
      /^The method BREW is not supported here\.$/,
    ],
    [
      'a method no route takes',
      () => request('PATCH /ProfitRestServices/connectors/Test_People', authorized()),
      404,
      /^The requested resource does not exist\.$/,
    ],
    ['a request line that is not HTTP', () => 'hello\r\n\r\n', 404, /^De methode hello wordt hier niet ondersteund\.$/],
    [
      'a Content-Length that is not a number',
      () => request('POST /ProfitRestServices/connectors/X', 'Content-Length: abc\r\n'),
      400,
      /^Bad request: the Content-Length header is not valid$/,
    ],
    [
      'a JSON Content-Type with a body that is not there',
      () =>
        request(
          'POST /ProfitRestServices/connectors/Test_People',
          `${authorized()}Content-Type: application/json; charset=utf-8\r\nContent-Length: 0\r\n`,
        ),
      500,
      /UpdateConnector is not supported/,
    ],
    [
      'an unknown charset',
      () =>
        request(
          'POST /ProfitRestServices/connectors/Test_People',
          `${authorized()}Content-Type: application/json; charset=nope\r\nContent-Length: 2\r\n`,
        ) + '{}',
      500,
      /UpdateConnector is not supported/,
    ],
  ];

  const references: string[] = [];
  it.for(cases)('answers %s in AFAS shape', async ([, text, status, message], { skip }) => {
    if (!server) return skip();
    const answer = await rawRequest(port, text());
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('x-trace-identifier')).toMatch(/^[0-9a-f]{32}$/);
    const body = JSON.parse(answer.body);
    expect(Object.keys(body)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
    expect(body.externalMessage).toMatch(message);
    expect(Buffer.from(answer.headers.get('x-profit-error')!, 'base64').toString('utf8')).toBe(body.externalMessage);
    references.push(body.profitLogReference);
  });

  it('has an error_log row for each of them, with its trace id', async ({ skip }) => {
    if (!server) return skip();
    expect(references).toHaveLength(cases.length);
    const { db } = server.runtime;
    const rows = await db.kysely
      .withSchema(db.systemSchema)
      .selectFrom('error_log')
      .select(['reference', 'trace_id'])
      .where('reference', 'in', references)
      .execute();
    expect(rows.map((row) => row.reference).sort()).toEqual([...references].sort());
    for (const row of rows) expect(row.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });
});
