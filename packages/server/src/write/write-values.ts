// Turns one value of a body into the typed value of its field (PROTOCOL.md 5: strings, numbers and booleans alike,
// `""` clears) and checks type, length, decimals, code table and not-zero. Pure: no database, no definitions lookup.

import { CodedError, type DataType, normalizeDateTime, parseBoolean } from '@appconnector/protocol';
import { escapeUnstorable, unstorableCharacter } from '../db/storable-text.ts';

/** A value ready for the executor: text, number, boolean, date-time text, bytes, or null (cleared). */
export type TypedValue = string | number | boolean | Buffer | null;

/** What coercion needs to know of a field (a WriteField or a key). */
export interface ValueRule {
  fieldId: string;
  dataType: DataType;
  base64?: boolean;
  length: number;
  decimals?: number;
  notZero?: boolean;
  codes?: ReadonlySet<string> | undefined;
}

const INT = /^\s*[+-]?\d{1,15}\s*$/;
const DECIMAL = /^\s*[+-]?(\d{1,20}(\.\d*)?|\.\d+)\s*$/;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const INT_LIMIT = 2_147_483_647;
/** Decimals are stored as numeric(18, d) on PostgreSQL. */
const DECIMAL_DIGITS = 18;

/**
 * Memo text (a string field without a length) holds at most this many characters: Profit's memo fields are large,
 * not unbounded, and a limit keeps one call from storing (and every read from sending) the whole 75 MB body.
 */
export const MEMO_MAX_CHARACTERS = 1_048_576;
/** A file or picture (a blob, or a string field stored as one) holds at most this many bytes once decoded. */
export const BLOB_MAX_BYTES = 20 * 1024 * 1024;
/** Base64 text of BLOB_MAX_BYTES bytes, without whitespace. */
const BLOB_MAX_BASE64 = Math.ceil(BLOB_MAX_BYTES / 3) * 4;

const SHOWN = 100;
const MAX_SCALAR_TEXT = 1000;

/** Up to about `budget` characters of JSON for any value, walking (and copying) no more of it than that. */
function boundedJson(value: unknown, budget: number): string {
  let out = '';
  // Punctuation waits on the stack as `{ text }`, values as `{ value }`: no recursion, so depth costs nothing.
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0 && out.length <= budget) {
    const item = stack.pop()!;
    if ('text' in item) {
      out += item.text;
      continue;
    }
    const current = item.value;
    if (typeof current === 'string') {
      out += JSON.stringify(current.length > budget ? current.slice(0, budget) : current);
    } else if (Array.isArray(current)) {
      out += '[';
      stack.push({ text: ']' });
      for (let i = Math.min(current.length, budget) - 1; i >= 0; i--) {
        stack.push({ value: current[i] });
        if (i > 0) stack.push({ text: ',' });
      }
    } else if (current !== null && typeof current === 'object') {
      out += '{';
      stack.push({ text: '}' });
      const keys = Object.keys(current).slice(0, budget);
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: (current as Record<string, unknown>)[keys[i]!] });
        stack.push({ text: `${JSON.stringify(keys[i]!.slice(0, budget))}:` });
        if (i > 0) stack.push({ text: ',' });
      }
    } else {
      out += String(JSON.stringify(current) ?? current);
    }
  }
  return out;
}

/**
 * The value as messages show it: text as sent, long text shortened so an error never echoes a whole file. Costs
 * the same for a value of 74 MB as for one of 101 characters: only the shown part is read, and it is copied out so
 * that the message does not keep the whole value alive (V8 slices share their parent's memory).
 */
export function displayValue(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : boundedJson(raw, SHOWN);
  if (text.length <= SHOWN) return escapeUnstorable(text);
  // Do not cut a surrogate pair in two.
  const end = /[\ud800-\udbff]/.test(text[SHOWN - 1]!) ? SHOWN - 1 : SHOWN;
  return `${escapeUnstorable(Buffer.from(text.slice(0, end), 'utf16le').toString('utf16le'))}...`;
}

/** Whether the text has more than `max` characters (code points, as Profit counts), reading no more than it must. */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false; // code points never outnumber UTF-16 units
  if (text.length > 2 * max) return true; // a code point is at most two units
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count > max) return true;
  }
  return false;
}

/** Whether base64 text decodes to more than BLOB_MAX_BYTES, counting only up to the limit (whitespace is free). */
function base64TooLong(text: string): boolean {
  if (text.length <= BLOB_MAX_BASE64) return false;
  // Line breaks (MIME's every 76 characters) never double the text: twice the limit is too long uncounted.
  if (text.length > 2 * BLOB_MAX_BASE64 + 4) return true;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit !== 32 && unit !== 9 && unit !== 10 && unit !== 13 && unit !== 61) count++;
  }
  return Math.floor((count * 3) / 4) > BLOB_MAX_BYTES;
}

