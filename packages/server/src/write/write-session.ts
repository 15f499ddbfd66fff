// What the stages of one write transaction share: the options, the transaction, the clock stamp and audit columns,
// and the stage objects (rows found and locked, inserts held, keys numbered, rules run). Holds no stage logic.

import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import type { WriteObject } from './compile-update.ts';
import { HeldInserts } from './held-inserts.ts';
import { KeyNumbering } from './key-numbering.ts';
import { StoredRows } from './record-find.ts';
import { RuleRunner } from './rule-run.ts';
import type { Row } from './rules/rule.ts';
import { amsterdamStamp } from './write-clock.ts';

export interface ExecuteOptions {
  db: Database;
  schema: string;
  /** Every table of the definitions, for references and rules. */
  tables: ReadonlyMap<string, TableDefinition>;
  /** The token's user id, written to the created_by / modified_by columns. */
  user: string;
}

// biome-ignore lint/suspicious/noExplicitAny: tables come from definitions at run time, not from TypeScript types
export type Transaction = Kysely<any>;

/** A record as the write left it: its object and its row (every column, in the form rules read). */
export interface RecordState {
  object: WriteObject;
  row: Row;
}

export class WriteSession {
  /** One stamp per transaction: every row it writes carries the same modification time. */
  private readonly stamp = amsterdamStamp();
  readonly rows: StoredRows;
  readonly inserts: HeldInserts;
  readonly numbers: KeyNumbering;
  readonly rules: RuleRunner;

  constructor(
    readonly options: ExecuteOptions,
    readonly trx: Transaction,
  ) {
    this.rows = new StoredRows(this);
    this.inserts = new HeldInserts(this);
    this.numbers = new KeyNumbering(this);
    this.rules = new RuleRunner(this);
  }

  get dialect() {
    return this.options.db.dialect;
  }

  table(name: string): TableDefinition {
    const table = this.options.tables.get(name);
    if (!table) throw new Error(`table '${name}' is not defined`);
    return table;
  }

  /** Sets the audit columns of a row about to be inserted or of an update's changes. */
  audit(table: TableDefinition, row: Row, inserting: boolean): void {
    const { createdAt, createdBy, modifiedAt, modifiedBy } = table.audit;
    if (inserting && createdAt) row[createdAt] = this.stamp;
    if (inserting && createdBy) row[createdBy] = this.options.user;
    if (modifiedAt) row[modifiedAt] = this.stamp;
    if (modifiedBy) row[modifiedBy] = this.options.user;
  }
}
