// splitRows finds each row of an answer as the server's own bytes: for any rows (nested values, escapes, quotes and
// brackets inside strings, non-ASCII), each slice parses to its row; layouts it does not expect go through
// JSON.parse; text that is not JSON throws. rawRows pages like rows() and reads keys from the raw rows.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AfasClient, splitPage, splitRows } from '../src/index.ts';
import { compactRows } from '../src/raw-rows.ts';
import { connectorFetch } from './fake-connector.ts';
import { BASE_URL, params, TOKEN_XML } from './scripted-fetch.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const texts = (body: string) => splitRows(bytes(body)).map((row) => new TextDecoder().decode(row.bytes));

const tricky = fc.oneof(fc.string(), fc.constantFrom('{', '}', '[', ']', '"', '\\', '"rows":[', 'ë€😀', '\\"}', ':'));
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const row = fc.dictionary(tricky, value, { maxKeys: 6 });

describe('splitRows', () => {
  it('slices every row of a compact answer so that each parses to its row', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.integer({ min: 0, max: 100 }), (rows, skip) => {
        const body = JSON.stringify({ skip, take: rows.length, rows });
        const raw = splitRows(bytes(body));
        expect(raw.map((r) => r.value)).toEqual(JSON.parse(body).rows);
        // The bytes are the server's own: the answer's text for each row, without a line break.
        expect(raw.map((r) => new TextDecoder().decode(r.bytes))).toEqual(rows.map((r) => JSON.stringify(r)));
      }),
    );
  });

  it('finds the rows of a compact answer of flat rows by their boundaries, as GetConnectors answer, for any values', () => {
    // The same keys in every row, strings holding what a boundary or another layout looks like.
    const text = fc.oneof(fc.string(), fc.constantFrom('},{"K":', '": ', '":[', '\n', '"', '\\', '}]}', 'ë€😀'));
    const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
    let searched = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(text, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(fc.option(scalar), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        (keys, values) => {
          const rows = values.map((row) => Object.fromEntries(keys.map((key, i) => [key, row[i]])));
          const body = bytes(JSON.stringify({ skip: 0, take: rows.length, rows }));
          const from = new TextDecoder().decode(body).indexOf('"rows":[') + 8;
          const bounds: number[] = [];
          // A string holding `{`, `[` or a line break sends the page to the scan: found or not, the rows are right.
          const found = compactRows(body, from, bounds);
          if (found !== undefined) expect([found, bounds.length]).toEqual([body.length - 2, rows.length * 2]);
          if (found !== undefined) searched++;
          const page = splitPage(body);
          expect([...page].map((row) => row.value)).toEqual(JSON.parse(JSON.stringify(rows)));
          expect(new TextDecoder().decode(page.lines())).toBe(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
        },
      ),
      { numRuns: 300 },
    );
    // Pages without such strings are split by the search, not only by the scan (122 of 300 in one run).
    expect(searched).toBeGreaterThan(30);
    // A string that holds what looks like a boundary, escaped as JSON escapes it: one boundary, after the first row.
    // (A `{` or `[` in a string sends a page to the scan.)
    const plain = JSON.stringify({
      skip: 0,
      take: 2,
      rows: [
        { a: '"},"a":]', b: 1 },
        { a: null, b: 2.5 },
      ],
    });
    const bounds: number[] = [];
    expect(compactRows(bytes(plain), plain.indexOf('[') + 1, bounds)).toBe(plain.length - 2);
    const comma = plain.indexOf(',{"a":null');
    expect(bounds).toEqual([plain.indexOf('[') + 1, comma, comma + 1, plain.length - 2]);
    // Laid out otherwise, nested, or cut short: left to the scan, which reads or refuses it.
    for (const body of [
      '{"rows":[{"a":1}, {"a":2}]}',
      '{"rows":[{"a":1},{"a":[{"b":1},{"a":2}]}]}',
      '{"rows":[{"a":1},{"b":2},{"a":3}]}',
      '{"rows":[{"a":1}, {"b":2}]}',
      '{"rows":[{"a":1},{}]}',
      '{"rows":[{"a":-.5}]}',
    ])
      expect(compactRows(bytes(body), 9, []), body).toBeUndefined();
    expect(() => compactRows(bytes('{"rows":[{"a":"x"},{"a":"unterminated}]}'), 9, [])).toThrow(SyntaxError);
    // Bare decimals are looked for where the head is on lines, as Profit before 7 writes it; the scan mends them.
    const old = '{\r\n"skip":0,\r\n"take":2,\r\n"rows":[{"a":-.5},{"a":1}]}';
    expect(compactRows(bytes(old), old.indexOf('[') + 1, [])).toBeUndefined();
    expect(texts(old)).toEqual(['{"a":-0.5}', '{"a":1}']);
  });

  it('finds rows wherever the key stands, and after keys that look like it', () => {
    expect(texts('{"rows":[{"a":1},{"b":[2,{"c":"]"}]}],"skip":0,"take":2}')).toEqual([
      '{"a":1}',
      '{"b":[2,{"c":"]"}]}',
    ]);
    expect(texts('{"x":{"rows":[{"no":1}]},"rows":[{"yes":1}]}')).toEqual(['{"yes":1}']);
    expect(texts('{"skip":0,"take":0,"rows":[]}')).toEqual([]);
  });

  it('parses answers laid out otherwise (spaces, line breaks, rows that are not objects)', () => {
    const pretty = JSON.stringify({ skip: 0, take: 2, rows: [{ a: 1 }, { b: 'x' }] }, null, 2);
    expect(texts(pretty)).toEqual(['{"a":1}', '{"b":"x"}']);
    expect(texts('{"rows" : [ {"a":1} ]}')).toEqual(['{"a":1}']);
  });

  it('throws on text that is not a JSON answer with rows', () => {
    for (const body of ['', 'null', '[]', '{"rows":[{"a":"unterminated}]}', '{"rows":[{"a":1}]', '{"skip":0}', 'x{}'])
      expect(() => splitRows(bytes(body)), body).toThrow(SyntaxError);
  });
});

