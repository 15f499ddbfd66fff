// Sorting and paging of GetConnector rows: the orderby parameter, and async iteration over every row of a connector.
// Must not build URLs or perform requests itself: it asks a page fetcher given by the client.

import type { Filter, RowValue } from '@appconnector/protocol';
import { afasDateToFilterValue } from './dates.ts';
import { andFilters, type FilterInput, filterBuilder, resolveFilter, valueText } from './filter-builder.ts';

/** Sort order: `['Name', '-Date']` or `[{ field: 'Date', desc: true }]`; a leading `-` sorts descending. */
export type OrderBy<F extends string = string> = ReadonlyArray<F | `-${F}` | { field: F; desc?: boolean }>;

/** The `orderbyfieldids` value, or undefined for no order. */
export function renderOrderBy(orderBy: OrderBy | string | undefined): string | undefined {
  if (orderBy === undefined) return undefined;
  const items = typeof orderBy === 'string' ? orderBy.split(',') : orderBy;
  const ids = items.map((item) => {
    const id = typeof item === 'string' ? item.trim() : `${item.desc ? '-' : ''}${item.field}`;
    if (id === '' || id === '-') throw new TypeError('orderBy: a field id must not be empty');
    return id;
  });
  return ids.length === 0 ? undefined : ids.join(',');
}

export interface PageRequest {
  skip: number;
  take: number;
  filter: Filter;
  orderBy: string;
}

/** The rows of one page as a fetcher gives them: an array, or a list that makes its rows when asked (RawPage). */
export interface Page<R> extends Iterable<R> {
  readonly length: number;
  at(index: number): R | undefined;
}

/** Fetches one page; the signal is aborted when the iteration stops early. */
export type PageFetcher<R, P extends Page<R> = R[]> = (page: PageRequest, signal: AbortSignal) => Promise<P>;

export interface RowsOptions<F extends string = string> {
  /** Rows per call; AFAS advises about 1000. */
  pageSize?: number;
  orderBy?: OrderBy<F>;
  filter?: FilterInput<F>;
  /**
   * Keyset paging: sort by this unique, never empty field and ask `field > last` instead of skipping; `after`
   * starts past a key already seen (a resumed export).
   */
  keyset?: { field: F; after?: RowValue };
  /**
   * Pages fetched at once (1..8, AFAS's limit on parallel calls); rows still come in order. With keyset paging the
   * pages of one window are `field > last` at skip 0, n, 2n...: skips stay below concurrency x pageSize.
   */
  concurrency?: number;
  signal?: AbortSignal;
}

export const MAX_CONCURRENCY = 8;
export const DEFAULT_PAGE_SIZE = 1000;

/**
 * Every row, page by page, always sorted: paging without an order gives whatever the database gives, so pages
 * could overlap or miss rows. Checks the options at once, before any call.
 */
export function pageRows<R, P extends Page<R> = R[]>(
  fetchPage: PageFetcher<R, P>,
  options: RowsOptions,
  /** A row's value of a field, for keyset paging (rows that are not plain records say how). */
  fieldOf?: (row: R, field: string) => RowValue | undefined,
): AsyncIterable<R> {
  const pages = pagesOf(fetchPage, options, fieldOf);
  return {
    async *[Symbol.asyncIterator]() {
      for await (const page of pages) yield* page;
    },
  };
}

/**
 * The pages of pageRows, each whole as its fetcher gave it (no empty ones): for callers that handle a page at once
 * rather than a row at a time. Checks the options at once, before any call.
 */
export function pagesOf<R, P extends Page<R> = R[]>(
  fetchPage: PageFetcher<R, P>,
  options: RowsOptions,
  fieldOf: (row: R, field: string) => RowValue | undefined = (row, field) => (row as Record<string, RowValue>)[field],
): AsyncIterable<P> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a whole number >= 1');
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  const filter = resolveFilter(options.filter);
  const orderBy = renderOrderBy(options.orderBy);
  if (options.keyset) {
    const field = options.keyset.field;
    if (orderBy !== undefined && orderBy !== field) {
      throw new TypeError(`keyset paging sorts by '${field}' alone; leave orderBy out or make it ['${field}']`);
    }
    const after = options.keyset.after === undefined ? undefined : keysetValue(options.keyset.after, field);
    const keyOf = (row: R) => fieldOf(row, field);
    return keysetPages(fetchPage, { field, keyOf, after, filter, pageSize, concurrency, signal: options.signal });
  }
  if (orderBy === undefined) {
    throw new TypeError('rows() needs orderBy or keyset: unsorted pages can overlap or miss rows');
  }
  return skipPages(fetchPage, { filter, orderBy, pageSize, concurrency, signal: options.signal });
}

