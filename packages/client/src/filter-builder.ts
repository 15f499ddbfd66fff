// A typed builder for GetConnector filters that produces the protocol's Filter AST in OR-of-ANDs normal form.
// Must not render query parameters: the protocol's renderFilterQuery does that, for the client and the tests.

import { type AndGroup, type Condition, type Filter, NO_FILTER, type Operator } from '@appconnector/protocol';
import { formatFilterDate } from './dates.ts';

/** What a filter (or key) value may be given as; it is sent as text. */
export type FilterValue = string | number | boolean | Date;

/** Text of a value as AFAS reads it: dates in Amsterdam time without `Z`, decimals with a `.`, no exponents. */
export function valueText(value: FilterValue): string {
  if (value instanceof Date) return formatFilterDate(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`a filter value must be a finite number, got ${value}`);
    const text = String(value);
    return text.includes('e') ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : text;
  }
  return value;
}

type Compare<F extends string> = (field: F, value: FilterValue) => Filter;

/** One method per AFAS operator, plus `and` and `or`. `F` narrows the field ids when the row type is known. */
export interface FilterBuilder<F extends string = string> {
  eq: Compare<F>;
  ge: Compare<F>;
  le: Compare<F>;
  gt: Compare<F>;
  lt: Compare<F>;
  contains: Compare<F>;
  ne: Compare<F>;
  /** Null or the empty string. */
  empty: (field: F) => Filter;
  notEmpty: (field: F) => Filter;
  startsWith: Compare<F>;
  notContains: Compare<F>;
  notStartsWith: Compare<F>;
  endsWith: Compare<F>;
  notEndsWith: Compare<F>;
  /** AFAS's quick filter: the text anywhere in any text field of the connector. */
  quick: Compare<F>;
  /** All of the filters; no filters at all is "no filter". */
  and: (...filters: Filter[]) => Filter;
  /** Any of the filters; needs at least one. */
  or: (...filters: Filter[]) => Filter;
}

function single(field: string, op: Operator, value: string): Filter {
  if (field === '') throw new TypeError('a filter field id must not be empty');
  const condition: Condition = { field, op, value };
  return { or: [{ and: [condition] }] };
}

/** True filters (no groups, or a group without conditions) are all the same: no filter. */
function isTrue(filter: Filter): boolean {
  return filter.or.length === 0 || filter.or.some((group) => group.and.length === 0);
}

/** AND distributes over OR: (a OR b) AND (c OR d) = ac OR ad OR bc OR bd. */
export function andFilters(...filters: Filter[]): Filter {
  let groups: AndGroup[] | undefined;
  for (const filter of filters) {
    if (isTrue(filter)) continue;
    groups =
      groups === undefined
        ? filter.or.map((group) => ({ and: [...group.and] }))
        : groups.flatMap((left) => filter.or.map((right) => ({ and: [...left.and, ...right.and] })));
  }
  return groups === undefined ? { or: [] } : { or: groups };
}

export function orFilters(...filters: Filter[]): Filter {
  if (filters.length === 0) throw new TypeError('or() needs at least one filter');
  if (filters.some(isTrue)) return { or: [] };
  return { or: filters.flatMap((filter) => filter.or.map((group) => ({ and: [...group.and] }))) };
}

/** A builder whose field ids are typed by `F`; the plain `f` takes any string. */
export function filterBuilder<F extends string = string>(): FilterBuilder<F> {
  const compare =
    (op: Operator): Compare<F> =>
    (field, value) =>
      single(field, op, valueText(value));
  return {
    eq: compare('eq'),
    ge: compare('ge'),
    le: compare('le'),
    gt: compare('gt'),
    lt: compare('lt'),
    contains: compare('contains'),
    ne: compare('ne'),
    empty: (field) => single(field, 'empty', ''),
    notEmpty: (field) => single(field, 'notEmpty', ''),
    startsWith: compare('startsWith'),
    notContains: compare('notContains'),
    notStartsWith: compare('notStartsWith'),
    endsWith: compare('endsWith'),
    notEndsWith: compare('notEndsWith'),
    quick: compare('quick'),
    and: andFilters,
    or: orFilters,
  };
}

export const f: FilterBuilder = filterBuilder();

/** A filter given as the AST or as a function of a builder; undefined is no filter. */
export type FilterInput<F extends string = string> = Filter | ((f: FilterBuilder<F>) => Filter);

export function resolveFilter<F extends string>(input: FilterInput<F> | undefined): Filter {
  if (input === undefined) return NO_FILTER;
  const filter = typeof input === 'function' ? input(filterBuilder<F>()) : input;
  return isTrue(filter) ? NO_FILTER : filter;
}
