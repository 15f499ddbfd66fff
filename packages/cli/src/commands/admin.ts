// Administration commands: environments, App Connectors and their links, tokens, the demo, the effective config.
// Each opens the database, does one thing, prints the result (or JSON) and closes it again.

import type { Command } from 'commander';
import { commaList, wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io, printRecords, progress } from '../output.ts';
import { type AdminFlags, adminOptions, withRuntime } from '../runtime.ts';
import {
  copyEnvironment,
  createAppConnector,
  createDemoEnvironment,
  createEnvironment,
  createToken,
  enableOtp,
  findAppConnector,
  linkConnectors,
  listAppConnectors,
  listEnvironments,
  listTokens,
  loadServer,
  readOutbox,
  revokeTokens,
  setMaintenance,
  setProfitVersion,
  unlinkConnectors,
} from '../server-lazy.ts';

export function environmentCommands(program: Command, io: Io): void {
  const env = program
    .command('env')
    .description('list, create and copy environments (O12345AA production, T... test, A... accept, C... cursus)');
  adminOptions(env.command('list').description('list the environments')).action(async (flags: AdminFlags) => {
    const environments = (await withRuntime(flags, (runtime) => listEnvironments(runtime.db))).map(
      // Which definitions each serves: its own (`definitions import --env`) or the server's.
      ({ definitionsHash, ...e }) => ({ ...e, definitions: definitionsHash ? 'own' : 'server' }),
    );
    printRecords(io, environments as unknown as Record<string, unknown>[], Boolean(flags.json));
  });
  adminOptions(
    env
      .command('create')
      .description('create an empty environment with its data tables')
      .argument('<name>', 'environment name such as O12345AA, T12345AA, A12345AA')
      .option('--language <nl|en>', 'default language of labels and messages', 'nl')
      .option(
        '--profit-version <x.y.z>',
        'the Profit version it runs: what /ProfitVersion answers; before 7.0.0 answers and tokens behave as old Profit (default 8.0.0)',
      )
      .option('--default', 'serve this environment when the Host header names none'),
  ).action(
    async (name: string, flags: AdminFlags & { language: string; profitVersion?: string; default?: boolean }) => {
      if (flags.language !== 'nl' && flags.language !== 'en')
        throw new CliError('--language must be nl or en', EXIT.usage);
      const created = await withRuntime(
        flags,
        (runtime) =>
          createEnvironment(runtime.db, runtime.registry, {
            name,
            language: flags.language as 'nl' | 'en',
            profitVersion: flags.profitVersion,
            isDefault: flags.default,
          }),
        { create: true },
      );
      if (flags.json) io.out(JSON.stringify(created, null, 2));
      else io.out(`created environment ${created.name} (${created.type}, participant ${created.participant})`);
    },
  );
  maintenanceCommand(env, io);
  versionCommand(env, io);
  copyCommand(env, io);
}

function versionCommand(env: Command, io: Io): void {
  adminOptions(
    env
      .command('version')
      .description(
        "change an environment's Profit version (what /ProfitVersion answers; before 7.0.0: decimals like -.5, skip " +
          'and take on lines of their own, raw token XML accepted); a running server follows within 5 s',
      )
      .argument('<name>', 'environment name such as A12345AA')
      .argument('<x.y.z>', 'the Profit version, three dot-separated numbers such as 9.0.0'),
  ).action(async (name: string, version: string, flags: AdminFlags) => {
    const changed = await withRuntime(flags, (runtime) => setProfitVersion(runtime.db, name, version));
    if (flags.json) io.out(JSON.stringify(changed, null, 2));
    else
      io.out(
        `${changed.name} runs Profit ${changed.profitVersion} (was ${changed.previous}); a running server follows within 5 s`,
      );
  });
}

