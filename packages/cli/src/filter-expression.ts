// Parses the CLI's filter expressions (`Name~jan`, `Age>=30`, `Email:empty`, `*~text`) into the protocol's filter AST.
// Must not call a server or know connector fields: the quick filter's `*` is resolved by the command that sends it.

import type { Condition, Filter, Operator } from '@appconnector/protocol';

/** The field id a quick filter carries until the command replaces it with a real field of the connector. */
export const QUICK_FIELD = '*';

/** Longest first, so that `!=` is not read as `!` followed by `=`. */
const SYMBOLS: ReadonlyArray<readonly [string, Operator]> = [
  ['!=', 'ne'],
  ['>=', 'ge'],
  ['<=', 'le'],
  ['!~', 'notContains'],
  ['!^', 'notStartsWith'],
  ['!$', 'notEndsWith'],
  ['=', 'eq'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['~', 'contains'],
  ['^', 'startsWith'],
  ['$', 'endsWith'],
];

const WORDS: Record<string, Operator> = { empty: 'empty', notempty: 'notEmpty' };

/** Characters that end a field id; field ids (letters, digits, `_`, `-`) never hold them. */
const OPERATOR_START = /[=!<>~^$:]/;

/** Help text listing the syntax, shared by every command that takes --filter. */
export const FILTER_HELP = `Filter expressions (--filter, repeatable):
  Field=v   equal            Field!=v  not equal
  Field>=v  at least         Field<=v  at most
  Field>v   greater          Field<v   less
  Field~v   contains         Field!~v  does not contain
  Field^v   starts with      Field!^v  does not start with
  Field$v   ends with        Field!$v  does not end with
  Field:empty  Field:notempty             *~v  quick filter (v in any text field)
Repeated --filter are AND-ed; --or starts a new group, and groups are OR-ed:
  --filter 'City=Utrecht' --filter 'Age>=30' --or --filter 'Email:empty'
  means (City = Utrecht AND Age >= 30) OR Email is empty.
Text compares case-insensitively; % is a wildcard. Dates as 2024-01-31 or 2024-01-31T10:00:00 (Amsterdam time).
Quote expressions in the shell: > < ^ $ ~ and ! are special there.`;

export class FilterSyntaxError extends Error {
  override name = 'FilterSyntaxError';
}

/** One expression into one condition. */
export function parseCondition(expression: string): Condition {
  const text = expression.trim();
  const at = text.search(OPERATOR_START);
  if (at <= 0) {
    throw new FilterSyntaxError(
      at === 0
        ? `filter '${expression}': a field id must come before the operator`
        : `filter '${expression}': no operator (use one of = != >= <= > < ~ !~ ^ !^ $ !$ :empty :notempty)`,
    );
  }
  const field = text.slice(0, at).trim();
  const rest = text.slice(at);
  if (rest.startsWith(':')) {
    const op = WORDS[rest.slice(1).trim().toLowerCase()];
    if (!op) throw new FilterSyntaxError(`filter '${expression}': after ':' comes empty or notempty`);
    if (field === QUICK_FIELD) throw new FilterSyntaxError(`filter '${expression}': * only takes ~ (quick filter)`);
    return { field, op, value: '' };
  }
  const symbol = SYMBOLS.find(([s]) => rest.startsWith(s));
  if (!symbol) throw new FilterSyntaxError(`filter '${expression}': unknown operator at '${rest}'`);
  const [sign, op] = symbol;
  const value = rest.slice(sign.length);
  if (field === QUICK_FIELD) {
    if (op !== 'contains') throw new FilterSyntaxError(`filter '${expression}': * only takes ~ (quick filter)`);
    if (value === '') throw new FilterSyntaxError(`filter '${expression}': the quick filter needs a text`);
    return { field, op: 'quick', value };
  }
  // An empty value matches nothing or everything depending on the operator; :empty says what is meant.
  if (value === '') {
    throw new FilterSyntaxError(`filter '${expression}': no value (for an empty field use ${field}:empty)`);
  }
  return { field, op, value };
}

/** Groups of expressions (AND inside, OR between) into a filter; no expressions at all is no filter. */
export function parseFilterGroups(groups: ReadonlyArray<readonly string[]>): Filter {
  const nonEmpty = groups.filter((group) => group.length > 0);
  if (nonEmpty.length < groups.length && groups.length > 1) {
    throw new FilterSyntaxError('--or must stand between two --filter expressions');
  }
  return { or: nonEmpty.map((group) => ({ and: group.map(parseCondition) })) };
}

/** Whether a filter uses the quick filter, whose field the caller must still choose. */
export function hasQuickFilter(filter: Filter): boolean {
  return filter.or.some((group) => group.and.some((c) => c.field === QUICK_FIELD));
}

/** The filter with the quick filter's `*` replaced by a field id of the connector (any field will do for AFAS). */
export function withQuickField(filter: Filter, field: string): Filter {
  return {
    or: filter.or.map((group) => ({
      and: group.and.map((c) => (c.field === QUICK_FIELD ? { ...c, field } : c)),
    })),
  };
}
