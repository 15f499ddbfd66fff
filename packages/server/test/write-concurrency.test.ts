// Concurrent writers on SQLite and PostgreSQL: parallel inserts get distinct keys and all land, parallel updates of
// different fields of one record lose none, numbering within a parent stays unique, and a race on a client key
// gives one success and clean "already exists" answers.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { boot } from '../src/boot.ts';
import { DEMO_DEFINITIONS } from '../src/definitions/load.ts';
import { serverExtensions } from '../src/extensions.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

const PARALLEL = 20;

describe.each(DATABASE_KINDS)('concurrent writes on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind);
  });
  afterAll(async () => server?.close());

  const times = <T>(n: number, make: (i: number) => Promise<T>) =>
    Promise.all(Array.from({ length: n }, (_, i) => make(i)));

  it(`inserts ${PARALLEL} dossier items in parallel: distinct keys, all present`, async ({ skip }) => {
    if (!server) return skip();
    const marker = `Parallel ${Date.now()}`;
    const responses = await times(PARALLEL, (i) =>
      server!.send('POST', '/connectors/KnSubject', {
        KnSubject: { Element: { Fields: { StId: 1, Ds: `${marker} ${i}` } } },
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
    const ids = await Promise.all(responses.map(async (r) => (await r.json()).results.KnSubject.SbId));
    expect(new Set(ids).size).toBe(PARALLEL);
    const rows = await server.rows(
      'Profit_Subjects',
      `filterfieldids=Subject&filtervalues=${encodeURIComponent(marker)}&operatortypes=10`,
    );
    expect(rows.map((r) => String(r.SubjectId)).sort()).toEqual([...ids].sort());
  });

  it(`inserts ${PARALLEL} persons in parallel: distinct numbers from the shared numbering, all present`, async ({
    skip,
  }) => {
    if (!server) return skip();
    const responses = await times(PARALLEL, (i) =>
      server!.send('POST', '/connectors/KnPerson', {
        KnPerson: {
          Element: {
            Fields: { AutoNum: true, MatchPer: '7', FiNm: `P${i}`, LaNm: 'Parallel' },
            Objects: [{ KnBasicAddressAdr: { Element: { Fields: { CoId: 'NL', Ad: 'Laan', HmNr: i + 1 } } } }],
          },
        },
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
    const numbers = await Promise.all(responses.map(async (r) => (await r.json()).results.KnPerson.BcCo as string));
    expect(new Set(numbers).size).toBe(PARALLEL);
    const rows = await server.rows('Profit_OrgPer', 'filterfieldids=Name&filtervalues=Parallel&operatortypes=13');
    expect(rows.map((r) => r.BcCo).sort()).toEqual([...numbers].sort());
  });

  // SQLite takes numbers in the write's own transaction; PostgreSQL on a connection that commits at once, so that
  // writers do not wait for each other (write/numbering.ts), and gives them back when nobody took numbers after them.
  it('numbers taken by a call that failed and rolled back are handed out again', async ({ skip }) => {
    if (!server) return skip();
    const person = (name: string, country = 'NL') => ({
      Fields: { AutoNum: true, MatchPer: '7', LaNm: name },
      Objects: [{ KnBasicAddressAdr: { Element: { Fields: { CoId: country, Ad: 'Laan', HmNr: 1 } } } }],
    });
    const first = await server.send('POST', '/connectors/KnPerson', { KnPerson: { Element: person('Voor') } });
    const before = Number((await first.json()).results.KnPerson.BcCo);
    // Two persons numbered, then the third fails while writing (no country ZZ): nothing of the call stays.
    const failed = await server.send('POST', '/connectors/KnPerson', {
      KnPerson: { Element: [person('Een'), person('Twee'), person('Drie', 'ZZ')] },
    });
    expect(failed.status).toBe(500);
    const next = await server.send('POST', '/connectors/KnPerson', { KnPerson: { Element: person('Na') } });
    expect(Number((await next.json()).results.KnPerson.BcCo)).toBe(before + 1);
  });

  const newPerson = (name: string) => ({
    KnPerson: { Element: { Fields: { AutoNum: true, MatchPer: '7', LaNm: name } } },
  });
  const numberOf = async (answer: Response) => {
    const text = await answer.text();
    expect(answer.status, text).toBe(201);
    return JSON.parse(text).results.KnPerson.BcCo as string;
  };
  const plus = (code: string, n: number) => String(Number(code) + n).padStart(code.length, '0');

  it('numbers a call reserved and did not use go back: the next call continues without a gap', async ({ skip }) => {
    if (!server) return skip();
    const first = await numberOf(await server.send('POST', '/connectors/KnPerson', newPerson('Blok')));
    // Three elements without a number reserve three; the middle one finds the person just written by its name
    // (MatchPer 2) and needs none.
    const call = await server.send('POST', '/connectors/KnPerson', {
      KnPerson: {
        Element: [
          newPerson('Blok 1').KnPerson.Element,
          { Fields: { MatchPer: '2', LaNm: 'Blok', TeNr: '010-2' } },
          newPerson('Blok 2').KnPerson.Element,
        ],
      },
    });
    expect(call.status, await call.clone().text()).toBe(201);
    const numbers = (await server.rows('Profit_OrgPer', 'filterfieldids=Name&filtervalues=Blok&operatortypes=6'))
      .map((row) => row.BcCo)
      .sort();
    expect(numbers).toEqual([first, plus(first, 1), plus(first, 2)]);
    expect(await numberOf(await server.send('POST', '/connectors/KnPerson', newPerson('Na blok')))).toBe(
      plus(first, 3),
    );
  });

  it('skips numbers clients stored themselves: a few one by one, a longer run by a scan for the largest', async ({
    skip,
  }) => {
    if (!server) return skip();
    const first = await numberOf(await server.send('POST', '/connectors/KnPerson', newPerson('Teller')));
    // A client's own numbers (MatchPer 0 inserts under the given BcCo) just ahead of the counter: 2, then 30 more.
    const own = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        Fields: { MatchPer: '0', BcCo: plus(first, from + i), LaNm: 'Eigen' },
      }));
    expect((await server.send('POST', '/connectors/KnPerson', { KnPerson: { Element: own(1, 2) } })).status).toBe(201);
    expect(await numberOf(await server.send('POST', '/connectors/KnPerson', newPerson('Na twee')))).toBe(
      plus(first, 3),
    );
    expect((await server.send('POST', '/connectors/KnPerson', { KnPerson: { Element: own(4, 30) } })).status).toBe(201);
    expect(await numberOf(await server.send('POST', '/connectors/KnPerson', newPerson('Na dertig')))).toBe(
      plus(first, 34),
    );
  });

  it.runIf(kind === 'postgres')(
    'a number another write is storing at that moment collides once: the write runs again and takes the next',
    async ({ skip }) => {
      if (!server) return skip();
      const { db } = server.runtime;
      const schema = await db.environmentSchema('O12345AA');
      const first = await numberOf(await server.send('POST', '/connectors/KnPerson', newPerson('Voor botsing')));
      await db.kysely.connection().execute(async (connection) => {
        await sql`begin`.execute(connection);
        try {
          // Not committed yet: the server's look-up cannot see it, its insert waits on the unique index.
          await sql`insert into ${sql.id(schema, 'kn_basic_contact')}
            (bc_co, type, created_at, created_by, modified_at, modified_by)
            values (${plus(first, 1)}, 'O', now(), 'test', now(), 'test')`.execute(connection);
          const pending = server!.send('POST', '/connectors/KnPerson', newPerson('Botsing'));
          for (let waited = 0; waited < 100; waited++) {
            const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(
              db.kysely,
            );
            if (waiting.rows[0]!.n > 0) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          await sql`commit`.execute(connection);
          expect(await numberOf(await pending)).toBe(plus(first, 2));
        } catch (error) {
          await sql`rollback`.execute(connection);
          throw error;
        }
      });
    },
  );

  it('keeps writing after a column is added to a table its prepared statements read', async ({ skip }) => {
    if (!server) return skip();
    const { db } = server.runtime;
    const schema = await db.environmentSchema('O12345AA');
    const first = await numberOf(await server.send('POST', '/connectors/KnPerson', newPerson('Kolom')));
    // A call that names the person (MatchPer 0) looks it up in kn_person; 12 at once prepare that on every connection.
    const update = (phone: string) =>
      server!.send('POST', '/connectors/KnPerson', {
        KnPerson: { Element: { Fields: { MatchPer: '0', BcCo: first, TeNr: phone } } },
      });
    const before = await Promise.all(Array.from({ length: 12 }, (_, i) => update(`010-${i}`)));
    expect(before.map((r) => r.status)).toEqual(Array(12).fill(201));
    await sql`alter table ${sql.id(schema, 'kn_person')} add column extra_note text`.execute(db.kysely);
    try {
      const after = await Promise.all(Array.from({ length: 12 }, (_, i) => update(`020-${i}`)));
      for (const answer of after) expect(answer.status, await answer.text()).toBe(201);
    } finally {
      await sql`alter table ${sql.id(schema, 'kn_person')} drop column extra_note`.execute(db.kysely);
    }
  });

  it('two replicas on one database alternate inserts: each hands out a run of its own, no number twice', async ({
    skip,
  }) => {
    if (!server) return skip();
    const replica = await boot({ database: server.databaseUrl, definitionsDir: DEMO_DEFINITIONS });
    const app = await buildApp({ db: replica.db, registry: replica.registry, ...serverExtensions(replica) });
    try {
      const body = (i: number) =>
        JSON.stringify({ KnPerson: { Element: { Fields: { AutoNum: true, MatchPer: '7', LaNm: `Replica ${i}` } } } });
      const numbers: string[] = [];
      for (let i = 0; i < 8; i++) {
        const answer =
          i % 2 === 0
            ? await server.send('POST', '/connectors/KnPerson', body(i))
            : await app.inject({
                method: 'POST',
                url: '/ProfitRestServices/connectors/KnPerson',
                headers: { authorization: server.auth, 'content-type': 'application/json' },
                payload: body(i),
              });
        const text = 'status' in answer ? await answer.text() : answer.body;
        expect('status' in answer ? answer.status : answer.statusCode, text).toBe(201);
        numbers.push(JSON.parse(text).results.KnPerson.BcCo);
      }
      expect(new Set(numbers).size).toBe(numbers.length);
      const asNumbers = numbers.map(Number);
      if (kind === 'sqlite') {
        // Counters are taken in the write's transaction: each write takes the next number, whoever wrote before.
        expect(asNumbers).toEqual([...asNumbers].sort((a, b) => a - b));
        return;
      }
      // On PostgreSQL each replica hands out numbers it took ahead (write/numbering.ts, NUMBERS_AHEAD at a time): its
      // own go up one by one, whatever the other wrote in between, and the two runs do not overlap.
      const consecutive = (list: number[]) => list.every((n, i) => i === 0 || n === list[i - 1]! + 1);
      const mine = asNumbers.filter((_, i) => i % 2 === 0);
      const theirs = asNumbers.filter((_, i) => i % 2 === 1);
      expect(consecutive(mine) && consecutive(theirs), asNumbers.join(', ')).toBe(true);
      expect(mine.at(-1)! < theirs[0]! || theirs.at(-1)! < mine[0]!, asNumbers.join(', ')).toBe(true);
    } finally {
      await app.close();
      await replica.db.close();
    }
  });

  it(`applies ${PARALLEL} parallel updates of different fields of one record without losing one`, async ({ skip }) => {
    if (!server) return skip();
    const created = await server.send('POST', '/connectors/KnPerson', {
      KnPerson: { Element: { Fields: { AutoNum: true, MatchPer: '7', LaNm: 'Eenmalig' } } },
    });
    const bcCo = (await created.json()).results.KnPerson.BcCo;
    const fields: [string, string][] = [
      ['TeNr', 'phone_work'],
      ['TeN2', 'phone_private'],
      ['FaNr', 'fax_work'],
      ['MbNr', 'mobile_work'],
      ['MbN2', 'mobile_private'],
      ['EmAd', 'email_work'],
      ['EmA2', 'email_private'],
      ['HoPa', 'homepage'],
      ['LeHe', 'salutation'],
      ['Re', 'remark'],
      ['RsBi', 'place_of_birth'],
      ['SeNm', 'search_name'],
      ['NmBi', 'birth_name'],
      ['IsBi', 'birth_name_prefix'],
      ['NmPa', 'partner_name'],
      ['IsPa', 'partner_prefix'],
      ['Link', 'linkedin'],
      ['EmailPortal', 'portal_email'],
      ['In', 'initials'],
      ['StId', 'status'],
    ];
    expect(fields).toHaveLength(PARALLEL);
    const responses = await times(PARALLEL, (i) =>
      server!.send('PUT', '/connectors/KnPerson', {
        KnPerson: { Element: { Fields: { MatchPer: '0', BcCo: bcCo, [fields[i]![0]]: `v${i}` } } },
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
    const { db } = server.runtime;
    const row = (await db.kysely
      .withSchema(await db.environmentSchema('O12345AA'))
      .selectFrom('kn_person')
      .selectAll()
      .where('bc_co', '=', bcCo)
      .executeTakeFirstOrThrow()) as Record<string, unknown>;
    expect(fields.map(([, column]) => row[column])).toEqual(fields.map((_, i) => `v${i}`));
    expect(row.last_name).toBe('Eenmalig');
  });

  it('numbers lines added in parallel to one order uniquely within the order', async ({ skip }) => {
    if (!server) return skip();
    const [article] = await server.rows('Profit_Article', 'orderbyfieldids=ItemCode');
    const order = await server.send('POST', '/connectors/FbSales', {
      FbSales: { Element: { Fields: { DbId: '10001' } } },
    });
    const orNu = (await order.json()).results.FbSales.OrNu;
    const responses = await times(10, () =>
      server!.send('POST', '/connectors/FbSales/FbSalesLines', {
        FbSales: {
          Element: {
            '@OrNu': orNu,
            Objects: [
              { FbSalesLines: { Element: { Fields: { VaIt: '2', ItCd: article!.ItemCode, BiUn: 'stk', QuUn: 1 } } } },
            ],
          },
        },
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const lines = await server.rows(
      'Profit_SalesorderLines',
      `filterfieldids=OrderNumber&filtervalues=${orNu}&operatortypes=1&orderbyfieldids=SeqNo`,
    );
    expect(lines.map((l) => l.SeqNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [total] = await server.rows(
      'Profit_Salesorders',
      `filterfieldids=OrderNumber&filtervalues=${orNu}&operatortypes=1`,
    );
    expect(total!.Quantity).toBe(10);
  });

  it('lets one of several parallel inserts of the same client key win; the others hear it exists', async ({ skip }) => {
    if (!server) return skip();
    const responses = await times(8, () =>
      server!.send('POST', '/connectors/KnUser', {
        KnUser: { Element: { Fields: { MtCd: '1', UsId: '12345.race', Nm: 'Race' } } },
      }),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 500, 500, 500, 500, 500, 500, 500]);
    for (const response of responses.filter((r) => r.status === 500))
      expect((await response.json()).externalMessage).toBe(
        "Object 'KnUser': a record with UsId = 12345.race already exists.",
      );
  });
});
