// Declared indexes on PostgreSQL keep nulls first, the order reads sort in, so that a filtered and sorted page
// (the incremental sync: `modified_at >= x and active = true order by modified_at`) walks the index instead of
// sorting every matching row; indexes made before that are made again.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { createEnvironmentTables } from '../src/db/environment-tables.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { tableSchema } from '../src/definitions/schema.ts';
import { postgresDatabase, type TestDatabase } from './support/databases.ts';

const table = tableSchema.parse({
  name: 'sync_rows',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'int', nullable: false },
    { name: 'code', type: 'string', length: 20, nullable: false },
    { name: 'active', type: 'boolean', nullable: false },
    { name: 'modified_at', type: 'date', nullable: true },
  ],
  unique: [['code']],
  indexes: [['active', 'modified_at']],
});
const ENVIRONMENT = 'O12345AA';
const INDEX = 'sync_rows_active_modified_at_ix';

let target: TestDatabase | undefined;
let db: Database;
let schema: string;

async function indexDefinition(name: string): Promise<string> {
  const found = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = ${schema}
    and indexname = ${name}`.execute(db.kysely);
  return found.rows[0]?.indexdef ?? '';
}

beforeAll(async () => {
  target = await postgresDatabase();
  if (!target) return;
  db = await openDatabase(target.url);
  schema = await db.environmentSchema(ENVIRONMENT);
});

afterAll(async () => {
  if (!target) return;
  await db.close();
  await target.drop();
});

describe('declared indexes on PostgreSQL', () => {
  it('keep nulls first on every column, and unique ones stay as they were', async ({ skip }) => {
    if (!target) return skip();
    await createEnvironmentTables(db, ENVIRONMENT, [table]);
    expect(await indexDefinition(INDEX)).toMatch(/\(active NULLS FIRST, modified_at NULLS FIRST\)/);
    expect(await indexDefinition('sync_rows_code_uq')).toMatch(/\(code\)$/);
  });

  it('give a filtered page in its sort order without sorting the matching rows', async ({ skip }) => {
    if (!target) return skip();
    await sql`insert into ${sql.id(schema, 'sync_rows')} (id, code, active, modified_at)
        select n, 'C' || n, n % 3 <> 0, timestamp '2025-01-01' + n * interval '1 minute'
        from generate_series(1, 20000) n`.execute(db.kysely);
    await sql`analyze ${sql.id(schema, 'sync_rows')}`.execute(db.kysely);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from ${sql.id(schema, 'sync_rows')}
        where modified_at >= timestamp '2025-01-02' and active = true
        order by modified_at asc nulls first, id asc limit 100`.execute(db.kysely);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain(INDEX);
    // Only the tie-breaker is sorted, per group of equal modified_at, never the whole match.
    expect(text).toContain('Presorted Key: modified_at');
    expect(text).not.toMatch(/(^|->\s+)Sort\s+\(/m);
  });

  it('are made again when an older start made them with nulls last', async ({ skip }) => {
    if (!target) return skip();
    await sql`drop index ${sql.id(schema, INDEX)}`.execute(db.kysely);
    await sql`create index ${sql.id(INDEX)} on ${sql.id(schema, 'sync_rows')} (active, modified_at)`.execute(db.kysely);
    expect(await indexDefinition(INDEX)).not.toContain('NULLS FIRST');
    await createEnvironmentTables(db, ENVIRONMENT, [table]);
    expect(await indexDefinition(INDEX)).toMatch(/\(active NULLS FIRST, modified_at NULLS FIRST\)/);
    // Once made again, a later start leaves it alone.
    await createEnvironmentTables(db, ENVIRONMENT, [table]);
    expect(await indexDefinition(INDEX)).toMatch(/NULLS FIRST/);
  });
});