describe('RawPage', () => {
  const decode = (data: Uint8Array) => new TextDecoder().decode(data);

  it('writes the first rows of a page as NDJSON lines, or joined as asked, for any rows and layout', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.nat(10), fc.boolean(), (rows, count, pretty) => {
        const texts = rows.map((r) => JSON.stringify(r)).slice(0, count);
        const answer = { skip: 0, take: rows.length, rows };
        // Compact (rows a comma apart: written in place) or laid out otherwise (parsed and encoded again).
        const page = () => splitPage(bytes(pretty ? JSON.stringify(answer, null, 1) : JSON.stringify(answer)));
        expect(decode(page().joined(count, '[', ',\n', ']'))).toBe(texts.length ? `[${texts.join(',\n')}]` : '');
        const lined = page();
        expect(decode(lined.lines(count))).toBe(texts.map((text) => `${text}\n`).join(''));
        // The rows themselves are untouched by writing the lines in the answer's buffer (compared as JSON has them:
        // -0 is written as 0).
        expect([...lined].map((r) => r.value)).toEqual(JSON.parse(JSON.stringify(rows)));
      }),
    );
  });

  it('indexes its rows like an array', () => {
    const page = splitPage(bytes('{"rows":[{"a":1},{"b":2},{"c":3}]}'));
    expect(page).toHaveLength(3);
    expect(page.at(0)?.value).toEqual({ a: 1 });
    expect(page.at(-1)?.value).toEqual({ c: 3 });
    for (const outside of [3, -4, 0.5]) expect(page.at(outside)).toBeUndefined();
  });
});

describe('rawRows', () => {
  const people = Array.from({ length: 7 }, (_, i) => ({ Id: `E${i + 1}`, Name: `naam "${i}" ë` }));

  it('pages by key like rows(), reading the last key from the raw rows', async () => {
    const server = connectorFetch(() => people);
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch: server.fetch });
    const rows = [];
    for await (const raw of client.rawRows('X', { keyset: { field: 'Id' }, pageSize: 3, concurrency: 2 }))
      rows.push(new TextDecoder().decode(raw.bytes));
    expect(rows).toEqual(people.map((p) => JSON.stringify(p)));
    // Each window's last page first: its last key opens the next window.
    expect(server.calls.map(params).map((p) => [p.skip, p.filtervalues])).toEqual([
      ['3', undefined],
      ['0', undefined],
      ['3', 'E6'],
      ['0', 'E6'],
    ]);
  });

  it('gives the same rows a page at a time with rawPages, no empty page at the end', async () => {
    const server = connectorFetch(() => people);
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch: server.fetch });
    for (const pageSize of [3, 7]) {
      const pages = [];
      for await (const page of client.rawPages('X', { keyset: { field: 'Id' }, pageSize, concurrency: 2 }))
        pages.push([...page].map((raw) => raw.value));
      expect(pages.flat()).toEqual(people);
      expect(pages.map((page) => page.length)).toEqual(pageSize === 3 ? [3, 3, 1] : [7]);
    }
  });

  it('answers an error status as rows() does, and a body that is not JSON as an AfasError with its status', async () => {
    const firstRow = (status: number, body: string) =>
      new AfasClient({
        baseUrl: BASE_URL,
        token: TOKEN_XML,
        maxRetries: 0,
        fetch: async () => new Response(body, { status }),
      })
        .rawRows('X', { keyset: { field: 'Id' } })
        [Symbol.asyncIterator]()
        .next();
    await expect(firstRow(500, '{"externalMessage":"Nee"}')).rejects.toMatchObject({
      status: 500,
      externalMessage: 'Nee',
    });
    await expect(firstRow(203, '{"rows":[{"a":')).rejects.toMatchObject({
      status: 203,
      message: expect.stringMatching(/^203 the answer is not JSON/),
    });
  });
});
