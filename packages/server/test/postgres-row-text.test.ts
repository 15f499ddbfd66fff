// PostgreSQL writes each row's answer text itself (read/postgres-row-text.ts): it must be the text the renderer
// writes from the values pg hands over, byte for byte, for any value of every type, whole reads and streams, with
// a chunk's order values after it; and a read whose text SQL PostgreSQL refuses is rendered in JavaScript.

import type { DataType } from '@appconnector/protocol';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoundQuery, Database, RenderedRows } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { postgresTextReads } from '../src/db/postgres-text-reads.ts';
import { postgresRowTextSql } from '../src/read/postgres-row-text.ts';
import { compileRowRenderer, type RowRendering } from '../src/read/row-renderer.ts';
import { postgresDatabase, type TestDatabase } from './support/databases.ts';

/** Field id, its type and the column type it reads. */
const COLUMNS: [string, DataType, string][] = [
  ['Naam', 'string', 'varchar(200)'],
  ['Sleutel "x" \\ it\'s', 'string', 'text'],
  ['Nummer', 'int', 'integer'],
  ['Groot', 'int', 'bigint'],
  ['Bedrag', 'decimal', 'numeric(18,2)'],
  ['Fractie', 'decimal', 'numeric(18,8)'],
  ['Datum', 'date', 'timestamp(3)'],
  ['Actief', 'boolean', 'boolean'],
  ['Bijlage', 'blob', 'bytea'],
];
const FIELDS = COLUMNS.map(([id, dataType]) => ({ id, dataType }));

function renderingOf(fields: readonly { id: string; dataType: DataType }[]): RowRendering {
  return {
    spec: { key: JSON.stringify(fields), fields, decimals: 'json' },
    renderRow: compileRowRenderer(fields),
  };
}

async function textOf(batch: RenderedRows | Promise<RenderedRows>): Promise<string> {
  let text = '';
  for (const piece of (await batch).pieces) text += typeof piece === 'string' ? piece : Buffer.from(piece).toString();
  return text;
}

async function streamText(stream: AsyncIterable<RenderedRows>): Promise<{ text: string; lasts: unknown[][] }> {
  let text = '';
  const lasts: unknown[][] = [];
  for await (const batch of stream) {
    text += await textOf(batch);
    lasts.push(batch.last!);
  }
  return { text, lasts };
}

const text = fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.replaceAll('\0', ''));
const timestamp = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 23).replace('T', ' ')),
  fc.constantFrom('infinity', '-infinity', '0044-03-15 12:00:00 BC', '12345-06-07 08:09:10.5', '2020-03-22 10:00:00'),
);
const cents = fc.bigInt({ min: -(10n ** 16n) + 1n, max: 10n ** 16n - 1n }).map((n) => `${n}e-2`);
const tiny = fc.bigInt({ min: -(10n ** 17n) + 1n, max: 10n ** 17n - 1n }).map((n) => `${n}e-8`);
const row = fc.tuple(
  fc.option(text),
  fc.option(text),
  fc.option(fc.integer()),
  fc.option(fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String))),
  fc.option(fc.oneof(cents, fc.constantFrom('0', '0.01', '-0.01', '99999999999999.99', '1000000000000000', 'NaN'))),
  fc.option(fc.oneof(tiny, fc.constantFrom('0.0001', '0.00009999', '0.00000001', '123456789.12345678'))),
  fc.option(timestamp),
  fc.option(fc.boolean()),
  fc.option(fc.uint8Array({ maxLength: 80 })),
);

