// Compiles, once per GetConnector, the function that turns a database row into the JSON text of a response row:
// keys pre-escaped, one encoder per field type. The hot loop of every read; it must not allocate objects per row.

import type { DataType, ProfitBehaviour } from '@appconnector/protocol';

type Encoder = (value: unknown) => string;

/** `2020-03-22T10:00:00.123` or `2020-03-22` -> `"2020-03-22T10:00:00Z"`: the Z is AFAS's, not UTC. */
function encodeDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'null';
  const text = String(value);
  return text.length <= 10 ? `"${text}T00:00:00Z"` : `"${text.slice(0, 19)}Z"`;
}

function encodeNumber(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'null';
  const number = typeof value === 'number' ? value : Number(value);
  // Not String(number): V8 puts that text in its number-string cache, allocated straight in the old generation, so
  // every number of a long export stayed until a full GC (peak RSS +100 MB at 1,000,000 rows). JSON.stringify
  // writes the same digits into a young string, at the same speed.
  return Number.isFinite(number) ? JSON.stringify(number) : 'null';
}

const ZERO = 0x30;
const DOT = 0x2e;
const MINUS = 0x2d;

/**
 * Profit before 7 (`decimals: 'bare'`): a fraction below one without its leading zero, `.5` and `-.5`. JSON.stringify
 * writes such a number as `0.` or `-0.` and never otherwise, so the two checks find every one; `0`, `10.5`, `-3`,
 * `5e-7` and `null` pass unchanged.
 */
function encodeBareDecimal(value: unknown): string {
  const text = encodeNumber(value);
  if (text.charCodeAt(0) === ZERO && text.charCodeAt(1) === DOT) return text.slice(1);
  if (text.charCodeAt(0) === MINUS && text.charCodeAt(1) === ZERO && text.charCodeAt(2) === DOT)
    return `-${text.slice(2)}`;
  return text;
}

function encodeBoolean(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return value === true || value === 1 || value === '1' || value === 't' ? 'true' : 'false';
}

function encodeString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(typeof value === 'string' ? value : String(value));
}

function encodeBlob(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return `"${Buffer.from(value as Uint8Array).toString('base64')}"`;
}

const ENCODERS: Record<DataType, Encoder> = {
  string: encodeString,
  int: encodeNumber,
  decimal: encodeNumber,
  date: encodeDate,
  boolean: encodeBoolean,
  blob: encodeBlob,
};

export type RowRenderer = (row: readonly unknown[]) => string;

export function compileRowRenderer(
  fields: readonly { id: string; dataType: DataType }[],
  decimals: ProfitBehaviour['decimals'] = 'json',
): RowRenderer {
  const prefixes = fields.map((field, index) => `${index === 0 ? '{' : ','}${JSON.stringify(field.id)}:`);
  const encoders = fields.map((field) =>
    decimals === 'bare' && field.dataType === 'decimal' ? encodeBareDecimal : ENCODERS[field.dataType],
  );
  const count = fields.length;
  return (row) => {
    let out = '';
    for (let i = 0; i < count; i++) out += prefixes[i]! + encoders[i]!(row[i]);
    return `${out}}`;
  };
}

/** The bare-decimal renderers of connectors (Profit before 7), compiled at their first such read. */
const bareRenderers = new WeakMap<object, RowRenderer>();

/**
 * The row renderer of a connector for a version's behaviour: its own compiled one for `json` decimals (every read of
 * Profit 7 and later: nothing more to look up), a bare-decimal one kept beside it otherwise.
 */
export function rowRendererFor(
  connector: { fields: readonly { id: string; dataType: DataType }[]; renderRow: RowRenderer },
  decimals: ProfitBehaviour['decimals'],
): RowRenderer {
  if (decimals === 'json') return connector.renderRow;
  let renderer = bareRenderers.get(connector);
  if (!renderer) {
    renderer = compileRowRenderer(connector.fields, 'bare');
    bareRenderers.set(connector, renderer);
  }
  return renderer;
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
