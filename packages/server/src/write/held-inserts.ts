// How inserts are held and flushed: a write of several records holds its rows back and sends them as multi-row
// statements per table and column list (database numbers taken ahead on PostgreSQL: per call for several rows, from
// the process's reserve for one, ids-ahead.ts); a row whose number is not known beforehand goes out at once.

import { CodedError } from '@appconnector/protocol';
import { runShaped } from '../db/statement-cache.ts';
import type { ColumnDefinition, TableDefinition } from '../definitions/schema.ts';
import type { WriteObject } from './compile-update.ts';
import { takeIdAhead } from './ids-ahead.ts';
import { NumberCollision } from './key-numbering.ts';
import { keyText } from './record-find.ts';
import type { Row } from './rules/rule.ts';
import { bindRow, readValue } from './stored-values.ts';
import type { WriteSession } from './write-session.ts';

/** Rows per multi-row insert, and bound values per statement (SQLite binds at most 32,766, PostgreSQL 65,535). */
const MAX_HELD_ROWS = 256;
const MAX_HELD_VALUES = 30_000;

function powerOfTwoAtMost(n: number): number {
  return n < 1 ? 1 : 2 ** Math.floor(Math.log2(n));
}

/** An insert held back, to be sent with the others of its table and columns in one statement (flush). */
interface HeldInsert {
  table: TableDefinition;
  columns: string[];
  values: unknown[];
}

export class HeldInserts {
  /**
   * Whether inserts are held back and sent together (a write of several records): one statement per table instead
   * of one per row; on PostgreSQL also one record's, to travel with the commit. A batched write that fails is run
   * again record by record (write-execute.ts).
   */
  batching = false;
  /** Per table: how many numbers of its database-numbered column the write may need (records to insert). */
  readonly idsWanted = new Map<string, number>();
  /** Per table: numbers of that column taken ahead and not used yet. */
  private readonly ids = new Map<string, unknown[]>();
  private held: HeldInsert[] = [];
  /** Set once an insert was held back: a failure may then show up later than record by record. */
  heldAny = false;

  constructor(private readonly session: WriteSession) {}

  /** Inserts a row (held back when batching); returns it with the number the database gave it, if any. */
  async insert(object: WriteObject, table: TableDefinition, row: Row): Promise<Row> {
    const { session } = this;
    const { db, schema } = session.options;
    const auto = table.columns.find((c) => c.autoIncrement && row[c.name] === undefined);
    if (this.batching) {
      const id = auto && (await this.takeId(table, auto));
      if (!auto || id !== undefined) {
        const given = auto ? { ...row, [auto.name]: id } : row;
        const bound = bindRow(session.dialect, table, given);
        this.held.push({ table, columns: Object.keys(bound), values: Object.values(bound) });
        this.heldAny = true;
        return given;
      }
    }
    const bound = bindRow(session.dialect, table, row);
    const shape = `insert ${schema}.${table.name} ${Object.keys(bound).join(',')} ${auto?.name ?? ''}`;
    try {
      const result = await runShaped<Row>(db, session.trx, shape, Object.values(bound), () => {
        const insert = session.trx.withSchema(schema).insertInto(table.name).values(bound);
        return auto ? insert.returning(auto.name) : insert;
      });
      if (!auto) return row;
      const returned = result.rows[0];
      if (!returned) throw new Error(`insert into ${table.name} returned no ${auto.name}`);
      return { ...row, [auto.name]: readValue(auto, returned[auto.name]) };
    } catch (error) {
      if (!session.dialect.isUniqueViolation(error)) throw error;
      const pairs = object.keys.map((k): [string, unknown] => [k.attribute, row[k.column]]);
      const exists = new CodedError('recordExists', { object: object.name, key: keyText(pairs) }, { cause: error });
      throw session.numbers.numbered.has(table.name)
        ? new NumberCollision('a generated number was taken', { cause: exists })
        : exists;
    }
  }

  /** The next number taken ahead for a database-numbered column; undefined when there is none to take. */
  private async takeId(table: TableDefinition, column: ColumnDefinition): Promise<unknown> {
    const { session } = this;
    let ids = this.ids.get(table.name);
    if (!ids) {
      const wanted = this.idsWanted.get(table.name) ?? 0;
      const { db, schema } = session.options;
      // One row takes its number from the process's reserve (ids-ahead.ts): a statement per 32 such writes, not one
      // in each, whose answer would be waited for.
      if (wanted <= 1) return takeIdAhead(db, session.trx, schema, table.name, column.name);
      const statement = session.dialect.takeIdsSql(schema, table.name, column.name, wanted);
      ids = statement ? (await statement.execute(session.trx)).rows.map((r) => Number(r.id)) : [];
      // Oldest first, so that ids follow the order of the records as they would one insert at a time.
      ids.reverse();
      this.ids.set(table.name, ids);
    }
    return ids.pop();
  }

  /**
   * Sends the held inserts, a few multi-row statements per table and column list, tables in the order they were
   * first held (a record's parent table before its children's). Runs before anything reads or changes rows and before
   * commit, so nothing in the write sees the database without them.
   */
  async flush(): Promise<void> {
    if (this.held.length === 0) return;
    const groups = new Map<string, HeldInsert[]>();
    for (const insert of this.held) {
      const key = `${insert.table.name} ${insert.columns.join(',')}`;
      const group = groups.get(key);
      if (group) group.push(insert);
      else groups.set(key, [insert]);
    }
    this.held = [];
    const { trx, options } = this.session;
    const { schema, db } = options;
    for (const group of groups.values()) {
      const { table, columns } = group[0]!;
      const most = powerOfTwoAtMost(Math.min(MAX_HELD_ROWS, Math.floor(MAX_HELD_VALUES / Math.max(columns.length, 1))));
      for (let start = 0; start < group.length; ) {
        // Pieces of 2^n rows (100 rows: 64 + 32 + 4): few statement texts per table, each kept and prepared.
        const rows = group.slice(start, start + powerOfTwoAtMost(Math.min(most, group.length - start)));
        start += rows.length;
        const shape = `insert ${schema}.${table.name} ${columns.join(',')} x${rows.length}`;
        await runShaped(
          db,
          trx,
          shape,
          rows.flatMap((r) => r.values),
          () =>
            trx
              .withSchema(schema)
              .insertInto(table.name)
              .values(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r.values[i]])))),
          // Nothing reads what an insert without a database number answers: it may travel with the next statement.
          { deferrable: true },
        );
      }
    }
  }
}
