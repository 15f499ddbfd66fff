// `appconnector field add`: a custom U+32-hex field in a copy of the definitions (`--config`; the column appears at
// the next start), or in one environment's own definitions (`--env`: exported, changed, imported all or nothing).

import type { AddCustomFieldOptions, AddedCustomField } from '@appconnector/server';
import type { Command } from 'commander';
import { commaList, wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io } from '../output.ts';
import { withRuntime } from '../runtime.ts';
import { loadServer } from '../server-lazy.ts';

const TYPES = ['string', 'int', 'decimal', 'date', 'boolean', 'blob'] as const;

interface FieldAddFlags {
  config?: string;
  env?: string;
  db?: string;
  object: string;
  label: string;
  labelNl?: string;
  type: string;
  length?: string;
  decimals?: string;
  get?: string[];
  update?: string[];
  json?: boolean;
}

export function fieldCommands(program: Command, io: Io): void {
  const field = program.command('field').description('custom ("free") fields of data collections and connectors');
  field
    .command('add')
    .description('add a custom field (id U + 32 hex) to a table or collection, and optionally to connectors')
    .option('--config <dir>', 'the definitions directory to change (or APPCONNECTOR_CONFIG); not the built-in demo')
    .option('--env <name>', "add it to this environment's own definitions instead (imported at once, all or nothing)")
    .option(
      '--db <database>',
      'with --env: SQLite file or postgres:// URL (default .appconnector/appconnector.sqlite, or APPCONNECTOR_DB)',
    )
    .requiredOption('--object <table-or-collection>', 'a table name, or a collection id whose base table gets it')
    .requiredOption('--label <text>', 'label (English, and Dutch unless --label-nl)')
    .option('--label-nl <text>', 'Dutch label')
    .requiredOption('--type <type>', `data type: ${TYPES.join(', ')}`)
    .option('--length <n>', 'maximum length of a string')
    .option('--decimals <n>', 'digits after the point of a decimal (default 2)')
    .option('--get <ids>', 'GetConnectors that show the field (repeatable, comma lists)', commaList)
    .option(
      '--update <Connector/Object>',
      'UpdateConnector objects that accept it, e.g. KnEmployee/AfasEmployee',
      commaList,
    )
    .option('--json', 'print the result as JSON')
    .action(async (flags: FieldAddFlags) => {
      const { addCustomField, loadConfig } = await loadServer();
      if (flags.env) return addToEnvironment(io, flags, flags.env);
      const dir = loadConfig({ config: flags.config }).config;
      if (!dir) {
        throw new CliError(
          'field add changes definition files: give --config <dir> (copy the demo first with `appconnector definitions export --out <dir>`)',
          EXIT.usage,
        );
      }
      const added = addCustomField({ ...fieldOptions(flags), dir });
      if (flags.json) {
        io.out(JSON.stringify(added, null, 2));
        return;
      }
      printAdded(io, added);
      io.err(`changed ${added.files.join(', ')}; the column is added when the server starts with --config ${dir}`);
    });
}

function fieldOptions(flags: FieldAddFlags): Omit<AddCustomFieldOptions, 'dir'> {
  if (!(TYPES as readonly string[]).includes(flags.type))
    throw new CliError(`--type must be one of ${TYPES.join(', ')}`, EXIT.usage);
  return {
    object: flags.object,
    label: flags.label,
    labelNl: flags.labelNl,
    type: flags.type as (typeof TYPES)[number],
    length: flags.length === undefined ? undefined : wholeNumber(flags.length, '--length', 0),
    decimals: flags.decimals === undefined ? undefined : wholeNumber(flags.decimals, '--decimals', 0),
    get: flags.get,
    update: flags.update,
  };
}

function printAdded(io: Io, added: AddedCustomField): void {
  io.out(`added field ${added.fieldId} (column ${added.table}.${added.column})`);
  io.out(`  collections: ${added.collections.join(', ') || '(none)'}`);
  if (added.getConnectors.length > 0) io.out(`  GetConnectors: ${added.getConnectors.join(', ')}`);
  if (added.updateObjects.length > 0) io.out(`  UpdateConnector objects: ${added.updateObjects.join(', ')}`);
}

/** The field added to the environment's own set (server: addEnvironmentCustomField, as the console does). */
async function addToEnvironment(io: Io, flags: FieldAddFlags, env: string): Promise<void> {
  const { addEnvironmentCustomField } = await loadServer();
  const options = fieldOptions(flags);
  const { added, plan } = await withRuntime({ db: flags.db, config: flags.config }, (runtime) =>
    addEnvironmentCustomField(runtime, env, options),
  );
  if (flags.json) {
    io.out(JSON.stringify({ ...added, environment: env, changes: plan.lines }, null, 2));
    return;
  }
  printAdded(io, added);
  io.err(`${env}: ${plan.lines.join('; ')}; running servers switch at their next environment refresh (5 s by default)`);
}