describe('PostgreSQL writes row texts', () => {
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  /** Fills the table, apart from the server's pool. */
  let client: pg.Client | undefined;
  beforeAll(async () => {
    database = await postgresDatabase();
    if (!database) return;
    db = await openDatabase(database.url);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const columns = COLUMNS.map(([, , type], i) => `v${i} ${type}`).join(', ');
    await client.query(`create table t (id integer primary key, ${columns})`);
  });
  afterAll(async () => {
    await client?.end();
    await db?.close();
    await database?.drop();
  });

  /** The read the compiler would make: fields as c0…, then the key as p0. */
  const read = (from: number): BoundQuery => ({
    sql: `select ${COLUMNS.map((_, i) => `v${i} as c${i}`).join(', ')}, id as p0 from t where id > $1 order by id limit 100000`,
    parameters: [from],
    columns: { fields: COLUMNS.length, extra: ['p0'] },
  });
  /** The same read without its columns: the database cannot wrap it, so JavaScript renders it. */
  const plain = (from: number): BoundQuery => ({ sql: read(from).sql, parameters: [from] });

  it("are the renderer's text for any values, whole and streamed, with the order values after them", async ({
    skip,
  }) => {
    if (!db) return skip();
    const rendering = renderingOf(FIELDS);
    let next = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), async (rows) => {
        const from = next;
        const values = rows.flatMap((values) => [++next, ...values]);
        const width = COLUMNS.length + 1;
        const placeholders = rows
          .map((_, r) => `(${Array.from({ length: width }, (_, i) => `$${r * width + i + 1}`).join(', ')})`)
          .join(', ');
        await client!.query(`insert into t values ${placeholders}`, values);
        const expected = await textOf(db!.readAllRendered(plain(from), rendering));
        expect(await textOf(db!.readAllRendered(read(from), rendering))).toBe(expected);
        const streamed = await streamText(db!.streamRendered(read(from), 7, rendering));
        expect(streamed.text).toBe(expected);
        const plainStream = await streamText(db!.streamRendered(plain(from), 7, rendering));
        expect(streamed.lasts.map((last) => last[COLUMNS.length])).toEqual(
          plainStream.lasts.map((last) => last[COLUMNS.length]),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('are written by PostgreSQL: the text SQL gives one text per row', async ({ skip }) => {
    if (!db) return skip();
    await client!.query(`insert into t (id, v0, v4, v6) values (1000000, 'a"b', 1.5, '2020-03-22 10:00:00.123')`);
    const sql = postgresRowTextSql(FIELDS, read(999999).sql, ['p0']);
    const rows = await db.readAll({ sql, parameters: [999999] });
    expect(rows).toEqual([
      [
        '{"Naam":"a\\"b","Sleutel \\"x\\" \\\\ it\'s":null,"Nummer":null,"Groot":null,"Bedrag":1.5,"Fractie":null,' +
          '"Datum":"2020-03-22T10:00:00Z","Actief":null,"Bijlage":null}',
        1000000,
      ],
    ]);
  });

  it('are the same for a wide row (300 fields), and for bare decimals (Profit before 7, rendered in JavaScript)', async ({
    skip,
  }) => {
    if (!db) return skip();
    const types: DataType[] = ['string', 'int', 'decimal', 'date', 'boolean'];
    const fields = Array.from({ length: 300 }, (_, i) => ({ id: `Veld${i}`, dataType: types[i % types.length]! }));
    const values = [
      '\'tekst "met" \\\'',
      '42',
      '-0.25::numeric(18,2)',
      "'2021-02-03 04:05:06.7'::timestamp(3)",
      'true',
    ];
    const select = fields.map((_, i) => `${values[i % values.length]} as c${i}`).join(', ');
    const query: BoundQuery = {
      sql: `select ${select} from generate_series(1, 2)`,
      parameters: [],
      columns: { fields: fields.length, extra: [] },
    };
    const plainQuery = { sql: query.sql, parameters: [] };
    const rendering = renderingOf(fields);
    const expected = await textOf(db.readAllRendered(plainQuery, rendering));
    expect(expected).toContain('"Veld2":-0.25,');
    expect(await textOf(db.readAllRendered(query, rendering))).toBe(expected);
    // Written by PostgreSQL, not fallen back to JavaScript.
    const written = await db.readAll({ sql: postgresRowTextSql(fields, query.sql, []), parameters: [] });
    expect(written.map((row) => `,${row[0]}`).join('')).toBe(expected);
    const bare = {
      ...rendering,
      spec: { ...rendering.spec, decimals: 'bare' as const },
      renderRow: compileRowRenderer(fields, 'bare'),
    };
    const bareText = await textOf(db.readAllRendered(query, bare));
    expect(bareText).toContain('"Veld2":-.25,');
    expect(bareText).toBe(await textOf(db.readAllRendered(plainQuery, bare)));
  });

  it('are left to JavaScript when turned off (APPCONNECTOR_PG_ROW_TEXT=off), or where a read was not compiled', () => {
    const parsers = { n: Number, d: String };
    const rendering = renderingOf(FIELDS);
    expect(postgresTextReads(parsers, false).of(read(0), rendering)?.query.sql).toBe(
      postgresRowTextSql(FIELDS, read(0).sql, ['p0']),
    );
    expect(postgresTextReads(parsers, true).of(read(0), rendering)).toBeUndefined();
    expect(postgresTextReads(parsers, false).of(plain(0), rendering)).toBeUndefined();
    process.env.APPCONNECTOR_PG_ROW_TEXT = 'off';
    try {
      expect(postgresTextReads(parsers).of(read(0), rendering)).toBeUndefined();
    } finally {
      delete process.env.APPCONNECTOR_PG_ROW_TEXT;
    }
  });

  it('fall back to JavaScript where PostgreSQL refuses the SQL (a blob field over text)', async ({ skip }) => {
    if (!db) return skip();
    const fields = [{ id: 'Naam', dataType: 'blob' as const }];
    const query: BoundQuery = {
      sql: `select 'abc'::text as c0 from generate_series(1, 3)`,
      parameters: [],
      columns: { fields: 1, extra: [] },
    };
    const rendering = renderingOf(fields);
    const expected = await textOf(db.readAllRendered({ sql: query.sql, parameters: [] }, rendering));
    expect(expected).toBe(',{"Naam":"YWJj"},{"Naam":"YWJj"},{"Naam":"YWJj"}');
    expect(await textOf(db.readAllRendered(query, rendering))).toBe(expected);
    // Another text, not yet known to be refused: the stream finds out at its first batch.
    const again = { ...query, sql: `${query.sql} ` };
    expect((await streamText(db.streamRendered(again, 2, rendering))).text).toBe(expected);
  });
});
