// SQL stage of a read: compiles a ReadPlan into one bound query through Kysely. Identifiers come only from the
// compiled definitions; every value (skip and take included) is a bound parameter. Dialect differences are asked.

import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { BoundQuery, Database } from '../db/database.ts';
import type { ReadField } from '../definitions/registry.ts';
import type { PlannedCondition, PlannedFilter, ReadPlan } from './read-plan.ts';

const OPERATORS = { eq: '=', ge: '>=', le: '<=', gt: '>', lt: '<' } as const;

type Bool = RawBuilder<SqlBool>;

function isEmpty(field: ReadField): Bool {
  return field.text ? sql<SqlBool>`(${field.sql} is null or ${field.sql} = '')` : sql<SqlBool>`(${field.sql} is null)`;
}

function notEmpty(field: ReadField): Bool {
  return field.text
    ? sql<SqlBool>`${field.sql} is not null and ${field.sql} <> ''`
    : sql<SqlBool>`${field.sql} is not null`;
}

function bind(db: Database, field: ReadField, value: string | number | boolean): unknown {
  if (typeof value === 'boolean') return db.dialect.bindBoolean(value);
  if (field.dataType === 'date') return db.dialect.bindDate(value as string);
  return value;
}

/** The positive test of a condition; callers add the empty-value rule of PROTOCOL.md 3. */
function positive(db: Database, condition: Exclude<PlannedCondition, { kind: 'empty' }>): Bool {
  if (condition.kind === 'like') {
    const tests = condition.fields.map(
      (field) =>
        sql<SqlBool>`(${notEmpty(field)} and ${db.dialect.fold(field.sql)} like ${condition.pattern} escape '\\')`,
    );
    return tests.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
  }
  const { field, op, value } = condition;
  const operator = sql.raw(OPERATORS[op]);
  if (field.dataType === 'string') {
    // The sort key for equality too (the same test: the key is folded text and equality does not depend on the
    // collation): then one index on the sort key (db/environment-tables.ts) serves =, <, > and ORDER BY alike.
    const left = db.dialect.textSortKey(field.sql);
    return sql<SqlBool>`(${notEmpty(field)} and ${left} ${operator} ${value})`;
  }
  return sql<SqlBool>`(${field.sql} ${operator} ${bind(db, field, value)})`;
}

function conditionSql(db: Database, condition: PlannedCondition): Bool {
  if (condition.kind === 'empty')
    return condition.negated ? sql<SqlBool>`(${notEmpty(condition.field)})` : isEmpty(condition.field);
  const test = positive(db, condition);
  if (!condition.negated) return test;
  // An empty field is not equal to X and does not contain X: negations match it.
  const fields = condition.kind === 'like' ? condition.fields : [condition.field];
  return sql<SqlBool>`(${sql.join(fields.map(isEmpty), sql` or `)} or not ${test})`;
}

function filterSql(db: Database, filter: PlannedFilter): Bool {
  // A group without conditions is always true (as both filter syntaxes render it).
  const groups = filter.map((group) =>
    group.length === 0
      ? sql<SqlBool>`(1 = 1)`
      : sql<SqlBool>`(${sql.join(
          group.map((c) => conditionSql(db, c)),
          sql` and `,
        )})`,
  );
  return sql<SqlBool>`(${sql.join(groups, sql` or `)})`;
}

export function compileRead(db: Database, schema: string, plan: ReadPlan, primaryKey: readonly string[]): BoundQuery {
  const { source, fields } = plan.connector;
  let query = db.kysely.withSchema(schema).selectFrom(`${source.table} as ${source.alias}`);
  for (const join of source.joins) {
    const on = (builder: { onRef: (a: string, op: '=', b: string) => typeof builder }) =>
      join.on.reduce((acc, [left, right]) => acc.onRef(left, '=', right), builder);
    query =
      join.type === 'inner'
        ? query.innerJoin(`${join.table} as ${join.alias}`, on as never)
        : query.leftJoin(`${join.table} as ${join.alias}`, on as never);
  }
  let select = query.select(fields.map((field, index) => (field.sql as RawBuilder<unknown>).as(`c${index}`)));
  for (const filter of plan.filters) select = select.where(filterSql(db, filter) as Expression<SqlBool>);
  if (plan.order.length > 0) {
    for (const { field, desc } of plan.order) {
      const key = field.dataType === 'string' ? db.dialect.textSortKey(field.sql) : field.sql;
      select = select.orderBy(sql`${key} ${sql.raw(desc ? 'desc nulls last' : 'asc nulls first')}`);
    }
    // The base table's key breaks ties, so that pages never overlap or skip rows.
    for (const column of primaryKey) select = select.orderBy(sql.ref(`${source.alias}.${column}`));
  }
  if (plan.limit !== undefined) select = select.limit(plan.limit).offset(plan.offset);
  const compiled = select.compile();
  return { sql: compiled.sql, parameters: compiled.parameters };
}
