// Compiles UpdateConnector definitions into the object trees the write path plans against: every table, column,
// link, key, code table and rule resolved and checked at start. Fails fast naming connector, object and field.

import type { DataType } from '@appconnector/protocol';
import { type LocalText, localText } from '../definitions/labels.ts';
import { DefinitionError } from '../definitions/load.ts';
import type { ColumnDefinition, TableDefinition } from '../definitions/schema.ts';
import { RULES } from './rules/index.ts';
import type { WriteRule } from './rules/rule.ts';
import type {
  UpdateConnectorDefinition,
  UpdateFieldDefinition,
  UpdateObjectDefinition,
  WriteAction,
} from './update-schema.ts';
import { coerceLiteral } from './write-values.ts';

export interface CodeValueText {
  id: string;
  description: LocalText;
}

/** A generated default: evaluated per write (dates in Amsterdam time, file ids random). */
export type DefaultToken = '$today' | '$now' | '$fileId';
export const DEFAULT_TOKENS: readonly DefaultToken[] = ['$today', '$now', '$fileId'];

export interface WriteField {
  fieldId: string;
  /** Undefined for a control field: validated and given to rules, not stored. */
  column: ColumnDefinition | undefined;
  dataType: DataType;
  /** A string field stored in a blob column: the text is base64. */
  base64: boolean;
  /** 0: no limit. */
  length: number;
  decimals: number;
  /** What metainfo says (with `requiredOnInsert`, which adds not-null columns); not what an insert demands. */
  mandatory: boolean;
  requiredOnInsert: boolean;
  notZero: boolean;
  primaryKey: boolean;
  defaultValue: string | number | boolean | null | DefaultToken | undefined;
  values: CodeValueText[] | undefined;
  codes: ReadonlySet<string> | undefined;
  label: LocalText;
  controlType: number;
  references: { table: string; column: string } | undefined;
}

export interface WriteKey {
  attribute: string;
  column: string;
  dataType: DataType;
  length: number;
  generate: 'autonumber' | 'sequence' | 'client';
  /** Where max+1 is taken (the object's table unless the numbering is shared). */
  sequenceTable: string;
  /**
   * The database itself refuses a second row with this key's value in the sequence table (the column alone is its
   * primary key or a unique index): a generated number then needs no look-up before use, the insert catches a clash.
   */
  uniqueInDatabase: boolean;
  autoNumberField: string | undefined;
  label: LocalText;
  /** The field of the same id, if the object has one (the key may then also come in Fields). */
  field: WriteField | undefined;
}

export interface WriteLink {
  /** key: the child row carries the parent's values; ref: the parent row points at the child. */
  kind: 'key' | 'ref';
  pairs: { parent: string; child: string }[];
}

export interface WriteBase {
  table: TableDefinition;
  /** base column -> object column. */
  key: { base: string; column: string }[];
  copy: string[];
  set: Record<string, string | number | boolean | null>;
}

export interface WriteObject {
  name: string;
  /** `KnOrganisation/KnContact/KnPerson`, for messages. */
  path: string;
  table: TableDefinition;
  /** Column types of the table, by name. */
  columns: ReadonlyMap<string, ColumnDefinition>;
  verbs: ReadonlySet<WriteAction>;
  keys: WriteKey[];
  /** Identifiers a DELETE URL may use: key attributes and lookup fields, with their columns. */
  lookup: ReadonlyMap<string, { column: string; dataType: DataType }>;
  link: WriteLink | undefined;
  single: boolean;
  required: boolean;
  base: WriteBase | undefined;
  defaults: Record<string, string | number | boolean | null>;
  /** Field ids or key attributes answered in the results. */
  results: string[];
  /** Field ids or key attributes an update of a record must give (`mandatoryOnPut`). */
  mandatoryOnPut: string[];
  rules: { name: string; rule: WriteRule }[];
  fields: WriteField[];
  byId: ReadonlyMap<string, WriteField>;
  objects: WriteObject[];
  children: ReadonlyMap<string, WriteObject>;
}

export interface CompiledUpdateConnector {
  id: string;
  description: LocalText;
  /** `post` and/or `put`: the verbs the root takes. */
  verbs: ReadonlySet<'post' | 'put'>;
  /** A PUT that finds no record stores it (connectors that only update). */
  putUpserts: boolean;
  root: WriteObject;
}

const DEFAULT_CONTROL_TYPE: Record<DataType, number> = { string: 1, int: 5, decimal: 5, date: 8, boolean: 4, blob: 23 };

