// Calls of several records hold their inserts back and send them as one multi-row statement per table (PostgreSQL
// takes the numbers of its identity columns ahead for that). Checked over real HTTP on SQLite and PostgreSQL: the
// rows are the ones record-by-record writing stores, in element order, and a call whose held inserts fail answers
// what record-by-record writing answers and leaves nothing behind.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetIdsAhead, IDS_AHEAD } from '../src/write/ids-ahead.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

describe.each(DATABASE_KINDS)('writes of several records on %s', (kind) => {
  let server: WriteServer | undefined;
  let schema = '';
  beforeAll(async () => {
    server = await startWriteServer(kind);
    if (server) schema = await server.runtime.db.environmentSchema('O12345AA');
  });
  afterAll(async () => server?.close());

  const person = (lastName: string, i: number, extra: Record<string, unknown> = {}) => ({
    Fields: {
      AutoNum: true,
      MatchPer: '7',
      FiNm: `Voor${i}`,
      In: 'V.',
      Is: i % 2 === 0 ? 'van' : undefined,
      LaNm: lastName,
      ViGe: i % 2 === 0 ? 'V' : 'M',
      DaBi: `1980-01-${String((i % 28) + 1).padStart(2, '0')}`,
      EmAd: `p${i}@example.nl`,
      ...extra,
    },
  });

  async function post(elements: unknown[]): Promise<Response> {
    return server!.send('POST', '/connectors/KnPerson', {
      KnPerson: { Element: elements.length === 1 ? elements[0] : elements },
    });
  }

  async function codesOf(response: Response): Promise<string[]> {
    const text = await response.text();
    expect(response.status, text).toBe(201);
    const results = JSON.parse(text).results.KnPerson;
    return (Array.isArray(results) ? results : [results]).map((r: { BcCo: string }) => r.BcCo);
  }

  /** The stored person and base rows of these codes, in the given order. */
  async function stored(codes: string[]) {
    const { db } = server!.runtime;
    const people = await sql<Record<string, unknown>>`select * from ${sql.id(schema, 'kn_person')}
      where bc_co in (${sql.join(codes)})`.execute(db.kysely);
    const bases = await sql<Record<string, unknown>>`select * from ${sql.id(schema, 'kn_basic_contact')}
      where bc_co in (${sql.join(codes)})`.execute(db.kysely);
    return codes.map((code) => ({
      person: people.rows.find((r) => r.bc_co === code)!,
      base: bases.rows.find((r) => r.bc_co === code)!,
    }));
  }

  const count = async (table: string) =>
    Number(
      (await sql<{ n: unknown }>`select count(*) as n from ${sql.id(schema, table)}`.execute(server!.runtime.db.kysely))
        .rows[0]!.n,
    );

  /** A row without what differs between two writes of the same person: its numbers and time stamps. */
  const content = (row: Record<string, unknown>) => {
    const { bc_id, bc_co, created_at, modified_at, ...rest } = row;
    return rest;
  };

  it('stores what one call per record stores, numbered in element order', async ({ skip }) => {
    if (!server) return skip();
    const elements = Array.from({ length: 6 }, (_, i) => person('Samen', i));
    const together = await codesOf(await post(elements));
    const apart: string[] = [];
    for (const element of elements) apart.push(...(await codesOf(await post([element]))));

    // Consecutive numbers in element order, each base row linked to its person row.
    expect(together.map(Number)).toEqual(together.map((_, i) => Number(together[0]) + i));
    const rows = await stored(together);
    const ids = rows.map((r) => Number(r.base.bc_id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    for (const { person, base } of rows) expect(Number(person.bc_id)).toBe(Number(base.bc_id));
    // The same columns as when each record was its own call.
    const single = await stored(apart);
    expect(rows.map((r) => content(r.person))).toEqual(single.map((r) => content(r.person)));
    expect(rows.map((r) => content(r.base))).toEqual(single.map((r) => content(r.base)));
    expect(rows[0]!.person.name).toBe('Voor0 van Samen');
  });

  it('answers a held insert that fails as the record alone would, and keeps nothing of the call', async ({ skip }) => {
    if (!server) return skip();
    const [taken] = await codesOf(await post([person('Bezet', 0)]));
    // MatchPer 7 always adds: the second element's own code is only refused by the database, at its insert.
    const duplicate = person('Dubbel', 1, { AutoNum: false, BcCo: taken });
    const alone = await post([duplicate]);
    expect(alone.status).toBe(500);
    const expected = (await alone.json()).externalMessage as string;
    expect(expected).toBe(`Object 'KnPerson': a record with BcCo = ${taken} already exists.`);

    const before = [await count('kn_person'), await count('kn_basic_contact')];
    const call = await post([person('Eerst', 2), duplicate, person('Daarna', 3)]);
    expect(call.status).toBe(500);
    expect((await call.json()).externalMessage).toBe(expected);
    expect([await count('kn_person'), await count('kn_basic_contact')]).toEqual(before);
    // The numbers the failed call took went back: the next person continues after the taken one.
    expect(await codesOf(await post([person('Na', 4)]))).toEqual([
      String(Number(taken) + 1).padStart(taken!.length, '0'),
    ]);
  });

  it('runs a call again past a number a client stored, as one call per record does', async ({ skip }) => {
    if (!server) return skip();
    const [first] = await codesOf(await post([person('Teller', 0)]));
    const plus = (n: number) => String(Number(first) + n).padStart(first!.length, '0');
    // A client's own code (MatchPer 0) where the counter's second next number is.
    await codesOf(await post([{ Fields: { MatchPer: '0', BcCo: plus(2), LaNm: 'Eigen' } }]));
    const codes = await codesOf(await post([person('Botsing', 1), person('Botsing', 2), person('Botsing', 3)]));
    expect(codes).toEqual([plus(3), plus(4), plus(5)]);
    expect((await stored(codes)).map((r) => r.person.last_name)).toEqual(['Botsing', 'Botsing', 'Botsing']);
  });

  // A one-person call holds its base row's insert back only when it knows the row's number before inserting it.
  it.runIf(kind === 'postgres')(
    'numbers the base rows of one-person calls from a reserve of 32 per process, and survives a number taken meanwhile',
    async ({ skip }) => {
      if (!server) return skip();
      const { db } = server.runtime;
      const lastTaken = async () =>
        Number(
          (
            await sql<{ n: unknown }>`select last_value as n from ${sql.raw(
              `"${schema}".kn_basic_contact_bc_id_seq`,
            )}`.execute(db.kysely)
          ).rows[0]!.n,
        );
      const idOf = async (code: string) => Number((await stored([code]))[0]!.base.bc_id);

      forgetIdsAhead(db);
      const [first] = await codesOf(await post([person('Voorraad', 0)]));
      const id = await idOf(first!);
      // The reserve took 32 numbers: this call's and the next 31.
      expect(await lastTaken()).toBe(id + IDS_AHEAD - 1);
      const [second] = await codesOf(await post([person('Voorraad', 1)]));
      expect(await idOf(second!)).toBe(id + 1);

      // The reserve's next number is stored meanwhile (as an import would). The call that meets it still succeeds,
      // run again record by record with a number of the database's own, and the process forgets its reserve: the
      // call after it refills, instead of taking the reserve's next number.
      await sql`insert into ${sql.id(schema, 'kn_basic_contact')}
        (bc_id, bc_co, type, created_at, created_by, modified_at, modified_by)
        values (${id + 2}, ${`IMP${id + 2}`}, 'P', '2026-01-01 00:00:00', 'import', '2026-01-01 00:00:00', 'import')`.execute(
        db.kysely,
      );
      const [met] = await codesOf(await post([person('Voorraad', 2)]));
      expect(await idOf(met!)).toBe(id + IDS_AHEAD);
      const [next] = await codesOf(await post([person('Voorraad', 3)]));
      expect(await idOf(next!)).toBe(id + IDS_AHEAD + 1);
      expect(await lastTaken()).toBe(id + 2 * IDS_AHEAD);
      for (const { person: row, base } of await stored([met!, next!])) {
        expect(row.last_name).toBe('Voorraad');
        expect(Number(row.bc_id)).toBe(Number(base.bc_id));
      }
    },
  );

  // Calls at once that find the reserve empty: one refills it, the others wait for that refill.
  it.runIf(kind === 'postgres')(
    'numbers 80 one-person calls at once with 80 different base rows, each linked to its person',
    async ({ skip }) => {
      if (!server) return skip();
      forgetIdsAhead(server.runtime.db);
      const calls = Array.from({ length: 80 }, (_, i) => post([person('Tegelijk', i)]));
      const codes = (await Promise.all(calls.map(async (call) => codesOf(await call)))).flat();
      const rows = await stored(codes);
      expect(new Set(rows.map((r) => Number(r.base.bc_id))).size).toBe(80);
      for (const { person: row, base } of rows) {
        expect(Number(row.bc_id)).toBe(Number(base.bc_id));
        expect(row.last_name).toBe('Tegelijk');
      }
    },
  );

  // PostgreSQL counts statements per table (a statement-level trigger); SQLite has row triggers only. Elements
  // with the same fields: each column list is a statement of its own.
  it.runIf(kind === 'postgres')(
    'sends the persons of a 100-element call in three inserts per table (64 + 32 + 4 rows)',
    async ({ skip }) => {
      if (!server) return skip();
      const { db } = server.runtime;
      await sql`create table ${sql.id(schema, 'statement_count')} (tbl text, n int)`.execute(db.kysely);
      await sql
        .raw(`create function "${schema}".count_statement() returns trigger language plpgsql as $$
        begin insert into "${schema}".statement_count values (TG_TABLE_NAME, 1); return null; end $$`)
        .execute(db.kysely);
      for (const table of ['kn_person', 'kn_basic_contact'])
        await sql
          .raw(`create trigger ${table}_count after insert on "${schema}".${table}
          for each statement execute function "${schema}".count_statement()`)
          .execute(db.kysely);
      try {
        const codes = await codesOf(
          await post(Array.from({ length: 100 }, (_, i) => person('Honderd', i, { Is: 'de' }))),
        );
        expect(new Set(codes).size).toBe(100);
        const counted = await sql<{
          tbl: string;
          n: unknown;
        }>`select tbl, sum(n) as n from ${sql.id(schema, 'statement_count')}
        group by tbl order by tbl`.execute(db.kysely);
        expect(counted.rows.map((r) => [r.tbl, Number(r.n)])).toEqual([
          ['kn_basic_contact', 3],
          ['kn_person', 3],
        ]);
        expect((await stored(codes)).every((r) => r.person.last_name === 'Honderd')).toBe(true);
      } finally {
        for (const table of ['kn_person', 'kn_basic_contact'])
          await sql.raw(`drop trigger ${table}_count on "${schema}".${table}`).execute(db.kysely);
        await sql.raw(`drop function "${schema}".count_statement()`).execute(db.kysely);
        await sql`drop table ${sql.id(schema, 'statement_count')}`.execute(db.kysely);
      }
    },
  );
});
