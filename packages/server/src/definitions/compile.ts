// Compiles a validated definition set into the registry: resolves every cross-reference (tables, aliases, columns,
// collection fields, fixed filters, file endpoints, reports) and pre-builds each GetConnector's SQL and row renderer.
// Fails fast with a DefinitionError that names the connector and field; requests never see a broken definition.

import type { Condition, DataType, Filter } from '@appconnector/protocol';
import { type RawBuilder, sql } from 'kysely';
import type { SqlDialect } from '../db/dialect.ts';
import { compileFileConnectors } from '../files/file-definitions.ts';
import { compileRowRenderer } from '../read/row-renderer.ts';
import { compileReports } from '../report/report-compile.ts';
import { compileUpdateConnectors } from '../write/compile-update.ts';
import { localText } from './labels.ts';
import { DefinitionError } from './load.ts';
import type { CompiledGetConnector, ReadField, Registry, SourceJoin, UnionBranch } from './registry.ts';
import type {
  CollectionDefinition,
  ColumnDefinition,
  DefinitionSet,
  TableDefinition,
  UnionDefinition,
} from './schema.ts';

const DEFAULT_CONTROL_TYPE: Record<DataType, number> = {
  string: 1,
  int: 5,
  decimal: 5,
  date: 8,
  boolean: 4,
  blob: 23,
};

function unique<T>(items: T[], key: (item: T) => string, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const name = key(item);
    if (map.has(name)) throw new DefinitionError(`${what} '${name}' is defined twice`);
    map.set(name, item);
  }
  return map;
}

function checkTables(tables: Map<string, TableDefinition>): void {
  for (const table of tables.values()) {
    const columns = unique(table.columns, (c) => c.name, `table '${table.name}': column`);
    const need = (name: string, role: string) => {
      if (!columns.has(name))
        throw new DefinitionError(`table '${table.name}': ${role} column '${name}' does not exist`);
    };
    for (const c of table.primaryKey) need(c, 'primary key');
    for (const c of table.unique.flat()) need(c, 'unique');
    for (const c of table.indexes.flat()) need(c, 'index');
    for (const c of Object.values(table.audit)) if (c) need(c, 'audit');
    for (const column of table.columns) {
      if (column.autoIncrement && (column.type !== 'int' || table.primaryKey.join() !== column.name)) {
        throw new DefinitionError(
          `table '${table.name}': autoIncrement column '${column.name}' must be the int primary key`,
        );
      }
    }
  }
}

/** The column of the union key that says which branch a row comes from. */
export const UNION_BRANCH_COLUMN = 'ac_branch';

/**
 * A union source as a table (its columns typed from the branches' columns) and its compiled branches. Every branch
 * names every column; a column's non-null sources agree on its type.
 */
function compileUnion(
  collection: CollectionDefinition,
  from: UnionDefinition,
  tables: Map<string, TableDefinition>,
  dialect: SqlDialect,
): { table: TableDefinition; branches: UnionBranch[] } {
  const where = `collection '${collection.id}', union '${from.as}'`;
  const names = Object.keys(from.union[0]!.columns);
  const types = new Map<string, ColumnDefinition>();
  for (const branch of from.union) {
    const table = tables.get(branch.table);
    if (!table) throw new DefinitionError(`${where}: table '${branch.table}' is not defined`);
    const own = Object.keys(branch.columns);
    if (own.length !== names.length || !names.every((n) => own.includes(n)))
      throw new DefinitionError(`${where}: branch '${branch.table}' names other columns than the first branch`);
    for (const name of names) {
      const source = branch.columns[name];
      if (!source) continue;
      const column = table.columns.find((c) => c.name === source);
      if (!column) throw new DefinitionError(`${where}: table '${branch.table}' has no column '${source}'`);
      const known = types.get(name);
      if (known && known.type !== column.type)
        throw new DefinitionError(
          `${where}: column '${name}' is ${known.type} in one branch, ${column.type} in another`,
        );
      if (!known) types.set(name, { ...column, name, nullable: true, autoIncrement: false });
    }
  }
  for (const name of [...names, ...from.primaryKey])
    if (!types.has(name)) throw new DefinitionError(`${where}: column '${name}' has no source in any branch`);
  const branchColumn: ColumnDefinition = {
    name: UNION_BRANCH_COLUMN,
    type: 'int',
    nullable: false,
    autoIncrement: false,
  };
  const columns = [branchColumn, ...names.map((n) => types.get(n)!)];
  const branches = from.union.map(
    (branch, index): UnionBranch => ({
      table: branch.table,
      columns: [
        { name: UNION_BRANCH_COLUMN, sql: sql`${sql.lit(index)}` },
        ...names.map((name) => {
          const source = branch.columns[name];
          // A typed null: PostgreSQL must find one type per column across the branches.
          return {
            name,
            sql: source ? sql.ref(source) : sql`cast(null as ${sql.raw(dialect.columnType(types.get(name)!))})`,
          };
        }),
      ],
    }),
  );
  const table: TableDefinition = {
    name: `(union ${from.as})`,
    primaryKey: [UNION_BRANCH_COLUMN, ...from.primaryKey],
    columns,
    unique: [],
    indexes: [],
    audit: {},
  };
  return { table, branches };
}

