// The composer's form values as an UpdateConnector body, and the client SDK's validation of it by field. Pure: no
// DOM, no calls. Values are typed from metainfo (numbers and booleans as JSON values) when they read as such, and
// left as text otherwise, so that the validation, not the composer, says what is wrong.

import { PayloadValidationError, validatePayload } from '@appconnector/client';
import type { UpdateField, UpdateMetainfo, UpdateObjectMetainfo } from '@appconnector/protocol';

/** One record of the form: field values as typed, and nested objects (included or not). */
export interface RecordForm {
  values: Record<string, string>;
  objects: Record<string, RecordForm | undefined>;
}

export const emptyRecord = (): RecordForm => ({ values: {}, objects: {} });

function typed(field: UpdateField, text: string): unknown {
  if (field.dataType === 'int' && /^-?\d+$/.test(text)) return Number(text);
  if (field.dataType === 'decimal' && /^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return Number(text);
  if (field.dataType === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function element(meta: UpdateObjectMetainfo, form: RecordForm): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of meta.fields) {
    const text = form.values[field.fieldId];
    if (text !== undefined && text !== '') fields[field.fieldId] = typed(field, text);
  }
  const out: Record<string, unknown> = { Fields: fields };
  const objects = meta.objects.flatMap((child) => {
    const record = form.objects[child.name];
    return record ? [{ [child.name]: { Element: element(child, record) } }] : [];
  });
  if (objects.length) out.Objects = objects;
  return out;
}

export function composeBody(meta: UpdateMetainfo, form: RecordForm): Record<string, unknown> {
  return { [meta.name]: { Element: element(meta, form) } };
}

export interface Problem {
  object: string;
  field: string | undefined;
  message: string;
}

/** Every problem the SDK finds before sending (types, lengths, mandatory fields, code tables). */
export function problemsOf(meta: UpdateMetainfo, body: unknown, verb: 'post' | 'put'): Problem[] {
  try {
    validatePayload(meta, body, { mode: verb === 'post' ? 'insert' : 'update' });
    return [];
  } catch (error) {
    if (!(error instanceof PayloadValidationError)) throw error;
    return error.problems.map((p) => ({ object: p.object, field: p.field, message: p.message }));
  }
}
