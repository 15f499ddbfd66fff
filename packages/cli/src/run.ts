// Runs the command line and maps every failure to a message on stderr and an exit code (see output.ts EXIT).
// Long-running commands (serve, sync --watch) keep the process alive after this returns.

import { CommanderError } from 'commander';
import { CliError, EXIT, type Io, processIo } from './output.ts';
import { buildProgram } from './program.ts';
import { loadedServer } from './server-lazy.ts';

export async function run(argv: string[], io: Io = processIo): Promise<number | undefined> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      return error.exitCode;
    }
    const server = loadedServer();
    if (server && (error instanceof server.AdminError || error instanceof server.DefinitionError)) {
      io.err(`error: ${error.message}`);
      return EXIT.failure;
    }
    io.err(`error: ${(error as Error).message ?? String(error)}`);
    return EXIT.failure;
  }
}
