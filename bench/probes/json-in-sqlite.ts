// Probe behind a design decision (ARCHITECTURE.md, reader threads; docs/performance.md): could SQLite render our
// exact row JSON faster than JavaScript does? On one thread, first N rows of the export SQL of a cached SQLite demo:
// the rows' values rendered by `compileRowRenderer` (what a reader thread does), against SQL that writes the text
// itself with our exact rules (`json_object` over typed CASE expressions, JavaScript functions only where SQLite's
// own text would differ), against SQLite's plain `json_object` (the bench's physical limit, not our text).
// Checks that the SQL's text equals ours, row for row. Not part of `npm run bench`.
//
//   node packages/cli/bin/run-ts.js bench/probes/json-in-sqlite.ts [rows of the demo] [rows read]

import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { fold } from '../../packages/server/src/db/sqlite-read-worker.ts';
import { compileRowRenderer } from '../../packages/server/src/read/row-renderer.ts';
import { compileBenchRead, sqliteBenchDatabase } from '../bench-database.ts';

const demoRows = Number(process.argv[2] ?? 1_000_000);
const readRows = Number(process.argv[3] ?? 200_000);
const database = await sqliteBenchDatabase(resolve('bench/out'), demoRows, false, console.error);
const compiled = await compileBenchRead(database, 'skip=-1&take=-1');
const file = database.url.replace(/^sqlite:/, '');
const db = new BetterSqlite3(file, { readonly: true });
db.function('ac_fold', { deterministic: true }, fold);
const schema = /"(env_[a-z0-9_]+)"\./.exec(compiled.sql)?.[1];
if (!schema) throw new Error('no environment schema in the export SQL');
db.prepare('attach database ? as ?').run(file.replace(/\.sqlite$/, `.${schema}.sqlite`), schema);
const fields = compiled.fieldIds.map((id, i) => ({ id, dataType: compiled.fieldTypes[i]! }));
const read = `${compiled.sql} limit ${readRows}`;
const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

// Where SQLite's own text is not ours (REAL numbers, odd types), JavaScript writes the value: exact, and rare.
db.function('ac_num', { deterministic: true }, (value: unknown) => {
  const number = typeof value === 'number' ? value : Number(value);
  return value === '' || !Number.isFinite(number) ? 'null' : JSON.stringify(number);
});
db.function('ac_str', { deterministic: true }, (value: unknown) => String(value));
db.function('ac_date', { deterministic: true }, (value: unknown) => {
  const text = String(value);
  return text.length <= 10 ? `${text}T00:00:00Z` : `${text.slice(0, 19)}Z`;
});
db.function('ac_b64', { deterministic: true }, (value: unknown) =>
  value === null ? null : Buffer.from(value as Uint8Array).toString('base64'),
);
const valueSql = (dataType: string, c: string): string => {
  switch (dataType) {
    case 'string':
      return `case typeof(${c}) when 'text' then ${c} when 'null' then null else ac_str(${c}) end`;
    case 'date':
      return (
        `case when ${c} is null or ${c} = '' then null when typeof(${c}) = 'text' then ` +
        `case when length(${c}) <= 10 then ${c} || 'T00:00:00Z' else substr(${c}, 1, 19) || 'Z' end else ac_date(${c}) end`
      );
    case 'boolean':
      return (
        `case when ${c} is null then null when (typeof(${c}) in ('integer', 'real') and ${c} = 1) or ` +
        `(typeof(${c}) = 'text' and ${c} in ('1', 't')) then json('true') else json('false') end`
      );
    case 'int':
    case 'decimal':
      return `case when typeof(${c}) = 'integer' and abs(${c}) <= 9007199254740991 then ${c} when ${c} is null then null else json(ac_num(${c})) end`;
    default:
      return `ac_b64(${c})`;
  }
};
const typedSql = `select json_object(${fields
  .map((field, i) => `${quoted(field.id)}, ${valueSql(field.dataType, `"c${i}"`)}`)
  .join(', ')}) from (${read})`;
const plainSql = `select json_object(${fields.map((field, i) => `${quoted(field.id)}, "c${i}"`).join(', ')}) from (${read})`;

const render = compileRowRenderer(fields);
const values = db.prepare(read).raw(true);
const typed = db.prepare(typedSql).raw(true);
const plain = db.prepare(plainSql).raw(true);
const variants: [string, () => number][] = [
  [
    'values, rendered by compileRowRenderer',
    () => {
      let chars = 0;
      for (const row of values.iterate() as Iterable<unknown[]>) chars += render(row).length;
      return chars;
    },
  ],
  [
    'values only, not rendered',
    () => {
      let count = 0;
      for (const row of values.iterate() as Iterable<unknown[]>) count += row.length;
      return count;
    },
  ],
  [
    'our text written by SQLite',
    () => {
      let chars = 0;
      for (const [text] of typed.iterate() as Iterable<[string]>) chars += text.length;
      return chars;
    },
  ],
  [
    "SQLite's plain json_object (not our text)",
    () => {
      let chars = 0;
      for (const [text] of plain.iterate() as Iterable<[string]>) chars += text.length;
      return chars;
    },
  ],
];
for (let round = 1; round <= 2; round++) {
  for (const [name, work] of variants) {
    const started = process.hrtime.bigint();
    work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`round ${round}: ${name}: ${Math.round(readRows / seconds)} rows/s (${seconds.toFixed(2)} s)`);
  }
}
const ours = (values.all() as unknown[][]).map(render);
const theirs = (typed.all() as [string][]).map(([text]) => text);
const differing = ours.filter((text, i) => text !== theirs[i]).length;
console.log(`rows whose SQL text differs from ours: ${differing} of ${ours.length}`);
db.close();
