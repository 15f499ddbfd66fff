// Turns a catalogue UpdateConnector (catalogue-files.ts) into ordinary definitions: one table per object (names from
// storage-names.ts) and an UpdateConnector definition over them, so compile, write path and metainfo treat it as any.

import type { ColumnDefinition, TableDefinition } from '../definitions/schema.ts';
import type {
  UpdateConnectorDefinition,
  UpdateFieldDefinition,
  UpdateKeyDefinition,
  UpdateObjectDefinition,
} from '../write/update-schema.ts';
import type { CatalogueConnector, CatalogueField, CatalogueObject } from './catalogue-files.ts';
import { CATALOGUE_COLUMNS, catalogueColumnName, catalogueTableName } from './storage-names.ts';

/**
 * Fields the descriptions list as required that Profit fills itself when they are absent (a person's number `BcCo`
 * with AutoNum, the switch AutoNum itself, an entry number): metainfo says mandatory, an insert does not demand them.
 */
export const FILLED_BY_PROFIT: ReadonlySet<string> = new Set(['BcId', 'BcCo', 'AutoNum', 'EnNo']);

/** Int keys that name another record (an administration, a vacancy, a period): the caller sends them. */
export const INT_REFERENCE_KEYS: ReadonlySet<string> = new Set([
  'UnId',
  'VaId',
  'PvCt',
  'VcSn',
  'PtId',
  'PeId',
  'Year',
  'Sc02',
  'IsId',
  'FaSn',
  'CdId',
  'CrId',
]);

/** Optional text keys (`Object/path.Field`) that name another record: the caller sends them, nothing numbers them. */
export const TEXT_REFERENCE_KEYS: ReadonlySet<string> = new Set([
  'FbItemCodeCustomer.DbId',
  'FbItemCodeCustomer.VaIt',
  'FbItemCodeSupplier.VaIt',
  'FbItemCodeSupplier.CrId',
  'PtFunction.FuId',
  'PtItemSetFunction.FuId',
  'PtProject/PtProjectStage.PrId',
  'KnBankTransaction/KnTransactionDimension.Srch',
  'KnTeamMember.Team',
]);

/**
 * A single caller-sent key that names a related record rather than the record itself (an absence's employee):
 * inserts never look for an existing record by it (rule `repeatable-keys`). Other caller keys are the record's
 * identity: a POST of a stored one is refused.
 */
export const RELATED_RECORD_KEYS: ReadonlySet<string> = new Set([
  'EmId',
  'UnId',
  'VaIt',
  'DbId',
  'CdId',
  'BcCo',
  'PrId',
  'VaCt',
  'VaId',
  'FbProductGroupLines.PrGr',
]);

/** Undocumented decimals: up to 6, so that the server refuses only what the catalogue limits (numeric(18, 6)). */
const DEFAULT_DECIMALS = 6;

/** How a key of a generated object gets its value on insert. */
export type KeyKind = 'sequence' | 'guid' | 'client';

/**
 * The rule for keys Profit numbers itself when a POST leaves them out: an int key unless it names another record;
 * an optional text key (order numbers, debtor numbers) unless it names another record, a 38-character one getting a
 * new unique code instead of a number; a key the catalogue requires on POST is the caller's. Dates and booleans
 * cannot be numbered: they are keys only when required (else only a DELETE URL may name them).
 */
export function keyKind(objectPath: string, field: CatalogueField, putOnly: boolean): KeyKind | undefined {
  if (putOnly) return 'client';
  switch (field.dataType) {
    case 'int':
      return INT_REFERENCE_KEYS.has(field.fieldId) ? 'client' : 'sequence';
    case 'string':
      if (field.mandatory || TEXT_REFERENCE_KEYS.has(`${objectPath}.${field.fieldId}`)) return 'client';
      return field.length === 38 ? 'guid' : 'sequence';
    default:
      return field.mandatory ? 'client' : undefined;
  }
}

/** Digits after the point of `multipleOf` (0.01 -> 2, 1e-10 -> 10); DEFAULT_DECIMALS when undocumented. Also overlay-handwritten.ts. */
export function decimalsOf(multipleOf: number | undefined): number {
  if (multipleOf === undefined) return DEFAULT_DECIMALS;
  return Math.min(10, Math.max(0, Math.round(-Math.log10(multipleOf))));
}

function column(name: string, type: ColumnDefinition['type'], extra: Partial<ColumnDefinition> = {}): ColumnDefinition {
  return { name, type, nullable: true, autoIncrement: false, ...extra };
}

