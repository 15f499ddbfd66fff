// Fuzzed reads and writes against the real HTTP server on SQLite and PostgreSQL (fast-check): every answer is a
// designed one (a success, or AFAS's error body with its headers; never a cut connection or a bare 500), and a
// refused write changes nothing in the tables it aims at.

import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startWriteServer, type WriteServer } from '../support/write-server.ts';
import { RELIABILITY_SCALE } from './scale.ts';

const RUNS = Math.round(60 * RELIABILITY_SCALE);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A call on a socket of its own; a connection the server cuts rejects (the property then fails). */
function send(base: string, method: string, path: string, auth: string, body?: string): Promise<Answer> {
  const url = new URL(`${base}${path}`);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        agent: false,
        headers: {
          authorization: auth,
          'accept-language': 'en-us',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Success, or AFAS's error body: JSON with externalMessage, X-Profit-Error and a trace id. */
function expectDesigned(answer: Answer, what: string) {
  expect(answer.headers['x-trace-identifier'], what).toBeDefined();
  if (answer.status >= 200 && answer.status < 300) {
    if (answer.body !== '') JSON.parse(answer.body);
    return;
  }
  expect([400, 401, 403, 404, 413, 500, 503], what).toContain(answer.status);
  const body = JSON.parse(answer.body) as { externalMessage?: unknown };
  expect(typeof body.externalMessage, `${what}: ${answer.body.slice(0, 200)}`).toBe('string');
  expect(body.externalMessage, what).not.toMatch(/^unexpected error$/i);
  expect(answer.headers['x-profit-error'], what).toBeDefined();
}

const GET_CONNECTORS = ['Profit_Subjects', 'Profit_OrgPer', 'Profit_Employees', 'Nope', 'Profit_Subjects%00'];
const FIELDS = ['SubjectId', 'Subject', 'DateCreated', 'Name', 'BcCo', 'x', ''];
/** Text that breaks parsers: quotes, separators, percent signs, unicode, control characters. */
const nasty = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    '%',
    '%%',
    ',',
    ';',
    '"',
    "'",
    '\\',
    '[',
    ']',
    '{',
    '}',
    'null',
    '-1',
    '1e999',
    '\u0000',
    'é',
    '😀',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const readQuery = fc.record({
  connector: fc.constantFrom(...GET_CONNECTORS),
  skip: fc.option(fc.oneof(fc.integer({ min: -2, max: 50 }), nasty)),
  take: fc.option(fc.oneof(fc.integer({ min: -2, max: 50 }), nasty)),
  filterfieldids: fc.option(fc.array(fc.oneof(fc.constantFrom(...FIELDS), nasty), { maxLength: 3 })),
  filtervalues: fc.option(fc.array(nasty, { maxLength: 3 })),
  operatortypes: fc.option(fc.array(fc.oneof(fc.integer({ min: -1, max: 16 }), nasty), { maxLength: 3 })),
  orderbyfieldids: fc.option(fc.array(fc.oneof(fc.constantFrom(...FIELDS, '-Subject', '-SubjectId'), nasty))),
  filterjson: fc.option(fc.oneof(nasty, fc.json({ maxDepth: 3 }))),
});

function queryText(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (name === 'connector' || value === null || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(`${name}=${encodeURIComponent(text)}`);
  }
  return parts.join('&');
}

/** Valid bodies with fuzzed fields, values and shapes; and plain arbitrary JSON. */
const writeBody = fc.oneof(
  fc.record({
    KnSubject: fc.record({
      Element: fc.record({
        Fields: fc.dictionary(fc.constantFrom('StId', 'Ds', 'SbTx', 'Da', 'SbId', 'StCt', 'Nope'), fc.jsonValue(), {
          maxKeys: 4,
        }),
      }),
    }),
  }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ maxLength: 40 }),
);

const WRITE_TABLES = ['kn_subject', 'kn_subject_link', 'kn_person', 'kn_basic_contact'];

describe.each(DATABASE_KINDS)('fuzzed HTTP calls on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind);
  }, 120_000);
  afterAll(async () => server?.close());

  /** Rows per table the writes aim at: what a refused write must leave as it was. */
  async function counts(): Promise<number[]> {
    const { db } = server!.runtime;
    const schema = await db.environmentSchema('O12345AA');
    return Promise.all(
      WRITE_TABLES.map(async (table) => {
        const result = await sql<{ n: number }>`select count(*) as n from ${sql.id(schema, table)}`.execute(db.kysely);
        return Number(result.rows[0]!.n);
      }),
    );
  }

  it('answers every fuzzed read in a designed way', async (context) => {
    if (!server) return context.skip();
    await fc.assert(
      fc.asyncProperty(readQuery, async (query) => {
        const path = `/connectors/${query.connector}?${queryText(query)}`;
        const answer = await send(server!.base, 'GET', path, server!.auth);
        expectDesigned(answer, `GET ${path}`);
        if (answer.status === 200) expect(Array.isArray(JSON.parse(answer.body).rows)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('answers every fuzzed write in a designed way, and a refused one changes nothing', async (context) => {
    if (!server) return context.skip();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT', 'DELETE'),
        fc.constantFrom('KnSubject', 'KnPerson', 'Nope'),
        writeBody,
        async (method, connector, body) => {
          const before = await counts();
          const text = typeof body === 'string' ? body : JSON.stringify(body);
          const path =
            method === 'DELETE'
              ? `/connectors/${connector}/KnSubject/SbId,StId/${encodeURIComponent(text.slice(0, 20))}`
              : `/connectors/${connector}`;
          const answer = await send(server!.base, method, path, server!.auth, method === 'DELETE' ? undefined : text);
          expectDesigned(answer, `${method} ${path} ${text.slice(0, 200)}`);
          if (answer.status >= 400) expect(await counts()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);
});
