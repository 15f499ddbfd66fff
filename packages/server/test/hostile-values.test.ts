// Hostile values over real HTTP on SQLite and PostgreSQL: a value of tens of MB in a 255-character field, memo text
// over its limit, NUL in values, keys, filter values and URLs, objects nested 6, 1,000 and 100,000 levels deep.
// Every answer is designed (never "unexpected"), and every error answer's profitLogReference has its error_log row.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMO_MAX_CHARACTERS } from '../src/write/write-values.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

/** `{"KnSubject":{"Element":{"Objects":{"KnSubject":...}}}}` with `levels` objects in all. */
function nested(levels: number): string {
  const open = '{"KnSubject":{"Element":{"Fields":{"Ds":"x"},"Objects":';
  return `${open.repeat(levels - 1)}{"KnSubject":{"Element":{"Fields":{"Ds":"x"}}}}${'}}}'.repeat(levels - 1)}`;
}

describe.each(DATABASE_KINDS)('hostile values on %s', (kind) => {
  let server: WriteServer | undefined;
  const references: string[] = [];
  beforeAll(async () => {
    server = await startWriteServer(kind);
  });
  afterAll(async () => server?.close());

  /** Sends and answers status and body; keeps the reference of an error answer for the error_log check. */
  async function send(method: string, path: string, body?: unknown) {
    const response = await server!.send(method, path, body);
    const text = await response.text();
    const json = text === '' ? undefined : JSON.parse(text);
    if (response.status >= 400) {
      expect(Object.keys(json)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Buffer.from(response.headers.get('x-profit-error')!, 'base64').toString('utf8')).toBe(
        json.externalMessage,
      );
      references.push(json.profitLogReference);
    }
    return { status: response.status, json };
  }
  const subject = (fields: Record<string, unknown>) => ({ KnSubject: { Element: { Fields: { StId: 1, ...fields } } } });

  it('refuses 20 MB in a 255-character field with the field-level error, showing only the start', async ({ skip }) => {
    if (!server) return skip();
    const huge = `${'Lang verhaal '.repeat(1_600_000)}`;
    const { status, json } = await send('POST', '/connectors/KnSubject', subject({ Ds: huge }));
    expect(status).toBe(500);
    expect(json.externalMessage).toBe(
      `Object 'KnSubject': the value '${huge.slice(0, 100)}...' for field 'Ds' is longer than 255 characters.`,
    );
  });

  it('counts characters, not UTF-16 units: 255 emoji fit in 255, 256 do not', async ({ skip }) => {
    if (!server) return skip();
    expect((await send('POST', '/connectors/KnSubject', subject({ Ds: '😀'.repeat(255) }))).status).toBe(201);
    const { status, json } = await send('POST', '/connectors/KnSubject', subject({ Ds: '😀'.repeat(256) }));
    expect(status).toBe(500);
    expect(json.externalMessage).toMatch(/for field 'Ds' is longer than 255 characters\.$/);
  });

  it(`takes memo text of ${MEMO_MAX_CHARACTERS} characters and refuses one more`, async ({ skip }) => {
    if (!server) return skip();
    const memo = 'm'.repeat(MEMO_MAX_CHARACTERS);
    const stored = await send('POST', '/connectors/KnSubject', subject({ Ds: 'Memo aan de grens', SbTx: memo }));
    expect(stored.status).toBe(201);
    const [row] = await server.rows(
      'Profit_Subjects',
      `filterfieldids=SubjectId&filtervalues=${stored.json.results.KnSubject.SbId}&operatortypes=1`,
    );
    expect((row!.Comment as string).length).toBe(MEMO_MAX_CHARACTERS);
    const { status, json } = await send('POST', '/connectors/KnSubject', subject({ Ds: 'Te lang', SbTx: `${memo}m` }));
    expect(status).toBe(500);
    expect(json.externalMessage).toMatch(
      new RegExp(`for field 'SbTx' is longer than ${MEMO_MAX_CHARACTERS} characters\\.$`),
    );
  });

  it('refuses NUL and unpaired surrogates in values and keys alike on both databases, naming the field', async ({
    skip,
  }) => {
    if (!server) return skip();
    const nul = await send('POST', '/connectors/KnSubject', subject({ Ds: 'voor\u0000na' }));
    expect(nul.status).toBe(500);
    expect(nul.json.externalMessage).toBe(
      "Object 'KnSubject': the value 'voor\\u0000na' for field 'Ds' contains U+0000 (NUL), which cannot be stored.",
    );
    const surrogate = await send('POST', '/connectors/KnSubject', subject({ Ds: 'half \ud83d' }));
    expect(surrogate.json.externalMessage).toBe(
      "Object 'KnSubject': the value 'half \\ud83d' for field 'Ds' contains an unpaired surrogate U+D83D, which cannot be stored.",
    );
    const key = await send('POST', '/connectors/KnUser', {
      KnUser: { Element: { Fields: { MtCd: '1', UsId: 'a\u0000', Nm: 'X' } } },
    });
    expect(key.json.externalMessage).toMatch(/field 'UsId' contains U\+0000 \(NUL\)/);
    const deleteKey = await send('DELETE', '/connectors/KnUser/KnUser/@UsId/a%00');
    expect(deleteKey.status).toBe(500);
    expect(deleteKey.json.externalMessage).toMatch(/field 'UsId' contains U\+0000 \(NUL\)/);
    // Other control characters are text like any other, on both databases.
    const tab = await send('POST', '/connectors/KnSubject', subject({ Ds: 'a\u0001b\u001fc\u007f' }));
    expect(tab.status).toBe(201);
  });

  it('refuses NUL in filter values naming the field, in URL paths, and in query strings', async ({ skip }) => {
    if (!server) return skip();
    for (const operator of [1, 6, 7, 15]) {
      const response = await server.call(
        `/connectors/Profit_Subjects?filterfieldids=Subject&filtervalues=a%00b&operatortypes=${operator}`,
      );
      const json = await response.json();
      references.push(json.profitLogReference);
      expect([response.status, json.externalMessage]).toEqual([
        500,
        "The value 'a\\u0000b' for field 'Subject' contains U+0000 (NUL), which no stored value contains.",
      ]);
    }
    const json = encodeURIComponent(
      JSON.stringify({
        Filters: {
          Filter: [{ '@FilterId': 'f', Field: [{ '@FieldId': 'Subject', '@OperatorType': 1, '#text': 'x\u0000' }] }],
        },
      }),
    );
    const viaJson = await server.call(`/connectors/Profit_Subjects?filterjson=${json}`);
    const viaJsonBody = await viaJson.json();
    references.push(viaJsonBody.profitLogReference);
    expect([viaJson.status, viaJsonBody.externalMessage]).toEqual([
      500,
      "The value 'x\\u0000' for field 'Subject' contains U+0000 (NUL), which no stored value contains.",
    ]);
    for (const path of ['/metainfo/get/Profit_Subjects%00', '/SubjectConnector/1%00/2', '/FileConnector?fileId=a%00']) {
      const response = await server.call(path);
      const body = await response.json();
      references.push(body.profitLogReference);
      expect([response.status, body.externalMessage]).toEqual([
        400,
        'The URL contains U+0000 (NUL, written %00), which no resource name or value may contain.',
      ]);
    }
  });

  it('refuses objects nested deeper than 5 levels with a validation message, at 6, 1,000 and 100,000 levels', async ({
    skip,
  }) => {
    if (!server) return skip();
    for (const levels of [6, 1000, 100_000]) {
      const { status, json } = await send('POST', '/connectors/KnSubject', nested(levels));
      expect([levels, status, json.errorNumber, json.externalMessage]).toEqual([
        levels,
        500,
        -2147024809,
        'Objects are nested deeper than 5 levels; no UpdateConnector nests deeper.',
      ]);
    }
    // Deep nesting inside a field value, and in a body that is not JSON at all, is refused as designed too.
    const deepValue = `{"KnSubject":{"Element":{"Fields":{"StId":1,"Ds":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}}`;
    const value = await send('POST', '/connectors/KnSubject', deepValue);
    expect(value.json.externalMessage).toMatch(
      /^Object 'KnSubject': the value '\[\[\[.*' for field 'Ds' is not a valid string\.$/,
    );
    const broken = await send('POST', '/connectors/KnSubject', `{"a":${'['.repeat(100_000)}`);
    expect(broken.status).toBe(400);
    expect(broken.json.externalMessage).toMatch(
      /^Invalid json: line 1, column \d+ \(position \d+\): nested too deeply$/,
    );
  });

  it('has an error_log row for every error answer above', async ({ skip }) => {
    if (!server) return skip();
    expect(references.length).toBeGreaterThan(15);
    const { db } = server.runtime;
    const rows = await db.kysely
      .withSchema(db.systemSchema)
      .selectFrom('error_log')
      .select(['reference', 'message'])
      .where('reference', 'in', references)
      .execute();
    expect(rows.map((row) => row.reference).sort()).toEqual([...references].sort());
    expect(rows.some((row) => String(row.message).includes('\\u0000'))).toBe(true);
  });
});
