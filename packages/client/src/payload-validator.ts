// Checks an UpdateConnector payload against its metainfo/update tree before it is sent, so mistakes are found
// without a round trip. Must not change the payload or call the server: the client fetches the metainfo.

import {
  ERRORS,
  type ErrorCode,
  formatMessage,
  type UpdateField,
  type UpdateMetainfo,
  type UpdateObjectMetainfo,
} from '@appconnector/protocol';
import { PayloadValidationError } from './errors.ts';

/** How the records are written: POST inserts, PUT updates (only keys are required then). */
export interface ValidationOptions {
  mode: 'insert' | 'update';
  /** For `POST /connectors/{id}/{subObject}`: the root is updated, records of this object are inserted. */
  subObject?: string | undefined;
}

type Mode = 'insert' | 'update' | 'delete';
type Json = Record<string, unknown>;

/** The problems of the payload being validated (validation is synchronous, so one list serves every call). */
let problems: PayloadValidationError[] = [];

function report(
  code: ErrorCode,
  object: string,
  field: string | undefined,
  params: Record<string, string | number> = {},
) {
  problems.push(fail(code, object, field, params));
}

function fail(
  code: ErrorCode,
  object: string,
  field: string | undefined,
  params: Record<string, string | number> = {},
) {
  const message = formatMessage(ERRORS[code].en, { object, field: field ?? '', ...params });
  return new PayloadValidationError(message, code, object, field);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function byName<T extends { name: string }>(list: readonly T[], name: string): T | undefined {
  return list.find((item) => item.name === name) ?? list.find((item) => item.name.toLowerCase() === name.toLowerCase());
}

function fieldOf(object: UpdateObjectMetainfo, id: string): UpdateField | undefined {
  return (
    object.fields.find((field) => field.fieldId === id) ??
    object.fields.find((field) => field.fieldId.toLowerCase() === id.toLowerCase())
  );
}

/**
 * Throws a PayloadValidationError listing every problem found (each with its object and field in `problems`; the
 * first one's code, object and field on the error itself), so a payload is fixed in one go rather than one by one.
 */
export function validatePayload(meta: UpdateMetainfo, payload: unknown, options: ValidationOptions): void {
  problems = [];
  check(meta, payload, options);
  const found = problems;
  problems = [];
  if (found.length > 0) throw PayloadValidationError.of(found);
}

function check(meta: UpdateMetainfo, payload: unknown, options: ValidationOptions): void {
  if (!isObject(payload)) {
    report('missingElement', meta.name, undefined, { detail: 'the payload is not an object' });
    return;
  }
  const roots = Object.keys(payload);
  if (roots.length !== 1) {
    problems.push(
      new PayloadValidationError(
        formatMessage(ERRORS.missingElement.en, { detail: `expected one root object '${meta.name}'` }),
        'missingElement',
        meta.name,
      ),
    );
    return;
  }
  const rootName = roots[0]!;
  if (rootName.toLowerCase() !== meta.name.toLowerCase()) {
    report('unknownObject', rootName, undefined, { connector: meta.id });
    return;
  }
  const rootMode: Mode = options.subObject === undefined ? options.mode : 'update';
  validateObject(meta, payload[rootName], rootMode, options.subObject, meta.id);
}

function elementsOf(value: unknown, object: string): unknown[] {
  const element = isObject(value) ? value.Element : undefined;
  if (element === undefined) {
    report('missingElement', object, undefined, { detail: `${object}.Element` });
    return [];
  }
  return Array.isArray(element) ? element : [element];
}

function validateObject(
  meta: UpdateObjectMetainfo,
  value: unknown,
  mode: Mode,
  subObject: string | undefined,
  connector: string,
): void {
  for (const element of elementsOf(value, meta.name)) {
    if (!isObject(element)) {
      report('missingElement', meta.name, undefined, { detail: `${meta.name}.Element` });
      continue;
    }
    validateElement(meta, element, mode, subObject, connector);
  }
}

function actionOf(element: Json, inherited: Mode): Mode {
  const fields = isObject(element.Fields) ? element.Fields : {};
  // @Action sits inside Fields in AFAS's current documentation and on the Element in older examples.
  const action = fields['@Action'] ?? element['@Action'];
  return action === 'insert' || action === 'update' || action === 'delete' ? action : inherited;
}

function validateElement(
  meta: UpdateObjectMetainfo,
  element: Json,
  inherited: Mode,
  subObject: string | undefined,
  connector: string,
): void {
  const mode = actionOf(element, inherited);
  const given = new Map<string, unknown>();
  for (const [name, value] of Object.entries(element)) {
    if (!name.startsWith('@') || name === '@Action') continue;
    given.set(name.slice(1), value);
  }
  if (element.Fields !== undefined) {
    if (!isObject(element.Fields)) report('missingElement', meta.name, undefined, { detail: 'Fields' });
    else
      for (const [name, value] of Object.entries(element.Fields)) {
        if (name !== '@Action') given.set(name, value);
      }
  }
  for (const [id, value] of given) {
    const field = fieldOf(meta, id);
    if (!field) {
      report('unknownField', meta.name, id);
      continue;
    }
    if (mode !== 'delete') checkValue(meta.name, field, value);
  }
  if (mode === 'insert') {
    for (const field of meta.fields) {
      if (!field.mandatory) continue;
      const entry = [...given].find(([id]) => id.toLowerCase() === field.fieldId.toLowerCase());
      if (entry === undefined || entry[1] === null || entry[1] === '') report('mandatory', meta.name, field.fieldId);
    }
  }
  for (const [name, child] of objectsOf(element.Objects, meta.name)) {
    const childMeta = byName(meta.objects, name);
    if (!childMeta) {
      report('unknownObject', name, undefined, { connector });
      continue;
    }
    // Sub-records of an insert are new; of an update they are updates, except the sub-object a POST inserts.
    const childMode: Mode = mode === 'update' && subObject !== undefined && name === subObject ? 'insert' : mode;
    validateObject(childMeta, child, childMode, subObject, connector);
  }
}

/** Objects come as an array of one-key objects or as one object keyed by name; both are read. */
function objectsOf(value: unknown, parent: string): Array<[string, unknown]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => (isObject(item) ? Object.entries(item) : []));
  if (isObject(value)) return Object.entries(value);
  report('missingElement', parent, undefined, { detail: `${parent}.Objects` });
  return [];
}

