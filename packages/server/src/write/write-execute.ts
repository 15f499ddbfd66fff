// Execute stage of a write: one transaction per call (find, number, rules, audit, references, write, delete), with
// row and named locks where the dialect has them. Must not take identifiers from requests, nor inline any value.

import { CodedError, normalizeDateTime } from '@appconnector/protocol';
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { databaseCache } from '../db/database-cache.ts';
import { runShaped } from '../db/statement-cache.ts';
import type { ColumnDefinition, TableDefinition } from '../definitions/schema.ts';
import type { WriteKey, WriteObject } from './compile-update.ts';
import { counterExists, giveBackNumbers, takeNumbers } from './numbering.ts';
import type { Resolution, Row, RuleContext, RuleQueries } from './rules/rule.ts';
import { amsterdamStamp } from './write-clock.ts';
import { completeInsert, findsExisting, type PlannedRecord, type WritePlan } from './write-plan.ts';
import { displayValue } from './write-values.ts';

/** A record as written: its object, the row as stored now, and the plan record it came from. */
export interface WrittenRecord {
  object: WriteObject;
  row: Row;
}

/** One level of a DELETE URL, resolved: the object and `column = value` conditions. */
export interface DeleteLevel {
  object: WriteObject;
  where: Row;
  /** For messages: `SbId = 5`. */
  text: string;
}

export interface ExecuteOptions {
  db: Database;
  schema: string;
  /** Every table of the definitions, for references and rules. */
  tables: ReadonlyMap<string, TableDefinition>;
  /** The token's user id, written to the created_by / modified_by columns. */
  user: string;
}

const MAX_ATTEMPTS = 5;

// biome-ignore lint/suspicious/noExplicitAny: tables come from definitions at run time, not from TypeScript types
type Transaction = Kysely<any>;

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

/** Numbers of one counter this write reserved: `next` up to `end` are still free to use. */
interface Reservation {
  first: number;
  next: number;
  end: number;
  width: number;
}

/** Rows per multi-row insert, and bound values per statement (SQLite binds at most 32,766, PostgreSQL 65,535). */
const MAX_HELD_ROWS = 256;
const MAX_HELD_VALUES = 30_000;

function powerOfTwoAtMost(n: number): number {
  return n < 1 ? 1 : 2 ** Math.floor(Math.log2(n));
}

/** An insert held back, to be sent with the others of its table and columns in one statement (WriteSession.flush). */
interface HeldInsert {
  table: TableDefinition;
  columns: string[];
  values: unknown[];
}

/**
 * A generated number collided with a code another write stored at the same moment (a client's own code, not yet
 * committed when it was probed): the write is run again and takes a later number.
 */
class NumberCollision extends Error {}

interface RecordState {
  object: WriteObject;
  row: Row;
}

/** `SbId = 5, UnId = 1`: how messages name a record. */
function keyText(pairs: [string, unknown][]): string {
  return pairs.map(([name, value]) => `${name} = ${displayValue(value === null ? 'null' : String(value))}`).join(', ');
}

/** Conditions named as clients know them: key attributes and field ids instead of columns (link columns dropped). */
function namedPairs(object: WriteObject, where: Row): [string, unknown][] {
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

/** Per table: its columns by name (looked up for every value a write binds). */
const COLUMNS = new WeakMap<TableDefinition, Map<string, ColumnDefinition>>();

function columnOf(table: TableDefinition, name: string): ColumnDefinition {
  let columns = COLUMNS.get(table);
  if (!columns) {
    columns = new Map(table.columns.map((c) => [c.name, c]));
    COLUMNS.set(table, columns);
  }
  const column = columns.get(name);
  if (!column) throw new Error(`table '${table.name}' has no column '${name}'`);
  return column;
}

/** A stored value in the form plans and rules use: booleans as booleans, date-times in the one text form. */
function readValue(column: ColumnDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'date':
      return normalizeDateTime(String(value)) ?? String(value);
    case 'int':
    case 'decimal':
      return typeof value === 'number' ? value : Number(value);
    case 'blob':
      return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    default:
      return value;
  }
}

