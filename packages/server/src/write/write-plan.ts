// Plan stage of a write: checks a WriteRequest against the compiled UpdateConnector tree (objects, fields, keys,
// types, lengths, code tables, mandatory fields, allowed actions, rule checks) and types every value. No database.

import { CodedError } from '@appconnector/protocol';
import type { CompiledUpdateConnector, WriteField, WriteKey, WriteObject } from './compile-update.ts';
import type { WriteAction } from './update-schema.ts';
import { amsterdamStamp, amsterdamToday, newFileId } from './write-clock.ts';
import type { RawElement, WriteRequest } from './write-request.ts';
import { coerceLiteral, coerceValue, type TypedValue } from './write-values.ts';

/** upsert: update the record when it exists, insert it otherwise (nested records under an update). */
export type PlannedAction = WriteAction | 'upsert';

export interface PlannedRecord {
  object: WriteObject;
  action: PlannedAction;
  /** True when the body said the action (`@Action`) or the URL did (sub-object POST). */
  explicit: boolean;
  /** Key attribute -> typed value, for the keys the element gives. */
  keys: Map<string, TypedValue>;
  /** Field id -> typed value, for the fields the element gives (null clears); defaults added on insert. */
  values: Map<string, TypedValue>;
  children: PlannedRecord[];
}

export interface WritePlan {
  connector: CompiledUpdateConnector;
  records: PlannedRecord[];
}

export interface WriteOptions {
  /** POST inserts, PUT updates the root elements. */
  verb: 'post' | 'put';
  /** POST /connectors/{id}/{subObject}: the root is updated, records of this object are inserted. */
  subObject?: string;
}

const ACTIONS: Record<string, WriteAction> = { insert: 'insert', update: 'update', delete: 'delete' };

