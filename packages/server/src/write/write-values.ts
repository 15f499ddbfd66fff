// Turns one value of a body into the typed value of its field (PROTOCOL.md 5: strings, numbers and booleans alike,
// `""` clears) and checks type, length, decimals, code table and not-zero. Pure: no database, no definitions lookup.

import { CodedError, type DataType, normalizeDateTime, parseBoolean } from '@appconnector/protocol';

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

/** The value as messages show it: text as sent, long text shortened so an error never echoes a whole file. */
export function displayValue(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
  return text.length > 100 ? `${text.slice(0, 100)}...` : text;
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

type Failure = { code: 'valueInvalid'; type: string } | { code: 'valueTooLong' } | { code: 'valueNotInCodeTable' };

function typed(rule: ValueRule, raw: unknown): TypedValue | Failure {
  const invalid = (type: string = rule.dataType): Failure => ({ code: 'valueInvalid', type });
  if (raw === null || raw === undefined || raw === '') return null;
  switch (rule.dataType) {
    case 'string': {
      const text = scalarText(raw);
      if (text === undefined) return invalid();
      if (rule.base64) {
        if (!BASE64.test(text)) return invalid('base64 text');
        return Buffer.from(text.replace(/\s+/g, ''), 'base64');
      }
      if (rule.length > 0 && [...text].length > rule.length) return { code: 'valueTooLong' };
      return text;
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
      if (typeof raw !== 'string' || !BASE64.test(raw)) return invalid('base64 text');
      return Buffer.from(raw.replace(/\s+/g, ''), 'base64');
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
  const params = { object: objectName, field: rule.fieldId, value: displayValue(raw) };
  if (result !== null && typeof result === 'object' && !Buffer.isBuffer(result)) {
    if (result.code === 'valueInvalid') throw new CodedError('valueInvalid', { ...params, type: result.type });
    if (result.code === 'valueTooLong') throw new CodedError('valueTooLong', { ...params, length: rule.length });
    throw new CodedError('valueNotInCodeTable', params);
  }
  if (!inCodeTable(rule, result)) throw new CodedError('valueNotInCodeTable', params);
  if (rule.notZero && result === 0) throw new CodedError('valueZero', params);
  return result;
}

/** A definition's literal (a default) as the field types it, or undefined when it does not fit. */
export function coerceLiteral(rule: ValueRule, raw: unknown): TypedValue | undefined {
  const result = typed(rule, raw);
  if (result !== null && typeof result === 'object' && !Buffer.isBuffer(result)) return undefined;
  return inCodeTable(rule, result) ? result : undefined;
}
