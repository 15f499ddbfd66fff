// The OAuth 2 administration commands in-process on a real SQLite file and a real PostgreSQL database: a client's
// secret printed once and working at a server on the same database, the App Connector's mode, users' passwords from
// stdin, the classic-token dates, deleting a client revokes its tokens; exit codes and help texts.

import { boot, buildApp } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../server/test/support/databases.ts';
import { EXIT } from '../src/output.ts';
import { cli, cliWithStdin } from './support/cli-harness.ts';

describe.each(['sqlite', 'postgres'] as const)('OAuth administration on %s', (kind) => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = kind === 'sqlite' ? sqliteDatabase() : await postgresDatabase();
  });
  afterAll(async () => database?.drop());

  it('creates a client whose secret works once the App Connector takes OAuth, and deletes it', async ({ skip }) => {
    if (!database) return skip();
    const db = ['--db', database.url];
    expect((await cli('env', 'create', 'O12345AA', ...db)).code).toBe(0);
    expect((await cli('app-connector', 'create', '--env', 'O12345AA', '--name', 'Payroll', ...db)).code).toBe(0);
    expect(
      (await cli('app-connector', 'link', '--env', 'O12345AA', '--name', 'Payroll', '--get', 'Profit_Employees', ...db))
        .code,
    ).toBe(0);
    const created = await cli(
      'oauth',
      'client',
      'create',
      '--env',
      'O12345AA',
      '--app-connector',
      'Payroll',
      '--name',
      'Payroll sync',
      '--user',
      'jan',
      ...db,
    );
    expect(created.code, created.err).toBe(0);
    const [, clientId, secret] = /client ([0-9a-f]{32}) of .*\n.*\n([A-Za-z0-9_-]{43})\n$/.exec(created.out)!;
    const list = await cli('oauth', 'client', 'list', '--env', 'O12345AA', '--json', ...db);
    expect(JSON.parse(list.out)).toEqual([
      expect.objectContaining({ clientId, type: 'confidential', userId: 'jan', appConnector: 'Payroll' }),
    ]);
    expect(list.out).not.toContain(secret!);

    const runtime = await boot({ database: database.url });
    const app = await buildApp({ db: runtime.db, registry: runtime.registry, environmentRefreshMs: 0 });
    try {
      const token = () =>
        app.inject({
          method: 'POST',
          url: '/ProfitRestServices/oauth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`,
        });
      expect((await token()).json().error).toBe('unauthorized_client');
      const mode = await cli('app-connector', 'auth-mode', 'Payroll', 'oauth', '--env', 'O12345AA', ...db);
      expect(mode.out).toBe("App Connector 'Payroll' in O12345AA: oauth\n");
      const issued = await token();
      expect(issued.statusCode).toBe(200);
      const headers = { authorization: `Bearer ${issued.json().access_token}` };
      const read = () => app.inject({ url: '/ProfitRestServices/connectors/Profit_Employees?take=1', headers });
      expect((await read()).statusCode).toBe(200);
      const deleted = await cli('oauth', 'client', 'delete', clientId!, '--env', 'O12345AA', ...db);
      expect(deleted.out).toBe(`deleted client ${clientId}; its tokens are revoked\n`);
      expect((await read()).statusCode).toBe(401);
    } finally {
      await app.close();
      await runtime.db.close();
    }
    const bogus = await cli('app-connector', 'auth-mode', 'Payroll', 'bogus', '--env', 'O12345AA', ...db);
    expect(bogus.code).toBe(EXIT.usage);
    const gone = await cli('oauth', 'client', 'delete', 'nope', '--env', 'O12345AA', ...db);
    expect(gone.code).toBe(EXIT.notFound);
    const noRedirect = await cli(
      'oauth',
      'client',
      'create',
      '--env',
      'O12345AA',
      '--app-connector',
      'Payroll',
      '--name',
      'Web',
      '--public',
      ...db,
    );
    expect([noRedirect.code, noRedirect.err]).toEqual([
      EXIT.usage,
      'error: a public client needs at least one --redirect-uri (it can only use the authorization code flow)\n',
    ]);
  });

  it('sets passwords from stdin, and shows, sets and clears the classic-token dates', async ({ skip }) => {
    if (!database) return skip();
    const db = ['--db', database.url];
    const setPassword = (input: string) =>
      cliWithStdin(input, 'oauth', 'user', 'set', '--env', 'O12345AA', '--user', 'jan', '--password-stdin', ...db);
    const set = await setPassword('a long password\n');
    expect([set.code, set.out]).toEqual([0, 'password of jan in O12345AA set\n']);
    const short = await setPassword('short');
    expect(short.code).toBe(EXIT.usage);
    const users = JSON.parse((await cli('oauth', 'user', 'list', '--env', 'O12345AA', '--json', ...db)).out);
    expect(users.map((u: { userId: string }) => u.userId)).toEqual(['jan']);

    const dates = await cli(
      'env',
      'classic-tokens',
      'O12345AA',
      '--expire',
      '2027-05-01',
      '--stop',
      '2027-08-31',
      '--json',
      ...db,
    );
    expect(JSON.parse(dates.out)).toEqual({
      environment: 'O12345AA',
      expireAt: '2027-05-01T00:00:00.000Z',
      stopAt: '2027-08-31T00:00:00.000Z',
    });
    const shown = await cli('env', 'classic-tokens', 'O12345AA', ...db);
    expect(shown.out).toBe(
      'O12345AA: classic tokens made before 2027-05-01T00:00:00.000Z expire then; all stop at 2027-08-31T00:00:00.000Z\n',
    );
    const wrong = await cli('env', 'classic-tokens', 'O12345AA', '--stop', '2027-04-01', ...db);
    expect([wrong.code, wrong.err]).toEqual([EXIT.usage, 'error: --stop must not be before --expire\n']);
    const cleared = await cli('env', 'classic-tokens', 'O12345AA', '--clear', '--json', ...db);
    expect(JSON.parse(cleared.out)).toEqual({ environment: 'O12345AA', expireAt: null, stopAt: null });
  });
});

describe('OAuth help', () => {
  it('documents the new commands and their options', async () => {
    for (const argv of [
      ['oauth', 'client', 'create', '--help'],
      ['oauth', 'client', 'list', '--help'],
      ['oauth', 'client', 'delete', '--help'],
      ['oauth', 'user', 'set', '--help'],
      ['app-connector', 'auth-mode', '--help'],
      ['env', 'classic-tokens', '--help'],
    ]) {
      const help = await cli(...argv);
      expect(help.out, argv.join(' ')).toMatch(/Usage: appconnector/);
      // Every option has a description.
      const options = help.out.split('\n').filter((l) => /^ {2}-/.test(l));
      expect(options.length, argv.join(' ')).toBeGreaterThan(0);
      for (const line of options) expect(line.trim(), argv.join(' ')).toMatch(/^\S.*\s{2,}\S/);
    }
  });
});
