// `appconnector insert|update|delete`: UpdateConnector calls with a payload file or delete keys, results printed.
// Must not build or change payloads: the file is sent as written (checked against metainfo only with --validate).

import { readFileSync } from 'node:fs';
import type { DeleteTarget, UpdatePayload } from '@appconnector/client';
import type { UpdateResults } from '@appconnector/protocol';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, connectionOptions } from '../connect.ts';
import { keyOf } from '../flags.ts';
import { CliError, EXIT, type Io } from '../output.ts';
import { clientAction } from './client-action.ts';

interface WriteFlags extends ConnectionFlags {
  file: string;
  subObject?: string;
  validate?: boolean;
  json?: boolean;
}

function readPayload(file: string): UpdatePayload {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(`--file ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--file ${file}: not valid JSON (${(error as Error).message})`, EXIT.usage);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new CliError(`--file ${file}: expected {"<RootObject>": {"Element": ...}}`, EXIT.usage);
  }
  return payload as UpdatePayload;
}

/** `KnSubject: SbId=999999` per written record. */
function resultLines(results: UpdateResults | undefined): string {
  const entries = Object.entries(results?.results ?? {});
  if (entries.length === 0) return 'done';
  return entries
    .flatMap(([object, keys]) =>
      (Array.isArray(keys) ? keys : [keys]).map(
        (k: Record<string, string>) =>
          `${object}: ${Object.entries(k)
            .map(([name, value]) => `${name}=${value}`)
            .join(' ')}`,
      ),
    )
    .join('\n');
}

function writeCommand(program: Command, io: Io, verb: 'insert' | 'update'): void {
  const command = program
    .command(verb)
    .description(
      verb === 'insert'
        ? 'insert records with an UpdateConnector (POST); prints the keys of what was written'
        : 'update records with an UpdateConnector (PUT): only the fields present change',
    )
    .argument('<connector>', 'UpdateConnector id, e.g. KnSubject')
    .requiredOption('--file <payload.json>', 'the body, {"<RootObject>": {"Element": ...}} (- reads stdin)')
    .option('--validate', 'check the payload against metainfo/update first; nothing is sent when it fails')
    .option('--json', 'print the results as JSON');
  if (verb === 'insert') {
    command.option('--sub-object <object>', 'POST /connectors/<id>/<object>: update the main record, insert this one');
  }
  connectionOptions(command).action(
    clientAction(async (connector: string, flags: WriteFlags) => {
      const payload = readPayload(flags.file);
      const client = connect(flags);
      const options = { validate: Boolean(flags.validate) };
      const results =
        verb === 'insert'
          ? await client.insert(connector, payload, {
              ...options,
              ...(flags.subObject ? { subObject: flags.subObject } : {}),
            })
          : await client.update(connector, payload, options);
      io.out(flags.json ? JSON.stringify(results ?? {}, null, 2) : resultLines(results));
    }),
  );
}

/** `--key @SbId=5` into a key name and value; the value is sent as text, percent-encoded by the SDK. */
/**
 * `--path /KnSubject/@SbId/5` (or nested `/FiEntryPar/UnId,JoCo/1,73/FiEntries/@EnNo/70001`) into delete targets:
 * triples of object, key names and values; values may be percent-encoded as in the URL.
 */
export function targetsOfPath(connector: string, path: string): DeleteTarget[] {
  let parts = path.split('/').filter((p) => p !== '');
  if (parts[0]?.toLowerCase() === 'connectors' && parts[1] === connector) parts = parts.slice(2);
  if (parts.length === 0 || parts.length % 3 !== 0) {
    throw new CliError(`--path '${path}': expected /<Object>/<keys>/<values>, repeated for nested objects`, EXIT.usage);
  }
  const targets: DeleteTarget[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    const names = parts[i + 1]!.split(',');
    const values = parts[i + 2]!.split(',').map((v) => decodeURIComponent(v));
    if (names.length !== values.length) {
      throw new CliError(`--path '${path}': ${names.length} key names but ${values.length} values`, EXIT.usage);
    }
    targets.push({ object: parts[i]!, keys: Object.fromEntries(names.map((n, j) => [n, values[j]!])) });
  }
  return targets;
}

function deleteCommand(program: Command, io: Io): void {
  const command = program
    .command('delete')
    .description('delete a record with an UpdateConnector (DELETE by URL)')
    .argument('<connector>', 'UpdateConnector id, e.g. KnSubject')
    .argument('[object]', 'the object whose record goes, e.g. KnSubject (with --key)')
    .option('--key <Name=value>', 'a key of the record, e.g. @SbId=5 (repeat for composite keys)', keyOf)
    .option('--path <path>', 'the part of the URL after the connector, e.g. /KnSubject/@SbId/5 (nested: repeated)')
    .option('--json', 'print {"deleted": ...} as JSON');
  connectionOptions(command).action(
    clientAction(
      async (
        connector: string,
        object: string | undefined,
        flags: ConnectionFlags & {
          key?: Record<string, string>;
          path?: string;
          json?: boolean;
        },
      ) => {
        let targets: DeleteTarget[];
        if (flags.path !== undefined) {
          if (object !== undefined || flags.key)
            throw new CliError('give --path, or <object> with --key, not both', EXIT.usage);
          targets = targetsOfPath(connector, flags.path);
        } else {
          if (object === undefined || !flags.key) {
            throw new CliError(
              'name the record: <object> --key Name=value, or --path /<Object>/<keys>/<values>',
              EXIT.usage,
            );
          }
          targets = [{ object, keys: flags.key }];
        }
        await connect(flags).delete(connector, targets);
        const what = targets.map(
          (t) =>
            `${t.object} ${Object.entries(t.keys)
              .map(([n, v]) => `${n}=${v}`)
              .join(',')}`,
        );
        io.out(flags.json ? JSON.stringify({ deleted: targets }) : `deleted ${what.join(' / ')}`);
      },
    ),
  );
}

export function writeCommands(program: Command, io: Io): void {
  writeCommand(program, io, 'insert');
  writeCommand(program, io, 'update');
  deleteCommand(program, io);
}
