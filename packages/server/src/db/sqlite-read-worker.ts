// The code of one SQLite reader thread (db/sqlite-readers.ts): a connection of its own that runs one read at a time
// and sends its rows back in batches, only when asked (the reader never runs ahead of its caller by more than a
// batch). Kept as text and started with `eval`, so the same file runs from the sources (tests) and from dist.

/** Messages to a reader thread. */
export type ReaderRequest =
  | { op: 'attach'; schema: string; file: string }
  | { op: 'all'; sql: string; parameters: unknown[] }
  | { op: 'open'; sql: string; parameters: unknown[]; batch: number }
  | { op: 'next' }
  | { op: 'close' };

/**
 * What a reader thread answers: rows (with `done` for a stream, and `blobs` when a value is a blob: it crosses as a
 * Uint8Array), nothing (`ok`), or an error.
 */
export type ReaderAnswer =
  | { rows: unknown[][]; done: boolean; blobs: boolean }
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

// The thread gets the same settings and the same fold function as the main thread's connections, as text.
export const READ_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const connection = new Database(workerData.file);
connection.pragma('busy_timeout = ${BUSY_TIMEOUT_MS}');
connection.function('ac_fold', { deterministic: true }, ${fold.toString()});
const statements = new Map();
let open;
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
function closeOpen() {
  if (open) open.return();
  open = undefined;
}
function answer(message) {
  switch (message.op) {
    case 'attach':
      connection.prepare('attach database ? as ?').run(message.file, message.schema);
      return { ok: true };
    case 'all':
      return rowsAnswer(prepare(message.sql).all(...message.parameters), true);
    case 'open':
      closeOpen();
      open = prepare(message.sql).iterate(...message.parameters);
      batch = message.batch;
      return { ok: true };
    case 'next': {
      const rows = [];
      if (!open) return rowsAnswer(rows, true);
      for (;;) {
        const next = open.next();
        if (next.done) {
          open = undefined;
          return rowsAnswer(rows, true);
        }
        rows.push(next.value);
        if (rows.length >= batch) return rowsAnswer(rows, false);
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
  parentPort.postMessage(reply);
});
`;
