// Coerces a filter's raw text to the type of the field it filters (PROTOCOL.md 3: dates, decimals with a point,
// booleans true/false/1/0). Shared by reads and by the write path's key lookups; throws a coded error naming the field.

import { CodedError, type DataType } from '@appconnector/protocol';
import { escapeUnstorable, unstorableCharacter } from '../db/storable-text.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?Z?$/;

/** Texts normalizeDateTime saw, with their stored form ('' for not a date); emptied when full. */
const NORMALIZED = new Map<string, string>();
const MAX_NORMALIZED = 2000;
const MAX_MEMO_LENGTH = 40;
const INVALID = '';

/**
 * The one stored form of a date-time: `YYYY-MM-DDTHH:MM:SS`, plus `.mmm` only when the milliseconds are not zero,
 * so that equal moments are equal text on SQLite and order correctly as text.
 */
export function normalizeDateTime(text: string): string | undefined {
  // The same few texts come again and again (audit stamps of a write, dates of rows): answered from a small memo,
  // which keeps only texts as short as a date-time can be (a client's long junk must not fill memory).
  if (text.length > MAX_MEMO_LENGTH) return normalizeDateTimeNow(text);
  const known = NORMALIZED.get(text);
  if (known !== undefined) return known === INVALID ? undefined : known;
  const normalized = normalizeDateTimeNow(text);
  if (NORMALIZED.size >= MAX_NORMALIZED) NORMALIZED.clear();
  NORMALIZED.set(text, normalized ?? INVALID);
  return normalized;
}

function normalizeDateTimeNow(text: string): string | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = ''] = match;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return undefined;
  }
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === '000' ? '' : `.${ms}`}`;
}

export function parseBoolean(text: string): boolean | undefined {
  switch (text.trim().toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return undefined;
  }
}

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
  const shown = escapeUnstorable(text);
  const value = coerceValue(field.dataType, text);
  if (value === undefined)
    throw new CodedError('filterValueInvalid', { value: shown, field: field.id, type: field.dataType });
  return value;
}
