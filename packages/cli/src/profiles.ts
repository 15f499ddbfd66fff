// Named connection profiles in one JSON file (`~/.config/appconnector/profiles.json`, or APPCONNECTOR_PROFILES):
// reading, validating, writing (owner-only, atomically) and masking. Must not build clients: connect.ts does that.

import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkTokens, type OAuthTokens } from '@appconnector/client';
import { ENVIRONMENT_TYPES, type EnvironmentType, tokenData } from '@appconnector/protocol';
import { writeFileAtomic } from './files.ts';
import { CliError, EXIT } from './output.ts';

/** Where a client sends its calls and as whom. Exactly one of baseUrl, environment or participant. */
export interface Profile {
  baseUrl?: string;
  environment?: string;
  participant?: string;
  type?: EnvironmentType;
  /** The classic token XML (normalised when stored); a profile has this or `oauth`. */
  token?: string;
  /** OAuth 2 sign-in (`appconnector login`); tokens absent after `logout`. */
  oauth?: OAuthProfile;
  integrationId?: string;
  language?: string;
}

/** What `login` keeps: the client, its tokens and, for DPoP-bound tokens, the private key they are bound to. */
export interface OAuthProfile {
  clientId: string;
  grant: 'authorization_code' | 'client_credentials';
  /** Client credentials only: renewal needs it. The file is owner-only, as for classic tokens. */
  clientSecret?: string;
  tokens?: OAuthTokens;
  /** The DPoP private key as a JWK (the tokens are useless without it, and it without them). */
  dpopKey?: JsonWebKey;
}

export interface ProfileStore {
  /** The profile used when no other connection is given: the first one added, or the one `profile use` chose. */
  default?: string;
  profiles: Record<string, Profile>;
}

