// `appconnector export`: every row of a GetConnector streamed to NDJSON, CSV or JSON, with progress, keyset or
// skip paging, parallel pages, and resume. Must not hold all rows: a batch of about one page at a time.

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AfasClient, RawRow } from '@appconnector/client';
import type { Filter, RowValue } from '@appconnector/protocol';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, connectionOptions } from '../connect.ts';
import { CSV_DIALECTS, type CsvDialect, type CsvPreset } from '../csv.ts';
import { wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io, progress } from '../output.ts';
import { withSuggestions } from '../suggest.ts';
import { asCliError, clientAction } from './client-action.ts';
import {
  type ExportFormat,
  type ExportState,
  ExportWriter,
  formatFromPath,
  partialPath,
  readState,
  removeState,
  statePath,
  writeState,
} from './client-export-file.ts';
import { type FilterFlags, filterOf, filterOptions, formatOf, orderOf, resolveQuickFilter } from './client-options.ts';

interface ExportFlags extends ConnectionFlags, FilterFlags {
  out: string;
  format?: string;
  key?: string;
  order?: string;
  pageSize: string;
  concurrency: string;
  resume?: boolean;
  limit?: string;
  json?: boolean;
  csv?: string;
}

/**
 * How often, at most, the resume state is rewritten while rows stream in (a file write and a rename: at every page
 * they were 4% of the CLI's time). A resume re-reads at most this much work.
 */
const STATE_INTERVAL_MS = 500;

/** The exit code of a run stopped by Ctrl-C, as shells report it. */
const INTERRUPTED = 130;

interface Plan {
  connector: string;
  out: string;
  format: ExportFormat;
  key: string | undefined;
  orderBy: string[] | undefined;
  pageSize: number;
  concurrency: number;
  limit: number | undefined;
  /** `--out -`: rows to standard output; no partial file, no resume state. */
  stdout: boolean;
  csv: CsvDialect;
}

function planOf(connector: string, flags: ExportFlags): Plan {
  const stdout = flags.out === '-';
  const format = (
    flags.format
      ? formatOf(flags.format, ['ndjson', 'csv', 'json'])
      : stdout
        ? flags.csv
          ? 'csv'
          : 'ndjson'
        : formatFromPath(flags.out)
  ) as ExportFormat | undefined;
  if (!format)
    throw new CliError(`--out ${flags.out}: name a .ndjson, .csv or .json file, or give --format`, EXIT.usage);
  if (!stdout && !existsSync(dirname(resolve(flags.out))))
    throw new CliError(`--out ${flags.out}: no such directory`, EXIT.usage);
  if (stdout && flags.resume)
    throw new CliError('--resume needs a file: standard output cannot be continued', EXIT.usage);
  if (flags.csv !== undefined && !(flags.csv in CSV_DIALECTS))
    throw new CliError(`--csv must be one of ${Object.keys(CSV_DIALECTS).join(', ')}`, EXIT.usage);
  if (flags.csv !== undefined && format !== 'csv') throw new CliError('--csv goes with CSV output', EXIT.usage);
  const orderBy = orderOf(flags.order);
  if (!flags.key && !orderBy) {
    throw new CliError(
      'give --key <unique field> (keyset paging, resumable) or --order <fields>: unsorted pages can overlap or miss rows',
      EXIT.usage,
    );
  }
  if (flags.key && orderBy && (orderBy.length !== 1 || orderBy[0] !== flags.key)) {
    throw new CliError('--key sorts by the key alone: leave --order out', EXIT.usage);
  }
  if (!flags.key && (flags.resume || flags.limit)) {
    throw new CliError('--resume and --limit need --key: only keyset paging knows where it stopped', EXIT.usage);
  }
  return {
    connector,
    out: flags.out,
    format,
    key: flags.key,
    orderBy,
    pageSize: wholeNumber(flags.pageSize, '--page-size', 1, 100_000),
    concurrency: wholeNumber(flags.concurrency, '--concurrency', 1, 8),
    limit: flags.limit === undefined ? undefined : wholeNumber(flags.limit, '--limit', 1),
    stdout,
    csv: CSV_DIALECTS[(flags.csv ?? 'standard') as CsvPreset],
  };
}

/** A resume must continue the same export: same connector, key, format and filter. */
function checkResume(state: ExportState, plan: Plan, filter: Filter): void {
  const same =
    state.version === 1 &&
    state.connector === plan.connector &&
    state.key === plan.key &&
    state.format === plan.format &&
    JSON.stringify(state.filter) === JSON.stringify(filter);
  if (!same) {
    throw new CliError(
      `${statePath(plan.out)} was written for ${state.connector} --key ${state.key} (${state.format}` +
        `${state.filter?.or?.length ? ', with a filter' : ''}): resume with the same connector, key, format and filters`,
      EXIT.usage,
    );
  }
}

