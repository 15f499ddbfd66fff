// The code of one SQLite reader thread (db/sqlite-readers.ts): a connection of its own that runs one read at a time
// and sends its rows back in batches, only when asked (the reader never runs ahead of its caller by more than a
// batch). Kept as text and started with `eval`, so the same file runs from the sources (tests) and from dist.

import { compileRowRenderer, PIECE_CHARS, type RenderingSpec } from '../read/row-renderer.ts';
import { renderFallback, sqliteRowTextSql } from '../read/row-text-sql.ts';

/** Messages to a reader thread. */
export type ReaderRequest =
  | { op: 'attach'; schema: string; file: string }
  | { op: 'all'; sql: string; parameters: unknown[]; render?: RenderingSpec }
  | { op: 'open'; sql: string; parameters: unknown[]; batch: number; render?: RenderingSpec; blocks?: Blocks }
  | { op: 'next' }
  | { op: 'close' }
  | { op: 'reuse'; buffer: ArrayBuffer };

/**
 * A read in blocks (one stripe of a read split among readers, read/read-sql.ts): the block of a row is
 * `floor(row[column] / size)`, and no batch holds rows of two blocks, so the main thread can put the stripes'
 * batches back in order by their blocks.
 */
export interface Blocks {
  column: number;
  size: number;
}

/**
 * What a reader thread answers: rows (with `done` for a stream, and `blobs` when a value is a blob: it crosses as a
 * Uint8Array), rows rendered (their text as UTF-8, moved to the main thread rather than copied; the last row as read),
 * nothing (`ok`), or an error.
 */
export type ReaderAnswer =
  | { rows: unknown[][]; done: boolean; blobs: boolean }
  | { text: Uint8Array; count: number; last: unknown[] | undefined; done: boolean; block?: number }
  | { ok: true }
  | { error: { message: string; code?: string } };

/** Statements kept prepared per connection, writer and readers alike. */
export const STATEMENT_CACHE = 200;

/** How long a connection waits for another's lock (a checkpoint, another process writing) before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/** `ac_fold`, the SQL function every connection has: SQLite's lower() only folds ASCII. */
export function fold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

// The thread gets the same settings, the same fold function and the same row renderer as the main thread, as text.
// `__name` is a helper esbuild (tests, tsx) may write into a function's text to keep names: here it does nothing.
export const READ_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (target) => target;
const compileRowRenderer = ${compileRowRenderer.toString()};
const sqliteRowTextSql = ${sqliteRowTextSql.toString()};
const renderFallback = ${renderFallback.toString()};
const Database = require(workerData.driver);
const connection = new Database(workerData.file);
connection.pragma('busy_timeout = ${BUSY_TIMEOUT_MS}');
connection.function('ac_fold', { deterministic: true }, ${fold.toString()});
/** Whether native/row-json.c is loaded: rows are then written by one call each (read/row-text-sql.ts). */
let native = false;
if (workerData.native) {
  try {
    connection.loadExtension(workerData.native, 'sqlite3_rowjson_init');
    native = true;
  } catch {
    // Built for another SQLite or machine: rows are written by the SQL alone.
  }
}
const statements = new Map();
const renderers = new Map();
const encoder = new TextEncoder();
/**
 * Buffers of rendered text the main thread wrote and gave back ('reuse'). A new buffer for every batch was an
 * ArrayBuffer of ~200 KB the main thread's heap counted as external memory: at 100 MB/s V8 ran a full collection
 * there every ~150 ms.
 */
const spare = [];
function bufferOf(size) {
  for (let i = spare.length - 1; i >= 0; i--)
    if (spare[i].byteLength >= size) return new Uint8Array(spare.splice(i, 1)[0]);
  return new Uint8Array(size);
}
let bytesPerRow = 1024;
let open;
/** How the open read's rows become text (\`renderedRead\`); none for rows as values. */
let openRender;
let openBlocks;
/** A row read past the end of its block: the first of the next batch. */
let carried;
let batch = 0;
function prepare(text) {
  let statement = statements.get(text);
  if (!statement) {
    statement = connection.prepare(text).raw(true);
    if (statements.size >= ${STATEMENT_CACHE}) statements.clear();
    statements.set(text, statement);
  }
  return statement;
}
/** Whether the main thread must turn values back into Buffers: checked here, off the main thread. */
function rowsAnswer(rows, done) {
  const blobs = rows.some((row) => row.some((value) => Buffer.isBuffer(value)));
  return { rows, done, blobs };
}
function rendererOf(render) {
  let renderRow = renderers.get(render.key);
  if (!renderRow) {
    renderRow = compileRowRenderer(render.fields, render.decimals);
    if (renderers.size >= ${STATEMENT_CACHE}) renderers.clear();
    renderers.set(render.key, renderRow);
  }
  return renderRow;
}
const fallbacks = new Set();
/** The SQL function that writes a value of a type as compileRowRenderer does, where SQLite's own text differs. */
function fallbackOf(decimals) {
  return (kind) => {
    const name = 'ac_render_' + kind + '_' + decimals;
    if (!fallbacks.has(name)) {
      const render = renderFallback(kind, decimals, compileRowRenderer);
      connection.function(name, { deterministic: true, varargs: kind === 'decimals' }, render);
      fallbacks.add(name);
    }
    return name;
  };
}
const renderedReads = new Map();
/**
 * A read as SQL that writes each row's text (read/row-text-sql.ts), its rows the text and then the read's other
 * columns (order values); \`last\` gives a row back as the main thread reads a row of the read, the fields left
 * empty. None where the read's columns are not c0, c1, … as the read compiler names them.
 */