/** The object and key names of a DELETE URL template, level by level: `[{object, names}]`. */
export function deleteTemplateLevels(template: string): { object: string; names: string[] }[] {
  const segments = template.split('/').filter((s) => s !== '');
  const rest = segments.slice(segments.indexOf('connectors') + 2);
  const levels: { object: string; names: string[] }[] = [];
  for (let i = 0; i + 1 < rest.length; i += 3)
    levels.push({ object: rest[i]!, names: rest[i + 1]!.split(',').map((n) => n.replace(/^@/, '')) });
  return levels;
}

/** How the top object of a generated subtree hangs under its parent's table. */
export interface SubtreeLink {
  /** Columns the top object's table gets for the link. */
  columns: ColumnDefinition[];
  /** `parent column: child column`. */
  parentKey: Record<string, string>;
}

export interface SubtreeOptions {
  /** The catalogue connector's id (the first part of the table names). */
  connectorId: string;
  /** Object names from the catalogue root down to this object, the root's included (`['KnPerson', 'KnContact']`). */
  path: readonly string[];
  /** The catalogue connector (its PUT requirements, DELETE templates, verbs). */
  connector: CatalogueConnector;
  /** The link of this object to its parent; a generated parent's `ac_id` when absent (none for a root). */
  link?: SubtreeLink;
}

export interface GeneratedStorage {
  tables: TableDefinition[];
  object: UpdateObjectDefinition;
}

/** Key names per object path from the DELETE URL templates. */
function deleteNames(connector: CatalogueConnector): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const template of connector.deleteUrls) {
    const path: string[] = [];
    for (const level of deleteTemplateLevels(template)) {
      path.push(level.object);
      const key = path.join('/');
      byPath.set(key, [...new Set([...(byPath.get(key) ?? []), ...level.names])]);
    }
  }
  return byPath;
}

function catalogueObjectAt(connector: CatalogueConnector, path: readonly string[]): CatalogueObject {
  let object = connector.tree;
  if (path[0]?.toLowerCase() !== object.name.toLowerCase())
    throw new Error(`catalogue ${connector.id}: path '${path.join('/')}' does not start at '${object.name}'`);
  for (const name of path.slice(1)) {
    const child = object.objects.find((o) => o.name === name);
    if (!child) throw new Error(`catalogue ${connector.id}: no object '${name}' under '${object.name}'`);
    object = child;
  }
  return object;
}

/**
 * Storage (a table per object: `ac_id`, the parent's `ac_parent_id`, one column per field, audit stamps) and the
 * UpdateConnector object definition of one catalogue object and everything below it.
 */
