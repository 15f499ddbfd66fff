// Builds the `appconnector` command tree. Separate from main.ts so tests can run commands in-process with
// captured output.

import { Command, CommanderError } from 'commander';
import {
  appConnectorCommands,
  configCommand,
  demoCommand,
  environmentCommands,
  otpAdminCommands,
  tokenCommands,
} from './commands/admin.ts';
import { clientCommands } from './commands/client-commands.ts';
import { consoleCommands } from './commands/console-admin.ts';
import { definitionCommands } from './commands/definitions.ts';
import { fieldCommands } from './commands/fields.ts';
import { oauthAdminCommands } from './commands/oauth-admin.ts';
import { serveCommand } from './commands/serve.ts';
import { storedCommand } from './commands/stored.ts';
import type { Io } from './output.ts';

export function buildProgram(io: Io, { jsonErrors = false } = {}): Command {
  const program = new Command('appconnector')
    .description("App Connector server and client for AFAS Profit's REST API (ProfitRestServices)")
    .version('0.1.0')
    .showHelpAfterError(!jsonErrors)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      // With --json, run.ts reports the usage error as JSON instead of commander's text.
      ...(jsonErrors ? { outputError: () => {} } : {}),
    });
  serveCommand(program, io);
  demoCommand(program, io);
  environmentCommands(program, io);
  appConnectorCommands(program, io);
  tokenCommands(program, io);
  storedCommand(program, io);
  otpAdminCommands(program, io);
  oauthAdminCommands(program, io);
  consoleCommands(program, io);
  configCommand(program, io);
  fieldCommands(program, io);
  definitionCommands(program, io);
  clientCommands(program, io);
  for (const command of allCommands(program)) {
    command.exitOverride();
    if (jsonErrors)
      command.showHelpAfterError(false).configureOutput({ ...program.configureOutput(), outputError: () => {} });
  }
  return program;
}

export { CommanderError };

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}
