// A GetConnector's filter query parameters, in either syntax or both, to and from the one filter AST.
// Syntax only: it must not know connectors or field types, and leaves URL encoding to URLSearchParams.

import type { AndGroup, Filter } from './filter-ast.ts';
import { parseFilterJson, renderFilterJson } from './filter-json.ts';
import { parseSimpleFilter, renderSimpleFilter, type SimpleFilterLists } from './filter-simple.ts';

export interface FilterQueryParams extends Partial<SimpleFilterLists> {
  filterjson?: string;
}

/** Both syntaxes at once narrow each other: the result is their AND. */
export function parseFilterQuery(params: FilterQueryParams): Filter {
  const simple = parseSimpleFilter(params);
  // An empty filterjson parameter is how clients say "none", like the empty simple lists.
  const json = params.filterjson?.trim() ? parseFilterJson(params.filterjson) : { or: [] };
  if (json.or.length === 0) return simple;
  if (simple.or.length === 0) return json;
  return { or: simple.or.flatMap((left) => json.or.map((right): AndGroup => ({ and: [...left.and, ...right.and] }))) };
}

/** The shortest way to say a filter: the simple lists when they can, filterjson otherwise, nothing for no filter. */
export function renderFilterQuery(filter: Filter): Record<string, string> {
  const simple = renderSimpleFilter(filter);
  // Empty lists are how renderSimpleFilter says the filter matches everything.
  if (simple !== undefined) return simple.filterfieldids === '' ? {} : { ...simple };
  return { filterjson: renderFilterJson(filter) };
}
