// The simple filter syntax: three parallel lists (filterfieldids, filtervalues, operatortypes) to and from the AST.
// Syntax only: it must not know connectors, field types or URL encoding (callers encode and decode).

import { CodedError } from './errors.ts';
import type { AndGroup, Condition, Filter } from './filter-ast.ts';
import { type Operator, operatorCode, operatorFromCode, VALUELESS_OPERATORS } from './operators.ts';

/** The three query parameters of the simple syntax, unencoded. */
export interface SimpleFilterLists {
  filterfieldids: string;
  filtervalues: string;
  operatortypes: string;
}

const GROUP_SEPARATOR = ';';
const ITEM_SEPARATOR = ',';
const NO_LISTS: Readonly<SimpleFilterLists> = { filterfieldids: '', filtervalues: '', operatortypes: '' };

/**
 * An operator code sent as text (both syntaxes send it so): an integer 1..15, surrounding whitespace tolerated.
 * The error quotes the text as sent, so the client sees exactly what it got wrong.
 */
export function operatorFromText(text: string, field: string): Operator {
  const trimmed = text.trim();
  const op = /^[0-9]+$/.test(trimmed) ? operatorFromCode(Number(trimmed)) : undefined;
  if (op === undefined) throw new CodedError('filterOperatorInvalid', { operator: text, field });
  return op;
}

export function parseSimpleFilter(lists: Partial<SimpleFilterLists>): Filter {
  const { filterfieldids: fields, filtervalues: values, operatortypes: operators } = lists;
  // Clients send `filterfieldids=&filtervalues=&operatortypes=` when they have no filter: that is no filter.
  if (!fields && !values && !operators) return { or: [] };
  if (fields === undefined) throw unequal('filterfieldids is missing');

  const fieldGroups = splitLists(fields);
  const valueGroups = values === undefined ? undefined : splitLists(values);
  const operatorGroups = operators === undefined ? undefined : splitLists(operators);
  checkLinedUp(fieldGroups, 'filtervalues', valueGroups);
  checkLinedUp(fieldGroups, 'operatortypes', operatorGroups);

  return {
    or: fieldGroups.map(
      (group, g): AndGroup => ({
        and: group.map((rawField, i) => condition(rawField, valueGroups?.[g]?.[i], operatorGroups?.[g]?.[i], g, i)),
      }),
    ),
  };
}

function condition(
  rawField: string,
  value: string | undefined,
  operator: string | undefined,
  group: number,
  item: number,
): Condition {
  const field = rawField.trim();
  if (field === '') throw unequal(`group ${group + 1}, item ${item + 1}: the field id is empty`);
  // Without operatortypes every condition is "equal", as AFAS does.
  const op = operator === undefined ? 'eq' : operatorFromText(operator, field);
  if (value === undefined && !VALUELESS_OPERATORS.has(op)) {
    throw unequal(
      `filtervalues is missing, but field '${field}' uses operator ${operatorCode(op)}, which needs a value`,
    );
  }
  return { field, op, value: value ?? '' };
}

function splitLists(text: string): string[][] {
  return text.split(GROUP_SEPARATOR).map((group) => group.split(ITEM_SEPARATOR));
}

function checkLinedUp(fields: string[][], name: string, other: string[][] | undefined): void {
  if (other === undefined) return;
  if (other.length !== fields.length) {
    throw unequal(`filterfieldids has ${count(fields.length, 'group')}, ${name} has ${other.length}`);
  }
  fields.forEach((group, g) => {
    const otherLength = other[g]?.length ?? 0;
    if (otherLength !== group.length) {
      throw unequal(`group ${g + 1}: filterfieldids has ${count(group.length, 'item')}, ${name} has ${otherLength}`);
    }
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function unequal(detail: string): CodedError {
  return new CodedError('filterListsUnequal', { detail });
}

/** The lists for a filter, or undefined when a field id or value cannot be said in them (use filterjson then). */
export function renderSimpleFilter(filter: Filter): SimpleFilterLists | undefined {
  // A group without conditions is true, so the whole OR is: that is no filter.
  if (filter.or.some((group) => group.and.length === 0)) return { ...NO_LISTS };
  const conditions = filter.or.flatMap((group) => group.and);
  if (!conditions.every(sayable)) return undefined;
  const join = (pick: (condition: Condition) => string): string =>
    filter.or.map((group) => group.and.map(pick).join(ITEM_SEPARATOR)).join(GROUP_SEPARATOR);
  return {
    filterfieldids: join((c) => c.field),
    filtervalues: join((c) => c.value),
    operatortypes: join((c) => String(operatorCode(c.op))),
  };
}

/** Field ids are trimmed on parsing, so one with outer whitespace (or none at all) would not come back as sent. */
function sayable({ field, value }: Condition): boolean {
  return field !== '' && field === field.trim() && !hasSeparator(field) && !hasSeparator(value);
}

function hasSeparator(text: string): boolean {
  return text.includes(ITEM_SEPARATOR) || text.includes(GROUP_SEPARATOR);
}
