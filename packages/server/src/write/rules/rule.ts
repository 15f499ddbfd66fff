// The contract of a connector rule: a named piece of TypeScript an UpdateConnector definition applies to an object
// (a check, a way to find the existing record, derived columns). Rules never build SQL: they get narrow queries.

import type { WriteObject } from '../compile-update.ts';
import type { PlannedRecord } from '../write-plan.ts';
import type { TypedValue } from '../write-values.ts';

/** A stored row or the columns of a write, by column name. */
export type Row = Record<string, unknown>;

/** What a rule may ask of the database inside the write's transaction. Identifiers come from definitions. */
export interface RuleQueries {
  /** Rows of a table whose columns equal the given values (null means `is null`), at most `limit`. */
  find(table: string, where: Row, limit?: number): Promise<Row[]>;
  /** Sets columns of the rows whose columns equal the given values. */
  update(table: string, values: Row, where: Row): Promise<void>;
  /** The next free number of an int column over its whole table, from the column's counter (as keys are numbered). */
  nextNumber(table: string, column: string): Promise<number>;
}

/** How a rule finds the existing record of an element: by these columns of the object's table, or never. */
export type Resolution = { where: Row } | 'new';

export interface RuleContext {
  record: PlannedRecord;
  /** The action the write settled on. */
  action: 'insert' | 'update';
  /** The stored row before this write (updates), every column. */
  existing: Row | undefined;
  /** Columns this write sets; beforeWrite may add or change entries. */
  changes: Row;
  /** A field's value after this write: the given one, else the stored one (undefined when neither). */
  value(fieldId: string): unknown;
  /** A column's value after this write. */
  column(name: string): unknown;
  queries: RuleQueries;
}

export interface WriteRule {
  /** One line for people reading definitions. */
  description: string;
  /** Fields and columns the object must have for the rule to work; checked when definitions compile. */
  requires?: { fields?: string[]; columns?: string[] };
  /** Further checks of the object the rule is applied to, at compile time: a problem, or undefined. */
  verify?(object: WriteObject): string | undefined;
  /** Columns the rule fills on insert, so a not-null column it fills needs no field. */
  sets?: string[];
  /** Answered in the 201 results after the object's own (result id -> column): a number the rule assigned. */
  results?: Readonly<Record<string, string>>;
  /** Pure: validates one planned record (and its children) before anything touches the database. */
  check?(record: PlannedRecord): void;
  /** Inside the transaction: how to find the record an element means; undefined keeps the default (its keys). */
  resolve?(record: PlannedRecord, object: WriteObject): Resolution | undefined;
  /** `resolve` makes every insert a new record: the children of an insert are then inserts too, not upserts. */
  insertsAreNew?: boolean;
  /** Inside the transaction, just before the row is written. */
  beforeWrite?(context: RuleContext): Promise<void> | void;
  /** Inside the transaction, after the record and its children were written. */
  afterWrite?(context: RuleContext): Promise<void> | void;
}

/** The value of a field given in the element (undefined when absent, null when cleared). */
export function given(record: PlannedRecord, fieldId: string): TypedValue | undefined {
  return record.values.get(fieldId);
}