/** Finds by exact name first, then ignoring case: clients mostly send the exact codes, some do not. */
function byName<T>(map: ReadonlyMap<string, T>, name: string): T | undefined {
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function keyRule(key: WriteKey) {
  return { fieldId: key.attribute, dataType: key.dataType, length: key.length, decimals: 0 };
}

/** A generated default's value at this moment. */
function defaultValue(field: WriteField): TypedValue {
  switch (field.defaultValue) {
    case '$today':
      return amsterdamToday();
    case '$now':
      return amsterdamStamp();
    case '$fileId':
      return newFileId();
    default:
      return coerceLiteral(field, field.defaultValue) ?? null;
  }
}

/**
 * What an insert needs beyond what the element gave: defaults for absent fields, then every field required on
 * insert and every client key present. Also used by the executor when an upsert turns out to be an insert.
 */
export function completeInsert(record: PlannedRecord): void {
  const { object } = record;
  for (const field of object.fields) {
    if (field.defaultValue !== undefined && !record.values.has(field.fieldId) && !record.keys.has(field.fieldId)) {
      const value = defaultValue(field);
      record.values.set(field.fieldId, value);
      const key = object.keys.find((k) => k.attribute === field.fieldId);
      if (key) record.keys.set(key.attribute, value);
    }
  }
  for (const field of object.fields) {
    if (!field.requiredOnInsert || object.keys.some((k) => k.attribute === field.fieldId)) continue;
    const value = record.values.get(field.fieldId);
    if (value === undefined || value === null)
      throw new CodedError('mandatory', { object: object.name, field: field.fieldId });
  }
  for (const key of object.keys) {
    const value = record.keys.get(key.attribute);
    if (key.generate === 'autonumber' && value !== undefined && value !== null) {
      throw new CodedError('validation', {
        message: `Object '${object.name}': '${key.attribute}' is numbered by Profit; leave it out when inserting.`,
      });
    }
    if (key.generate === 'client' && (value === undefined || value === null))
      throw new CodedError('mandatory', { object: object.name, field: key.attribute });
    if (key.generate === 'sequence' && key.autoNumberField !== undefined) {
      const auto = record.values.get(key.autoNumberField) === true;
      if (!auto && (value === undefined || value === null))
        throw new CodedError('mandatory', { object: object.name, field: key.attribute });
    }
  }
  for (const child of object.objects) {
    if (child.required && !record.children.some((c) => c.object === child))
      throw new CodedError('mandatory', { object: object.name, field: child.name });
  }
}

function checkAllowed(object: WriteObject, action: PlannedAction): void {
  const needed: WriteAction[] = action === 'upsert' ? [] : [action];
  for (const verb of needed) {
    if (!object.verbs.has(verb))
      throw new CodedError('validation', { message: `Object '${object.name}': action '${verb}' is not allowed.` });
  }
}

function readAction(object: WriteObject, element: RawElement): WriteAction | undefined {
  if (element.action === undefined || element.action.trim() === '') return undefined;
  const action = ACTIONS[element.action.trim().toLowerCase()];
  if (!action)
    throw new CodedError('validation', {
      message: `Object '${object.name}': '@Action' must be insert, update or delete, not '${element.action}'.`,
    });
  return action;
}

/** The action of a nested record that does not say its own: follows the parent and what the element gives. */
function nestedAction(object: WriteObject, parent: PlannedAction, element: RawElement): PlannedAction {
  if (parent === 'insert') return 'insert';
  const given = object.keys.filter((k) => element.attributes.has(k.attribute) || element.fields.has(k.attribute));
  if (object.keys.length > 0 && given.length === object.keys.length)
    return object.keys.every((k) => k.generate === 'client') ? 'upsert' : 'update';
  return object.single ? 'upsert' : 'insert';
}

function planElement(
  connector: CompiledUpdateConnector,
  object: WriteObject,
  element: RawElement,
  action: PlannedAction,
  explicit: boolean,
  options: WriteOptions,
): PlannedRecord {
  checkAllowed(object, action);
  const record: PlannedRecord = { object, action, explicit, keys: new Map(), values: new Map(), children: [] };
  const keysByName = new Map(object.keys.map((k) => [k.attribute, k]));
  for (const [name, raw] of element.attributes) {
    const key = byName(keysByName, name);
    if (!key) throw new CodedError('unknownField', { object: object.name, field: `@${name}` });
    record.keys.set(key.attribute, coerceValue(object.name, key.field ?? keyRule(key), raw));
  }
  for (const [name, raw] of element.fields) {
    const field = byName(object.byId, name);
    if (field) {
      const value = coerceValue(object.name, field, raw);
      record.values.set(field.fieldId, value);
      const key = keysByName.get(field.fieldId);
      if (key && !record.keys.has(key.attribute)) record.keys.set(key.attribute, value);
      continue;
    }
    // A key attribute without a field of its own may come in Fields too (`"DaBe": "2024-01-01"`).
    const key = byName(keysByName, name);
    if (!key) throw new CodedError('unknownField', { object: object.name, field: name });
    if (!record.keys.has(key.attribute)) record.keys.set(key.attribute, coerceValue(object.name, keyRule(key), raw));
  }
  if (action === 'update' || action === 'upsert') {
    // What the catalogue requires of a PUT for this object (mostly the keys that find the record).
    for (const id of object.mandatoryOnPut) {
      const value = record.values.has(id) ? record.values.get(id) : record.keys.get(id);
      if (value === undefined || value === null) throw new CodedError('mandatory', { object: object.name, field: id });
    }
    // A mandatory field may be left out of an update, but not emptied.
    for (const [fieldId, value] of record.values) {
      if (value === null && object.byId.get(fieldId)?.requiredOnInsert)
        throw new CodedError('mandatory', { object: object.name, field: fieldId });
    }
  }
  if (action !== 'delete') {
    for (const raw of element.objects) {
      const child = byName(object.children, raw.name);
      if (!child) throw new CodedError('unknownObject', { object: raw.name, connector: connector.id });
      if (child.single && raw.elements.length > 1) {
        throw new CodedError('validation', {
          message: `Object '${child.name}': only one record per '${object.name}' (${raw.elements.length} given).`,
        });
      }
      for (const childElement of raw.elements) {
        const own = readAction(child, childElement);
        const bySubObject = options.subObject !== undefined && child.name === options.subObject;
        // Under an insert that may find its existing record (MatchPer), children may exist already too.
        const parentAction = action === 'insert' && findsExisting(object) && !insertsAreNew(object) ? 'upsert' : action;
        const childAction = own ?? (bySubObject ? 'insert' : nestedAction(child, parentAction, childElement));
        record.children.push(
          planElement(connector, child, childElement, childAction, own !== undefined || bySubObject, options),
        );
      }
    }
  }
  // With a rule that finds the existing record (MatchPer), an insert may turn out to be an update: the executor
  // completes it once it knows.
  if (action === 'insert' && !findsExisting(object)) completeInsert(record);
  if (action === 'update' || action === 'delete') requireKeys(record);
  for (const { rule } of object.rules) rule.check?.(record);
  return record;
}

/** True when a rule decides which stored record an element means (KnPerson's MatchPer). */
export function findsExisting(object: WriteObject): boolean {
  return object.rules.some(({ rule }) => rule.resolve !== undefined);
}

/** True when the rules that find records make every insert a new one (HrAbsence's repeatable keys). */
function insertsAreNew(object: WriteObject): boolean {
  return object.rules.some(({ rule }) => rule.insertsAreNew === true);
}

/** An update or delete must say which record: its keys, a rule that finds it, or its parent (single objects). */
function requireKeys(record: PlannedRecord): void {
  const { object } = record;
  if (object.single || findsExisting(object)) return;
  if (object.keys.length === 0) {
    throw new CodedError('validation', {
      message: `Object '${object.name}': records cannot be identified here; '${record.action}' is not possible.`,
    });
  }
  for (const key of object.keys) {
    const value = record.keys.get(key.attribute);
    if (value === undefined || value === null)
      throw new CodedError('mandatory', { object: object.name, field: key.attribute });
  }
}

function rootAction(
  connector: CompiledUpdateConnector,
  element: RawElement,
  options: WriteOptions,
): [PlannedAction, boolean] {
  const own = readAction(connector.root, element);
  if (own) return [own, true];
  if (options.subObject !== undefined) return ['update', true];
  if (options.verb === 'post') return ['insert', false];
  return [connector.putUpserts ? 'upsert' : 'update', false];
}

export function planWrite(connector: CompiledUpdateConnector, request: WriteRequest, options: WriteOptions): WritePlan {
  const root = connector.root;
  // A sub-object URL updates the root, so it needs PUT's rights too.
  for (const verb of options.subObject !== undefined ? ['post', 'put'] : [options.verb]) {
    if (!connector.verbs.has(verb as 'post' | 'put'))
      throw new CodedError('validation', {
        message: `UpdateConnector '${connector.id}' does not support ${verb.toUpperCase()}.`,
      });
  }
  if (request.root.name !== root.name && request.root.name.toLowerCase() !== root.name.toLowerCase())
    throw new CodedError('unknownObject', { object: request.root.name, connector: connector.id });
  if (options.subObject !== undefined) {
    const names = new Set(allNames(root));
    if (![...names].some((n) => n.toLowerCase() === options.subObject!.toLowerCase()))
      throw new CodedError('unknownObject', { object: options.subObject, connector: connector.id });
    options = { ...options, subObject: [...names].find((n) => n.toLowerCase() === options.subObject!.toLowerCase()) };
  }
  if (request.root.elements.length === 0)
    throw new CodedError('missingElement', { detail: `${root.name}.Element is empty` });
  const records = request.root.elements.map((element) => {
    const [action, explicit] = rootAction(connector, element, options);
    return planElement(connector, root, element, action, explicit, options);
  });
  return { connector, records };
}

function allNames(object: WriteObject): string[] {
  return object.objects.flatMap((child) => [child.name, ...allNames(child)]);
}
