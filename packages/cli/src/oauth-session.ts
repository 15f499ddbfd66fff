// The Auth of a profile signed in with `appconnector login`: its OAuth tokens renewed as needed (client credentials
// again, or the refresh token), each renewal written back to the profile at once since refresh tokens rotate.
// Must not sign in or out: commands/client-login.ts does.

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

/**
 * An Auth that builds its OAuth client on first use (the DPoP key is imported asynchronously, and connect() is
 * not). Before using its refresh token it looks at the file: another command that rotated it first has left the
 * new tokens there, and a second refresh with the spent one would revoke the whole sign-in.
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
    ready = new TokenAuth({
      tokens: oauth.tokens,
      onTokens: (tokens) => store(signIn, tokens),
      now: Date.now,
      dpop: client.dpop,
      renew: async (current) => {
        if (oauth.grant === 'client_credentials') return client.clientCredentials();
        const stored = storedTokens(signIn);
        if (stored?.refreshToken && stored.refreshToken !== current?.refreshToken) {
          if (stored.expiresAt === undefined || stored.expiresAt - 60_000 > Date.now()) return stored;
          return client.refresh(stored);
        }
        return client.refresh(current ?? oauth.tokens!);
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
