// How a record is numbered: sequence keys (BcCo, order numbers, line numbers within a parent) taken from their
// counters (write/numbering.ts) in blocks, past the largest stored code where needed, unused numbers given back.

import { CodedError } from '@appconnector/protocol';
import { sql } from 'kysely';
import { databaseCache } from '../db/database-cache.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import type { WriteKey, WriteObject } from './compile-update.ts';
import { counterExists, giveBackNumbers, takeNumbers } from './numbering.ts';
import type { Row } from './rules/rule.ts';
import type { WriteSession } from './write-session.ts';

/**
 * A generated number collided with a code another write stored at the same moment (a client's own code, not yet
 * committed when it was probed): the write is run again and takes a later number.
 */
export class NumberCollision extends Error {}

/**
 * Per database: the counters (environment schema + scope) known to exist, so that only the first number of a scope
 * reads the counter first. Should a counter be gone again (on SQLite one created by a write that rolled back), its
 * first number clashes with a stored one and the write runs again past the largest (NumberCollision).
 */
const KNOWN_COUNTERS = databaseCache<true>(10_000);

/** How many stored numbers in a row are skipped (one indexed lookup each) before a scan for the largest. */
const PROBE_AHEAD = 16;

/** At most this many numbers are reserved at once, however many a write will need. */
const MAX_BLOCK = 1000;

/** What numbering needs to know of a key (or of a column a rule numbers). */
type NumberedColumn = Pick<
  WriteKey,
  'attribute' | 'column' | 'dataType' | 'length' | 'sequenceTable' | 'uniqueInDatabase'
>;

/** Numbers of one counter this write reserved: `next` up to `end` are still free to use. */
interface Reservation {
  first: number;
  next: number;
  end: number;
  width: number;
}

export class KeyNumbering {
  /** Tables this write numbered a key of: a unique violation there may be a collision (NumberCollision). */
  readonly numbered = new Set<string>();
  /** Per counter: the numbers reserved and not yet used. */
  private readonly reserved = new Map<string, Reservation>();
  /** Per counter of a whole table: how many more numbers this write may still need (reserved at once). */
  readonly wanted = new Map<string, number>();
  /** After a collision the write runs again and starts each counter past the largest stored number. */
  scanFirst = false;

  constructor(private readonly session: WriteSession) {}

  /** The counter of a sequence key: per table, or per parent record when numbered within the parent. */
  counterOf(object: WriteObject, key: WriteKey, row: Row): { counter: string; scope: Row } {
    const scope: Row = {};
    if (key.sequenceTable === object.table.name && object.link?.kind === 'key')
      for (const pair of object.link.pairs) scope[pair.child] = row[pair.child];
    return { counter: `${key.sequenceTable}.${key.column}:${JSON.stringify(scope)}`, scope };
  }

  /**
   * The next number of a sequence key from its counter, reserved in one block for as many as this write needs.
   * Where the database has no unique check on the column, a stored number is skipped (one look-up each, a scan for
   * the largest after a few); elsewhere the insert itself catches one (NumberCollision).
   */
  async next(object: WriteObject, key: WriteKey, row: Row): Promise<string | number> {
    const { counter, scope } = this.counterOf(object, key, row);
    return this.take(object.name, key, counter, scope);
  }

  /** The next number of a counter that no stored row of the scope has (`owner` names the object in messages). */
  private async take(owner: string, key: NumberedColumn, counter: string, scope: Row): Promise<string | number> {
    const table = this.session.table(key.sequenceTable);
    this.numbered.add(key.sequenceTable);
    for (let tries = 1; tries <= PROBE_AHEAD + 1; tries++) {
      let block = this.reserved.get(counter);
      // After a few stored numbers in a row, a fresh block past the largest (the rest of this one is left unused).
      if (!block || block.next >= block.end || tries === PROBE_AHEAD) {
        block = await this.reserve(table, key, scope, counter, tries === PROBE_AHEAD);
        this.reserved.set(counter, block);
      }
      const number = block.next++;
      const wanted = this.wanted.get(counter);
      if (wanted !== undefined) this.wanted.set(counter, Math.max(wanted - 1, 1));
      const value = key.dataType === 'int' ? number : String(number).padStart(block.width, '0');
      if (typeof value === 'string' && key.length > 0 && value.length > key.length)
        throw new CodedError('valueTooLong', { object: owner, field: key.attribute, value, length: key.length });
      if (key.uniqueInDatabase) return value;
      const stored = await this.session.rows.find(table, { ...scope, [key.column]: value }, 1, false);
      if (stored.length === 0) return value;
    }
    throw new Error(`numbering '${counter}': no free number after a scan for the largest`);
  }

