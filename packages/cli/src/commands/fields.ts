// `appconnector field add` (a custom U+32-hex field in a copy of the definitions) and `appconnector definitions
// export` (make that copy). Edits definition files only; the column appears at the next start of the server.

import type { Command } from 'commander';
import { commaList, wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io } from '../output.ts';
import { loadServer } from '../server-lazy.ts';

const TYPES = ['string', 'int', 'decimal', 'date', 'boolean', 'blob'] as const;

interface FieldAddFlags {
  config?: string;
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
      const dir = loadConfig({ config: flags.config }).config;
      if (!dir) {
        throw new CliError(
          'field add changes definition files: give --config <dir> (copy the demo first with `appconnector definitions export --out <dir>`)',
          EXIT.usage,
        );
      }
      if (!(TYPES as readonly string[]).includes(flags.type))
        throw new CliError(`--type must be one of ${TYPES.join(', ')}`, EXIT.usage);
      const added = addCustomField({
        dir,
        object: flags.object,
        label: flags.label,
        labelNl: flags.labelNl,
        type: flags.type as (typeof TYPES)[number],
        length: flags.length === undefined ? undefined : wholeNumber(flags.length, '--length', 0),
        decimals: flags.decimals === undefined ? undefined : wholeNumber(flags.decimals, '--decimals', 0),
        get: flags.get,
        update: flags.update,
      });
      if (flags.json) {
        io.out(JSON.stringify(added, null, 2));
        return;
      }
      io.out(`added field ${added.fieldId} (column ${added.table}.${added.column})`);
      io.out(`  collections: ${added.collections.join(', ') || '(none)'}`);
      if (added.getConnectors.length > 0) io.out(`  GetConnectors: ${added.getConnectors.join(', ')}`);
      if (added.updateObjects.length > 0) io.out(`  UpdateConnector objects: ${added.updateObjects.join(', ')}`);
      io.err(`changed ${added.files.join(', ')}; the column is added when the server starts with --config ${dir}`);
    });

  const definitions = program
    .command('definitions')
    .description('definition files of tables, collections and connectors');
  definitions
    .command('export')
    .description('copy the definitions (the built-in demo company unless --config) to a directory you can change')
    .requiredOption('--out <dir>', 'the directory to write')
    .option('--config <dir>', 'the definitions to copy (default: the built-in demo company)')
    .option('--force', 'write into a directory that is not empty')
    .action(async (flags: { out: string; config?: string; force?: boolean }) => {
      const { DEMO_DEFINITIONS, exportDefinitions, loadConfig } = await loadServer();
      const from = loadConfig({ config: flags.config }).config ?? DEMO_DEFINITIONS;
      const files = exportDefinitions(from, flags.out, Boolean(flags.force));
      io.out(`copied ${files.length} definition files to ${flags.out}`);
      io.err(`use them with --config ${flags.out} (serve, admin commands, field add)`);
    });
}
