// `appconnector profile add|list|show|remove`: named connections (server + token) in the profiles file.
// Must not print a token in full: list and show mask it; only `otp validate` prints a token, the one it just got.

import { AfasClient } from '@appconnector/client';
import { normalizeToken } from '@appconnector/protocol';
import type { Command } from 'commander';
import { environmentType } from '../connect.ts';
import { CliError, EXIT, type Io, printRecords } from '../output.ts';
import {
  checkProfileName,
  defaultProfileName,
  describeProfile,
  findProfile,
  loadProfiles,
  type Profile,
  profilesPath,
  saveProfiles,
  targetsValid,
} from '../profiles.ts';

interface AddFlags {
  url?: string;
  environment?: string;
  participant?: string;
  type?: string;
  token?: string;
  integrationId?: string;
  language?: string;
  force?: boolean;
  default?: boolean;
}

function profileOf(flags: AddFlags, env: NodeJS.ProcessEnv): Profile {
  if (!targetsValid({ baseUrl: flags.url, environment: flags.environment, participant: flags.participant })) {
    throw new CliError(
      'give one of --url, --environment or --participant (or a --url with {env} and --environment)',
      EXIT.usage,
    );
  }
  if (flags.type !== undefined && flags.participant === undefined) {
    throw new CliError('--type goes with --participant', EXIT.usage);
  }
  const given = flags.token ?? env.APPCONNECTOR_TOKEN;
  if (!given) throw new CliError('give --token (or APPCONNECTOR_TOKEN)', EXIT.usage);
  let token: string;
  try {
    // Stored as the XML whatever form was pasted, so every later call sends the same header.
    token = normalizeToken(given);
  } catch (error) {
    throw new CliError(`--token: ${(error as Error).message}`, EXIT.usage);
  }
  const profile: Profile = { token };
  if (flags.url) profile.baseUrl = flags.url;
  if (flags.environment) profile.environment = flags.environment.trim().toUpperCase();
  if (flags.participant) {
    profile.participant = flags.participant.trim();
    profile.type = environmentType(flags.type ?? 'production');
  }
  if (flags.integrationId) profile.integrationId = flags.integrationId;
  if (flags.language) profile.language = flags.language;
  try {
    // The SDK's own checks of URL, environment name and participant number, before anything is stored.
    new AfasClient({ ...profile, token });
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  return profile;
}

export function profileCommands(program: Command, io: Io): void {
  const group = program
    .command('profile')
    .description(`named connections (server and token) in ${profilesPath()} (APPCONNECTOR_PROFILES moves it)`);
  group
    .command('add')
    .description(
      'add or replace a profile; the first one added is the default (used when no other connection is given)',
    )
    .argument('<name>', 'profile name')
    .option('--url <url>', 'base URL, e.g. http://localhost:8080/ProfitRestServices')
    .option('--environment <name>', 'AFAS environment such as O12345AA, T12345AA, A12345AA')
    .option('--participant <n>', 'participant number (5 or 6 digits), with --type')
    .option('--type <type>', 'production, test, accept or cursus (with --participant; default production)')
    .option('--token <token>', 'token: XML, 64 hex or base64 (or APPCONNECTOR_TOKEN, which keeps it out of history)')
    .option('--integration-id <id>', 'IntegrationId header (<subscription>_<project>)')
    .option('--language <code>', 'Accept-Language: nl-nl, en-us, nl-be, fr-fr, de-de')
    .option('--force', 'replace a profile of that name')
    .option('--default', 'make it the default profile (the first profile added is the default anyway)')
    .action((name: string, flags: AddFlags) => {
      checkProfileName(name);
      const file = profilesPath();
      const store = loadProfiles(file);
      if (store.profiles[name] && !flags.force) {
        throw new CliError(`profile '${name}' exists: --force replaces it`, EXIT.usage);
      }
      const before = defaultProfileName(store);
      store.profiles[name] = profileOf(flags, process.env);
      // The first profile becomes the default, so `profile add x` followed by `get` works without --profile.
      if (flags.default || before === undefined) store.default = name;
      else store.default = before;
      saveProfiles(store, file);
      io.out(`saved profile '${name}' in ${file}${store.default === name ? ' (the default profile)' : ''}`);
    });
  group
    .command('use')
    .description('make a profile the default: used when no --profile, --url, --environment or APPCONNECTOR_* is given')
    .argument('<name>', 'profile name')
    .action((name: string) => {
      const file = profilesPath();
      const store = loadProfiles(file);
      findProfile(store, name, file);
      store.default = name;
      saveProfiles(store, file);
      io.out(`'${name}' is the default profile`);
    });
  group
    .command('list')
    .description('list the profiles (tokens masked)')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const store = loadProfiles();
      const chosen = defaultProfileName(store);
      const rows: Record<string, string>[] = Object.entries(store.profiles).map(([name, profile]) => ({
        ...describeProfile(name, profile),
        default: name === chosen ? 'yes' : '',
      }));
      // One table: a column any profile has, every row has (an OAuth sign-in beside classic tokens).
      if (rows.some((row) => 'oauth' in row)) for (const row of rows) row.oauth ??= '';
      printRecords(io, rows, Boolean(flags.json));
    });
  group
    .command('show')
    .description('show one profile (token masked)')
    .argument('<name>', 'profile name')
    .option('--json', 'print JSON')
    .action((name: string, flags: { json?: boolean }) => {
      const file = profilesPath();
      const described = describeProfile(name, findProfile(loadProfiles(file), name, file));
      if (flags.json) io.out(JSON.stringify(described, null, 2));
      else
        io.out(
          Object.entries(described)
            .map(([key, value]) => `${`${key}:`.padEnd(15)}${value}`)
            .join('\n'),
        );
    });
  group
    .command('remove')
    .description('remove a profile')
    .argument('<name>', 'profile name')
    .action((name: string) => {
      const file = profilesPath();
      const store = loadProfiles(file);
      findProfile(store, name, file);
      delete store.profiles[name];
      if (store.default === name) delete store.default;
      saveProfiles(store, file);
      io.out(`removed profile '${name}'`);
    });
}
