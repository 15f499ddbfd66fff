// SQLite's readers as threads (db/sqlite-read-worker.ts), each with a connection of its own. better-sqlite3 runs a
// statement on the thread that calls it, so with readers on the main thread every read's SQL ran on the one core
// that also renders and answers: eight sync pages at once queued behind each other. A reader thread runs the SQL
// while the main thread renders what the others found, and a long read's next batch is read while this one is
// written out.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { RowRendering } from '../read/row-renderer.ts';
import type { BoundQuery, RenderedRows } from './database.ts';
import { READ_WORKER_SOURCE, type ReaderAnswer, type ReaderRequest } from './sqlite-read-worker.ts';

/** Reads at once; more wait for a reader. */
const READERS = 4;

/**
 * A reader idle this long ends, and with it its heap: each thread's V8 heap grows with the rows it passed on and is
 * given back lazily. An export after a burst of pages at 1,000,000 employees peaked at 288-398 MB with the four
 * readers kept, 230 MB with idle ones ended (166-174 MB on its own). A read that starts one again takes ~38 ms
 * (29-45 ms, against 0.4 ms on a running reader).
 */
const IDLE_MS = 2000;

type Rows = unknown[][];
type Batch = Extract<ReaderAnswer, { rows: Rows }>;
type Rendered = Extract<ReaderAnswer, { text: Uint8Array }>;

/** An error a reader thread answered, with SQLite's code (SQLITE_BUSY...) as better-sqlite3 gives it. */
function readerError(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

/** Blobs cross threads as Uint8Array; the rest of the server reads them as Buffers (no copy). Only for a batch
 * the reader says holds blobs: the others are not walked value by value on the main thread. */
function withBuffers(rows: Rows): Rows {
  for (const row of rows)
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value))
        row[i] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  return rows;
}

class ReaderThread {
  private readonly worker: Worker;
  private pending: { resolve: (answer: ReaderAnswer) => void; reject: (error: Error) => void } | undefined;
  readonly attached = new Set<string>();
  stopped = false;
  /** Ends this reader when it stays idle: set while it waits in the pool. */
  idleTimer: NodeJS.Timeout | undefined;

  constructor(file: string, driver: string) {
    this.worker = new Worker(READ_WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver },
      // A reader's garbage is its batches, dead before the next: a small young generation collects them cheaply.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    // An idle reader does not keep a process alive (CLI commands that read and end).
    this.worker.unref();
    this.worker.on('message', (answer: ReaderAnswer) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(answer);
    });
    const stop = (error: Error) => {
      this.stopped = true;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    this.worker.on('error', stop);
    this.worker.on('exit', () => stop(new Error('an SQLite reader thread stopped')));
  }

  /** One request at a time: the pool hands a reader to one read until it is released. */
  async ask(request: ReaderRequest): Promise<ReaderAnswer> {
    if (this.stopped) throw new Error('an SQLite reader thread stopped');
    const answer = await new Promise<ReaderAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
    if ('error' in answer) throw readerError(answer.error);
    return answer;
  }

  async rows(request: ReaderRequest): Promise<Batch> {
    const answer = (await this.ask(request)) as Batch;
    if (answer.blobs) withBuffers(answer.rows);
    return answer;
  }

  async rendered(request: ReaderRequest): Promise<Rendered> {
    const answer = (await this.ask(request)) as Rendered;
    if (answer.last) withBuffers([answer.last]);
    return answer;
  }

  terminate(): Promise<number> {
    this.stopped = true;
    return this.worker.terminate();
  }
}

/**
 * Reader threads over `file`, created as reads need them. `attachments()` lists the environment files every reader
 * must have attached (schema, file) before it runs a read.
 */
