// How a write finds and locks stored records: the conditions that mean an element's record (keys, parent, a rule's
// matching), the bound select / update / delete statements, named locks. Identifiers only from definitions.

import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { runShaped } from '../db/statement-cache.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import type { WriteKey, WriteObject } from './compile-update.ts';
import type { Resolution, Row } from './rules/rule.ts';
import { bindRow, bindValue, columnOf, readRow } from './stored-values.ts';
import type { PlannedRecord } from './write-plan.ts';
import type { RecordState, WriteSession } from './write-session.ts';
import { displayValue } from './write-values.ts';

/** `SbId = 5, UnId = 1`: how messages name a record. */
export function keyText(pairs: [string, unknown][]): string {
  return pairs.map(([name, value]) => `${name} = ${displayValue(value === null ? 'null' : String(value))}`).join(', ');
}

/** Conditions named as clients know them: key attributes and field ids instead of columns (link columns dropped). */
export function namedPairs(object: WriteObject, where: Row): [string, unknown][] {
  const linked = new Set(object.link?.kind === 'key' ? object.link.pairs.map((p) => p.child) : []);
  const named = Object.entries(where)
    .filter(([column]) => !linked.has(column))
    .map(([column, value]): [string, unknown] => [
      object.keys.find((k) => k.column === column)?.attribute ??
        object.fields.find((f) => f.column?.name === column)?.fieldId ??
        column,
      value,
    ]);
  // A record found through its parent alone (one per parent) is named by the link.
  return named.length > 0 ? named : Object.entries(where);
}

/** How to find the record an element means, and whether a rule's matching found it. */
export function locate(record: PlannedRecord, parent: RecordState | undefined): { where?: Row; matched: boolean } {
  const { object } = record;
  const link: Row = {};
  if (parent && object.link?.kind === 'key')
    for (const pair of object.link.pairs) link[pair.child] = parent.row[pair.parent];
  for (const { rule } of object.rules) {
    const resolution: Resolution | undefined = rule.resolve?.(record, object);
    if (resolution === 'new') return { matched: false };
    if (resolution) return { where: { ...link, ...resolution.where }, matched: true };
  }
  const autoNumbered = (key: WriteKey) =>
    key.autoNumberField !== undefined && record.values.get(key.autoNumberField) === true && record.action !== 'update';
  const keys = object.keys.filter((k) => !autoNumbered(k));
  if (keys.length > 0 && keys.length === object.keys.length) {
    const values = keys.map((k) => record.keys.get(k.attribute));
    if (values.every((v) => v !== undefined && v !== null)) {
      const where = { ...link };
      keys.forEach((k, i) => {
        where[k.column] = values[i];
      });
      return { where, matched: false };
    }
  }
  if (object.single && parent) {
    if (object.link?.kind === 'key') return { where: link, matched: false };
    const pairs = object.link?.pairs ?? [];
    if (pairs.every((p) => parent.row[p.parent] !== null && parent.row[p.parent] !== undefined))
      return { where: Object.fromEntries(pairs.map((p) => [p.child, parent.row[p.parent]])), matched: false };
  }
  return { matched: false };
}

/** The rows of one write transaction: found (and locked), updated, deleted; every statement after held inserts. */
export class StoredRows {
  private readonly locks = new Set<string>();

  constructor(private readonly session: WriteSession) {}

  /** `a = $1 and b is null`: the conditions of a where, every value bound; `1 = 1` when there are none. */
  condition(table: TableDefinition, where: Row): RawBuilder<SqlBool> {
    const { dialect } = this.session;
    const parts = Object.entries(where).map(([name, value]) =>
      value === null || value === undefined
        ? sql<SqlBool>`${sql.ref(name)} is null`
        : sql<SqlBool>`${sql.ref(name)} = ${bindValue(dialect, columnOf(table, name), value)}`,
    );
    return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(parts, sql` and `)}`;
  }

  /** Rows matching every condition; locked for the rest of the transaction where the database locks rows. */
  async find(table: TableDefinition, where: Row, limit: number | undefined, lock: boolean): Promise<Row[]> {
    const { session } = this;
    const { db, schema } = session.options;
    await session.inserts.flush();
    const forUpdate = lock && session.dialect.rowLocks;
    const shape = `find ${schema}.${table.name} ${whereShape(where)} ${limit !== undefined} ${forUpdate}`;
    const parameters = [...this.whereValues(table, where), ...(limit !== undefined ? [limit] : [])];
    const result = await runShaped<Row>(db, session.trx, shape, parameters, () => {
      let query = session.trx
        .withSchema(schema)
        .selectFrom(table.name)
        // The table's columns by name, not *: a statement kept prepared must not change its result when a column
        // is added (PostgreSQL refuses to run it then).
        .select(table.columns.map((c) => c.name))
        .where(this.condition(table, where));
      if (limit !== undefined) query = query.limit(limit);
      return forUpdate ? query.forUpdate() : query;
    });
    return result.rows.map((row) => readRow(table, row));
  }

  /** The values a where binds, in its order (a null test binds none). */
  private whereValues(table: TableDefinition, where: Row): unknown[] {
    const { dialect } = this.session;
    const values: unknown[] = [];
    for (const [name, value] of Object.entries(where))
      if (value !== null && value !== undefined) values.push(bindValue(dialect, columnOf(table, name), value));
    return values;
  }

  /** Serialises writers on a name until commit (find-or-insert by a rule's matching); once per transaction. */
  async lock(name: string): Promise<void> {
    const { session } = this;
    const key = `${session.options.schema}.${name}`;
    if (this.locks.has(key)) return;
    const statement = session.dialect.transactionLockSql(key);
    if (statement) await statement.execute(session.trx);
    this.locks.add(key);
  }

  /** Sets columns of the rows matching `where`; nothing when there is nothing to set. */
  async update(table: TableDefinition, values: Row, where: Row): Promise<void> {
    const { session } = this;
    const { db, schema } = session.options;
    const bound = bindRow(session.dialect, table, values);
    if (Object.keys(bound).length === 0) return;
    await session.inserts.flush();
    const shape = `update ${schema}.${table.name} ${Object.keys(bound).join(',')} ${whereShape(where)}`;
    const parameters = [...Object.values(bound), ...this.whereValues(table, where)];
    await runShaped(db, session.trx, shape, parameters, () =>
      session.trx.withSchema(schema).updateTable(table.name).set(bound).where(this.condition(table, where)),
    );
  }

  /** Deletes the rows matching `where` (held inserts are sent first by the caller). */
  async delete(table: TableDefinition, where: Row): Promise<void> {
    const { session } = this;
    await session.trx
      .withSchema(session.options.schema)
      .deleteFrom(table.name)
      .where(this.condition(table, where))
      .execute();
  }
}

/** The columns of a where and which of them test for null: what its SQL text depends on. */
function whereShape(where: Row): string {
  return Object.entries(where)
    .map(([name, value]) => (value === null || value === undefined ? `${name}=null` : name))
    .join(',');
}

export function primaryKey(table: TableDefinition, row: Row): Row {
  return Object.fromEntries(table.primaryKey.map((c) => [c, row[c]]));
}
