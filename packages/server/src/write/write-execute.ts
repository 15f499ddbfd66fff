// Execute stage of a write: one transaction per call, run again on a number collision, a retryable error, or record
// by record after a batched attempt failed. The walk of a record is record-write.ts; its steps are files beside it.

import type { WriteObject } from './compile-update.ts';
import { forgetIdsAhead } from './ids-ahead.ts';
import { NumberCollision } from './key-numbering.ts';
import { type DeleteLevel, deletePath } from './record-delete.ts';
import { writeRecord } from './record-write.ts';
import type { Row } from './rules/rule.ts';
import type { PlannedRecord, WritePlan } from './write-plan.ts';
import { type ExecuteOptions, WriteSession } from './write-session.ts';

export type { DeleteLevel } from './record-delete.ts';
export type { ExecuteOptions } from './write-session.ts';

/** A record as written: its object and the row as stored now. */
export interface WrittenRecord {
  object: WriteObject;
  row: Row;
}

const MAX_ATTEMPTS = 5;

async function inTransaction<T>(
  options: ExecuteOptions,
  work: (session: WriteSession) => Promise<T>,
  prepare?: (session: WriteSession, mayBatch: boolean) => void,
): Promise<T> {
  let collided = false;
  let mayBatch = true;
  for (let attempt = 1; ; attempt++) {
    let session: WriteSession | undefined;
    try {
      return await options.db.writeTransaction(async (trx) => {
        session = new WriteSession(options, trx);
        session.numbers.scanFirst = collided;
        prepare?.(session, mayBatch);
        const result = await work(session);
        await session.inserts.flush();
        await session.numbers.giveBack(false);
        return result;
      });
    } catch (error) {
      await session?.numbers.giveBack(true).catch(() => {});
      if (session?.inserts.heldAny) {
        // Held inserts fail late, and as one: run the write again record by record, so that it fails (or not) the
        // way it would have, with the error of the record it fails on. Not counted as an attempt. A number taken
        // ahead may be what failed (stored meanwhile by an import): the process's reserve goes.
        forgetIdsAhead(options.db);
        mayBatch = false;
        attempt--;
        continue;
      }
      if (error instanceof NumberCollision) {
        // Once more, past the largest stored number; a second collision is a code that is simply taken.
        collided = true;
        if (attempt < 2) continue;
        throw error.cause;
      }
      if (attempt < MAX_ATTEMPTS && options.db.dialect.isRetryable(error)) continue;
      throw error;
    }
  }
}

/**
 * What the plan's inserts may need, reserved at once: numbers of each whole-table counter (records inserted without
 * a key value of their own) and numbers of each database-numbered column (one per record with an `insert` action,
 * for its table and its base table). Upper bounds: a record found by MatchPer needs none, and what is left over goes
 * back (counters) or stays a gap like the ones a rollback leaves (database numbers). Returns how many records the
 * plan may insert.
 */
function reserveForPlan(session: WriteSession, records: readonly PlannedRecord[]): number {
  let inserts = 0;
  for (const record of records) {
    const { object } = record;
    if (record.action === 'insert' || record.action === 'upsert') {
      inserts++;
      for (const key of object.keys) {
        if (key.generate !== 'sequence') continue;
        const { counter, scope } = session.numbers.counterOf(object, key, {});
        if (Object.keys(scope).length > 0) continue;
        const given = record.keys.get(key.attribute);
        const auto = key.autoNumberField !== undefined && record.values.get(key.autoNumberField) === true;
        if (given === undefined || given === null || auto)
          session.numbers.wanted.set(counter, (session.numbers.wanted.get(counter) ?? 0) + 1);
      }
    }
    if (record.action === 'insert')
      for (const table of [object.table, object.base?.table])
        if (table?.columns.some((c) => c.autoIncrement))
          session.inserts.idsWanted.set(table.name, (session.inserts.idsWanted.get(table.name) ?? 0) + 1);
    inserts += reserveForPlan(session, record.children);
  }
  return inserts;
}

/** Writes every root element of the plan in one transaction; nothing is written when one of them fails. */
export async function executeWrite(options: ExecuteOptions, plan: WritePlan): Promise<WrittenRecord[]> {
  const prepare = (session: WriteSession, mayBatch: boolean) => {
    // Reserved whether or not the write may batch. One record's inserts gain from being held back only where the
    // held insert then travels with the commit (PostgreSQL: a round trip fewer).
    const inserts = reserveForPlan(session, plan.records);
    session.inserts.batching = mayBatch && (inserts > 1 || (inserts === 1 && options.db.dialect.defersStatements));
  };
  return inTransaction(
    options,
    async (session) => {
      const written: WrittenRecord[] = [];
      for (const record of plan.records) {
        const state = await writeRecord(session, record, undefined);
        // A deleted root record answers with the keys it was deleted by.
        const row =
          state?.row ?? Object.fromEntries(record.object.keys.map((k) => [k.column, record.keys.get(k.attribute)]));
        written.push({ object: record.object, row });
      }
      return written;
    },
    prepare,
  );
}

export async function executeDelete(options: ExecuteOptions, levels: readonly DeleteLevel[]): Promise<void> {
  await inTransaction(options, (session) => deletePath(session, levels));
}
