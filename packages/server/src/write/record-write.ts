// How one planned record is written: found (or matched) and locked, then inserted or updated with its children,
// its keys numbered and its rules run around the row. The walk of a write; each step lives in its own file.

import { CodedError } from '@appconnector/protocol';
import { allowed, deleteNested } from './record-delete.ts';
import { keyText, locate, namedPairs, primaryKey } from './record-find.ts';
import type { Row } from './rules/rule.ts';
import { bindRow, readRow } from './stored-values.ts';
import { completeInsert, findsExisting, type PlannedRecord } from './write-plan.ts';
import type { RecordState, WriteSession } from './write-session.ts';

/** Writes a record and its children; undefined for a record deleted. */
export async function writeRecord(
  session: WriteSession,
  planned: PlannedRecord,
  parent: RecordState | undefined,
): Promise<RecordState | undefined> {
  const { object } = planned;
  if (planned.action === 'delete') {
    await deleteNested(session, planned, parent);
    return undefined;
  }
  // A copy: an upsert that becomes an insert gets defaults, which must not leak into a retried transaction.
  const record: PlannedRecord = { ...planned, keys: new Map(planned.keys), values: new Map(planned.values) };
  const { where, matched } = locate(record, parent);
  // A record a rule finds by its fields (MatchPer 1-6) may be inserted by two writes at once unless they take
  // turns; keys are kept unique by the database, numbers by their counters.
  if (matched && (record.action === 'insert' || record.action === 'upsert'))
    await session.rows.lock(object.base?.table.name ?? object.table.name);
  let existing: Row | undefined;
  if (where) {
    const rows = await session.rows.find(object.table, where, 2, true);
    if (rows.length > 1)
      throw new CodedError('validation', {
        message: `Object '${object.name}': more than one existing record matches (${keyText(namedPairs(object, where))}).`,
      });
    existing = rows[0];
  }
  let action: 'insert' | 'update';
  if (record.action === 'insert') {
    // An object kept once per parent (a person's address) is replaced by a new one, as Profit takes a new address
    // (POST /connectors/KnPerson/KnBasicAddressAdr): the stored record is updated, no "exists" error.
    const replaces = object.single && object.keys.length === 0;
    if (existing && !matched && !replaces) {
      const pairs =
        object.keys.length > 0
          ? object.keys.map((k): [string, unknown] => [k.attribute, existing![k.column]])
          : namedPairs(object, where!);
      throw new CodedError('recordExists', { object: object.name, key: keyText(pairs) });
    }
    action = existing ? 'update' : 'insert';
    if (action === 'insert' && findsExisting(object)) completeInsert(record);
  } else if (record.action === 'update') {
    if (!existing) {
      const pairs = where
        ? namedPairs(object, where)
        : object.keys.map((k): [string, unknown] => [k.attribute, record.keys.get(k.attribute)]);
      throw new CodedError('recordMissing', { object: object.name, key: keyText(pairs) });
    }
    action = 'update';
  } else {
    action = existing ? 'update' : 'insert';
    if (action === 'insert') completeInsert(record);
  }
  allowed(object, action);
  return action === 'insert' ? insertRecord(session, record, parent) : updateRecord(session, record, existing!);
}

/** Children the parent row points at (ref links) are written first; returns the parent columns that change. */
async function writeRefChildren(
  session: WriteSession,
  record: PlannedRecord,
  row: Row,
  existing: Row | undefined,
): Promise<Row> {
  const changes: Row = {};
  for (const child of record.children) {
    if (child.object.link?.kind !== 'ref') continue;
    if (child.action === 'delete')
      throw new CodedError('validation', {
        message: `Object '${child.object.name}': action 'delete' is not allowed.`,
      });
    const state = await writeRecord(session, child, { object: record.object, row: { ...existing, ...row } });
    for (const pair of child.object.link.pairs) {
      const value = state!.row[pair.child];
      if (existing?.[pair.parent] !== value) changes[pair.parent] = value;
    }
  }
  return changes;
}

