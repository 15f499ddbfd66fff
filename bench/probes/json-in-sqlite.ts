// Probe behind a design decision (ARCHITECTURE.md, reader threads; docs/performance.md): how fast does SQLite write
// our exact row JSON? On one thread, first N rows of the export SQL of a cached SQLite demo: the rows' values
// rendered by `compileRowRenderer`, against the reader threads' SQL that writes the text itself
// (read/row-text-sql.ts: typed CASE expressions, JavaScript only where SQLite's own text would differ), against
// SQLite's plain `json_object` (the bench's physical limit, not our text).
// Checks that the SQL's text equals ours, row for row. Not part of `npm run bench`.
//
//   node packages/cli/bin/run-ts.js bench/probes/json-in-sqlite.ts [rows of the demo] [rows read]

import { resolve } from 'node:path';
import type { DataType } from '@appconnector/protocol';
import BetterSqlite3 from 'better-sqlite3';
import { fold } from '../../packages/server/src/db/sqlite-read-worker.ts';
import { compileRowRenderer } from '../../packages/server/src/read/row-renderer.ts';
import { renderFallback, sqliteRowTextSql } from '../../packages/server/src/read/row-text-sql.ts';
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

// The reader threads' SQL (read/row-text-sql.ts), with its fallback functions as a reader registers them.
const fallback = (kind: DataType | 'decimals') => {
  const name = `ac_render_${kind}_json`;
  db.function(
    name,
    { deterministic: true, varargs: kind === 'decimals' },
    renderFallback(kind, 'json', compileRowRenderer),
  );
  return name;
};
const typedSql = sqliteRowTextSql(fields, read, [], fallback);
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
