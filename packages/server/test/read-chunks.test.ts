// Property test of long reads resumed by keyset (read/read-chunks.ts) on SQLite and PostgreSQL: for any sort (nulls,
// ties, text, dates, booleans, decimals, a join), paging and filters that leave sorted fields without nulls or not,
// tiny chunks or statements given up after every tiny batch give exactly the rows of one statement.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedRows } from '../src/db/database.ts';
import { readInChunks } from '../src/read/read-chunks.ts';
import { planRead } from '../src/read/read-plan.ts';
import { parseReadRequest } from '../src/read/read-request.ts';
import { compileRead, stripable } from '../src/read/read-sql.ts';
import { rowRenderingFor } from '../src/read/row-renderer.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { insertTestRows } from './support/test-rows.ts';

const SORTABLE = ['Id', 'Name', 'City', 'Age', 'Salary', 'Born', 'Active', 'Team_Name', 'Line', 'Modified-Date'];
const COUNT = 120;

describe.each(DATABASE_KINDS)('long reads in chunks on %s', (kind) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind);
    if (!server) return;
    const teams = [
      { id: 1, title: 'Blauw' },
      { id: 2, title: 'blauw' },
      { id: 3, title: null },
    ];
    // Few distinct values per column, nulls in every one: many ties for the keys to break.
    const pick = <T>(values: T[], i: number, step: number) => values[(i * step) % values.length]!;
    const rows = Array.from({ length: COUNT }, (_, i) => ({
      id: i + 1,
      name: pick(['Anna', 'anna', 'Érik', null, 'Zoë', ''], i, 7),
      city: pick(['Zwolle', null, 'Assen', 'assen'], i, 5),
      age: pick([30, null, 41, -2], i, 3),
      salary: pick([10.25, null, 0, -3.5, 1000.75], i, 11),
      born: pick(['1990-05-17', null, '2000-02-29'], i, 13),
      active: pick([true, false, null], i, 17),
      team_id: pick([1, 2, 3, null, 99], i, 19),
      modified_at: pick(['2025-01-01T00:00:00', '2025-01-01T00:00:00.730', null, '2024-12-31T23:59:59'], i, 23),
    }));
    await insertTestRows(server, { teams, people: rows });
  });
  afterAll(async () => server?.close());

  /** The test server's database, environment schema and Test_People connector (with its field count). */
  const people = async (test: TestServer) => {
    const { db, registry } = test.runtime;
    const connector = registry.getConnectors.get('Test_People')!;
    return { db, schema: await db.environmentSchema('O12345AA'), connector, width: connector.fields.length };
  };

  /** Rows of one statement as the answer has them: each row's text as its connector renders it. */
  const rendered = (rows: unknown[][], connector: { renderRow: (row: readonly unknown[]) => string }) =>
    rows.map((row) => connector.renderRow(row));
  /** The text of rendered batches: each row's text after a comma. */
  const renderedText = (batches: RenderedRows[]) =>
    batches
      .flatMap((batch) => [...batch.pieces].map((piece) => (typeof piece === 'string' ? piece : decoder.decode(piece))))
      .join('');
  /** The same, split into the rows' texts again (JSON.stringify writes them as the renderer does). */
  const renderedTexts = (batches: RenderedRows[]) => {
    const text = renderedText(batches);
    return text === '' ? [] : (JSON.parse(`[${text.slice(1)}]`) as unknown[]).map((row) => JSON.stringify(row));
  };
  const decoder = new TextDecoder();

  it('gives the rows of one statement, in its order, for any sort, paging and chunk size', async (context) => {
    if (!server) return context.skip();
    const { db, schema, connector } = await people(server);
    const rendering = rowRenderingFor(connector, 'json');
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ field: fc.constantFrom(...SORTABLE), desc: fc.boolean() }), {
          selector: (term) => term.field,
          maxLength: 3,
        }),
        fc.option(fc.record({ skip: fc.integer({ min: 0, max: 130 }), take: fc.integer({ min: 0, max: 130 }) })),
        // Filters that leave a sorted field without nulls (its ORDER BY then has no `nulls` clause), or one that does not.
        fc.constantFrom(
          '',
          '&filterfieldids=Age&filtervalues=-100&operatortypes=2',
          '&filterfieldids=Born,Salary&filtervalues=1900-01-01T00:00:00,-100&operatortypes=2,2',
          '&filterfieldids=Age;Age&filtervalues=30;-2&operatortypes=1;5',
          '&filterfieldids=Age;Name&filtervalues=-100;Anna&operatortypes=2;1',
        ),
        fc.integer({ min: 1, max: 17 }),
        // Chunks only, or held statements given up after every batch (each the rest of the read from a position).
        fc.record({ concurrent: fc.constantFrom(0, 1), batch: fc.integer({ min: 1, max: 17 }) }),
        async (order, page, filter, chunkRows, holding) => {
          const orderText = order.map((term) => `${term.desc ? '-' : ''}${term.field}`).join(',');
          const paging = page ? `skip=${page.skip}&take=${page.take}` : 'skip=-1&take=-1';
          const query = `${paging}${orderText ? `&orderbyfieldids=${orderText}` : ''}${filter}`;
          const plan = planRead(parseReadRequest('Test_People', query), connector, () => true);
          const chunked: RenderedRows[] = [];
          // maxMs 0 and no extra life for a slow start: given up after every batch, and always opened again.
          const given = { ...holding, idleMs: 60_000, maxMs: 0, startupFactor: 0 };
          for await (const chunk of readInChunks(db, schema, plan, rendering, chunkRows, given)) chunked.push(chunk);
          const whole: unknown[][] = [];
          for await (const batch of db.stream(compileRead(db, schema, plan), 50)) whole.push(...batch);
          const got = renderedTexts(chunked);
          expect(chunked.reduce((sum, batch) => sum + batch.count, 0)).toBe(got.length);
          const expected = rendered(whole, connector);
          // Byte for byte the text the main thread renders (on SQLite the reader threads render).
          if (order.length > 0) expect(renderedText(chunked)).toBe(expected.map((text) => `,${text}`).join(''));
          if (order.length > 0 || !page) {
            // Sorted: the same rows in the same order. Unsorted export: the same rows (chunks go in key order).
            if (order.length > 0) expect(got).toEqual(expected);
            else expect([...got].sort()).toEqual([...expected].sort());
          } else {
            // An unsorted page has no defined rows; chunks take them in key order: the page of the key order.
            expect(got).toHaveLength(expected.length);
            expect(new Set(got).size).toBe(got.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('drops the nulls clause of a sorted non-text field only where every filter group rejects its nulls', async (context) => {
    if (!server) return context.skip();
    const { db, schema, connector } = await people(server);
    const orderOf = (query: string) => {
      const text = compileRead(
        db,
        schema,
        planRead(parseReadRequest('Test_People', query), connector, () => true),
      ).sql;
      return text.slice(text.lastIndexOf('order by'));
    };
    const page = 'skip=0&take=10&orderbyfieldids=-Age,Name';
    expect(orderOf(page)).toMatch(/desc nulls last, .* asc nulls first/);
    // Age >= -100 leaves no null Age: plain `desc`; Name keeps its clause.
    expect(orderOf(`${page}&filterfieldids=Age&filtervalues=-100&operatortypes=2`)).toMatch(/desc, .* asc nulls first/);
    // Text keeps it: its sort-key index is built `nulls first` (a keyset export on a text key sorted every match).
    expect(orderOf('skip=0&take=10&orderbyfieldids=Name&filterfieldids=Name&filtervalues=A&operatortypes=4')).toMatch(
      /asc nulls first, /,
    );
    // An OR group without a condition on Age lets null ages through.
    expect(orderOf(`${page}&filterfieldids=Age;Name&filtervalues=-100;Anna&operatortypes=2;1`)).toMatch(
      /desc nulls last, .* asc nulls first/,
    );
  });

  it('reads a whole unsorted read in stripes on reader threads, merged back into key order', async (context) => {
    if (!server) return context.skip();
    const { db, schema, connector } = await people(server);
    // PostgreSQL reads on connections, not threads: one statement.
    if (!db.streamRenderedStriped) return context.skip();
    // Test_People's key is an int the tests number themselves; stripes need only that it be an integer.
    const numbered = { ...connector, source: { ...connector.source, numberedKey: true } };
    const rendering = rowRenderingFor(numbered, 'json');
    const planOf = (query: string) => planRead(parseReadRequest('Test_People', query), numbered, () => true);
    expect(stripable(db, planOf('skip=-1&take=-1'))).toBe(true);
    for (const query of ['skip=-1&take=-1&orderbyfieldids=Name', 'skip=5&take=2000', 'skip=0&take=2000'])
      expect(stripable(db, planOf(query)), query).toBe(false);
    expect(
      stripable(
        db,
        planRead(parseReadRequest('Test_People', 'skip=-1&take=-1'), connector, () => true),
      ),
    ).toBe(false);
    const striped = { calls: 0 };
    const counting: typeof db = {
      ...db,
      streamRenderedStriped(stripes, blocks, how) {
        striped.calls++;
        return db.streamRenderedStriped!(stripes, blocks, how);
      },
    };
    await fc.assert(
      fc.asyncProperty(
        // Filters leave gaps in the keys: blocks with few rows or none.
        fc.constantFrom(
          '',
          '&filterfieldids=Age&filtervalues=-100&operatortypes=2',
          '&filterfieldids=Age;Name&filtervalues=30;Anna&operatortypes=1;1',
          '&filterfieldids=Name&filtervalues=nobody&operatortypes=1',
        ),
        fc.integer({ min: 1, max: 17 }),
        // Held to the end, or given up after every batch and opened again after the last row given.
        fc.constantFrom(0, 60_000),
        async (filter, batch, maxMs) => {
          const plan = planOf(`skip=-1&take=-1${filter}`);
          const before = striped.calls;
          const holding = { idleMs: 60_000, maxMs, startupFactor: 0, concurrent: 2, batch };
          const batches: RenderedRows[] = [];
          for await (const chunk of readInChunks(counting, schema, plan, rendering, 7, holding)) batches.push(chunk);
          const whole: unknown[][] = [];
          for await (const rows of db.stream(compileRead(db, schema, plan), 50)) whole.push(...rows);
          whole.sort((a, b) => (a[0] as number) - (b[0] as number));
          // In key order, byte for byte the text of one statement.
          expect(renderedText(batches)).toBe(whole.map((row) => `,${numbered.renderRow(row)}`).join(''));
          if (whole.length > 0) expect(striped.calls).toBeGreaterThan(before);
          // As from one statement, only the last batch is short (the answer takes a short one for the last).
          for (const chunk of batches.slice(0, -1)) expect(chunk.count).toBeGreaterThanOrEqual(batch);
        },
      ),
      { numRuns: 40 },
    );
    // A read left after its first batch gives its readers back: more such reads than there are readers, then a whole one.
    const plan = planOf('skip=-1&take=-1');
    for (let i = 0; i < 6; i++) {
      const holding = { idleMs: 60_000, maxMs: 60_000, startupFactor: 0, concurrent: 2, batch: 5 };
      for await (const chunk of readInChunks(db, schema, plan, rendering, 7, holding)) {
        expect(chunk.count).toBeGreaterThanOrEqual(5);
        break;
      }
    }
    let rows = 0;
    for await (const chunk of readInChunks(db, schema, plan, rendering)) rows += chunk.count;
    expect(rows).toBe(COUNT);
  });

  it('keeps a statement that started slowly for longer, and does not open one again after it', async (context) => {
    if (!server) return context.skip();
    const { db, schema, connector } = await people(server);
    const rendering = rowRenderingFor(connector, 'json');
    const plan = planRead(
      parseReadRequest('Test_People', 'skip=-1&take=-1&orderbyfieldids=Name'),
      connector,
      () => true,
    );
    const whole: unknown[][] = [];
    for await (const batch of db.stream(compileRead(db, schema, plan), 50)) whole.push(...batch);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // The database's first rows come after `startMs` (a plan that hashes and sorts everything first), later batches
    // after `batchMs` each; counts the statements held and the chunks read.
    const timed = (startMs: number, batchMs: number) => {
      const calls = { held: 0, chunks: 0 };
      const slow: typeof db = {
        ...db,
        async *streamRendered(query, batchSize, how) {
          calls.held++;
          let first = true;
          for await (const batch of db.streamRendered(query, batchSize, how)) {
            await sleep(first ? startMs : batchMs);
            first = false;
            yield batch;
          }
        },
        readAllRendered(query, how) {
          calls.chunks++;
          return db.readAllRendered(query, how);
        },
      };
      return { slow, calls };
    };
    const holding = { idleMs: 60_000, maxMs: 40, startupFactor: 2, concurrent: 2, batch: 10 };
    const read = async (database: typeof db) => {
      const batches: RenderedRows[] = [];
      for await (const chunk of readInChunks(database, schema, plan, rendering, 10, holding)) batches.push(chunk);
      return renderedTexts(batches);
    };
    const expected = rendered(whole, connector);

    // Started in 100 ms (more than maxMs): it may give rows for 200 ms, and reads all 120 rows in one statement.
    const patient = timed(100, 0);
    expect(await read(patient.slow)).toEqual(expected);
    expect(patient.calls).toEqual({ held: 1, chunks: 0 });

    // Started as slowly, but its 11 later batches take 60 ms each: given up after about 200 ms of rows (a start
    // stretched by a loaded machine stretches that too, hence the wide margin), the rest read in chunks.
    const slowStart = timed(100, 60);
    expect(await read(slowStart.slow)).toEqual(expected);
    expect(slowStart.calls.held).toBe(1);
    expect(slowStart.calls.chunks).toBeGreaterThan(0);

    // Started at once and as slow per batch: given up after 40 ms of rows and opened again over the rest.
    const quickStart = timed(0, 25);
    expect(await read(quickStart.slow)).toEqual(expected);
    expect(quickStart.calls.held).toBeGreaterThan(1);
  });
});