/** An abort controller that also follows the caller's signal, so stopping either stops the calls. */
function linkedController(signal: AbortSignal | undefined): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  if (!signal) return { controller, unlink: () => {} };
  const follow = () => controller.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  return { controller, unlink: () => signal.removeEventListener('abort', follow) };
}

async function* skipPages<R, P extends Page<R>>(
  fetchPage: PageFetcher<R, P>,
  o: { filter: Filter; orderBy: string; pageSize: number; concurrency: number; signal: AbortSignal | undefined },
): AsyncGenerator<P> {
  const { controller, unlink } = linkedController(o.signal);
  const inFlight: Promise<P>[] = [];
  let next = 0;
  const launch = () => {
    const page = fetchPage(
      { skip: next * o.pageSize, take: o.pageSize, filter: o.filter, orderBy: o.orderBy },
      controller.signal,
    );
    // Pages fetched ahead may fail after the iteration ended; that must not become an unhandled rejection.
    page.catch(() => {});
    inFlight.push(page);
    next++;
  };
  try {
    for (let i = 0; i < o.concurrency; i++) launch();
    while (inFlight.length > 0) {
      const rows = await inFlight.shift()!;
      if (rows.length < o.pageSize) {
        if (rows.length > 0) yield rows;
        return;
      }
      // Keep the window full while the caller works through this page.
      launch();
      yield rows;
    }
  } finally {
    // Pages beyond the last one, or beyond where the caller stopped, are not wanted.
    controller.abort();
    unlink();
  }
}

/** The filter value for a row's keyset value: AFAS date strings lose their `Z`, which would not mean UTC anyway. */
function keysetValue(value: RowValue | undefined, field: string): string {
  if (value === null || value === undefined) {
    throw new TypeError(`keyset field '${field}' is empty in a row: keyset paging needs a field that is never empty`);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) {
    return afasDateToFilterValue(value);
  }
  return valueText(value);
}

/**
 * Keyset paging in windows: from the last key, `concurrency` pages at skip 0, n, 2n... The window's last page is asked
 * first, so the next window's key is known while the rest of this window is still being served, and the server
 * always has calls waiting instead of idling between windows. At most `concurrency` calls run at once, and at most
 * two windows of pages are held. Exact across windows; within a window, rows written meanwhile can shift as in any
 * skip paging.
 */
async function* keysetPages<R, P extends Page<R>>(
  fetchPage: PageFetcher<R, P>,
  o: {
    field: string;
    keyOf: (row: R) => RowValue | undefined;
    after: string | undefined;
    filter: Filter;
    pageSize: number;
    concurrency: number;
    signal: AbortSignal | undefined;
  },
): AsyncGenerator<P> {
  const { controller, unlink } = linkedController(o.signal);
  const f = filterBuilder();
  interface Pending {
    rows: Promise<P>;
    start: () => void;
  }
  const waiting: Pending[] = [];
  let running = 0;
  let held = 0;
  const pump = () => {
    // After the iteration ended (controller aborted) nothing more is asked.
    while (!controller.signal.aborted && waiting.length > 0 && running < o.concurrency && held < 2 * o.concurrency) {
      running++;
      held++;
      waiting.shift()!.start();
    }
  };
  const page = (skip: number, filter: Filter): Pending => {
    let start = () => {};
    const rows = new Promise<P>((resolve, reject) => {
      start = () => {
        fetchPage({ skip, take: o.pageSize, filter, orderBy: o.field }, controller.signal)
          .then(resolve, reject)
          .finally(() => {
            running--;
            pump();
          });
      };
    });
    // A page fetched ahead may fail after the iteration ended; that must not become an unhandled rejection.
    rows.catch(() => {});
    return { rows, start };
  };
  // Each window's pages in reading order; the next window (or why there is none) once its last page is in.
  interface Window {
    pages: Pending[];
    next: Promise<Window | undefined>;
  }
  const openWindow = (after: string | undefined): Window => {
    const filter = after === undefined ? o.filter : andFilters(o.filter, f.gt(o.field, after));
    const pages = Array.from({ length: o.concurrency }, (_, i) => page(i * o.pageSize, filter));
    const last = pages[pages.length - 1]!;
    waiting.push(last, ...pages.slice(0, -1));
    const next = last.rows.then((rows) => {
      if (rows.length < o.pageSize) return undefined;
      const key = keysetValue(o.keyOf(rows.at(-1)!), o.field);
      // A server that answers `field > last` with `last` again would make this loop forever.
      if (key === after) throw new Error(`keyset paging on '${o.field}' made no progress past '${after}'`);
      return openWindow(key);
    });
    next.catch(() => {});
    pump();
    return { pages, next };
  };
  try {
    let window: Window | undefined = openWindow(o.after);
    while (window) {
      for (const { rows } of window.pages) {
        const received = await rows;
        held--;
        pump();
        if (received.length > 0) yield received;
      }
      window = await window.next;
    }
  } finally {
    controller.abort();
    unlink();
  }
}
