// Inserts plain JS rows into an environment table in multi-row statements, converting values the way the database
// binds them (booleans, date-times, bytes). Used by the demo loader, env copy (syncAutoNumber) and tests; writes
// through connectors validate first.

import { normalizeDateTime } from '@appconnector/protocol';
import type { TableDefinition } from '../definitions/schema.ts';
import type { Database } from './database.ts';

export function columnConverter(db: Database, table: TableDefinition): (column: string, value: unknown) => unknown {
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  return (column, value) => {
    if (value === null || value === undefined) return null;
    switch (types.get(column)) {
      case 'boolean':
        return db.dialect.bindBoolean(Boolean(value));
      case 'date': {
        const text = normalizeDateTime(String(value));
        if (!text) throw new Error(`table '${table.name}', column '${column}': '${String(value)}' is not a date`);
        return db.dialect.bindDate(text);
      }
      case 'blob':
        return Buffer.from(value as Uint8Array);
      case undefined:
        throw new Error(`table '${table.name}' has no column '${column}'`);
      default:
        return value;
    }
  };
}

export async function insertRows(
  db: Database,
  schema: string,
  table: TableDefinition,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const convert = columnConverter(db, table);
  const columns = Object.keys(rows[0]!);
  await db.insertBatch(
    schema,
    table,
    columns,
    rows.map((row) => columns.map((column) => convert(column, row[column]))),
  );
  await syncAutoNumber(db, schema, table, columns);
}

/**
 * After rows were inserted with their own numbers (an identity column among `columns`): what the write path inserts
 * later must be numbered after them.
 */
export async function syncAutoNumber(
  db: Database,
  schema: string,
  table: TableDefinition,
  columns: readonly string[],
): Promise<void> {
  const numbered = table.columns.find((c) => c.autoIncrement && columns.includes(c.name));
  const sync = numbered && db.dialect.syncAutoNumberSql(schema, table.name, numbered.name);
  if (sync) await sync.execute(db.kysely);
}
