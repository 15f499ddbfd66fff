// Values between a write and its columns: bound for the database (booleans, dates, blobs per dialect) and read back
// in the one form plans and rules use. Must not run statements.

import { normalizeDateTime } from '@appconnector/protocol';
import type { SqlDialect } from '../db/dialect.ts';
import type { ColumnDefinition, TableDefinition } from '../definitions/schema.ts';
import type { Row } from './rules/rule.ts';

/** Per table: its columns by name (looked up for every value a write binds). */
const COLUMNS = new WeakMap<TableDefinition, Map<string, ColumnDefinition>>();

export function columnOf(table: TableDefinition, name: string): ColumnDefinition {
  let columns = COLUMNS.get(table);
  if (!columns) {
    columns = new Map(table.columns.map((c) => [c.name, c]));
    COLUMNS.set(table, columns);
  }
  const column = columns.get(name);
  if (!column) throw new Error(`table '${table.name}' has no column '${name}'`);
  return column;
}

/** A stored value in the form plans and rules use: booleans as booleans, date-times in the one text form. */
export function readValue(column: ColumnDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'date':
      return normalizeDateTime(String(value)) ?? String(value);
    case 'int':
    case 'decimal':
      return typeof value === 'number' ? value : Number(value);
    case 'blob':
      return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    default:
      return value;
  }
}

/** Every column of a stored row, read. */
export function readRow(table: TableDefinition, raw: Row): Row {
  const out: Row = {};
  for (const column of table.columns) out[column.name] = readValue(column, raw[column.name]);
  return out;
}

/** A value as the database binds it for a column. */
export function bindValue(dialect: SqlDialect, column: ColumnDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return dialect.bindBoolean(value === true || value === 1 || value === '1');
    case 'date':
      return dialect.bindDate(normalizeDateTime(String(value)) ?? String(value));
    case 'blob':
      return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'base64');
    case 'string':
      return typeof value === 'string' ? value : String(value);
    default:
      return value;
  }
}

/** Bound values by column; columns without a value (undefined) are left out, as Kysely leaves them out. */
export function bindRow(dialect: SqlDialect, table: TableDefinition, row: Row): Row {
  const out: Row = {};
  for (const [name, value] of Object.entries(row))
    if (value !== undefined) out[name] = bindValue(dialect, columnOf(table, name), value);
  return out;
}
