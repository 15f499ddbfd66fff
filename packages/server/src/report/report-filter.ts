// Joins a report's own filter and the caller's into one filter AST (both must hold): every OR group of one AND-ed
// with every OR group of the other. Pure: no definitions, no database.

import type { Filter } from '@appconnector/protocol';

/** `(a1 or a2) and (b1 or b2)` as `a1b1 or a1b2 or a2b1 or a2b2`; an empty filter (no groups) holds for every row. */
export function bothFilters(first: Filter, second: Filter): Filter {
  if (first.or.length === 0) return second;
  if (second.or.length === 0) return first;
  return { or: first.or.flatMap((a) => second.or.map((b) => ({ and: [...a.and, ...b.and] }))) };
}