function fieldFrom(
  definition: UpdateFieldDefinition,
  table: TableDefinition,
  where: string,
  fail: (message: string) => never,
): WriteField {
  let column: ColumnDefinition | undefined;
  let base64 = false;
  if (definition.column !== undefined) {
    column = table.columns.find((c) => c.name === definition.column);
    if (!column) fail(`${where}: table '${table.name}' has no column '${definition.column}'`);
    base64 = definition.dataType === 'string' && column.type === 'blob';
    if (column.type !== definition.dataType && !base64)
      fail(`${where}: dataType ${definition.dataType} does not fit column '${column.name}' of type ${column.type}`);
  }
  const length = definition.length ?? (base64 ? 0 : (column?.length ?? 0));
  if (column?.length !== undefined && (length === 0 || length > column.length))
    fail(`${where}: length ${length || 'unlimited'} exceeds column '${column.name}' (${column.length})`);
  const decimals = definition.decimals ?? column?.decimals ?? (definition.dataType === 'decimal' ? 2 : 0);
  if (column?.type === 'decimal' && decimals > (column.decimals ?? 2))
    fail(`${where}: ${decimals} decimals exceed column '${column.name}' (${column.decimals ?? 2})`);
  const values = definition.values?.map((v) => ({ id: v.id, description: localText(v.description) }));
  const field: WriteField = {
    fieldId: definition.fieldId,
    column,
    dataType: definition.dataType,
    base64,
    length,
    decimals: definition.dataType === 'decimal' ? decimals : 0,
    mandatory: definition.mandatoryInMetainfo ?? definition.mandatory,
    requiredOnInsert: definition.mandatory,
    notZero: definition.notzero,
    primaryKey: definition.primaryKey,
    defaultValue: undefined,
    values,
    codes: values ? new Set(values.map((v) => v.id)) : undefined,
    label: localText(definition.label),
    controlType:
      definition.controlType ??
      (definition.dataType === 'string' && length === 0 ? 23 : DEFAULT_CONTROL_TYPE[definition.dataType]),
    references: definition.references,
  };
  if (definition.default !== undefined) {
    const token = DEFAULT_TOKENS.find((t) => t === definition.default);
    if (token) {
      if ((token === '$fileId') !== (field.dataType === 'string'))
        fail(`${where}: default ${token} does not fit a ${field.dataType}`);
      if ((token === '$today' || token === '$now') && field.dataType !== 'date')
        fail(`${where}: default ${token} needs a date field`);
      field.defaultValue = token;
    } else {
      const typed = coerceLiteral(field, definition.default);
      if (typed === undefined) fail(`${where}: default '${String(definition.default)}' is not a valid value`);
      field.defaultValue = definition.default;
    }
  }
  return field;
}

interface Context {
  connector: string;
  tables: ReadonlyMap<string, TableDefinition>;
}