export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.APPCONNECTOR_PROFILES) return env.APPCONNECTOR_PROFILES;
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'appconnector', 'profiles.json');
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkProfileName(name: string): void {
  if (!NAME.test(name)) {
    throw new CliError(`profile name '${name}': use letters, digits, '.', '_' or '-' (at most 64)`, EXIT.usage);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A stored profile, checked field by field: a hand-edited file gets a message naming what is wrong. */
function readProfile(name: string, value: unknown, file: string): Profile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${file}: profile '${name}' is not an object`);
  }
  const raw = value as Record<string, unknown>;
  const token = text(raw.token);
  const oauth = raw.oauth === undefined ? undefined : readOAuth(name, raw.oauth, file);
  if (!token && !oauth) throw new CliError(`${file}: profile '${name}' has no token (nor an OAuth sign-in)`);
  const type = text(raw.type);
  if (type !== undefined && !ENVIRONMENT_TYPES.includes(type as EnvironmentType)) {
    throw new CliError(`${file}: profile '${name}': type must be one of ${ENVIRONMENT_TYPES.join(', ')}`);
  }
  const profile: Profile = token ? { token } : {};
  if (oauth) profile.oauth = oauth;
  for (const key of ['baseUrl', 'environment', 'participant', 'integrationId', 'language'] as const) {
    const v = raw[key] === undefined ? undefined : String(raw[key]);
    if (v !== undefined && v !== '') profile[key] = v;
  }
  if (type !== undefined) profile.type = type as EnvironmentType;
  if (!targetsValid(profile)) {
    throw new CliError(
      `${file}: profile '${name}' needs exactly one of baseUrl, environment or participant ` +
        '(or a baseUrl with {env} and an environment)',
    );
  }
  return profile;
}

function readOAuth(name: string, value: unknown, file: string): OAuthProfile {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const clientId = text(raw.clientId);
  if (!clientId || (raw.grant !== 'authorization_code' && raw.grant !== 'client_credentials')) {
    throw new CliError(`${file}: profile '${name}': oauth needs a clientId and a grant`);
  }
  const oauth: OAuthProfile = { clientId, grant: raw.grant };
  const secret = text(raw.clientSecret);
  if (secret) oauth.clientSecret = secret;
  try {
    if (raw.tokens !== undefined) oauth.tokens = checkTokens(raw.tokens);
  } catch (error) {
    throw new CliError(`${file}: profile '${name}': ${(error as Error).message}`);
  }
  if (typeof raw.dpopKey === 'object' && raw.dpopKey !== null) oauth.dpopKey = raw.dpopKey as JsonWebKey;
  return oauth;
}

/** One of baseUrl, environment or participant; or a base URL template with {env} and the environment to fill in. */
export function targetsValid(profile: Pick<Profile, 'baseUrl' | 'environment' | 'participant'>): boolean {
  if (profile.baseUrl?.includes('{env}')) return Boolean(profile.environment) && !profile.participant;
  return [profile.baseUrl, profile.environment, profile.participant].filter(Boolean).length === 1;
}

export function loadProfiles(file: string = profilesPath()): ProfileStore {
  if (!existsSync(file)) return { profiles: {} };
  keepOwnerOnly(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
    throw new CliError(`${file}: expected {"profiles": {"<name>": {...}}}`);
  }
  const out: Record<string, Profile> = {};
  for (const [name, value] of Object.entries(profiles)) out[name] = readProfile(name, value, file);
  const chosen = (parsed as { default?: unknown }).default;
  // A default naming a removed profile is ignored rather than an error: `profile use` sets a new one.
  const defaultName = typeof chosen === 'string' && out[chosen] ? chosen : undefined;
  return defaultName ? { default: defaultName, profiles: out } : { profiles: out };
}

/**
 * The profile a command uses when none is named: the store's chosen default, else one named "default" (files
 * written before defaults were recorded), else the only profile there is.
 */
export function defaultProfileName(store: ProfileStore): string | undefined {
  if (store.default) return store.default;
  if (store.profiles.default) return 'default';
  const names = Object.keys(store.profiles);
  return names.length === 1 ? names[0] : undefined;
}

/** Writes the store readable by its owner only (it holds tokens), through a temp file so it is never half written. */
export function saveProfiles(store: ProfileStore, file: string = profilesPath()): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, `${JSON.stringify(store, null, 2)}\n`, 0o600);
}

/**
 * The file holds tokens, secrets and DPoP keys: readable by its owner only. A file that others may read or write
 * (copied, unpacked, made by hand) is set back to 0600 when read.
 */
function keepOwnerOnly(file: string): void {
  if (process.platform === 'win32' || (statSync(file).mode & 0o077) === 0) return;
  try {
    chmodSync(file, 0o600);
  } catch (error) {
    // Not ours to change (another user's file): refuse rather than use credentials others can read.
    throw new CliError(`${file} is readable by others and cannot be set to 0600 (${(error as Error).message})`);
  }
}

export function findProfile(store: ProfileStore, name: string, file: string = profilesPath()): Profile {
  const profile = store.profiles[name];
  if (!profile) {
    const known = Object.keys(store.profiles);
    throw new CliError(
      `no profile '${name}' in ${file}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      EXIT.notFound,
    );
  }
  return profile;
}

/** The token with its data hidden except the last four characters: enough to tell two tokens apart. */
export function maskToken(token: string | undefined): string {
  if (token === undefined) return '';
  const data = tokenData(token);
  return data === undefined ? '********' : `********${data.slice(-4)}`;
}

/** What `profile show/list` print: every setting, the token masked. */
export function describeProfile(name: string, profile: Profile): Record<string, string> {
  const target =
    profile.baseUrl && profile.environment
      ? profile.baseUrl.replaceAll('{env}', profile.environment)
      : (profile.baseUrl ?? profile.environment ?? `${profile.participant} (${profile.type ?? 'production'})`);
  return {
    name,
    server: target,
    ...(profile.integrationId ? { integrationId: profile.integrationId } : {}),
    ...(profile.language ? { language: profile.language } : {}),
    token: maskToken(profile.token),
    ...(profile.oauth ? { oauth: describeOAuth(profile.oauth) } : {}),
  };
}

/** The OAuth sign-in without its secrets: client, grant, and whether and until when it holds a token. */
function describeOAuth(oauth: OAuthProfile): string {
  const state = !oauth.tokens
    ? 'signed out'
    : oauth.tokens.refreshToken
      ? 'signed in (renewed by refresh token)'
      : oauth.tokens.expiresAt === undefined
        ? 'signed in'
        : `signed in, token until ${new Date(oauth.tokens.expiresAt).toISOString()}`;
  const dpop = oauth.tokens?.tokenType === 'DPoP' ? ', DPoP-bound' : '';
  return `client ${oauth.clientId} (${oauth.grant}), ${state}${dpop}`;
}
