// Writes TypeScript types from metainfo: a row interface per GetConnector, payload types per UpdateConnector and verb
// (POST: mandatory fields required; PUT: all optional), code tables as literal unions, the connector id unions and
// the GetConnectors/UpdateConnectors maps AfasClient takes. Must not fetch metainfo or write files: callers do.

import type { DataType, GetMetainfo, UpdateField, UpdateMetainfo, UpdateObjectMetainfo } from '@appconnector/protocol';

export interface TypeSources {
  get?: readonly GetMetainfo[];
  update?: readonly UpdateMetainfo[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Names that cannot name an interface: JS reserved words and TypeScript's own type names. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await any unknown never object string ' +
    'number boolean symbol bigint undefined type as async from of is keyof infer readonly declare module namespace'
  ).split(' '),
);

/** A property key: bare when it is a valid name, quoted otherwise (field ids may hold `-`, spaces, ...). */
function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function doc(text: string, indent: string): string {
  const clean = text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim();
  return clean === '' ? '' : `${indent}/** ${clean} */\n`;
}

/** Hands out unique, valid type names; a second request for the same base gets a number. */
class Names {
  readonly #used = new Set(['GetConnectors', 'UpdateConnectors']);

  take(base: string): string {
    let name = base.replace(/[^A-Za-z0-9_$]/g, '_');
    if (name === '' || /^[0-9]/.test(name)) name = `_${name}`;
    if (RESERVED.has(name)) name = `${name}_`;
    let unique = name;
    for (let n = 2; this.#used.has(unique); n++) unique = `${name}${n}`;
    this.#used.add(unique);
    return unique;
  }
}

function rowType(dataType: DataType): string {
  switch (dataType) {
    case 'int':
    case 'decimal':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      // Dates come as `YYYY-MM-DDTHH:MM:SSZ` strings (Amsterdam time); blobs as base64.
      return 'string';
  }
}

function payloadType(field: UpdateField): string {
  if (field.values && field.values.length > 0) {
    // A code table: its ids as literals. Ids are text in metainfo; AFAS takes numeric codes as numbers too.
    const ids = [...new Set(field.values.map((v) => v.id))];
    const numeric = field.dataType === 'int' || field.dataType === 'decimal';
    const literals = ids.map((id) => JSON.stringify(id));
    if (numeric) literals.push(...ids.filter((id) => /^-?\d+(\.\d+)?$/.test(id)).map((id) => String(Number(id))));
    return literals.join(' | ');
  }
  return rowType(field.dataType);
}

function fieldDoc(field: UpdateField): string {
  const facts = [field.dataType, field.length > 0 ? `length ${field.length}` : '', field.mandatory ? 'mandatory' : ''];
  const codes = field.values?.length
    ? `; codes: ${field.values.map((v) => `${v.id} ${v.description}`).join(', ')}`
    : '';
  return `${field.label} (${facts.filter(Boolean).join(', ')})${codes}`;
}

const ACTION = "'insert' | 'update' | 'delete'";

function getInterface(meta: GetMetainfo, name: string): string {
  const lines = meta.fields.map(
    (field) =>
      `${doc(`${field.label} (${field.dataType})`, '  ')}  ${propertyKey(field.id)}: ${rowType(field.dataType)} | null;`,
  );
  return `${doc(meta.description || meta.name, '')}export interface ${name} {\n${lines.join('\n')}\n}\n`;
}

/**
 * The Fields and Element types of one object and, first, of its nested objects, in both forms: the PUT form (every
 * field optional) and the POST form (`New`: fields metainfo marks mandatory required and not null). Metainfo has one
 * `mandatory` flag, which Profit checks on insert; on update only the keys matter, so PUT requires nothing more.
 * Gives the two Element names.
 */
function updateObject(
  connector: string,
  object: UpdateObjectMetainfo,
  names: Names,
  out: string[],
): { element: string; newElement: string } {
  const children = object.objects.map((child) => ({
    name: child.name,
    ...updateObject(connector, child, names, out),
  }));
  const fieldsName = names.take(`${connector}_${object.name}_Fields`);
  const newFieldsName = names.take(`${connector}_${object.name}_NewFields`);
  const elementName = names.take(`${connector}_${object.name}_Element`);
  const newElementName = names.take(`${connector}_${object.name}_NewElement`);
  const fieldLines = object.fields.map(
    (field) => `${doc(fieldDoc(field), '  ')}  ${propertyKey(field.fieldId)}?: ${payloadType(field)} | null;`,
  );
  out.push(`export interface ${fieldsName} {\n${[...fieldLines, `  '@Action'?: ${ACTION};`].join('\n')}\n}\n`);
  const mandatory = object.fields.filter((field) => field.mandatory && !field.primaryKey);
  const required = mandatory.map((field) => `${propertyKey(field.fieldId)}: ${payloadType(field)}`);
  out.push(
    `/** ${object.name} on insert: the mandatory fields required. */\n` +
      `export type ${newFieldsName} = ${fieldsName}${required.length > 0 ? ` & { ${required.join('; ')} }` : ''};\n`,
  );
  const keyLines = object.fields
    .filter((field) => field.primaryKey)
    .map((field) => `  ${JSON.stringify(`@${field.fieldId}`)}?: ${payloadType(field)};`);
  const elementOf = (name: string, fields: string, fieldsRequired: boolean, child: 'element' | 'newElement') => {
    const lines = [...keyLines, `  '@Action'?: ${ACTION};`, `  Fields${fieldsRequired ? '' : '?'}: ${fields};`];
    if (children.length > 0) {
      const member = (c: (typeof children)[number]) => `{ Element: ${c[child]} | ${c[child]}[] }`;
      const asList = children.map((c) => `{ ${propertyKey(c.name)}: ${member(c)} }`).join(' | ');
      const asObject = children.map((c) => `${propertyKey(c.name)}?: ${member(c)}`).join('; ');
      lines.push(`  Objects?: Array<${asList}> | { ${asObject} };`);
    }
    out.push(`export interface ${name} {\n${lines.join('\n')}\n}\n`);
  };
  elementOf(elementName, fieldsName, false, 'element');
  elementOf(newElementName, newFieldsName, required.length > 0, 'newElement');
  return { element: elementName, newElement: newElementName };
}

/** A connector id twice would declare one map member twice, with different types. */
function once<T>(list: readonly T[], id: (item: T) => string, kind: string): void {
  const seen = new Set<string>();
  for (const item of list) {
    if (seen.has(id(item))) throw new TypeError(`${kind} '${id(item)}' is given twice`);
    seen.add(id(item));
  }
}

/** TypeScript source declaring the connectors' types; compile it with the rest of the program. */
export function generateTypes(sources: TypeSources): string {
  const names = new Names();
  const out: string[] = [
    '// Generated by @appconnector/client generateTypes() from metainfo. Do not edit: generate it again.\n',
  ];
  const getMap: string[] = [];
  once(sources.get ?? [], (meta) => meta.name, 'GetConnector');
  once(sources.update ?? [], (meta) => meta.id || meta.name, 'UpdateConnector');
  for (const meta of sources.get ?? []) {
    const name = names.take(meta.name);
    out.push(getInterface(meta, name));
    getMap.push(`  ${propertyKey(meta.name)}: ${name};`);
  }
  const updateMap: string[] = [];
  for (const meta of sources.update ?? []) {
    const connector = meta.id || meta.name;
    const { element, newElement } = updateObject(connector, meta, names, out);
    const payloadName = names.take(`${connector}Payload`);
    const updateName = names.take(`${connector}UpdatePayload`);
    const root = propertyKey(meta.name);
    out.push(
      `${doc(`${meta.description ?? connector}: POST (insert), mandatory fields required`, '')}export interface ${payloadName} {\n` +
        `  ${root}: { Element: ${newElement} | ${newElement}[] };\n}\n`,
    );
    out.push(
      `${doc(`${meta.description ?? connector}: PUT (update), keys and the fields to change`, '')}export interface ${updateName} {\n` +
        `  ${root}: { Element: ${element} | ${element}[] };\n}\n`,
    );
    updateMap.push(`  ${propertyKey(connector)}: { insert: ${payloadName}; update: ${updateName} };`);
  }
  out.push(`export interface GetConnectors {\n${getMap.join('\n')}\n}\n`);
  out.push(`export interface UpdateConnectors {\n${updateMap.join('\n')}\n}\n`);
  const union = (list: readonly string[]) =>
    list.length === 0 ? 'never' : list.map((id) => JSON.stringify(id)).join(' | ');
  out.push(`export type GetConnectorId = ${union((sources.get ?? []).map((m) => m.name))};\n`);
  out.push(`export type UpdateConnectorId = ${union((sources.update ?? []).map((m) => m.id || m.name))};\n`);
  return out.join('\n');
}