function copyCommand(env: Command, io: Io): void {
  adminOptions(
    env
      .command('copy')
      .description(
        'copy an environment (definitions, data, counters, App Connectors without their tokens) into a new one; ' +
          'with --anonymise every personal value becomes a consistent fake',
      )
      .argument('<from>', 'the environment to copy, such as O12345AA')
      .argument('<to>', 'the new environment, such as T12345AA (its type from its name; it must not exist)')
      .option('--anonymise', 'replace names, BSN, IBAN, e-mail, phone, address, birth dates, free text and files')
      .option('--seed <n>', 'seed of the fakes: the same seed gives the same copy (default 18)'),
  ).action(async (from: string, to: string, flags: AdminFlags & { anonymise?: boolean; seed?: string }) => {
    if (flags.seed !== undefined && !flags.anonymise) throw new CliError('--seed needs --anonymise', EXIT.usage);
    const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, '--seed', 0);
    // Rows of the whole copy, the table being copied beside them; the total is known from the first batch on.
    let bar: ReturnType<typeof progress> | undefined;
    const copied = await withRuntime(flags, (runtime) =>
      copyEnvironment(runtime, {
        from,
        to,
        anonymise: Boolean(flags.anonymise),
        seed,
        onProgress: (p) => {
          bar ??= progress(io, `copy ${from} -> ${to}`, p.total);
          bar.update(p.rows, `${p.table} ${p.tableRows}/${p.tableTotal}`);
        },
      }),
    ).finally(() => bar?.stop());
    if (flags.json) io.out(JSON.stringify(copied));
    else
      io.out(
        `copied ${from} to ${to}${copied.anonymised ? ` anonymised (seed ${copied.seed})` : ''}: ` +
          `${copied.tables} tables, ${copied.rows} rows, ${copied.appConnectors} App Connector` +
          `${copied.appConnectors === 1 ? '' : 's'} (no tokens) ` +
          `in ${copied.seconds.toFixed(1)} s`,
      );
  });
}

function maintenanceCommand(env: Command, io: Io): void {
  adminOptions(
    env
      .command('maintenance')
      .description('put an environment in maintenance (every call answers 503 with retry_after) or take it out')
      .argument('<name>', 'environment name')
      .option('--off', 'end the maintenance')
      .option('--retry-after <seconds>', 'what the 503 answers tell clients to wait', '7200')
      .option('--message <text>', 'the message of the 503 answers', 'Profit is being updated'),
  ).action(async (name: string, flags: AdminFlags & { off?: boolean; retryAfter: string; message: string }) => {
    const retryAfter = wholeNumber(flags.retryAfter, '--retry-after', 0);
    await withRuntime(flags, (runtime) =>
      setMaintenance(runtime.db, name, flags.off ? undefined : { message: flags.message, retryAfter }),
    );
    io.out(
      flags.off
        ? `${name} is out of maintenance`
        : `${name} is in maintenance (503, retry_after ${retryAfter}); a running server sees it within 5 s`,
    );
  });
}

