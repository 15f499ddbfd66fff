// fast-check arbitraries and error helpers shared by the filter syntax tests.
// Test support only: nothing under src/ may import it.

import fc from 'fast-check';
import { expect } from 'vitest';
import { CodedError, type ErrorCode } from '../src/errors.ts';
import type { Condition, Filter } from '../src/filter-ast.ts';
import { OPERATORS, type Operator } from '../src/operators.ts';

export const ALL_OPERATORS = Object.keys(OPERATORS) as Operator[];

export const fieldIdArb = fc.stringMatching(/^[A-Za-z0-9_-]+$/);

/** Characters that break naive encoders: both separators, the wildcard, quotes, escapes, whitespace, astral. */
const trickyChar = fc.constantFrom(
  ',',
  ';',
  '%',
  '"',
  '\\',
  ' ',
  '\t',
  '\n',
  'é',
  '€',
  '😀',
  '{',
  '}',
  '#',
  '&',
  '=',
  '+',
  'a',
  '0',
);

export const valueArb = fc.oneof(fc.constant(''), fc.string({ unit: trickyChar }), fc.string({ unit: 'binary' }));

/** Filters with at least one condition per group: the only ones either syntax can carry as they are. */
export function filterArb(value: fc.Arbitrary<string> = valueArb): fc.Arbitrary<Filter> {
  const condition: fc.Arbitrary<Condition> = fc.record({
    field: fieldIdArb,
    op: fc.constantFrom(...ALL_OPERATORS),
    value,
  });
  const group = fc.record({ and: fc.array(condition, { minLength: 1, maxLength: 4 }) });
  return fc.array(group, { maxLength: 4 }).map((or) => ({ or }));
}

export const separatorFreeValueArb = valueArb.map((value) => value.replace(/[,;]/g, ''));

/** Runs `fn`, which must throw a CodedError, and checks its code and exact English message. */
export function expectCodedError(fn: () => unknown, code: ErrorCode, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CodedError);
  expect((caught as CodedError).code).toBe(code);
  expect((caught as CodedError).message).toBe(message);
}

/** For fuzzing: anything thrown must be one of the coded filter errors, never a TypeError. */
export function onlyCodedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodedError);
    expect(['filterListsUnequal', 'filterOperatorInvalid', 'filterJsonInvalid']).toContain((error as CodedError).code);
  }
}
