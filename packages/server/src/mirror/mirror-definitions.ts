// Turns the metainfo of a Profit environment (read in Dutch and English by `appconnector mirror`) into a definition
// set that serves the same connectors: the same ids, labels, types, lengths, decimals, control types, order and code
// tables. Pure: no database, no HTTP; what the set looks like is decided here, the data comes later (mirror-fill.ts).

import type {
  DataType,
  GetField,
  GetMetainfo,
  UpdateField,
  UpdateMetainfo,
  UpdateObjectMetainfo,
} from '@appconnector/protocol';
import { readCatalogueUpdateConnectors } from '../catalogue/catalogue-files.ts';
import { CATALOGUE_COLUMNS, shortened } from '../catalogue/storage-names.ts';
import { DefinitionError } from '../definitions/load.ts';
import type {
  CollectionDefinition,
  ColumnDefinition,
  DefinitionFile,
  GetConnectorDefinition,
  TableDefinition,
} from '../definitions/schema.ts';
import type {
  UpdateConnectorDefinition,
  UpdateFieldDefinition,
  UpdateKeyDefinition,
  UpdateObjectDefinition,
} from '../write/update-schema.ts';

/** A text in both languages Profit answers in. */
export interface BothLanguages<T> {
  nl: T;
  en: T;
}

/** What `mirror` read of the source: each connector's metainfo as the source answered it in Dutch and in English. */
export interface MirrorSource {
  getConnectors: { id: string; description: BothLanguages<string>; meta: BothLanguages<GetMetainfo> }[];
  updateConnectors: { id: string; description: BothLanguages<string>; meta: BothLanguages<UpdateMetainfo> }[];
}

/** A GetConnector's table and the field each column holds, so the rows can be generated to fit. */
export interface MirroredTable {
  connector: string;
  table: TableDefinition;
  /** Column name -> the field as the source describes it (the first GetConnector field that shows the column). */
  fields: { column: string; field: GetField; labelNl: string }[];
}

export interface MirrorDefinitions {
  /** The definition files, as text a person can read and keep in version control. */
  files: { name: string; text: string }[];
  /** The parsed form of the same set (what the files say). */
  set: Required<Pick<DefinitionFile, 'tables' | 'collections' | 'getConnectors' | 'updateConnectors'>>;
  /** The tables mirror-fill.ts fills: one per GetConnector. */
  getTables: MirroredTable[];
  /** Connectors whose metainfo the definitions cannot hold (an id with a space, say): left out, with the reason. */
  refused: { kind: 'get' | 'update'; id: string; reason: string }[];
}

/** PostgreSQL truncates longer identifiers; two long names could then meet. */
const MAX_IDENTIFIER = 63;
const ROW_KEY = 'ac_row';
/** The same rule as the definition schema's (definitions/schema.ts, write/update-schema.ts), checked up front. */
const FIELD_CODE = /^[A-Za-z0-9_.-]+$/;
const OBJECT_CODE = /^[A-Za-z0-9_-]+$/;
const CONNECTOR_ID = /^[A-Za-z0-9_.-]+$/;

