// Request bodies built from the published catalogue for the generated UpdateConnectors: values of each field's type
// (code-table ids where there is a table), the fields an insert must send, and the rows they should leave.

import {
  type CatalogueConnector,
  type CatalogueField,
  readCatalogueUpdateConnectors,
} from '../../src/catalogue/catalogue-files.ts';
import { FILLED_BY_PROFIT } from '../../src/catalogue/generate-update.ts';
import { catalogueColumnName } from '../../src/catalogue/storage-names.ts';
import type { Registry } from '../../src/definitions/registry.ts';
import type { WriteObject } from '../../src/write/compile-update.ts';

export interface GeneratedConnector {
  catalogue: CatalogueConnector;
  id: string;
  root: WriteObject;
}

/** The catalogue connectors the registry serves from generated definitions (their tables start with `g_`). */
export function generatedConnectors(registry: Registry): GeneratedConnector[] {
  return readCatalogueUpdateConnectors().flatMap((catalogue) => {
    const connector = registry.updateConnectors.get(catalogue.id);
    if (!connector?.root.table.name.startsWith('g_')) return [];
    return [{ catalogue, id: catalogue.id, root: connector.root }];
  });
}

/** The catalogue's field of an object by path. */
export function catalogueFields(connector: CatalogueConnector, path: string): CatalogueField[] {
  let object = connector.tree;
  for (const name of path.split('/').slice(1)) object = object.objects.find((o) => o.name === name)!;
  return object.fields;
}

function decimalsOf(field: CatalogueField): number {
  return field.multipleOf === undefined ? 6 : Math.round(-Math.log10(field.multipleOf));
}

/** A valid value of a field; `n` varies it (text and numbers differ per n, so keys do not meet). */
export function validValue(field: CatalogueField, n: number): string | number | boolean {
  if (field.values && field.values.length > 0) return field.values[n % field.values.length]!.id;
  switch (field.dataType) {
    case 'string': {
      const length = field.length ?? 20;
      return `T${n.toString(36)}`.slice(-length);
    }
    case 'int':
      return (n % 100_000) + 1;
    case 'decimal':
      return decimalsOf(field) >= 2 ? (n % 1000) + 0.25 : (n % 1000) + 1;
    case 'date':
      return `2025-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
    case 'boolean':
      return n % 2 === 0;
    case 'blob':
      return Buffer.from(`file ${n}`).toString('base64');
  }
}

/** The same value as Profit's irregular bodies send it: numbers and booleans as strings, booleans as 0/1. */
export function lenientForm(value: string | number | boolean, n: number): unknown {
  if (typeof value === 'boolean') return [value, value ? '1' : '0', value ? 1 : 0, String(value)][n % 4];
  if (typeof value === 'number') return n % 2 === 0 ? value : String(value);
  return value;
}

/** Whether a POST must send the field (as the catalogue says, less what Profit numbers or fills itself). */
export function requiredOnPost(object: WriteObject, field: CatalogueField): boolean {
  const key = object.keys.find((k) => k.attribute === field.fieldId);
  if (key) return key.generate === 'client' && object.byId.get(field.fieldId)?.defaultValue === undefined;
  // A required boolean is stored as false when left out.
  return field.mandatory && !FILLED_BY_PROFIT.has(field.fieldId) && field.dataType !== 'boolean';
}

export interface BuiltElement {
  Fields: Record<string, unknown>;
  Objects?: Record<string, { Element: BuiltElement[] }>;
}

export interface BodyOptions {
  /** Fields to send besides the required ones (by object path), e.g. a DELETE template's. */
  extra?: Record<string, string[]>;
  /** Also one record of every nested object (else the root alone). */
  nested?: boolean;
  /** Per field: send it or not, beyond the required ones (the property test's random choice). */
  optional?: (path: string, field: CatalogueField) => boolean;
  /** Per value: Profit's lenient forms. */
  lenient?: boolean;
}

/** A body of one element per object: required fields (and the chosen others) with valid values. */
export function buildElement(
  connector: CatalogueConnector,
  object: WriteObject,
  n: number,
  options: BodyOptions = {},
): BuiltElement {
  const fields: Record<string, unknown> = {};
  const extra = new Set(options.extra?.[object.path] ?? []);
  for (const [i, field] of catalogueFields(connector, object.path).entries()) {
    const send = requiredOnPost(object, field) || extra.has(field.fieldId) || options.optional?.(object.path, field);
    if (!send) continue;
    const value = validValue(field, n + i);
    fields[field.fieldId] = options.lenient ? lenientForm(value, n + i) : value;
  }
  const element: BuiltElement = { Fields: fields };
  if (options.nested && object.objects.length > 0) {
    element.Objects = Object.fromEntries(
      object.objects.map((child) => [child.name, { Element: [buildElement(connector, child, n + 7, options)] }]),
    );
  }
  return element;
}

export function body(root: WriteObject, element: BuiltElement): Record<string, { Element: BuiltElement }> {
  return { [root.name]: { Element: element } };
}

/** The stored form of a sent value, for comparing with a row read back. */
export function storedForm(field: CatalogueField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.dataType) {
    case 'int':
    case 'decimal':
      return Number(value);
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 'true';
    case 'date':
      return String(value).slice(0, 10);
    case 'blob':
      return Buffer.from(String(value), 'base64').toString('base64');
    default:
      return String(value);
  }
}

/** A stored column value in the same form. */
export function readForm(field: CatalogueField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.dataType) {
    case 'int':
    case 'decimal':
      return Number(value);
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'date':
      return (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return String(value);
  }
}

export function columnOf(field: CatalogueField): string {
  return catalogueColumnName(field.fieldId);
}

/** Every object of a tree, depth first. */
export function objectsOf(root: WriteObject): WriteObject[] {
  return [root, ...root.objects.flatMap(objectsOf)];
}
