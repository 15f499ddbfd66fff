// Known rows put straight into tables of the test environment (O12345AA), for read tests that compare the server's
// answers with data they chose. Tables are filled in the order given, so referenced rows can come first.

import { insertRows } from '../../src/db/bulk-insert.ts';
import type { TestServer } from './harness.ts';

export async function insertTestRows(
  server: TestServer,
  tables: Record<string, readonly Record<string, unknown>[]>,
): Promise<void> {
  const { db, registry } = server.runtime;
  const schema = await db.environmentSchema('O12345AA');
  for (const [name, rows] of Object.entries(tables)) {
    const table = registry.tables.get(name);
    if (!table) throw new Error(`no table '${name}' in the test definitions`);
    await insertRows(db, schema, table, rows);
  }
}