export function exportCommand(program: Command, io: Io): void {
  const command = program
    .command('export')
    .description('write every row of a GetConnector to a file (NDJSON, CSV or JSON), streaming, resumable with --key')
    .argument('<connector>', 'GetConnector id, e.g. Profit_Employees')
    .requiredOption('--out <file>', 'output file; .ndjson/.jsonl, .csv or .json chooses the format; - for stdout')
    .option('--format <format>', 'ndjson, csv or json (default: from the --out extension; ndjson for -)')
    .option('--csv <dialect>', 'standard (, and \\n) or excel-nl (; CRLF, BOM, decimal commas: opens in Dutch Excel)')
    .option('--key <field>', 'keyset paging on this unique, never empty field (fast at any depth, resumable)')
    .option('--order <fields>', 'without --key: skip paging sorted by these fields (-Field descending)')
    .option('--page-size <n>', 'rows per call (AFAS advises about 1000)', '1000')
    .option('--concurrency <n>', 'calls in flight at once, 1 to 8 (AFAS allows 8)', '1')
    .option('--resume', 'continue the unfinished export recorded in <out>.state.json, appending')
    .option('--limit <n>', 'stop after n rows in this run and leave the export resumable (with --key)')
    .option('--json', 'print the summary as JSON');
  connectionOptions(command);
  filterOptions(command);
  command.addHelpText(
    'after',
    `
The rows go to <out>.partial and are renamed to <out> when complete, so a file with the output's name is always
whole. With --key, <out>.state.json records the last key and the rows written (every half second, and when the
export stops): after a failure or Ctrl-C, run the same command with --resume to continue where it stopped. With --key
and --concurrency > 1, pages of one keyset window are fetched in parallel. NDJSON and JSON rows are written as the
server sent them. --out - writes to standard output as the rows arrive (progress stays on stderr; no resume).

Examples:
  appconnector export Profit_Employees --out employees.ndjson --key EmployeeId --concurrency 4
  appconnector export Profit_Employees --out medewerkers.csv --csv excel-nl --key EmployeeId
  appconnector export Profit_Employees --out - --key EmployeeId | jq -r .LastName`,
  );
  command.action(
    clientAction(async (connector: string, flags: ExportFlags) => {
      const plan = planOf(connector, flags);
      const client = connect(flags);
      try {
        const filter = await resolveQuickFilter(client, connector, filterOf(flags));
        await runExport(io, client, plan, filter, Boolean(flags.resume), Boolean(flags.json));
      } catch (error) {
        throw await withSuggestions(client, connector, error);
      }
    }),
  );
}

async function runExport(io: Io, client: AfasClient, plan: Plan, filter: Filter, resume: boolean, json: boolean) {
  const previous = plan.key && !plan.stdout ? readState(plan.out) : undefined;
  let writer: ExportWriter;
  let lastKey: RowValue | undefined;
  let columns: string[] = [];
  if (resume && previous) {
    checkResume(previous, plan, filter);
    writer = ExportWriter.resume(plan.out, previous);
    // null: stopped before the first row, so it starts from the beginning.
    lastKey = previous.lastKey ?? undefined;
    columns = previous.columns ?? [];
    io.err(`resuming ${plan.connector} after ${plan.key} ${JSON.stringify(lastKey)} (${previous.rows} rows written)`);
  } else {
    if (resume) io.err(`nothing to resume (no ${statePath(plan.out)}): starting from the beginning`);
    else if (previous) io.err(`discarding the unfinished export in ${partialPath(plan.out)} (--resume continues it)`);
    // From metainfo rather than the first row, so that an export of no rows still has its header.
    if (plan.format === 'csv') columns = (await client.describeGet(plan.connector)).fields.map((f) => f.id);
    const sink = plan.stdout
      ? { write: io.write ?? (async (chunk: Buffer) => io.out(chunk.toString('utf8'))) }
      : undefined;
    writer = ExportWriter.start(plan.out, plan.format, columns, plan.csv, sink);
    if (!plan.stdout) removeState(plan.out);
    lastKey = undefined;
  }
  const rowsBefore = writer.rows;
  // The last row written; its key is read (the row parsed) only when the state is written.
  let lastRow: RawRow | undefined;
  const state = (): ExportState => ({
    version: 1,
    connector: plan.connector,
    format: plan.format,
    key: plan.key!,
    filter,
    ...(plan.format === 'csv' ? { columns, csv: plan.csv } : {}),
    rows: writer.rows,
    bytes: writer.bytes,
    lastKey: (lastRow ? (lastRow.value[plan.key!] as RowValue | undefined) : lastKey) ?? null,
    updatedAt: new Date().toISOString(),
  });

  const controller = new AbortController();
  const interrupt = () => controller.abort(new CliError('interrupted', INTERRUPTED));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const started = Date.now();
  // Counts this run's rows, so that the rate it shows is this run's too.
  const bar = progress(io, `export ${plan.connector}${rowsBefore > 0 ? ' (resumed)' : ''}`, undefined);
  // The SDK pages: keyset windows after the last key written (resumable), or skip pages in the given order.
  // The rows as the server sent them: NDJSON and JSON lines are its bytes, never decoded, parsed and encoded again;
  // a page at a time (an NDJSON page is written from the answer's own buffer).
  const pages = client.rawPages(plan.connector, {
    ...(plan.key ? { keyset: { field: plan.key, after: lastKey ?? undefined } } : { orderBy: plan.orderBy! }),
    filter,
    pageSize: plan.pageSize,
    concurrency: plan.concurrency,
    signal: controller.signal,
  });
  let complete = true;
  const progressSaved: Saved = { at: Date.now() };
  try {
    for await (const page of pages) {
      // --limit: the rows this run may still write; a page past it is cut, and the export left resumable.
      const room = plan.limit === undefined ? page.length : plan.limit - (writer.rows - rowsBefore);
      if (room <= 0) {
        complete = false;
        break;
      }
      const count = Math.min(room, page.length);
      writer.addPage(page, count);
      lastRow = page.at(count - 1);
      if (count < page.length) {
        complete = false;
        break;
      }
      await checkpoint(writer, plan, state, progressSaved);
      bar.update(writer.rows - rowsBefore);
    }
  } catch (error) {
    bar.stop();
    await stopped(io, writer, plan, state, error);
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
  }
  bar.update(writer.rows - rowsBefore);
  bar.stop();
  if (complete) {
    await writer.finish();
    if (!plan.stdout) removeState(plan.out);
  } else {
    await checkpoint(writer, plan, state);
    await writer.abandon(true);
  }
  printSummary(io, plan, { rows: writer.rows, thisRun: writer.rows - rowsBefore, started, complete, json });
}

