// Incremental sync of a GetConnector: rows modified since a checkpoint, de-duplicated at the boundary, and
// optionally deletions found by comparing the full key set. Must not store checkpoints: the caller keeps them.

import type { Filter, RowValue } from '@appconnector/protocol';
import { afasDateToFilterValue, formatFilterDate, shiftWallClock } from './dates.ts';
import { andFilters, type FilterInput, filterBuilder, resolveFilter, valueText } from './filter-builder.ts';
import { DEFAULT_PAGE_SIZE, type PageFetcher, pageRows } from './paging.ts';

/**
 * Where the next run starts. JSON-serialisable: store it as is and pass it back as `since`.
 * `seenKeys` maps the key of each row read in the overlap window to an opaque fingerprint of its modified date
 * and content, so a row is skipped only when it is seen again unchanged.
 */
export interface ChangeCheckpoint {
  /** Where the (first) modified field's reading continues. */
  since: string | null;
  seenKeys: Record<string, string>;
  /** With several modified fields: where each one's reading continues (a checkpoint of one field lacks it). */
  sinceByField?: Record<string, string | null>;
}

export type Change<R> = { type: 'upsert'; row: R } | { type: 'delete'; key: string };

export interface ChangesOptions<F extends string = string> {
  /**
   * The modified date-time field, or several: a connector that joins tables (Profit_Employees joins the person to
   * the employee) shows a modified date per table, and a row counts as changed when any of them moved. Each is read
   * in a pass of its own (sorted on it, from its own checkpoint); a row found by several passes is handed out once.
   */
  modifiedField: F | readonly F[];
  /** A unique, never empty field that identifies a row. */
  keyField: F;
  /** A previous checkpoint, or a moment (a Date, or an AFAS date string in Amsterdam time); none reads all rows. */
  since?: Date | string | ChangeCheckpoint | undefined;
  /** Seconds read again before `since`: stored times have sub-second precision, the API shows seconds. */
  overlapSeconds?: number;
  pageSize?: number;
  /** Limits the sync to part of the connector; rows leaving the filter then count as deleted. */
  filter?: FilterInput<F>;
  /** Read every key (costly: every row) and report the keys of `knownKeys` that are gone. */
  detectDeletes?: boolean;
  /** The key set of the previous comparison; see `ChangeFeed.knownKeys`. */
  knownKeys?: Iterable<string>;
  signal?: AbortSignal;
}

/** cyrb53: a 53-bit string hash, enough to tell a changed row from an unchanged one. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function isCheckpoint(value: unknown): value is ChangeCheckpoint {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && 'seenKeys' in value;
}

/** A modified value as a filter value: AFAS date strings without `Z`, empty as ''. */
function modifiedText(value: RowValue | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return afasDateToFilterValue(value);
  return valueText(value);
}

/** Async iterable of changes; read `checkpoint` (and `knownKeys`) after, or while, iterating. */
export class ChangeFeed<R> implements AsyncIterable<Change<R>> {
  readonly #fetchPage: PageFetcher<R>;
  readonly #options: ChangesOptions;
  readonly #overlap: number;
  readonly #pageSize: number;
  readonly #filter: Filter;
  readonly #fields: readonly string[];
  /** Per modified field: the latest value read, where its next reading starts. */
  readonly #since: Map<string, string | null>;
  /** key -> `${modified}|${hash}` of rows read at or after since - overlap. */
  readonly #seen: Map<string, string>;
  #known: Set<string> | undefined;
  #started = false;

  constructor(fetchPage: PageFetcher<R>, options: ChangesOptions) {
    const overlap = options.overlapSeconds ?? 1;
    if (!(overlap >= 0)) throw new RangeError('overlapSeconds must be >= 0');
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a whole number >= 1');
    const fields = typeof options.modifiedField === 'string' ? [options.modifiedField] : [...options.modifiedField];
    if (fields.length === 0 || fields.some((f) => !f) || !options.keyField)
      throw new TypeError('changes() needs modifiedField (one or more) and keyField');
    if (new Set(fields).size !== fields.length) throw new TypeError('changes(): a modifiedField is named twice');
    this.#fields = fields;
    this.#fetchPage = fetchPage;
    this.#options = options;
    this.#overlap = overlap;
    this.#pageSize = pageSize;
    this.#filter = resolveFilter(options.filter);
    const since = options.since;
    const text = (value: string | null | undefined) =>
      value === null || value === undefined ? null : afasDateToFilterValue(value);
    this.#since = new Map();
    if (isCheckpoint(since)) {
      // A field the checkpoint does not know (added since) starts where the others were.
      for (const field of fields) {
        const own = since.sinceByField?.[field];
        this.#since.set(field, own !== undefined ? text(own) : text(since.since));
      }
      this.#seen = new Map(Object.entries(since.seenKeys));
    } else {
      const start =
        since === undefined ? null : since instanceof Date ? formatFilterDate(since) : afasDateToFilterValue(since);
      for (const field of fields) this.#since.set(field, start);
      this.#seen = new Map();
    }
    this.#known = options.knownKeys === undefined ? undefined : new Set(options.knownKeys);
  }

