// The rows of a GetConnector answer as the server sent them: the bytes of each element of `rows`, found by a scan
// that follows only strings and nesting, never decoded to text nor parsed. For writing rows out unchanged (export to
// NDJSON), where decoding each page, parsing it and encoding every row again cost the CLI more CPU than the server
// spent on the whole read. A page keeps where its rows are, not an object per row: written out, a page of 1000 rows
// is one copy. Must not know about HTTP or paging.

import { parseProfitJson, startsBareDecimal, withLeadingZeros } from './profit-json.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const DOT = 0x2e;
const COMMA = 0x2c;
const ROWS_KEY = [0x72, 0x6f, 0x77, 0x73]; // rows

const decoder = new TextDecoder();

/** One row of an answer: its JSON text as bytes (one line: no line break), parsed only when asked. */
export class RawRow {
  readonly bytes: Uint8Array;
  #value: Record<string, unknown> | undefined;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** The row as an object (parsed once, on first use). */
  get value(): Record<string, unknown> {
    this.#value ??= JSON.parse(decoder.decode(this.bytes)) as Record<string, unknown>;
    return this.#value;
  }
}

const encoder = new TextEncoder();

/** Rows of an answer that is valid JSON but not laid out as the scan expects: parsed, and encoded again. */
function reencoded(body: Uint8Array): RawPage {
  const answer = parseProfitJson(decoder.decode(body)) as { rows?: unknown };
  if (!Array.isArray(answer.rows)) throw new SyntaxError('the answer has no rows array');
  const texts = answer.rows.map((row) => encoder.encode(JSON.stringify(row)));
  // The rows one after another, a comma between, as a compact answer has them.
  const joined = new Uint8Array(texts.reduce((sum, text) => sum + text.byteLength + 1, 0));
  const bounds: number[] = [];
  let at = 0;
  for (const text of texts) {
    joined.set(text, at);
    bounds.push(at, at + text.byteLength);
    at += text.byteLength;
    joined[at++] = COMMA;
  }
  return new RawPage(joined, bounds);
}

/**
 * The rows of one answer: where each row's bytes are in the answer, made a RawRow only when asked for one. Iterable
 * and indexable (`at`) like an array of RawRow.
 */
export class RawPage implements Iterable<RawRow> {
  readonly #body: Uint8Array;
  /** Each row's start and end (exclusive) in the body, in order. */
  readonly #bounds: readonly number[];

  constructor(body: Uint8Array, bounds: readonly number[]) {
    this.#body = body;
    this.#bounds = bounds;
  }

  get length(): number {
    return this.#bounds.length / 2;
  }

  /** Row `index` (negative counts from the end), or undefined past either end. */
  at(index: number): RawRow | undefined {
    const i = index < 0 ? this.length + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return new RawRow(this.#body.subarray(this.#bounds[2 * i], this.#bounds[2 * i + 1]));
  }

  *[Symbol.iterator](): Iterator<RawRow> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  /**
   * The first `count` rows (all by default) as NDJSON: each row's bytes, then a line break. Where the rows are one
   * byte apart in the answer (a compact answer's commas), made in the answer's own buffer: the byte after each row
   * becomes its line break, so a page is not copied. The rows' bytes stay as they are; the bytes between them do not.
   */
  lines(count = this.length): Uint8Array {
    const n = Math.min(Math.max(count, 0), this.length);
    if (n === 0) return new Uint8Array(0);
    const bounds = this.#bounds;
    const end = bounds[2 * n - 1]!;
    let adjacent = end < this.#body.byteLength;
    for (let i = 1; i < n && adjacent; i++) adjacent = bounds[2 * i] === bounds[2 * i - 1]! + 1;
    if (!adjacent) return this.joined(n, '', '\n', '\n');
    for (let i = 0; i < n; i++) this.#body[bounds[2 * i + 1]!] = NEWLINE;
    return this.#body.subarray(bounds[0], end + 1);
  }

  /**
   * The first `count` rows' bytes copied into one buffer: `before`, the rows with `between` between them, `after`
   * (a JSON array's part: `,\n` between rows). Nothing for no rows.
   */
  joined(count: number, before: string, between: string, after: string): Uint8Array {
    const n = Math.min(Math.max(count, 0), this.length);
    if (n === 0) return new Uint8Array(0);
    const bounds = this.#bounds;
    const [head, gap, tail] = [encoder.encode(before), encoder.encode(between), encoder.encode(after)];
    let rowBytes = 0;
    for (let i = 0; i < n; i++) rowBytes += bounds[2 * i + 1]! - bounds[2 * i]!;
    const out = new Uint8Array(head.byteLength + rowBytes + gap.byteLength * (n - 1) + tail.byteLength);
    out.set(head, 0);
    let at = head.byteLength;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        out.set(gap, at);
        at += gap.byteLength;
      }
      out.set(this.#body.subarray(bounds[2 * i], bounds[2 * i + 1]), at);
      at += bounds[2 * i + 1]! - bounds[2 * i]!;
    }
    out.set(tail, at);
    return out;
  }
}