export function sqliteReaders(file: string, attachments: () => Iterable<[schema: string, file: string]>) {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const all: ReaderThread[] = [];
  const idle: ReaderThread[] = [];
  /** Reads waiting for a reader; given none when the database closes. */
  const waiting: ((reader: ReaderThread | undefined) => void)[] = [];

  /** Set by close(): no reader is started or handed out after it (one started then held the files open). */
  let closed = false;
  const acquire = async (): Promise<ReaderThread> => {
    if (closed) throw new Error('the SQLite database is closed');
    const reader = idle.pop();
    if (reader) {
      clearTimeout(reader.idleTimer);
      return reader;
    }
    if (all.length < READERS) {
      const created = new ReaderThread(file, driver);
      all.push(created);
      return created;
    }
    const handed = await new Promise<ReaderThread | undefined>((resolve) => waiting.push(resolve));
    if (!handed) throw new Error('the SQLite database is closed');
    return handed;
  };
  const release = (reader: ReaderThread) => {
    if (closed) {
      void reader.terminate();
      return;
    }
    let handed = reader;
    if (reader.stopped) {
      // A reader that failed is replaced, so that the pool keeps its size.
      all.splice(all.indexOf(reader), 1);
      if (waiting.length === 0) return;
      handed = new ReaderThread(file, driver);
      all.push(handed);
    }
    const next = waiting.shift();
    if (next) return next(handed);
    idle.push(handed);
    handed.idleTimer = setTimeout(() => {
      idle.splice(idle.indexOf(handed), 1);
      all.splice(all.indexOf(handed), 1);
      void handed.terminate();
    }, IDLE_MS).unref();
  };
  const attach = async (reader: ReaderThread) => {
    for (const [schema, schemaFile] of attachments()) {
      if (reader.attached.has(schema)) continue;
      await reader.ask({ op: 'attach', schema, file: schemaFile });
      reader.attached.add(schema);
    }
  };

  /**
   * A read's batches as `next` gives them (rows, or rows rendered), each asked for as soon as the one before it
   * arrives, so the next batch is read while the caller handles this one.
   */
  async function* batches<T extends { done: boolean }>(
    open: ReaderRequest,
    next: (reader: ReaderThread) => Promise<T>,
  ): AsyncGenerator<T> {
    const reader = await acquire();
    let ahead: Promise<T> | undefined;
    let opened = false;
    try {
      await attach(reader);
      await reader.ask(open);
      opened = true;
      ahead = next(reader);
      for (;;) {
        const batch = await (ahead as Promise<T>);
        ahead = undefined;
        if (batch.done) opened = false;
        else ahead = next(reader);
        yield batch;
        if (batch.done) return;
      }
    } finally {
      // A read left early: its batch in flight is let finish before the statement is closed.
      if (ahead) await ahead.then((answer) => (opened = opened && !answer.done)).catch(() => {});
      if (opened) await reader.ask({ op: 'close' }).catch(() => {});
      release(reader);
    }
  }

  /** One request on a reader of its own, attached first. */
  async function once<T>(ask: (reader: ReaderThread) => Promise<T>): Promise<T> {
    const reader = await acquire();
    try {
      await attach(reader);
      return await ask(reader);
    } finally {
      release(reader);
    }
  }

  const request = (query: BoundQuery) => ({ sql: query.sql, parameters: [...query.parameters] });
  /** Rows rendered by the reader, as the Database gives them: the text as a Buffer over the moved bytes. */
  const renderedRows = ({ text, count, last }: Rendered): RenderedRows => ({
    pieces: count > 0 ? [Buffer.from(text.buffer, text.byteOffset, text.byteLength)] : [],
    count,
    last,
  });

  return {
    /** Rows in batches; the next batch is read while the caller handles this one. */
    async *stream(query: BoundQuery, batchSize: number): AsyncIterable<Rows> {
      const open: ReaderRequest = { op: 'open', ...request(query), batch: batchSize };
      for await (const { rows } of batches(open, (reader) => reader.rows({ op: 'next' })))
        if (rows.length > 0) yield rows;
    },
    /** As `stream`, each batch rendered by the reader thread. */
    async *streamRendered(query: BoundQuery, batchSize: number, rendering: RowRendering): AsyncIterable<RenderedRows> {
      const open: ReaderRequest = { op: 'open', ...request(query), batch: batchSize, render: rendering.spec };
      for await (const batch of batches(open, (reader) => reader.rendered({ op: 'next' })))
        if (batch.count > 0) yield renderedRows(batch);
    },
    readAll(query: BoundQuery): Promise<Rows> {
      return once(async (reader) => (await reader.rows({ op: 'all', ...request(query) })).rows);
    },
    readAllRendered(query: BoundQuery, rendering: RowRendering): Promise<RenderedRows> {
      const all: ReaderRequest = { op: 'all', ...request(query), render: rendering.spec };
      return once(async (reader) => renderedRows(await reader.rendered(all)));
    },
    async close(): Promise<void> {
      closed = true;
      // Reads waiting for a reader fail now rather than start one on a closed database.
      for (const waiter of waiting.splice(0)) waiter(undefined);
      for (const reader of idle) clearTimeout(reader.idleTimer);
      await Promise.all(all.map((reader) => reader.terminate()));
      all.length = 0;
      idle.length = 0;
    },
  };
}
