// SQL that makes PostgreSQL write each row's answer text itself, byte for byte what compileRowRenderer writes from
// the values pg hands over (db/postgres-database.ts parses them): pg then makes one string a row instead of 35 values
// that the renderer writes again (~9 µs of the server's CPU a row). The backend spends about as much on the text, so
// an export, whose limit was the server, gains, and pages under load, where both share the cores, stay as they were
// (docs/performance.md). A value the SQL cannot write exactly (a number past 2^53 or outside 1e-4..1e15, a
// date outside years 1-9999) goes out as its own text between two \x01 bytes, a letter first, and JavaScript writes
// that one value (`writeMarked`): no text PostgreSQL writes for JSON holds a raw \x01, so marks cannot be mistaken.

import type { DataType } from '@appconnector/protocol';
import { compileRowRenderer } from './row-renderer.ts';
import { renderFallback } from './row-text-sql.ts';

const MARK = '\x01';

/** A PostgreSQL string literal of any text, whatever `standard_conforming_strings` says. */
function literal(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * `x || y || …` as a balanced tree: each `||` copies both sides, so a chain of n pieces copies O(n²) bytes. 5,000
 * rows of 500 string fields: a chain 15.4-18.3 s, the tree 0.9 s; at 35 fields both take the same time.
 * `concat()` and `array_to_string(ARRAY[…])` were no faster (docs/performance.md).
 */
function joined(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  const half = Math.ceil(parts.length / 2);
  return `(${joined(parts.slice(0, half))} || ${joined(parts.slice(half))})`;
}

/** A value's text where SQL writes it as the renderer does; else `mark` with its own text, for JavaScript. */
function valueSql(dataType: DataType, c: string): string {
  const marked = (letter: string) => `${literal(MARK + letter)} || ${c}::text || ${literal(MARK)}`;
  switch (dataType) {
    case 'string':
      // to_json escapes as JSON.stringify does: \b \t \n \f \r, other controls as \u00xx, `"` and `\`.
      return `coalesce(to_json(${c}::text)::text, 'null')`;
    case 'boolean':
      return `coalesce(${c}::text, 'null')`;
    case 'int':
      // What JavaScript reads exactly (pg gives an int8 as a Number); int4, the columns' type, always is.
      return `case when ${c} is null then 'null' when ${c} between -9007199254740991 and 9007199254740991 then ${c}::text else ${marked('n')} end`;
    case 'decimal':
      // float8's text (extra_float_digits 1, set on every connection) is the shortest that reads back, as
      // JavaScript's is, and both write it without an exponent from 1e-4 up to 1e15.
      return (
        `case when ${c} is null then 'null' when ${c} = 0 then '0' ` +
        `when abs(${c}) >= 0.0001 and abs(${c}) < 1e15 then ${c}::float8::text else ${marked('n')} end`
      );
    case 'date':
      // timestamp's ISO text (`2020-03-22 10:00:00.123`): pg's parser gives JavaScript the same with a T.
      return (
        `case when ${c} is null then 'null' ` +
        `when ${c} >= '0001-01-01' and ${c} < '10000-01-01' then '"' || left(replace(${c}::text, ' ', 'T'), 19) || 'Z"' ` +
        `else ${marked('d')} end`
      );
    case 'blob':
      // encode() breaks base64 into lines of 76; Buffer's does not.
      return `coalesce('"' || translate(encode(${c}, 'base64'), E'\\n', '') || '"', 'null')`;
  }
}

/**
 * `select <the row's text>, <extra columns> from (<read>)`: the read names its field columns `c0`, `c1`, … in field
 * order; `extra` names its other columns (a chunk's order values), selected after the text as they are.
 */
export function postgresRowTextSql(
  fields: readonly { id: string; dataType: DataType }[],
  read: string,
  extra: readonly string[],
): string {
  const parts: string[] = [];
  fields.forEach((field, i) => {
    parts.push(literal(`${i === 0 ? '{' : ','}${JSON.stringify(field.id)}:`), valueSql(field.dataType, `r.c${i}`));
  });
  parts.push(literal('}'));
  const columns = [joined(parts), ...extra.map((name) => `r."${name.replaceAll('"', '""')}"`)];
  return `select ${columns.join(', ')} from (${read}) r`;
}

/** The parsers pg runs on these values' texts (db/postgres-database.ts), as the marked text reaches JavaScript. */
export type MarkedParsers = { n: (text: string) => unknown; d: (text: string) => unknown };

/** A row's text with its marked values written by the renderer (`n` a number, `d` a date). */
export function writeMarked(text: string, parsers: MarkedParsers): string {
  const parts = text.split(MARK);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const part = parts[i]!;
    const letter = part[0] as 'n' | 'd';
    out += WRITE[letter](parsers[letter](part.slice(1))) + parts[i + 1]!;
  }
  return out;
}

/** One value as the renderer writes it in a row, decimals as Profit 7 writes them: bare decimals never come here. */
const WRITE = {
  n: renderFallback('decimal', 'json', compileRowRenderer),
  d: renderFallback('date', 'json', compileRowRenderer),
};

/** Whether a row's text has marked values. */
export function hasMarks(text: string): boolean {
  return text.includes(MARK);
}