export function appConnectorCommands(program: Command, io: Io): void {
  const group = program
    .command('app-connector')
    .description('create App Connectors, link connectors to them, list them');
  adminOptions(
    group
      .command('create')
      .description('create an App Connector')
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--name <name>', 'App Connector name')
      .option('--description <text>', 'description')
      .option('--ip <address|cidr>', 'allow calls only from these addresses (repeatable, comma lists)', commaList),
  ).action(async (flags: AdminFlags & { env: string; name: string; description?: string; ip?: string[] }) => {
    const created = await withRuntime(flags, (runtime) =>
      createAppConnector(runtime.db, {
        environment: flags.env,
        name: flags.name,
        description: flags.description,
        ipAllowlist: flags.ip,
      }),
    );
    if (flags.json) io.out(JSON.stringify(created, null, 2));
    else io.out(`created App Connector '${created.name}' in ${created.environment}`);
  });
  adminOptions(
    group
      .command('list')
      .description('list App Connectors with their connectors')
      .option('--env <name>', 'only this environment'),
  ).action(async (flags: AdminFlags & { env?: string }) => {
    const rows = await withRuntime(flags, (runtime) => listAppConnectors(runtime.db, flags.env));
    printRecords(io, rows as unknown as Record<string, unknown>[], Boolean(flags.json));
  });
  for (const verb of ['link', 'unlink'] as const) {
    adminOptions(
      group
        .command(verb)
        .description(`${verb} GetConnectors and UpdateConnectors ${verb === 'link' ? 'to' : 'from'} an App Connector`)
        .requiredOption('--env <name>', 'environment')
        .requiredOption('--name <name>', 'App Connector name')
        .option('--get <ids>', 'GetConnector ids (repeatable, comma lists)', commaList)
        .option('--update <ids>', 'UpdateConnector ids (repeatable, comma lists)', commaList)
        .option('--all', 'every connector the definitions declare'),
    ).action(
      async (flags: AdminFlags & { env: string; name: string; get?: string[]; update?: string[]; all?: boolean }) => {
        const { registryForEnvironment } = await loadServer();
        const result = await withRuntime(flags, async (runtime) => {
          let appConnector = await findAppConnector(runtime.db, flags.env, flags.name);
          // Ids are checked against the definitions of that environment (its own set, else the server's).
          const registry = await registryForEnvironment(runtime, flags.env);
          const gets = flags.all ? [...registry.getConnectors.keys()] : (flags.get ?? []);
          const updates = flags.all ? [...registry.updateConnectors.keys()] : (flags.update ?? []);
          if (gets.length === 0 && updates.length === 0)
            throw new CliError('name connectors with --get, --update or --all', EXIT.usage);
          if (verb === 'link') {
            appConnector = await linkConnectors(runtime.db, registry, appConnector, 'get', gets);
            return linkConnectors(runtime.db, registry, appConnector, 'update', updates);
          }
          appConnector = await unlinkConnectors(runtime.db, appConnector, 'get', gets);
          return unlinkConnectors(runtime.db, appConnector, 'update', updates);
        });
        if (flags.json) io.out(JSON.stringify(result, null, 2));
        else
          io.out(
            `${result.name}: ${result.getConnectors.length} GetConnectors, ${result.updateConnectors.length} UpdateConnectors linked`,
          );
      },
    );
  }
}

const EXPIRY_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * `--expires`: a span from now (`90m`, `12h`, `30d`, `2w`) or a moment (`2027-05-01`, which is the start of that day
 * in UTC, or `2027-05-01T17:00:00+02:00`). A moment already past is refused: such a token would never work.
 */
export function parseExpiry(text: string | undefined, now = Date.now()): Date | undefined {
  if (!text) return undefined;
  const span = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  const date = span
    ? new Date(now + Number(span[1]) * EXPIRY_UNITS[span[2]!.toLowerCase()]!)
    : /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())
      ? new Date(text.trim())
      : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new CliError(
      `--expires: '${text}' is neither a span like 12h, 30d or 2w nor a date like 2027-05-01`,
      EXIT.usage,
    );
  if (date.getTime() <= now) throw new CliError(`--expires: ${date.toISOString()} is in the past`, EXIT.usage);
  return date;
}

export function otpAdminCommands(program: Command, io: Io): void {
  adminOptions(
    program
      .command('otp-enable')
      .description('give an App Connector OTP credentials (apiKey/apiToken) so users can get tokens by one-time code')
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--name <name>', 'App Connector name'),
  ).action(async (flags: AdminFlags & { env: string; name: string }) => {
    const credentials = await withRuntime(flags, async (runtime) =>
      enableOtp(runtime.db, await findAppConnector(runtime.db, flags.env, flags.name)),
    );
    io.out(
      flags.json ? JSON.stringify(credentials) : `apiKey:   ${credentials.apiKey}\napiToken: ${credentials.apiToken}`,
    );
  });
  adminOptions(
    program
      .command('otp-outbox')
      .description('show the one-time codes the server "e-mailed" (the emulated mailbox), newest first')
      .option('--env <name>', 'only this environment')
      .option('--user <id>', 'only this user'),
  ).action(async (flags: AdminFlags & { env?: string; user?: string }) => {
    const mails = await withRuntime(flags, (runtime) => readOutbox(runtime.db, flags.env, flags.user));
    printRecords(io, mails as unknown as Record<string, unknown>[], Boolean(flags.json));
  });
}