function identifier(prefix: string, text: string, taken: Set<string>): string {
  const name = shortened(`${prefix}${text.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`);
  // Ids that differ only in case or punctuation (`Name`, `name`) get a number.
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name.slice(0, MAX_IDENTIFIER - 4)}_${n}`;
  taken.add(unique);
  return unique;
}

function column(name: string, type: DataType, length: number, decimals: number): ColumnDefinition {
  return {
    name,
    type,
    nullable: true,
    autoIncrement: false,
    // A string of length 0 is memo text: no limit. Lengths of other types are metainfo only.
    ...(type === 'string' && length > 0 ? { length } : {}),
    ...(type === 'decimal' ? { decimals: Math.min(10, decimals) } : {}),
  };
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new DefinitionError(`mirror: ${message}`);
}

/** One GetConnector: a table with a column per field, a collection over it, the connector. */
function mirrorGet(source: MirrorSource['getConnectors'][number], tableNames: Set<string>) {
  const { nl, en } = source.meta;
  const where = `GetConnector '${source.id}'`;
  check(CONNECTOR_ID.test(source.id), `${where}: the id has characters ids may not have`);
  check(
    nl.fields.length === en.fields.length && nl.fields.every((f, i) => f.id === en.fields[i]!.id),
    `${where}: its Dutch and English metainfo list different fields`,
  );
  const table = identifier('m_', source.id, tableNames);
  const columnNames = new Set([ROW_KEY]);
  const collectionFields: CollectionDefinition['fields'] = [];
  const byFieldId = new Map<string, GetField>();
  const choices: GetConnectorDefinition['fields'] = [];
  const mirrored: MirroredTable['fields'] = [];
  const columns: ColumnDefinition[] = [column(ROW_KEY, 'int', 0, 0)];
  en.fields.forEach((field, i) => {
    const labelNl = nl.fields[i]!.label;
    check(FIELD_CODE.test(field.id), `${where}: field id '${field.id}' has characters ids may not have`);
    check(FIELD_CODE.test(field.fieldId), `${where}: fieldId '${field.fieldId}' has characters ids may not have`);
    check(field.decimals <= 10, `${where}, field '${field.id}': more than 10 decimals`);
    const shared = byFieldId.get(field.fieldId);
    if (shared) {
      // A field shown twice under two ids: one collection field, the second id with its own label.
      check(
        shared.dataType === field.dataType && shared.length === field.length && shared.decimals === field.decimals,
        `${where}: fieldId '${field.fieldId}' is shown twice with different types`,
      );
      choices.push({ id: field.id, fieldId: field.fieldId, label: { en: field.label, nl: labelNl } });
      return;
    }
    byFieldId.set(field.fieldId, field);
    const name = identifier('f_', field.fieldId, columnNames);
    columns.push(column(name, field.dataType, field.length, field.decimals));
    collectionFields.push({
      fieldId: field.fieldId,
      column: `t.${name}`,
      dataType: field.dataType,
      label: { en: field.label, nl: labelNl },
      length: field.length,
      decimals: field.decimals,
      controlType: field.controlType,
    });
    choices.push({ id: field.id, fieldId: field.fieldId });
    mirrored.push({ column: name, field, labelNl });
  });
  check(choices.length > 0, `${where} has no fields`);
  const tableDefinition: TableDefinition = {
    name: table,
    primaryKey: [ROW_KEY],
    columns,
    unique: [],
    indexes: [],
    audit: {},
  };
  const description = { en: source.description.en, nl: source.description.nl };
  const collection: CollectionDefinition = {
    id: source.id,
    label: description,
    from: { table, as: 't' },
    joins: [],
    fields: collectionFields,
  };
  const getConnector: GetConnectorDefinition = {
    id: source.id,
    description,
    collection: source.id,
    blocked: false,
    fields: choices,
  };
  return {
    table: tableDefinition,
    collection,
    getConnector,
    mirrored: { connector: source.id, table: tableDefinition, fields: mirrored },
  };
}

/**
 * The metainfo of one object as storage and an object definition: a table per object (`ac_id` numbered by the
 * database, `ac_parent_id` under a parent, a column per field, audit stamps), fields as the source describes them.
 * Keys are the source's primary key fields: numbered when the source does not demand them (an int or text key a
 * POST may leave out), else the caller's.
 */
function mirrorObject(
  nl: UpdateObjectMetainfo,
  en: UpdateObjectMetainfo,
  context: { connector: string; path: string[]; tableNames: Set<string>; mandatoryOnPut: Record<string, string[]> },
  isRoot: boolean,
): { tables: TableDefinition[]; object: UpdateObjectDefinition } {
  const path = [...context.path, en.name];
  const where = `UpdateConnector '${context.connector}', object '${path.join('/')}'`;
  check(OBJECT_CODE.test(en.name), `${where}: the object name has characters names may not have`);
  check(
    nl.name === en.name &&
      nl.fields.length === en.fields.length &&
      nl.fields.every((f, i) => f.fieldId === en.fields[i]!.fieldId) &&
      nl.objects.length === en.objects.length,
    `${where}: its Dutch and English metainfo differ in shape`,
  );
  const table = identifier('mu_', [context.connector, ...path.slice(1)].join('_'), context.tableNames);
  const columnNames = new Set<string>(Object.values(CATALOGUE_COLUMNS));
  const columns: ColumnDefinition[] = [
    { ...column(CATALOGUE_COLUMNS.id, 'int', 0, 0), nullable: false, autoIncrement: true },
    ...(isRoot ? [] : [{ ...column(CATALOGUE_COLUMNS.parentId, 'int', 0, 0), nullable: false }]),
  ];
  const keys: UpdateKeyDefinition[] = [];
  const fields: UpdateFieldDefinition[] = en.fields.map((field: UpdateField, i) => {
    const dutch = nl.fields[i]!;
    check(OBJECT_CODE.test(field.fieldId), `${where}: field '${field.fieldId}' has characters ids may not have`);
    check(field.decimals <= 10, `${where}, field '${field.fieldId}': more than 10 decimals`);
    const name = identifier('f_', field.fieldId, columnNames);
    columns.push(column(name, field.dataType, field.length, field.decimals));
    const numbered = field.primaryKey && !field.mandatory && (field.dataType === 'int' || field.dataType === 'string');
    if (field.primaryKey && (numbered || field.mandatory))
      keys.push({ attribute: field.fieldId, column: name, generate: numbered ? 'sequence' : 'client' });
    return {
      fieldId: field.fieldId,
      column: name,
      dataType: field.dataType,
      length: field.length,
      decimals: field.decimals,
      // What an insert demands; metainfo says exactly what the source says.
      mandatory: field.mandatory && !numbered,
      mandatoryInMetainfo: field.mandatory,
      notzero: field.notzero,
      ...(field.values
        ? {
            values: field.values.map((value, v) => ({
              id: value.id,
              description: { en: value.description, nl: dutch.values?.[v]?.description ?? value.description },
            })),
          }
        : {}),
      label: { en: field.label, nl: dutch.label },
      controlType: field.controlType,
      primaryKey: field.primaryKey,
    };
  });
  columns.push(
    column(CATALOGUE_COLUMNS.createdAt, 'date', 0, 0),
    column(CATALOGUE_COLUMNS.createdBy, 'string', 0, 0),
    column(CATALOGUE_COLUMNS.modifiedAt, 'date', 0, 0),
    column(CATALOGUE_COLUMNS.modifiedBy, 'string', 0, 0),
  );
  const children = en.objects.map((child, i) => mirrorObject(nl.objects[i]!, child, { ...context, path }, false));
  const linkColumns = isRoot ? [] : [CATALOGUE_COLUMNS.parentId];
  const keyColumns = keys.map((k) => k.column);
  const indexes = [linkColumns, [...linkColumns, ...keyColumns]].filter(
    (index, i, all) => index.length > 0 && all.findIndex((other) => other.join() === index.join()) === i,
  );
  const byId = new Set(fields.map((f) => f.fieldId));
  const object: UpdateObjectDefinition = {
    name: en.name,
    table,
    verbs: ['insert', 'update', ...(keys.length > 0 ? (['delete'] as const) : [])],
    keys,
    lookup: [],
    ...(isRoot ? {} : { parentKey: { [CATALOGUE_COLUMNS.id]: CATALOGUE_COLUMNS.parentId } }),
    single: false,
    required: false,
    defaults: {},
    mandatoryOnPut: (context.mandatoryOnPut[path.join('/')] ?? []).filter((id) => byId.has(id)),
    rules: [],
    fields,
    objects: children.map((c) => c.object),
  };
  const ownTable: TableDefinition = {
    name: table,
    primaryKey: [CATALOGUE_COLUMNS.id],
    columns,
    unique: [],
    indexes,
    audit: {
      createdAt: CATALOGUE_COLUMNS.createdAt,
      createdBy: CATALOGUE_COLUMNS.createdBy,
      modifiedAt: CATALOGUE_COLUMNS.modifiedAt,
      modifiedBy: CATALOGUE_COLUMNS.modifiedBy,
    },
  };
  return { tables: [ownTable, ...children.flatMap((c) => c.tables)], object };
}

/**
 * One UpdateConnector. What metainfo does not say (whether POST or PUT is taken, what a PUT must name) comes from
 * AFAS's published catalogue when it documents the connector; otherwise both verbs and no PUT requirements.
 */
function mirrorUpdate(source: MirrorSource['updateConnectors'][number], tableNames: Set<string>) {
  check(CONNECTOR_ID.test(source.id), `UpdateConnector '${source.id}': the id has characters ids may not have`);
  const published = readCatalogueUpdateConnectors().find((c) => c.id === source.id);
  const verbs = published?.verbs ?? ['post', 'put'];
  const { tables, object } = mirrorObject(
    source.meta.nl,
    source.meta.en,
    { connector: source.id, path: [], tableNames, mandatoryOnPut: published?.mandatoryOnPut ?? {} },
    true,
  );
  const connector: UpdateConnectorDefinition = {
    id: source.id,
    description: { en: source.description.en, nl: source.description.nl },
    rules: [],
    verbs,
    putUpserts: !verbs.includes('post'),
    rootObject: object,
  };
  return { tables, connector };
}

/** A file name for a connector id: ids may differ only in case, which some file systems do not tell apart. */
function fileName(kind: 'get' | 'update', id: string, taken: Set<string>): string {
  let name = `${kind}-${id}.json`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${kind}-${id}-${n}.json`;
  taken.add(name.toLowerCase());
  return name;
}

