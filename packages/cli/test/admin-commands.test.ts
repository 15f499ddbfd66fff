// The administration commands in-process on a real SQLite file and a real PostgreSQL database: environments,
// App Connectors, links, tokens (printed once, usable at once, revocable), the demo, exit codes and help texts.

import { authorizationHeader } from '@appconnector/protocol';
import { boot, buildApp } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../server/test/support/databases.ts';
import { EXIT, type Io } from '../src/output.ts';
import { run } from '../src/run.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), interactive: false };
}

async function cli(...argv: string[]) {
  const io = capture();
  const code = (await run(argv, io)) ?? 0;
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe.each(['sqlite', 'postgres'] as const)('administration commands on %s', (kind) => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = kind === 'sqlite' ? sqliteDatabase() : await postgresDatabase();
  });
  afterAll(async () => database?.drop());

  it('builds a demo, creates an App Connector and a token that works against a server on the same database', async ({
    skip,
  }) => {
    if (!database) return skip();
    const db = ['--db', database.url];
    const demo = await cli('demo', '--rows', '30', '--json', ...db);
    expect(demo.code, demo.err).toBe(0);
    expect(JSON.parse(demo.out)).toMatchObject({ environment: 'O12345AA', employees: 30 });

    expect((await cli('env', 'create', 'T12345AA', '--language', 'en', ...db)).out).toBe(
      'created environment T12345AA (test, participant 12345)',
    );
    const envs = JSON.parse((await cli('env', 'list', '--json', ...db)).out);
    expect(envs.map((e: { name: string; isDefault: boolean }) => [e.name, e.isDefault])).toEqual([
      ['O12345AA', true],
      ['T12345AA', false],
    ]);

    expect((await cli('app-connector', 'create', '--env', 'O12345AA', '--name', 'Payroll', ...db)).code).toBe(0);
    const linked = await cli(
      'app-connector',
      'link',
      '--env',
      'O12345AA',
      '--name',
      'Payroll',
      '--get',
      'Profit_Employees',
      '--json',
      ...db,
    );
    expect(JSON.parse(linked.out).getConnectors).toEqual(['Profit_Employees']);
    const bad = await cli('app-connector', 'link', '--env', 'O12345AA', '--name', 'Payroll', '--get', 'Nope', ...db);
    expect([bad.code, bad.err]).toEqual([EXIT.notFound, "error: GetConnector 'Nope' is not defined"]);

    const token = await cli(
      'token',
      'create',
      '--env',
      'O12345AA',
      '--app-connector',
      'Payroll',
      '--user',
      'jan',
      ...db,
    );
    expect(token.out).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>$/);

    // A server on the same database accepts the token at once, for the linked connector only.
    const runtime = await boot({ database: database.url });
    const app = await buildApp({ db: runtime.db, registry: runtime.registry });
    try {
      const headers = { authorization: authorizationHeader(token.out) };
      const rows = await app.inject({ url: '/ProfitRestServices/connectors/Profit_Employees?take=3', headers });
      expect(rows.statusCode).toBe(200);
      expect(rows.json().rows).toHaveLength(3);
      expect((await app.inject({ url: '/ProfitRestServices/connectors/Profit_Address', headers })).statusCode).toBe(
        500,
      );

      const list = JSON.parse(
        (await cli('token', 'list', '--env', 'O12345AA', '--app-connector', 'Payroll', '--json', ...db)).out,
      );
      expect(list).toHaveLength(1);
      expect(JSON.stringify(list)).not.toContain(token.out.slice(30, 90));
      const revoked = await cli(
        'token',
        'revoke',
        '--env',
        'O12345AA',
        '--app-connector',
        'Payroll',
        '--user',
        'jan',
        ...db,
      );
      expect(revoked.out).toBe('revoked 1 token');
      expect((await app.inject({ url: '/ProfitRestServices/connectors/Profit_Employees', headers })).statusCode).toBe(
        401,
      );
    } finally {
      await app.close();
      await runtime.db.close();
    }
  });

  it('puts an environment in maintenance and out, and hands out OTP credentials whose codes land in the outbox', async ({
    skip,
  }) => {
    if (!database) return skip();
    const db = ['--db', database.url];
    const runtime = await boot({ database: database.url });
    const app = await buildApp({ db: runtime.db, registry: runtime.registry, environmentRefreshMs: 0 });
    try {
      const on = await cli('env', 'maintenance', 'O12345AA', '--retry-after', '60', '--message', 'Upgrade', ...db);
      expect(on.code, on.err).toBe(0);
      const down = await app.inject({ url: '/ProfitRestServices/ProfitVersion' });
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('60');
      expect((await cli('env', 'maintenance', 'O12345AA', '--retry-after', 'soon', ...db)).code).toBe(EXIT.usage);
      expect((await cli('env', 'maintenance', 'O12345AA', '--off', ...db)).out).toBe('O12345AA is out of maintenance');
      expect((await app.inject({ url: '/ProfitRestServices/ProfitVersion' })).statusCode).not.toBe(503);

      const enabled = await cli('otp-enable', '--env', 'O12345AA', '--name', 'Payroll', '--json', ...db);
      expect(enabled.code, enabled.err).toBe(0);
      const { apiKey, apiToken } = JSON.parse(enabled.out) as { apiKey: string; apiToken: string };
      const asked = await app.inject({
        method: 'POST',
        url: '/ProfitRestServices/OtpRequest',
        payload: { apiKey, apiToken, userId: 'piet' },
      });
      expect(asked.statusCode).toBeLessThan(300);
      const outbox = JSON.parse((await cli('otp-outbox', '--env', 'O12345AA', '--user', 'piet', '--json', ...db)).out);
      expect(outbox).toHaveLength(1);
      expect(outbox[0].code).toMatch(/^\d{6}$/);
    } finally {
      await app.close();
      await runtime.db.close();
    }
  });

  it('answers bad input with a message and an exit code', async ({ skip }) => {
    if (!database) return skip();
    const db = ['--db', database.url];
    expect((await cli('env', 'create', 'X1', ...db)).err).toContain("environment name 'X1' must look like O12345AA");
    expect((await cli('demo', '--rows', '0', ...db)).code).toBe(EXIT.usage);
    expect((await cli('demo', '--seed', 'abc', ...db)).err).toContain('--seed must be a whole number');
    expect((await cli('env', 'maintenance', 'O12345AA', '--retry-after', '1.5', ...db)).code).toBe(EXIT.usage);
    expect(
      (await cli('token', 'create', '--env', 'O12345AA', '--app-connector', 'Nope', '--user', 'x', ...db)).err,
    ).toContain("App Connector 'Nope' does not exist");
    expect((await cli('token', 'create', '--env', 'O12345AA', ...db)).code).toBe(EXIT.usage);
    expect((await cli('no-such-command')).code).toBe(EXIT.usage);
  });
});

describe('help', () => {
  it('documents every command', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    const names = [...top.out.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
    expect(names).toEqual(expect.arrayContaining(['serve', 'demo', 'env', 'app-connector', 'token', 'config']));
    for (const name of names) {
      const help = await cli(name, '--help');
      expect(help.out, name).toMatch(/Usage: appconnector/);
    }
  });
});
