// Answers of Profit before 7 (decimals `-.5` and `.5`, skip and take on lines of their own) read by the SDK: parsed
// with leading zeros added outside strings only, split into rows whose bytes are JSON, through get() and rawRows().

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AfasClient, parseProfitJson, splitRows, withLeadingZeros } from '../src/index.ts';
import { BASE_URL, scriptedFetch, TOKEN_XML } from './scripted-fetch.ts';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** An answer as Profit 6 writes it, CRLF after `{`, skip and take. */
const PRE_7 =
  '{\r\n"skip":0,\r\n"take":100,\r\n"rows":[' +
  '{"A":-.5,"B":.25,"C":0,"D":1.5,"E":"-.5","F":"x\\".5 :.5,-.5","G":-3,"H":1234567890123.5,"I":-.01,"J":null},' +
  '{"A":.5,"B":-12.25,"C":-0,"D":10,"E":"a.b","F":"\\\\","G":0,"H":-9876543210.05,"I":5e-7,"J":true}]}';

const PRE_7_ROWS = [
  { A: -0.5, B: 0.25, C: 0, D: 1.5, E: '-.5', F: 'x".5 :.5,-.5', G: -3, H: 1234567890123.5, I: -0.01, J: null },
  { A: 0.5, B: -12.25, C: -0, D: 10, E: 'a.b', F: '\\', G: 0, H: -9876543210.05, I: 5e-7, J: true },
];

/** JSON text with numbers as Profit before 7 wrote them: written here on its own, not with the SDK's code. */
function renderPre7(value: unknown): string {
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    return text.replace(/^(-?)0\./, '$1.');
  }
  if (Array.isArray(value)) return `[${value.map(renderPre7).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${renderPre7(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const text = fc.oneof(fc.string(), fc.constantFrom('-.5', '.5', ':.5,', '\\', '"', '0.5', '[-.25]'));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1, max: 1 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('parseProfitJson', () => {
  it('reads an answer of Profit before 7, leaving strings that hold -.5 as they are', () => {
    expect(() => JSON.parse(PRE_7)).toThrow(SyntaxError);
    expect(parseProfitJson(PRE_7)).toEqual({ skip: 0, take: 100, rows: PRE_7_ROWS });
  });

  it('reads any value written as Profit before 7 writes it, and leaves JSON as it is', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(parseProfitJson(renderPre7(value))).toEqual(JSON.parse(JSON.stringify(value)));
        const plain = JSON.stringify(value);
        expect(withLeadingZeros(plain)).toBe(plain);
      }),
    );
  });

  it('adds zeros only where a number starts with a dot', () => {
    expect(withLeadingZeros('[.5,-.5, .5,\r\n-.25,0,1.5,"-.5",".5"]')).toBe(
      '[0.5,-0.5, 0.5,\r\n-0.25,0,1.5,"-.5",".5"]',
    );
    expect(withLeadingZeros('{"a\\".5":.5}')).toBe('{"a\\".5":0.5}');
  });

  it('throws the SyntaxError of the text when it is not JSON either way', () => {
    expect(() => parseProfitJson('{"a":}')).toThrow(SyntaxError);
    expect(() => parseProfitJson('{"a":.5')).toThrow(SyntaxError);
  });
});

describe('splitRows of an answer of Profit before 7', () => {
  it('gives each row as JSON bytes, strings untouched', () => {
    const rows = splitRows(new TextEncoder().encode(PRE_7));
    expect(rows.map((row) => row.value)).toEqual(PRE_7_ROWS);
    const first = decode(rows[0]!.bytes);
    expect(first).toBe(
      '{"A":-0.5,"B":0.25,"C":0,"D":1.5,"E":"-.5","F":"x\\".5 :.5,-.5","G":-3,"H":1234567890123.5,"I":-0.01,"J":null}',
    );
    for (const row of rows) expect(() => JSON.parse(decode(row.bytes))).not.toThrow();
  });

  it('splits answers of any rows written as Profit before 7 writes them', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(text, json, { maxKeys: 4 }), { maxLength: 5 }), (rows) => {
        const body = `{\r\n"skip":0,\r\n"take":${rows.length},\r\n"rows":[${rows.map(renderPre7).join(',')}]}`;
        expect(splitRows(new TextEncoder().encode(body)).map((row) => row.value)).toEqual(
          JSON.parse(JSON.stringify(rows)),
        );
      }),
    );
  });
});

describe('the client against a server of Profit before 7', () => {
  const answer = () =>
    new Response(PRE_7, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });

  it('get() gives the rows with their numbers', async () => {
    const { fetch } = scriptedFetch(answer);
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch });
    expect(await client.get('X')).toEqual({ skip: 0, take: 100, rows: PRE_7_ROWS });
  });

  it('rawRows() gives rows whose bytes are JSON', async () => {
    // Two rows where five were asked: the last page.
    const { fetch } = scriptedFetch(answer);
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch });
    const rows = [];
    for await (const raw of client.rawRows('X', { pageSize: 5, orderBy: ['A'] })) rows.push(raw);
    expect(rows.map((row) => JSON.parse(decode(row.bytes)))).toEqual(PRE_7_ROWS);
  });
});
