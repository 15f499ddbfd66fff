import { parseFilterQuery, type Row } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { AfasClient, type Change, type ChangeCheckpoint } from '../src/index.ts';
import { connectorFetch } from './fake-connector.ts';
import { BASE_URL, TOKEN_XML } from './scripted-fetch.ts';

const at = (time: string) => `2024-05-01T${time}Z`;

function employees(): Row[] {
  return [
    { EmployeeId: 'E1', Name: 'Ann', ModifiedDate: at('09:00:00') },
    { EmployeeId: 'E2', Name: 'Bob', ModifiedDate: at('10:00:00') },
    { EmployeeId: 'E3', Name: 'Cas', ModifiedDate: at('10:00:05') },
    { EmployeeId: 'E4', Name: 'Dan', ModifiedDate: at('10:00:05') },
    { EmployeeId: 'E5', Name: 'Eva', ModifiedDate: at('10:00:06') },
  ];
}

function setup(data: { rows: Row[] }) {
  const server = connectorFetch(() => data.rows);
  const client = new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch: server.fetch });
  return { client, server };
}

async function collect<R>(feed: AsyncIterable<Change<R>>): Promise<Change<R>[]> {
  const out: Change<R>[] = [];
  for await (const change of feed) out.push(change);
  return out;
}

const keysOf = (changes: Change<Row>[]) =>
  changes.map((c) => (c.type === 'upsert' ? `+${c.row.EmployeeId}` : `-${c.key}`));
const sync = { modifiedField: 'ModifiedDate', keyField: 'EmployeeId' } as const;

