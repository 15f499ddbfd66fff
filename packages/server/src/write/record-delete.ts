// How records are deleted: an element with action delete, and the levels of a DELETE URL; key-linked children go
// first, base rows after. Also the one check that an object allows an action.

import { CodedError } from '@appconnector/protocol';
import type { WriteObject } from './compile-update.ts';
import { keyText, locate, primaryKey } from './record-find.ts';
import type { Row } from './rules/rule.ts';
import type { PlannedRecord } from './write-plan.ts';
import type { RecordState, WriteSession } from './write-session.ts';

/** One level of a DELETE URL, resolved: the object and `column = value` conditions. */
export interface DeleteLevel {
  object: WriteObject;
  where: Row;
  /** For messages: `SbId = 5`. */
  text: string;
}

export function allowed(object: WriteObject, action: 'insert' | 'update' | 'delete'): void {
  if (!object.verbs.has(action))
    throw new CodedError('validation', { message: `Object '${object.name}': action '${action}' is not allowed.` });
}

/** Deletes a row, its key-linked children first and its base row after (references point at nothing then). */
async function deleteRow(session: WriteSession, object: WriteObject, row: Row): Promise<void> {
  await session.inserts.flush();
  for (const child of object.objects) {
    if (child.link?.kind !== 'key') continue;
    const where = Object.fromEntries(child.link.pairs.map((p) => [p.child, row[p.parent]]));
    for (const childRow of await session.rows.find(child.table, where, undefined, true))
      await deleteRow(session, child, childRow);
  }
  await session.rows.delete(object.table, primaryKey(object.table, row));
  if (object.base) {
    const where = Object.fromEntries(object.base.key.map((pair) => [pair.base, row[pair.column]]));
    await session.rows.delete(object.base.table, where);
  }
}

/** An element with action delete: the records it names go, or the write fails naming its keys. */
export async function deleteNested(
  session: WriteSession,
  record: PlannedRecord,
  parent: RecordState | undefined,
): Promise<void> {
  const { object } = record;
  allowed(object, 'delete');
  const { where } = locate(record, parent);
  const pairs = object.keys.map((k): [string, unknown] => [k.attribute, record.keys.get(k.attribute)]);
  const rows = where ? await session.rows.find(object.table, where, undefined, true) : [];
  if (rows.length === 0) throw new CodedError('recordMissing', { object: object.name, key: keyText(pairs) });
  for (const row of rows) await deleteRow(session, object, row);
}

/** DELETE URL: each level narrows the previous one's rows; the rows of the last level are deleted. */
export async function deletePath(session: WriteSession, levels: readonly DeleteLevel[]): Promise<void> {
  let parents: Row[] | undefined;
  for (const [index, level] of levels.entries()) {
    const last = index === levels.length - 1;
    const rows: Row[] = [];
    if (!parents) rows.push(...(await session.rows.find(level.object.table, level.where, undefined, last)));
    else {
      for (const parentRow of parents) {
        const link = level.object.link!;
        const where: Row = { ...level.where };
        for (const pair of link.pairs) {
          if (link.kind === 'key') where[pair.child] = parentRow[pair.parent];
          else where[pair.child] = parentRow[pair.parent] ?? null;
        }
        rows.push(...(await session.rows.find(level.object.table, where, undefined, last)));
      }
    }
    if (rows.length === 0) throw new CodedError('recordMissing', { object: level.object.name, key: level.text });
    if (last) {
      allowed(level.object, 'delete');
      for (const row of rows) await deleteRow(session, level.object, row);
    }
    parents = rows;
  }
}
