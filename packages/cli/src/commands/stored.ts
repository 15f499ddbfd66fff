// `appconnector stored <UpdateConnector>`: what the connector's writes stored, by field id and nested like its
// objects, most recently modified first. Reads through the server package (admin/stored-records.ts); only formats.

import type { StoredRecord, StoredValue } from '@appconnector/server';
import type { Command } from 'commander';
import { keyOf, wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io } from '../output.ts';
import { type AdminFlags, adminOptions, withRuntime } from '../runtime.ts';
import { loadServer } from '../server-lazy.ts';

/** Text longer than this is cut in the text output (--json prints it whole). */
const MAX_TEXT = 200;

interface StoredFlags extends AdminFlags {
  env?: string;
  key?: Record<string, string>;
  last?: string;
}

function textOf(value: StoredValue): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value !== 'string') return String(value);
  const oneLine = JSON.stringify(value).slice(1, -1);
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT)}… (${value.length} characters)` : oneLine;
}

function headerOf(record: StoredRecord): string {
  const keys = Object.entries(record.keys).map(([id, value]) => ` @${id}=${value === null ? '' : textOf(value)}`);
  const { createdAt, createdBy, modifiedAt, modifiedBy } = record.audit;
  const stamps: string[] = [];
  if (modifiedAt != null) stamps.push(`modified ${textOf(modifiedAt)}${modifiedBy != null ? ` by ${modifiedBy}` : ''}`);
  if (createdAt != null && createdAt !== modifiedAt)
    stamps.push(`created ${textOf(createdAt)}${createdBy != null ? ` by ${createdBy}` : ''}`);
  return `${record.object}${keys.join('')}${stamps.length > 0 ? `  (${stamps.join(', ')})` : ''}`;
}

/** A record and its sub-objects as indented lines; fields left empty (null) are left out. */
function linesOf(record: StoredRecord, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const lines = [`${indent}${headerOf(record)}`];
  const filled = Object.entries(record.fields).filter(([, value]) => value !== null);
  const width = Math.max(0, ...filled.map(([id]) => id.length));
  for (const [id, value] of filled) lines.push(`${indent}  ${`${id}:`.padEnd(width + 1)} ${textOf(value)}`);
  for (const children of Object.values(record.objects)) {
    for (const child of children) lines.push(...linesOf(child, depth + 1));
  }
  return lines;
}

/** Bytes as base64 in JSON, as a FileStream field carries them in a body. */
const jsonValue = (_key: string, value: unknown) =>
  value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;

export function storedCommand(program: Command, io: Io): void {
  adminOptions(
    program
      .command('stored')
      .description(
        "show what an UpdateConnector's writes stored: records by field id, nested like the connector's objects, " +
          'the most recently modified first',
      )
      .argument('<connector>', 'UpdateConnector id, e.g. KnPerson')
      .option('--env <name>', 'environment (default: the default environment)')
      .option(
        '--key <Name=value>',
        'only the record with this key or field of the top object, e.g. @BcCo=000123 (repeatable)',
        keyOf,
      )
      // The numbers are the server's DEFAULT_LAST and MAX_LAST, written out so that --help does not load the server.
      .option('--last <n>', 'how many records (1 to 1000, default 10)')
      .addHelpText(
        'after',
        '\nExamples:\n' +
          '  appconnector stored KnPerson --last 5\n' +
          '  appconnector stored KnPerson --key @BcCo=000123 --json\n' +
          '  appconnector stored FbSales --env O12345AA --key OrNu=00000042',
      ),
  ).action(async (connector: string, flags: StoredFlags) => {
    const { DEFAULT_LAST, MAX_LAST, readStoredRecords, registryForEnvironment } = await loadServer();
    const last = wholeNumber(flags.last ?? String(DEFAULT_LAST), '--last', 1, MAX_LAST);
    const result = await withRuntime(flags, (runtime) =>
      // The connector as the environment defines it (its own definitions, else the server's).
      readStoredRecords(runtime.db, (environment) => registryForEnvironment(runtime, environment), {
        connector,
        environment: flags.env,
        key: flags.key,
        last,
      }),
    );
    if (flags.json) io.out(JSON.stringify(result, jsonValue, 2));
    else if (result.records.length === 0) io.out('(none)');
    else io.out(result.records.flatMap((record) => linesOf(record, 0)).join('\n'));
    if (flags.key && result.records.length === 0) {
      const keys = Object.entries(flags.key).map(([name, value]) => `${name}=${value}`);
      throw new CliError(
        `no ${result.connector} record in ${result.environment} with ${keys.join(', ')}`,
        EXIT.notFound,
      );
    }
  });
}
