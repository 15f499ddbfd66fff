// The filterjson syntax (`{"Filters":{"Filter":[...]}}`) to and from the filter AST, tolerant of what clients send.
// Syntax only: it must not know connectors or field types, and must not URL-encode or decode.

import { CodedError } from './errors.ts';
import type { AndGroup, Condition, Filter } from './filter-ast.ts';
import { operatorFromText } from './filter-simple.ts';
import { type Operator, operatorCode, operatorFromCode } from './operators.ts';

type JsonObject = Record<string, unknown>;

export function parseFilterJson(text: string): Filter {
  const root = readJson(text);
  if (!isObject(root)) throw invalid('', 'the top level must be an object');
  const filters = member(root, 'Filters', '');
  if (filters === undefined || filters === null) throw invalid('', 'Filters is missing');
  if (!isObject(filters)) throw invalid('', 'Filters must be an object');
  const list = member(filters, 'Filter', 'Filters');
  if (list === undefined || list === null) throw invalid('Filters', 'Filter is missing');
  return { or: asList(list, 'Filters', 'Filter').flatMap((item, i) => group(item, `Filter ${i + 1}`)) };
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid('', `the text is not JSON (${(error as Error).message})`);
  }
}

/** Zero or one group: a Filter without Field says nothing, and AFAS skips it rather than failing. */
function group(item: unknown, where: string): AndGroup[] {
  if (!isObject(item)) throw invalid('', `${where} must be an object`);
  const fields = member(item, 'Field', where);
  if (fields === undefined || fields === null) return [];
  const conditions = asList(fields, where, 'Field').map((field, i) => condition(field, `${where}, Field ${i + 1}`));
  return conditions.length === 0 ? [] : [{ and: conditions }];
}

function condition(item: unknown, where: string): Condition {
  if (!isObject(item)) throw invalid('', `${where} must be an object`);
  const field = member(item, '@FieldId', where);
  if (field === undefined || field === null) throw invalid(where, '@FieldId is missing');
  if (typeof field !== 'string') throw invalid(where, '@FieldId must be a string');
  if (field === '') throw invalid(where, '@FieldId is empty');
  return {
    field,
    op: operator(member(item, '@OperatorType', where), field, where),
    value: text(member(item, '#text', where), where),
  };
}

function operator(raw: unknown, field: string, where: string): Operator {
  if (raw === undefined || raw === null) throw invalid(where, '@OperatorType is missing');
  if (typeof raw === 'string') return operatorFromText(raw, field);
  if (typeof raw !== 'number') throw invalid(where, '@OperatorType must be a string or a number');
  const op = Number.isInteger(raw) ? operatorFromCode(raw) : undefined;
  if (op === undefined) throw new CodedError('filterOperatorInvalid', { operator: String(raw), field });
  return op;
}

/** Clients serialise numbers and booleans without quotes and leave `#text` out for empty/not empty. */
function text(raw: unknown, where: string): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw invalid(where, '#text must be a string, a number or a boolean');
}

/** AFAS's XML-to-JSON conversion gives a single object where there is one element, an array where there are more. */
function asList(value: unknown, where: string, name: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return [value];
  throw invalid(where, `${name} must be an object or a list of objects`);
}

/** Key names are matched case-insensitively since hand-written clients vary; two spellings at once are ambiguous. */
function member(object: JsonObject, name: string, where: string): unknown {
  const keys = Object.keys(object).filter((key) => key.toLowerCase() === name.toLowerCase());
  if (keys.length > 1) throw invalid(where, `${keys.map((key) => `"${key}"`).join(' and ')} are the same key`);
  return keys[0] === undefined ? undefined : object[keys[0]];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(where: string, problem: string): CodedError {
  return new CodedError('filterJsonInvalid', { detail: where === '' ? problem : `${where}: ${problem}` });
}

/** The canonical form: `@FilterId` numbered from 1, `@OperatorType` as a number-string, compact. */
export function renderFilterJson(filter: Filter): string {
  // A group without conditions is true, so the whole OR is; a Filter without Field would be skipped instead.
  const groups = filter.or.some((g) => g.and.length === 0) ? [] : filter.or;
  const Filter = groups.map((g, i) => ({
    '@FilterId': `Filter ${i + 1}`,
    Field: g.and.map((c) => ({ '@FieldId': c.field, '@OperatorType': String(operatorCode(c.op)), '#text': c.value })),
  }));
  return JSON.stringify({ Filters: { Filter } });
}
