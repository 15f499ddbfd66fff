// SQLite's reads run on reader threads (db/sqlite-readers.ts): a long read leaves the main thread free to answer
// other calls, values come back as the driver gives them (blobs as Buffers, SQLite's error codes), and a read left
// early gives its reader back for the next one.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, RenderedRows } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { nativeRowWriter } from '../src/db/sqlite-readers.ts';
import { compileRowRenderer, rowRenderingFor } from '../src/read/row-renderer.ts';
import { sqliteRowTextSql } from '../src/read/row-text-sql.ts';

/** A read that keeps SQLite busy for a while: counts to `n` and sums. */
const slowRead = (n: number) => ({
  sql: 'with recursive c(x) as (select 1 union all select x + 1 from c where x < ?) select sum(x) from c',
  parameters: [n],
});

/** A field of every data type, in the order of the test tables' columns. */
const EVERY_TYPE = [
  { id: 'Text', dataType: 'string' },
  { id: 'Count', dataType: 'int' },
  { id: 'Amount', dataType: 'decimal' },
  { id: 'Day', dataType: 'date' },
  { id: 'Yes', dataType: 'boolean' },
  { id: 'Data', dataType: 'blob' },
] as const;

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** The text of rendered batches (pieces as strings or bytes), in order. */
const textOf = (batches: RenderedRows[]) =>
  batches
    .flatMap((batch) => [...batch.pieces].map((piece) => (typeof piece === 'string' ? piece : decoder.decode(piece))))
    .join('');

