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
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
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

/** A progress bar on stderr when it is a terminal; otherwise an occasional plain line. */
export function progress(io: Io, label: string, total: number | undefined, unit = 'rows') {
  const started = Date.now();
  if (io.interactive) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}${total ? '/{total}' : ''} ${unit} | {rate} ${unit}/s | {duration_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(total ?? 0, 0, { rate: 0 });
    return {
      update(value: number) {
        const seconds = (Date.now() - started) / 1000;
        if (total === undefined || value > bar.getTotal()) bar.setTotal(Math.max(value, total ?? 0));
        bar.update(value, { rate: seconds > 0 ? Math.round(value / seconds) : 0 });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(value: number) {
      if (Date.now() - last < 2000) return;
      last = Date.now();
      const seconds = (Date.now() - started) / 1000;
      io.err(
        `${label}: ${value}${total ? `/${total}` : ''} ${unit} (${Math.round(value / Math.max(seconds, 0.001))} ${unit}/s)`,
      );
    },
    stop() {},
  };
}