function compileObject(
  definition: UpdateObjectDefinition,
  parent: WriteObject | undefined,
  extraRules: string[],
  context: Context,
): WriteObject {
  const path = parent ? `${parent.path}/${definition.name}` : definition.name;
  const at = `UpdateConnector '${context.connector}', object '${path}'`;
  const fail: (message: string) => never = (message) => {
    throw new DefinitionError(message);
  };
  const table = context.tables.get(definition.table) ?? fail(`${at}: table '${definition.table}' is not defined`);
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const needColumn = (t: TableDefinition, name: string, role: string): ColumnDefinition =>
    t.columns.find((c) => c.name === name) ?? fail(`${at}: ${role} column '${name}' is not in table '${t.name}'`);

  const fields: WriteField[] = [];
  const byId = new Map<string, WriteField>();
  for (const fieldDefinition of definition.fields) {
    const where = `${at}, field '${fieldDefinition.fieldId}'`;
    if (byId.has(fieldDefinition.fieldId)) fail(`${where}: defined twice`);
    const field = fieldFrom(fieldDefinition, table, where, fail);
    if (field.references) {
      const target = context.tables.get(field.references.table);
      if (!target) fail(`${where}: referenced table '${field.references.table}' is not defined`);
      needColumn(target, field.references.column, 'referenced');
    }
    fields.push(field);
    byId.set(field.fieldId, field);
  }

  const keys = definition.keys.map((key): WriteKey => {
    const where = `${at}, key '@${key.attribute}'`;
    const column = needColumn(table, key.column, 'key');
    const field = byId.get(key.attribute);
    if (field && field.column?.name !== key.column) fail(`${where}: field '${key.attribute}' maps another column`);
    const sequenceTable = key.sequenceTable ?? table.name;
    if (key.generate === 'autonumber' && !column.autoIncrement)
      fail(`${where}: autonumber needs the autoIncrement column of '${table.name}'`);
    let uniqueInDatabase = false;
    if (key.generate === 'sequence') {
      if (column.type !== 'int' && column.type !== 'string') fail(`${where}: a sequence needs an int or string column`);
      const sequence = context.tables.get(sequenceTable) ?? fail(`${where}: table '${sequenceTable}' is not defined`);
      needColumn(sequence, key.column, 'sequence');
      uniqueInDatabase = [sequence.primaryKey, ...sequence.unique].some(
        (columns) => columns.length === 1 && columns[0] === key.column,
      );
    }
    if (key.autoNumberField !== undefined && byId.get(key.autoNumberField)?.dataType !== 'boolean')
      fail(`${where}: autoNumberField '${key.autoNumberField}' must be a boolean field of the object`);
    return {
      attribute: key.attribute,
      column: key.column,
      dataType: column.type,
      length: column.length ?? 0,
      generate: key.generate,
      sequenceTable,
      uniqueInDatabase,
      autoNumberField: key.autoNumberField,
      label: key.label ? localText(key.label) : (field?.label ?? { en: key.attribute, nl: key.attribute }),
      field,
    };
  });
  const attributes = new Set(keys.map((k) => k.attribute));
  for (const key of keys) if (byId.has(key.attribute)) byId.get(key.attribute)!.primaryKey = true;
  if (attributes.size !== keys.length) fail(`${at}: a key attribute is listed twice`);

  const lookup = new Map<string, { column: string; dataType: DataType }>();
  for (const key of keys) lookup.set(key.attribute, { column: key.column, dataType: key.dataType });
  for (const id of definition.lookup) {
    const field = byId.get(id);
    if (!field?.column) fail(`${at}: lookup '${id}' is not a stored field of the object`);
    lookup.set(id, { column: field.column.name, dataType: field.dataType });
  }

  let link: WriteLink | undefined;
  if (definition.parentKey && definition.parentRef) fail(`${at}: give parentKey or parentRef, not both`);
  if (parent) {
    const map =
      definition.parentKey ?? definition.parentRef ?? fail(`${at}: a nested object needs parentKey or parentRef`);
    const pairs = Object.entries(map).map(([parentColumn, childColumn]) => {
      const p = needColumn(parent.table, parentColumn, 'parent');
      const c = needColumn(table, childColumn, 'link');
      if (p.type !== c.type) fail(`${at}: link ${parentColumn} -> ${childColumn} joins a ${p.type} to a ${c.type}`);
      return { parent: parentColumn, child: childColumn };
    });
    if (pairs.length === 0) fail(`${at}: the link to the parent names no columns`);
    link = { kind: definition.parentKey ? 'key' : 'ref', pairs };
  } else if (definition.parentKey || definition.parentRef) {
    fail(`${at}: the root object has no parent to link to`);
  }

  let base: WriteBase | undefined;
  if (definition.base) {
    const baseTable =
      context.tables.get(definition.base.table) ?? fail(`${at}: base table '${definition.base.table}' is not defined`);
    const key = Object.entries(definition.base.key).map(([b, column]) => {
      needColumn(baseTable, b, 'base key');
      needColumn(table, column, 'base key');
      return { base: b, column };
    });
    for (const c of definition.base.copy) {
      needColumn(baseTable, c, 'base copy');
      needColumn(table, c, 'base copy');
    }
    for (const c of Object.keys(definition.base.set)) needColumn(baseTable, c, 'base set');
    base = { table: baseTable, key, copy: definition.base.copy, set: definition.base.set };
  }

  for (const column of Object.keys(definition.defaults)) needColumn(table, column, 'default');

  const ruleNames = [...extraRules, ...definition.rules];
  const rules = ruleNames.map((name) => {
    const rule = RULES[name] ?? fail(`${at}: rule '${name}' does not exist (known: ${Object.keys(RULES).join(', ')})`);
    for (const id of rule.requires?.fields ?? []) if (!byId.has(id)) fail(`${at}: rule '${name}' needs field '${id}'`);
    for (const c of [...(rule.requires?.columns ?? []), ...(rule.sets ?? [])]) needColumn(table, c, `rule '${name}'`);
    return { name, rule };
  });

  const results = definition.results ?? keys.map((k) => k.attribute);
  for (const id of results)
    if (!attributes.has(id) && !byId.get(id)?.column) fail(`${at}: result '${id}' is neither a key nor a stored field`);

  for (const id of definition.mandatoryOnPut)
    if (!attributes.has(id) && !byId.has(id)) fail(`${at}: mandatoryOnPut '${id}' is neither a key nor a field`);

  const object: WriteObject = {
    name: definition.name,
    path,
    table,
    columns,
    verbs: new Set(definition.verbs),
    keys,
    lookup,
    link,
    single: definition.single || link?.kind === 'ref',
    required: definition.required,
    base,
    defaults: definition.defaults,
    results,
    mandatoryOnPut: definition.mandatoryOnPut,
    rules,
    fields,
    byId,
    objects: [],
    children: new Map(),
  };
  const children = new Map<string, WriteObject>();
  for (const childDefinition of definition.objects) {
    if (children.has(childDefinition.name)) fail(`${at}: object '${childDefinition.name}' is defined twice`);
    const child = compileObject(childDefinition, object, [], context);
    children.set(child.name, child);
    object.objects.push(child);
  }
  object.children = children;
  for (const { name, rule } of rules) {
    const problem = rule.verify?.(object);
    if (problem) fail(`${at}: rule '${name}' ${problem}`);
  }
  checkInsertCoverage(object, fail, at);
  return object;
}

