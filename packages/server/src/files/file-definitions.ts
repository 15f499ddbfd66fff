// Compiles `fileConnectors:` into the sources each file endpoint reads: table, columns and granting connectors
// resolved and checked at start, failing fast with a DefinitionError that names the entry. Builds no SQL.

import { DefinitionError } from '../definitions/load.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import { FILE_ENDPOINTS, type FileConnectorDefinition, type FileEndpoint } from './file-schema.ts';

/** A column the URL's id is compared with; the id is coerced to its type (or matches nothing). */
export interface FileKey {
  column: string;
  type: 'int' | 'string';
}

export interface FileSource {
  endpoint: FileEndpoint;
  table: string;
  keys: readonly FileKey[];
  name: string | undefined;
  mime: string | undefined;
  data: string;
  grantedBy: { get: readonly string[]; update: readonly string[] };
}

export type FileRegistry = Readonly<Record<FileEndpoint, readonly FileSource[]>>;

/** How many ids each endpoint's URL carries (FileConnector's second segment is the name, not a key). */
const KEY_COUNT: Record<FileEndpoint, number> = { subject: 2, file: 1, image: 1 };
const URL_FORM: Record<FileEndpoint, string> = {
  subject: 'SubjectConnector/{subjectId}/{fileId}',
  file: 'FileConnector/{fileId}/{fileName}',
  image: 'ImageConnector/{id}',
};

export interface KnownConnectors {
  getConnectors: ReadonlySet<string>;
  updateConnectors: ReadonlySet<string>;
}

function compileSource(
  definition: FileConnectorDefinition,
  index: number,
  tables: ReadonlyMap<string, TableDefinition>,
  known: KnownConnectors,
): FileSource {
  const at = `fileConnectors[${index}] (${definition.endpoint}, table '${definition.table}')`;
  const fail = (message: string): never => {
    throw new DefinitionError(`${at}: ${message}`);
  };
  const table = tables.get(definition.table) ?? fail(`table '${definition.table}' is not defined`);
  const column = (name: string, role: string, types: readonly string[]) => {
    const found = table.columns.find((c) => c.name === name) ?? fail(`${role} column '${name}' is not in the table`);
    if (!types.includes(found.type))
      fail(`${role} column '${name}' is a ${found.type}; it must be ${types.join(' or ')}`);
    return found;
  };
  const count = KEY_COUNT[definition.endpoint];
  if (definition.keys.length !== count)
    fail(
      `${URL_FORM[definition.endpoint]} needs ${count} key column${count > 1 ? 's' : ''}, not ${definition.keys.length}`,
    );
  const keys = definition.keys.map((name) => {
    const key = column(name, 'key', ['int', 'string']);
    return { column: key.name, type: key.type as FileKey['type'] };
  });
  // Every GET looks the file up by its keys: without an index on them it would read the whole table each time.
  const indexes = [table.primaryKey, ...table.unique, ...table.indexes];
  if (!indexes.some((index) => index.every((name) => definition.keys.includes(name))))
    fail(`no index of '${table.name}' serves the key columns ${definition.keys.join(', ')}: declare one`);
  if (definition.name === undefined && definition.endpoint !== 'image')
    fail(`${URL_FORM[definition.endpoint]} answers a file name: give the name column`);
  if (definition.name !== undefined) column(definition.name, 'name', ['string']);
  if (definition.mime !== undefined) column(definition.mime, 'mime', ['string']);
  column(definition.data, 'data', ['blob']);
  for (const id of definition.grantedBy.get)
    if (!known.getConnectors.has(id)) fail(`grantedBy GetConnector '${id}' is not defined`);
  for (const id of definition.grantedBy.update)
    if (!known.updateConnectors.has(id)) fail(`grantedBy UpdateConnector '${id}' is not defined`);
  return {
    endpoint: definition.endpoint,
    table: table.name,
    keys,
    name: definition.name,
    mime: definition.mime,
    data: definition.data,
    grantedBy: { get: [...definition.grantedBy.get], update: [...definition.grantedBy.update] },
  };
}

/** The sources of every endpoint, in definition order (an endpoint answers from the first source that has the file). */
export function compileFileConnectors(
  definitions: readonly FileConnectorDefinition[],
  tables: ReadonlyMap<string, TableDefinition>,
  known: KnownConnectors,
): FileRegistry {
  const registry: Record<FileEndpoint, FileSource[]> = { subject: [], file: [], image: [] };
  definitions.forEach((definition, index) => {
    registry[definition.endpoint].push(compileSource(definition, index, tables, known));
  });
  for (const endpoint of FILE_ENDPOINTS) Object.freeze(registry[endpoint]);
  return Object.freeze(registry);
}