const INT = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/;
const BOOLEAN_TEXT = new Set(['true', 'false', '1', '0']);

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

function typeFits(field: UpdateField, value: unknown): boolean {
  switch (field.dataType) {
    case 'int':
      return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && INT.test(value));
    case 'decimal':
      return (
        (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && DECIMAL.test(value))
      );
    case 'boolean':
      return (
        typeof value === 'boolean' ||
        value === 0 ||
        value === 1 ||
        (typeof value === 'string' && BOOLEAN_TEXT.has(value))
      );
    case 'date':
      return typeof value === 'string' && validDate(value);
    default:
      // Codes in text fields are often sent as numbers; both mean the same text.
      return typeof value === 'string' || typeof value === 'number';
  }
}

function checkValue(object: string, field: UpdateField, value: unknown): void {
  // null and "" clear a field; whether that is allowed is the mandatory check's business.
  if (value === null || value === '') return;
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (!typeFits(field, value)) {
    report('valueInvalid', object, field.fieldId, { value: shown, type: field.dataType });
    return;
  }
  if (field.notzero && (field.dataType === 'int' || field.dataType === 'decimal') && Number(value) === 0) {
    report('valueZero', object, field.fieldId);
    return;
  }
  if (field.dataType === 'string' && field.length > 0 && shown.length > field.length) {
    report('valueTooLong', object, field.fieldId, { value: shown, length: field.length });
    return;
  }
  if (field.values && !field.values.some((code) => code.id === shown)) {
    report('valueNotInCodeTable', object, field.fieldId, { value: shown });
    return;
  }
}