export function tokenCommands(program: Command, io: Io): void {
  const group = program.command('token').description('create, list and revoke tokens of App Connector users');
  adminOptions(
    group
      .command('create')
      .description('create a token; prints the token XML on stdout (only its hash is stored: keep it now)')
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--app-connector <name>', 'App Connector name')
      .requiredOption('--user <id>', 'user id the token belongs to')
      .option('--description <text>', 'what the token is for')
      .option(
        '--expires <when>',
        'expiry: a span from now (90m, 12h, 30d, 2w) or a date or moment (2027-05-01, 2027-05-01T17:00:00+02:00)',
      ),
  ).action(
    async (
      flags: AdminFlags & { env: string; appConnector: string; user: string; description?: string; expires?: string },
    ) => {
      const expiresAt = parseExpiry(flags.expires);
      const token = await withRuntime(flags, async (runtime) =>
        createToken(runtime.db, await findAppConnector(runtime.db, flags.env, flags.appConnector), {
          userId: flags.user,
          description: flags.description,
          expiresAt,
        }),
      );
      io.out(flags.json ? JSON.stringify(token, null, 2) : token.xml);
    },
  );
  adminOptions(
    group
      .command('list')
      .description('list tokens (never their value)')
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--app-connector <name>', 'App Connector name'),
  ).action(async (flags: AdminFlags & { env: string; appConnector: string }) => {
    const tokens = await withRuntime(flags, async (runtime) =>
      listTokens(runtime.db, await findAppConnector(runtime.db, flags.env, flags.appConnector)),
    );
    printRecords(io, tokens as unknown as Record<string, unknown>[], Boolean(flags.json));
  });
  adminOptions(
    group
      .command('revoke')
      .description('revoke a token by id, or every token of a user')
      .requiredOption('--env <name>', 'environment')
      .requiredOption('--app-connector <name>', 'App Connector name')
      .option('--id <id>', 'token id (see token list)')
      .option('--user <id>', 'revoke every token of this user'),
  ).action(async (flags: AdminFlags & { env: string; appConnector: string; id?: string; user?: string }) => {
    const id = flags.id === undefined ? undefined : wholeNumber(flags.id, '--id', 1);
    const count = await withRuntime(flags, async (runtime) =>
      revokeTokens(runtime.db, await findAppConnector(runtime.db, flags.env, flags.appConnector), {
        id,
        userId: flags.user,
      }),
    );
    if (flags.json) io.out(JSON.stringify({ revoked: count }));
    else io.out(`revoked ${count} token${count === 1 ? '' : 's'}`);
    if (count === 0) throw new CliError('no live token matched', EXIT.notFound);
  });
}

export function demoCommand(program: Command, io: Io): void {
  adminOptions(
    program
      .command('demo')
      .description('build a demo environment with generated Dutch company data')
      .option('--rows <n>', 'number of employees (1 to 1,000,000)', '1000')
      .option('--env <name>', 'environment name', 'O12345AA')
      .option('--seed <n>', 'seed of the generator (the same seed gives the same data)'),
  ).action(async (flags: AdminFlags & { rows: string; env: string; seed?: string }) => {
    const employees = wholeNumber(flags.rows, '--rows', 1, 1_000_000);
    const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, '--seed', 0);
    const started = Date.now();
    const bar = progress(io, `demo ${flags.env}`, undefined);
    let rows = 0;
    await withRuntime(
      flags,
      (runtime) =>
        createDemoEnvironment(runtime, {
          environment: flags.env,
          employees,
          seed,
          onProgress: (count) => {
            rows = count;
            bar.update(count);
          },
        }),
      { create: true },
    );
    bar.stop();
    const summary = { environment: flags.env, employees, rows, seconds: (Date.now() - started) / 1000 };
    io.out(
      flags.json
        ? JSON.stringify(summary)
        : `built ${flags.env}: ${employees} employees, ${rows} rows in ${summary.seconds.toFixed(1)} s`,
    );
  });
}

export function configCommand(program: Command, io: Io): void {
  program
    .command('config')
    .description(
      'print the effective server configuration (defaults < settings file < APPCONNECTOR_* < flags), secrets masked',
    )
    .option('--db <database>', 'as for serve')
    .option('--config <dir>', 'as for serve')
    .action(async (flags: { db?: string; config?: string }) => {
      const { loadConfig, maskedConfig } = await loadServer();
      io.out(JSON.stringify(maskedConfig(loadConfig({ db: flags.db, config: flags.config })), null, 2));
    });
}
