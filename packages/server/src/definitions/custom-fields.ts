// Custom ("free") fields and copies of definition sets, for the CLI: adds a `U` + 32 hex field to a table, its
// collections, chosen GetConnectors and UpdateConnector objects by editing the YAML files (comments kept), and
// checks the result compiles. Must not touch the built-in demo directory or any database.

import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import type { DataType } from '@appconnector/protocol';
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { servedDefinitions } from '../catalogue/catalogue-definitions.ts';
import { postgresDialect } from '../db/dialect.ts';
import { compileDefinitions } from './compile.ts';
import { DEMO_DEFINITIONS, DefinitionError, loadDefinitions } from './load.ts';
import { yamlDocuments } from './yaml-documents.ts';

export interface AddCustomFieldOptions {
  /** The definitions directory to change (a copy, never the built-in demo). */
  dir: string;
  /** A table name, or the id of a collection (whose base table gets the column). */
  object: string;
  label: string;
  /** The Dutch label; the label when absent. */
  labelNl?: string;
  type: DataType;
  length?: number;
  decimals?: number;
  /** GetConnectors that show the field (its row key is the field id). */
  get?: string[];
  /** UpdateConnector objects that accept it, as `Connector/Object/...` paths (`KnEmployee/AfasEmployee`). */
  update?: string[];
  /** False: the set is not compiled before and after the edit, because the caller compiles the result (an import). */
  check?: boolean;
}

export interface AddedCustomField {
  fieldId: string;
  table: string;
  column: string;
  collections: string[];
  getConnectors: string[];
  updateObjects: string[];
  /** Files changed, relative to the directory. */
  files: string[];
}

interface Source {
  file: string;
  text: string;
  doc: Document;
}

function sameDirectory(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const x = real(a);
  const y = real(b);
  return x === y || x.startsWith(`${y}/`);
}

