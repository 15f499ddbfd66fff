// Coerces a filter's raw text to the type of the field it filters (PROTOCOL.md 3: dates, decimals with a point,
// booleans true/false/1/0). Shared by reads and by the write path's key lookups; throws a coded error naming the field.

import { CodedError, type DataType, normalizeDateTime, parseBoolean } from '@appconnector/protocol';
import { escapeUnstorable, unstorableCharacter } from '../db/storable-text.ts';

/** A typed value for comparisons: the field's type, or undefined when the text does not fit it. */
export function coerceValue(type: DataType, text: string): string | number | boolean | undefined {
  switch (type) {
    case 'string':
      return text;
    case 'int':
      return /^\s*[+-]?\d{1,15}\s*$/.test(text) ? Number(text) : undefined;
    case 'decimal':
      return /^\s*[+-]?(\d{1,20}(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : undefined;
    case 'date':
      return normalizeDateTime(text);
    case 'boolean':
      return parseBoolean(text);
    case 'blob':
      return undefined;
  }
}

/**
 * Refuses a filter value with NUL or an unpaired surrogate, whatever the operator: no stored text holds one (writes
 * refuse them), and PostgreSQL cannot even bind NUL, so both databases give this one answer.
 */
export function refuseUnstorable(field: { id: string }, text: string): void {
  const character = unstorableCharacter(text);
  if (character)
    throw new CodedError('filterValueCharacter', { value: escapeUnstorable(text), field: field.id, character });
}

export function coerceFilterValue(field: { id: string; dataType: DataType }, text: string): string | number | boolean {
  const value = coerceValue(field.dataType, text);
  if (value === undefined)
    throw new CodedError('filterValueInvalid', {
      value: escapeUnstorable(text),
      field: field.id,
      type: field.dataType,
    });
  return value;
}
