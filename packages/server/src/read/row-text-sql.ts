// SQL that makes SQLite write each row's answer text itself, byte for byte what compileRowRenderer writes: run by
// SQLite's reader threads (db/sqlite-read-worker.ts) around a read's own SQL. Values of the type their field says
// (text in a string field, an integer in an int field...) are written by SQLite; anything else (reals, blobs, text
// in a number field, integers past 2^53) goes to `fallback`, an SQL function of the thread that renders the one
// value with compileRowRenderer itself. Making the row's values JavaScript values and joining their texts cost the
// thread more than the SQL (docs/performance.md).

import type { DataType } from '@appconnector/protocol';

/**
 * `select <the row's text>, <extra columns> from (<read>)`: the read names its field columns `c0`, `c1`, … in field
 * order; `extra` are the names of its other columns (a long read's order values), selected after the text as they
 * are. Self-contained (it names nothing outside itself but JavaScript's globals): the reader thread runs its text.
 */
export function sqliteRowTextSql(
  fields: readonly { id: string; dataType: DataType }[],
  read: string,
  extra: readonly string[],
  fallback: (dataType: DataType) => string,
  decimals: 'json' | 'bare',
): string {
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const column = (name: string) => `"${name.replaceAll('"', '""')}"`;
  // Integers JavaScript reads exactly: better-sqlite3 gives the others as inexact numbers, the fallback renders those.
  const SAFE = '9007199254740991';
  const value = (dataType: DataType, c: string): string => {
    const other = `${fallback(dataType)}(${c})`;
    switch (dataType) {
      case 'string':
        // json_quote escapes as JSON.stringify does: \b \t \n \f \r, other controls as \u00xx, `"` and `\`.
        return `case typeof(${c}) when 'text' then json_quote(${c}) when 'null' then 'null' else ${other} end`;
      case 'date':
        // ASCII text only: JavaScript counts UTF-16 units, SQLite characters.
        return (
          `case when typeof(${c}) = 'text' and ${c} <> '' and length(${c}) = octet_length(${c}) then ` +
          `iif(length(${c}) <= 10, concat('"', ${c}, 'T00:00:00Z"'), concat('"', substr(${c}, 1, 19), 'Z"')) ` +
          `when ${c} is null or ${c} = '' then 'null' else ${other} end`
        );
      case 'boolean':
        return `case typeof(${c}) when 'integer' then iif(${c} = 1, 'true', 'false') when 'null' then 'null' else ${other} end`;
      case 'int':
      case 'decimal':
        // A real's shortest text is JavaScript's; SQLite's differs (3500.0, 1.0e-05): the fallback writes reals.
        if (dataType === 'decimal' && decimals === 'bare') return `iif(${c} is null, 'null', ${other})`;
        return (
          `case typeof(${c}) when 'integer' then iif(${c} between -${SAFE} and ${SAFE}, cast(${c} as text), ${other}) ` +
          `when 'null' then 'null' else ${other} end`
        );
      default:
        return other;
    }
  };
  const parts = fields.flatMap((field, i) => [
    literal(`${i === 0 ? '{' : ','}${JSON.stringify(field.id)}:`),
    value(field.dataType, column(`c${i}`)),
  ]);
  parts.push(literal('}'));
  // concat() takes a bounded number of arguments: long rows are concats of concats.
  const groups: string[] = [];
  for (let i = 0; i < parts.length; i += 200) groups.push(`concat(${parts.slice(i, i + 200).join(', ')})`);
  const text = groups.length === 1 ? groups[0] : `concat(${groups.join(', ')})`;
  return `select ${[text, ...extra.map(column)].join(', ')} from (${read})`;
}
