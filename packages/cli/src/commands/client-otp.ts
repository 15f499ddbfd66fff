// `appconnector otp request|validate`: a user gets a token with a one-time code mailed by Profit (no token needed).
// Must not store the token anywhere on its own: it is printed, and kept in a profile only when --save-profile asks.

import { AfasClient } from '@appconnector/client';
import type { Command } from 'commander';
import { type ConnectionFlags, connectionOptions, resolveServer } from '../connect.ts';
import { CliError, EXIT, type Io } from '../output.ts';
import {
  checkProfileName,
  defaultProfileName,
  loadProfiles,
  type Profile,
  profilesPath,
  saveProfiles,
} from '../profiles.ts';
import { clientAction } from './client-action.ts';

interface OtpFlags extends ConnectionFlags {
  apiKey?: string;
  apiToken?: string;
  user: string;
  otp?: string;
  saveProfile?: string;
}

function credentials(flags: OtpFlags, env: NodeJS.ProcessEnv = process.env) {
  const apiKey = flags.apiKey ?? env.APPCONNECTOR_API_KEY;
  const apiToken = flags.apiToken ?? env.APPCONNECTOR_API_TOKEN;
  if (!apiKey || !apiToken) {
    throw new CliError(
      'give --api-key and --api-token (or APPCONNECTOR_API_KEY and APPCONNECTOR_API_TOKEN)',
      EXIT.usage,
    );
  }
  return { apiKey, apiToken, userId: flags.user };
}

function otpOptions(command: Command): Command {
  command
    .option('--api-key <key>', "the App Connector's API key from AFAS (or APPCONNECTOR_API_KEY)")
    .option('--api-token <token>', "the App Connector's API token from AFAS (or APPCONNECTOR_API_TOKEN)")
    .requiredOption('--user <id>', 'the Profit user id, e.g. 12345.jan');
  return connectionOptions(command, { token: false });
}

export function otpCommands(program: Command, io: Io): void {
  const group = program
    .command('otp')
    .description('get a token for a user with a one-time code that Profit mails (POST /OtpRequest, /OtpValidation)');
  otpOptions(group.command('request').description('ask Profit to mail the user a one-time code')).action(
    clientAction(async (flags: OtpFlags) => {
      await AfasClient.requestOtp(resolveServer(flags), credentials(flags));
      // The answer is the same for wrong keys, on purpose: say so rather than promise a mail.
      io.out('requested: if the keys and user are right, Profit mails the user a code (then run otp validate)');
    }),
  );
  otpOptions(
    group
      .command('validate')
      .description('trade the mailed code for a token; prints the token XML')
      .requiredOption('--otp <code>', 'the code from the mail')
      .option('--save-profile <name>', 'also store a profile with this server and the new token'),
  ).action(
    clientAction(async (flags: OtpFlags) => {
      if (flags.saveProfile !== undefined) {
        checkProfileName(flags.saveProfile);
        // Refused before the code is spent: a code works once.
        if (loadProfiles(profilesPath()).profiles[flags.saveProfile])
          throw new CliError(
            `profile '${flags.saveProfile}' exists: choose another name or remove it first`,
            EXIT.usage,
          );
      }
      const server = resolveServer(flags);
      const token = await AfasClient.validateOtp(server, { ...credentials(flags), otp: flags.otp! });
      if (token === undefined) throw new CliError('the code was not accepted (wrong or expired)', EXIT.auth);
      io.out(token);
      if (flags.saveProfile !== undefined) {
        const file = profilesPath();
        const store = loadProfiles(file);
        const profile: Profile = {
          ...(server.baseUrl ? { baseUrl: server.baseUrl } : {}),
          ...(server.environment ? { environment: server.environment } : {}),
          ...(server.participant !== undefined ? { participant: String(server.participant), type: server.type } : {}),
          token,
          ...(server.integrationId ? { integrationId: server.integrationId } : {}),
          ...(server.language ? { language: server.language } : {}),
        };
        const before = defaultProfileName(store);
        store.profiles[flags.saveProfile] = profile;
        store.default = before ?? flags.saveProfile;
        saveProfiles(store, file);
        io.err(`saved profile '${flags.saveProfile}' in ${file}`);
      }
    }),
  );
}
