// PostgreSQL hands timestamps back as text; the server keeps the one stored form of SQLite
// (`YYYY-MM-DDTHH:MM:SS[.mmm]`), whatever PostgreSQL trims (it prints 730 ms as `.73`).

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { postgresDatabase, type TestDatabase } from './support/databases.ts';

describe('PostgreSQL date-times', () => {
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    database = await postgresDatabase();
    if (database) db = await openDatabase(database.url);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('come back with three fraction digits or none, and dates at midnight', async ({ skip }) => {
    if (!db) return skip();
    const { rows } = await sql<Record<string, string>>`select
      timestamp '2020-03-22 10:00:00.730' as a, timestamp '2020-03-22 10:00:00.5' as b,
      timestamp '2020-03-22 10:00:00.123' as c, timestamp '2020-03-22 10:00:00' as d, date '2020-03-22' as e`.execute(
      db.kysely,
    );
    expect(rows[0]).toEqual({
      a: '2020-03-22T10:00:00.730',
      b: '2020-03-22T10:00:00.500',
      c: '2020-03-22T10:00:00.123',
      d: '2020-03-22T10:00:00',
      e: '2020-03-22T00:00:00',
    });
  });
});
