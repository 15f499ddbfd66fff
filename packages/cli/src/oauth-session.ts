// The Auth of a profile signed in with `appconnector login`: its OAuth tokens renewed as needed (client credentials
// again, or the refresh token), each renewal written back to the profile at once since refresh tokens rotate.
// Must not sign in or out: commands/client-login.ts does.

import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Auth,
  type EnvironmentOptions,
  importDpopKey,
  OAuthClient,
  type OAuthTokens,
  TokenAuth,
} from '@appconnector/client';
import { CliError, EXIT } from './output.ts';
import { loadProfiles, type OAuthProfile, saveProfiles } from './profiles.ts';

export interface StoredSignIn {
  /** The profile and its file, where renewed tokens go. */
  profile: string;
  file: string;
  oauth: OAuthProfile;
}

/** The OAuth client of a sign-in (with its DPoP key when the tokens are bound to one). */
export async function oauthClientOf(
  server: EnvironmentOptions & { timeout?: number | undefined },
  oauth: OAuthProfile,
): Promise<OAuthClient> {
  return new OAuthClient({
    ...server,
    clientId: oauth.clientId,
    ...(oauth.clientSecret ? { clientSecret: oauth.clientSecret } : {}),
    ...(oauth.dpopKey ? { dpop: await importDpopKey(oauth.dpopKey) } : {}),
  });
}

/** The tokens stored for the sign-in now (another command may have renewed them since this one started). */
function storedTokens(signIn: StoredSignIn): OAuthTokens | undefined {
  return loadProfiles(signIn.file).profiles[signIn.profile]?.oauth?.tokens;
}

function store(signIn: StoredSignIn, tokens: OAuthTokens): void {
  const all = loadProfiles(signIn.file);
  const profile = all.profiles[signIn.profile];
  // Signed out meanwhile (logout in another terminal): the renewal is not written back.
  if (!profile?.oauth || profile.oauth.clientId !== signIn.oauth.clientId) return;
  profile.oauth.tokens = tokens;
  saveProfiles(all, signIn.file);
}

/** A lock file may be older than this only when the command that made it died: a refresh takes seconds. */
const STALE_LOCK_MS = 30_000;

/**
 * Runs `work` while holding `<profiles file>.lock` (created exclusively): commands of any process that refresh the
 * same sign-in take turns, so the second one finds the tokens the first one stored instead of spending a refresh
 * token twice (which makes the server revoke the whole sign-in).
 */
async function withProfileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
    } catch {
      // Gone meanwhile: the next round takes it.
    }
    if (Date.now() - started > 2 * STALE_LOCK_MS) {
      throw new CliError(`${lock} is held by another appconnector command; remove it if none runs`);
    }
    await sleep(25);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * An Auth that builds its OAuth client on first use (the DPoP key is imported asynchronously, and connect() is
 * not). A refresh runs under the profile lock and reads the file first: another command that rotated the refresh
 * token meanwhile has left the new tokens there, and those are used instead.
 */
export function signInAuth(server: EnvironmentOptions & { timeout?: number | undefined }, signIn: StoredSignIn): Auth {
  const { oauth } = signIn;
  if (!oauth.tokens) {
    throw new CliError(
      `profile '${signIn.profile}' is signed out: run appconnector login --profile ${signIn.profile}`,
      EXIT.auth,
    );
  }
  let ready: TokenAuth | undefined;
  let making: Promise<TokenAuth> | undefined;
  const make = async () => {
    const client = await oauthClientOf(server, oauth);
    const refresh = (current: OAuthTokens | undefined) =>
      withProfileLock(signIn.file, async () => {
        const stored = storedTokens(signIn);
        const rotated = stored?.refreshToken !== undefined && stored.refreshToken !== current?.refreshToken;
        if (rotated && (stored.expiresAt === undefined || stored.expiresAt - 60_000 > Date.now())) return stored;
        const next = await client.refresh(rotated ? stored : (current ?? oauth.tokens!));
        // Stored before the lock is let go, so the next command in line reads these.
        store(signIn, next);
        return next;
      });
    ready = new TokenAuth({
      tokens: oauth.tokens,
      now: Date.now,
      dpop: client.dpop,
      renew: async (current) => {
        if (oauth.grant !== 'client_credentials') return refresh(current);
        const next = await client.clientCredentials();
        store(signIn, next);
        return next;
      },
    });
    return ready;
  };
  const auth = () => (making ??= make());
  return {
    headers: async (target, signal) => (await auth()).headers(target, signal),
    refused: async (error, target, call, signal) => (await auth()).refused(error, target, call, signal),
    answered: (headers, target) => ready?.answered(headers, target),
  };
}
