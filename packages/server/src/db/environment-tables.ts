// Creates an environment's data tables from the table definitions, and checks existing ones against them:
// a missing nullable column (a custom field added later) is added, anything else missing stops start-up.

import { sql } from 'kysely';
import { DefinitionError } from '../definitions/load.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import type { Database } from './database.ts';
import { createNumberingTable } from './system-schema.ts';

async function existingColumns(db: Database, schema: string, table: string): Promise<Set<string> | undefined> {
  const rows = await db.dialect.listColumnsSql(schema, table).execute(db.kysely);
  return rows.rows.length === 0 ? undefined : new Set(rows.rows.map((r) => r.name));
}

function createTableSql(db: Database, schema: string, table: TableDefinition) {
  const single = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
  const columns = table.columns.map((column) => {
    if (column.autoIncrement) return sql`${sql.id(column.name)} ${sql.raw(db.dialect.autoIdColumn)}`;
    const notNull = !column.nullable || table.primaryKey.includes(column.name);
    return sql`${sql.id(column.name)} ${sql.raw(db.dialect.columnType(column))}${sql.raw(notNull ? ' not null' : '')}`;
  });
  const autoKey = single !== undefined && table.columns.some((c) => c.name === single && c.autoIncrement);
  const constraints = autoKey ? [] : [sql`primary key (${sql.join(table.primaryKey.map((c) => sql.id(c)))})`];
  return sql`create table if not exists ${sql.id(schema, table.name)} (${sql.join([...columns, ...constraints])})`;
}

function indexesOf(table: TableDefinition) {
  return [
    ...table.unique.map((columns) => ({ columns, unique: true })),
    ...table.indexes.map((columns) => ({ columns, unique: false })),
  ].map((index) => ({ ...index, name: `${table.name}_${index.columns.join('_')}_${index.unique ? 'uq' : 'ix'}` }));
}

/**
 * The sort-key indexes a table gets besides its declared ones: one per unique text column, because a unique text
 * code (EmployeeId, BcCo, ItemCode) is what clients look up, sort by and page by (keyset), and reads compare text
 * by its folded sort key, which a plain index on the column cannot serve.
 */
function sortKeyIndexesOf(table: TableDefinition) {
  return table.unique
    .filter(([column, ...more]) => more.length === 0 && table.columns.find((c) => c.name === column)?.type === 'string')
    .map(([column]) => ({ column: column!, name: `${table.name}_${column}_sort_ix` }));
}

/**
 * Drops the declared indexes, for a bulk load that is much faster without them; createEnvironmentTables puts
 * them back (it creates whatever is missing).
 */
export async function dropEnvironmentIndexes(
  db: Database,
  environment: string,
  tables: Iterable<TableDefinition>,
): Promise<void> {
  const schema = await db.environmentSchema(environment);
  for (const table of tables) {
    for (const { name } of [...indexesOf(table), ...sortKeyIndexesOf(table)]) {
      await sql`drop index if exists ${sql.id(schema, name)}`.execute(db.kysely);
    }
  }
}

export async function createEnvironmentTables(
  db: Database,
  environment: string,
  tables: Iterable<TableDefinition>,
): Promise<void> {
  const schema = await db.environmentSchema(environment);
  await createNumberingTable(db, schema);
  for (const table of tables) {
    const existing = await existingColumns(db, schema, table.name);
    if (!existing) {
      await createTableSql(db, schema, table).execute(db.kysely);
    } else {
      for (const column of table.columns) {
        if (existing.has(column.name)) continue;
        if (!column.nullable) {
          throw new DefinitionError(
            `table '${table.name}' in environment ${environment} lacks the not-null column '${column.name}'`,
          );
        }
        await sql`alter table ${sql.id(schema, table.name)} add column ${sql.id(column.name)} ${sql.raw(db.dialect.columnType(column))}`.execute(
          db.kysely,
        );
      }
    }
    for (const { name, columns, unique } of indexesOf(table)) {
      await db.dialect.createIndexSql(schema, table.name, name, columns, unique).execute(db.kysely);
    }
    for (const { name, column } of sortKeyIndexesOf(table)) {
      await db.dialect.createSortKeyIndexSql(schema, table.name, name, column, table.primaryKey).execute(db.kysely);
    }
  }
}