function textRead(sql, render) {
  const width = render.fields.length;
  const names = prepare(sql)
    .columns()
    .map((column) => column.name);
  if (names.length < width || !names.slice(0, width).every((name, i) => name === 'c' + i)) return undefined;
  let statement;
  try {
    const extra = names.slice(width);
    const nativeDecimals = native ? render.decimals : undefined;
    statement = prepare(sqliteRowTextSql(render.fields, sql, extra, fallbackOf(render.decimals), nativeDecimals));
  } catch {
    // SQL the text cannot be wrapped around (a trailing comment, say): its rows are rendered in JavaScript.
    return undefined;
  }
  return {
    statement,
    renderRow: (row) => row[0],
    last: (row) => {
      const last = new Array(width);
      for (let i = 1; i < row.length; i++) last.push(row[i]);
      return last;
    },
    column: (index) => index - width + 1,
  };
}
/** How a rendered read runs: its text written by SQL, or else its rows rendered in JavaScript. */
function renderedRead(sql, render) {
  const key = render.key + ' ' + sql;
  let read = renderedReads.get(key);
  if (!read) {
    read = textRead(sql, render) ?? {
      statement: prepare(sql),
      renderRow: rendererOf(render),
      last: (row) => row,
      column: (index) => index,
    };
    if (renderedReads.size >= ${STATEMENT_CACHE}) renderedReads.clear();
    renderedReads.set(key, read);
  }
  return read;
}
/**
 * The rows' texts, each after a comma, as UTF-8 in one buffer of its own (so it can be moved, not copied). Encoded in
 * pieces of ${PIECE_CHARS} characters: a batch's text in one string would land in this thread's large-object space.
 */
function renderedAnswer(rows, read, done) {
  const renderRow = read.renderRow;
  let bytes = bufferOf(Math.max(4096, rows.length * bytesPerRow));
  let used = 0;
  let piece = '';
  const put = () => {
    for (;;) {
      const { read, written } = encoder.encodeInto(piece, bytes.subarray(used));
      used += written;
      if (read === piece.length) break;
      piece = piece.slice(read);
      const larger = new Uint8Array(bytes.length * 2);
      larger.set(bytes.subarray(0, used));
      if (spare.length < 8) spare.push(bytes.buffer);
      bytes = larger;
    }
    piece = '';
  };
  for (let i = 0; i < rows.length; i++) {
    piece += ',' + renderRow(rows[i]);
    if (piece.length >= ${PIECE_CHARS}) put();
  }
  put();
  // The next batch's buffer is sized by this one's rows, with room to spare rather than grown.
  if (rows.length > 0) bytesPerRow = Math.ceil((used / rows.length) * 1.25);
  const last = rows.length > 0 ? read.last(rows[rows.length - 1]) : undefined;
  return { text: bytes.subarray(0, used), count: rows.length, last, done };
}
function blockOf(row) {
  const column = openRender ? openRender.column(openBlocks.column) : openBlocks.column;
  return Math.floor(row[column] / openBlocks.size);
}
function batchAnswer(rows, done) {
  const answer = openRender ? renderedAnswer(rows, openRender, done) : rowsAnswer(rows, done);
  if (openBlocks && rows.length > 0) answer.block = blockOf(rows[0]);
  return answer;
}
function closeOpen() {
  if (open) open.return();
  open = undefined;
  carried = undefined;
}
function answer(message) {
  switch (message.op) {
    case 'attach':
      connection.prepare('attach database ? as ?').run(message.file, message.schema);
      return { ok: true };
    case 'all': {
      if (!message.render) return rowsAnswer(prepare(message.sql).all(...message.parameters), true);
      const read = renderedRead(message.sql, message.render);
      return renderedAnswer(read.statement.all(...message.parameters), read, true);
    }
    case 'open': {
      closeOpen();
      const read = message.render ? renderedRead(message.sql, message.render) : undefined;
      open = (read ? read.statement : prepare(message.sql)).iterate(...message.parameters);
      openRender = read;
      openBlocks = message.blocks;
      batch = message.batch;
      return { ok: true };
    }
    case 'next': {
      const rows = [];
      if (carried) rows.push(carried);
      carried = undefined;
      if (!open) return batchAnswer(rows, true);
      let block = openBlocks && rows.length > 0 ? blockOf(rows[0]) : undefined;
      for (;;) {
        if (rows.length >= batch) return batchAnswer(rows, false);
        const next = open.next();
        if (next.done) {
          open = undefined;
          return batchAnswer(rows, true);
        }
        if (openBlocks) {
          const rowBlock = blockOf(next.value);
          if (block === undefined) block = rowBlock;
          else if (rowBlock !== block) {
            carried = next.value;
            return batchAnswer(rows, false);
          }
        }
        rows.push(next.value);
      }
    }
    case 'close':
      closeOpen();
      return { ok: true };
  }
  throw new Error('unknown reader request ' + message.op);
}
parentPort.on('message', (message) => {
  // Not a request: nothing is answered.
  if (message.op === 'reuse') {
    if (spare.length < 8) spare.push(message.buffer);
    return;
  }
  let reply;
  try {
    reply = answer(message);
  } catch (error) {
    if (message.op !== 'close') closeOpen();
    reply = { error: { message: String(error && error.message), code: error && error.code } };
  }
  // Rendered text is moved, not copied: its buffer is the thread's no longer.
  parentPort.postMessage(reply, reply.text ? [reply.text.buffer] : []);
});
`;
