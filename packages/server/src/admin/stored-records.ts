// What an UpdateConnector's writes stored, read back by the connector's own object tree: each record by its field ids
// (never column names), nested like the connector's objects, the most recently modified first. For `appconnector stored`.

import { distance } from 'fastest-levenshtein';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Registry } from '../definitions/registry.ts';
import type { ColumnDefinition } from '../definitions/schema.ts';
import { coerceValue } from '../read/filter-values.ts';
import type { CompiledUpdateConnector, WriteObject } from '../write/compile-update.ts';
import { AdminError, listEnvironments } from './environments.ts';

export type StoredValue = string | number | boolean | null | Uint8Array;

export interface StoredRecord {
  /** The object's name in bodies (`KnPerson`, `KnBankAccount`). */
  object: string;
  /** Key attributes (`BcCo` of `@BcCo`) with their stored values. */
  keys: Record<string, StoredValue>;
  /** Every stored field of the object by field id, key attributes left out (they are in `keys`). */
  fields: Record<string, StoredValue>;
  /** The audit columns the table has: who made and last changed the record, and when. */
  audit: { createdAt?: StoredValue; createdBy?: StoredValue; modifiedAt?: StoredValue; modifiedBy?: StoredValue };
  /** Sub-objects by name, in the connector's order; an object without stored records is left out. */
  objects: Record<string, StoredRecord[]>;
}

export interface StoredQuery {
  connector: string;
  /** The environment; its default environment when absent. */
  environment?: string;
  /** `field id or key attribute` (an `@` in front is allowed) -> value; all must match. */
  key?: Record<string, string>;
  /** How many top-level records, most recently modified first (default 10). */
  last?: number;
}

export interface StoredResult {
  connector: string;
  environment: string;
  records: StoredRecord[];
}

export const DEFAULT_LAST = 10;
export const MAX_LAST = 1000;
/** Parent keys per query of a sub-object: well under SQLite's bound-parameter and expression-depth limits. */
const CHUNK = 400;

// biome-ignore lint/suspicious/noExplicitAny: the environment's tables come from definitions, not TypeScript types
type Executor = Kysely<any>;
type Row = Record<string, unknown>;