  /**
   * The next free number of an int column over its whole table (a number a rule assigns, FiEntries' entry number),
   * from a counter of its own, as a sequence key without a scope is numbered.
   */
  async nextInColumn(tableName: string, column: string): Promise<number> {
    const key: NumberedColumn = {
      attribute: column,
      column,
      dataType: 'int',
      length: 0,
      sequenceTable: tableName,
      uniqueInDatabase: false,
    };
    return (await this.take(tableName, key, `${tableName}.${column}:{}`, {})) as number;
  }

  /** A block of numbers from a counter: as many as the write wants, starting past the largest stored when needed. */
  private async reserve(
    table: TableDefinition,
    key: NumberedColumn,
    scope: Row,
    counter: string,
    scan: boolean,
  ): Promise<Reservation> {
    const { trx, options } = this.session;
    const { db, schema } = options;
    let start = { floor: 1, width: 0 };
    if (scan || this.scanFirst) start = await this.largestStored(table, key, scope);
    else if (!KNOWN_COUNTERS.get(db, `${schema}.${counter}`)) {
      // A counter nobody took from yet starts past the largest stored code: one scan per scope, once.
      if (!(await counterExists(db, trx, schema, counter))) start = await this.largestStored(table, key, scope);
      KNOWN_COUNTERS.set(db, `${schema}.${counter}`, true);
    }
    const count = Math.min(this.wanted.get(counter) ?? 1, MAX_BLOCK);
    const taken = await takeNumbers(db, trx, schema, counter, { ...start, count });
    return { first: taken.value, next: taken.value, end: taken.value + count, width: taken.width };
  }

  /**
   * At the end of the write, numbers it reserved and did not use go back to their counters; after a failure all of
   * them (on SQLite the rollback has done that already). Only where nobody took numbers after them. The numbers
   * used stay on record until the commit: a statement deferred to it can still fail it, and they go back then.
   */
  async giveBack(failed: boolean): Promise<void> {
    const { trx, options } = this.session;
    const { db, schema } = options;
    if (failed && !db.counters) return;
    for (const [counter, block] of this.reserved) {
      const from = failed ? block.first : block.next;
      if (from < block.end) await giveBackNumbers(db, trx, schema, counter, from, block.end);
      block.end = from;
    }
    if (failed) this.reserved.clear();
  }

  /** Where numbering must start to pass every stored code of a scope, and the width of text codes. */
  private async largestStored(
    table: TableDefinition,
    key: NumberedColumn,
    scope: Row,
  ): Promise<{ floor: number; width: number }> {
    const { session } = this;
    await session.inserts.flush();
    const ref = sql.ref(key.column);
    const query = session.trx
      .withSchema(session.options.schema)
      .selectFrom(table.name)
      .where(session.rows.condition(table, scope));
    if (key.dataType === 'int') {
      const found = (await query.select(sql<number>`max(${ref})`.as('m')).executeTakeFirst()) as { m: unknown };
      return { floor: Number(found?.m ?? 0) + 1, width: 0 };
    }
    // The longest digits-only code is the largest; among equally long ones the text order is the number order.
    const found = (await query
      .select(ref.as('m'))
      .where(session.dialect.digitsOnly(ref) as never)
      .orderBy(sql`length(${ref})`, 'desc')
      .orderBy(ref, 'desc')
      .limit(1)
      .executeTakeFirst()) as { m: unknown } | undefined;
    const text = found?.m === undefined || found.m === null ? '' : String(found.m);
    return { floor: text === '' ? 1 : Number(text) + 1, width: text.length };
  }
}