class WriteSession {
  private readonly locks = new Set<string>();
  /** Tables this write numbered a key of: a unique violation there may be a collision (NumberCollision). */
  private readonly numbered = new Set<string>();
  /** Per counter: the numbers reserved and not yet used. */
  private readonly reserved = new Map<string, Reservation>();
  /** Per counter of a whole table: how many more numbers this write may still need (reserved at once). */
  readonly wanted = new Map<string, number>();
  /** After a collision the write runs again and starts each counter past the largest stored number. */
  scanFirst = false;
  private readonly known = new Set<string>();
  private readonly stamp = amsterdamStamp();
  /**
   * Whether inserts are held back and sent together (a write of several records): one statement per table instead
   * of one per row; on PostgreSQL also one record's, to travel with the commit. A batched write that fails is run
   * again record by record (inTransaction).
   */
  batching = false;
  /** Per table: how many numbers of its database-numbered column the write may need (records to insert). */
  readonly idsWanted = new Map<string, number>();
  /** Per table: numbers of that column taken ahead and not used yet. */
  private readonly ids = new Map<string, unknown[]>();
  private held: HeldInsert[] = [];
  /** Set once an insert was held back: a failure may then show up later than record by record. */
  heldAny = false;

  constructor(
    private readonly options: ExecuteOptions,
    private readonly trx: Transaction,
  ) {}

  private get dialect() {
    return this.options.db.dialect;
  }

  private table(name: string): TableDefinition {
    const table = this.options.tables.get(name);
    if (!table) throw new Error(`table '${name}' is not defined`);
    return table;
  }