/** The known ids closest to a mistyped one (case first, then up to a third of its letters apart). */
export function suggestionsFor(wanted: string, known: Iterable<string>): string[] {
  const ids = [...known];
  const lower = wanted.toLowerCase();
  const sameCase = ids.filter((id) => id.toLowerCase() === lower);
  if (sameCase.length > 0) return sameCase;
  const near = ids
    .map((id) => ({ id, d: distance(lower, id.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .map(({ id }) => id);
  const contains = ids.filter((id) => lower.length >= 3 && id.toLowerCase().includes(lower) && !near.includes(id));
  return [...near, ...contains].slice(0, 3);
}

export function didYouMean(suggestions: string[]): string {
  return suggestions.length === 0 ? '' : `; did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?`;
}

export function findUpdateConnector(registry: Registry, id: string): CompiledUpdateConnector {
  const connector = registry.updateConnectors.get(id);
  if (connector) return connector;
  throw new AdminError(
    `UpdateConnector '${id}' is not defined${didYouMean(suggestionsFor(id, registry.updateConnectors.keys()))}`,
    'notFound',
  );
}

/** A text value as the column binds it; undefined when it is not of the column's type. */
function bindable(db: Database, column: ColumnDefinition, text: string): string | number | boolean | undefined {
  // Read as a filter value of the same type is, then bound as the dialect stores dates and booleans.
  const value = coerceValue(column.type, text);
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return db.dialect.bindBoolean(value);
  if (column.type === 'date' && typeof value === 'string') return db.dialect.bindDate(value);
  return value;
}

/** The root's columns a `--key` may name: key attributes, DELETE lookups and every stored field. */
function keyColumns(root: WriteObject): Map<string, string> {
  const columns = new Map<string, string>();
  for (const key of root.keys) columns.set(key.attribute, key.column);
  for (const [id, { column }] of root.lookup) columns.set(id, column);
  for (const field of root.fields)
    if (field.column && !columns.has(field.fieldId)) columns.set(field.fieldId, field.column.name);
  return columns;
}

/** The columns of an object's rows the reading needs: fields, keys, links both ways, audit, primary key. */
function columnsOf(object: WriteObject): string[] {
  const names = new Set<string>(object.table.primaryKey);
  for (const key of object.keys) names.add(key.column);
  for (const field of object.fields) if (field.column) names.add(field.column.name);
  for (const pair of object.link?.pairs ?? []) names.add(pair.child);
  for (const child of object.objects) for (const pair of child.link?.pairs ?? []) names.add(pair.parent);
  for (const column of Object.values(object.table.audit)) if (column !== undefined) names.add(column);
  return [...names];
}

/** A stored value as the field's type reads: SQLite keeps booleans as 0/1 and both return bytes as Buffers. */
function storedValue(column: ColumnDefinition | undefined, value: unknown): StoredValue {
  if (value === null || value === undefined) return null;
  if (column?.type === 'boolean') return typeof value === 'boolean' ? value : Number(value) !== 0;
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'bigint') return Number(value);
  return value as StoredValue;
}

function recordOf(object: WriteObject, row: Row): StoredRecord {
  const keys: Record<string, StoredValue> = {};
  for (const key of object.keys) keys[key.attribute] = storedValue(object.columns.get(key.column), row[key.column]);
  const fields: Record<string, StoredValue> = {};
  for (const field of object.fields) {
    if (!field.column || field.fieldId in keys) continue;
    fields[field.fieldId] = storedValue(field.column, row[field.column.name]);
  }
  const audit: StoredRecord['audit'] = {};
  for (const [name, column] of Object.entries(object.table.audit)) {
    if (column !== undefined)
      audit[name as keyof StoredRecord['audit']] = storedValue(object.columns.get(column), row[column]);
  }
  return { object: object.name, keys, fields, audit, objects: {} };
}

/** Identity of a link's values, equal for the parent's and the child's side whatever type the driver returned. */
const linkKey = (values: unknown[]) =>
  values.map((v) => (v instanceof Date ? v.toISOString() : String(v))).join('\u0000');

/**
 * Reads the records of `object` that belong to `parents` (rows of its parent object) and nests them there, then does
 * the same for its own sub-objects: one query per object and chunk of parents, never one per record.
 */
async function readChildren(
  executor: Executor,
  schema: string,
  object: WriteObject,
  parents: { row: Row; record: StoredRecord }[],
): Promise<void> {
  const link = object.link;
  if (!link || parents.length === 0) return;
  // key: the child carries the parent's values (child.pair.child = parent.pair.parent); ref: the parent points.
  const wanted = new Map<string, unknown[]>();
  for (const { row } of parents) {
    const values = link.pairs.map((p) => row[p.parent]);
    if (values.some((v) => v === null || v === undefined)) continue;
    wanted.set(linkKey(values), values);
  }
  const columns = columnsOf(object);
  const children: Row[] = [];
  const all = [...wanted.values()];
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    let query = executor.withSchema(schema).selectFrom(object.table.name).select(columns);
    if (link.pairs.length === 1) {
      query = query.where(
        link.pairs[0]!.child,
        'in',
        chunk.map((values) => values[0]),
      );
    } else {
      query = query.where((eb) =>
        eb.or(chunk.map((values) => eb.and(link.pairs.map((p, j) => eb(p.child, '=', values[j]))))),
      );
    }
    for (const column of object.table.primaryKey) query = query.orderBy(column);
    children.push(...((await query.execute()) as Row[]));
  }
  const byParent = new Map<string, { row: Row; record: StoredRecord }[]>();
  const read: { row: Row; record: StoredRecord }[] = [];
  for (const row of children) {
    const entry = { row, record: recordOf(object, row) };
    read.push(entry);
    const key = linkKey(link.pairs.map((p) => row[p.child]));
    const list = byParent.get(key);
    if (list) list.push(entry);
    else byParent.set(key, [entry]);
  }
  for (const { row, record } of parents) {
    const found = byParent.get(linkKey(link.pairs.map((p) => row[p.parent])));
    if (found) record.objects[object.name] = found.map((entry) => entry.record);
  }
  for (const child of object.objects) await readChildren(executor, schema, child, read);
}

async function environmentOf(db: Database, name: string | undefined): Promise<string> {
  const environments = await listEnvironments(db);
  if (name !== undefined) {
    if (environments.some((e) => e.name === name)) return name;
    throw new AdminError(
      `environment ${name} does not exist${didYouMean(
        suggestionsFor(
          name,
          environments.map((e) => e.name),
        ),
      )}`,
      'notFound',
    );
  }
  const chosen = environments.find((e) => e.isDefault) ?? (environments.length === 1 ? environments[0] : undefined);
  if (!chosen) throw new AdminError('no default environment: name one with --env');
  return chosen.name;
}

/**
 * The records an UpdateConnector's writes stored in an environment: its root object's most recently modified
 * records (or those matching `key`), each with its sub-objects nested. Identifiers come from the compiled
 * definitions only; every value is bound.
 */
export async function readStoredRecords(
  db: Database,
  /** The definitions, or how to find those of the environment (each may have its own). */
  registry: Registry | ((environment: string) => Promise<Registry>),
  query: StoredQuery,
): Promise<StoredResult> {
  if (typeof registry !== 'function') findUpdateConnector(registry, query.connector);
  const last = query.last ?? DEFAULT_LAST;
  if (!Number.isInteger(last) || last < 1 || last > MAX_LAST)
    throw new AdminError(`last must be a whole number from 1 to ${MAX_LAST}`);
  const environment = await environmentOf(db, query.environment);
  const connector = findUpdateConnector(
    typeof registry === 'function' ? await registry(environment) : registry,
    query.connector,
  );
  const schema = await db.environmentSchema(environment);
  const root = connector.root;

  let select = db.kysely.withSchema(schema).selectFrom(root.table.name).select(columnsOf(root));
  const allowed = keyColumns(root);
  for (const [given, text] of Object.entries(query.key ?? {})) {
    const id = given.replace(/^@/, '');
    const columnName = allowed.get(id);
    if (columnName === undefined) {
      throw new AdminError(
        `object '${root.name}' has no key or stored field '${id}'${didYouMean(suggestionsFor(id, allowed.keys()))}`,
        'notFound',
      );
    }
    const column = root.columns.get(columnName)!;
    const value = bindable(db, column, text);
    if (value === undefined) throw new AdminError(`'${text}' is not a valid ${column.type} for ${id}`);
    select = select.where(columnName, '=', value);
  }
  // Most recently modified first; rows without audit stamps last, then the newest key first.
  const { modifiedAt, createdAt } = root.table.audit;
  for (const column of [modifiedAt, createdAt]) {
    if (column !== undefined) select = select.orderBy(sql`${sql.ref(column)} desc nulls last`);
  }
  for (const column of root.table.primaryKey) select = select.orderBy(column, 'desc');
  const rows = (await select.limit(last).execute()) as Row[];

  const parents = rows.map((row) => ({ row, record: recordOf(root, row) }));
  for (const child of root.objects) await readChildren(db.kysely, schema, child, parents);
  return { connector: connector.id, environment, records: parents.map((p) => p.record) };
}
