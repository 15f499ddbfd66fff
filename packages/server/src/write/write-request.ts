// Parse stage of a write: the body text becomes a WriteRequest value (root object, elements, keys, fields,
// nested objects, @Action). Syntax only: no definitions, no database; every tolerated body form is normalised here.

import { CodedError } from '@appconnector/protocol';
import { locateJsonError } from './json-syntax.ts';

/** One element of an object: `{"@Key": .., "Fields": {..}, "Objects": ..}`. */
export interface RawElement {
  /** Key attributes without their `@`, in body order; `@Action` is not among them. */
  attributes: Map<string, unknown>;
  /** `@Action` from the element or from Fields (both occur in the wild), as sent. */
  action: string | undefined;
  /** Fields in body order, `@Action` removed; values unchecked (the plan types them). */
  fields: Map<string, unknown>;
  objects: RawObject[];
}

/** An object and its elements: `"Name": {"Element": {..} | [..]}`. */
export interface RawObject {
  name: string;
  elements: RawElement[];
}

export interface WriteRequest {
  root: RawObject;
}

type Json = Record<string, unknown>;

/**
 * The deepest tree AFAS documents (FbAssembly in the published catalogue: the root and four levels of `Objects`).
 * Deeper is refused while parsing, before it costs a stack frame per level (and overflows at a few thousand).
 */
export const MAX_OBJECT_DEPTH = 5;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A property by name, any casing (`Element`, `element`, `Fields`, `fields`). */
function property(object: Json, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
  return undefined;
}

function missing(detail: string): never {
  throw new CodedError('missingElement', { detail });
}

function parseElement(value: unknown, where: string, depth: number): RawElement {
  if (!isObject(value)) missing(`${where} must be an object`);
  const attributes = new Map<string, unknown>();
  let action: string | undefined;
  let fields: unknown;
  let objects: unknown;
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower === '@action') action = item === null || item === undefined ? undefined : String(item);
    else if (key.startsWith('@')) attributes.set(key.slice(1), item);
    else if (lower === 'fields') fields = item;
    else if (lower === 'objects') objects = item;
    else missing(`${where} has '${key}': an element holds only @keys, Fields and Objects`);
  }
  const fieldMap = new Map<string, unknown>();
  if (fields !== undefined && fields !== null) {
    if (!isObject(fields)) missing(`${where}.Fields must be an object`);
    for (const [key, item] of Object.entries(fields)) {
      if (key.toLowerCase() === '@action') action = item === null || item === undefined ? action : String(item);
      else fieldMap.set(key, item);
    }
  }
  return { attributes, action, fields: fieldMap, objects: parseObjects(objects, `${where}.Objects`, depth) };
}

/** `depth` counts objects from the root (1). */
function parseObject(name: string, value: unknown, where: string, depth: number): RawObject {
  if (depth > MAX_OBJECT_DEPTH) throw new CodedError('nestedTooDeep', { max: MAX_OBJECT_DEPTH });
  if (!isObject(value)) missing(`${where} must be an object with an Element`);
  const element = property(value, 'Element');
  if (element === undefined || element === null) missing(`${where}.Element`);
  const list = Array.isArray(element) ? element : [element];
  return { name, elements: list.map((item, index) => parseElement(item, `${where}.Element[${index}]`, depth)) };
}

/** `[{"A": {..}}, {"B": {..}}]` (AFAS's examples) or `{"A": {..}, "B": {..}}`: both are tolerated. */
function parseObjects(value: unknown, where: string, parentDepth: number): RawObject[] {
  if (value === undefined || value === null) return [];
  const entries: [string, unknown][] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (!isObject(item)) missing(`${where}[${index}] must be an object keyed by the object name`);
      // One by one: spreading an object of a million names into push() overflows the stack.
      for (const entry of Object.entries(item)) entries.push(entry);
    });
  } else if (isObject(value)) {
    for (const entry of Object.entries(value)) entries.push(entry);
  } else {
    missing(`${where} must be an array or an object`);
  }
  return entries.map(([name, item]) => parseObject(name, item, `${where}.${name}`, parentDepth + 1));
}

/** Parses the JSON text, saying where it broke when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new CodedError('invalidJson', { detail: 'the body is empty' });
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const where = locateJsonError(text);
    const detail = where
      ? `line ${where.line}, column ${where.column} (position ${where.position}): ${where.reason}`
      : (error as Error).message;
    throw new CodedError('invalidJson', { detail });
  }
}

export function parseWriteRequest(body: string | undefined): WriteRequest {
  const json = parseJsonBody(body ?? '');
  if (!isObject(json)) missing('the body must be {"<root object>": {"Element": ...}}');
  const names = Object.keys(json);
  if (names.length !== 1) missing(`the body must have exactly one root object, it has ${names.length}`);
  const name = names[0]!;
  return { root: parseObject(name, json[name], name, 1) };
}
