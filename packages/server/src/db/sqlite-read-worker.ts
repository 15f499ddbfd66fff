// The code of one SQLite reader thread (db/sqlite-readers.ts): a connection of its own that runs one read at a time
// and sends its rows back in batches, only when asked (the reader never runs ahead of its caller by more than a
// batch). Kept as text and started with `eval`, so the same file runs from the sources (tests) and from dist.

import { compileRowRenderer, PIECE_CHARS, type RenderingSpec } from '../read/row-renderer.ts';

/** Messages to a reader thread. */
export type ReaderRequest =
  | { op: 'attach'; schema: string; file: string }
  | { op: 'all'; sql: string; parameters: unknown[]; render?: RenderingSpec }
  | { op: 'open'; sql: string; parameters: unknown[]; batch: number; render?: RenderingSpec; blocks?: Blocks }
  | { op: 'next' }
  | { op: 'close' };

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
const Database = require(workerData.driver);
const connection = new Database(workerData.file);
connection.pragma('busy_timeout = ${BUSY_TIMEOUT_MS}');
connection.function('ac_fold', { deterministic: true }, ${fold.toString()});
const statements = new Map();
const renderers = new Map();
const encoder = new TextEncoder();
let bytesPerRow = 1024;
let open;
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
/**
 * The rows' texts, each after a comma, as UTF-8 in one buffer of its own (so it can be moved, not copied). Encoded in
 * pieces of ${PIECE_CHARS} characters: a batch's text in one string would land in this thread's large-object space.
 */
function renderedAnswer(rows, render, done) {
  const renderRow = rendererOf(render);
  let bytes = new Uint8Array(Math.max(4096, rows.length * bytesPerRow));
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
  return { text: bytes.subarray(0, used), count: rows.length, last: rows[rows.length - 1], done };
}
function blockOf(row) {
  return Math.floor(row[openBlocks.column] / openBlocks.size);
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
      const rows = prepare(message.sql).all(...message.parameters);
      return message.render ? renderedAnswer(rows, message.render, true) : rowsAnswer(rows, true);
    }
    case 'open':
      closeOpen();
      open = prepare(message.sql).iterate(...message.parameters);
      openRender = message.render;
      openBlocks = message.blocks;
      batch = message.batch;
      return { ok: true };
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