/** Inside a string: its end, an escape, or 0 for any other byte (one test for most bytes). */
const STRING_BYTE = new Uint8Array(256);
const [STRING_END, ESCAPE] = [1, 2];
STRING_BYTE[QUOTE] = STRING_END;
STRING_BYTE[BACKSLASH] = ESCAPE;

/** Where the string starting at `start` (an opening quote) ends: the index after its closing quote, or -1. */
function stringEnd(body: Uint8Array, start: number): number {
  for (let i = start + 1; i < body.length; ) {
    const kind = STRING_BYTE[body[i]!];
    if (kind === 0) i++;
    else if (kind === ESCAPE) i += 2;
    else return i + 1;
  }
  return -1;
}

function isRowsKey(body: Uint8Array, start: number, end: number): boolean {
  if (end - start !== ROWS_KEY.length + 2) return false;
  for (let k = 0; k < ROWS_KEY.length; k++) if (body[start + 1 + k] !== ROWS_KEY[k]) return false;
  return true;
}

/**
 * The rows of a GetConnector answer (`{"skip":..,"take":..,"rows":[{..},..]}`, keys in any order). The scan checks
 * that strings close and nesting balances, not every literal: the answers come from the server asked. A row with a
 * line break between its tokens, or rows that are not objects, send the whole answer through JSON.parse instead;
 * text that is not JSON throws a SyntaxError. An answer of Profit before 7 (decimals like `-.5`, not JSON) is read
 * with leading zeros added outside strings, so every row's bytes are JSON.
 */
export function splitRows(body: Uint8Array): RawRow[] {
  return [...scanRows(body, false)];
}

/** The rows of a GetConnector answer, as splitRows finds them, as one RawPage. */
export function splitPage(body: Uint8Array): RawPage {
  return scanRows(body, false);
}

/** The answer of Profit before 7 with its bare decimals (`-.5`) given leading zeros, so every row is JSON. */
function mended(body: Uint8Array): RawPage {
  return scanRows(encoder.encode(withLeadingZeros(decoder.decode(body))), true);
}

/** What the scan of a rows array found instead of its end: the answer is read otherwise. */
const LAID_OUT_OTHERWISE = -1;
const BARE_DECIMAL = -2;

/** Inside the rows array, what a byte outside strings is: 0 for most (letters, digits, commas, spaces). */
const ROWS_BYTE = new Uint8Array(256);
const [STRING, OPEN, CLOSE, POINT, LINE_BREAK] = [1, 2, 3, 4, 5];
ROWS_BYTE[QUOTE] = STRING;
ROWS_BYTE[OPEN_OBJECT] = OPEN;
ROWS_BYTE[OPEN_ARRAY] = OPEN;
ROWS_BYTE[CLOSE_OBJECT] = CLOSE;
ROWS_BYTE[CLOSE_ARRAY] = CLOSE;
ROWS_BYTE[DOT] = POINT;
ROWS_BYTE[NEWLINE] = LINE_BREAK;
ROWS_BYTE[RETURN] = LINE_BREAK;

/**
 * The rows of the array that starts at `from` (just after its `[`), added to `bounds`; returns the index of the
 * array's closing bracket. Most of an answer's bytes are here: each is looked up once in a table, so that ordinary
 * bytes (inside strings, or letters and digits outside) cost one test, not a test per kind of byte.
 */
function scanRowsArray(body: Uint8Array, from: number, bounds: number[], wasMended: boolean): number {
  const length = body.length;
  let depth = 0;
  let rowStart = -1;
  for (let i = from; i < length; i++) {
    const kind = ROWS_BYTE[body[i]!];
    if (kind === 0) continue;
    if (kind === STRING) {
      const end = stringEnd(body, i);
      if (end < 0) throw new SyntaxError('the answer ends inside a string');
      i = end - 1;
    } else if (kind === OPEN) {
      if (depth === 0) {
        if (body[i] !== OPEN_OBJECT) return LAID_OUT_OTHERWISE;
        rowStart = i;
      }
      depth++;
    } else if (kind === CLOSE) {
      depth--;
      if (depth < 0) return i;
      if (depth === 0) {
        bounds.push(rowStart, i + 1);
        rowStart = -1;
      }
    } else if (kind === POINT) {
      // Outside strings a `.` follows a digit in JSON; here it starts a decimal of Profit before 7.
      if (!wasMended && startsBareDecimal(body[i - 1])) return BARE_DECIMAL;
    } else if (rowStart >= 0) {
      return LAID_OUT_OTHERWISE;
    }
  }
  throw new SyntaxError('the answer ends before it closes');
}

/** What this file uses of a Node Buffer (the client's types are not Node's: it runs in browsers too). */
interface Bytes extends Uint8Array {
  indexOf(value: Uint8Array | number, byteOffset?: number): number;
}
interface BufferClass {
  from(text: string, encoding: 'latin1'): Bytes;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): Bytes;
  concat(list: readonly Uint8Array[]): Bytes;
}
/** Node's Buffer, for its native search of byte strings; absent in browsers, where the scan reads every array. */
const NodeBuffer = (globalThis as { Buffer?: BufferClass }).Buffer;
const ascii = (text: string) => (NodeBuffer ? NodeBuffer.from(text, 'latin1') : undefined);
/**
 * What the rows of a compact answer of flat rows do not hold: nesting (an array anywhere), line breaks (a row must
 * be one line). Inside strings they only send a page to the scan.
 */
