// Opens the server's database and definitions for an administration command (the same --db and --config as
// `serve`, so commands work beside a running server), and always closes it again.

import type { Runtime } from '@appconnector/server';
import type { Command } from 'commander';
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

export async function withRuntime<T>(flags: AdminFlags, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const { boot, loadConfig } = await loadServer();
  const config = loadConfig({ db: flags.db, config: flags.config });
  const runtime = await boot({ database: config.db, definitionsDir: config.config });
  try {
    return await work(runtime);
  } finally {
    await runtime.db.close();
  }
}