/** Resolves `alias.column` references of one collection to their column definitions. */
function columnResolver(
  collection: CollectionDefinition,
  tables: Map<string, TableDefinition>,
  union: TableDefinition | undefined,
) {
  const aliases = new Map<string, TableDefinition>();
  if (union) aliases.set(collection.from.as, union);
  for (const source of 'table' in collection.from ? [collection.from, ...collection.joins] : collection.joins) {
    const table = tables.get(source.table);
    if (!table) throw new DefinitionError(`collection '${collection.id}': table '${source.table}' is not defined`);
    if (aliases.has(source.as))
      throw new DefinitionError(`collection '${collection.id}': alias '${source.as}' is used twice`);
    aliases.set(source.as, table);
  }
  return (ref: string, where: string): ColumnDefinition => {
    const [alias, name] = ref.split('.') as [string, string];
    const table = aliases.get(alias);
    if (!table)
      throw new DefinitionError(`collection '${collection.id}', ${where}: unknown alias '${alias}' in '${ref}'`);
    const column = table.columns.find((c) => c.name === name);
    if (!column)
      throw new DefinitionError(
        `collection '${collection.id}', ${where}: table '${table.name}' has no column '${name}'`,
      );
    return column;
  };
}

function compileCollection(
  collection: CollectionDefinition,
  tables: Map<string, TableDefinition>,
  dialect: SqlDialect,
): { fields: Map<string, ReadField>; joins: SourceJoin[]; base: TableDefinition; union?: UnionBranch[] } {
  const union = 'union' in collection.from ? compileUnion(collection, collection.from, tables, dialect) : undefined;
  const base = union?.table ?? tables.get((collection.from as { table: string }).table);
  const resolve = columnResolver(collection, tables, union?.table);
  const joins = collection.joins.map((join): SourceJoin => {
    join.on.forEach(([left, right]) => {
      resolve(left, `join '${join.as}'`);
      resolve(right, `join '${join.as}'`);
    });
    const table = tables.get(join.table)!;
    // The joined table's columns the ON clause pins (compared with another alias's column).
    const pinned = new Set(
      join.on.flatMap((pair) => pair.filter((ref) => ref.split('.')[0] === join.as).map((ref) => ref.split('.')[1]!)),
    );
    const keys = [table.primaryKey, ...table.unique];
    const repeats = !keys.some((key) => key.every((column) => pinned.has(column)));
    const { primaryKey } = table;
    return { table: join.table, alias: join.as, type: join.type, on: join.on, primaryKey, repeats };
  });
  const fields = new Map<string, ReadField>();
  for (const field of collection.fields) {
    const where = `field '${field.fieldId}'`;
    if (fields.has(field.fieldId))
      throw new DefinitionError(`collection '${collection.id}': field '${field.fieldId}' is defined twice`);
    let expression: RawBuilder<unknown>;
    let length = field.length ?? 0;
    const refs = field.column
      ? [field.column]
      : (field.coalesce ??
        (field.concat ?? []).flatMap((part) =>
          typeof part === 'string' ? [] : 'col' in part ? [part.col] : part.coalesce,
        ));
    const aliases = [...new Set(refs.map((ref) => ref.split('.')[0]!))];
    if (field.column) {
      const column = resolve(field.column, where);
      if (column.type !== field.dataType) {
        throw new DefinitionError(
          `collection '${collection.id}', ${where}: dataType ${field.dataType} does not match column '${field.column}' of type ${column.type}`,
        );
      }
      expression = sql.ref(field.column);
      length = field.length ?? column.length ?? 0;
    } else if (field.coalesce !== undefined) {
      for (const ref of field.coalesce) {
        const column = resolve(ref, where);
        if (column.type !== field.dataType)
          throw new DefinitionError(
            `collection '${collection.id}', ${where}: dataType ${field.dataType} does not match column '${ref}' of type ${column.type}`,
          );
        length = Math.max(length, field.length ?? column.length ?? 0);
      }
      expression = sql`coalesce(${sql.join(field.coalesce.map((ref) => sql.ref(ref)))})`;
    } else if (field.constant !== undefined) {
      expression = constantExpression(field.constant, field, dialect, `collection '${collection.id}', ${where}`);
    } else {
      if (field.dataType !== 'string')
        throw new DefinitionError(`collection '${collection.id}', ${where}: a concat field must be a string`);
      const text = (ref: string) => {
        const column = resolve(ref, where);
        return column.type === 'string' ? sql.ref(ref) : dialect.asText(sql.ref(ref));
      };
      const parts = field.concat!.map((part) => {
        if (typeof part === 'string') return sql`${part}`;
        // The first of several columns that has a value: one part from whichever join has it.
        const refs = 'col' in part ? [part.col] : part.coalesce;
        return sql`coalesce(${sql.join(refs.map(text))}, '')`;
      });
      expression = sql`(${sql.join(parts, sql` || `)})`;
    }
    fields.set(field.fieldId, {
      id: field.fieldId,
      fieldId: field.fieldId,
      dataType: field.dataType,
      label: localText(field.label),
      length,
      decimals: field.decimals,
      controlType: field.controlType ?? DEFAULT_CONTROL_TYPE[field.dataType],
      sql: expression,
      text: field.dataType === 'string',
      aliases,
    });
  }
  return { fields, joins, base: base!, ...(union ? { union: union.branches } : {}) };
}