describe('changes', () => {
  it('reads everything on the first run, sorted by modified date then key, and gives a checkpoint', async () => {
    const data = { rows: employees() };
    const { client, server } = setup(data);
    const feed = client.changes('Profit_Employees', { ...sync, pageSize: 2 });
    expect(keysOf(await collect(feed))).toEqual(['+E1', '+E2', '+E3', '+E4', '+E5']);
    expect(server.calls[0]!.url.searchParams.get('orderbyfieldids')).toBe('ModifiedDate,EmployeeId');
    const checkpoint = feed.checkpoint;
    expect(checkpoint.since).toBe('2024-05-01T10:00:06');
    // Rows in the overlap window (one second before since, inclusive) are remembered.
    expect(Object.keys(checkpoint.seenKeys).sort()).toEqual(['E3', 'E4', 'E5']);
    expect(JSON.parse(JSON.stringify(checkpoint))).toEqual(checkpoint);
  });

  it('asks modified >= since - overlap and skips rows already seen unchanged', async () => {
    const data = { rows: employees() };
    const { client, server } = setup(data);
    const first = client.changes('Profit_Employees', sync);
    await collect(first);
    const checkpoint: ChangeCheckpoint = JSON.parse(JSON.stringify(first.checkpoint));

    const second = client.changes('Profit_Employees', { ...sync, since: checkpoint });
    expect(await collect(second)).toEqual([]);
    const query = Object.fromEntries(server.calls.at(-1)!.url.searchParams);
    expect(parseFilterQuery(query)).toEqual({
      or: [{ and: [{ field: 'ModifiedDate', op: 'ge', value: '2024-05-01T10:00:05' }] }],
    });
    expect(second.checkpoint).toEqual(checkpoint);
  });

  it('yields rows changed since, rows committed late in the overlap, and boundary rows changed again', async () => {
    const data = { rows: employees() };
    const { client } = setup(data);
    const first = client.changes('Profit_Employees', sync);
    await collect(first);

    data.rows = data.rows.map((row) => {
      if (row.EmployeeId === 'E1') return { ...row, Name: 'Ann 2', ModifiedDate: at('11:00:00') };
      // Changed again within the same second as seen: same date, other content.
      if (row.EmployeeId === 'E4') return { ...row, Name: 'Dan 2' };
      return row;
    });
    // Stored with a time inside the window but committed after the first run read it.
    data.rows.push({ EmployeeId: 'E0', Name: 'Late', ModifiedDate: at('10:00:05') });

    const second = client.changes('Profit_Employees', { ...sync, since: first.checkpoint });
    expect(keysOf(await collect(second))).toEqual(['+E0', '+E4', '+E1']);
    expect(second.checkpoint.since).toBe('2024-05-01T11:00:00');
    expect(Object.keys(second.checkpoint.seenKeys)).toEqual(['E1']);
  });

  it('moves on when a whole page shares one second', async () => {
    const data = {
      rows: Array.from({ length: 7 }, (_, i) => ({ EmployeeId: `K${i}`, ModifiedDate: at('12:00:00') })) as Row[],
    };
    data.rows.push({ EmployeeId: 'Z', ModifiedDate: at('12:00:01') });
    const { client, server } = setup(data);
    const feed = client.changes('Profit_Employees', { ...sync, pageSize: 2 });
    const changes = await collect(feed);
    expect(keysOf(changes)).toEqual(['+K0', '+K1', '+K2', '+K3', '+K4', '+K5', '+K6', '+Z']);
    expect(server.calls.length).toBeLessThan(10);
  });

  it('takes since as a Date (Amsterdam time) or an AFAS date string', async () => {
    const data = { rows: employees() };
    const { client, server } = setup(data);
    await collect(client.changes('X', { ...sync, since: new Date('2024-05-01T08:00:05Z') }));
    await collect(client.changes('X', { ...sync, since: '2024-05-01T10:00:05Z', overlapSeconds: 10 }));
    const values = server.calls.map((c) => c.url.searchParams.get('filtervalues'));
    expect(values).toEqual(['2024-05-01T10:00:04', '2024-05-01T09:59:55']);
  });

  it('finds deletions by comparing the full key set', async () => {
    const data = { rows: employees() };
    const { client, server } = setup(data);
    const first = client.changes('X', { ...sync, detectDeletes: true });
    await collect(first);
    expect(first.knownKeys?.sort()).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);

    data.rows = data.rows.filter((row) => row.EmployeeId !== 'E3' && row.EmployeeId !== 'E1');
    const before = server.calls.length;
    const second = client.changes('X', {
      ...sync,
      since: first.checkpoint,
      detectDeletes: true,
      knownKeys: first.knownKeys!,
      pageSize: 2,
    });
    expect(keysOf(await collect(second))).toEqual(['-E1', '-E3']);
    expect(second.knownKeys?.sort()).toEqual(['E2', 'E4', 'E5']);
    // The key scan pages by key (keyset), after the incremental read.
    const orders = server.calls.slice(before).map((c) => c.url.searchParams.get('orderbyfieldids'));
    const firstScan = orders.indexOf('EmployeeId');
    expect(firstScan).toBeGreaterThan(0);
    expect(orders.slice(0, firstScan).every((o) => o === 'ModifiedDate,EmployeeId')).toBe(true);
    expect(orders.slice(firstScan)).toEqual(['EmployeeId', 'EmployeeId']);
  });

  it('keeps known keys up to date between deletion checks', async () => {
    const data = { rows: employees() };
    const { client } = setup(data);
    const feed = client.changes('X', { ...sync, since: at('10:00:06'), overlapSeconds: 0, knownKeys: ['E1'] });
    expect(keysOf(await collect(feed))).toEqual(['+E5']);
    expect(feed.knownKeys?.sort()).toEqual(['E1', 'E5']);
  });

  it('leaves a change out of the checkpoint until the caller has handled it', async () => {
    const { client } = setup({ rows: employees() });
    const feed = client.changes('X', sync);
    for await (const change of feed) {
      if (change.type === 'upsert' && change.row.EmployeeId === 'E3') break;
    }
    expect(feed.checkpoint.since).toBe('2024-05-01T10:00:00');
    const again = client.changes('X', { ...sync, since: feed.checkpoint });
    expect(keysOf(await collect(again))).toEqual(['+E3', '+E4', '+E5']);
  });

  it('can be iterated once', async () => {
    const { client } = setup({ rows: [] });
    const feed = client.changes('X', sync);
    await collect(feed);
    await expect(collect(feed)).rejects.toThrow(/once/);
  });
});

