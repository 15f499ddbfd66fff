// What replacing one definition set by another changes, as records and readable lines (`definitions import` prints
// them), and what it may not change: stored columns keep their type and tables their key. Reads compiled sets only.

import type { LocalText } from '../definitions/labels.ts';
import type { ReadField, Registry } from '../definitions/registry.ts';
import type { CollectionDefinition, DefinitionSet, TableDefinition } from '../definitions/schema.ts';
import type { CompiledReport } from '../report/report-compile.ts';
import type { WriteField, WriteObject } from '../write/compile-update.ts';

export type DefinitionKind = 'table' | 'collection' | 'GetConnector' | 'UpdateConnector' | 'report';

export interface DefinitionChange {
  kind: DefinitionKind;
  id: string;
  change: 'added' | 'removed' | 'changed';
  /** What changed inside it (`field 'X' added`, `blocked`, `column 'c': int -> string`); empty when added or removed. */
  details: string[];
}

/** A compiled set with the definitions it came from (collections are not kept in the registry). */
export interface ComparedSet {
  set: DefinitionSet;
  registry: Registry;
}

const label = (text: LocalText) => (text.en === text.nl ? `'${text.en}'` : `'${text.en}'/'${text.nl}'`);
const sameLabel = (a: LocalText, b: LocalText) => a.en === b.en && a.nl === b.nl;

/** Added, removed and (per `details`) changed items of two maps by id. */
function compareMaps<T>(
  kind: DefinitionKind,
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  details: (a: T, b: T) => string[],
): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  for (const [id, item] of after) {
    const old = before.get(id);
    if (old === undefined) changes.push({ kind, id, change: 'added', details: [] });
    else if (old !== item) {
      const found = details(old, item);
      if (found.length > 0) changes.push({ kind, id, change: 'changed', details: found });
    }
  }
  for (const id of before.keys()) if (!after.has(id)) changes.push({ kind, id, change: 'removed', details: [] });
  return changes;
}

/** Fields by id: added, removed, and what differs of those in both. */
function compareFields<T>(
  what: string,
  before: readonly T[],
  after: readonly T[],
  idOf: (field: T) => string,
  differences: (a: T, b: T) => string[],
): string[] {
  const old = new Map(before.map((f) => [idOf(f), f]));
  const now = new Map(after.map((f) => [idOf(f), f]));
  const lines: string[] = [];
  for (const [id, field] of now) {
    const was = old.get(id);
    if (!was) lines.push(`${what} '${id}' added`);
    else for (const difference of differences(was, field)) lines.push(`${what} '${id}': ${difference}`);
  }
  for (const id of old.keys()) if (!now.has(id)) lines.push(`${what} '${id}' removed`);
  return lines;
}

function changed<T>(name: string, a: T, b: T, show: (value: T) => string = String): string[] {
  return a === b ? [] : [`${name} ${show(a)} -> ${show(b)}`];
}

function readFieldDifferences(a: ReadField, b: ReadField): string[] {
  return [
    ...changed('type', a.dataType, b.dataType),
    ...changed('length', a.length, b.length),
    ...changed('decimals', a.decimals, b.decimals),
    ...(sameLabel(a.label, b.label) ? [] : [`label ${label(a.label)} -> ${label(b.label)}`]),
    ...changed('fieldId', a.fieldId, b.fieldId),
  ];
}

function writeFieldDifferences(a: WriteField, b: WriteField): string[] {
  return [
    ...changed('type', a.dataType, b.dataType),
    ...changed('length', a.length, b.length),
    ...changed('decimals', a.decimals, b.decimals),
    ...changed('mandatory', a.mandatory || a.requiredOnInsert, b.mandatory || b.requiredOnInsert),
    ...(sameLabel(a.label, b.label) ? [] : [`label ${label(a.label)} -> ${label(b.label)}`]),
    ...changed('column', a.column?.name, b.column?.name),
  ];
}

function writeObjectDifferences(a: WriteObject, b: WriteObject): string[] {
  const here = [
    ...changed(`object '${a.path}' table`, a.table.name, b.table.name),
    ...compareFields(`object '${a.path}' field`, a.fields, b.fields, (f) => f.fieldId, writeFieldDifferences),
  ];
  const old = new Map(a.objects.map((o) => [o.name, o]));
  const now = new Map(b.objects.map((o) => [o.name, o]));
  for (const [name, object] of now) {
    const was = old.get(name);
    here.push(...(was ? writeObjectDifferences(was, object) : [`object '${object.path}' added`]));
  }
  for (const [name, object] of old) if (!now.has(name)) here.push(`object '${object.path}' removed`);
  return here;
}

/** Tables and columns are never dropped: a set without them leaves them, and their data, in the database. */
const KEPT = ' (its data stays in the database)';

function tableDifferences(a: TableDefinition, b: TableDefinition): string[] {
  return [
    ...compareFields(
      'column',
      a.columns,
      b.columns,
      (c) => c.name,
      (x, y) => [
        ...changed('type', x.type, y.type),
        ...changed('length', x.length, y.length),
        ...changed('nullable', x.nullable, y.nullable),
      ],
    ).map((line) => (line.endsWith(' removed') ? `${line}${KEPT}` : line)),
    ...changed('primary key', a.primaryKey.join(','), b.primaryKey.join(',')),
  ];
}

