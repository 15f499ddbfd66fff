// `appconnector login` and `logout`: OAuth 2 sign-in into a profile (the code flow with PKCE through the browser
// and a loopback redirect, or client credentials), and sign-out that revokes at the server. Must not print tokens.

import { randomBytes } from 'node:crypto';
import { createDpopKey, createPkce, exportDpopKey, OAuthClient, type OAuthTokens } from '@appconnector/client';
import type { Command } from 'commander';
import { openBrowser } from '../browser.ts';
import { type ConnectionFlags, connectionOptions, resolveServer } from '../connect.ts';
import { wholeNumber } from '../flags.ts';
import { startLoopback } from '../loopback.ts';
import { oauthClientOf } from '../oauth-session.ts';
import { CliError, EXIT, type Io } from '../output.ts';
import {
  checkProfileName,
  defaultProfileName,
  findProfile,
  loadProfiles,
  type OAuthProfile,
  type Profile,
  profilesPath,
  saveProfiles,
} from '../profiles.ts';
import { asCliError, clientAction } from './client-action.ts';
import { readStdin } from './oauth-admin.ts';

interface LoginFlags extends ConnectionFlags {
  clientId?: string;
  clientSecret?: string;
  clientSecretStdin?: boolean;
  scope?: string;
  browser: boolean;
  dpop: boolean;
  port?: string;
  wait?: string;
  json?: boolean;
}

/** The profile login writes: --profile, APPCONNECTOR_PROFILE, the default profile, else one named "default". */
function targetProfile(flags: LoginFlags): { name: string; existing: Profile | undefined; file: string } {
  const file = profilesPath();
  const store = loadProfiles(file);
  const name = flags.profile ?? process.env.APPCONNECTOR_PROFILE ?? defaultProfileName(store) ?? 'default';
  checkProfileName(name);
  return { name, existing: store.profiles[name], file };
}

function save(file: string, name: string, server: ReturnType<typeof resolveServer>, oauth: OAuthProfile): boolean {
  const store = loadProfiles(file);
  const before = store.profiles[name];
  const profile: Profile = {
    ...(server.baseUrl ? { baseUrl: server.baseUrl } : {}),
    ...(server.environment ? { environment: server.environment } : {}),
    ...(server.participant !== undefined ? { participant: String(server.participant), type: server.type } : {}),
    // OAuth replaces a classic token: one profile, one way to sign calls.
    oauth,
    ...(server.integrationId ? { integrationId: server.integrationId } : {}),
    ...(server.language ? { language: server.language } : {}),
  };
  store.profiles[name] = profile;
  store.default = defaultProfileName(store) ?? name;
  saveProfiles(store, file);
  return Boolean(before?.token);
}

function until(tokens: OAuthTokens): string {
  return tokens.expiresAt === undefined ? '' : `, access token until ${new Date(tokens.expiresAt).toISOString()}`;
}