describe('changes over several modified fields (joined tables)', () => {
  // An employee row joins a person: the person's own modified date moves when only the person changed.
  function joined(): Row[] {
    return [
      { EmployeeId: 'E1', Name: 'Ann', ModifiedDate: at('09:00:00'), PersonModified: at('08:00:00') },
      { EmployeeId: 'E2', Name: 'Bob', ModifiedDate: at('10:00:00'), PersonModified: at('10:30:00') },
      { EmployeeId: 'E3', Name: 'Cas', ModifiedDate: at('11:00:00'), PersonModified: at('07:00:00') },
    ];
  }
  const both = { modifiedField: ['ModifiedDate', 'PersonModified'], keyField: 'EmployeeId' } as const;

  it('hands every row out once on the first run, and keeps a checkpoint per field', async () => {
    const data = { rows: joined() };
    const { client, server } = setup(data);
    const feed = client.changes('Profit_Employees', both);
    expect(keysOf(await collect(feed))).toEqual(['+E1', '+E2', '+E3']);
    expect(server.calls.map((c) => c.url.searchParams.get('orderbyfieldids'))).toEqual([
      'ModifiedDate,EmployeeId',
      'PersonModified,EmployeeId',
    ]);
    expect(feed.checkpoint).toMatchObject({
      since: '2024-05-01T11:00:00',
      sinceByField: { ModifiedDate: '2024-05-01T11:00:00', PersonModified: '2024-05-01T10:30:00' },
    });
  });

  it('finds a row whose only change is in the joined table; one field alone misses it', async () => {
    const data = { rows: joined() };
    const { client } = setup(data);
    const first = client.changes('Profit_Employees', both);
    await collect(first);
    const onlyEmployee = client.changes('Profit_Employees', { ...sync });
    await collect(onlyEmployee);
    const checkpoints = [
      JSON.parse(JSON.stringify(first.checkpoint)),
      JSON.parse(JSON.stringify(onlyEmployee.checkpoint)),
    ];
    // The person of E1 is renamed: its person date moves, the employee's does not.
    data.rows[0] = { ...data.rows[0]!, Name: 'Anna', PersonModified: at('12:00:00') };
    expect(keysOf(await collect(client.changes('Profit_Employees', { ...both, since: checkpoints[0] })))).toEqual([
      '+E1',
    ]);
    expect(keysOf(await collect(client.changes('Profit_Employees', { ...sync, since: checkpoints[1] })))).toEqual([]);
  });

  it('hands a row changed in both tables out once, and nothing when nothing moved', async () => {
    const data = { rows: joined() };
    const { client } = setup(data);
    const first = client.changes('Profit_Employees', both);
    await collect(first);
    let checkpoint = JSON.parse(JSON.stringify(first.checkpoint));
    const idle = client.changes('Profit_Employees', { ...both, since: checkpoint });
    expect(await collect(idle)).toEqual([]);
    checkpoint = JSON.parse(JSON.stringify(idle.checkpoint));
    data.rows[2] = { ...data.rows[2]!, Name: 'Cees', ModifiedDate: at('13:00:00'), PersonModified: at('13:00:00') };
    expect(keysOf(await collect(client.changes('Profit_Employees', { ...both, since: checkpoint })))).toEqual(['+E3']);
  });

  it('refuses no field or a field named twice', () => {
    const { client } = setup({ rows: [] });
    expect(() => client.changes('Profit_Employees', { modifiedField: [], keyField: 'EmployeeId' })).toThrow(TypeError);
    expect(() =>
      client.changes('Profit_Employees', { modifiedField: ['ModifiedDate', 'ModifiedDate'], keyField: 'EmployeeId' }),
    ).toThrow(/twice/);
  });
});
