// `appconnector sync`: rows changed since a checkpoint appended as `{type,row}` lines, once or polling (--watch);
// the checkpoint lives in a state file so the next run continues. Must not decide what changed: the SDK's feed does.

import { createWriteStream, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type AfasClient, type ChangeCheckpoint, parseAfasDate } from '@appconnector/client';
import type { Filter } from '@appconnector/protocol';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, connectionOptions } from '../connect.ts';
import { readJsonFile, writeFileAtomic } from '../files.ts';
import { commaList, wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io } from '../output.ts';
import { withSuggestions } from '../suggest.ts';
import { clientAction } from './client-action.ts';
import { type FilterFlags, filterOf, filterOptions, resolveQuickFilter } from './client-options.ts';

interface SyncFlags extends ConnectionFlags, FilterFlags {
  modifiedField: string[];
  key: string;
  since?: string;
  out: string;
  state?: string;
  watch?: boolean;
  interval: string;
  maxPolls?: string;
  pageSize: string;
  json?: boolean;
}

interface SyncState {
  version: 1;
  connector: string;
  /** One field as text (as state files always had it), several as a list. */
  modifiedField: string | string[];
  keyField: string;
  filter: Filter;
  checkpoint: ChangeCheckpoint;
  updatedAt: string;
}

interface Settings {
  connector: string;
  modifiedField: string[];
  keyField: string;
  filter: Filter;
  out: string;
  stateFile: string;
  pageSize: number;
}

function readSyncState(file: string, settings: Settings): SyncState | undefined {
  const state = readJsonFile<SyncState>(file, 'sync state');
  if (!state) return undefined;
  const same =
    state.version === 1 &&
    state.connector === settings.connector &&
    JSON.stringify([state.modifiedField].flat()) === JSON.stringify(settings.modifiedField) &&
    state.keyField === settings.keyField &&
    JSON.stringify(state.filter) === JSON.stringify(settings.filter);
  if (!same) {
    throw new CliError(
      `${file} belongs to a sync of ${state.connector} (--modified-field ${[state.modifiedField].flat().join(',')} --key ${state.keyField}` +
        `${state.filter?.or?.length ? ', with a filter' : ''}): use the same settings, or another --state file`,
      EXIT.usage,
    );
  }
  return state;
}

/** Through a temp file and a rename: a crash leaves the previous checkpoint or the new one, never half of one. */
function writeSyncState(settings: Settings, checkpoint: ChangeCheckpoint): void {
  const state: SyncState = {
    version: 1,
    connector: settings.connector,
    modifiedField: settings.modifiedField.length === 1 ? settings.modifiedField[0]! : settings.modifiedField,
    keyField: settings.keyField,
    filter: settings.filter,
    checkpoint,
    updatedAt: new Date().toISOString(),
  };
  writeFileAtomic(settings.stateFile, `${JSON.stringify(state)}\n`);
}

/** Appends lines to the output file (or stdout for `-`), each batch handed to the OS before the checkpoint moves. */
function lineSink(io: Io, out: string) {
  if (out === '-') return { write: async (text: string) => io.out(text), close: async () => {} };
  const stream = createWriteStream(out, { flags: 'a' });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    write: (text: string) =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        stream.write(text, (error) => (error ? reject(error) : resolve()));
      }),
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}

/**
 * One poll: every change since the checkpoint, appended, with the checkpoint saved after each batch. The row handed
 * out last is recorded by the feed only when the next is asked for, so a crash repeats it: at least once, never lost.
 */
async function poll(
  io: Io,
  client: AfasClient,
  settings: Settings,
  since: ChangeCheckpoint | string | undefined,
  signal: AbortSignal,
): Promise<{ changes: number; checkpoint: ChangeCheckpoint }> {
  const feed = client.changes(settings.connector, {
    modifiedField: settings.modifiedField,
    keyField: settings.keyField,
    since,
    filter: settings.filter,
    pageSize: settings.pageSize,
    signal,
  });
  const sink = lineSink(io, settings.out);
  let buffer = '';
  let pending = 0;
  let changes = 0;
  const save = async () => {
    // Nothing new (an idle poll): nothing written, so `--out -` carries no empty lines.
    if (buffer !== '') await sink.write(buffer);
    buffer = '';
    pending = 0;
    writeSyncState(settings, feed.checkpoint);
  };
  try {
    for await (const change of feed) {
      buffer += `${JSON.stringify(change)}\n`;
      changes++;
      if (++pending >= settings.pageSize) await save();
    }
    await save();
  } catch (error) {
    // Lines of this batch are written and the checkpoint saved only up to them; then the error goes on.
    if (buffer !== '') await save().catch(() => {});
    throw error;
  } finally {
    await sink.close();
  }
  return { changes, checkpoint: feed.checkpoint };
}