function collectionDifferences(a: CollectionDefinition, b: CollectionDefinition): string[] {
  const show = (x: unknown) => JSON.stringify(x);
  return [
    ...(show(a.label) === show(b.label) ? [] : [`label ${show(a.label)} -> ${show(b.label)}`]),
    ...changed('source', show(a.from), show(b.from)),
    ...changed('joins', show(a.joins), show(b.joins)),
    ...compareFields(
      'field',
      a.fields,
      b.fields,
      (f) => f.fieldId,
      (x, y) => (show(x) === show(y) ? [] : [`${show(x)} -> ${show(y)}`]),
    ),
  ];
}

/** Whether the ids both lists hold come in the same order (added and removed ones are changes of their own). */
function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  const inB = new Set(b);
  const inA = new Set(a);
  const common = a.filter((id) => inB.has(id));
  return common.join('\0') === b.filter((id) => inA.has(id)).join('\0');
}

/** Everything that differs between two compiled sets, tables first, then collections and connectors, by id. */
export function definitionChanges(before: ComparedSet, after: ComparedSet): DefinitionChange[] {
  const collections = (set: DefinitionSet) => new Map(set.collections.map((c) => [c.id, c]));
  return [
    ...compareMaps('table', before.registry.tables, after.registry.tables, tableDifferences),
    ...compareMaps('collection', collections(before.set), collections(after.set), collectionDifferences),
    ...compareMaps('GetConnector', before.registry.getConnectors, after.registry.getConnectors, (a, b) => [
      ...(a.blocked === b.blocked ? [] : [b.blocked ? 'blocked' : 'unblocked']),
      ...(sameLabel(a.description, b.description)
        ? []
        : [`description ${label(a.description)} -> ${label(b.description)}`]),
      ...changed('collection', a.collection, b.collection),
      ...compareFields('field', a.fields, b.fields, (f) => f.id, readFieldDifferences),
      ...(sameOrder(
        a.fields.map((f) => f.id),
        b.fields.map((f) => f.id),
      )
        ? []
        : ['field order changed']),
      ...changed('filter', JSON.stringify(a.fixedFilter), JSON.stringify(b.fixedFilter)).map(
        () => 'fixed filter changed',
      ),
    ]),
    ...compareMaps('UpdateConnector', before.registry.updateConnectors, after.registry.updateConnectors, (a, b) => [
      ...(sameLabel(a.description, b.description)
        ? []
        : [`description ${label(a.description)} -> ${label(b.description)}`]),
      ...changed('verbs', [...a.verbs].join(','), [...b.verbs].join(',')),
      ...writeObjectDifferences(a.root, b.root),
    ]),
    ...compareMaps('report', before.registry.reports, after.registry.reports, (a, b) =>
      reportSummary(a) === reportSummary(b) ? [] : ['changed'],
    ),
  ].sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** A report as text without its compiled SQL: what it prints, of which connector, in which order. */
function reportSummary(report: CompiledReport): string {
  const { id, description, title, getConnector, filter, orderBy, rowLimit, orientation } = report;
  const columns = report.columns.map((c) => [c.field.id, c.label, c.width]);
  const group = report.groupBy?.field.id;
  return JSON.stringify({
    id,
    description,
    title,
    getConnector,
    filter,
    orderBy,
    rowLimit,
    orientation,
    columns,
    group,
  });
}

const KIND_ORDER: readonly DefinitionKind[] = ['table', 'collection', 'GetConnector', 'UpdateConnector', 'report'];

/**
 * What the environment's stored data cannot follow: a stored column keeps its type and a table its primary key
 * (tables and columns are only ever added; converting stored data is not what an import does).
 */
export function storageConflicts(before: Registry, after: Registry): string[] {
  const conflicts: string[] = [];
  for (const [name, table] of after.tables) {
    const old = before.tables.get(name);
    if (!old) continue;
    if (old.primaryKey.join(',') !== table.primaryKey.join(','))
      conflicts.push(
        `table '${name}': primary key (${old.primaryKey.join(', ')}) cannot change to (${table.primaryKey.join(', ')})`,
      );
    for (const column of table.columns) {
      const was = old.columns.find((c) => c.name === column.name);
      if (was && was.type !== column.type)
        conflicts.push(
          `table '${name}', column '${column.name}': the stored type ${was.type} cannot change to ${column.type} (add a new column instead)`,
        );
    }
  }
  return conflicts;
}

/** `+ GetConnector X`, `- table y`, `~ UpdateConnector Z: field 'U..' added; ...`: one line per change. */
export function changeLines(changes: readonly DefinitionChange[]): string[] {
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  return changes.map(
    (c) =>
      `${sign[c.change]} ${c.kind} ${c.id}${c.kind === 'table' && c.change === 'removed' ? KEPT : ''}${c.details.length > 0 ? `: ${c.details.join('; ')}` : ''}`,
  );
}