async function writeKeyChildren(session: WriteSession, record: PlannedRecord, state: RecordState): Promise<void> {
  for (const child of record.children) if (child.object.link?.kind === 'key') await writeRecord(session, child, state);
}

async function insertRecord(
  session: WriteSession,
  record: PlannedRecord,
  parent: RecordState | undefined,
): Promise<RecordState> {
  const { object } = record;
  let row: Row = {};
  for (const [fieldId, value] of record.values) {
    const column = object.byId.get(fieldId)?.column;
    if (column) row[column.name] = value;
  }
  for (const key of object.keys) {
    const value = record.keys.get(key.attribute);
    const auto = key.autoNumberField !== undefined && record.values.get(key.autoNumberField) === true;
    if (value !== undefined && value !== null && !auto) row[key.column] = value;
    else delete row[key.column];
  }
  for (const [column, value] of Object.entries(object.defaults)) if (!(column in row)) row[column] = value;
  if (parent && object.link?.kind === 'key')
    for (const pair of object.link.pairs) row[pair.child] = parent.row[pair.parent];
  Object.assign(row, await writeRefChildren(session, record, row, undefined));
  for (const key of object.keys) {
    if (key.generate === 'sequence' && (row[key.column] === undefined || row[key.column] === null))
      row[key.column] = await session.numbers.next(object, key, row);
  }
  await session.rules.beforeWrite(object, session.rules.context(record, 'insert', undefined, row));
  await session.rules.checkReferences(record);
  session.audit(object.table, row, true);
  if (object.base) {
    const baseRow: Row = { ...object.base.set };
    for (const c of object.base.copy) baseRow[c] = row[c];
    for (const pair of object.base.key) if (row[pair.column] !== undefined) baseRow[pair.base] = row[pair.column];
    session.audit(object.base.table, baseRow, true);
    const written = await session.inserts.insert(object, object.base.table, baseRow);
    for (const pair of object.base.key) row[pair.column] = written[pair.base];
  }
  row = await session.inserts.insert(object, object.table, row);
  const state: RecordState = { object, row: readRow(object.table, bindRow(session.dialect, object.table, row)) };
  await writeKeyChildren(session, record, state);
  await session.rules.afterWrite(object, session.rules.context(record, 'insert', undefined, state.row));
  return state;
}

async function updateRecord(session: WriteSession, record: PlannedRecord, existing: Row): Promise<RecordState> {
  const { object } = record;
  const changes: Row = {};
  for (const [fieldId, value] of record.values) {
    const field = object.byId.get(fieldId);
    if (field?.column && !object.keys.some((k) => k.column === field.column!.name)) changes[field.column.name] = value;
  }
  Object.assign(changes, await writeRefChildren(session, record, changes, existing));
  await session.rules.beforeWrite(object, session.rules.context(record, 'update', existing, changes));
  await session.rules.checkReferences(record);
  session.audit(object.table, changes, false);
  try {
    await session.rows.update(object.table, changes, primaryKey(object.table, existing));
  } catch (error) {
    if (!session.dialect.isUniqueViolation(error)) throw error;
    throw new CodedError(
      'recordExists',
      { object: object.name, key: keyText(namedPairs(object, changes)) },
      { cause: error },
    );
  }
  if (object.base) {
    const baseChanges: Row = {};
    for (const c of object.base.copy) if (c in changes) baseChanges[c] = changes[c];
    session.audit(object.base.table, baseChanges, false);
    const where = Object.fromEntries(object.base.key.map((pair) => [pair.base, existing[pair.column]]));
    await session.rows.update(object.base.table, baseChanges, where);
  }
  const state: RecordState = { object, row: { ...existing, ...changes } };
  await writeKeyChildren(session, record, state);
  await session.rules.afterWrite(object, session.rules.context(record, 'update', existing, changes));
  return state;
}
