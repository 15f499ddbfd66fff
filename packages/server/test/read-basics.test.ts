// Read path over real HTTP on SQLite and PostgreSQL: response shape, paging, sorting, every operator and grouping
// form, type coercion errors, and the error answers of PROTOCOL.md 3 and 6.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { insertTestRows } from './support/test-rows.ts';

const PEOPLE = [
  {
    id: 1,
    name: 'Anna',
    city: 'Amsterdam',
    age: 30,
    salary: 3000.5,
    born: '1994-03-22',
    active: true,
    team_id: 1,
    modified_at: '2024-01-01T10:00:00.250',
  },
  {
    id: 2,
    name: 'bram',
    city: 'Utrecht',
    age: 41,
    salary: 4100,
    born: '1983-07-01',
    active: false,
    team_id: 2,
    modified_at: '2024-02-01T10:00:00',
  },
  {
    id: 3,
    name: 'Zoë',
    city: null,
    age: null,
    salary: null,
    born: null,
    active: null,
    team_id: null,
    modified_at: '2024-03-01T10:00:00',
  },
  {
    id: 4,
    name: 'Émile',
    city: '',
    age: 25,
    salary: 0.5,
    born: '1999-12-31T23:59:59',
    active: true,
    team_id: 1,
    modified_at: '2024-04-01T10:00:00',
  },
  {
    id: 5,
    name: 'a_b%c',
    city: 'Den Haag',
    age: 52,
    salary: -12.25,
    born: '1972-01-01',
    active: false,
    team_id: 2,
    modified_at: '2024-05-01T10:00:00',
  },
  {
    id: 6,
    name: '',
    city: 'amsterdam',
    age: 30,
    salary: 3000.5,
    born: '1994-03-22',
    active: true,
    team_id: 3,
    modified_at: '2024-06-01T10:00:00',
  },
];
const TEAMS = [
  { id: 1, title: 'Sales' },
  { id: 2, title: 'HR' },
];

