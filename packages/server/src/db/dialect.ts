// What differs between SQLite and PostgreSQL, asked as capabilities: case folding, text ordering, value binding,
// column DDL. Query code calls these instead of testing which database it runs on.

import { type RawBuilder, sql } from 'kysely';
import type { ColumnDefinition } from '../definitions/schema.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface SqlDialect {
  readonly kind: DatabaseKind;
  /** Case-folds text for comparisons (AFAS compares text case-insensitively, diacritics included). */
  fold(expr: RawBuilder<unknown>): RawBuilder<unknown>;
  /** The sort key of text: folded, ordered by code point on every database. */
  textSortKey(expr: RawBuilder<unknown>): RawBuilder<unknown>;
  /** Text form of a non-text expression, for concat fields. */
  asText(expr: RawBuilder<unknown>): RawBuilder<unknown>;
  /** A boolean as the database binds it. */
  bindBoolean(value: boolean): boolean | number;
  /** A date-time (`YYYY-MM-DDTHH:MM:SS[.mmm]`) as the database binds it. */
  bindDate(value: string): string;
  /** The SQL type of a column for CREATE TABLE. */
  columnType(column: ColumnDefinition): string;
  /** The column definition of an integer primary key the database numbers itself. */
  readonly autoIdColumn: string;
  /** The names (column `name`) of a table's columns; no rows when the table does not exist. */
  listColumnsSql(schema: string, table: string): RawBuilder<{ name: string }>;
  /** Every column of every table of a schema (`table_name`, `name`): one statement for hundreds of tables. */
  listSchemaColumnsSql(schema: string): RawBuilder<{ table_name: string; name: string }>;
  /** The names of a schema's indexes. */
  listSchemaIndexesSql(schema: string): RawBuilder<{ name: string }>;
  /** Whether one text of several statements without parameters runs as one call (a script of DDL). */
  readonly runsScripts: boolean;
  /** CREATE INDEX for a table in a schema (SQLite wants the schema on the index name, PostgreSQL on the table). */
  createIndexSql(schema: string, table: string, name: string, columns: string[], unique: boolean): RawBuilder<unknown>;
  /**
   * CREATE INDEX on a text column's sort key (textSortKey, empty values first) followed by the table's key: the
   * order reads sort and compare that column in, so that sorting by a text code, paging by it (keyset) and looking
   * it up walk an index instead of sorting or scanning the whole table.
   */
  createSortKeyIndexSql(
    schema: string,
    table: string,
    name: string,
    column: string,
    primaryKey: readonly string[],
  ): RawBuilder<unknown>;
  /**
   * Where the sort-key index also carries the column itself (PostgreSQL's `include`): an index-only scan then serves
   * a sorted page's keys (PostgreSQL does not use one for an expression whose column the index lacks). Such indexes
   * have a name of their own, and the older form, by its old name, is dropped.
   */
  readonly coveringSortKeys: boolean;
  /** Whether `select ... for update` locks rows (PostgreSQL); SQLite has one writer, so it needs no row locks. */
  readonly rowLocks: boolean;
  /**
   * Whether a statement marked deferrable travels with the next one (PostgreSQL: one round trip for both), so that
   * holding back even a single insert until the commit saves a round trip. SQLite has no round trips.
   */
  readonly defersStatements: boolean;
  /**
   * A statement that serialises writers on a name until the transaction ends (PostgreSQL advisory lock), so that
   * max+1 numbering and find-or-insert stay correct under concurrency; undefined where writers are serial already.
   */
  transactionLockSql(name: string): RawBuilder<unknown> | undefined;
  /** True when the text consists of digits only (for numbering codes kept as text, e.g. `000123`). */
  digitsOnly(expr: RawBuilder<unknown>): RawBuilder<unknown>;
  /** A unique or primary key constraint failed. */
  isUniqueViolation(error: unknown): boolean;
  /** The transaction lost a race (deadlock, serialization failure) and may simply be run again. */
  isRetryable(error: unknown): boolean;
  /**
   * After rows were inserted with explicit values in a column the database numbers, makes its numbering continue
   * after the largest value (PostgreSQL identity sequences do not follow explicit inserts; SQLite's do).
   */
  syncAutoNumberSql(schema: string, table: string, column: string): RawBuilder<unknown> | undefined;
  /**
   * Takes `count` numbers ahead from a column the database numbers (column `id`), so that inserts can give them
   * and be sent together; undefined where numbers only come with the insert (SQLite).
   */
  takeIdsSql(schema: string, table: string, column: string, count: number): RawBuilder<{ id: unknown }> | undefined;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

const quote = (name: string) => sql.id(name);

