// `appconnector console password` in-process on a real SQLite file and a real PostgreSQL database: the password from
// stdin is kept as a hash only (serve then prints none), a short one is a usage error, and the help names stdin.

import { Readable } from 'node:stream';
import { boot, consolePassword } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../server/test/support/databases.ts';
import { EXIT, type Io } from '../src/output.ts';
import { run } from '../src/run.ts';

async function cliWithStdin(input: string, ...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), interactive: false };
  const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input)]), configurable: true });
  try {
    const code = (await run(argv, io)) ?? 0;
    return { code, out: stdout.join('\n'), err: stderr.join('\n') };
  } finally {
    Object.defineProperty(process, 'stdin', original);
  }
}

describe.each(['sqlite', 'postgres'] as const)('console password on %s', (kind) => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = kind === 'sqlite' ? sqliteDatabase() : await postgresDatabase();
  });
  afterAll(async () => database?.drop());

  it('sets the password from stdin as a hash only; a short one is refused', async ({ skip }) => {
    if (!database) return skip();
    // A server has run on it (the command refuses a SQLite file that does not exist).
    await (await boot({ database: database.url })).db.close();
    const short = await cliWithStdin('short\n', 'console', 'password', '--password-stdin', '--db', database.url);
    expect(short.code).toBe(EXIT.usage);
    expect(short.err).toContain('at least 12 characters');
    const set = await cliWithStdin(
      'a passphrase of mine\n',
      'console',
      'password',
      '--password-stdin',
      '--db',
      database.url,
    );
    expect([set.code, set.out]).toEqual([0, 'console password set; every console session was signed out']);
    const runtime = await boot({ database: database.url });
    try {
      expect(await consolePassword(runtime.db)).toEqual({ state: 'set' });
      const rows = await runtime.db.kysely
        .withSchema(runtime.db.systemSchema)
        .selectFrom('console_credentials')
        .selectAll()
        .execute();
      expect(JSON.stringify(rows)).not.toContain('a passphrase of mine');
      expect(String(rows[0]!.password_hash)).toMatch(/^scrypt\$/);
    } finally {
      await runtime.db.close();
    }
  });

  it('explains itself', async () => {
    const help = await cliWithStdin('', 'console', 'password', '--help');
    expect(help.out).toContain('--password-stdin');
  });
});
