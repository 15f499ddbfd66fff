// The one filter AST that both filter syntaxes (simple lists and filterjson) parse into and render from.
// Values stay raw strings here: typing them against a connector's fields is the server's plan stage.

import type { Operator } from './operators.ts';

/** One condition: `field op value`. `value` is the raw text the client sent (ignored for empty/notEmpty). */
export interface Condition {
  field: string;
  op: Operator;
  value: string;
}

/** Conditions inside a group are AND-ed. */
export interface AndGroup {
  and: Condition[];
}

/** Groups are OR-ed. An empty `or` list means "no filter". */
export interface Filter {
  or: AndGroup[];
}

export const NO_FILTER: Filter = Object.freeze({ or: [] }) as Filter;

export function isEmptyFilter(filter: Filter): boolean {
  return filter.or.length === 0;
}
