// SQLite's readers as threads (db/sqlite-read-worker.ts), each with a connection of its own. better-sqlite3 runs a
// statement on the thread that calls it, so with readers on the main thread every read's SQL ran on the one core
// that also renders and answers: eight sync pages at once queued behind each other. A reader thread runs the SQL
// while the main thread renders what the others found, and a long read's next batch is read while this one is
// written out.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RowRendering } from '../read/row-renderer.ts';
import type { BoundQuery, RenderedRows } from './database.ts';
import { type Blocks, READ_WORKER_SOURCE, type ReaderAnswer, type ReaderRequest } from './sqlite-read-worker.ts';

/**
 * native/row-json.c as built by scripts/build-native.mjs (the same path from src/ and dist/), when it was built and
 * not turned off (`APPCONNECTOR_NATIVE_ROWS=off`: the SQL alone writes rows): each reader loads it.
 */
export function nativeRowWriter(): string | undefined {
  if (process.env.APPCONNECTOR_NATIVE_ROWS === 'off') return undefined;
  const name = process.platform === 'darwin' ? 'row-json.dylib' : 'row-json.so';
  const file = fileURLToPath(new URL(`../../native/build/${name}`, import.meta.url));
  return existsSync(file) ? file : undefined;
}

/** Reads at once; more wait for a reader. */
const READERS = 4;

/**
 * A reader idle this long ends, and with it its heap: each thread's V8 heap grows with the rows it passed on and is
 * given back lazily. An export after a burst of pages at 1,000,000 employees peaked at 288-398 MB with the four
 * readers kept, 230 MB with idle ones ended (166-174 MB on its own). A read that starts one again takes ~38 ms
 * (29-45 ms, against 0.4 ms on a running reader).
 */
const IDLE_MS = 2000;

/**
 * Batches a long read asks its reader for ahead of its caller (~200 KB of text each). With one, the reader waited
 * idle while each answer crossed to the main thread and the next request came back: 1.4 s of a 13.8 s export at
 * 1,000,000 employees. Four rather than two let a stripe's reader go on while the merge takes the other's blocks
 * (6.09-6.32 s against 6.20-6.57 s in alternating runs).
 */
const AHEAD = 4;

