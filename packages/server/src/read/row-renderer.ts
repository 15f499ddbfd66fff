// Compiles, once per GetConnector, the function that turns a database row into the JSON text of a response row:
// keys pre-escaped, one encoder per field type. The hot loop of every read; it must not allocate objects per row.

import type { DataType, ProfitBehaviour } from '@appconnector/protocol';
import type { RenderedRows } from '../db/database.ts';

export type RowRenderer = (row: readonly unknown[]) => string;
type Decimals = ProfitBehaviour['decimals'];

/**
 * Makes the renderer of a field list. Self-contained (it names nothing outside itself but JavaScript's and Node's
 * globals): SQLite's reader threads run its text (db/sqlite-read-worker.ts), so rows are rendered where they are read.
 */
export function compileRowRenderer(
  fields: readonly { id: string; dataType: DataType }[],
  decimals: Decimals = 'json',
): RowRenderer {
  /** `2020-03-22T10:00:00.123` or `2020-03-22` -> `"2020-03-22T10:00:00Z"`: the Z is AFAS's, not UTC. */
  const encodeDate = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return 'null';
    const text = String(value);
    return text.length <= 10 ? `"${text}T00:00:00Z"` : `"${text.slice(0, 19)}Z"`;
  };
  const encodeNumber = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return 'null';
    const number = typeof value === 'number' ? value : Number(value);
    // Not String(number): V8 puts that text in its number-string cache, allocated straight in the old generation,
    // so every number of a long export stayed until a full GC (peak RSS +100 MB at 1,000,000 rows). JSON.stringify
    // writes the same digits into a young string, at the same speed.
    return Number.isFinite(number) ? JSON.stringify(number) : 'null';
  };
  /**
   * Profit before 7 (`decimals: 'bare'`): a fraction below one without its leading zero, `.5` and `-.5`.
   * JSON.stringify writes such a number as `0.` or `-0.` and never otherwise, so the two checks find every one;
   * `0`, `10.5`, `-3`, `5e-7` and `null` pass unchanged. (0x30 is `0`, 0x2e `.`, 0x2d `-`.)
   */
  const encodeBareDecimal = (value: unknown): string => {
    const text = encodeNumber(value);
    if (text.charCodeAt(0) === 0x30 && text.charCodeAt(1) === 0x2e) return text.slice(1);
    if (text.charCodeAt(0) === 0x2d && text.charCodeAt(1) === 0x30 && text.charCodeAt(2) === 0x2e)
      return `-${text.slice(2)}`;
    return text;
  };
  const encodeBoolean = (value: unknown): string => {
    if (value === null || value === undefined) return 'null';
    return value === true || value === 1 || value === '1' || value === 't' ? 'true' : 'false';
  };
  const encodeString = (value: unknown): string => {
    if (value === null || value === undefined) return 'null';
    return JSON.stringify(typeof value === 'string' ? value : String(value));
  };
  const encodeBlob = (value: unknown): string => {
    if (value === null || value === undefined) return 'null';
    return `"${Buffer.from(value as Uint8Array).toString('base64')}"`;
  };
  const encoders: Record<DataType, (value: unknown) => string> = {
    string: encodeString,
    int: encodeNumber,
    decimal: decimals === 'bare' ? encodeBareDecimal : encodeNumber,
    date: encodeDate,
    boolean: encodeBoolean,
    blob: encodeBlob,
  };
  const prefixes = fields.map((field, index) => `${index === 0 ? '{' : ','}${JSON.stringify(field.id)}:`);
  const encoding = fields.map((field) => encoders[field.dataType]);
  const count = fields.length;
  return (row) => {
    let out = '';
    for (let i = 0; i < count; i++) out += prefixes[i]! + encoding[i]!(row[i]);
    return `${out}}`;
  };
}

/** What a reader thread needs to render a read's rows itself: plain data, it crosses to the thread. */
export interface RenderingSpec {
  /** Names the field list and decimals: a reader thread compiles each rendering once. */
  readonly key: string;
  readonly fields: readonly { id: string; dataType: DataType }[];
  readonly decimals: Decimals;
}

/** How a read's rows become the text of an answer: for a reader thread, or compiled for the main thread. */
export interface RowRendering {
  readonly spec: RenderingSpec;
  readonly renderRow: RowRenderer;
}

/** The renderings of connectors, per decimals, made at their first read. */
const renderings = new WeakMap<object, Partial<Record<Decimals, RowRendering>>>();

/**
 * The rendering of a connector for a version's behaviour: with its own compiled renderer for `json` decimals (every
 * read of Profit 7 and later), a bare-decimal one beside it otherwise. Kept per connector object: a connector
 * defined again is a new object with renderings of its own.
 */
export function rowRenderingFor(
  connector: { fields: readonly { id: string; dataType: DataType }[]; renderRow: RowRenderer },
  decimals: Decimals,
): RowRendering {
  let kept = renderings.get(connector);
  if (!kept) {
    kept = {};
    renderings.set(connector, kept);
  }
  let rendering = kept[decimals];
  if (!rendering) {
    const fields = connector.fields.map(({ id, dataType }) => ({ id, dataType }));
    rendering = {
      spec: { key: JSON.stringify([decimals, fields.map((field) => [field.id, field.dataType])]), fields, decimals },
      renderRow: decimals === 'json' ? connector.renderRow : compileRowRenderer(fields, decimals),
    };
    kept[decimals] = rendering;
  }
  return rendering;
}

/**
 * The answer's text before its first row. `lines` (Profit before 7): `skip` and `take` on lines of their own, CRLF
 * as Profit on Windows/IIS writes them (ARCHITECTURE.md, Profit versions).
 */
export function answerHead(skip: number, take: number, layout: ProfitBehaviour['pageLayout']): string {
  return layout === 'compact'
    ? `{"skip":${skip},"take":${take},"rows":[`
    : `{\r\n"skip":${skip},\r\n"take":${take},\r\n"rows":[`;
}

/**
 * Characters per piece of rendered text: a batch's text in one string (~200 KB for 250 rows) went to V8's
 * large-object space (old generation, freed only by a full GC), so a long export grew the heap by ~100 MB between
 * collections. Pieces this small die young instead (peak RSS 292 -> 220 MB, same speed).
 */
export const PIECE_CHARS = 16_384;

/** A batch's text in pieces, each row after a comma. */
function* renderPieces(rows: readonly unknown[][], renderRow: RowRenderer): Generator<string> {
  let piece = '';
  for (const row of rows) {
    piece += `,${renderRow(row)}`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  if (piece !== '') yield piece;
}

/**
 * Rows to be rendered on the main thread, as they are written: each piece is made when the answer takes it. Made
 * when the batch arrived, a page's pieces (ropes of a few small strings per field of every row, until written)
 * lived across the reads of the next batches and were copied by every young-generation collection meanwhile: a
 * PostgreSQL keyset page cost 60-80% more server CPU (docs/performance.md).
 */
export function renderBatch(rows: readonly unknown[][], renderRow: RowRenderer): RenderedRows {
  return { pieces: { [Symbol.iterator]: () => renderPieces(rows, renderRow) }, count: rows.length, last: rows.at(-1) };
}

/** Batches of rows rendered on the main thread, one after the other (where the database has no reader threads). */
export async function* renderBatches(
  batches: AsyncIterable<unknown[][]>,
  renderRow: RowRenderer,
): AsyncGenerator<RenderedRows> {
  for await (const rows of batches) yield renderBatch(rows, renderRow);
}