const NOT_FLAT = ['[', '\n', '\r'].map(ascii);
/**
 * Decimals of Profit before 7 (`:.5`, `:-.5`), looked for only where the answer's head has line breaks: Profit 7
 * put the head on one line and gave decimals their leading zero in the same change (ARCHITECTURE.md, Profit
 * versions). Two- and three-byte searches cost ~0.4 ms each in a page of 1,000 rows, the most of the CLI's search.
 */
const BARE_DECIMALS = [':.', ':-.'].map(ascii);
const OBJECT_START = ascii('{');

/** Where `pattern` occurs in `view` from `from` up to `to`, in order. */
function occurrences(view: Bytes, pattern: Uint8Array, from: number, to: number): number[] {
  const found: number[] = [];
  for (let at = view.indexOf(pattern, from); at >= 0 && at < to; at = view.indexOf(pattern, at + 1)) found.push(at);
  return found;
}

/**
 * The rows of the array that starts at `from` (just after its `[`) when they are flat objects, one after another
 * with the same first key, as GetConnectors answer (`[{"K":…},{"K":…}]`, the answer's last key). Each boundary
 * between rows is then `},{"K":`, which nothing inside a string can be (a quote there is escaped); with no array
 * and one `{` per boundary besides the first row's, no other object or row starts anywhere. Found with Node's
 * native search (memchr and the like) in a fraction of a byte-by-byte scan, which was half of the CLI's CPU in a
 * keyset export. Returns the array's closing bracket, or undefined where the rows are laid out otherwise (the scan
 * reads them then). Only the last row is scanned, where an answer cut short shows.
 */
export function compactRows(body: Uint8Array, from: number, bounds: number[]): number | undefined {
  if (!NodeBuffer || body[from] !== OPEN_OBJECT || body[from + 1] !== QUOTE) return undefined;
  const keyEnd = stringEnd(body, from + 1);
  if (keyEnd < 0 || body[keyEnd] !== COLON) return undefined;
  let last = body.length - 1;
  while (last > from && body[last]! <= 0x20) last--;
  const close = last - 1;
  if (body[last] !== CLOSE_OBJECT || body[close] !== CLOSE_ARRAY || body[close - 1] !== CLOSE_OBJECT) return undefined;
  const view = NodeBuffer.from(body.buffer, body.byteOffset, body.byteLength);
  const headOnLines = body.subarray(0, from).includes(NEWLINE);
  for (const pattern of headOnLines ? [...NOT_FLAT, ...BARE_DECIMALS] : NOT_FLAT) {
    const at = view.indexOf(pattern!, from);
    if (at >= 0 && at < close) return undefined;
  }
  const boundary = NodeBuffer.concat([NodeBuffer.from('},', 'latin1'), view.subarray(from, keyEnd + 1)]);
  const boundaries = occurrences(view, boundary, from, close);
  if (occurrences(view, OBJECT_START!, from, close).length !== boundaries.length + 1) return undefined;
  let rowStart = from;
  const found: number[] = [];
  for (const at of boundaries) {
    found.push(rowStart, at + 1);
    rowStart = at + 2;
  }
  if (scanRowsArray(body, rowStart, found, false) !== close || found.at(-1) !== close) return undefined;
  for (const bound of found) bounds.push(bound);
  return close;
}

function scanRows(body: Uint8Array, wasMended: boolean): RawPage {
  const bounds: number[] = [];
  let depth = 0;
  let lastString = -1;
  let lastStringEnd = -1;
  let sawRows = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (byte === QUOTE) {
      const end = stringEnd(body, i);
      if (end < 0) throw new SyntaxError('the answer ends inside a string');
      lastString = i;
      lastStringEnd = end;
      i = end - 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
      if (depth < 0) throw new SyntaxError('the answer closes more than it opens');
    } else if (byte === COLON) {
      // A key of the answer itself: the next value is the rows when the key was "rows".
      if (depth === 1 && lastStringEnd === i && isRowsKey(body, lastString, lastStringEnd)) {
        let next = i + 1;
        while (next < body.length && body[next]! <= 0x20) next++;
        if (body[next] !== OPEN_ARRAY) return reencoded(body);
        const end = compactRows(body, next + 1, bounds) ?? scanRowsArray(body, next + 1, bounds, wasMended);
        if (end === LAID_OUT_OTHERWISE) return reencoded(body);
        if (end === BARE_DECIMAL) return mended(body);
        sawRows = true;
        i = end;
      }
    } else if (byte === DOT && !wasMended && startsBareDecimal(body[i - 1])) {
      return mended(body);
    } else if (byte! > 0x20 && depth === 0) {
      throw new SyntaxError('the answer is not one JSON object');
    }
  }
  if (depth !== 0) throw new SyntaxError('the answer ends before it closes');
  if (!sawRows) return reencoded(body);
  return new RawPage(body, bounds);
}
