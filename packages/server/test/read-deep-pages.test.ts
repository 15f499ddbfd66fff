// Pages past the first (skip > 0) run as a deferred join (read/read-sql.ts): the page's keys first, over the joins
// that decide the row set, then every column for those rows. Over a collection whose joins drop rows (inner),
// repeat rows (a member's phones) and do neither (a city by its key), walking the pages must give exactly the rows
// of one take=-1 answer in the same order, and each page must equal its slice of a model, on SQLite and PostgreSQL.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../src/db/bulk-insert.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

const DEFINITIONS = fileURLToPath(new URL('./fixtures/paging', import.meta.url));
type Row = { Id: number; Name: string | null; Team: string; City: string | null; Phone: string | null };

const TEAMS = [
  { id: 1, title: 'Rood' },
  { id: 2, title: 'Blauw' },
];
const CITIES = [
  { id: 1, city: 'Utrecht' },
  { id: 2, city: 'Zwolle' },
];
// 60 members: every seventh has no team (the inner join drops it), some have no city, names repeat.
const MEMBERS = Array.from({ length: 60 }, (_, i) => ({
  id: i + 1,
  name: i % 11 === 0 ? null : ['Jan', 'Anna', 'Piet', 'Éva'][i % 4]!,
  team_id: i % 7 === 0 ? null : (i % 2) + 1,
  city_id: i % 5 === 0 ? null : i % 3 === 0 ? 2 : 1,
}));
// Members with 0, 1, 2 or 3 phones: a member with k phones is k rows (or one row with an empty phone).
const PHONES = MEMBERS.flatMap((m) =>
  Array.from({ length: m.id % 4 }, (_, k) => ({ id: m.id * 10 + k, member_id: m.id, number: `06-${m.id}${k}` })),
);

/** The whole answer, written from the data: the joins as the collection declares them. */
function model(): Row[] {
  return MEMBERS.filter((m) => m.team_id !== null).flatMap((m): Row[] => {
    const base: Omit<Row, 'Phone'> = {
      Id: m.id,
      Name: m.name,
      Team: TEAMS.find((t) => t.id === m.team_id)!.title,
      City: CITIES.find((c) => c.id === m.city_id)?.city ?? null,
    };
    const phones = PHONES.filter((p) => p.member_id === m.id);
    return phones.length === 0 ? [{ ...base, Phone: null }] : phones.map((p) => ({ ...base, Phone: p.number }));
  });
}

describe.each(DATABASE_KINDS)('deep pages on %s', (kind) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind, { definitionsDir: DEFINITIONS });
    if (!server) return;
    const { db, registry } = server.runtime;
    const schema = await db.environmentSchema('O12345AA');
    await insertRows(db, schema, registry.tables.get('teams')!, TEAMS);
    await insertRows(db, schema, registry.tables.get('cities')!, CITIES);
    await insertRows(db, schema, registry.tables.get('members')!, MEMBERS);
    await insertRows(db, schema, registry.tables.get('phones')!, PHONES);
  });
  afterAll(async () => server?.close());

  const get = async (query: string): Promise<Row[]> => {
    const response = await server!.call(`/connectors/Test_Members?${query}`);
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body.rows;
  };

  for (const order of ['Id', '-Id', 'Name', '-City,Name', 'Team,-Name']) {
    it(`pages of 7 sorted by ${order} add up to the take=-1 answer, in its order`, async ({ skip }) => {
      if (!server) return skip();
      const sort = `orderbyfieldids=${encodeURIComponent(order)}`;
      const all = await get(`skip=-1&take=-1&${sort}`);
      expect([...all].sort(byJson)).toEqual(model().sort(byJson));
      const pages: Row[] = [];
      for (let skip = 0; skip < all.length + 7; skip += 7) pages.push(...(await get(`skip=${skip}&take=7&${sort}`)));
      expect(pages).toEqual(all);
    });
  }

  it('a filtered page on a repeating join equals its slice of the filtered answer', async ({ skip }) => {
    if (!server) return skip();
    const query = 'filterfieldids=Phone&filtervalues=06-1&operatortypes=15&orderbyfieldids=-Name,Id';
    const all = await get(`skip=-1&take=-1&${query}`);
    expect(all.length).toBeGreaterThan(7);
    expect(all.every((row) => row.Phone?.startsWith('06-1'))).toBe(true);
    expect(await get(`skip=3&take=4&${query}`)).toEqual(all.slice(3, 7));
  });
});

function byJson(a: Row, b: Row): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