/**
 * A literal written into the SQL text (the value comes from a definition, never from a request): typed by the
 * field, so PostgreSQL compares and sorts it like a column of that type.
 */
function constantExpression(
  value: string | number | boolean | null,
  field: { dataType: DataType; decimals: number; length?: number | undefined },
  dialect: SqlDialect,
  where: string,
): RawBuilder<unknown> {
  const { dataType } = field;
  const kind = value === null ? 'null' : typeof value;
  const fits = { string: 'string', int: 'number', decimal: 'number', boolean: 'boolean' } as Record<DataType, string>;
  if (kind !== 'null' && fits[dataType] !== kind)
    throw new DefinitionError(`${where}: constant ${JSON.stringify(value)} is not a ${dataType}`);
  if (dataType === 'int' && !Number.isInteger(value ?? 0))
    throw new DefinitionError(`${where}: constant ${value} is not an int`);
  const literal = typeof value === 'boolean' ? sql.lit(dialect.bindBoolean(value)) : sql.lit(value);
  const type = dialect.columnType({
    name: 'constant',
    type: dataType,
    length: field.length,
    decimals: field.decimals,
    nullable: true,
    autoIncrement: false,
  });
  return sql`cast(${literal} as ${sql.raw(type)})`;
}

function checkFilter(filter: Filter, fields: ReadonlyMap<string, ReadField>, where: string): Filter {
  const check = (condition: Condition) => {
    if (!fields.has(condition.field))
      throw new DefinitionError(`${where}: fixed filter field '${condition.field}' is not in the collection`);
    return { ...condition };
  };
  return { or: filter.or.map((group) => ({ and: group.and.map(check) })) };
}

export function compileDefinitions(set: DefinitionSet, dialect: SqlDialect): Registry {
  const tables = unique(set.tables, (t) => t.name, 'table');
  checkTables(tables);
  const collections = unique(set.collections, (c) => c.id, 'collection');
  const compiledCollections = new Map(
    [...collections.values()].map((c) => [c.id, { definition: c, ...compileCollection(c, tables, dialect) }]),
  );
  const getConnectors = new Map<string, CompiledGetConnector>();
  const blockedById = new Set(set.blockedGetConnectors ?? []);
  const definedGetConnectors = unique(set.getConnectors, (c) => c.id, 'GetConnector');
  for (const id of blockedById)
    if (!definedGetConnectors.has(id))
      throw new DefinitionError(`blockedGetConnectors: GetConnector '${id}' is not defined`);
  for (const connector of definedGetConnectors.values()) {
    const where = `GetConnector '${connector.id}'`;
    const collection = compiledCollections.get(connector.collection);
    if (!collection) throw new DefinitionError(`${where}: collection '${connector.collection}' is not defined`);
    const fields = connector.fields.map((choice): ReadField => {
      const field = collection.fields.get(choice.fieldId);
      if (!field) {
        throw new DefinitionError(
          `${where}, field '${choice.id}': fieldId '${choice.fieldId}' is not in collection '${collection.definition.id}'`,
        );
      }
      return { ...field, id: choice.id, label: choice.label ? localText(choice.label) : field.label };
    });
    const byId = unique(fields, (f) => f.id, `${where}: field`);
    getConnectors.set(connector.id, {
      id: connector.id,
      description: localText(connector.description),
      blocked: connector.blocked || blockedById.has(connector.id),
      collection: collection.definition.id,
      source: {
        table: collection.base.name,
        alias: collection.definition.from.as,
        primaryKey: collection.base.primaryKey,
        numberedKey:
          !collection.union &&
          collection.base.primaryKey.length === 1 &&
          collection.base.columns.some((c) => c.name === collection.base.primaryKey[0] && c.autoIncrement),
        joins: collection.joins,
        ...(collection.union ? { union: collection.union } : {}),
      },
      fields,
      byId,
      collectionFields: collection.fields,
      fixedFilter: connector.filter ? checkFilter(connector.filter, collection.fields, where) : { or: [] },
      renderRow: compileRowRenderer(fields),
    });
  }
  const updateConnectors = compileUpdateConnectors(set.updateConnectors, tables);
  const files = compileFileConnectors(set.fileConnectors ?? [], tables, {
    getConnectors: new Set(getConnectors.keys()),
    updateConnectors: new Set(updateConnectors.keys()),
  });
  const reports = compileReports(set.reports ?? [], getConnectors);
  return { tables, getConnectors, updateConnectors, files, reports };
}
