// Runs the command line and maps every failure to a message on stderr and an exit code (see output.ts EXIT);
// with --json the message is a JSON object, so scripts that asked for JSON never have to parse prose.

import { CommanderError } from 'commander';
import { CliError, EXIT, type Io, processIo } from './output.ts';
import { buildProgram } from './program.ts';
import { loadedServer } from './server-lazy.ts';

export async function run(argv: string[], io: Io = processIo): Promise<number | undefined> {
  const json = argv.includes('--json');
  const program = buildProgram(io, { jsonErrors: json });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) {
      const code = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      if (json && code !== EXIT.ok) report(io, true, error.message.replace(/^error: /, ''), code);
      return code;
    }
    const [message, code] = classify(error);
    report(io, json, message, code);
    return code;
  }
}

function report(io: Io, json: boolean, message: string, exitCode: number): void {
  if (json) io.err(JSON.stringify({ error: { message, exitCode, kind: KIND[exitCode] ?? 'failure' } }));
  else io.err(`error: ${message}`);
}

const KIND: Record<number, string> = {
  [EXIT.usage]: 'usage',
  [EXIT.auth]: 'auth',
  [EXIT.notFound]: 'notFound',
  [EXIT.server]: 'server',
  [EXIT.connection]: 'connection',
};

/** PostgreSQL error codes an administration command meets on connecting (SQLSTATE classes 28 and 3D). */
const PG_AUTH = new Set(['28000', '28P01']);
const PG_NO_DATABASE = '3D000';
const NO_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']);

/**
 * The message and exit code of a failure. Administration commands use the same classes as the client commands:
 * 2 what was asked is invalid (flags, values, definitions), 3 the database refused the credentials, 4 something
 * named does not exist (database, environment, App Connector, connector, token), 5 the database failed, 6 it could
 * not be reached. 1 is left for failures nobody foresaw.
 */
function classify(error: unknown): [string, number] {
  if (error instanceof CliError) return [error.message, error.exitCode];
  // Errors of the server's classes exist only once an administration command has loaded it.
  const server = loadedServer();
  if (server && error instanceof server.AdminError)
    return [error.message, error.kind === 'notFound' ? EXIT.notFound : EXIT.usage];
  if (server && error instanceof server.DefinitionError) return [error.message, EXIT.usage];
  const message = (error as Error)?.message ?? String(error);
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (code === 'EADDRINUSE') {
      return [`${message}: another server listens there; stop it or choose another --port`, EXIT.usage];
    }
    if (NO_CONNECTION.has(code)) return [message, EXIT.connection];
    if (PG_AUTH.has(code)) return [message, EXIT.auth];
    if (code === PG_NO_DATABASE) return [message, EXIT.notFound];
    // SQLite's and PostgreSQL's own failures (SQLITE_BUSY, a SQLSTATE of five characters): the server side's.
    if (code.startsWith('SQLITE_') || /^[0-9A-Z]{5}$/.test(code)) return [message, EXIT.server];
  }
  return [message, EXIT.failure];
}