export function syncCommand(program: Command, io: Io): void {
  const command = program
    .command('sync')
    .description('append the rows of a GetConnector changed since the last run to a file, once or with --watch')
    .argument('<connector>', 'GetConnector id, e.g. Profit_Employees')
    .requiredOption(
      '--modified-field <fields>',
      'modified date-time field(s), e.g. ModifiedDate; several (repeat, or a comma list) when the connector joins tables',
      commaList,
    )
    .requiredOption('--key <field>', 'a unique, never empty field, e.g. EmployeeId')
    .requiredOption('--out <file>', 'file the {"type":"upsert","row":{...}} lines are appended to (- for stdout)')
    .option('--since <date>', 'first run only: start at this Amsterdam time (2024-01-31 or 2024-01-31T10:00:00)')
    .option('--state <file>', 'checkpoint file (default <out>.state.json)')
    .option('--watch', 'keep polling until Ctrl-C')
    .option('--interval <seconds>', 'seconds between polls with --watch', '60')
    .option('--max-polls <n>', 'with --watch: stop after this many polls')
    .option('--page-size <n>', 'rows per call', '1000')
    .option('--json', 'print a JSON summary line per poll');
  connectionOptions(command);
  filterOptions(command);
  command.addHelpText(
    'after',
    `
The first run reads every row (or those modified since --since); each run saves its checkpoint in the state file,
and the next run continues from it (--since is then ignored). Rows are read again from a second before the
checkpoint, since stored times are more precise than the API shows; rows seen unchanged are not repeated.

Which modified fields: one per table whose changes should count. A GetConnector that joins tables shows a
modified date per table only if its definition includes them: Profit_Employees' ModifiedDate is the employee's,
so a change to the person (KnPerson: name, address) does not move it. Add the person's modified date to the
connector (in Profit, or in this server's definitions) and name both:
  --modified-field ModifiedDate,PersonModifiedDate
A row counts as changed when any of them moved; each field is read from its own checkpoint, and a row found
through several is written once. \`appconnector metainfo get <connector>\` lists the date fields.`,
  );
  command.action(
    clientAction(async (connector: string, flags: SyncFlags) => {
      if (flags.since !== undefined) {
        try {
          parseAfasDate(flags.since);
        } catch {
          throw new CliError(`--since '${flags.since}': expected 2024-01-31 or 2024-01-31T10:00:00`, EXIT.usage);
        }
      }
      if (flags.out === '-' && !flags.state) throw new CliError('--out - needs a --state file', EXIT.usage);
      for (const [flag, file] of [
        ['--out', flags.out],
        ['--state', flags.state],
      ] as const) {
        if (file && file !== '-' && !existsSync(dirname(resolve(file)))) {
          throw new CliError(`${flag} ${file}: no such directory`, EXIT.usage);
        }
      }
      const interval = Number(flags.interval);
      if (!(interval > 0)) throw new CliError('--interval must be a number of seconds > 0', EXIT.usage);
      const maxPolls = flags.maxPolls === undefined ? undefined : wholeNumber(flags.maxPolls, '--max-polls', 1);
      const client = connect(flags);
      const settings: Settings = {
        connector,
        modifiedField: flags.modifiedField,
        keyField: flags.key,
        filter: await resolveQuickFilter(client, connector, filterOf(flags)),
        out: flags.out,
        stateFile: flags.state ?? `${flags.out}.state.json`,
        pageSize: wholeNumber(flags.pageSize, '--page-size', 1, 100_000),
      };
      const state = readSyncState(settings.stateFile, settings);
      if (state && flags.since !== undefined) io.err(`continuing from ${settings.stateFile}; --since is ignored`);
      let since: ChangeCheckpoint | string | undefined = state?.checkpoint ?? flags.since;

      const controller = new AbortController();
      const stop = () => controller.abort(new CliError('interrupted', EXIT.ok));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        for (let polls = 1; ; polls++) {
          const started = Date.now();
          const result = await poll(io, client, settings, since, controller.signal).catch(async (error) => {
            throw await withSuggestions(client, connector, error);
          });
          since = result.checkpoint;
          const summary = {
            connector,
            changes: result.changes,
            since: result.checkpoint.since,
            seconds: (Date.now() - started) / 1000,
          };
          // With --out - the changes own stdout; the summary goes beside them on stderr.
          (flags.out === '-' ? io.err : io.out)(
            flags.json
              ? JSON.stringify(summary)
              : `${connector}: ${summary.changes} changes appended to ${settings.out}` +
                  ` (checkpoint ${summary.since ?? 'none'} in ${settings.stateFile})`,
          );
          if (!flags.watch || (maxPolls !== undefined && polls >= maxPolls)) return;
          // Ctrl-C ends the wait at once (it rejects, and the catch below returns).
          await delay(interval * 1000, undefined, { signal: controller.signal });
        }
      } catch (error) {
        // Ctrl-C in watch mode is the way to stop: the checkpoint of what was written is saved.
        if (controller.signal.aborted) return;
        throw error;
      } finally {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
      }
    }),
  );
}