function printSummary(
  io: Io,
  plan: Plan,
  run: { rows: number; thisRun: number; started: number; complete: boolean; json: boolean },
): void {
  const seconds = (Date.now() - run.started) / 1000;
  const summary = {
    connector: plan.connector,
    out: run.complete || plan.stdout ? plan.out : partialPath(plan.out),
    complete: run.complete,
    rows: run.rows,
    rowsThisRun: run.thisRun,
    seconds: Number(seconds.toFixed(3)),
    rowsPerSecond: Math.round(run.thisRun / Math.max(seconds, 0.001)),
  };
  // With --out - the rows own stdout; the summary goes beside them on stderr.
  const say = plan.stdout ? io.err : io.out;
  if (run.json) {
    say(JSON.stringify(summary));
    return;
  }
  const total = run.thisRun === run.rows ? '' : ` (${run.rows} in total)`;
  say(
    `${run.complete ? 'exported' : 'stopped after'} ${run.thisRun} rows${total} of ${plan.connector} to ${summary.out} ` +
      `in ${seconds.toFixed(1)} s (${summary.rowsPerSecond} rows/s)${run.complete || plan.stdout ? '' : '; continue with --resume'}`,
  );
}

/** When the resume state was last written. */
interface Saved {
  at: number;
}

/**
 * Hands the batch to the OS, then records how far the file is complete (state only with --key): always when no
 * `saved` is given (the end, a failure), else at most every STATE_INTERVAL_MS.
 */
async function checkpoint(writer: ExportWriter, plan: Plan, state: () => ExportState, saved?: Saved): Promise<void> {
  await writer.flush();
  if (!plan.key || plan.stdout) return;
  const now = Date.now();
  if (saved && now - saved.at < STATE_INTERVAL_MS) return;
  await writeState(plan.out, state());
  if (saved) saved.at = now;
}

/** After a failure: with --key, the rows so far are kept for --resume; without, the partial file is removed. */
async function stopped(
  io: Io,
  writer: ExportWriter,
  plan: Plan,
  state: () => ExportState,
  error: unknown,
): Promise<void> {
  if (!plan.key || plan.stdout) {
    await writer.abandon(false);
    return;
  }
  try {
    await checkpoint(writer, plan, state);
  } catch {
    // The state of the previous checkpoint stays, and the resume cuts the file back to it.
  }
  await writer.abandon(true);
  const reason = asCliError(error);
  const what = reason instanceof CliError && reason.exitCode === INTERRUPTED ? 'interrupted' : 'failed';
  io.err(
    `export ${what} after ${writer.rows} rows; ${partialPath(plan.out)} and ${statePath(plan.out)} are kept: ` +
      'run the same command with --resume to continue',
  );
}
