// The file side of `export`: rows encoded as NDJSON, CSV or a JSON array, appended to `<out>.partial` in batches,
// the resume state beside it, and the rename to `<out>` once complete. Must not fetch rows: the command feeds them.

import { createWriteStream, existsSync, renameSync, rmSync, statSync, truncateSync, type WriteStream } from 'node:fs';
import type { RawPage } from '@appconnector/client';
import type { Filter, RowValue } from '@appconnector/protocol';
import { CSV_DIALECTS, type CsvDialect, csvHeader, csvLine } from '../csv.ts';
import { readJsonFile, writeFileAtomicAsync } from '../files.ts';
import { CliError, EXIT } from '../output.ts';

export type ExportFormat = 'ndjson' | 'csv' | 'json';

/** What `<out>.state.json` holds: enough to check a resume asks for the same export and to continue it. */
export interface ExportState {
  version: 1;
  connector: string;
  format: ExportFormat;
  key: string;
  filter: Filter;
  /** CSV only: the header written, so that resumed lines keep the same columns. */
  columns?: string[];
  /** CSV only: the dialect written (absent: standard), so that resumed lines keep it. */
  csv?: CsvDialect;
  rows: number;
  /** Bytes of `<out>.partial` that hold complete rows; anything after them is cut off on resume. */
  bytes: number;
  /** The key of the last row written; the export continues with `key > lastKey`. */
  lastKey: RowValue;
  updatedAt: string;
}

export const partialPath = (out: string) => `${out}.partial`;
export const statePath = (out: string) => `${out}.state.json`;

export function formatFromPath(out: string): ExportFormat | undefined {
  const lower = out.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

export function readState(out: string): ExportState | undefined {
  return readJsonFile<ExportState>(statePath(out), 'export state');
}

/** Written beside the output through a temp file and a rename, so a crash leaves the old state or the new one. */
export function writeState(out: string, state: ExportState): Promise<void> {
  return writeFileAtomicAsync(statePath(out), `${JSON.stringify(state)}\n`);
}

export function removeState(out: string): void {
  rmSync(statePath(out), { force: true });
}

/** Where the encoded rows go when not to a file: standard output (`--out -`). */
export interface ChunkSink {
  write(chunk: Buffer): Promise<void>;
}

/**
 * Appends encoded rows to `<out>.partial` (or a sink such as standard output); `flush()` hands a batch to the OS
 * and says how many bytes are safe.
 */
export class ExportWriter {
  readonly #stream: WriteStream | undefined;
  readonly #sink: ChunkSink | undefined;
  readonly #format: ExportFormat;
  readonly #columns: readonly string[];
  readonly #dialect: CsvDialect;
  readonly #out: string;
  /** Encoded rows not yet handed to the OS: NDJSON and JSON rows are the server's own bytes, not encoded again. */
  #buffer: (string | Uint8Array)[] = [];
  #bufferBytes = 0;
  #rows: number;
  #bytes: number;
  #failure: Error | undefined;

  private constructor(
    out: string,
    format: ExportFormat,
    columns: readonly string[],
    rows: number,
    bytes: number,
    dialect: CsvDialect,
    sink?: ChunkSink,
  ) {
    this.#out = out;
    this.#format = format;
    this.#columns = columns;
    this.#dialect = dialect;
    this.#rows = rows;
    this.#bytes = bytes;
    this.#sink = sink;
    if (sink) return;
    this.#stream = createWriteStream(partialPath(out), { flags: 'a' });
    // A write error (disk full) surfaces at the next flush, not as an unhandled event.
    this.#stream.on('error', (error) => {
      this.#failure = error;
    });
  }

  /** A new export: `<out>.partial` (or the sink) is started with the CSV header or the JSON array's `[`. */
  static start(
    out: string,
    format: ExportFormat,
    columns: readonly string[],
    dialect: CsvDialect = CSV_DIALECTS.standard,
    sink?: ChunkSink,
  ): ExportWriter {
    if (!sink) rmSync(partialPath(out), { force: true });
    const writer = new ExportWriter(out, format, columns, 0, 0, dialect, sink);
    if (format === 'csv') writer.#push(csvHeader(columns, dialect));
    if (format === 'json') writer.#push('[');
    return writer;
  }

  /** Continues an export: whatever follows the last checkpoint (a half-written batch) is cut off first. */
  static resume(out: string, state: ExportState): ExportWriter {
    const file = partialPath(out);
    if (!existsSync(file) || statSync(file).size < state.bytes) {
      throw new CliError(`cannot resume: ${file} is missing or shorter than its state says`, EXIT.usage);
    }
    truncateSync(file, state.bytes);
    return new ExportWriter(
      out,
      state.format,
      state.columns ?? [],
      state.rows,
      state.bytes,
      state.csv ?? CSV_DIALECTS.standard,
    );
  }

  get rows(): number {
    return this.#rows;
  }

  get bytes(): number {
    return this.#bytes + this.#bufferBytes;
  }

  #push(part: string | Uint8Array): void {
    this.#buffer.push(part);
    this.#bufferBytes += typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength;
  }

  /**
   * The first `count` rows of a page, as the server sent them (one line of JSON each): NDJSON from the answer's own
   * buffer, JSON in one copy of the page, and parsed only for CSV.
   */
  addPage(page: RawPage, count = page.length): void {
    const n = Math.min(count, page.length);
    if (n <= 0) return;
    switch (this.#format) {
      case 'ndjson':
        this.#push(page.lines(n));
        break;
      case 'csv':
        for (let i = 0; i < n; i++) this.#push(csvLine(page.at(i)!.value, this.#columns, this.#dialect));
        break;
      case 'json':
        this.#push(page.joined(n, this.#rows === 0 ? '\n' : ',\n', ',\n', ''));
        break;
    }
    this.#rows += n;
  }

  /** Writes the buffered rows and waits until the OS has them; afterwards `bytes` of the file are complete rows. */
  async flush(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#buffer.length === 0) return;
    const parts = this.#buffer.map((part) =>
      typeof part === 'string' ? Buffer.from(part) : Buffer.from(part.buffer, part.byteOffset, part.byteLength),
    );
    // Mostly one page: written as it is rather than copied once more.
    const chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.#buffer = [];
    this.#bufferBytes = 0;
    if (this.#sink) await this.#sink.write(chunk);
    else
      await new Promise<void>((resolve, reject) => {
        this.#stream!.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    this.#bytes += chunk.byteLength;
  }

  /** Ends the file and renames it to `<out>`: only a complete export ever has the output's name. */
  async finish(): Promise<void> {
    if (this.#format === 'json') this.#push('\n]\n');
    await this.flush();
    await this.#close();
    if (!this.#sink) renameSync(partialPath(this.#out), this.#out);
  }

  /** Stops writing; the partial file is kept for a resume or removed. */
  async abandon(keep: boolean): Promise<void> {
    this.#buffer = [];
    this.#bufferBytes = 0;
    await this.#close().catch(() => {});
    if (!keep && !this.#sink) rmSync(partialPath(this.#out), { force: true });
  }

  #close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#failure) return reject(this.#failure);
      // Standard output stays open: it is the process's, not the export's.
      if (!this.#stream) return resolve();
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}