export function loginCommands(program: Command, io: Io): void {
  connectionOptions(
    program
      .command('login')
      .description(
        'sign in with OAuth 2 and keep the tokens in a profile (owner-only file): by default the authorization ' +
          'code flow with PKCE in your browser, which comes back to http://127.0.0.1:<port>/callback; with a ' +
          'client secret, client credentials. APPCONNECTOR_BROWSER=<command> chooses the browser',
      )
      .option('--client-id <id>', "the OAuth client's id (default: the profile's, from an earlier login)")
      .option('--client-secret <secret>', 'a confidential client: sign in by client credentials (no browser)')
      .option('--client-secret-stdin', 'read the client secret from stdin (keeps it out of the shell history)')
      .option('--scope <scope>', 'scope to ask for (space-separated)')
      .option('--no-browser', 'do not start a browser: open the printed URL yourself')
      .option('--no-dpop', 'browser sign-in without DPoP-bound tokens (for servers that do not support DPoP)')
      .option('--port <n>', 'loopback port for the redirect (default: a random free port)')
      .option('--wait <seconds>', 'how long to wait for the browser to come back (default 300)')
      .option('--json', 'print the result as JSON'),
    { token: false },
  ).action(
    clientAction(async (flags: LoginFlags) => {
      const { name, existing, file } = targetProfile(flags);
      // The server of an existing profile, unless flags name another; a new profile takes it from flags and env.
      const server = resolveServer(existing ? { ...flags, profile: name } : { ...flags, profile: undefined }, {
        ...process.env,
        ...(existing ? {} : { APPCONNECTOR_PROFILE: undefined }),
      });
      const clientId = flags.clientId ?? existing?.oauth?.clientId;
      if (!clientId) throw new CliError('give --client-id (the OAuth client registered for this app)', EXIT.usage);
      if (flags.clientSecret !== undefined && flags.clientSecretStdin) {
        throw new CliError('give --client-secret or --client-secret-stdin, not both', EXIT.usage);
      }
      const secret = flags.clientSecretStdin
        ? await readStdin('--client-secret-stdin', 'the client secret')
        : flags.clientSecret;
      if (secret === '') throw new CliError('the client secret is empty', EXIT.usage);

      let oauth: OAuthProfile;
      if (secret !== undefined) {
        const client = new OAuthClient({ ...server, clientId, clientSecret: secret });
        const tokens = await client.clientCredentials(flags.scope ? { scope: flags.scope } : {});
        oauth = { clientId, grant: 'client_credentials', clientSecret: secret, tokens };
      } else {
        oauth = await browserSignIn(io, flags, server, clientId);
      }
      const replaced = save(file, name, server, oauth);
      const tokens = oauth.tokens!;
      if (flags.json) {
        io.out(
          JSON.stringify({
            profile: name,
            file,
            grant: oauth.grant,
            tokenType: tokens.tokenType,
            expiresAt: tokens.expiresAt === undefined ? null : new Date(tokens.expiresAt).toISOString(),
            refreshToken: Boolean(tokens.refreshToken),
          }),
        );
      } else {
        io.out(
          `signed in: profile '${name}' (${oauth.grant}${tokens.tokenType === 'DPoP' ? ', DPoP-bound' : ''}` +
            `${until(tokens)}) in ${file}${replaced ? '; its classic token was replaced' : ''}`,
        );
      }
    }),
  );

  program
    .command('logout')
    .description(
      "revoke a profile's OAuth tokens at the server (RFC 7009) and remove them from the profile; the profile keeps " +
        'its server and client id for the next login',
    )
    .option('--profile <name>', 'the profile (default: APPCONNECTOR_PROFILE, else the default profile)')
    .option('--timeout <seconds>', 'give up on one call after this many seconds (default 30)')
    .option('--json', 'print the result as JSON')
    .action(
      clientAction(async (flags: { profile?: string; timeout?: string; json?: boolean }) => {
        const file = profilesPath();
        const store = loadProfiles(file);
        const name = flags.profile ?? process.env.APPCONNECTOR_PROFILE ?? defaultProfileName(store);
        if (!name) throw new CliError('give --profile: there is no default profile', EXIT.usage);
        const profile = findProfile(store, name, file);
        const oauth = profile.oauth;
        if (!oauth?.tokens) {
          throw new CliError(`profile '${name}' is not signed in with OAuth: nothing to revoke`, EXIT.usage);
        }
        // The profile's own server only: no APPCONNECTOR_URL may send its tokens elsewhere.
        const server = resolveServer(
          { profile: name, timeout: flags.timeout ?? '30' },
          { APPCONNECTOR_PROFILES: file },
        );
        let failure: unknown;
        try {
          const client = await oauthClientOf(server, oauth);
          // The refresh token first: revoking it takes the access tokens of its sign-in along (RFC 7009 section 2.1).
          if (oauth.tokens.refreshToken) {
            await client.revoke(oauth.tokens.refreshToken, { tokenTypeHint: 'refresh_token' });
          }
          await client.revoke(oauth.tokens.accessToken, { tokenTypeHint: 'access_token' });
        } catch (error) {
          failure = error;
        }
        // Removed whatever the server said: the user asked to be signed out here.
        const { tokens: _spent, dpopKey: _key, clientSecret: _secret, ...kept } = oauth;
        profile.oauth = kept;
        saveProfiles(store, file);
        if (failure !== undefined) {
          const cause = asCliError(failure);
          const message = cause instanceof Error ? cause.message : String(cause);
          throw new CliError(
            `removed the tokens of profile '${name}', but the server did not confirm the revocation (${message}); ` +
              'its access token may work until it expires',
            cause instanceof CliError ? cause.exitCode : EXIT.failure,
          );
        }
        if (flags.json) io.out(JSON.stringify({ profile: name, file, revoked: true }));
        else io.out(`signed out: the tokens of profile '${name}' are revoked and removed`);
      }),
    );
}

/** The code flow of a native app: PKCE, DPoP key, the browser, the loopback redirect, the code exchange. */
async function browserSignIn(
  io: Io,
  flags: LoginFlags,
  server: ReturnType<typeof resolveServer>,
  clientId: string,
): Promise<OAuthProfile> {
  const port = flags.port === undefined ? 0 : wholeNumber(flags.port, '--port', 0, 65535);
  const waitMs = (flags.wait === undefined ? 300 : wholeNumber(flags.wait, '--wait', 1, 3600)) * 1000;
  // Extractable: the key must be stored with the tokens bound to it, in the owner-only profile file.
  const dpop = flags.dpop ? await createDpopKey({ extractable: true }) : undefined;
  const client = new OAuthClient({ ...server, clientId, ...(dpop ? { dpop } : {}) });
  const pkce = await createPkce();
  const state = randomBytes(24).toString('base64url');
  const loopback = await startLoopback(port).catch((error: Error) => {
    throw new CliError(`cannot listen on 127.0.0.1:${port} for the redirect: ${error.message}`, EXIT.usage);
  });
  try {
    const url = client.authorizationUrl({
      redirectUri: loopback.redirectUri,
      state,
      codeChallenge: pkce.challenge,
      ...(flags.scope ? { scope: flags.scope } : {}),
    });
    io.err(`Sign in in your browser; if it does not open, open this URL:\n\n  ${url}\n`);
    if (flags.browser && !(await openBrowser(url))) io.err('(could not start a browser: open the URL yourself)');
    let back: URL;
    try {
      back = await loopback.wait(state, waitMs);
    } catch (error) {
      throw new CliError(`${(error as Error).message}: run appconnector login again`, EXIT.auth);
    }
    const { code } = OAuthClient.readCallback(back, state);
    const tokens = await client.exchangeCode({
      code,
      redirectUri: loopback.redirectUri,
      codeVerifier: pkce.verifier,
    });
    return {
      clientId,
      grant: 'authorization_code',
      tokens,
      ...(dpop && tokens.tokenType === 'DPoP' ? { dpopKey: await exportDpopKey(dpop) } : {}),
    };
  } finally {
    await loopback.close();
  }
}