  /** The checkpoint after the rows handed out so far; after a complete iteration, where the next run starts. */
  get checkpoint(): ChangeCheckpoint {
    this.#prune();
    const checkpoint: ChangeCheckpoint = {
      since: this.#since.get(this.#fields[0]!)!,
      seenKeys: Object.fromEntries(this.#seen),
    };
    if (this.#fields.length > 1) checkpoint.sinceByField = Object.fromEntries(this.#since);
    return checkpoint;
  }

  /**
   * The keys known to exist: after a run with `detectDeletes`, exactly the keys read; otherwise the given
   * `knownKeys` plus the keys upserted since. Undefined when neither was asked for.
   */
  get knownKeys(): string[] | undefined {
    return this.#known === undefined ? undefined : [...this.#known];
  }

  #windowStart(field: string): string | undefined {
    const since = this.#since.get(field);
    return since === null || since === undefined ? undefined : shiftWallClock(since, -this.#overlap);
  }

  /**
   * Forgets rows older than every field's overlap window. A row's fingerprint starts with the latest of its
   * modified values, so a row still inside any field's window is kept.
   */
  #prune(): void {
    let start: string | undefined;
    for (const field of this.#fields) {
      const own = this.#windowStart(field);
      if (own === undefined) return;
      if (start === undefined || own < start) start = own;
    }
    if (start === undefined) return;
    for (const [key, print] of this.#seen) {
      if (print.slice(0, print.indexOf('|')) < start) this.#seen.delete(key);
    }
  }

  #key(row: R): string {
    const value = (row as Record<string, RowValue>)[this.#options.keyField];
    if (value === null || value === undefined) {
      throw new TypeError(`key field '${this.#options.keyField}' is empty in a row`);
    }
    return String(value);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Change<R>> {
    if (this.#started) throw new Error('a ChangeFeed can be iterated once; start a new one from its checkpoint');
    this.#started = true;
    yield* this.#upserts();
    if (this.#options.detectDeletes) yield* this.#deletes();
  }

  async *#upserts(): AsyncGenerator<Change<R>> {
    for (const field of this.#fields) yield* this.#upsertsBy(field);
  }

  /** The latest of a row's modified values (AFAS text compares in time order). */
  #latest(row: R): string {
    let latest = '';
    for (const field of this.#fields) {
      const value = modifiedText((row as Record<string, RowValue>)[field]);
      if (value > latest) latest = value;
    }
    return latest;
  }

  async *#upsertsBy(modifiedField: string): AsyncGenerator<Change<R>> {
    const { keyField } = this.#options;
    const f = filterBuilder();
    const signal = this.#options.signal;
    // The page fetcher wants a signal; without the caller's, one that never fires.
    const pageSignal = signal ?? new AbortController().signal;
    let lower = this.#windowStart(modifiedField);
    let take = this.#pageSize;
    while (true) {
      signal?.throwIfAborted();
      const filter = lower === undefined ? this.#filter : andFilters(this.#filter, f.ge(modifiedField, lower));
      const rows = await this.#fetchPage(
        { skip: 0, take, filter, orderBy: `${modifiedField},${keyField}` },
        pageSignal,
      );
      for (const row of rows) {
        const key = this.#key(row);
        const modified = modifiedText((row as Record<string, RowValue>)[modifiedField]);
        // The same row met again (by another field's pass, or unchanged in the overlap) has the same print.
        const print = `${this.#latest(row)}|${hash(JSON.stringify(row))}`;
        // Recorded only once the caller asks for the next change, i.e. has handled this one: a caller that stops
        // midway and saves the checkpoint gets the unhandled row again next time (at least once, never lost).
        if (this.#seen.get(key) !== print) yield { type: 'upsert', row };
        this.#seen.set(key, print);
        this.#known?.add(key);
        const since = this.#since.get(modifiedField)!;
        if (modified !== '' && (since === null || modified > since)) this.#since.set(modifiedField, modified);
      }
      this.#prune();
      if (rows.length < take) return;
      const last = modifiedText((rows[rows.length - 1] as Record<string, RowValue>)[modifiedField]);
      if (last === '' || last === lower) {
        // A full page within one second (or of empty dates): asking from the same point again would not move on.
        take *= 2;
        continue;
      }
      lower = last;
      take = this.#pageSize;
    }
  }

  async *#deletes(): AsyncGenerator<Change<R>> {
    const keyField = this.#options.keyField;
    const current = new Set<string>();
    const rows = pageRows(this.#fetchPage, {
      keyset: { field: keyField },
      filter: this.#filter,
      pageSize: this.#pageSize,
      signal: this.#options.signal,
    });
    for await (const row of rows) current.add(this.#key(row));
    const previous = this.#known ?? new Set<string>();
    this.#known = current;
    for (const key of previous) {
      if (!current.has(key)) yield { type: 'delete', key };
    }
  }
}
