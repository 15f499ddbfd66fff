// Builds an AfasClient from flags, APPCONNECTOR_* variables and a profile (which layer wins, and where a token may go).
// Must not talk to a server itself or know any command: commands call connect() and print what they get.

import {
  AfasClient,
  type ClientOptions,
  type ClientSettings,
  ENVIRONMENT_PLACEHOLDER,
  type EnvironmentOptions,
} from '@appconnector/client';
import { ENVIRONMENT_TYPES, type EnvironmentType } from '@appconnector/protocol';
import type { Command } from 'commander';
import { wholeNumber } from './flags.ts';
import { type StoredSignIn, signInAuth } from './oauth-session.ts';
import { CliError, EXIT } from './output.ts';
import { defaultProfileName, findProfile, loadProfiles, type Profile, profilesPath } from './profiles.ts';

export interface ConnectionFlags {
  profile?: string;
  url?: string;
  environment?: string;
  token?: string;
  language?: string;
  integrationId?: string;
  timeout?: string;
  retries?: string;
}

/** The options every command that talks to a server shares. */
export function connectionOptions(command: Command, { token = true } = {}): Command {
  command
    .option(
      '--profile <name>',
      'connection profile (default: APPCONNECTOR_PROFILE, else the default profile: see profile use)',
    )
    .option(
      '--url <url>',
      'base URL, e.g. http://localhost:8080/ProfitRestServices, or a template with {env} that --environment fills in: ' +
        'http://localhost:8080/{env}/ProfitRestServices (or APPCONNECTOR_URL)',
    )
    .option('--environment <name>', 'AFAS environment such as O12345AA or T12345AA (or APPCONNECTOR_ENVIRONMENT)');
  if (token) command.option('--token <token>', 'token: its XML, its 64 hex data or its base64 (or APPCONNECTOR_TOKEN)');
  return command
    .option('--language <code>', 'Accept-Language for labels and messages: nl-nl, en-us, nl-be, fr-fr, de-de')
    .option('--integration-id <id>', 'IntegrationId header (<subscription>_<project>)')
    .option('--timeout <seconds>', 'give up on one call after this many seconds (default 600)')
    .option(
      '--retries <n>',
      'retries of a failed read (408, 429, 502, 503, 504, connection errors, timeouts; default 2)',
    );
}

type Target = Pick<EnvironmentOptions, 'baseUrl' | 'environment' | 'participant' | 'type'>;

interface Layer {
  name: string;
  target?: Target;
  token?: string;
  /** A profile's OAuth sign-in (`login`), which stands where a token would. */
  signIn?: StoredSignIn;
  language?: string;
  integrationId?: string;
}

function profileLayer(name: string, profile: Profile, file: string): Layer {
  const target: Target = profile.baseUrl
    ? { baseUrl: profile.baseUrl, ...(profile.environment ? { environment: profile.environment } : {}) }
    : profile.environment
      ? { environment: profile.environment }
      : { participant: profile.participant!, type: profile.type ?? 'production' };
  // A signed-in OAuth profile uses its tokens; a signed-out one says so, unless it still has a classic token.
  const oauth = profile.oauth && (profile.oauth.tokens || !profile.token) ? profile.oauth : undefined;
  return {
    name: `profile '${name}'`,
    target,
    ...(oauth ? { signIn: { profile: name, file, oauth } } : { token: profile.token }),
    language: profile.language,
    integrationId: profile.integrationId,
  };
}

function targetOf(url: string | undefined, environment: string | undefined, source: string): Target | undefined {
  // A URL with {env} is a template the environment fills in (a local server's environments by path).
  if (url?.includes(ENVIRONMENT_PLACEHOLDER)) return environment ? { baseUrl: url, environment } : { baseUrl: url };
  if (url && environment) throw new CliError(`${source}: give a URL or an environment, not both`, EXIT.usage);
  if (url) return { baseUrl: url };
  if (environment) return { environment };
  return undefined;
}

/**
 * The connection from, lowest to highest: the default profile, APPCONNECTOR_* variables, --profile, flags.
 * A token is never sent to a server named by a higher layer than the one it came from: a profile's token does
 * not follow an APPCONNECTOR_URL or --url somewhere else.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): ClientOptions {
  const { token, signIn, ...server } = resolve(flags, env, true);
  return signIn ? { ...server, auth: signInAuth(server, signIn) } : { ...server, token: token! };
}

/** The server without a token, for the OTP calls that run before the user has one. */
export function resolveServer(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): ClientSettings {
  const { token: _ignored, signIn: _none, ...server } = resolve(flags, env, false);
  return server;
}

