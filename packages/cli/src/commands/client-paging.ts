// Where `export` gets its rows: the SDK's keyset or skip paging, or keyset windows fetched in parallel.
// Must not write anything: it yields rows in order and keeps at most one window of pages in memory.

import { type AfasClient, f } from '@appconnector/client';
import type { Filter, RowValue } from '@appconnector/protocol';

type Row = Record<string, RowValue>;

export interface SourceOptions {
  connector: string;
  filter: Filter;
  pageSize: number;
  concurrency: number;
  signal: AbortSignal;
}

/** A key value as a filter value: AFAS date strings lose the `Z`, which does not mean UTC anyway. */
export function keyFilterValue(value: RowValue): string | number | boolean {
  if (value === null) throw new TypeError('a key value is empty: the key field must never be empty');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return value.slice(0, -1);
  return value;
}

/** Rows after `after` (all rows when undefined), sorted by the unique key; the user's filter AND-ed in. */
export function keyedRows(
  client: AfasClient,
  o: SourceOptions & { key: string; after: RowValue | undefined },
): AsyncIterable<Row> {
  const filter = o.after === undefined ? o.filter : f.and(o.filter, f.gt(o.key, keyFilterValue(o.after)));
  if (o.concurrency === 1) {
    return client.rows<Row>(o.connector, {
      keyset: { field: o.key },
      filter,
      pageSize: o.pageSize,
      signal: o.signal,
    });
  }
  return keysetWindows(client, { ...o, filter });
}

/** Rows by skip paging in the given order; the SDK keeps `concurrency` pages in flight and yields them in order. */
export function orderedRows(client: AfasClient, o: SourceOptions & { orderBy: string[] }): AsyncIterable<Row> {
  return client.rows<Row>(o.connector, {
    orderBy: o.orderBy,
    filter: o.filter,
    pageSize: o.pageSize,
    concurrency: o.concurrency,
    signal: o.signal,
  });
}

/**
 * Keyset paging made parallel: from the last key, `concurrency` pages of `key > last` at skip 0, n, 2n, ... are
 * asked at once, and the next window starts after the last key of this one. Skips stay below
 * concurrency x pageSize (AFAS gets slow past large skips) and the next window is in flight while this one is
 * written. Exact across windows; within a window, rows written meanwhile can shift as in any skip paging.
 */
async function* keysetWindows(client: AfasClient, o: SourceOptions & { key: string }): AsyncGenerator<Row> {
  const controller = new AbortController();
  const follow = () => controller.abort(o.signal.reason);
  o.signal.addEventListener('abort', follow, { once: true });
  const fetchWindow = (after: RowValue | undefined): Promise<Row[][]> => {
    const filter = after === undefined ? o.filter : f.and(o.filter, f.gt(o.key, keyFilterValue(after)));
    const pages = Array.from({ length: o.concurrency }, (_, i) =>
      client
        .get<Row>(o.connector, {
          filter,
          orderBy: [o.key],
          skip: i * o.pageSize,
          take: o.pageSize,
          signal: controller.signal,
        })
        .then((answer) => answer.rows),
    );
    const window = Promise.all(pages);
    // A window fetched ahead may fail after the caller stopped; that must not be an unhandled rejection.
    window.catch(() => {});
    return window;
  };
  try {
    let next = fetchWindow(undefined);
    while (true) {
      const pages = await next;
      const shortAt = pages.findIndex((page) => page.length < o.pageSize);
      const complete = shortAt === -1 ? pages : pages.slice(0, shortAt + 1);
      if (shortAt === -1) {
        const last = pages[pages.length - 1]!;
        const lastKey = last[last.length - 1]![o.key];
        if (lastKey === undefined) throw new TypeError(`the rows have no key field '${o.key}'`);
        next = fetchWindow(lastKey);
      }
      for (const page of complete) yield* page;
      if (shortAt !== -1) return;
    }
  } finally {
    controller.abort();
    o.signal.removeEventListener('abort', follow);
  }
}
