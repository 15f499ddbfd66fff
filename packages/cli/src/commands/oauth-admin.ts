// Administration of OAuth 2 (PROTOCOL.md 2): clients per App Connector (a secret shown once), users' passwords for
// the sign-in page, an App Connector's authentication mode, and the dates on which an environment's classic tokens
// expire and stop (to rehearse AFAS's 1 May and 31 August 2027).

import type { Command } from 'commander';
import { commaList } from '../flags.ts';
import { CliError, EXIT, type Io, printRecords } from '../output.ts';
import { type AdminFlags, adminOptions, withRuntime } from '../runtime.ts';
import {
  classicTokenDates,
  createOAuthClient,
  deleteOAuthClient,
  deleteUser,
  listOAuthClients,
  listUsers,
  setAuthMode,
  setClassicTokenDates,
  setUserPassword,
} from '../server-lazy.ts';

/** The whole of stdin without its last line end: a secret piped in, never typed on the command line. */
export async function readStdin(flag = '--password-stdin', what = 'the password'): Promise<string> {
  if (process.stdin.isTTY) throw new CliError(`${flag} reads ${what} from a pipe: echo ... |`, EXIT.usage);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function clientCommands(oauth: Command, io: Io): void {
  const client = oauth.command('client').description('create, list and delete the OAuth clients of App Connectors');
  adminOptions(
    client
      .command('create')
      .description('register an OAuth client of an App Connector (the secret of a confidential client is shown once)')
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--app-connector <name>', 'App Connector the client gets tokens for')
      .requiredOption('--name <text>', 'what the sign-in page calls the application')
      .option('--public', 'a public client (browser or desktop app: no secret, PKCE and DPoP); default confidential')
      .option('--user <id>', 'user whose rights client_credentials tokens carry (confidential clients)')
      .option(
        '--redirect-uri <uri>',
        'redirect URI of the authorization code flow, matched exactly; http only for 127.0.0.1, [::1], localhost, ' +
          'whose port may differ (repeatable, comma lists)',
        commaList,
      ),
  ).action(
    async (
      flags: AdminFlags & {
        env: string;
        appConnector: string;
        name: string;
        public?: boolean;
        user?: string;
        redirectUri?: string[];
      },
    ) => {
      const created = await withRuntime(flags, (runtime) =>
        createOAuthClient(runtime.db, {
          environment: flags.env,
          appConnector: flags.appConnector,
          name: flags.name,
          type: flags.public ? 'public' : 'confidential',
          userId: flags.user,
          redirectUris: flags.redirectUri,
        }),
      );
      if (flags.json) {
        io.out(JSON.stringify(created, null, 2));
        return;
      }
      io.out(`created ${created.type} client ${created.clientId} of App Connector '${created.appConnector}'`);
      if (created.clientSecret)
        io.out(`client secret (shown only now; the server keeps a hash):\n${created.clientSecret}`);
    },
  );
  adminOptions(
    client
      .command('list')
      .description('list the OAuth clients of an environment (never their secrets)')
      .requiredOption('--env <name>', 'environment')
      .option('--app-connector <name>', 'only the clients of this App Connector'),
  ).action(async (flags: AdminFlags & { env: string; appConnector?: string }) => {
    const clients = await withRuntime(flags, (runtime) => listOAuthClients(runtime.db, flags.env, flags.appConnector));
    printRecords(
      io,
      clients.map((c) => ({ ...c, redirectUris: flags.json ? c.redirectUris : c.redirectUris.join(' ') })),
      Boolean(flags.json),
    );
  });
  adminOptions(
    client
      .command('delete')
      .description('delete an OAuth client and revoke every token it was given')
      .argument('<client-id>', 'the client id')
      .requiredOption('--env <name>', 'environment'),
  ).action(async (clientId: string, flags: AdminFlags & { env: string }) => {
    await withRuntime(flags, (runtime) => deleteOAuthClient(runtime.db, flags.env, clientId));
    if (flags.json) io.out(JSON.stringify({ deleted: clientId }));
    else io.out(`deleted client ${clientId}; its tokens are revoked`);
  });
}

function userCommands(oauth: Command, io: Io): void {
  const user = oauth.command('user').description('users who sign in on the authorization page, with their passwords');
  adminOptions(
    user
      .command('set')
      .description("set a user's password (read from stdin: echo secret | appconnector oauth user set ...)")
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--user <id>', 'user id')
      .requiredOption('--password-stdin', 'read the password from stdin (it never appears in the shell history)'),
  ).action(async (flags: AdminFlags & { env: string; user: string }) => {
    const password = await readStdin();
    await withRuntime(flags, (runtime) => setUserPassword(runtime.db, flags.env, flags.user, password));
    if (flags.json) io.out(JSON.stringify({ environment: flags.env, userId: flags.user }));
    else io.out(`password of ${flags.user} in ${flags.env} set`);
  });
  adminOptions(
    user.command('list').description('list the users with a password').requiredOption('--env <name>', 'environment'),
  ).action(async (flags: AdminFlags & { env: string }) => {
    printRecords(io, await withRuntime(flags, (runtime) => listUsers(runtime.db, flags.env)), Boolean(flags.json));
  });
  adminOptions(
    user
      .command('delete')
      .description("delete a user's password: the user can no longer sign in (tokens already given stay valid)")
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--user <id>', 'user id'),
  ).action(async (flags: AdminFlags & { env: string; user: string }) => {
    const deleted = await withRuntime(flags, (runtime) => deleteUser(runtime.db, flags.env, flags.user));
    if (!deleted) throw new CliError(`user ${flags.user} has no password in ${flags.env}`, EXIT.notFound);
    io.out(flags.json ? JSON.stringify({ deleted: flags.user }) : `deleted user ${flags.user} of ${flags.env}`);
  });
}

function authModeCommand(program: Command, io: Io): void {
  const group = program.commands.find((c) => c.name() === 'app-connector');
  if (!group) throw new Error('the app-connector command group must be registered first');
  adminOptions(
    group
      .command('auth-mode')
      .description(
        "set an App Connector's authentication: classic (AfasToken only, the default), hybrid (both) or oauth " +
          '(OAuth 2 only: classic tokens are refused with a message that says to move)',
      )
      .argument('<name>', 'App Connector name')
      .argument('<mode>', 'classic, hybrid or oauth')
      .requiredOption('--env <name>', 'environment'),
  ).action(async (name: string, mode: string, flags: AdminFlags & { env: string }) => {
    const result = await withRuntime(flags, (runtime) => setAuthMode(runtime.db, flags.env, name, mode));
    io.out(
      flags.json ? JSON.stringify(result) : `App Connector '${result.appConnector}' in ${flags.env}: ${result.mode}`,
    );
  });
}

function classicTokensCommand(program: Command, io: Io): void {
  const group = program.commands.find((c) => c.name() === 'env');
  if (!group) throw new Error('the env command group must be registered first');
  adminOptions(
    group
      .command('classic-tokens')
      .description(
        "show or set when an environment's classic tokens expire (those made before the date) and stop (all); " +
          'AFAS: --expire 2027-05-01 --stop 2027-08-31; set dates of today to rehearse',
      )
      .argument('<name>', 'environment name')
      .option('--expire <date>', 'classic tokens made before this date stop working on it (2027-05-01 or ISO time)')
      .option('--stop <date>', 'no classic token works from this date on (2027-08-31 or ISO time)')
      .option('--clear', 'remove both dates: classic tokens work as before'),
  ).action(async (name: string, flags: AdminFlags & { expire?: string; stop?: string; clear?: boolean }) => {
    if (flags.clear && (flags.expire || flags.stop)) throw new CliError('--clear goes alone', EXIT.usage);
    const dates = await withRuntime(flags, (runtime) =>
      flags.clear
        ? setClassicTokenDates(runtime.db, name, { expire: null, stop: null })
        : flags.expire || flags.stop
          ? setClassicTokenDates(runtime.db, name, { expire: flags.expire, stop: flags.stop })
          : classicTokenDates(runtime.db, name),
    );
    if (flags.json) io.out(JSON.stringify(dates));
    else
      io.out(
        `${name}: classic tokens made before ${dates.expireAt ?? '-'} expire then; all stop at ${dates.stopAt ?? '-'}`,
      );
  });
}

export function oauthAdminCommands(program: Command, io: Io): void {
  const oauth = program
    .command('oauth')
    .description('OAuth 2 administration: clients of App Connectors and users of the sign-in page');
  clientCommands(oauth, io);
  userCommands(oauth, io);
  authModeCommand(program, io);
  classicTokensCommand(program, io);
}
