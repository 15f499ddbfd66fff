import { parseFilterQuery, type Row } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { AfasClient, f } from '../src/index.ts';
import { connectorFetch } from './fake-connector.ts';
import { BASE_URL, params, TOKEN_XML } from './scripted-fetch.ts';

const people: Row[] = Array.from({ length: 8 }, (_, i) => ({
  Id: i + 1,
  Name: `person ${String.fromCharCode(104 - i)}`,
  Team: i % 2 === 0 ? 'A' : 'B',
}));

function setup(rows: readonly Row[] = people, delay?: Parameters<typeof connectorFetch>[1]) {
  const server = connectorFetch(() => rows, delay);
  const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch: server.fetch });
  return { client, server };
}

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('rows: skip paging', () => {
  it('refuses to page unsorted, before any call', () => {
    const { client, server } = setup();
    expect(() => client.rows('X', {})).toThrow(/orderBy or keyset/);
    expect(server.calls).toHaveLength(0);
  });

  it('pages sorted, with skip and take, until a short page', async () => {
    const { client, server } = setup();
    const rows = await collect(client.rows('X', { orderBy: ['Name'], pageSize: 3 }));
    expect(rows.map((r) => r.Name)).toEqual(people.map((p) => p.Name).reverse());
    expect(server.calls.map(params)).toEqual([
      { skip: '0', take: '3', orderbyfieldids: 'Name' },
      { skip: '3', take: '3', orderbyfieldids: 'Name' },
      { skip: '6', take: '3', orderbyfieldids: 'Name' },
    ]);
  });

  it('asks one page more when the last page is full', async () => {
    const { client, server } = setup(people.slice(0, 6));
    expect(await collect(client.rows('X', { orderBy: ['Id'], pageSize: 3 }))).toHaveLength(6);
    expect(server.calls).toHaveLength(3);
  });

  it('sends the filter with every page', async () => {
    const { client, server } = setup();
    const rows = await collect(client.rows('X', { orderBy: ['-Id'], pageSize: 2, filter: f.eq('Team', 'A') }));
    expect(rows.map((r) => r.Id)).toEqual([7, 5, 3, 1]);
    for (const call of server.calls) expect(params(call).filterfieldids).toBe('Team');
  });

  it('fetches pages in parallel windows and still yields in order', async () => {
    const many: Row[] = Array.from({ length: 95 }, (_, i) => ({ Id: i + 1 }));
    // Later pages answer sooner, so out-of-order arrival is certain.
    const { client, server } = setup(many, (request) => 40 - (Number(request.url.searchParams.get('skip')) % 40));
    const rows = await collect(client.rows('X', { orderBy: ['Id'], pageSize: 10, concurrency: 4 }));
    expect(rows.map((r) => r.Id)).toEqual(many.map((r) => r.Id));
    expect(server.maxInFlight()).toBe(4);
    // Ten pages hold the rows; the window may have asked up to three pages past the end.
    expect(server.calls.length).toBeGreaterThanOrEqual(10);
    expect(server.calls.length).toBeLessThanOrEqual(13);
  });

  it('refuses concurrency outside 1..8', () => {
    const { client } = setup();
    expect(() => client.rows('X', { orderBy: ['Id'], concurrency: 9 })).toThrow(RangeError);
    expect(() => client.rows('X', { orderBy: ['Id'], concurrency: 0 })).toThrow(RangeError);
    expect(() => client.rows('X', { orderBy: ['Id'], pageSize: 0 })).toThrow(RangeError);
    expect(() => client.rows('X', { orderBy: ['Id'], concurrency: 8 })).not.toThrow();
  });

  it('aborts the pages fetched ahead when the caller stops early', async () => {
    const many: Row[] = Array.from({ length: 100 }, (_, i) => ({ Id: i + 1 }));
    const { client, server } = setup(many, () => 20);
    for await (const row of client.rows('X', { orderBy: ['Id'], pageSize: 10, concurrency: 3 })) {
      if (row.Id === 5) break;
    }
    expect(server.calls.length).toBe(4);
    expect(server.calls.slice(1).every((c) => c.signal?.aborted)).toBe(true);
  });
});

