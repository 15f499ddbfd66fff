// An in-memory GetConnector behind a fetch: honours skip, take, orderbyfieldids and filters of a few operators.
// Must stay small and obvious: it is the independent reference the paging and sync tests compare against.

import { type Condition, parseFilterQuery, type Row } from '@appconnector/protocol';
import { json, type RecordedRequest } from './scripted-fetch.ts';

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a).replace(/Z$/, '');
  const y = String(b).replace(/Z$/, '');
  return x === y ? 0 : x < y ? -1 : 1;
}

function matches(row: Row, c: Condition): boolean {
  const value = row[c.field];
  if (value === null || value === undefined) return false;
  const typed = typeof value === 'number' ? Number(c.value) : c.value;
  const order = compare(value, typed);
  switch (c.op) {
    case 'eq':
      return order === 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    default:
      throw new Error(`fake connector: operator ${c.op} not supported`);
  }
}

export function select(rows: readonly Row[], request: RecordedRequest): Row[] {
  const query = Object.fromEntries(request.url.searchParams);
  const filter = parseFilterQuery(query);
  let result = rows.filter(
    (row) => filter.or.length === 0 || filter.or.some((g) => g.and.every((c) => matches(row, c))),
  );
  const order = query.orderbyfieldids?.split(',') ?? [];
  result = [...result].sort((a, b) => {
    for (const id of order) {
      const desc = id.startsWith('-');
      const field = desc ? id.slice(1) : id;
      const c = compare(a[field], b[field]);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
  const skip = Number(query.skip ?? 0);
  const take = Number(query.take ?? 100);
  return skip === -1 ? result : result.slice(skip, skip + take);
}

/** A fetch answering from `rows()` (called per request, so a test may change the data between calls). */
/** `delay` answers milliseconds to wait, or a promise to wait for (a test's gate on the order of events). */
export function connectorFetch(
  rows: () => readonly Row[],
  delay?: (request: RecordedRequest) => number | Promise<unknown>,
) {
  const calls: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const request: RecordedRequest = {
      url: new URL(url),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: undefined,
      signal: init.signal ?? undefined,
    };
    calls.push(request);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const wait = delay?.(request) ?? 0;
      if (typeof wait !== 'number') await wait;
      else if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      init.signal?.throwIfAborted();
      const query = request.url.searchParams;
      return json({
        skip: Number(query.get('skip') ?? 0),
        take: Number(query.get('take') ?? 100),
        rows: select(rows(), request),
      });
    } finally {
      inFlight--;
    }
  };
  return { fetch, calls, maxInFlight: () => maxInFlight };
}