type Rows = unknown[][];
type Batch = Extract<ReaderAnswer, { rows: Rows }>;
/** Rows rendered by a reader, with the reader: its buffer goes back to it once written. */
type Rendered = Extract<ReaderAnswer, { text: Uint8Array }> & { reader: ReaderThread };

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
  /** Requests sent and not yet answered, oldest first: a thread answers in the order it was asked. */
  private readonly pending: { resolve: (answer: ReaderAnswer) => void; reject: (error: Error) => void }[] = [];
  readonly attached = new Set<string>();
  stopped = false;
  /** Ends this reader when it stays idle: set while it waits in the pool. */
  idleTimer: NodeJS.Timeout | undefined;

  constructor(file: string, driver: string, native: string | undefined) {
    this.worker = new Worker(READ_WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, native },
      // A reader's garbage is its batches, dead before the next: a small young generation collects them cheaply.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    // An idle reader does not keep a process alive (CLI commands that read and end).
    this.worker.unref();
    this.worker.on('message', (answer: ReaderAnswer) => this.pending.shift()?.resolve(answer));
    const stop = (error: Error) => {
      this.stopped = true;
      for (const pending of this.pending.splice(0)) pending.reject(error);
    };
    this.worker.on('error', stop);
    this.worker.on('exit', () => stop(new Error('an SQLite reader thread stopped')));
  }

  /** Requests of one read (the pool hands a reader to one read until it is released), answered in order. */
  async ask(request: ReaderRequest): Promise<ReaderAnswer> {
    if (this.stopped) throw new Error('an SQLite reader thread stopped');
    const answer = await new Promise<ReaderAnswer>((resolve, reject) => {
      this.pending.push({ resolve, reject });
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
    answer.reader = this;
    return answer;
  }

  /** A buffer of rendered text, written: the thread renders into it again rather than into a new one. */
  giveBack(buffer: ArrayBuffer): void {
    if (!this.stopped) this.worker.postMessage({ op: 'reuse', buffer } satisfies ReaderRequest, [buffer]);
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
  const native = nativeRowWriter();
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
      const created = new ReaderThread(file, driver, native);
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
      handed = new ReaderThread(file, driver, native);
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
   * A read's batches as `next` gives them (rows, or rows rendered), `AHEAD` asked for ahead of the caller, so the
   * reader goes on reading while the caller handles a batch and while its next answer crosses to this thread.
   */
  async function* batches<T extends { done: boolean }>(
    open: ReaderRequest,
    next: (reader: ReaderThread) => Promise<T>,
  ): AsyncGenerator<T> {
    const reader = await acquire();
    const ahead: Promise<T>[] = [];
    // A request that fails while an earlier one is awaited is not an unhandled rejection: it is awaited in turn.
    const ask = () => {
      const answer = next(reader);
      answer.catch(() => {});
      ahead.push(answer);
    };
    let opened = false;
    try {
      await attach(reader);
      await reader.ask(open);
      opened = true;
      while (ahead.length < AHEAD) ask();
      for (;;) {
        const batch = await ahead.shift()!;
        // Requests asked past the end answer an empty last batch, dropped by the callers.
        if (batch.done) opened = false;
        else ask();
        yield batch;
        if (batch.done) return;
      }
    } finally {
      // A read left early: its batches in flight are let finish before the statement is closed.
      for (const answer of ahead) await answer.then((batch) => (opened = opened && !batch.done)).catch(() => {});
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
  /**
   * Rows rendered by the reader, as the Database gives them: the text as a Buffer over the moved bytes, which go back
   * to the reader once written.
   */
  const renderedRows = ({ text, count, last, reader }: Rendered): RenderedRows => ({
    pieces: count > 0 ? [Buffer.from(text.buffer, text.byteOffset, text.byteLength)] : [],
    count,
    last,
    release: () => reader.giveBack(text.buffer as ArrayBuffer),
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
    /**
     * Stripes of one read, each on a reader of its own, in batches of one block each (`size` rows at most: the
     * blocks are of key values, and the key is unique), merged back by block: the lowest block any stripe has next
     * goes first. Each reader reads `AHEAD` blocks ahead meanwhile, so the stripes run at once. Blocks are joined
     * until they hold `size` rows, so that, as from one statement, only the last batch is shorter.
     */
    async *streamRenderedStriped(
      stripes: readonly BoundQuery[],
      blocks: Blocks,
      rendering: RowRendering,
    ): AsyncIterable<RenderedRows> {
      const streams = stripes.map((query) => {
        const open: ReaderRequest = {
          op: 'open',
          ...request(query),
          batch: blocks.size,
          render: rendering.spec,
          blocks,
        };
        return batches(open, (reader) => reader.rendered({ op: 'next' }));
      });
      let joined: RenderedRows = { pieces: [], count: 0, last: undefined };
      try {
        const heads = await Promise.all(streams.map((stream) => stream.next()));
        for (;;) {
          let first = -1;
          for (let i = 0; i < heads.length; i++) {
            const head = heads[i]!;
            // An empty batch (a stripe's end) has no block: taken at once.
            if (!head.done && (first < 0 || (head.value.block ?? -1) < (heads[first]!.value.block ?? -1))) first = i;
          }
          if (first < 0) break;
          const batch = heads[first]!.value as Rendered;
          const following = streams[first]!.next();
          following.catch(() => {});
          if (batch.count > 0) {
            const { pieces, count, last, release } = renderedRows(batch);
            const before = joined.release;
            joined = {
              pieces: [...joined.pieces, ...pieces],
              count: joined.count + count,
              last,
              release: before
                ? () => {
                    before();
                    release?.();
                  }
                : release,
            };
          }
          if (joined.count >= blocks.size) {
            yield joined;
            joined = { pieces: [], count: 0, last: undefined };
          }
          heads[first] = await following;
        }
        if (joined.count > 0) yield joined;
      } finally {
        await Promise.all(streams.map((stream) => stream.return(undefined)));
      }
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