export function generateObjectStorage(options: SubtreeOptions): GeneratedStorage {
  const { connector, connectorId } = options;
  const source = catalogueObjectAt(connector, options.path);
  const objectPath = options.path.join('/');
  const isRoot = options.path.length === 1;
  const putOnly = !connector.verbs.includes('post');
  const table = catalogueTableName(connectorId, options.path.slice(1));
  const link =
    options.link ??
    (isRoot
      ? undefined
      : {
          columns: [column(CATALOGUE_COLUMNS.parentId, 'int', { nullable: false })],
          parentKey: { [CATALOGUE_COLUMNS.id]: CATALOGUE_COLUMNS.parentId },
        });

  const byId = new Map(source.fields.map((f) => [f.fieldId, f]));
  const onPut = connector.mandatoryOnPut?.[objectPath] ?? [];
  const fromDelete = deleteNames(connector).get(objectPath) ?? [];
  // A PUT-only connector has no PUT list: the fields its description requires are what a PUT names the record by.
  const required = putOnly && isRoot ? source.fields.filter((f) => f.mandatory).map((f) => f.fieldId) : [];
  const keyIds = [...new Set([...onPut, ...(isRoot ? fromDelete : []), ...required])].filter((id) => byId.has(id));
  const keys: (UpdateKeyDefinition & { kind: KeyKind })[] = [];
  for (const id of keyIds) {
    const kind = keyKind(objectPath, byId.get(id)!, putOnly);
    if (kind === undefined) continue;
    const generate = kind === 'sequence' ? 'sequence' : 'client';
    keys.push({ attribute: id, column: catalogueColumnName(id), generate, kind });
  }
  const keyById = new Map(keys.map((k) => [k.attribute, k]));

  const fields: UpdateFieldDefinition[] = source.fields.map((f) => {
    const key = keyById.get(f.fieldId);
    const fills = !key && FILLED_BY_PROFIT.has(f.fieldId) && f.mandatory;
    // A required yes/no switch (HrAbsence's partial leave LeDt) is one Profit stores as false when a body leaves it
    // out: the descriptions mark it required because it is never empty.
    const switchOff = !key && f.dataType === 'boolean' && f.mandatory;
    return {
      fieldId: f.fieldId,
      column: catalogueColumnName(f.fieldId),
      dataType: f.dataType,
      length: f.dataType === 'string' ? f.length : undefined,
      decimals: f.dataType === 'decimal' ? decimalsOf(f.multipleOf) : undefined,
      // A GUID key Profit makes when absent is not required; a field Profit fills itself neither.
      mandatory: f.mandatory && !fills && !switchOff && key?.kind !== 'guid',
      mandatoryInMetainfo: f.mandatory,
      notzero: false,
      default: key?.kind === 'guid' ? '$fileId' : switchOff ? false : undefined,
      values: f.values?.map((v) => ({ id: v.id, description: v.description })),
      label: { en: f.label, nl: f.labelNl ?? f.label },
      primaryKey: key !== undefined,
    };
  });

  const columns: ColumnDefinition[] = [
    column(CATALOGUE_COLUMNS.id, 'int', { nullable: false, autoIncrement: true }),
    ...(link?.columns ?? []),
    ...source.fields.map((f) =>
      column(catalogueColumnName(f.fieldId), f.dataType, {
        length: f.dataType === 'string' ? f.length : undefined,
        decimals: f.dataType === 'decimal' ? decimalsOf(f.multipleOf) : undefined,
      }),
    ),
    column(CATALOGUE_COLUMNS.createdAt, 'date'),
    column(CATALOGUE_COLUMNS.createdBy, 'string'),
    column(CATALOGUE_COLUMNS.modifiedAt, 'date'),
    column(CATALOGUE_COLUMNS.modifiedBy, 'string'),
  ];
  const linkColumns = Object.values(link?.parentKey ?? {});
  const keyColumns = keys.map((k) => k.column);
  const indexes = [linkColumns, ...(keyColumns.length > 0 ? [[...linkColumns, ...keyColumns]] : [])].filter(
    (index) => index.length > 0,
  );
  const ownTable: TableDefinition = {
    name: table,
    primaryKey: [CATALOGUE_COLUMNS.id],
    columns,
    unique: [],
    indexes: indexes.filter((index, i) => indexes.findIndex((other) => other.join() === index.join()) === i),
    audit: {
      createdAt: CATALOGUE_COLUMNS.createdAt,
      createdBy: CATALOGUE_COLUMNS.createdBy,
      modifiedAt: CATALOGUE_COLUMNS.modifiedAt,
      modifiedBy: CATALOGUE_COLUMNS.modifiedBy,
    },
  };

  const children = source.objects.map((child) =>
    generateObjectStorage({ connector, connectorId, path: [...options.path, child.name] }),
  );
  const lookup = fromDelete.filter((id) => byId.has(id) && !keyById.has(id));
  // The root inserts on POST, and on a PUT-only connector's PUT that finds nothing (the connector's verbs refuse
  // the other HTTP verb); nested records may be inserted, updated, and deleted by `@Action` where keys find them.
  const verbs: ('insert' | 'update' | 'delete')[] = isRoot
    ? [
        'insert',
        ...(connector.verbs.includes('put') ? (['update'] as const) : []),
        ...(fromDelete.length > 0 ? (['delete'] as const) : []),
      ]
    : ['insert', 'update', ...(keys.length > 0 || fromDelete.length > 0 ? (['delete'] as const) : [])];
  const clientOnly = keys.length > 0 && keys.every((k) => k.kind === 'client');
  const related =
    clientOnly &&
    keys.length === 1 &&
    (RELATED_RECORD_KEYS.has(keys[0]!.attribute) || RELATED_RECORD_KEYS.has(`${source.name}.${keys[0]!.attribute}`));
  // Built complete, as the schema's parse would give it (a test checks that): parsing 450 objects at every start
  // costs more than generating them.
  const object: UpdateObjectDefinition = {
    name: source.name,
    table,
    verbs,
    keys: keys.map(({ kind: _kind, ...key }) => key),
    lookup,
    ...(link ? { parentKey: link.parentKey } : {}),
    single: false,
    required: false,
    defaults: {},
    mandatoryOnPut: onPut.filter((id) => byId.has(id)),
    rules: related ? ['repeatable-keys'] : [],
    fields,
    objects: children.map((c) => c.object),
  };
  return { tables: [ownTable, ...children.flatMap((c) => c.tables)], object };
}

/** A whole catalogue connector as tables and an UpdateConnector definition. */
export function generateUpdateConnector(connector: CatalogueConnector): {
  tables: TableDefinition[];
  connector: UpdateConnectorDefinition;
} {
  const { tables, object } = generateObjectStorage({
    connector,
    connectorId: connector.id,
    path: [connector.tree.name],
  });
  const definition: UpdateConnectorDefinition = {
    id: connector.id,
    description: { en: connector.description, nl: connector.descriptionNl ?? connector.description },
    rules: [],
    verbs: connector.verbs,
    putUpserts: !connector.verbs.includes('post'),
    rootObject: object,
  };
  return { tables, connector: definition };
}
