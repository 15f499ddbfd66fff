// The 15 AFAS filter operator codes and their names: the one mapping both the server and the client use.
// Must not grow logic of its own: parsing and evaluation live elsewhere.

export const OPERATORS = {
  eq: 1,
  ge: 2,
  le: 3,
  gt: 4,
  lt: 5,
  contains: 6,
  ne: 7,
  empty: 8,
  notEmpty: 9,
  startsWith: 10,
  notContains: 11,
  notStartsWith: 12,
  endsWith: 13,
  notEndsWith: 14,
  quick: 15,
} as const;

export type Operator = keyof typeof OPERATORS;
export type OperatorCode = (typeof OPERATORS)[Operator];

const BY_CODE = new Map<number, Operator>(Object.entries(OPERATORS).map(([name, code]) => [code, name as Operator]));

/** The operator for a numeric code, or undefined when the code is not one of AFAS's 15. */
export function operatorFromCode(code: number): Operator | undefined {
  return BY_CODE.get(code);
}

export function operatorCode(op: Operator): OperatorCode {
  return OPERATORS[op];
}

/** Operators whose value is ignored (AFAS still sends one, often empty or a placeholder like `[is leeg]`). */
export const VALUELESS_OPERATORS: ReadonlySet<Operator> = new Set(['empty', 'notEmpty']);

/** Negated operators match an empty field (an empty field is not equal to X and does not contain X). */
export const NEGATED_OPERATORS: ReadonlySet<Operator> = new Set(['ne', 'notContains', 'notStartsWith', 'notEndsWith']);

/** Operators that only make sense on text: they match a pattern inside the value. */
export const TEXT_PATTERN_OPERATORS: ReadonlySet<Operator> = new Set([
  'contains',
  'notContains',
  'startsWith',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
]);
