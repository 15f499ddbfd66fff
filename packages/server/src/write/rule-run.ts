// How rules run inside a write: the context a rule sees (the record, its changes, the stored row, narrow queries),
// the before/after hooks in order, and the check that referenced demo records exist. Rules never see SQL.

import { CodedError } from '@appconnector/protocol';
import type { WriteObject } from './compile-update.ts';
import type { Row, RuleContext, RuleQueries } from './rules/rule.ts';
import type { PlannedRecord } from './write-plan.ts';
import type { WriteSession } from './write-session.ts';

export class RuleRunner {
  /** References found already in this write (`table.column=value`): looked up once per write. */
  private readonly known = new Set<string>();
  private readonly queries: RuleQueries;

  constructor(private readonly session: WriteSession) {
    this.queries = {
      find: (table, where, limit) => session.rows.find(session.table(table), where, limit, false),
      update: (table, values, where) => {
        const definition = session.table(table);
        const stamped = { ...values };
        session.audit(definition, stamped, false);
        return session.rows.update(definition, stamped, where);
      },
      nextNumber: (table, column) => session.numbers.nextInColumn(table, column),
    };
  }

  context(record: PlannedRecord, action: 'insert' | 'update', existing: Row | undefined, changes: Row): RuleContext {
    const column = (name: string) => (name in changes ? changes[name] : existing?.[name]);
    return {
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
      queries: this.queries,
    };
  }

  /** Each rule of the object, in order, just before its row is written. */
  async beforeWrite(object: WriteObject, context: RuleContext): Promise<void> {
    for (const { rule } of object.rules) await rule.beforeWrite?.(context);
  }

  /** Each rule of the object, in order, after the record and its children were written. */
  async afterWrite(object: WriteObject, context: RuleContext): Promise<void> {
    for (const { rule } of object.rules) await rule.afterWrite?.(context);
  }

  /** Every field that references a record (a demo employee, a country...) names one that exists. */
  async checkReferences(record: PlannedRecord): Promise<void> {
    const { session } = this;
    for (const [fieldId, value] of record.values) {
      const field = record.object.byId.get(fieldId);
      if (!field?.references || value === null || value === undefined) continue;
      const cacheKey = `${field.references.table}.${field.references.column}=${String(value)}`;
      if (this.known.has(cacheKey)) continue;
      const table = session.table(field.references.table);
      const found = await session.rows.find(table, { [field.references.column]: value }, 1, false);
      if (found.length === 0) throw new CodedError('referenceMissing', { field: fieldId });
      this.known.add(cacheKey);
    }
  }
}
