// The sort-key index of a unique text column (EmployeeId, BcCo...): on PostgreSQL it carries the column itself, so a
// sorted page finds its keys by an index-only scan (skip=100000 walked the heap for every entry it skipped); a
// database made before keeps working and has its older index replaced at the next start.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { createEnvironmentTables } from '../src/db/environment-tables.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { TableDefinition } from '../src/definitions/schema.ts';
import { DATABASE_KINDS, type TestDatabase, testDatabase } from './support/databases.ts';

const TABLE = {
  name: 'codes',
  primaryKey: ['id'],
  unique: [['code']],
  indexes: [],
  columns: [
    { name: 'id', type: 'int', nullable: false, autoIncrement: true },
    { name: 'code', type: 'string', length: 20, nullable: false },
  ],
} as unknown as TableDefinition;

describe.each(DATABASE_KINDS)('sort-key indexes on %s', (kind) => {
  let target: TestDatabase | undefined;
  let db: Database;

  beforeAll(async () => {
    target = await testDatabase(kind);
    if (target) db = await openDatabase(target.url);
  });
  afterAll(async () => {
    await db?.close();
    await target?.drop();
  });

  const indexes = async (schema: string) =>
    (await db.dialect.listSchemaIndexesSql(schema).execute(db.kysely)).rows.map((r) => r.name).sort();

  it('are made with the table; on PostgreSQL covering the column, replacing an older index at the next start', async ({
    skip,
  }) => {
    if (!target) return skip();
    const schema = await db.environmentSchema('O12345AA');
    await createEnvironmentTables(db, 'O12345AA', [TABLE]);
    const covering = kind === 'postgres';
    const name = covering ? 'codes_code_sortc_ix' : 'codes_code_sort_ix';
    expect(await indexes(schema)).toContain(name);
    if (!covering) return;
    const definition = async (index: string) =>
      (
        await sql<{
          def: string;
        }>`select indexdef as def from pg_indexes where schemaname = ${schema} and indexname = ${index}`.execute(
          db.kysely,
        )
      ).rows[0]?.def;
    expect(await definition(name)).toMatch(/INCLUDE \(code\)$/);

    // A database from before: the index without the column, under the older name.
    await sql`drop index ${sql.id(schema, name)}`.execute(db.kysely);
    await sql`create index ${sql.id('codes_code_sort_ix')} on ${sql.id(schema, 'codes')} ((lower(code) collate "C") nulls first, id)`.execute(
      db.kysely,
    );
    await createEnvironmentTables(db, 'O12345AA', [TABLE]);
    const after = await indexes(schema);
    expect(after).toContain(name);
    expect(after).not.toContain('codes_code_sort_ix');
    expect(await definition(name)).toMatch(/INCLUDE \(code\)$/);
  });
});