function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  return Buffer.from(text.replace(/\s+/g, ''), 'base64');
}

function scalarText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
  if (typeof raw === 'boolean') return String(raw);
  return undefined;
}

/** Digits after the point, trailing zeros not counted (`1.50` has one). */
function decimalsOf(text: string): number {
  const fraction = text.trim().split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

type Failure =
  | { code: 'valueInvalid'; type: string }
  | { code: 'valueTooLong'; length: number }
  | { code: 'valueCharacter'; character: string }
  | { code: 'valueNotInCodeTable' };

function typed(rule: ValueRule, raw: unknown): TypedValue | Failure {
  const invalid = (type: string = rule.dataType): Failure => ({ code: 'valueInvalid', type });
  if (raw === null || raw === undefined || raw === '') return null;
  // No number, date or boolean is this long, however padded: refused before any regex, trim or lower-casing reads it.
  if (typeof raw === 'string' && raw.length > MAX_SCALAR_TEXT && rule.dataType !== 'string' && rule.dataType !== 'blob')
    return invalid();
  switch (rule.dataType) {
    case 'string': {
      const text = scalarText(raw);
      if (text === undefined) return invalid();
      if (rule.base64) {
        if (base64TooLong(text)) return { code: 'valueTooLong', length: BLOB_MAX_BASE64 };
        return decodeBase64(text) ?? invalid('base64 text');
      }
      // Length first: it reads at most twice the limit, whatever the size of the value.
      const max = rule.length > 0 ? rule.length : MEMO_MAX_CHARACTERS;
      if (longerThan(text, max)) return { code: 'valueTooLong', length: max };
      const character = unstorableCharacter(text);
      return character ? { code: 'valueCharacter', character } : text;
    }
    case 'int': {
      const text = typeof raw === 'number' || typeof raw === 'string' ? String(raw) : undefined;
      if (text === undefined || !INT.test(text)) return invalid();
      const value = Number(text);
      return Math.abs(value) > INT_LIMIT ? invalid() : value;
    }
    case 'decimal': {
      const text = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : raw;
      if (typeof text !== 'string' || !DECIMAL.test(text)) return invalid();
      const decimals = rule.decimals ?? 2;
      if (decimalsOf(text) > decimals) return invalid(`decimal with at most ${decimals} decimals`);
      const value = Number(text);
      return Math.abs(value) >= 10 ** (DECIMAL_DIGITS - decimals) ? invalid() : value;
    }
    case 'date': {
      if (typeof raw !== 'string') return invalid();
      return normalizeDateTime(raw) ?? invalid();
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 0 || raw === 1) return raw === 1;
      const value = typeof raw === 'string' ? parseBoolean(raw) : undefined;
      return value === undefined ? invalid() : value;
    }
    case 'blob': {
      if (typeof raw !== 'string') return invalid('base64 text');
      if (base64TooLong(raw)) return { code: 'valueTooLong', length: BLOB_MAX_BASE64 };
      return decodeBase64(raw) ?? invalid('base64 text');
    }
  }
}

function inCodeTable(rule: ValueRule, value: TypedValue): boolean {
  if (!rule.codes || value === null || Buffer.isBuffer(value)) return true;
  return rule.codes.has(String(value));
}

/** The typed value of a body value, or the coded error that names object, field and value. */
export function coerceValue(objectName: string, rule: ValueRule, raw: unknown): TypedValue {
  const result = typed(rule, raw);
  // Only a failure shows the value: a value that passes is not read again (displayValue escapes it).
  const params = () => ({ object: objectName, field: rule.fieldId, value: displayValue(raw) });
  if (result !== null && typeof result === 'object' && !Buffer.isBuffer(result)) {
    if (result.code === 'valueInvalid') throw new CodedError('valueInvalid', { ...params(), type: result.type });
    if (result.code === 'valueTooLong') throw new CodedError('valueTooLong', { ...params(), length: result.length });
    if (result.code === 'valueCharacter')
      throw new CodedError('valueCharacter', { ...params(), character: result.character });
    throw new CodedError('valueNotInCodeTable', params());
  }
  if (!inCodeTable(rule, result)) throw new CodedError('valueNotInCodeTable', params());
  if (rule.notZero && result === 0) throw new CodedError('valueZero', params());
  return result;
}

/** A definition's literal (a default) as the field types it, or undefined when it does not fit. */
export function coerceLiteral(rule: ValueRule, raw: unknown): TypedValue | undefined {
  const result = typed(rule, raw);
  if (result !== null && typeof result === 'object' && !Buffer.isBuffer(result)) return undefined;
  return inCodeTable(rule, result) ? result : undefined;
}
