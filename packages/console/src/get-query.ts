// The runner's form as AFAS query parameters: filter groups in the syntax the user chose (the simple lists or
// filterjson, rendered by the protocol package like every client), the quick filter, sort and paging.
// Pure: no DOM, no calls, so the same form always gives the same URL.

import {
  type Condition,
  type Filter,
  type Operator,
  renderFilterJson,
  renderSimpleFilter,
  VALUELESS_OPERATORS,
} from '@appconnector/protocol';

export type FilterSyntax = 'simple' | 'json';

export interface SortItem {
  field: string;
  desc: boolean;
}

export interface RunnerForm {
  /** Conditions inside a group are AND-ed, groups are OR-ed. */
  groups: Condition[][];
  syntax: FilterSyntax;
  /** Free text matched in every text field (operator 15), AND-ed to every group. */
  quick: string;
  /** The field the quick filter names (AFAS needs one; the server matches every text field). */
  quickField: string;
  sort: SortItem[];
  skip: string;
  take: string;
}

export const OPERATOR_LABELS: Record<Exclude<Operator, 'quick'>, string> = {
  eq: '= equal',
  ne: '≠ not equal',
  ge: '≥ at least',
  le: '≤ at most',
  gt: '> greater',
  lt: '< less',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  notStartsWith: 'does not start with',
  endsWith: 'ends with',
  notEndsWith: 'does not end with',
  empty: 'is empty',
  notEmpty: 'is not empty',
};

/** The filter AST of the form: complete conditions only, the quick filter AND-ed to every group. */
export function formFilter(form: RunnerForm): Filter {
  const complete = (c: Condition) => c.field !== '' && (VALUELESS_OPERATORS.has(c.op) || c.value !== '');
  let groups = form.groups.map((group) => group.filter(complete)).filter((group) => group.length > 0);
  if (form.quick.trim() && form.quickField) {
    const quick: Condition = { field: form.quickField, op: 'quick', value: form.quick.trim() };
    groups = groups.length ? groups.map((group) => [...group, quick]) : [[quick]];
  }
  return { or: groups.map((and) => ({ and })) };
}

export class QueryError extends Error {
  override name = 'QueryError';
}

/** The AFAS query parameters, in the order clients send them. Throws QueryError when the form cannot be said. */
export function formQuery(form: RunnerForm): Record<string, string> {
  const query: Record<string, string> = {};
  const filter = formFilter(form);
  if (filter.or.length > 0) {
    if (form.syntax === 'simple') {
      const lists = renderSimpleFilter(filter);
      if (!lists) throw new QueryError('A value with , or ; cannot be sent in the simple lists: choose filterjson.');
      Object.assign(query, lists);
    } else query.filterjson = renderFilterJson(filter);
  }
  const sort = form.sort.filter((item) => item.field);
  if (sort.length) query.orderbyfieldids = sort.map((item) => `${item.desc ? '-' : ''}${item.field}`).join(',');
  for (const name of ['skip', 'take'] as const) {
    const text = form[name].trim();
    if (text === '') continue;
    if (!/^-?\d+$/.test(text)) throw new QueryError(`${name} must be a whole number.`);
    query[name] = text;
  }
  return query;
}
