// DELETE by URL (PROTOCOL.md 5): parses and plans `/connectors/{id}/{Object}/{@A,@B}/{a},{b}[/{Object}/...]`,
// splitting on commas before percent-decoding (an encoded `%2C` stays in its value). No database here.

import { CodedError } from '@appconnector/protocol';
import type { CompiledUpdateConnector, WriteObject } from './compile-update.ts';
import type { DeleteLevel } from './record-delete.ts';
import { coerceValue, type TypedValue } from './write-values.ts';

export interface DeleteTriple {
  object: string;
  names: string[];
  values: string[];
}

export interface DeleteRequest {
  connectorId: string;
  levels: DeleteTriple[];
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new CodedError('notFound');
  }
}

/** Splits the raw path (as sent, query removed) after `/connectors/`; a malformed path is a wrong URL (404). */
export function parseDeletePath(rawUrl: string): DeleteRequest {
  const path = rawUrl.split('?')[0]!;
  const segments = path.split('/').filter((s) => s !== '');
  const at = segments.findIndex((s) => s.toLowerCase() === 'connectors');
  const rest = at === -1 ? [] : segments.slice(at + 1);
  if (rest.length < 4 || (rest.length - 1) % 3 !== 0) throw new CodedError('notFound');
  const levels: DeleteTriple[] = [];
  for (let i = 1; i < rest.length; i += 3) {
    levels.push({
      object: decode(rest[i]!),
      names: rest[i + 1]!.split(',').map((name) => decode(name).trim().replace(/^@/, '')),
      values: rest[i + 2]!.split(',').map(decode),
    });
  }
  return { connectorId: decode(rest[0]!), levels };
}

function find<T>(items: Iterable<[string, T]>, name: string): [string, T] | undefined {
  const list = [...items];
  return list.find(([key]) => key === name) ?? list.find(([key]) => key.toLowerCase() === name.toLowerCase());
}

export function planDelete(connector: CompiledUpdateConnector, request: DeleteRequest): DeleteLevel[] {
  let parent: WriteObject | undefined;
  return request.levels.map((level, index) => {
    const object = parent
      ? find(parent.children, level.object)?.[1]
      : level.object.toLowerCase() === connector.root.name.toLowerCase()
        ? connector.root
        : undefined;
    if (!object) throw new CodedError('unknownObject', { object: level.object, connector: connector.id });
    if (level.names.length !== level.values.length) {
      throw new CodedError('validation', {
        message: `Object '${object.name}': the URL names ${level.names.length} key(s) but gives ${level.values.length} value(s).`,
      });
    }
    const where: Record<string, TypedValue> = {};
    const text: string[] = [];
    level.names.forEach((name, i) => {
      const found = find(object.lookup, name);
      if (!found) throw new CodedError('unknownField', { object: object.name, field: name });
      const [id, { column, dataType }] = found;
      const value = coerceValue(object.name, { fieldId: id, dataType, length: 0 }, level.values[i]);
      where[column] = value;
      text.push(`${id} = ${level.values[i]}`);
    });
    if (index === request.levels.length - 1 && !object.verbs.has('delete'))
      throw new CodedError('validation', { message: `Object '${object.name}': action 'delete' is not allowed.` });
    parent = object;
    return { object, where, text: text.join(', ') };
  });
}