/** Refuses the built-in demo definitions: they ship with the server and are rebuilt from it. */
export function assertEditable(dir: string): void {
  if (sameDirectory(dir, DEMO_DEFINITIONS)) {
    throw new DefinitionError(
      'the built-in demo definitions cannot be changed: copy them with `appconnector definitions export --out <dir>` and pass --config <dir>',
    );
  }
  if (!existsSync(dir)) throw new DefinitionError(`definitions directory ${dir} does not exist`);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => ['.yaml', '.yml'].includes(extname(f)) && !f.endsWith('appconnector.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

function seq(doc: Document, path: (string | number)[]): YAMLSeq | undefined {
  const node = doc.getIn(path, true);
  return yamlDocuments().isSeq(node) ? node : undefined;
}

function findIn(sources: Source[], list: string, key: string, value: string) {
  for (const source of sources) {
    const items = seq(source.doc, [list])?.items ?? [];
    const index = items.findIndex((item) => yamlDocuments().isMap(item) && item.get(key) === value);
    if (index !== -1) return { source, node: items[index] as YAMLMap };
  }
  return undefined;
}

/** One item in flow style (`{ name: x, type: int }`), the way the definition files write list items. */
function flowText(value: Record<string, unknown>): string {
  const doc = new (yamlDocuments().Document)(value);
  (doc.contents as YAMLMap).flow = true;
  return doc.toString({ lineWidth: 0 }).trim();
}

/**
 * Appends an item to a block list by inserting one line of text after its last item, so every other byte of the
 * file (comments, layout) stays as it was. Edits are applied at the end, from the last offset back.
 */
function appendItem(source: Source, edits: Edit[], target: YAMLMap, key: string, value: Record<string, unknown>): void {
  const list: unknown = target.get(key, true);
  const last =
    yamlDocuments().isSeq(list) && !list.flow
      ? (list.items.at(-1) as { range?: [number, number, number] } | undefined)
      : undefined;
  if (!last?.range) throw new DefinitionError(`${source.file}: '${key}' is not a block list this command can extend`);
  const lineStart = source.text.lastIndexOf('\n', last.range[0]) + 1;
  const indent = source.text.slice(lineStart, last.range[0]).replace(/-\s*$/, '');
  const lineEnd = source.text.indexOf('\n', last.range[1]);
  const at = lineEnd === -1 ? source.text.length : lineEnd;
  edits.push({ source, offset: at, text: `\n${indent}- ${flowText(value)}` });
}

interface Edit {
  source: Source;
  offset: number;
  text: string;
}

/** A new custom field id: `U` and 32 upper-case hex characters, as Profit makes them. */
export function newCustomFieldId(): string {
  return `U${randomBytes(16).toString('hex').toUpperCase()}`;
}

export function addCustomField(options: AddCustomFieldOptions): AddedCustomField {
  assertEditable(options.dir);
  const check = options.check ?? true;
  // The set must compile before it is changed, so that a failure afterwards is this change's.
  if (check) compileDefinitions(servedDefinitions(loadDefinitions(options.dir)), postgresDialect);
  const sources: Source[] = yamlFiles(options.dir).map((file) => {
    const text = readFileSync(file, 'utf8');
    return { file, text, doc: yamlDocuments().parseDocument(text) };
  });
  const edits: Edit[] = [];

  const collection = findIn(sources, 'collections', 'id', options.object);
  const tableName = collection ? String(collection.node.getIn(['from', 'table'])) : options.object;
  const table = findIn(sources, 'tables', 'name', tableName);
  if (!table) throw new DefinitionError(`no table or collection named '${options.object}' in ${options.dir}`);

  const fieldId = newCustomFieldId();
  const column = `u_${fieldId.slice(1).toLowerCase()}`;
  const sizes = {
    ...(options.type === 'string' && options.length ? { length: options.length } : {}),
    ...(options.type === 'decimal' ? { decimals: options.decimals ?? 2 } : {}),
  };
  const label = { en: options.label, nl: options.labelNl ?? options.label };
  appendItem(table.source, edits, table.node, 'columns', { name: column, type: options.type, ...sizes });

  // The field joins the named collection, or every collection read from the table.
  const collections = collection
    ? [collection]
    : sources.flatMap((source) =>
        (seq(source.doc, ['collections'])?.items ?? [])
          .filter((item): item is YAMLMap => yamlDocuments().isMap(item) && item.getIn(['from', 'table']) === tableName)
          .map((node) => ({ source, node })),
      );
  for (const { source, node } of collections) {
    const alias = String(node.getIn(['from', 'as']));
    appendItem(source, edits, node, 'fields', {
      fieldId,
      column: `${alias}.${column}`,
      dataType: options.type,
      ...sizes,
      label,
    });
  }
  const collectionIds = collections.map(({ node }) => String(node.get('id')));

  for (const id of options.get ?? []) {
    const connector = findIn(sources, 'getConnectors', 'id', id);
    if (!connector) throw new DefinitionError(`GetConnector '${id}' is not defined in ${options.dir}`);
    if (!collectionIds.includes(String(connector.node.get('collection'))))
      throw new DefinitionError(
        `GetConnector '${id}' reads collection '${connector.node.get('collection')}', which does not get the field`,
      );
    appendItem(connector.source, edits, connector.node, 'fields', { id: fieldId, fieldId });
  }

  for (const path of options.update ?? []) {
    const [connectorId, rootName, ...rest] = path.split('/');
    const connector = connectorId ? findIn(sources, 'updateConnectors', 'id', connectorId) : undefined;
    if (!connector) throw new DefinitionError(`UpdateConnector '${connectorId}' is not defined in ${options.dir}`);
    let object = connector.node.get('rootObject', true) as YAMLMap | undefined;
    if (!object || (rootName !== undefined && object.get('name') !== rootName))
      throw new DefinitionError(`UpdateConnector '${connectorId}' has no root object '${rootName}'`);
    for (const name of rest) {
      const child: unknown = (object.get('objects', true) as YAMLSeq | undefined)?.items.find(
        (item) => yamlDocuments().isMap(item) && item.get('name') === name,
      );
      if (!yamlDocuments().isMap(child))
        throw new DefinitionError(`UpdateConnector '${connectorId}' has no object '${path}'`);
      object = child as YAMLMap;
    }
    if (object.get('table') !== tableName)
      throw new DefinitionError(`object '${path}' writes table '${object.get('table')}', not '${tableName}'`);
    appendItem(connector.source, edits, object, 'fields', { fieldId, column, dataType: options.type, ...sizes, label });
  }

  const changed = [...new Set(edits.map((e) => e.source))];
  for (const source of changed) {
    let text = source.text;
    for (const edit of edits.filter((e) => e.source === source).sort((a, b) => b.offset - a.offset))
      text = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
    writeFileSync(source.file, text);
  }
  try {
    if (check) compileDefinitions(servedDefinitions(loadDefinitions(options.dir)), postgresDialect);
  } catch (error) {
    for (const source of changed) writeFileSync(source.file, source.text);
    throw error;
  }
  return {
    fieldId,
    table: tableName,
    column,
    collections: collectionIds,
    getConnectors: options.get ?? [],
    updateObjects: options.update ?? [],
    files: changed.map((s) => relative(options.dir, s.file)),
  };
}

/** Copies a definitions directory (the built-in demo by default) to a new one, so it can be changed. */
export function exportDefinitions(from: string, out: string, force = false): string[] {
  if (existsSync(out) && readdirSync(out).length > 0 && !force)
    throw new DefinitionError(`${out} is not empty (pass --force to overwrite)`);
  mkdirSync(out, { recursive: true });
  cpSync(from, out, { recursive: true });
  return readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) =>
    ['.yaml', '.yml', '.json'].includes(extname(f)),
  );
}