function resolve(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  needsToken: boolean,
): ClientSettings & { token?: string; signIn?: StoredSignIn } {
  const file = profilesPath(env);
  const explicitProfile = flags.profile ?? env.APPCONNECTOR_PROFILE;
  const store = loadProfiles(file);
  const profileName = explicitProfile ?? defaultProfileName(store);
  const profile =
    profileName === undefined ? undefined : profileLayer(profileName, findProfile(store, profileName, file), file);
  const fromEnv: Layer = {
    name: 'APPCONNECTOR_* variables',
    target: targetOf(env.APPCONNECTOR_URL, env.APPCONNECTOR_ENVIRONMENT, 'APPCONNECTOR_URL/APPCONNECTOR_ENVIRONMENT'),
    token: env.APPCONNECTOR_TOKEN || undefined,
  };
  const fromFlags: Layer = {
    name: 'flags',
    target: targetOf(flags.url, flags.environment, '--url/--environment'),
    token: flags.token,
    language: flags.language,
    integrationId: flags.integrationId,
  };
  // An explicit --profile is a choice made for this command, above ambient variables.
  const layers = [...(flags.profile === undefined ? [profile, fromEnv] : [fromEnv, profile]), fromFlags].filter(
    (l): l is Layer => l !== undefined,
  );

  let target: Target | undefined;
  let targetLevel = -1;
  let token: string | undefined;
  let signIn: StoredSignIn | undefined;
  let tokenLevel = -1;
  const settings: { language?: string; integrationId?: string } = {};
  layers.forEach((layer, level) => {
    if (layer.target) {
      // An environment alone, over a template of a lower layer: the template's server, this environment. The
      // server (and so where the token goes) is still the template's, so its level stays.
      const template = (target as Target | undefined)?.baseUrl;
      const alone = layer.target.environment !== undefined && layer.target.baseUrl === undefined;
      if (alone && template?.includes(ENVIRONMENT_PLACEHOLDER)) target = { baseUrl: template, ...layer.target };
      else [target, targetLevel] = [layer.target, level];
    }
    if (layer.token) [token, signIn, tokenLevel] = [layer.token, undefined, level];
    if (layer.signIn) [token, signIn, tokenLevel] = [undefined, layer.signIn, level];
    if (layer.language) settings.language = layer.language;
    if (layer.integrationId) settings.integrationId = layer.integrationId;
  });
  if (target && (target as Target).baseUrl?.includes(ENVIRONMENT_PLACEHOLDER) && !(target as Target).environment) {
    throw new CliError(
      `the URL ${(target as Target).baseUrl} has ${ENVIRONMENT_PLACEHOLDER}: give --environment (or APPCONNECTOR_ENVIRONMENT)`,
      EXIT.usage,
    );
  }
  if (!target) {
    throw new CliError(
      'no server: give --url or --environment, a --profile, or APPCONNECTOR_URL / APPCONNECTOR_ENVIRONMENT',
      EXIT.usage,
    );
  }
  if (!needsToken) return { ...(target as Target), ...settings, ...callOptions(flags) };
  if (!token && !signIn) {
    throw new CliError(
      'no token: give --token, a --profile (appconnector login signs one in), or APPCONNECTOR_TOKEN',
      EXIT.usage,
    );
  }
  if (tokenLevel < targetLevel) {
    throw new CliError(
      `the server comes from ${layers[targetLevel]!.name} but the token from ${layers[tokenLevel]!.name}: ` +
        'give the token at the same level (a token is not sent to a server it was not stored for)',
      EXIT.usage,
    );
  }
  return { ...(target as Target), ...(signIn ? { signIn } : { token }), ...settings, ...callOptions(flags) };
}

function callOptions(flags: ConnectionFlags): Pick<ClientSettings, 'timeout' | 'maxRetries'> {
  const out: Pick<ClientSettings, 'timeout' | 'maxRetries'> = {};
  if (flags.timeout !== undefined) {
    const seconds = Number(flags.timeout);
    if (!(seconds > 0)) throw new CliError('--timeout must be a number of seconds > 0', EXIT.usage);
    out.timeout = seconds * 1000;
  }
  if (flags.retries !== undefined) out.maxRetries = wholeNumber(flags.retries, '--retries', 0, 10);
  return out;
}

export function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): AfasClient {
  const options = resolveConnection(flags, env);
  try {
    return new AfasClient(options);
  } catch (error) {
    // The SDK checks the environment name, URL and token form up front; those are the user's input.
    throw new CliError((error as Error).message, EXIT.usage);
  }
}

export function environmentType(text: string): EnvironmentType {
  if (!ENVIRONMENT_TYPES.includes(text as EnvironmentType)) {
    throw new CliError(`type must be one of ${ENVIRONMENT_TYPES.join(', ')}`, EXIT.usage);
  }
  return text as EnvironmentType;
}
