// `appconnector serve`: the server on SQLite or PostgreSQL, building the demo on an empty database and printing
// the URL and a working demo token. Stops cleanly on SIGINT/SIGTERM.

import { authorizationHeader } from '@appconnector/protocol';
import type { Command } from 'commander';
import { type Io, progress } from '../output.ts';
import { loadServer } from '../server-lazy.ts';
import { holdYoungGeneration } from '../young-generation.ts';

interface ServeFlags {
  port?: string;
  host?: string;
  db?: string;
  config?: string;
  tlsCert?: string;
  tlsKey?: string;
  demo?: boolean;
  demoRows?: string;
  logLevel?: string;
  cors?: string;
  streamStallSeconds?: string;
  console?: boolean;
  consoleRemote?: boolean;
}

export function serveCommand(program: Command, io: Io): void {
  program
    .command('serve')
    .description('run the App Connector server (builds the demo environment on an empty database)')
    .option('--port <port>', 'port to listen on (default 8080, or APPCONNECTOR_PORT; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or APPCONNECTOR_HOST)')
    .option('--db <database>', 'SQLite file or postgres:// URL (default .appconnector/appconnector.sqlite)')
    .option('--config <dir>', 'directory of definition files (default: the built-in demo company)')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--no-demo', 'do not build the demo environment on an empty database')
    .option('--demo-rows <n>', 'employees in a newly built demo environment (1 to 1,000,000; default 1000)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default info)')
    .option(
      '--cors <origins>',
      'browser origins that may call, comma-separated: local (default: any port of localhost), *, none, https://app.example',
    )
    .option(
      '--stream-stall-seconds <s>',
      'end a read answer whose client takes nothing for this long (default 30, or APPCONNECTOR_STREAM_STALL_SECONDS)',
    )
    .option('--no-console', 'do not serve the web console under /console')
    .option(
      '--console-remote',
      'let the console answer other machines too (default: only this one; or APPCONNECTOR_CONSOLE_REMOTE)',
    )
    .addHelpText(
      'after',
      `
Where data lives: --db names it. The default is the SQLite file .appconnector/appconnector.sqlite under the folder
you start in (environments get files beside it); a postgres:// URL keeps everything in that database, and several
servers may share it. Administration commands (env, app-connector, token, stored, ...) take the same --db and work
while the server runs; run them from the same folder or give --db.

Environments: each is a Profit environment such as O12345AA (production), T12345AA (test), A12345AA (accept) or
C12345AA (cursus), with its own tables. On an empty database serve builds the demo environment O12345AA
(--no-demo skips it); appconnector env create adds more. A client reaches an environment by its base URL:
  http://127.0.0.1:8080/ProfitRestServices            the default environment
  http://127.0.0.1:8080/T12345AA/ProfitRestServices   any environment by name
or by a Host header such as 12345.resttest.example (DNS or /etc/hosts).

Tokens: the demo token (App Connector "Demo", user "demo") is printed at every start and stays the same across
restarts; it is kept in the database so that replicas print the same one. Other tokens come from
appconnector token create (printed once: only their hash is stored) or from the OTP flow.

Web console: http://127.0.0.1:8080/console in a browser on this machine (other machines with --console-remote),
signed in with the password printed at start (or set with appconnector console password).

Configuration: defaults < appconnector.yaml in --config < APPCONNECTOR_* variables < flags; appconnector config
prints the result.

Examples:
  appconnector serve
  appconnector serve --port 9000 --db postgres://postgres@127.0.0.1:5432/appconnector
  appconnector serve --no-demo --db ./empty.sqlite`,
    )
    .action(async (flags: ServeFlags) => {
      const releaseYoungGeneration = holdYoungGeneration();
      const { loadConfig, startServer } = await loadServer();
      const config = loadConfig({
        port: flags.port,
        host: flags.host,
        db: flags.db,
        config: flags.config,
        tlsCert: flags.tlsCert,
        tlsKey: flags.tlsKey,
        demo: flags.demo === false ? false : undefined,
        demoRows: flags.demoRows,
        logLevel: flags.logLevel,
        corsOrigins: flags.cors,
        streamStallSeconds: flags.streamStallSeconds,
        console: flags.console === false ? false : undefined,
        consoleRemote: flags.consoleRemote ? true : undefined,
      });
      let bar: ReturnType<typeof progress> | undefined;
      const server = await startServer(config, {
        onDemoStart: (employees) => {
          releaseYoungGeneration();
          io.err(`Building the demo environment (${employees} employees) in ${config.db} ...`);
          bar = progress(io, 'demo', undefined);
        },
        onDemoProgress: (rows) => bar?.update(rows),
      });
      bar?.stop();
      releaseYoungGeneration();
      io.out(`appconnector listening on ${server.url}`);
      if (server.demoToken) {
        const state = {
          kept: 'the same as at the previous start',
          created: 'new; kept in the database and printed again at every start',
          replaced: 'new: the previous one was revoked or had expired',
        }[server.demoTokenState ?? 'created'];
        io.out(`Demo token (environment O12345AA, App Connector "Demo", user "demo"; ${state}):\n${server.demoToken}`);
        io.out(
          `Try:\n  curl -H "Authorization: ${authorizationHeader(server.demoToken)}" ${server.url}/connectors/Profit_Employees?take=2`,
        );
      }
      if (server.consoleUrl) {
        const login = server.consolePassword;
        const where = config.consoleRemote ? 'any machine' : 'this machine only';
        io.out(
          login?.password
            ? `Web console: ${server.consoleUrl} (${where}), password ${login.password} (the same at every start; appconnector console password sets your own)`
            : `Web console: ${server.consoleUrl} (${where}), with the password set by appconnector console password`,
        );
      }
      const oauth = server.demoOAuth;
      if (oauth) {
        io.out(
          `OAuth 2 (App Connector "Demo" is hybrid: classic tokens and OAuth both work; the same at every start):\n` +
            `  sign-in page user "${oauth.user}", password ${oauth.password}\n` +
            `  public client ${oauth.publicClientId} (PKCE + DPoP, redirect http://127.0.0.1:<any port>/callback):\n` +
            `    appconnector login --url ${server.url} --client-id ${oauth.publicClientId}\n` +
            `  confidential client ${oauth.backendClientId}, secret ${oauth.backendClientSecret} (client credentials, user "${oauth.user}"):\n` +
            `    curl -u ${oauth.backendClientId}:${oauth.backendClientSecret} -d grant_type=client_credentials ${server.url}/oauth/token`,
        );
      }
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
