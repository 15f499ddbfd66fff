// Creates an environment's data tables from the table definitions, and checks existing ones against them:
// a missing nullable column (a custom field added later) is added, anything else missing stops start-up.

import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import { DefinitionError } from '../definitions/load.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import type { Database } from './database.ts';
import type { SqlDialect } from './dialect.ts';
import { createNumberingTable } from './system-schema.ts';

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

/** PostgreSQL cuts longer names, so that two long index names of one table could become one: those get a hash. */
function indexName(name: string): string {
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}_${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

function indexesOf(table: TableDefinition) {
  return [
    ...table.unique.map((columns) => ({ columns, unique: true })),
    ...table.indexes.map((columns) => ({ columns, unique: false })),
  ].map((index) => ({
    ...index,
    name: indexName(`${table.name}_${index.columns.join('_')}_${index.unique ? 'uq' : 'ix'}`),
  }));
}

/**
 * The sort-key indexes a table gets besides its declared ones: one per unique text column, because a unique text
 * code (EmployeeId, BcCo, ItemCode) is what clients look up, sort by and page by (keyset), and reads compare text
 * by its folded sort key, which a plain index on the column cannot serve.
 */
function sortKeyIndexesOf(table: TableDefinition, dialect: SqlDialect) {
  return table.unique
    .filter(([column, ...more]) => more.length === 0 && table.columns.find((c) => c.name === column)?.type === 'string')
    .map(([column]) => ({
      column: column!,
      name: indexName(`${table.name}_${column}_${dialect.coveringSortKeys ? 'sortc' : 'sort'}_ix`),
      // The index of the same sort key without the column (before it was covering): replaced, then dropped.
      retired: dialect.coveringSortKeys ? indexName(`${table.name}_${column}_sort_ix`) : undefined,
    }));
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
    for (const { name } of [...indexesOf(table), ...sortKeyIndexesOf(table, db.dialect)]) {
      await sql`drop index if exists ${sql.id(schema, name)}`.execute(db.kysely);
    }
  }
}

/** What a schema holds: columns per table, and index names. Two statements, however many tables. */
async function existingSchema(db: Database, schema: string) {
  const columns = new Map<string, Set<string>>();
  for (const row of (await db.dialect.listSchemaColumnsSql(schema).execute(db.kysely)).rows) {
    const table = columns.get(row.table_name) ?? new Set<string>();
    table.add(row.name);
    columns.set(row.table_name, table);
  }
  const indexes = new Set((await db.dialect.listSchemaIndexesSql(schema).execute(db.kysely)).rows.map((r) => r.name));
  return { columns, indexes };
}

/**
 * Creates what is missing (tables, nullable columns added later, indexes) in one transaction: hundreds of tables
 * (the catalogue's connectors) then cost one commit instead of one each, and a schema that has them all costs two
 * reads.
 */
export async function createEnvironmentTables(
  db: Database,
  environment: string,
  tables: Iterable<TableDefinition>,
): Promise<void> {
  const schema = await db.environmentSchema(environment);
  await createNumberingTable(db, schema);
  const existing = await existingSchema(db, schema);
  const statements: RawBuilder<unknown>[] = [];
  for (const table of tables) {
    const columns = existing.columns.get(table.name);
    if (!columns) {
      statements.push(createTableSql(db, schema, table));
    } else {
      for (const column of table.columns) {
        if (columns.has(column.name)) continue;
        if (!column.nullable) {
          throw new DefinitionError(
            `table '${table.name}' in environment ${environment} lacks the not-null column '${column.name}'`,
          );
        }
        statements.push(
          sql`alter table ${sql.id(schema, table.name)} add column ${sql.id(column.name)} ${sql.raw(db.dialect.columnType(column))}`,
        );
      }
    }
    for (const { name, columns: indexed, unique } of indexesOf(table)) {
      if (!existing.indexes.has(name))
        statements.push(db.dialect.createIndexSql(schema, table.name, name, indexed, unique));
    }
    for (const { name, column, retired } of sortKeyIndexesOf(table, db.dialect)) {
      if (!existing.indexes.has(name))
        statements.push(db.dialect.createSortKeyIndexSql(schema, table.name, name, column, table.primaryKey));
      if (retired && existing.indexes.has(retired))
        statements.push(sql`drop index if exists ${sql.id(schema, retired)}`);
    }
  }
  if (statements.length === 0) return;
  await db.kysely.transaction().execute(async (trx) => {
    // Where the database takes a script, the DDL (identifiers only, no values) goes in one round trip.
    const compiled = statements.map((statement) => statement.compile(trx));
    if (db.dialect.runsScripts && compiled.every((c) => c.parameters.length === 0))
      await sql.raw(compiled.map((c) => c.sql).join(';\n')).execute(trx);
    else for (const statement of statements) await statement.execute(trx);
  });
}