describe.each(DATABASE_KINDS)('read path on %s', (kind) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind);
    if (!server) return;
    await insertTestRows(server, { teams: TEAMS, people: PEOPLE });
  });
  afterAll(async () => server?.close());

  const ids = async (query: string): Promise<number[]> => {
    const response = await server!.call(`/connectors/Test_People?${query}`);
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body.rows.map((row: { Id: number }) => row.Id);
  };
  const simple = (fields: string, values: string, ops: string, extra = 'orderbyfieldids=Id') =>
    ids(
      `filterfieldids=${encodeURIComponent(fields)}&filtervalues=${encodeURIComponent(values)}&operatortypes=${ops}&${extra}`,
    );

  it('answers the exact AFAS shape, keys in order, nulls kept', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.call('/connectors/Test_People?orderbyfieldids=Id&take=2');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-trace-identifier')).toMatch(/^[0-9a-f]{32}$/);
    const text = await response.text();
    expect(text).toBe(
      '{"skip":0,"take":2,"rows":[' +
        '{"Id":1,"Name":"Anna","City":"Amsterdam","Age":30,"Salary":3000.5,"Born":"1994-03-22T00:00:00Z","Active":true,"Team_Name":"Sales","Line":"Anna (Amsterdam)","Modified-Date":"2024-01-01T10:00:00Z"},' +
        '{"Id":2,"Name":"bram","City":"Utrecht","Age":41,"Salary":4100,"Born":"1983-07-01T00:00:00Z","Active":false,"Team_Name":"HR","Line":"bram (Utrecht)","Modified-Date":"2024-02-01T10:00:00Z"}]}',
    );
    const third = await (await server.call('/connectors/Test_People?orderbyfieldids=Id&skip=2&take=1')).json();
    expect(third.rows[0]).toEqual({
      Id: 3,
      Name: 'Zoë',
      City: null,
      Age: null,
      Salary: null,
      Born: null,
      Active: null,
      Team_Name: null,
      Line: 'Zoë ()',
      'Modified-Date': '2024-03-01T10:00:00Z',
    });
  });

  it('defaults to skip 0 take 100 and pages with skip/take, -1/-1 gives all', async ({ skip }) => {
    if (!server) return skip();
    const body = await (await server.call('/connectors/Test_People')).json();
    expect([body.skip, body.take, body.rows.length]).toEqual([0, 100, 6]);
    expect(await ids('skip=1&take=2&orderbyfieldids=Id')).toEqual([2, 3]);
    expect(await ids('skip=10&take=2&orderbyfieldids=Id')).toEqual([]);
    expect(await ids('skip=0&take=0&orderbyfieldids=Id')).toEqual([]);
    const all = await (await server.call('/connectors/Test_People?skip=-1&take=-1&orderbyfieldids=Id')).json();
    expect([all.skip, all.take, all.rows.length]).toEqual([-1, -1, 6]);
  });

  it.for(['skip=-1', 'take=-1', 'skip=-2&take=-2', 'skip=-1&take=5', 'skip=abc', 'take=1.5'])(
    'answers 500 unexpected for %s',
    async (query, { skip }) => {
      if (!server) return skip();
      const response = await server.call(`/connectors/Test_People?${query}`);
      expect(response.status).toBe(500);
      const body = await response.json();
      expect(Object.keys(body)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
      expect(body.errorNumber).toBe(-2147180999);
      expect(body.profitLogReference).toMatch(/^[0-9A-F]{32}$/);
    },
  );

  it('sorts case-insensitively, empty first ascending and last descending, several fields', async ({ skip }) => {
    if (!server) return skip();
    expect(await ids('orderbyfieldids=Name')).toEqual([6, 5, 1, 2, 3, 4]);
    expect(await ids('orderbyfieldids=-Name')).toEqual([4, 3, 2, 1, 5, 6]);
    expect(await ids('orderbyfieldids=City,-Id')).toEqual([3, 4, 6, 1, 5, 2]);
    expect(await ids('orderbyfieldids=-Age,Id')).toEqual([5, 2, 1, 6, 4, 3]);
    expect(await ids('orderbyfieldids=Born,Id')).toEqual([3, 5, 2, 1, 6, 4]);
  });

  it('filters with every operator on text, case-insensitively, % as the only wildcard', async ({ skip }) => {
    if (!server) return skip();
    expect(await simple('City', 'AMSTERDAM', '1')).toEqual([1, 6]);
    expect(await simple('City', 'am%', '1')).toEqual([1, 6]);
    expect(await simple('Name', 'a_b%', '1')).toEqual([5]);
    expect(await simple('Name', 'a_', '10')).toEqual([5]);
    expect(await simple('Name', 'ab', '10')).toEqual([]);
    expect(await simple('City', 'Utrecht', '7')).toEqual([1, 3, 4, 5, 6]);
    expect(await simple('City', '', '8')).toEqual([3, 4]);
    expect(await simple('City', '[is leeg]', '9')).toEqual([1, 2, 5, 6]);
    expect(await simple('City', 'DAM', '6')).toEqual([1, 6]);
    expect(await simple('City', 'dam', '11')).toEqual([2, 3, 4, 5]);
    expect(await simple('City', 'ams', '10')).toEqual([1, 6]);
    expect(await simple('City', 'ams', '12')).toEqual([2, 3, 4, 5]);
    expect(await simple('City', 'HT', '13')).toEqual([2]);
    expect(await simple('City', 'ht', '14')).toEqual([1, 3, 4, 5, 6]);
    expect(await simple('Name', 'ÉMILE', '1')).toEqual([4]);
    expect(await simple('Name', 'b', '2')).toEqual([2, 3, 4]);
    expect(await simple('Name', 'b', '5')).toEqual([1, 5]);
    expect(await simple('Name', '', '1')).toEqual([]);
    expect(await simple('City', 'sales', '15')).toEqual([1, 4]);
    expect(await simple('Name', 'TRECH', '15')).toEqual([2]);
  });

  it('filters numbers, decimals, dates and booleans with typed values', async ({ skip }) => {
    if (!server) return skip();
    expect(await simple('Age', '30', '1')).toEqual([1, 6]);
    expect(await simple('Age', '30', '4')).toEqual([2, 5]);
    expect(await simple('Age', '30', '7')).toEqual([2, 3, 4, 5]);
    expect(await simple('Salary', '0.5', '3')).toEqual([4, 5]);
    expect(await simple('Salary', '.5', '1')).toEqual([4]);
    expect(await simple('Born', '1994-03-22T00:00:00', '1')).toEqual([1, 6]);
    expect(await simple('Born', '1990-01-01Z', '5')).toEqual([2, 5]);
    expect(await simple('Modified-Date', '2024-01-01T10:00:00', '4')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await simple('Modified-Date', '2024-01-01T10:00:00', '1')).toEqual([]);
    expect(await simple('Active', 'true', '1')).toEqual([1, 4, 6]);
    expect(await simple('Active', '0', '1')).toEqual([2, 5]);
    expect(await simple('Active', '1', '7')).toEqual([2, 3, 5]);
    expect(await simple('Age', '', '8')).toEqual([3]);
  });

  it('AND-s with , and OR-s with ; as in the PROTOCOL example, and the same through filterjson', async ({ skip }) => {
    if (!server) return skip();
    expect(await simple('Born,City;City', '2000-01-01T00:00:00,Utrecht;', '5,7;8')).toEqual([1, 3, 4, 5, 6]);
    const json = JSON.stringify({
      Filters: {
        Filter: [
          {
            '@FilterId': 'Filter 1',
            Field: [
              { '@FieldId': 'Age', '@OperatorType': 2, '#text': '40' },
              { '@FieldId': 'Name', '@OperatorType': '6', '#text': 'r' },
            ],
          },
          { '@FilterId': 'Filter 2', Field: { '@FieldId': 'City', '@OperatorType': '1', '#text': 'den haag' } },
        ],
      },
    });
    expect(await ids(`filterjson=${encodeURIComponent(json)}&orderbyfieldids=Id`)).toEqual([2, 5]);
  });

  it('applies a fixed filter, and tolerates any casing of path and parameter names', async ({ skip }) => {
    if (!server) return skip();
    const body = await (await server.call('/connectors/Test_Active?orderbyfieldids=Id')).json();
    expect(body.rows).toEqual([
      { Id: 1, Name: 'Anna' },
      { Id: 4, Name: 'Émile' },
      { Id: 6, Name: '' },
    ]);
    const response = await fetch(
      `${server.base.toLowerCase()}/CONNECTORS/Test_People?SKIP=1&Take=1&OrderByFieldIds=-Id&`,
      {
        headers: { authorization: server.auth },
      },
    );
    expect((await response.json()).rows.map((r: { Id: number }) => r.Id)).toEqual([5]);
  });

  it.for<[string, string, string]>([
    ['unknown filter field', 'filterfieldids=Nope&filtervalues=1&operatortypes=1', "Connector field 'Nope' not found"],
    ['unknown sort field', 'orderbyfieldids=-Nope', "Connector field 'Nope' not found"],
    [
      'bad int',
      'filterfieldids=Age&filtervalues=abc&operatortypes=1',
      "The value 'abc' for field 'Age' is not a valid int.",
    ],
    [
      'bad date',
      'filterfieldids=Born&filtervalues=2020-13-01&operatortypes=1',
      "The value '2020-13-01' for field 'Born' is not a valid date.",
    ],
    [
      'bad boolean',
      'filterfieldids=Active&filtervalues=yes&operatortypes=1',
      "The value 'yes' for field 'Active' is not a valid boolean.",
    ],
    [
      'unequal lists',
      'filterfieldids=Age,Name&filtervalues=1&operatortypes=1,1',
      'filterfieldids, filtervalues and operatortypes must have the same number of items',
    ],
    [
      'operator 16',
      'filterfieldids=Age&filtervalues=1&operatortypes=16',
      "Operator type '16' for field 'Age' is not valid.",
    ],
    [
      'contains on a number',
      'filterfieldids=Age&filtervalues=1&operatortypes=6',
      "Operator 'contains' cannot be used on field 'Age' of type int.",
    ],
    ['broken filterjson', 'filterjson=%7B', 'filterjson is not valid'],
  ])('answers 500 naming the problem: %s', async ([, query, message], { skip }) => {
    if (!server) return skip();
    const response = await server.call(`/connectors/Test_People?${query}`);
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.externalMessage).toContain(message);
    expect(Buffer.from(response.headers.get('x-profit-error')!, 'base64').toString('utf8')).toBe(body.externalMessage);
  });

  it('refuses unknown, unlinked and blocked connectors, and long queries with 404', async ({ skip }) => {
    if (!server) return skip();
    for (const id of ['Nope', 'Test_Unlinked']) {
      const response = await server.call(`/connectors/${id}`);
      expect(response.status).toBe(500);
      expect((await response.json()).externalMessage).toBe(
        'GetConnector not supported for this app or the user is not authorized',
      );
    }
    const blocked = await server.call('/connectors/Test_Blocked');
    expect((await blocked.json()).externalMessage).toBe('This GetConnector (definition) is blocked');
    const prefix = 'filterfieldids=Name&operatortypes=1&filtervalues=';
    // The part from `?` on may be 2049 characters, the `?` included.
    const long = `${prefix}${'x'.repeat(2049 - 1 - prefix.length)}`;
    expect((await server.call(`/connectors/Test_People?${long}`)).status).toBe(200);
    expect((await server.call(`/connectors/Test_People?${long}x`)).status).toBe(404);
  });
});