export const sqliteDialect: SqlDialect = {
  kind: 'sqlite',
  // SQLite's own lower() only folds ASCII; ac_fold is registered on every connection (sqlite-database.ts).
  fold: (expr) => sql`ac_fold(${expr})`,
  textSortKey: (expr) => sql`ac_fold(${expr})`,
  asText: (expr) => sql`cast(${expr} as text)`,
  bindBoolean: (value) => (value ? 1 : 0),
  bindDate: (value) => value,
  columnType(column) {
    switch (column.type) {
      case 'string':
      case 'date':
        return 'text';
      case 'int':
      case 'boolean':
        return 'integer';
      case 'decimal':
        return 'real';
      case 'blob':
        return 'blob';
    }
  },
  autoIdColumn: 'integer primary key autoincrement',
  listColumnsSql: (schema, table) => sql<{ name: string }>`select name from pragma_table_info(${table}, ${schema})`,
  listSchemaColumnsSql: (schema) =>
    sql<{ table_name: string; name: string }>`select m.name as table_name, p.name as name
      from ${sql.id(schema, 'sqlite_master')} m join pragma_table_info(m.name, ${schema}) p where m.type = 'table'`,
  listSchemaIndexesSql: (schema) =>
    sql<{ name: string }>`select name from ${sql.id(schema, 'sqlite_master')} where type = 'index'`,
  runsScripts: false,
  createIndexSql: (schema, table, name, columns, unique) =>
    sql`create ${sql.raw(unique ? 'unique ' : '')}index if not exists ${sql.id(schema, name)} on ${quote(table)} (${sql.join(
      columns.map(quote),
    )})`,
  // SQLite sorts nulls first ascending already, and the expression must be exactly the one queries use.
  createSortKeyIndexSql: (schema, table, name, column, primaryKey) =>
    sql`create index if not exists ${sql.id(schema, name)} on ${quote(table)} (${sql.join([
      sql`ac_fold(${sql.ref(column)})`,
      ...primaryKey.map(quote),
    ])})`,
  coveringSortKeys: false,
  rowLocks: false,
  defersStatements: false,
  transactionLockSql: () => undefined,
  digitsOnly: (expr) => sql`(${expr} <> '' and ${expr} not glob '*[^0-9]*')`,
  isUniqueViolation: (error) => /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(errorCode(error) ?? ''),
  isRetryable: (error) => errorCode(error) === 'SQLITE_BUSY',
  syncAutoNumberSql: () => undefined,
  takeIdsSql: () => undefined,
};

export const postgresDialect: SqlDialect = {
  kind: 'postgres',
  fold: (expr) => sql`lower(${expr})`,
  // COLLATE "C" orders by code point, as SQLite's BINARY does, so both databases page identically.
  textSortKey: (expr) => sql`lower(${expr}) collate "C"`,
  asText: (expr) => sql`cast(${expr} as text)`,
  bindBoolean: (value) => value,
  bindDate: (value) => value.replace('T', ' '),
  columnType(column) {
    switch (column.type) {
      case 'string':
        return column.length ? `varchar(${column.length})` : 'text';
      case 'date':
        return 'timestamp(3)';
      case 'int':
        return 'integer';
      case 'boolean':
        return 'boolean';
      case 'decimal':
        return `numeric(18,${column.decimals ?? 2})`;
      case 'blob':
        return 'bytea';
    }
  },
  autoIdColumn: 'integer generated by default as identity primary key',
  listColumnsSql: (schema, table) =>
    sql<{ name: string }>`select column_name as name from information_schema.columns
      where table_schema = ${schema} and table_name = ${table}`,
  listSchemaColumnsSql: (schema) =>
    sql<{ table_name: string; name: string }>`select table_name, column_name as name from information_schema.columns
      where table_schema = ${schema}`,
  listSchemaIndexesSql: (schema) =>
    sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = ${schema}`,
  runsScripts: true,
  createIndexSql: (schema, table, name, columns, unique) =>
    sql`create ${sql.raw(unique ? 'unique ' : '')}index if not exists ${quote(name)} on ${sql.id(schema, table)} (${sql.join(
      columns.map(quote),
    )})`,
  // `nulls first` as reads sort ascending (PROTOCOL.md: empty values first); scanned backwards it serves descending.
  createSortKeyIndexSql: (schema, table, name, column, primaryKey) =>
    sql`create index if not exists ${quote(name)} on ${sql.id(schema, table)} (${sql.join([
      sql`(lower(${sql.ref(column)}) collate "C") nulls first`,
      ...primaryKey.map(quote),
    ])}) include (${sql.ref(column)})`,
  coveringSortKeys: true,
  rowLocks: true,
  defersStatements: true,
  transactionLockSql: (name) => sql`select pg_advisory_xact_lock(hashtext(${name}))`,
  digitsOnly: (expr) => sql`(${expr} <> '' and ${expr} !~ '[^0-9]')`,
  isUniqueViolation: (error) => errorCode(error) === '23505',
  // 40001 serialization failure, 40P01 deadlock.
  isRetryable: (error) => errorCode(error) === '40001' || errorCode(error) === '40P01',
  syncAutoNumberSql: (schema, table, column) =>
    sql`select setval(pg_get_serial_sequence(${`"${schema}"."${table}"`}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false) from ${sql.id(schema, table)}`,
  takeIdsSql: (schema, table, column, count) =>
    sql<{
      id: unknown;
    }>`select nextval(pg_get_serial_sequence(${`"${schema}"."${table}"`}, ${column})) as id from generate_series(1, ${count})`,
};