/** Values the schema fills in when a file leaves them out: left out of the files, so that they read as written. */
const DEFAULTS: Record<string, unknown> = {
  nullable: true,
  autoIncrement: false,
  blocked: false,
  mandatory: false,
  notzero: false,
  primaryKey: false,
  single: false,
  required: false,
  putUpserts: false,
  generate: 'client',
};
const EMPTY_BY_DEFAULT = new Set([
  'unique',
  'indexes',
  'joins',
  'audit',
  'keys',
  'lookup',
  'rules',
  'mandatoryOnPut',
  'defaults',
  'objects',
]);

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || DEFAULTS[key] === item) continue;
    if (
      EMPTY_BY_DEFAULT.has(key) &&
      (Array.isArray(item) ? item.length === 0 : Object.keys(item as object).length === 0)
    )
      continue;
    out[key] = compact(item);
  }
  return out;
}

/**
 * JSON, each value on one line when it fits in 120 characters (a column, a field), else its members on lines of
 * their own. **Decision**: JSON, not YAML: a tenant's set runs to megabytes, which the YAML parser reads in seconds
 * (at every start of a server that serves it) and JSON.parse in milliseconds; laid out so, it reads and diffs as well.
 */
function jsonText(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat.length + indent.length <= 120 || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + jsonText(item, inner)).join(',\n')}\n${indent}]`;
  const members = Object.entries(value).map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${jsonText(item, inner)}`,
  );
  return `{\n${members.join(',\n')}\n${indent}}`;
}

