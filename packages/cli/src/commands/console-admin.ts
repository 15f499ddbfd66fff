// `appconnector console password`: sets the web console's administrator password (read from stdin, kept only as a
// scrypt hash, so serve no longer prints one) and signs every console session out.

import type { Command } from 'commander';
import type { Io } from '../output.ts';
import { type AdminFlags, adminOptions, withRuntime } from '../runtime.ts';
import { setConsolePassword } from '../server-lazy.ts';
import { readStdin } from './oauth-admin.ts';

export function consoleCommands(program: Command, io: Io): void {
  const group = program
    .command('console')
    .description('the web console served under /console (sign in with the password serve prints)');
  adminOptions(
    group
      .command('password')
      .description(
        'set the console password (from stdin: echo ... | appconnector console password --password-stdin); ' +
          'only its hash is kept, serve stops printing one, and every console session ends',
      )
      .requiredOption('--password-stdin', 'read the password from stdin (it never appears in the shell history)'),
  ).action(async (flags: AdminFlags) => {
    const password = await readStdin();
    await withRuntime(flags, (runtime) => setConsolePassword(runtime.db, password));
    if (flags.json) io.out(JSON.stringify({ set: true }));
    else io.out('console password set; every console session was signed out');
  });
}
