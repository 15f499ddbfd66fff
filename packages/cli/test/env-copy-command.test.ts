// `appconnector env copy` in-process on a real SQLite file and a real PostgreSQL database: the summary (text and
// JSON), an anonymised copy that differs where it must, refusals with their exit codes, and the help text.

import { boot } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../server/test/support/databases.ts';
import { EXIT } from '../src/output.ts';
import { cli } from './support/cli-harness.ts';

describe.each(['sqlite', 'postgres'] as const)('env copy on %s', (kind) => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = kind === 'sqlite' ? sqliteDatabase() : await postgresDatabase();
  });
  afterAll(async () => database?.drop());

  it('copies the demo anonymised, prints a summary, and refuses what it must', async ({ skip }) => {
    if (!database) return skip();
    const db = ['--db', database.url];
    expect((await cli('demo', '--rows', '20', ...db)).code).toBe(0);

    const copied = await cli('env', 'copy', 'O12345AA', 'T12345AA', '--anonymise', '--seed', '3', '--json', ...db);
    expect(copied.code, copied.err).toBe(0);
    const summary = JSON.parse(copied.out);
    expect(summary).toMatchObject({ from: 'O12345AA', to: 'T12345AA', anonymised: true, seed: 3, appConnectors: 1 });
    expect(summary.rows).toBeGreaterThan(100);
    expect(summary.tables).toBeGreaterThan(20);

    const plain = await cli('env', 'copy', 'O12345AA', 'A12345AA', ...db);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).toMatch(
      /^copied O12345AA to A12345AA: \d+ tables, \d+ rows, 1 App Connector \(no tokens\) in \d+\.\d s\n$/,
    );

    // The copies as the database holds them: the anonymised one's people differ, the plain one's do not.
    const runtime = await boot({ database: database.url });
    try {
      const names = async (environment: string) =>
        (
          await runtime.db.kysely
            .withSchema(await runtime.db.environmentSchema(environment))
            .selectFrom('kn_person')
            .select(['bc_id', 'name', 'bsn'])
            .orderBy('bc_id')
            .execute()
        ).map((p) => `${p.bc_id} ${p.name}`);
      const original = await names('O12345AA');
      expect(original.length).toBeGreaterThan(20);
      expect(await names('A12345AA')).toEqual(original);
      const fake = await names('T12345AA');
      expect(fake.filter((name, i) => name === original[i])).toEqual([]);
    } finally {
      await runtime.db.close();
    }

    const exists = await cli('env', 'copy', 'O12345AA', 'T12345AA', ...db);
    expect([exists.code, exists.err]).toEqual([EXIT.usage, expect.stringContaining('T12345AA already exists')]);
    const missing = await cli('env', 'copy', 'O99999AA', 'T99999AA', ...db);
    expect([missing.code, missing.err]).toEqual([EXIT.notFound, expect.stringContaining('O99999AA does not exist')]);
    const seedAlone = await cli('env', 'copy', 'O12345AA', 'C12345AA', '--seed', '4', ...db);
    expect([seedAlone.code, seedAlone.err]).toEqual([EXIT.usage, expect.stringContaining('--seed needs --anonymise')]);
  }, 180_000);
});

describe('env copy --help', () => {
  it('names every argument and option', async () => {
    const help = await cli('env', 'copy', '--help');
    const text = `${help.out} ${help.err}`.replace(/\s+/g, ' ');
    for (const part of [
      '<from>',
      '<to>',
      '--anonymise',
      '--seed <n>',
      '--db <database>',
      '--json',
      'without their tokens',
    ])
      expect(text).toContain(part);
  });
});