function fileText(part: object): string {
  return `${jsonText(compact(part))}\n`;
}

/** The definition set that serves what the source's metainfo describes, as files and in parsed form. */
export function mirrorDefinitions(source: MirrorSource): MirrorDefinitions {
  const tableNames = new Set<string>();
  const fileNames = new Set<string>();
  const files: MirrorDefinitions['files'] = [];
  const set: MirrorDefinitions['set'] = { tables: [], collections: [], getConnectors: [], updateConnectors: [] };
  const getTables: MirroredTable[] = [];
  const refused: MirrorDefinitions['refused'] = [];
  // One connector the definitions cannot hold must not keep a tenant's hundreds of others from being mirrored.
  const each = <T extends { id: string }>(kind: 'get' | 'update', list: readonly T[], add: (item: T) => void) => {
    for (const item of list) {
      try {
        add(item);
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error;
        refused.push({ kind, id: item.id, reason: error.message.replace(/^mirror: /, '') });
      }
    }
  };
  each('get', source.getConnectors, (get) => {
    const made = mirrorGet(get, tableNames);
    const part = { tables: [made.table], collections: [made.collection], getConnectors: [made.getConnector] };
    set.tables.push(made.table);
    set.collections.push(made.collection);
    set.getConnectors.push(made.getConnector);
    getTables.push(made.mirrored);
    files.push({ name: fileName('get', get.id, fileNames), text: fileText(part) });
  });
  each('update', source.updateConnectors, (update) => {
    const made = mirrorUpdate(update, tableNames);
    set.tables.push(...made.tables);
    set.updateConnectors.push(made.connector);
    const part = { tables: made.tables, updateConnectors: [made.connector] };
    files.push({ name: fileName('update', update.id, fileNames), text: fileText(part) });
  });
  return { files, set, getTables, refused };
}
