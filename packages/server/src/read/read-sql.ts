// SQL stage of a read: compiles a ReadPlan into one bound query through Kysely. Identifiers come only from the
// compiled definitions; every value (skip and take included) is a bound parameter. Dialect differences are asked.

import { type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { BoundQuery, Database } from '../db/database.ts';
import { databaseCache } from '../db/database-cache.ts';
import type { ReadField, ReadSource } from '../definitions/registry.ts';
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

/** The value a condition binds: the LIKE pattern, or the compared value as the database takes it. */
function conditionValue(db: Database, condition: Exclude<PlannedCondition, { kind: 'empty' }>): unknown {
  if (condition.kind === 'like') return condition.pattern;
  return condition.field.dataType === 'string' ? condition.value : bind(db, condition.field, condition.value);
}

/**
 * What a query is built with: the database, and in place of each value a slot (a marker Kysely passes through as a
 * parameter), so that the compiled text can be kept per shape and later plans only supply their values.
 */
interface Build {
  db: Database;
  slot(condition: PlannedCondition): Slot;
  limit: Slot;
  offset: Slot;
  /** A chunk of a long read (read/read-chunks.ts): where the previous chunk ended, term by term (null: a null). */
  after?: readonly (Slot | null)[];
  /** A chunk of a long read: total order even when unsorted, order values selected after the fields. */
  chunk?: boolean;
  stripe?: Stripe;
}

/** Where a value goes: its index in the plan's values (planValues). */
class Slot {
  constructor(readonly index: number) {}
}

/** The positive test of a condition; callers add the empty-value rule of PROTOCOL.md 3. */
function positive(b: Build, condition: Exclude<PlannedCondition, { kind: 'empty' }>): Bool {
  const value = b.slot(condition);
  if (condition.kind === 'like') {
    const tests = condition.fields.map(
      (field) => sql<SqlBool>`(${notEmpty(field)} and ${b.db.dialect.fold(field.sql)} like ${value} escape '\\')`,
    );
    return tests.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
  }
  const { field, op } = condition;
  const operator = sql.raw(OPERATORS[op]);
  // Text compares by its sort key, for equality too (the same test: the key is folded text and equality does not
  // depend on the collation): then one index on the sort key (db/environment-tables.ts) serves =, <, > and ORDER BY.
  const left = field.dataType === 'string' ? b.db.dialect.textSortKey(field.sql) : field.sql;
  const test = sql<SqlBool>`${left} ${operator} ${value}`;
  return field.dataType === 'string' ? sql<SqlBool>`(${notEmpty(field)} and ${test})` : sql<SqlBool>`(${test})`;
}

function conditionSql(b: Build, condition: PlannedCondition): Bool {
  if (condition.kind === 'empty')
    return condition.negated ? sql<SqlBool>`(${notEmpty(condition.field)})` : isEmpty(condition.field);
  const test = positive(b, condition);
  if (!condition.negated) return test;
  // An empty field is not equal to X and does not contain X: negations match it.
  const fields = condition.kind === 'like' ? condition.fields : [condition.field];
  return sql<SqlBool>`(${sql.join(fields.map(isEmpty), sql` or `)} or not ${test})`;
}

function filterSql(b: Build, filter: PlannedFilter): Bool {
  // A group without conditions is always true (as both filter syntaxes render it).
  const groups = filter.map((group) =>
    group.length === 0
      ? sql<SqlBool>`(1 = 1)`
      : sql<SqlBool>`(${sql.join(
          group.map((c) => conditionSql(b, c)),
          sql` and `,
        )})`,
  );
  return sql<SqlBool>`(${sql.join(groups, sql` or `)})`;
}

// Tables and columns are known only from the definitions at run time, so the query builder is untyped here.
// biome-ignore lint/suspicious/noExplicitAny: Kysely's database type is not known statically
type Select = SelectQueryBuilder<any, any, any>;

/** The base of a read: its table, or the rows of a union's tables as one (UNION ALL) under the base's alias. */
function baseSource(db: Database, schema: string, source: ReadSource) {
  if (!source.union) return `${source.table} as ${source.alias}`;
  const branches = source.union.map((branch) =>
    db.kysely
      .withSchema(schema)
      .selectFrom(branch.table)
      .select(branch.columns.map((column) => column.sql.as(column.name))),
  );
  return branches.reduce((union, branch) => union.unionAll(branch)).as(source.alias);
}

type Base = ReturnType<typeof baseSource>;

function addJoin(query: Select, type: 'inner' | 'left', table: string | Base, on: [unknown, unknown][]): Select {
  const condition = (builder: { on: (e: Expression<SqlBool>) => unknown }) =>
    builder.on(
      sql<SqlBool>`${sql.join(
        on.map(([left, right]) => sql`${left} = ${right}`),
        sql` and `,
      )}`,
    );
  return type === 'inner'
    ? query.innerJoin(table as never, condition as never)
    : query.leftJoin(table as never, condition as never);
}

const refPairs = (on: [string, string][]): [unknown, unknown][] => on.map(([l, r]) => [sql.ref(l), sql.ref(r)]);

function filtered(b: Build, query: Select, plan: ReadPlan): Select {
  let select = query;
  for (const filter of plan.filters) select = select.where(filterSql(b, filter) as Expression<SqlBool>);
  return select;
}

export interface OrderTerm {
  expr: RawBuilder<unknown>;
  desc: boolean;
  /** Whether ORDER BY says where nulls go (first ascending, last descending); not where none can occur. */
  placesNulls: boolean;
  /** The field sorted on; none for the key columns that break ties. */
  field?: ReadField;
}

/** Whether a condition holds only where its field has a value (a null fails every comparison and LIKE). */
function rejectsNull(condition: PlannedCondition): ReadField | undefined {
  if (condition.kind === 'compare') return condition.negated ? undefined : condition.field;
  if (condition.kind === 'like')
    return !condition.negated && condition.fields.length === 1 ? condition.fields[0] : undefined;
  return condition.negated ? condition.field : undefined;
}

/** Fields no row of the read can have null: every group of some filter holds a condition that rejects null. */
function fieldsWithoutNulls(plan: ReadPlan): Set<ReadField> {
  const fields = new Set<ReadField>();
  for (const filter of plan.filters) {
    if (filter.length === 0) continue;
    const perGroup = filter.map((group) => new Set(group.map(rejectsNull).filter((f) => f !== undefined)));
    for (const field of perGroup[0]!) if (perGroup.every((group) => group.has(field))) fields.add(field);
  }
  return fields;
}

/** The ORDER BY of a read, term by term; none for an unsorted one unless `total` (a chunk: keys only). */
export function orderTerms(db: Database, plan: ReadPlan, total = false): OrderTerm[] {
  if (plan.order.length === 0 && !total) return [];
  // Where the filter leaves no nulls, where they would go does not matter, and without `nulls first` PostgreSQL can
  // walk a plain index (kept nulls last) in the order asked: the sync page (`ModifiedDate >= …`, sorted on it) read
  // 1000 entries of [active, modified_at] instead of all 114,630 matches and a sort (211-417 → 43-50 ms at 1,000,000
  // employees). Not for text: its sort-key indexes are built `nulls first` to match (db/dialect.ts), and a keyset
  // export (`EmployeeId > …`) sorted every match without the clause.
  const withoutNulls = plan.order.length > 0 ? fieldsWithoutNulls(plan) : new Set<ReadField>();
  const terms: OrderTerm[] = plan.order.map(({ field, desc }) => ({
    expr: field.dataType === 'string' ? db.dialect.textSortKey(field.sql) : field.sql,
    desc,
    placesNulls: field.dataType === 'string' || !withoutNulls.has(field),
    field,
  }));
  // The keys of the base table and of every join that may repeat its rows break ties, so that the order is total
  // and pages never overlap or skip rows.
  const { source } = plan.connector;
  // The base table's key is never null: plain `asc`, the order of its index (PostgreSQL's indexes keep nulls last,
  // so `nulls first` made it sort every row instead of walking the key index: a chunk of a long read sorted all).
  for (const column of source.primaryKey)
    terms.push({ expr: sql.ref(`${source.alias}.${column}`), desc: false, placesNulls: false });
  for (const join of source.joins)
    if (join.repeats)
      for (const column of join.primaryKey)
        terms.push({ expr: sql.ref(`${join.alias}.${column}`), desc: false, placesNulls: true });
  return terms;
}

function ordered(query: Select, terms: readonly OrderTerm[]): Select {
  let select = query;
  for (const { expr, desc, placesNulls } of terms) {
    const direction = desc ? (placesNulls ? 'desc nulls last' : 'desc') : placesNulls ? 'asc nulls first' : 'asc';
    select = select.orderBy(sql`${expr} ${sql.raw(direction)}`);
  }
  return select;
}

/**
 * Rows strictly after a position in the order of `terms` (the last row of the previous chunk), nulls placed as
 * ORDER BY places them: `t1 > v1 or (t1 = v1 and (t2 > v2 or (t2 = v2 and ...)))`. Whether a value is null is
 * part of the statement's shape (`is null` cannot be bound). An ascending first term also gets `t1 >= v1` alone,
 * a range an index can seek to instead of walking from the start.
 */
function keysetSql(terms: readonly OrderTerm[], after: readonly (Slot | null)[]): Bool {
  const greater = (term: OrderTerm, value: Slot | null): Bool => {
    if (!term.desc)
      return value === null ? sql<SqlBool>`${term.expr} is not null` : sql<SqlBool>`${term.expr} > ${value}`;
    return value === null ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${term.expr} < ${value} or ${term.expr} is null)`;
  };
  const equal = (term: OrderTerm, value: Slot | null): Bool =>
    value === null ? sql<SqlBool>`${term.expr} is null` : sql<SqlBool>`${term.expr} = ${value}`;
  let rest: Bool | undefined;
  for (let i = terms.length - 1; i >= 0; i--) {
    const gt = greater(terms[i]!, after[i]!);
    rest = rest === undefined ? gt : sql<SqlBool>`(${gt} or (${equal(terms[i]!, after[i]!)} and ${rest}))`;
  }
  const first = terms[0]!;
  if (!first.desc && after[0] !== null) return sql<SqlBool>`(${first.expr} >= ${after[0]} and ${rest!})`;
  return rest ?? sql<SqlBool>`1 = 1`;
}

/** A chunk after the first: only rows past the previous chunk's last. */
function afterPrevious(b: Build, query: Select, terms: readonly OrderTerm[]): Select {
  return b.after ? query.where(keysetSql(terms, b.after) as Expression<SqlBool>) : query;
}

function selectFields(query: Select, plan: ReadPlan): Select {
  return query.select(plan.connector.fields.map((field, index) => (field.sql as RawBuilder<unknown>).as(`c${index}`)));
}

/** The joins a page's row set depends on: those that may drop or repeat rows, those filtered or sorted on, and
 * the joins their ON clauses reach through. */
function rowSetJoins(plan: ReadPlan): Set<string> {
  const { joins } = plan.connector.source;
  const needed = new Set<string>();
  // A left join on a key neither drops nor repeats rows; any other join decides the row set.
  for (const join of joins) if (join.type === 'inner' || join.repeats) needed.add(join.alias);
  const fields = [...plan.order.map((o) => o.field), ...plan.filters.flat(2).flatMap(conditionFields)];
  for (const field of fields) for (const alias of field.aliases) needed.add(alias);
  // ON clauses only reach aliases declared earlier: one pass from the back closes the set.
  for (const join of [...joins].reverse()) {
    if (!needed.has(join.alias)) continue;
    for (const ref of join.on.flat()) needed.add(ref.split('.')[0]!);
  }
  return needed;
}

function conditionFields(condition: PlannedCondition): ReadField[] {
  return condition.kind === 'like' ? condition.fields : [condition.field];
}

/**
 * A sorted page as a deferred join: an inner query finds the page's rows by their keys, over only the joins that
 * decide which rows there are and in what order; the outer query joins the page's keys back to every table for
 * the rows it returns. The database skips and sorts index entries, not fully joined rows (`skip=100000` took 8x
 * the time of `skip=0` on SQLite and 27x on PostgreSQL before; a filtered page joined every match before sorting).
 */
function deferredQuery(b: Build, schema: string, plan: ReadPlan): Select {
  const { db } = b;
  const { source } = plan.connector;
  const needed = rowSetJoins(plan);
  const sources = [{ alias: source.alias, primaryKey: source.primaryKey }, ...source.joins];
  const keyName = (i: number, k: number) => `k${i}_${k}`;

  let inner: Select = db.kysely.withSchema(schema).selectFrom(baseSource(db, schema, source) as never);
  for (const join of source.joins)
    if (needed.has(join.alias)) inner = addJoin(inner, join.type, `${join.table} as ${join.alias}`, refPairs(join.on));
  const terms = orderTerms(db, plan, b.chunk);
  inner = inner.select([
    ...sources.flatMap((s, i) =>
      i === 0 || needed.has(s.alias) ? s.primaryKey.map((c, k) => sql.ref(`${s.alias}.${c}`).as(keyName(i, k))) : [],
    ),
    ...terms.map((term, i) => term.expr.as(`o${i}`)),
  ]);
  inner = ordered(afterPrevious(b, filtered(b, inner, plan), terms), terms)
    .limit(b.limit as never)
    .offset(b.offset as never);

  const page = (i: number) =>
    sources[i]!.primaryKey.map(
      (c, k) => [sql.ref(`${sources[i]!.alias}.${c}`), sql.ref(`page.${keyName(i, k)}`)] as [unknown, unknown],
    );
  let outer: Select = db.kysely.withSchema(schema).selectFrom(inner.as('page'));
  outer = addJoin(outer, 'inner', baseSource(db, schema, source), page(0));
  source.joins.forEach((join, j) => {
    const table = `${join.table} as ${join.alias}`;
    // A join of the row set meets the page's key (null for a left join without a match: no row, as before).
    outer = needed.has(join.alias)
      ? addJoin(outer, join.type, table, page(j + 1))
      : addJoin(outer, 'left', table, refPairs(join.on));
  });
  // Sorted by the page's own values: the page drives the join (SQLite otherwise walked the whole sort index of the
  // base table to avoid a sort, probing the page for every entry) and nothing is computed twice.
  const pageTerms = terms.map((term, i) => ({ ...term, expr: sql.ref(`page.o${i}`) }));
  let selected = selectFields(outer, plan);
  // A chunk also returns its order values, after the fields: where the next chunk starts.
  if (b.chunk) selected = selected.select(pageTerms.map((term, i) => term.expr.as(`p${i}`)));
  return ordered(selected, pageTerms);
}

/**
 * The joined read over the base table: a whole read, an unsorted page, or a chunk of an unsorted read. A chunk is in
 * key order (a range walk of the base table's primary key; the deferred form would join every row twice), past the
 * previous chunk, with the key values after the fields.
 */
function readQuery(b: Build, schema: string, plan: ReadPlan): Select {
  if (plan.order.length > 0 && (b.chunk || plan.limit !== undefined)) return deferredQuery(b, schema, plan);
  const { source } = plan.connector;
  let query: Select = b.db.kysely.withSchema(schema).selectFrom(baseSource(b.db, schema, source) as never);
  for (const join of source.joins)
    query = addJoin(query, join.type, `${join.table} as ${join.alias}`, refPairs(join.on));
  const terms = orderTerms(b.db, plan, b.chunk);
  query = selectFields(query, plan);
  if (b.chunk) query = query.select(terms.map((term, i) => term.expr.as(`p${i}`)));
  if (b.stripe) query = query.where(stripeSql(b.stripe, terms[0]!) as Expression<SqlBool>);
  query = ordered(afterPrevious(b, filtered(b, query, plan), terms), terms);
  if (b.chunk || plan.limit !== undefined) query = query.limit(b.limit as never).offset(b.offset as never);
  return query;
}

/**
 * One of `of` readers of an unsorted long read, each taking every `of`-th block of `block` key values: `(key / block)
 * % of = index`. Its own numbers, none from a request: literals.
 */
export interface Stripe {
  of: number;
  index: number;
  block: number;
}

/**
 * Whether a long read can be read in stripes: unsorted (its order is the base table's key and nothing else), over a
 * key the database numbers (always an integer, so `key / block` is a block number), whole (no skip, no take: the
 * stripes cannot share a limit).
 */
export function stripable(db: Database, plan: ReadPlan): boolean {
  return (
    plan.order.length === 0 &&
    plan.connector.source.numberedKey &&
    plan.limit === undefined &&
    plan.offset === 0 &&
    orderTerms(db, plan, true).length === 1
  );
}

function stripeSql(stripe: Stripe, key: OrderTerm): Bool {
  const { of, index, block } = stripe;
  return sql<SqlBool>`(${key.expr} / ${sql.lit(block)}) % ${sql.lit(of)} = ${sql.lit(index)}`;
}

// ---- compiled text per shape ----

/** The values a plan binds, in slot order: one per condition that has one (in filter order), then limit, offset. */
function planValues(
  db: Database,
  plan: ReadPlan,
  chunk?: ChunkPosition,
): { values: unknown[]; slots: Map<PlannedCondition, Slot>; after?: (Slot | null)[] } {
  const values: unknown[] = [];
  const slots = new Map<PlannedCondition, Slot>();
  for (const filter of plan.filters)
    for (const group of filter)
      for (const condition of group) {
        if (condition.kind === 'empty') continue;
        slots.set(condition, new Slot(values.length));
        values.push(conditionValue(db, condition));
      }
  const after = chunk?.after?.map((value) => {
    if (value === null || value === undefined) return null;
    values.push(value);
    return new Slot(values.length - 1);
  });
  if (chunk) values.push(chunk.limit, chunk.offset);
  else values.push(plan.limit, plan.offset);
  return { values, slots, after };
}

/** A number per compiled definition object (connector, field), for shape keys that cannot confuse two of them. */
const IDENTITIES = new WeakMap<object, number>();
let identities = 0;
function identity(object: object): number {
  let id = IDENTITIES.get(object);
  if (id === undefined) {
    id = ++identities;
    IDENTITIES.set(object, id);
  }
  return id;
}

/** Everything the SQL text of a plan depends on; not its values. */
function shapeOf(schema: string, plan: ReadPlan, chunk?: ChunkPosition): string {
  const condition = (c: PlannedCondition) =>
    c.kind === 'like'
      ? `like(${c.fields.map(identity).join(',')})${c.negated ? '!' : ''}`
      : `${c.kind === 'empty' ? 'empty' : c.op}(${identity(c.field)})${c.negated ? '!' : ''}`;
  const filters = plan.filters.map((f) => f.map((g) => g.map(condition).join('&')).join('|')).join(';');
  const order = plan.order.map((o) => `${identity(o.field)}${o.desc ? '-' : '+'}`).join(',');
  const kind = chunk
    ? `chunk:${chunk.after?.map((v) => (v === null || v === undefined ? 'n' : 'v')).join('') ?? 'first'}`
    : plan.limit === undefined
      ? 'all'
      : 'page';
  const stripe = chunk?.stripe ? ` stripe:${chunk.stripe.index}/${chunk.stripe.of}/${chunk.stripe.block}` : '';
  return `${schema} ${identity(plan.connector)} ${kind}${stripe} ${filters} ${order}`;
}

/**
 * One chunk of a long read (read/read-chunks.ts): at most `limit` rows, `offset` skipped (the request's skip, for
 * the first chunk), after `after` (the order values of the previous chunk's last row, already bound as the database
 * takes them; undefined for the first chunk). Its rows carry those order values after the fields.
 */
export interface ChunkPosition {
  limit: number;
  offset: number;
  after?: readonly unknown[];
  /** One stripe of a read split among readers (`stripable`). */
  stripe?: Stripe;
}

interface CompiledShape {
  sql: string;
  /** The parameters of the text: slots for the plan's values, constants of the definitions (concat's literals). */
  parameters: readonly unknown[];
  /** The columns after the fields. */
  extra: readonly string[];
}

const SHAPES = databaseCache<CompiledShape>(1000);

/**
 * The bound query of a plan. Its text is built with Kysely once per shape (connector, filter structure, order,
 * paged or not) and kept; later plans of that shape only supply their values. Every value of a plan goes through
 * a slot (planValues); the only other parameters are constants of the definitions, the same for every plan.
 * Building the query was a fifth of a small read's time (npm run bench, client export).
 */
export function compileRead(db: Database, schema: string, plan: ReadPlan, chunk?: ChunkPosition): BoundQuery {
  const { values, slots, after } = planValues(db, plan, chunk);
  const key = shapeOf(schema, plan, chunk);
  let shape = SHAPES.get(db, key);
  if (!shape) {
    const build: Build = {
      db,
      slot: (condition) => slots.get(condition) ?? new Slot(-1),
      limit: new Slot(values.length - 2),
      offset: new Slot(values.length - 1),
      after,
      chunk: chunk !== undefined,
      ...(chunk?.stripe ? { stripe: chunk.stripe } : {}),
    };
    const compiled = readQuery(build, schema, plan).compile();
    if (compiled.parameters.some((p) => p instanceof Slot && p.index < 0))
      throw new Error('read SQL: a condition without a value slot');
    // A chunk's order values follow the fields (p0, p1, …): where the next chunk starts.
    const extra = chunk ? orderTerms(db, plan, true).map((_, i) => `p${i}`) : [];
    shape = { sql: compiled.sql, parameters: compiled.parameters, extra };
    SHAPES.set(db, key, shape);
  }
  return {
    sql: shape.sql,
    parameters: shape.parameters.map((p) => (p instanceof Slot ? values[p.index] : p)),
    columns: { fields: plan.connector.fields.length, extra: shape.extra },
  };
}
