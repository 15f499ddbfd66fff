// Opens the server's database and definitions for an administration command (the same --db and --config as
// `serve`, so commands work beside a running server), and always closes it again.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Runtime } from '@appconnector/server';
import type { Command } from 'commander';
import { CliError, EXIT } from './output.ts';
import { loadServer } from './server-lazy.ts';

export interface AdminFlags {
  db?: string;
  config?: string;
  json?: boolean;
}

/** Adds the options every administration command shares. */
export function adminOptions(command: Command): Command {
  return command
    .option(
      '--db <database>',
      'SQLite file or postgres:// URL (default .appconnector/appconnector.sqlite, or APPCONNECTOR_DB)',
    )
    .option(
      '--config <dir>',
      'directory of definition files (default: the built-in demo company, or APPCONNECTOR_CONFIG)',
    )
    .option('--json', 'print the result as JSON');
}

/**
 * Opens the database and runs `work`. Only commands that make something new (`demo`, `env create`) pass
 * `create`: any other command run from the wrong folder would otherwise make an empty SQLite file and answer
 * "does not exist" about everything in it.
 */
export async function withRuntime<T>(
  flags: AdminFlags,
  work: (runtime: Runtime) => Promise<T>,
  { create = false } = {},
): Promise<T> {
  const { boot, loadConfig } = await loadServer();
  const config = loadConfig({ db: flags.db, config: flags.config });
  if (!create && isSqliteFile(config.db) && !existsSync(config.db)) {
    throw new CliError(
      `no database at ${resolve(config.db)}: run the command where the server runs, or give --db (or APPCONNECTOR_DB); ` +
        '`appconnector serve`, `demo` and `env create` make a new one',
      EXIT.notFound,
    );
  }
  const runtime = await boot({ database: config.db, definitionsDir: config.config });
  try {
    return await work(runtime);
  } finally {
    await runtime.db.close();
  }
}

function isSqliteFile(db: string): boolean {
  return !/^postgres(ql)?:\/\//i.test(db) && db !== ':memory:';
}