/**
 * Every not-null column must get a value on insert: from a field (then the field is required on insert unless it
 * has a default), a key, the parent link, a required child that the row points at, the base row, a default, a rule
 * or the audit stamps. A column nothing fills stops start-up here rather than failing a client's insert.
 */
function checkInsertCoverage(object: WriteObject, fail: (message: string) => never, at: string): void {
  const filled = new Set<string>(Object.values(object.table.audit).filter((c): c is string => c !== undefined));
  for (const column of object.table.columns) if (column.autoIncrement) filled.add(column.name);
  for (const key of object.keys) filled.add(key.column);
  if (object.link?.kind === 'key') for (const pair of object.link.pairs) filled.add(pair.child);
  for (const child of object.objects) {
    if (child.link?.kind !== 'ref') continue;
    for (const pair of child.link.pairs) {
      const column = object.columns.get(pair.parent)!;
      if (!column.nullable && !child.required)
        fail(`${at}: not-null column '${pair.parent}' points at object '${child.name}', which must then be required`);
      filled.add(pair.parent);
    }
  }
  for (const pair of object.base?.key ?? []) filled.add(pair.column);
  for (const column of Object.keys(object.defaults)) filled.add(column);
  for (const { rule } of object.rules) for (const column of rule.sets ?? []) filled.add(column);
  for (const field of object.fields) {
    if (!field.column) continue;
    const notNull = !field.column.nullable || object.table.primaryKey.includes(field.column.name);
    if (notNull && !filled.has(field.column.name) && field.defaultValue === undefined) field.requiredOnInsert = true;
    filled.add(field.column.name);
  }
  for (const column of object.table.columns) {
    const notNull = !column.nullable || object.table.primaryKey.includes(column.name);
    if (notNull && !filled.has(column.name))
      fail(`${at}: not-null column '${column.name}' of '${object.table.name}' gets no value on insert`);
  }
  if (object.base) {
    const baseFilled = new Set([
      ...object.base.copy,
      ...Object.keys(object.base.set),
      ...Object.values(object.base.table.audit).filter((c): c is string => c !== undefined),
      ...object.base.table.columns.filter((c) => c.autoIncrement).map((c) => c.name),
    ]);
    for (const column of object.base.table.columns) {
      if (column.nullable || baseFilled.has(column.name)) continue;
      if (object.base.key.some((k) => k.base === column.name)) continue;
      fail(`${at}: not-null column '${column.name}' of base table '${object.base.table.name}' gets no value`);
    }
  }
}

export function compileUpdateConnectors(
  definitions: readonly UpdateConnectorDefinition[],
  tables: ReadonlyMap<string, TableDefinition>,
): Map<string, CompiledUpdateConnector> {
  const connectors = new Map<string, CompiledUpdateConnector>();
  for (const definition of definitions) {
    if (connectors.has(definition.id)) throw new DefinitionError(`UpdateConnector '${definition.id}' is defined twice`);
    const root = compileObject(definition.rootObject, undefined, definition.rules, {
      connector: definition.id,
      tables,
    });
    connectors.set(definition.id, {
      id: definition.id,
      description: localText(definition.description),
      verbs: new Set(definition.verbs),
      putUpserts: definition.putUpserts,
      root,
    });
  }
  return connectors;
}

/** Every object of a tree, depth first. */
export function allObjects(root: WriteObject): WriteObject[] {
  return [root, ...root.objects.flatMap(allObjects)];
}
