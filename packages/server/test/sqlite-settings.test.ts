// SQLite keeps each environment in its own attached file: the connection settings must reach those files too
// (a pragma without a schema applies to main only, and the environment files stayed at synchronous = FULL).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.ts';

describe('SQLite environment files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('run in WAL mode with synchronous = NORMAL, like the main file', async () => {
    const db = await openDatabase(join(dir, 'settings.sqlite'));
    try {
      const schema = await db.environmentSchema('O12345AA');
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${schema}.${name}`).execute(db.kysely)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1);
    } finally {
      await db.close();
    }
  });
});