describe('rows: keyset paging', () => {
  it('sorts by the key and filters key > last instead of skipping', async () => {
    const { client, server } = setup();
    const rows = await collect(client.rows('X', { keyset: { field: 'Id' }, pageSize: 3 }));
    expect(rows.map((r) => r.Id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(server.calls.map(params)).toEqual([
      { skip: '0', take: '3', orderbyfieldids: 'Id' },
      { skip: '0', take: '3', orderbyfieldids: 'Id', filterfieldids: 'Id', filtervalues: '3', operatortypes: '4' },
      { skip: '0', take: '3', orderbyfieldids: 'Id', filterfieldids: 'Id', filtervalues: '6', operatortypes: '4' },
    ]);
  });

  it('ANDs key > last into every OR group of the filter', async () => {
    const { client, server } = setup();
    const filter = f.or(f.eq('Team', 'A'), f.gt('Id', 6));
    const rows = await collect(client.rows('X', { keyset: { field: 'Id' }, pageSize: 2, filter }));
    expect(rows.map((r) => r.Id)).toEqual([1, 3, 5, 7, 8]);
    const second = Object.fromEntries(server.calls[1]!.url.searchParams);
    expect(parseFilterQuery(second)).toEqual({
      or: [
        {
          and: [
            { field: 'Team', op: 'eq', value: 'A' },
            { field: 'Id', op: 'gt', value: '3' },
          ],
        },
        {
          and: [
            { field: 'Id', op: 'gt', value: '6' },
            { field: 'Id', op: 'gt', value: '3' },
          ],
        },
      ],
    });
  });

  it('drops the Z of AFAS dates in the keyset value', async () => {
    const dated: Row[] = [{ At: '2020-01-01T10:00:00Z' }, { At: '2020-01-02T10:00:00Z' }];
    const { client, server } = setup(dated);
    await collect(client.rows('X', { keyset: { field: 'At' }, pageSize: 1 }));
    expect(params(server.calls[1]).filtervalues).toBe('2020-01-01T10:00:00');
  });

  it('stops with an error instead of looping when a server ignores key > last', async () => {
    const fetch = async () => new Response(JSON.stringify({ skip: 0, take: 2, rows: [{ Id: 1 }, { Id: 2 }] }));
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch });
    await expect(collect(client.rows('X', { keyset: { field: 'Id' }, pageSize: 2 }))).rejects.toThrow(/no progress/);
  });

  it('refuses another sort order with keyset', () => {
    const { client } = setup();
    expect(() => client.rows('X', { keyset: { field: 'Id' }, orderBy: ['Name'] })).toThrow(TypeError);
    expect(() => client.rows('X', { keyset: { field: 'Id' }, orderBy: ['Id'] })).not.toThrow();
  });

  it('with concurrency, asks a window of pages past the last key at once; starts past a given key', async () => {
    const { client, server } = setup();
    const rows = await collect(client.rows('X', { keyset: { field: 'Id', after: 1 }, pageSize: 2, concurrency: 2 }));
    expect(rows.map((r) => r.Id)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const page = (skip: number, after: number) => ({
      skip: String(skip),
      take: '2',
      orderbyfieldids: 'Id',
      filterfieldids: 'Id',
      filtervalues: String(after),
      operatortypes: '4',
    });
    // Each window's last page first: its last key opens the next window.
    expect(server.calls.map(params)).toEqual([page(2, 1), page(0, 1), page(2, 5), page(0, 5)]);
  });

  it('asks nothing more once the caller stops, and aborts the calls still running', async () => {
    const many: Row[] = Array.from({ length: 200 }, (_, i) => ({ Id: i + 1 }));
    // The window's last page answers first and opens window 2, whose calls wait for free slots.
    const { client, server } = setup(many, (request) => (request.url.searchParams.get('skip') === '20' ? 1 : 30));
    for await (const row of client.rows('X', { keyset: { field: 'Id' }, pageSize: 10, concurrency: 3 })) {
      if (row.Id === 2) break;
    }
    const asked = server.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.calls.length).toBe(asked);
    expect(server.calls.filter((c) => !c.signal?.aborted).length).toBeLessThanOrEqual(3);
  });

  it("asks the next window as soon as this window's last page is in, never more than `concurrency` at once", async () => {
    const many: Row[] = Array.from({ length: 95 }, (_, i) => ({ Id: i + 1 }));
    const label = (url: URL) => `${url.searchParams.get('filtervalues') ?? '-'}@${url.searchParams.get('skip')}`;
    const events: string[] = [];
    // Window 1's first pages (skip 0 and 10) answer only once window 2's first call is asked (or after a second, so
    // a client that waited for the whole window fails on the order below instead of hanging): three in flight.
    let secondWindowAsked: () => void = () => {};
    const secondWindow = new Promise<void>((resolve) => {
      secondWindowAsked = resolve;
    });
    const server = connectorFetch(
      () => many,
      (request) => {
        const name = label(request.url);
        events.push(`ask ${name}`);
        if (name === '30@20') secondWindowAsked();
        const held = name === '-@0' || name === '-@10';
        return held ? Promise.race([secondWindow, new Promise((resolve) => setTimeout(resolve, 1000))]) : 0;
      },
    );
    const fetch = async (url: string, init: RequestInit) => {
      const response = await server.fetch(url, init);
      events.push(`done ${label(new URL(url))}`);
      return response;
    };
    const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch });
    const rows = await collect(client.rows('X', { keyset: { field: 'Id' }, pageSize: 10, concurrency: 3 }));
    expect(rows.map((r) => r.Id)).toEqual(many.map((r) => r.Id));
    expect(server.maxInFlight()).toBe(3);
    expect(events.indexOf('ask 30@20')).toBeLessThan(events.indexOf('done -@0'));
    const calls = server.calls.map((call) => label(call.url));
    expect(calls).toEqual([
      ...['-@20', '-@0', '-@10'],
      ...['30@20', '30@0', '30@10'],
      ...['60@20', '60@0', '60@10'],
      ...['90@20', '90@0', '90@10'],
    ]);
  });
});
