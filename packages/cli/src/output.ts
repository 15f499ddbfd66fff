// How commands speak: results on stdout (a table or, with --json, JSON), messages and progress on stderr, and
// one exit code per kind of failure so scripts can tell them apart.

import { SingleBar } from 'cli-progress';

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, notFound: 4, server: 5, connection: 6 } as const;

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only there). */
  interactive: boolean;
  /** Bytes to stdout as they are (no line end added), resolved when handed on: `--out -`. Else `out` is used. */
  write?: (chunk: Buffer) => Promise<void>;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  write: (chunk) =>
    new Promise((resolve, reject) => process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()))),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** Prints rows as an aligned text table, or as JSON with --json. */
export function printRecords(io: Io, records: Record<string, unknown>[], json: boolean): void {
  if (json) {
    io.out(JSON.stringify(records, null, 2));
    return;
  }
  if (records.length === 0) {
    io.out('(none)');
    return;
  }
  const columns = Object.keys(records[0]!);
  const cell = (value: unknown) =>
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
  const widths = columns.map((c) => Math.max(c.length, ...records.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  io.out(
    [
      line(columns),
      line(widths.map((w) => '-'.repeat(w))),
      ...records.map((r) => line(columns.map((c) => cell(r[c])))),
    ].join('\n'),
  );
}

/** Seconds as `12.3 s`, `4m05s` or `1h02m`: short enough for a progress line. */
export function elapsed(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Progress on stderr: rows, rate and elapsed time; a bar with a percentage only when the total is known (a bar
 * without a total can only guess, and showed 100 % from the first second). On a terminal the line is redrawn;
 * elsewhere a plain line every few seconds. `note` (optional, per update) says what is being worked on, such as the
 * table being copied.
 */
export function progress(io: Io, label: string, total: number | undefined, unit = 'rows') {
  const started = Date.now();
  const line = (value: number, note: string | undefined) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = Math.round(value / Math.max(seconds, 0.001));
    return `${label}: ${value}${total ? `/${total}` : ''} ${unit}, ${rate} ${unit}/s, ${elapsed(seconds)}${note ? ` (${note})` : ''}`;
  };
  if (io.interactive && total) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | {duration_formatted}{note}`,
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(total, 0, { rate: 0, note: '' });
    return {
      update(value: number, note?: string) {
        const seconds = (Date.now() - started) / 1000;
        if (value > bar.getTotal()) bar.setTotal(value);
        bar.update(value, { rate: seconds > 0 ? Math.round(value / seconds) : 0, note: note ? ` | ${note}` : '' });
      },
      stop: () => bar.stop(),
    };
  }
  if (io.interactive) {
    let last = 0;
    let shown = false;
    let latest = 0;
    let latestNote: string | undefined;
    return {
      update(value: number, note?: string) {
        latest = value;
        latestNote = note;
        if (Date.now() - last < 200) return;
        last = Date.now();
        shown = true;
        process.stderr.write(`\r\x1b[2K${line(value, note)}`);
      },
      stop() {
        if (shown) process.stderr.write(`\r\x1b[2K${line(latest, latestNote)}\n`);
      },
    };
  }
  let last = Date.now();
  return {
    update(value: number, note?: string) {
      if (Date.now() - last < 2000) return;
      last = Date.now();
      io.err(line(value, note));
    },
    stop() {},
  };
}
