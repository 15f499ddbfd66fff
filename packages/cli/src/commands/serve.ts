// `appconnector serve`: the server on SQLite or PostgreSQL, building the demo on an empty database and printing
// the URL and a working demo token. Stops cleanly on SIGINT/SIGTERM.

import { authorizationHeader } from '@appconnector/protocol';
import { loadConfig, startServer } from '@appconnector/server';
import type { Command } from 'commander';
import { type Io, progress } from '../output.ts';

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
  streamStallSeconds?: string;
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
      '--stream-stall-seconds <s>',
      'end a read answer whose client takes nothing for this long (default 30, or APPCONNECTOR_STREAM_STALL_SECONDS)',
    )
    .action(async (flags: ServeFlags) => {
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
        streamStallSeconds: flags.streamStallSeconds,
      });
      let bar: ReturnType<typeof progress> | undefined;
      const server = await startServer(config, {
        onDemoStart: (employees) => {
          io.err(`Building the demo environment (${employees} employees) in ${config.db} ...`);
          bar = progress(io, 'demo', undefined);
        },
        onDemoProgress: (rows) => bar?.update(rows),
      });
      bar?.stop();
      io.out(`appconnector listening on ${server.url}`);
      if (server.demoToken) {
        io.out(`Demo token (environment O12345AA, App Connector "Demo", user "demo"):\n${server.demoToken}`);
        io.out(
          `Try:\n  curl -H "Authorization: ${authorizationHeader(server.demoToken)}" ${server.url}/connectors/Profit_Employees?take=2`,
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