describe('SQLite reader threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-readers-'));
  let db: Database;
  let schema: string;

  beforeAll(async () => {
    db = await openDatabase(join(dir, 'readers.sqlite'));
    schema = await db.environmentSchema('O12345AA');
    await sql`create table ${sql.id(schema, 'numbers')} (n integer primary key, label text, data blob)`.execute(
      db.kysely,
    );
    const rows = Array.from({ length: 50 }, (_, i) => ({ n: i + 1, label: `n${i + 1}`, data: Buffer.from([i, 255]) }));
    await db.kysely.withSchema(schema).insertInto('numbers').values(rows).execute();
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a long read off the main thread: timers still fire while it runs', async () => {
    const ticks: number[] = [];
    const started = performance.now();
    const timer = setInterval(() => ticks.push(performance.now() - started), 5);
    try {
      const [[sum]] = (await db.readAll(slowRead(3_000_000))) as [[number]];
      expect(sum).toBe((3_000_000 * 3_000_001) / 2);
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    // The read takes a while; had it run on this thread, no tick would have come before it ended.
    expect(took).toBeGreaterThan(100);
    expect(ticks.filter((at) => at < took - 50).length).toBeGreaterThan(3);
  });

  it('reads in the environment file, with blobs as Buffers, in batches of the size asked', async () => {
    const query = db.kysely.withSchema(schema).selectFrom('numbers').select(['n', 'label', 'data']).orderBy('n');
    const batches: unknown[][][] = [];
    for await (const batch of db.stream(query.compile(), 20)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([20, 20, 10]);
    const first = batches[0]![0]!;
    expect(first.slice(0, 2)).toEqual([1, 'n1']);
    expect(Buffer.isBuffer(first[2])).toBe(true);
    expect([...(first[2] as Buffer)]).toEqual([0, 255]);
    expect(await db.readAll(query.where('n', '=', 7).compile())).toEqual([[7, 'n7', Buffer.from([6, 255])]]);
  });

  it("answers SQLite's error, with its code", async () => {
    await expect(db.readAll({ sql: 'select * from no_such_table', parameters: [] })).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
      message: expect.stringContaining('no such table'),
    });
  });

  it("moves a rendered batch's buffer back to its thread on release, and later batches stay intact", async () => {
    const fields = [
      { id: 'N', dataType: 'int' },
      { id: 'Label', dataType: 'string' },
    ] as const;
    const rendering = rowRenderingFor({ fields, renderRow: compileRowRenderer(fields) }, 'json');
    const query = sql<unknown[]>`select n as c0, label as c1 from ${sql.id(schema, 'numbers')} order by n`.compile(
      db.kysely,
    );
    const expected = Array.from({ length: 50 }, (_, i) => `,{"N":${i + 1},"Label":"n${i + 1}"}`).join('');
    // SQL the text cannot be wrapped around (its end commented out) is rendered in JavaScript, the same text.
    const commented = { ...query, sql: `${query.sql} -- the end` };
    expect(textOf([await db.readAllRendered(commented, rendering)])).toBe(expected);
    for (let round = 0; round < 3; round++) {
      let text = '';
      for await (const batch of db.streamRendered(query, 4, rendering)) {
        const pieces = [...batch.pieces] as Uint8Array[];
        text += textOf([{ ...batch, pieces }]);
        batch.release?.();
        // Given back: moved to the reader thread, nothing of it is left here.
        for (const piece of pieces) expect(piece.byteLength).toBe(0);
      }
      expect(text).toBe(expected);
    }
  });

  it('gives a reader back when a read is left early, and serves more reads at once than it has readers', async () => {
    const query = db.kysely.withSchema(schema).selectFrom('numbers').select('n').orderBy('n').compile();
    for (let i = 0; i < 6; i++) {
      for await (const batch of db.stream(query, 1)) {
        expect(batch).toEqual([[1]]);
        break;
      }
    }
    const counts = await Promise.all(
      Array.from({ length: 10 }, async () => {
        let rows = 0;
        for await (const batch of db.stream(query, 7)) rows += batch.length;
        return rows;
      }),
    );
    expect(counts).toEqual(Array(10).fill(50));
  });

  it.runIf(existsSync('/proc/self/task'))(
    'ends readers idle for 2 s, and starts one again for the next read',
    async () => {
      // Each reader is a thread of this process (tests run in a process per file).
      const threads = () => readdirSync('/proc/self/task').length;
      const query = db.kysely.withSchema(schema).selectFrom('numbers').select('n').where('n', '=', 3).compile();
      expect(await db.readAll(query)).toEqual([[3]]);
      const busy = threads();
      await new Promise((resolve) => setTimeout(resolve, 2300));
      // The readers of the tests before, and this one's, have ended (their heaps with them).
      const idleCount = threads();
      expect(idleCount).toBeLessThan(busy);
      // The next read starts a reader that attaches the environment again.
      expect(await db.readAll(query)).toEqual([[3]]);
      expect(threads()).toBe(idleCount + 1);
    },
  );

  it('sees what the writer committed', async () => {
    await db.kysely.withSchema(schema).insertInto('numbers').values({ n: 51, label: 'n51' }).execute();
    const query = db.kysely.withSchema(schema).selectFrom('numbers').select('label').where('n', '=', 51).compile();
    expect(await db.readAll(query)).toEqual([['n51']]);
  });

  it('renders rows on the thread byte for byte as the main thread renders them', async () => {
    const fields = EVERY_TYPE;
    await sql`create table ${sql.id(schema, 'typed')} (k integer primary key, t text, c integer, a real, d text, b integer, x blob)`.execute(
      db.kysely,
    );
    const value = fc.record({
      t: fc.option(fc.string({ unit: 'binary', maxLength: 300 })),
      c: fc.option(fc.integer()),
      a: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
      d: fc.option(fc.constantFrom('2024-02-29', '2025-01-01T10:20:30', '2025-01-01T10:20:30.456', '')),
      b: fc.option(fc.boolean()),
      x: fc.option(fc.uint8Array({ maxLength: 40 })),
    });
    const query = db.kysely
      .withSchema(schema)
      .selectFrom('typed')
      .select(['t', 'c', 'a', 'd', 'b', 'x', 'k'])
      .orderBy('k')
      .compile();
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 120 }), fc.constantFrom('json', 'bare'), async (rows, decimals) => {
        await db.kysely.withSchema(schema).deleteFrom('typed').execute();
        if (rows.length > 0) {
          const stored = rows.map((row, k) => ({
            ...row,
            k,
            b: row.b === null ? null : Number(row.b),
            x: row.x === null ? null : Buffer.from(row.x),
          }));
          await db.kysely.withSchema(schema).insertInto('typed').values(stored).execute();
        }
        const rendering = rowRenderingFor({ fields, renderRow: compileRowRenderer(fields) }, decimals);
        const read: unknown[][] = [];
        for await (const batch of db.stream(query, 7)) read.push(...batch);
        const expected = read.map((row) => `,${rendering.renderRow(row)}`).join('');
        const streamed: RenderedRows[] = [];
        for await (const batch of db.streamRendered(query, 7, rendering)) streamed.push(batch);
        expect(textOf(streamed)).toBe(expected);
        // Bytes, not text: the thread rendered and encoded them (the main thread's rendering gives strings).
        for (const batch of streamed) for (const piece of batch.pieces) expect(piece).toBeInstanceOf(Uint8Array);
        expect(streamed.map((batch) => batch.count)).toEqual(
          Array.from({ length: Math.ceil(rows.length / 7) }, (_, i) => Math.min(7, rows.length - 7 * i)),
        );
        // The last row as read: where a keyset read goes on (its blob a Buffer, as everywhere on this thread).
        expect(streamed.at(-1)?.last).toEqual(read.at(-1));
        const all = await db.readAllRendered(query, rendering);
        expect(textOf([all])).toBe(expected);
        for (const piece of all.pieces) expect(piece).toBeInstanceOf(Uint8Array);
        expect(all.count).toBe(rows.length);
      }),
      { numRuns: 40 },
    );
  });

  it('writes the text of a read of c0, c1, … columns in SQL, byte for byte as the main thread renders any value', async () => {
    // Every field type over columns without affinity: each holds whatever was stored (text in a number field, reals,
    // integers past 2^53, blobs), so SQL's own text and its fallback to the renderer both meet every kind of value.
    // And over columns with an affinity or a collation of their own, where the SQL's comparisons that tell text from
    // other values must still hold. Two decimal fields side by side: the SQL writes a run of decimals in one call.
    // Without the blob field, rows are first written by native/row-json.c where it is built (the SQL for the values
    // it leaves); with it, by the SQL alone.
    const every = [...EVERY_TYPE.slice(0, 3), { id: 'Rate', dataType: 'decimal' as const }, ...EVERY_TYPE.slice(3)];
    const withoutBlob = every.filter((field) => field.dataType !== 'blob');
    const tables = {
      untyped: 'v0, v1, v2, v3, v4, v5, v6',
      affine: 'v0 text collate nocase, v1 integer, v2 real, v3 numeric, v4 text collate rtrim, v5 integer, v6 blob',
      crossed: 'v0 numeric, v1 text, v2 text, v3 integer, v4 integer, v5 text collate nocase, v6 text',
    };
    for (const [name, columns] of Object.entries(tables))
      await sql`create table ${sql.id(schema, name)} (k integer primary key, ${sql.raw(columns)})`.execute(db.kysely);
    const anyValue = fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', '1', 't', ' 12', '0x1A', '2024-02-29', '2025-01-01 10:20:30.456', 'é2025-01-01T10:20:30Z'),
      fc.integer(),
      fc.constantFrom(2 ** 53, -(2 ** 53) - 2, 9_223_372_036_854_775_807n, 0, 1),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
    );
    // Amounts, and reals at the edges of where the native writer writes them itself (1e-4 to 1e15, 15-17 digits).
    const amount = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }).map((cents) => cents / 100),
      fc.constantFrom(0.1 + 0.2, 1 / 3, -2 / 3, 1e-4, 0.99999e-4, -1e-4, 1e15, 1e15 - 0.5, 123456789012345.6, 5e-324),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const typedOr = (typed: fc.Arbitrary<unknown>) =>
      fc.oneof(
        { weight: 6, arbitrary: typed },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: anyValue },
      );
    const blobValue = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 10 }),
      fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
    );
    const queryOf = (table: string, fields: readonly { id: string }[], orderValue = true) =>
      sql<unknown[]>`select ${sql.join(
        fields.map((_, i) => sql`${sql.ref(`v${i}`)} as ${sql.id(`c${i}`)}`),
      )}${orderValue ? sql`, k as p0` : sql``} from ${sql.id(schema, table)} order by k`.compile(db.kysely);
    await fc.assert(
      fc.asyncProperty(
        // A blob field holds blobs (or text): the renderer cannot write a number as one, on either thread.
        // Mostly values of their field's type (integers bound as integers), so that whole rows are written natively.
        fc.array(
          fc.tuple(
            typedOr(fc.string({ unit: 'binary', maxLength: 40 })),
            typedOr(fc.integer().map(BigInt)),
            typedOr(amount),
            typedOr(amount),
            typedOr(fc.constantFrom('2024-02-29', '2025-01-01T10:20:30', '2025-01-01T10:20:30.456', '')),
            typedOr(fc.constantFrom(0n, 1n)),
            blobValue,
          ),
          { maxLength: 60 },
        ),
        fc.constantFrom('json', 'bare'),
        fc.constantFrom(...Object.keys(tables)),
        fc.boolean(),
        async (rows, decimals, table, blobField) => {
          const fields = blobField ? every : withoutBlob;
          const query = queryOf(table, fields);
          await db.kysely.withSchema(schema).deleteFrom(table).execute();
          for (const [k, values] of rows.entries())
            await sql`insert into ${sql.id(schema, table)} values (${k}, ${sql.join(values.map((v) => sql`${v}`))})`.execute(
              db.kysely,
            );
          const rendering = rowRenderingFor({ fields, renderRow: compileRowRenderer(fields) }, decimals);
          const read: unknown[][] = [];
          for await (const batch of db.stream(query, 7)) read.push(...batch);
          // The main thread's renderer takes the fields; the order value after them is not rendered.
          // As the answer's UTF-8 has it (a lone surrogate becomes a replacement character).
          const expected = decoder.decode(
            encoder.encode(read.map((row) => `,${rendering.renderRow(row.slice(0, fields.length))}`).join('')),
          );
          const streamed: RenderedRows[] = [];
          for await (const batch of db.streamRendered(query, 7, rendering)) streamed.push(batch);
          expect(textOf(streamed)).toBe(expected);
          // Where a keyset read goes on: the order value after the fields, as read.
          if (read.length > 0) expect(streamed.at(-1)?.last?.[fields.length]).toBe(read.at(-1)?.[fields.length]);
          expect(textOf([await db.readAllRendered(query, rendering)])).toBe(expected);
          // A read with nothing after its fields (a page): the text alone in each row.
          const fieldsOnly = queryOf(table, fields, false);
          expect(textOf([await db.readAllRendered(fieldsOnly, rendering)])).toBe(expected);
          const batches: RenderedRows[] = [];
          for await (const batch of db.streamRendered(fieldsOnly, 7, rendering)) batches.push(batch);
          expect(textOf(batches)).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('has the native row writer built, as npm ci builds it where a C compiler is (scripts/build-native.mjs)', () => {
    expect(nativeRowWriter(), 'run `node packages/server/scripts/build-native.mjs` and read its warning').toBeDefined();
  });

  it('writes wide rows natively, up to the 1000 arguments of an SQLite call, and the same text as the main thread', async () => {
    const wide = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `F${i}`, dataType: 'string' as const }));
    const native = (n: number) => sqliteRowTextSql(wide(n), 'select 1', [], (kind) => `f_${kind}`, 'json');
    expect(native(999)).toContain('ac_row_json(');
    expect(native(1000)).not.toContain('ac_row_json(');
    const fields = wide(150);
    const columns = fields.map((_, i) => `c${i}`);
    await sql`create table ${sql.id(schema, 'wide')} (${sql.raw(columns.map((c) => `${c} text`).join(', '))})`.execute(
      db.kysely,
    );
    const row = (k: number) => columns.map((c, i) => (i % 7 === 0 ? null : `${c}-${k} "é"\n`));
    for (const k of [1, 2, 3])
      await sql`insert into ${sql.id(schema, 'wide')} values (${sql.join(row(k))})`.execute(db.kysely);
    const query = sql<unknown[]>`select * from ${sql.id(schema, 'wide')}`.compile(db.kysely);
    const rendering = rowRenderingFor({ fields, renderRow: compileRowRenderer(fields) }, 'json');
    const expected = (await db.readAll(query)).map((r) => `,${rendering.renderRow(r)}`).join('');
    expect(textOf([await db.readAllRendered(query, rendering)])).toBe(expected);
  });

  it.runIf(existsSync('/proc/self/task'))(
    'starts no reader once closed: reads waiting for one, and reads after, fail',
    async () => {
      const threads = () => readdirSync('/proc/self/task').length;
      const other = await openDatabase(join(dir, 'closing.sqlite'));
      // Four readers busy with long reads, a fifth read waiting for one of them.
      const busy = Array.from({ length: 4 }, () => other.readAll(slowRead(3_000_000)));
      const waiting = other.readAll(slowRead(10));
      for (const read of [...busy, waiting]) read.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 50));
      await other.close();
      const before = threads();
      await expect(waiting).rejects.toThrow(/closed/);
      for (const read of busy) await expect(read).rejects.toThrow();
      await expect(other.readAll(slowRead(10))).rejects.toThrow(/closed/);
      // No reader was started for the waiting read when the busy ones were given back.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(threads()).toBeLessThanOrEqual(before);
    },
  );
});