  private bind(column: ColumnDefinition, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (column.type) {
      case 'boolean':
        return this.dialect.bindBoolean(value === true || value === 1 || value === '1');
      case 'date':
        return this.dialect.bindDate(normalizeDateTime(String(value)) ?? String(value));
      case 'blob':
        return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'base64');
      case 'string':
        return typeof value === 'string' ? value : String(value);
      default:
        return value;
    }
  }

  /** Bound values by column; columns without a value (undefined) are left out, as Kysely leaves them out. */
  private bindRow(table: TableDefinition, row: Row): Row {
    const out: Row = {};
    for (const [name, value] of Object.entries(row))
      if (value !== undefined) out[name] = this.bind(columnOf(table, name), value);
    return out;
  }

  private readRow(table: TableDefinition, raw: Row): Row {
    const out: Row = {};
    for (const column of table.columns) out[column.name] = readValue(column, raw[column.name]);
    return out;
  }

  /** `a = $1 and b is null`: the conditions of a where, every value bound; `1 = 1` when there are none. */
  private condition(table: TableDefinition, where: Row): RawBuilder<SqlBool> {
    const parts = Object.entries(where).map(([name, value]) =>
      value === null || value === undefined
        ? sql<SqlBool>`${sql.ref(name)} is null`
        : sql<SqlBool>`${sql.ref(name)} = ${this.bind(columnOf(table, name), value)}`,
    );
    return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(parts, sql` and `)}`;
  }

  /** Rows matching every condition; locked for the rest of the transaction where the database locks rows. */
  async find(table: TableDefinition, where: Row, limit: number | undefined, lock: boolean): Promise<Row[]> {
    await this.flush();
    const forUpdate = lock && this.dialect.rowLocks;
    const shape = `find ${this.options.schema}.${table.name} ${this.whereShape(where)} ${limit !== undefined} ${forUpdate}`;
    const parameters = [...this.whereValues(table, where), ...(limit !== undefined ? [limit] : [])];
    const result = await runShaped<Row>(this.options.db, this.trx, shape, parameters, () => {
      let query = this.trx
        .withSchema(this.options.schema)
        .selectFrom(table.name)
        // The table's columns by name, not *: a statement kept prepared must not change its result when a column
        // is added (PostgreSQL refuses to run it then).
        .select(table.columns.map((c) => c.name))
        .where(this.condition(table, where));
      if (limit !== undefined) query = query.limit(limit);
      return forUpdate ? query.forUpdate() : query;
    });
    return result.rows.map((row) => this.readRow(table, row));
  }

  /** The columns of a where and which of them test for null: what its SQL text depends on. */
  private whereShape(where: Row): string {
    return Object.entries(where)
      .map(([name, value]) => (value === null || value === undefined ? `${name}=null` : name))
      .join(',');
  }

  /** The values a where binds, in its order (a null test binds none). */
  private whereValues(table: TableDefinition, where: Row): unknown[] {
    const values: unknown[] = [];
    for (const [name, value] of Object.entries(where))
      if (value !== null && value !== undefined) values.push(this.bind(columnOf(table, name), value));
    return values;
  }

  /** Serialises writers on a name until commit (numbering, find-or-insert); once per transaction. */
  private async lock(name: string): Promise<void> {
    const key = `${this.options.schema}.${name}`;
    if (this.locks.has(key)) return;
    const statement = this.dialect.transactionLockSql(key);
    if (statement) await statement.execute(this.trx);
    this.locks.add(key);
  }

  private async insertRow(object: WriteObject, table: TableDefinition, row: Row): Promise<Row> {
    const auto = table.columns.find((c) => c.autoIncrement && row[c.name] === undefined);
    if (this.batching) {
      const id = auto && (await this.takeId(table, auto));
      if (!auto || id !== undefined) {
        const given = auto ? { ...row, [auto.name]: id } : row;
        const bound = this.bindRow(table, given);
        this.held.push({ table, columns: Object.keys(bound), values: Object.values(bound) });
        this.heldAny = true;
        return given;
      }
    }
    const bound = this.bindRow(table, row);
    const shape = `insert ${this.options.schema}.${table.name} ${Object.keys(bound).join(',')} ${auto?.name ?? ''}`;
    try {
      const result = await runShaped<Row>(this.options.db, this.trx, shape, Object.values(bound), () => {
        const insert = this.trx.withSchema(this.options.schema).insertInto(table.name).values(bound);
        return auto ? insert.returning(auto.name) : insert;
      });
      if (!auto) return row;
      const returned = result.rows[0];
      if (!returned) throw new Error(`insert into ${table.name} returned no ${auto.name}`);
      return { ...row, [auto.name]: readValue(auto, returned[auto.name]) };
    } catch (error) {
      if (!this.dialect.isUniqueViolation(error)) throw error;
      const pairs = object.keys.map((k): [string, unknown] => [k.attribute, row[k.column]]);
      const exists = new CodedError('recordExists', { object: object.name, key: keyText(pairs) }, { cause: error });
      throw this.numbered.has(table.name)
        ? new NumberCollision('a generated number was taken', { cause: exists })
        : exists;
    }
  }

  /** The next number taken ahead for a database-numbered column; undefined when there is none to take. */
  private async takeId(table: TableDefinition, column: ColumnDefinition): Promise<unknown> {
    let ids = this.ids.get(table.name);
    if (!ids) {
      const wanted = this.idsWanted.get(table.name) ?? 0;
      // One row needs no numbers ahead: its insert returns its number.
      const statement =
        wanted > 1 ? this.dialect.takeIdsSql(this.options.schema, table.name, column.name, wanted) : undefined;
      ids = statement ? (await statement.execute(this.trx)).rows.map((r) => Number(r.id)) : [];
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
    const { schema, db } = this.options;
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
          this.trx,
          shape,
          rows.flatMap((r) => r.values),
          () =>
            this.trx
              .withSchema(schema)
              .insertInto(table.name)
              .values(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r.values[i]])))),
          // Nothing reads what an insert without a database number answers: it may travel with the next statement.
          { deferrable: true },
        );
      }
    }
  }

  private async updateRows(table: TableDefinition, values: Row, where: Row): Promise<void> {
    const bound = this.bindRow(table, values);
    if (Object.keys(bound).length === 0) return;
    await this.flush();
    const shape = `update ${this.options.schema}.${table.name} ${Object.keys(bound).join(',')} ${this.whereShape(where)}`;
    const parameters = [...Object.values(bound), ...this.whereValues(table, where)];
    await runShaped(this.options.db, this.trx, shape, parameters, () =>
      this.trx.withSchema(this.options.schema).updateTable(table.name).set(bound).where(this.condition(table, where)),
    );
  }

  private primaryKey(table: TableDefinition, row: Row): Row {
    return Object.fromEntries(table.primaryKey.map((c) => [c, row[c]]));
  }

  private audit(table: TableDefinition, row: Row, inserting: boolean): void {
    const { createdAt, createdBy, modifiedAt, modifiedBy } = table.audit;
    if (inserting && createdAt) row[createdAt] = this.stamp;
    if (inserting && createdBy) row[createdBy] = this.options.user;
    if (modifiedAt) row[modifiedAt] = this.stamp;
    if (modifiedBy) row[modifiedBy] = this.options.user;
  }

  private queries(): RuleQueries {
    return {
      find: (table, where, limit) => this.find(this.table(table), where, limit, false),
      update: (table, values, where) => {
        const definition = this.table(table);
        const stamped = { ...values };
        this.audit(definition, stamped, false);
        return this.updateRows(definition, stamped, where);
      },
    };
  }

  private ruleContext(record: PlannedRecord, action: 'insert' | 'update', existing: Row | undefined, changes: Row) {
    const column = (name: string) => (name in changes ? changes[name] : existing?.[name]);
    const context: RuleContext = {
      record,
      action,
      existing,
      changes,
      column,
      value: (fieldId) => {
        if (record.values.has(fieldId)) return record.values.get(fieldId);
        const field = record.object.byId.get(fieldId);
        return field?.column ? column(field.column.name) : undefined;
      },
      queries: this.queries(),
    };
    return context;
  }

  /** The counter of a sequence key: per table, or per parent record when numbered within the parent. */
  counterOf(object: WriteObject, key: WriteKey, row: Row): { counter: string; scope: Row } {
    const scope: Row = {};
    if (key.sequenceTable === object.table.name && object.link?.kind === 'key')
      for (const pair of object.link.pairs) scope[pair.child] = row[pair.child];
    return { counter: `${key.sequenceTable}.${key.column}:${JSON.stringify(scope)}`, scope };
  }

  /**
   * The next number of a sequence key from its counter (write/numbering.ts), reserved in one block for as many as
   * this write needs. Where the database has no unique check on the column, a stored number is skipped (one look-up
   * each, a scan for the largest after a few); elsewhere the insert itself catches one (NumberCollision).
   */
  private async nextNumber(object: WriteObject, key: WriteKey, row: Row): Promise<string | number> {
    const table = this.table(key.sequenceTable);
    const { counter, scope } = this.counterOf(object, key, row);
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
        throw new CodedError('valueTooLong', { object: object.name, field: key.attribute, value, length: key.length });
      if (key.uniqueInDatabase) return value;
      const stored = await this.find(table, { ...scope, [key.column]: value }, 1, false);
      if (stored.length === 0) return value;
    }
    throw new Error(`numbering '${counter}': no free number after a scan for the largest`);
  }

  /** A block of numbers from a counter: as many as the write wants, starting past the largest stored when needed. */
  private async reserve(
    table: TableDefinition,
    key: WriteKey,
    scope: Row,
    counter: string,
    scan: boolean,
  ): Promise<Reservation> {
    const { db, schema } = this.options;
    let start = { floor: 1, width: 0 };
    if (scan || this.scanFirst) start = await this.largestStored(table, key, scope);
    else if (!KNOWN_COUNTERS.get(db, `${schema}.${counter}`)) {
      // A counter nobody took from yet starts past the largest stored code: one scan per scope, once.
      if (!(await counterExists(db, this.trx, schema, counter))) start = await this.largestStored(table, key, scope);
      KNOWN_COUNTERS.set(db, `${schema}.${counter}`, true);
    }
    const count = Math.min(this.wanted.get(counter) ?? 1, MAX_BLOCK);
    const taken = await takeNumbers(db, this.trx, schema, counter, { ...start, count });
    return { first: taken.value, next: taken.value, end: taken.value + count, width: taken.width };
  }

  /**
   * At the end of the write, numbers it reserved and did not use go back to their counters; after a failure all of
   * them (on SQLite the rollback has done that already). Only where nobody took numbers after them. The numbers
   * used stay on record until the commit: a statement deferred to it can still fail it, and they go back then.
   */
  async giveBackNumbers(failed: boolean): Promise<void> {
    const { db, schema } = this.options;
    if (failed && !db.counters) return;
    for (const [counter, block] of this.reserved) {
      const from = failed ? block.first : block.next;
      if (from < block.end) await giveBackNumbers(db, this.trx, schema, counter, from, block.end);
      block.end = from;
    }
    if (failed) this.reserved.clear();
  }

  /** Where numbering must start to pass every stored code of a scope, and the width of text codes. */
  private async largestStored(
    table: TableDefinition,
    key: WriteKey,
    scope: Row,
  ): Promise<{ floor: number; width: number }> {
    await this.flush();
    const ref = sql.ref(key.column);
    const query = this.trx.withSchema(this.options.schema).selectFrom(table.name).where(this.condition(table, scope));
    if (key.dataType === 'int') {
      const found = (await query.select(sql<number>`max(${ref})`.as('m')).executeTakeFirst()) as { m: unknown };
      return { floor: Number(found?.m ?? 0) + 1, width: 0 };
    }
    // The longest digits-only code is the largest; among equally long ones the text order is the number order.
    const found = (await query
      .select(ref.as('m'))
      .where(this.dialect.digitsOnly(ref) as never)
      .orderBy(sql`length(${ref})`, 'desc')
      .orderBy(ref, 'desc')
      .limit(1)
      .executeTakeFirst()) as { m: unknown } | undefined;
    const text = found?.m === undefined || found.m === null ? '' : String(found.m);
    return { floor: text === '' ? 1 : Number(text) + 1, width: text.length };
  }

  private async checkReferences(record: PlannedRecord): Promise<void> {
    for (const [fieldId, value] of record.values) {
      const field = record.object.byId.get(fieldId);
      if (!field?.references || value === null || value === undefined) continue;
      const cacheKey = `${field.references.table}.${field.references.column}=${String(value)}`;
      if (this.known.has(cacheKey)) continue;
      const table = this.table(field.references.table);
      const found = await this.find(table, { [field.references.column]: value }, 1, false);
      if (found.length === 0) throw new CodedError('referenceMissing', { field: fieldId });
      this.known.add(cacheKey);
    }
  }

  /** How to find the record an element means, and whether a rule's matching found it. */
  private locate(record: PlannedRecord, parent: RecordState | undefined): { where?: Row; matched: boolean } {
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
      key.autoNumberField !== undefined &&
      record.values.get(key.autoNumberField) === true &&
      record.action !== 'update';
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

  private allowed(object: WriteObject, action: 'insert' | 'update' | 'delete'): void {
    if (!object.verbs.has(action))
      throw new CodedError('validation', { message: `Object '${object.name}': action '${action}' is not allowed.` });
  }

  async write(planned: PlannedRecord, parent: RecordState | undefined): Promise<RecordState | undefined> {
    const { object } = planned;
    if (planned.action === 'delete') {
      await this.deleteNested(planned, parent);
      return undefined;
    }
    // A copy: an upsert that becomes an insert gets defaults, which must not leak into a retried transaction.
    const record: PlannedRecord = { ...planned, keys: new Map(planned.keys), values: new Map(planned.values) };
    const { where, matched } = this.locate(record, parent);
    // A record a rule finds by its fields (MatchPer 1-6) may be inserted by two writes at once unless they take
    // turns; keys are kept unique by the database, numbers by their counters.
    if (matched && (record.action === 'insert' || record.action === 'upsert'))
      await this.lock(object.base?.table.name ?? object.table.name);
    let existing: Row | undefined;
    if (where) {
      const rows = await this.find(object.table, where, 2, true);
      if (rows.length > 1)
        throw new CodedError('validation', {
          message: `Object '${object.name}': more than one existing record matches (${keyText(namedPairs(object, where))}).`,
        });
      existing = rows[0];
    }
    let action: 'insert' | 'update';
    if (record.action === 'insert') {
      if (existing && !matched) {
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
    this.allowed(object, action);
    return action === 'insert' ? this.insert(record, parent) : this.update(record, existing!);
  }

  private async writeRefChildren(record: PlannedRecord, row: Row, existing: Row | undefined): Promise<Row> {
    const changes: Row = {};
    for (const child of record.children) {
      if (child.object.link?.kind !== 'ref') continue;
      if (child.action === 'delete')
        throw new CodedError('validation', {
          message: `Object '${child.object.name}': action 'delete' is not allowed.`,
        });
      const state = await this.write(child, { object: record.object, row: { ...existing, ...row } });
      for (const pair of child.object.link.pairs) {
        const value = state!.row[pair.child];
        if (existing?.[pair.parent] !== value) changes[pair.parent] = value;
      }
    }
    return changes;
  }

  private async writeKeyChildren(record: PlannedRecord, state: RecordState): Promise<void> {
    for (const child of record.children) if (child.object.link?.kind === 'key') await this.write(child, state);
  }

  private async insert(record: PlannedRecord, parent: RecordState | undefined): Promise<RecordState> {
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
    Object.assign(row, await this.writeRefChildren(record, row, undefined));
    for (const key of object.keys) {
      if (key.generate === 'sequence' && (row[key.column] === undefined || row[key.column] === null))
        row[key.column] = await this.nextNumber(object, key, row);
    }
    const context = this.ruleContext(record, 'insert', undefined, row);
    for (const { rule } of object.rules) await rule.beforeWrite?.(context);
    await this.checkReferences(record);
    this.audit(object.table, row, true);
    if (object.base) {
      const baseRow: Row = { ...object.base.set };
      for (const c of object.base.copy) baseRow[c] = row[c];
      for (const pair of object.base.key) if (row[pair.column] !== undefined) baseRow[pair.base] = row[pair.column];
      this.audit(object.base.table, baseRow, true);
      const written = await this.insertRow(object, object.base.table, baseRow);
      for (const pair of object.base.key) row[pair.column] = written[pair.base];
    }
    row = await this.insertRow(object, object.table, row);
    const state: RecordState = { object, row: this.readRow(object.table, this.bindRow(object.table, row)) };
    await this.writeKeyChildren(record, state);
    const after = this.ruleContext(record, 'insert', undefined, state.row);
    for (const { rule } of object.rules) await rule.afterWrite?.(after);
    return state;
  }

  private async update(record: PlannedRecord, existing: Row): Promise<RecordState> {
    const { object } = record;
    const changes: Row = {};
    for (const [fieldId, value] of record.values) {
      const field = object.byId.get(fieldId);
      if (field?.column && !object.keys.some((k) => k.column === field.column!.name))
        changes[field.column.name] = value;
    }
    Object.assign(changes, await this.writeRefChildren(record, changes, existing));
    const context = this.ruleContext(record, 'update', existing, changes);
    for (const { rule } of object.rules) await rule.beforeWrite?.(context);
    await this.checkReferences(record);
    this.audit(object.table, changes, false);
    try {
      await this.updateRows(object.table, changes, this.primaryKey(object.table, existing));
    } catch (error) {
      if (!this.dialect.isUniqueViolation(error)) throw error;
      throw new CodedError(
        'recordExists',
        { object: object.name, key: keyText(namedPairs(object, changes)) },
        { cause: error },
      );
    }
    if (object.base) {
      const baseChanges: Row = {};
      for (const c of object.base.copy) if (c in changes) baseChanges[c] = changes[c];
      this.audit(object.base.table, baseChanges, false);
      const where = Object.fromEntries(object.base.key.map((pair) => [pair.base, existing[pair.column]]));
      await this.updateRows(object.base.table, baseChanges, where);
    }
    const state: RecordState = { object, row: { ...existing, ...changes } };
    await this.writeKeyChildren(record, state);
    const after = this.ruleContext(record, 'update', existing, changes);
    for (const { rule } of object.rules) await rule.afterWrite?.(after);
    return state;
  }

  /** Deletes a row, its key-linked children first and its base row after (references point at nothing then). */
  private async deleteRow(object: WriteObject, row: Row): Promise<void> {
    await this.flush();
    for (const child of object.objects) {
      if (child.link?.kind !== 'key') continue;
      const where = Object.fromEntries(child.link.pairs.map((p) => [p.child, row[p.parent]]));
      for (const childRow of await this.find(child.table, where, undefined, true))
        await this.deleteRow(child, childRow);
    }
    await this.trx
      .withSchema(this.options.schema)
      .deleteFrom(object.table.name)
      .where(this.condition(object.table, this.primaryKey(object.table, row)))
      .execute();
    if (object.base) {
      const where = Object.fromEntries(object.base.key.map((pair) => [pair.base, row[pair.column]]));
      await this.trx
        .withSchema(this.options.schema)
        .deleteFrom(object.base.table.name)
        .where(this.condition(object.base.table, where))
        .execute();
    }
  }

  private async deleteNested(record: PlannedRecord, parent: RecordState | undefined): Promise<void> {
    const { object } = record;
    this.allowed(object, 'delete');
    const { where } = this.locate(record, parent);
    const pairs = object.keys.map((k): [string, unknown] => [k.attribute, record.keys.get(k.attribute)]);
    const rows = where ? await this.find(object.table, where, undefined, true) : [];
    if (rows.length === 0) throw new CodedError('recordMissing', { object: object.name, key: keyText(pairs) });
    for (const row of rows) await this.deleteRow(object, row);
  }

  /** DELETE URL: each level narrows the previous one's rows; the rows of the last level are deleted. */
  async deletePath(levels: readonly DeleteLevel[]): Promise<void> {
    let parents: Row[] | undefined;
    for (const [index, level] of levels.entries()) {
      const last = index === levels.length - 1;
      const rows: Row[] = [];
      if (!parents) rows.push(...(await this.find(level.object.table, level.where, undefined, last)));
      else {
        for (const parentRow of parents) {
          const link = level.object.link!;
          const where: Row = { ...level.where };
          for (const pair of link.pairs) {
            if (link.kind === 'key') where[pair.child] = parentRow[pair.parent];
            else where[pair.child] = parentRow[pair.parent] ?? null;
          }
          rows.push(...(await this.find(level.object.table, where, undefined, last)));
        }
      }
      if (rows.length === 0) throw new CodedError('recordMissing', { object: level.object.name, key: level.text });
      if (last) {
        this.allowed(level.object, 'delete');
        for (const row of rows) await this.deleteRow(level.object, row);
      }
      parents = rows;
    }
  }
}

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
      return await options.db.kysely.transaction().execute(async (trx) => {
        session = new WriteSession(options, trx);
        session.scanFirst = collided;
        prepare?.(session, mayBatch);
        const result = await work(session);
        await session.flush();
        await session.giveBackNumbers(false);
        return result;
      });
    } catch (error) {
      await session?.giveBackNumbers(true).catch(() => {});
      if (session?.heldAny) {
        // Held inserts fail late, and as one: run the write again record by record, so that it fails (or not) the
        // way it would have, with the error of the record it fails on. Not counted as an attempt.
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
        const { counter, scope } = session.counterOf(object, key, {});
        if (Object.keys(scope).length > 0) continue;
        const given = record.keys.get(key.attribute);
        const auto = key.autoNumberField !== undefined && record.values.get(key.autoNumberField) === true;
        if (given === undefined || given === null || auto)
          session.wanted.set(counter, (session.wanted.get(counter) ?? 0) + 1);
      }
    }
    if (record.action === 'insert')
      for (const table of [object.table, object.base?.table])
        if (table?.columns.some((c) => c.autoIncrement))
          session.idsWanted.set(table.name, (session.idsWanted.get(table.name) ?? 0) + 1);
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
    session.batching = mayBatch && (inserts > 1 || (inserts === 1 && options.db.dialect.defersStatements));
  };
  return inTransaction(
    options,
    async (session) => {
      const written: WrittenRecord[] = [];
      for (const record of plan.records) {
        const state = await session.write(record, undefined);
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
  await inTransaction(options, (session) => session.deletePath(levels));
}
