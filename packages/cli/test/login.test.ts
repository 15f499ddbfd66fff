// `appconnector login` and `logout` against the real server over HTTP, on SQLite and PostgreSQL: client credentials
// (secret by flag or stdin), the profile file kept owner-only (0600, set back when found wider), the client commands
// renewing the profile's tokens and writing them back, and logout revoking them (the old token then gets 401).

import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOAuthClient, setAuthMode } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../server/test/support/databases.ts';
import { startTestServer, type TestServer } from '../../server/test/support/harness.ts';
import { insertTestRows } from '../../server/test/support/test-rows.ts';
import { clearConnectionEnv, cli, tempDir } from './support/cli-harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The command from its sources in a child process, with stdin: what `--client-secret-stdin` reads. */
function cliProcess(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<{ code: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'packages/cli/bin/run-ts.js'), join(ROOT, 'packages/cli/src/main.ts'), ...args],
      { env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, err }));
    child.stdin.end(input);
  });
}

describe.each(DATABASE_KINDS)('appconnector login/logout (client credentials) on %s', (kind) => {
  let server: TestServer | undefined;
  const temp = tempDir();
  const file = join(temp.dir, 'profiles.json');
  let clientId: string;
  let clientSecret: string;
  const stored = () => JSON.parse(readFileSync(file, 'utf8')).profiles;

  beforeAll(async () => {
    clearConnectionEnv();
    process.env.APPCONNECTOR_PROFILES = file;
    server = await startTestServer(kind, { get: ['Test_People'], secondEnvironment: false });
    if (!server) return;
    await insertTestRows(server, { people: [{ id: 1, name: 'Anna', team_id: null }] });
    await setAuthMode(server.runtime.db, 'O12345AA', 'Tests', 'hybrid');
    const created = await createOAuthClient(server.runtime.db, {
      environment: 'O12345AA',
      appConnector: 'Tests',
      name: 'Scripts',
      type: 'confidential',
      userId: 'tester',
    });
    clientId = created.clientId;
    clientSecret = created.clientSecret!;
  });
  afterAll(async () => {
    await server?.close();
    clearConnectionEnv();
    temp.remove();
  });

  it('signs in by client credentials into a profile readable by its owner only; get uses it', async ({ skip }) => {
    if (!server) return skip();
    const signIn = (secret: string) =>
      cli('login', '--profile', 'svc', '--url', server!.base, '--client-id', clientId, '--client-secret', secret);
    const wrong = await signIn('nope');
    expect(wrong.code).toBe(3);
    expect(wrong.err).toMatch(/OAuth: 401 invalid_client/);
    const login = await signIn(clientSecret);
    expect(login.code, login.err).toBe(0);
    expect(login.out).toMatch(/signed in: profile 'svc' \(client_credentials, access token until/);
    expect(login.out + login.err).not.toContain(clientSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const profile = stored().svc;
    expect(profile).toMatchObject({ baseUrl: server.base, oauth: { clientId, grant: 'client_credentials' } });
    expect(profile.oauth.tokens.tokenType).toBe('Bearer');
    expect(profile.token).toBeUndefined();

    const got = await cli('get', 'Test_People', '--profile', 'svc', '--json');
    expect(got.code, got.err).toBe(0);
    expect(JSON.parse(got.out)).toMatchObject([{ Id: 1, Name: 'Anna' }]);
    // Again, as JSON for scripts: the profile keeps its server and client id, the secret is never printed.
    const again = await cli('login', '--profile', 'svc', '--client-secret', clientSecret, '--json');
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toEqual({
      profile: 'svc',
      file,
      grant: 'client_credentials',
      tokenType: 'Bearer',
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      refreshToken: false,
    });
    const shown = await cli('profile', 'show', 'svc');
    expect(shown.out).toMatch(/oauth:\s+client \S+ \(client_credentials\), signed in, token until/);
    expect(shown.out).not.toContain(stored().svc.oauth.tokens.accessToken);
  });

  it('sets a profile file that others may read back to 0600', async ({ skip }) => {
    if (!server) return skip();
    chmodSync(file, 0o644);
    expect((await cli('profile', 'list')).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('renews an expired token in a client command and writes the new one back to the profile', async ({ skip }) => {
    if (!server) return skip();
    const all = JSON.parse(readFileSync(file, 'utf8'));
    const before = all.profiles.svc.oauth.tokens.accessToken;
    all.profiles.svc.oauth.tokens.expiresAt = Date.now() - 1000;
    writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
    const got = await cli('get', 'Test_People', '--profile', 'svc', '--json');
    expect(got.code, got.err).toBe(0);
    const after = stored().svc.oauth.tokens;
    expect(after.accessToken).not.toBe(before);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('logout revokes the token at the server and removes it; the next call fails 401', async ({ skip }) => {
    if (!server) return skip();
    const token = stored().svc.oauth.tokens.accessToken as string;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${server.base}/connectors/Test_People`, { headers: bearer })).status).toBe(200);
    const out = await cli('logout', '--profile', 'svc', '--json');
    expect(out.code, out.err).toBe(0);
    expect(JSON.parse(out.out)).toEqual({ profile: 'svc', file, revoked: true });
    const answer = await fetch(`${server.base}/connectors/Test_People`, { headers: bearer });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    const profile = stored().svc;
    expect(profile.oauth).toEqual({ clientId, grant: 'client_credentials' });
    const after = await cli('get', 'Test_People', '--profile', 'svc');
    expect(after.code).toBe(3);
    expect(after.err).toMatch(/signed out: run appconnector login --profile svc/);
    expect((await cli('logout', '--profile', 'svc')).code).toBe(2);
  });

  it('takes the secret from stdin, and login again reuses the profile and its client id', async ({ skip }) => {
    if (!server) return skip();
    // A terminal is refused, as for --password-stdin: typing would show the secret and wait for an end of file.
    const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: true, configurable: true });
    try {
      const typed = await cli('login', '--profile', 'svc', '--client-secret-stdin');
      expect([typed.code, typed.err]).toEqual([
        2,
        expect.stringMatching(/--client-secret-stdin reads the client secret from a pipe/),
      ]);
    } finally {
      if (tty) Object.defineProperty(process.stdin, 'isTTY', tty);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    }
    const env = { ...process.env, APPCONNECTOR_PROFILES: file };
    const piped = await cliProcess(['login', '--profile', 'svc', '--client-secret-stdin'], `${clientSecret}\n`, env);
    expect(piped.code, piped.err).toBe(0);
    expect(stored().svc.oauth.tokens.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await cli('get', 'Test_People', '--profile', 'svc', '--json')).code).toBe(0);
  });
});
