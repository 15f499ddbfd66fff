// SQL that makes SQLite write each row's answer text itself, byte for byte what compileRowRenderer writes: run by
// SQLite's reader threads (db/sqlite-read-worker.ts) around a read's own SQL. Values of the type their field says
// (text in a string field, an integer in an int field...) are written by SQLite; anything else (reals, blobs, text
// in a number field, integers past 2^53) goes to `fallback`, an SQL function of the thread that renders the one
// value with compileRowRenderer itself. Making the row's values JavaScript values and joining their texts cost the
// thread more than the SQL (docs/performance.md).

import type { DataType } from '@appconnector/protocol';
import type { compileRowRenderer } from './row-renderer.ts';

/**
 * `select <the row's text>, <extra columns> from (<read>)`: the read names its field columns `c0`, `c1`, … in field
 * order; `extra` are the names of its other columns (a long read's order values), selected after the text as they
 * are. `fallback('decimals')` names a function of any number of arguments: decimal values with the texts between them.
 * With `native` (the thread loaded native/row-json.c, and the read's decimals), each row is first written by that
 * function in one call, and by the SQL below only where it answers NULL (a value it does not know).
 * Self-contained (it names nothing outside itself but JavaScript's globals): the reader thread runs its text.
 */
export function sqliteRowTextSql(
  fields: readonly { id: string; dataType: DataType }[],
  read: string,
  extra: readonly string[],
  fallback: (dataType: DataType | 'decimals') => string,
  native?: 'json' | 'bare',
): string {
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const column = (name: string) => `"${name.replaceAll('"', '""')}"`;
  // Integers JavaScript reads exactly: better-sqlite3 gives the others as inexact numbers, the fallback renders those.
  const SAFE = '9007199254740991';
  // Whether a value is text, in two comparisons rather than a call of typeof() and a comparison of its answer:
  // SQLite orders numbers before text and text before blobs, whatever a column's affinity, and '' is the least text
  // in every built-in collation. The row's SQL in 3-4% less time (docs/performance.md).
  const isText = (c: string) => `${c} >= '' and ${c} < x''`;
  const value = (dataType: DataType, c: string): string => {
    const other = `${fallback(dataType)}(${c})`;
    switch (dataType) {
      case 'string':
        // json_quote escapes as JSON.stringify does: \b \t \n \f \r, other controls as \u00xx, `"` and `\`.
        return `case when ${isText(c)} then json_quote(${c}) when ${c} is null then 'null' else ${other} end`;
      case 'date':
        // ASCII text only: JavaScript counts UTF-16 units, SQLite characters.
        return (
          `case when ${isText(c)} and ${c} <> '' and length(${c}) = octet_length(${c}) then ` +
          `iif(length(${c}) <= 10, concat('"', ${c}, 'T00:00:00Z"'), concat('"', substr(${c}, 1, 19), 'Z"')) ` +
          `when ${c} is null or ${c} = '' then 'null' else ${other} end`
        );
      case 'boolean':
        return `case typeof(${c}) when 'integer' then iif(${c} = 1, 'true', 'false') when 'null' then 'null' else ${other} end`;
      case 'int':
        // A real's shortest text is JavaScript's; SQLite's differs (3500.0, 1.0e-05): the fallback writes reals.
        return (
          `case typeof(${c}) when 'integer' then iif(${c} between -${SAFE} and ${SAFE}, cast(${c} as text), ${other}) ` +
          `when 'null' then 'null' else ${other} end`
        );
      default:
        // Blobs; decimals come in runs, below.
        return other;
    }
  };
  /** The text before field i's value: `{"Id":`, `,"Name":`. */
  const key = (i: number) => `${i === 0 ? '{' : ','}${JSON.stringify(fields[i]!.id)}:`;
  const prefix = (i: number) => literal(key(i));
  const parts: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    parts.push(prefix(i));
    if (fields[i]!.dataType !== 'decimal') {
      parts.push(value(fields[i]!.dataType, column(`c${i}`)));
      continue;
    }
    // Decimals are reals, written by JavaScript: a run of them in one call (values and the texts between them), as
    // a call costs more than the value's text (three decimals of a row: ~1.5 µs in three calls).
    const run = [column(`c${i}`)];
    while (fields[i + 1]?.dataType === 'decimal') {
      i++;
      run.push(prefix(i), column(`c${i}`));
    }
    parts.push(`${fallback('decimals')}(${run.join(', ')})`);
  }
  parts.push(literal('}'));
  // concat() takes a bounded number of arguments: long rows are concats of concats.
  const groups: string[] = [];
  for (let i = 0; i < parts.length; i += 200) groups.push(`concat(${parts.slice(i, i + 200).join(', ')})`);
  let text = groups.length === 1 ? groups[0]! : `concat(${groups.join(', ')})`;
  // A call takes at most 1000 arguments (SQLITE_MAX_FUNCTION_ARG of better-sqlite3's SQLite): the spec and each
  // field. Blobs are left to the SQL (base64).
  const letters = { string: 's', date: 'd', boolean: 'b', int: 'i', decimal: native === 'bare' ? 'm' : 'n' };
  if (native && fields.length < 1000 && fields.every((field) => field.dataType in letters)) {
    const spec = [
      fields.map((field) => letters[field.dataType as keyof typeof letters]).join(''),
      ...fields.map((_, i) => key(i)),
    ].join('\x01');
    text = `coalesce(ac_row_json(${[literal(spec), ...fields.map((_, i) => column(`c${i}`))].join(', ')}), ${text})`;
  }
  return `select ${[text, ...extra.map(column)].join(', ')} from (${read})`;
}

/**
 * The JavaScript of a fallback function: one value of a type, as `compileRowRenderer` writes it in a row; or, for
 * `decimals`, decimal values with the texts between them (`v, text, v, text, v`). Well-formed text: a lone surrogate
 * (a date cut inside a pair) would reach SQLite as three bytes that come back as three replacement characters, where
 * the answer's UTF-8 has one. Self-contained: the reader thread runs its text.
 */
export function renderFallback(
  kind: DataType | 'decimals',
  decimals: 'json' | 'bare',
  compile: typeof compileRowRenderer,
): (...values: unknown[]) => string {
  // The one-field row is {"":<value>}.
  const renderOne = compile([{ id: '', dataType: kind === 'decimals' ? 'decimal' : kind }], decimals);
  const one = (value: unknown) => renderOne([value]).slice(4, -1);
  // Node 20 has String.prototype.toWellFormed; the TypeScript library this compiles against does not know it yet.
  if (kind !== 'decimals') return (value) => (one(value) as string & { toWellFormed(): string }).toWellFormed();
  return (...parts) => {
    let text = one(parts[0]);
    for (let i = 1; i < parts.length; i += 2) text += `${parts[i]}${one(parts[i + 1])}`;
    return text;
  };
}
