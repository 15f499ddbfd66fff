// Definitions per environment: an environment's own definition files (system table environment_definitions, hash
// on its environments row), its compiled registry, and import (validated, planned, all or nothing), export, copy
// and blocking. Used by the CLI and by `env copy`; the running server switches through http/context.ts.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix } from 'node:path';
import type { YAMLMap } from 'yaml';
import type { Runtime } from '../boot.ts';
import { servedDefinitions } from '../catalogue/catalogue-definitions.ts';
import type { Database } from '../db/database.ts';
import { createEnvironmentTables } from '../db/environment-tables.ts';
import { type AddCustomFieldOptions, type AddedCustomField, addCustomField } from '../definitions/custom-fields.ts';
import {
  DefinitionError,
  type DefinitionFile,
  isDefinitionFileName,
  parseDefinitionFiles,
  readDefinitionFiles,
} from '../definitions/load.ts';
import type { Registry } from '../definitions/registry.ts';
import { definitionsHash } from '../definitions/registry-cache.ts';
import { yamlDocuments } from '../definitions/yaml-documents.ts';
import { changeLines, type DefinitionChange, definitionChanges, storageConflicts } from './definition-changes.ts';
import { AdminError, refillGetConnectorList } from './environments.ts';
import { didYouMean, suggestionsFor } from './stored-records.ts';

export type { DefinitionFile } from '../definitions/load.ts';
export type { DefinitionChange } from './definition-changes.ts';

/** What an import would change (or changed), for the CLI to print. */
export interface DefinitionImportPlan {
  environment: string;
  /** The content hash of the imported files. */
  hash: string;
  /** The imported files' names, in order. */
  files: string[];
  changes: DefinitionChange[];
  /** One readable line per change (`+ GetConnector X`, `~ table y: column 'z' added`). */
  lines: string[];
  /** What the plan could not see (the environment's stored set does not compile). */
  warnings: string[];
  /** False for a dry run. */
  applied: boolean;
}

export interface ImportOptions {
  /** Validate and plan only: nothing is stored. */
  dryRun?: boolean;
}

function system(db: Database) {
  return db.kysely.withSchema(db.systemSchema);
}

async function requireEnvironment(db: Database, environment: string): Promise<{ definitions_hash: string | null }> {
  const row = await system(db)
    .selectFrom('environments')
    .select('definitions_hash')
    .where('name', '=', environment)
    .executeTakeFirst();
  if (!row) throw new AdminError(`environment ${environment} does not exist`, 'notFound');
  return row as { definitions_hash: string | null };
}

/** An environment's own definition files in name order; undefined when it serves the server's definitions. */
export async function environmentDefinitionFiles(
  db: Database,
  environment: string,
): Promise<DefinitionFile[] | undefined> {
  const rows = await system(db)
    .selectFrom('environment_definitions')
    .select(['file', 'content'])
    .where('environment', '=', environment)
    .orderBy('file')
    .execute();
  if (rows.length === 0) return undefined;
  return rows.map((row) => ({ name: String(row.file), text: String(row.content) }));
}

/** The server's own definition files (its --config directory, or the demo company). */
export function serverDefinitionFiles(runtime: Runtime): DefinitionFile[] {
  return readDefinitionFiles(runtime.definitionsDir);
}

/** Compiles files with the runtime's choices, through the cache (a set is compiled once per hash). */
export function registryForFiles(runtime: Runtime, files: readonly DefinitionFile[], hash?: string): Registry {
  return runtime.registries.get(files, hash);
}

/** The registry an environment serves: its own set's, else the server's. */
export async function registryForEnvironment(runtime: Runtime, environment: string): Promise<Registry> {
  const files = await environmentDefinitionFiles(runtime.db, environment);
  return files ? registryForFiles(runtime, files) : runtime.registry;
}

/** Names relative with `/`, inside the set (no `..`, not absolute), of a definition type, each once. */
function normalised(files: readonly DefinitionFile[]): DefinitionFile[] {
  if (files.length === 0) throw new DefinitionError('no definition files (*.yaml, *.json) to import');
  const seen = new Set<string>();
  return files
    .map(({ name, text }) => {
      const clean = posix.normalize(name.replaceAll('\\', '/')).replace(/^\.\//, '');
      if (isAbsolute(name) || clean.startsWith('../') || clean === '..' || clean === '' || clean.startsWith('/'))
        throw new DefinitionError(`${name}: a definition file name must be relative, inside its set`);
      if (!isDefinitionFileName(clean)) throw new DefinitionError(`${name}: not a definition file (*.yaml, *.json)`);
      if (seen.has(clean)) throw new DefinitionError(`${clean}: given twice`);
      seen.add(clean);
      return { name: clean, text };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface Compared {
  files: DefinitionFile[];
  hash: string;
  registry: Registry;
  changes: DefinitionChange[];
  warnings: string[];
}

async function compare(runtime: Runtime, environment: string, given: readonly DefinitionFile[]): Promise<Compared> {
  await requireEnvironment(runtime.db, environment);
  const files = normalised(given);
  const hash = definitionsHash(files);
  const refused = (message: string) => new DefinitionError(`definitions for ${environment} refused: ${message}`);
  let registry: Registry;
  try {
    registry = registryForFiles(runtime, files, hash);
  } catch (error) {
    if (error instanceof DefinitionError) throw refused(error.message);
    throw error;
  }
  const served = (set: readonly DefinitionFile[]) => servedDefinitions(parseDefinitionFiles(set), runtime.catalogue);
  let current = await environmentDefinitionFiles(runtime.db, environment);
  const warnings: string[] = [];
  let before = runtime.registry;
  if (current) {
    try {
      before = registryForFiles(runtime, current);
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      // A stored set that no longer compiles (a newer server, a hand-edited row) can still be replaced.
      warnings.push(`the stored set does not compile (${error.message}); changes are shown against the server's set`);
      current = undefined;
    }
  }
  const conflicts = storageConflicts(before, registry);
  if (conflicts.length > 0) throw refused(conflicts.join('; '));
  const changes = definitionChanges(
    { set: served(current ?? serverDefinitionFiles(runtime)), registry: before },
    { set: served(files), registry },
  );
  warnings.push(...(await linkedButRemoved(runtime.db, environment, changes)));
  return { files, hash, registry, changes, warnings };
}

/** Connectors the set removes that App Connectors of the environment are still linked to (their calls will fail). */
async function linkedButRemoved(db: Database, environment: string, changes: DefinitionChange[]): Promise<string[]> {
  const kinds = { GetConnector: 'get', UpdateConnector: 'update' } as const;
  const removed = changes.filter(
    (c): c is DefinitionChange & { kind: keyof typeof kinds } => c.change === 'removed' && c.kind in kinds,
  );
  if (removed.length === 0) return [];
  const links = await system(db)
    .selectFrom('app_connector_links as l')
    .innerJoin('app_connectors as a', 'a.id', 'l.app_connector_id')
    .select(['a.name', 'l.kind', 'l.connector_id'])
    .where('a.environment', '=', environment)
    .where(
      'l.connector_id',
      'in',
      removed.map((c) => c.id),
    )
    .orderBy('l.connector_id')
    .orderBy('a.name')
    .execute();
  return removed.flatMap((change) => {
    const names = links
      .filter((l) => l.connector_id === change.id && l.kind === kinds[change.kind])
      .map((l) => `'${l.name}'`);
    return names.length === 0
      ? []
      : [
          `${change.kind} ${change.id} is removed but linked to App Connector ${names.join(', ')}: its calls will be refused`,
        ];
  });
}

function planOf(environment: string, compared: Compared, applied: boolean): DefinitionImportPlan {
  return {
    environment,
    hash: compared.hash,
    files: compared.files.map((f) => f.name),
    changes: compared.changes,
    lines: changeLines(compared.changes),
    warnings: compared.warnings,
    applied,
  };
}

/**
 * Replaces an environment's definitions by these files, all or nothing: validated first, then its new tables and
 * columns made (additive: the old set ignores them), then the files and the hash in one transaction, then the
 * GetConnector list refilled. A failure before the commit leaves the old set in place. Running servers switch at
 * their next environment refresh.
 */
export async function importEnvironmentDefinitions(
  runtime: Runtime,
  environment: string,
  files: readonly DefinitionFile[],
  options: ImportOptions = {},
): Promise<DefinitionImportPlan> {
  const compared = await compare(runtime, environment, files);
  if (options.dryRun) return planOf(environment, compared, false);
  const { db } = runtime;
  await createEnvironmentTables(db, environment, compared.registry.tables.values());
  await db.kysely.transaction().execute(async (trx) => {
    const sys = trx.withSchema(db.systemSchema);
    await sys.deleteFrom('environment_definitions').where('environment', '=', environment).execute();
    for (const file of compared.files)
      await sys
        .insertInto('environment_definitions')
        .values({ environment, file: file.name, content: file.text })
        .execute();
    await sys
      .updateTable('environments')
      .set({ definitions_hash: compared.hash })
      .where('name', '=', environment)
      .execute();
  });
  await refillGetConnectorList(db, compared.registry, environment);
  return planOf(environment, compared, true);
}

/**
 * Makes an environment serve the server's own definitions again (its files removed). Tables and columns only its
 * own set had stay, with their data, as after any import.
 */
export async function resetEnvironmentDefinitions(runtime: Runtime, environment: string): Promise<void> {
  await requireEnvironment(runtime.db, environment);
  const { db } = runtime;
  await createEnvironmentTables(db, environment, runtime.registry.tables.values());
  await db.kysely.transaction().execute(async (trx) => {
    const sys = trx.withSchema(db.systemSchema);
    await sys.deleteFrom('environment_definitions').where('environment', '=', environment).execute();
    await sys.updateTable('environments').set({ definitions_hash: null }).where('name', '=', environment).execute();
  });
  await refillGetConnectorList(db, runtime.registry, environment);
}

export interface ExportedDefinitions {
  files: string[];
  /** False when the environment has no set of its own and the server's was written. */
  own: boolean;
}

/**
 * Writes an environment's definition files (its own, or a copy of the server's) to a directory. A directory that
 * is not empty is refused unless `force`; then definition files not in the set are removed too (other files stay),
 * so that importing the directory gives exactly this set.
 */
export async function exportEnvironmentDefinitions(
  runtime: Runtime,
  environment: string,
  outDir: string,
  force = false,
): Promise<ExportedDefinitions> {
  await requireEnvironment(runtime.db, environment);
  const own = await environmentDefinitionFiles(runtime.db, environment);
  const files = own ?? serverDefinitionFiles(runtime);
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    if (!force) throw new DefinitionError(`${outDir} is not empty (pass --force to overwrite)`);
    const names = new Set(files.map((f) => f.name));
    for (const entry of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
      const name = entry.split(/[\\/]/).join('/');
      if (isDefinitionFileName(name) && !names.has(name) && !name.split('/').some((part) => part.startsWith('.')))
        rmSync(join(outDir, entry), { force: true });
    }
  }
  for (const file of files) {
    const path = join(outDir, ...file.name.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  return { files: files.map((f) => f.name), own: own !== undefined };
}

/**
 * Gives environment `to` the definitions of `from` (its own files, or none: the server's), in one transaction.
 * Both must exist; `to`'s tables are not touched (`env copy` made them with `from`'s registry, and a running server
 * prepares them when it sees the new hash).
 */
export async function copyEnvironmentDefinitions(db: Database, from: string, to: string): Promise<void> {
  const source = await requireEnvironment(db, from);
  await requireEnvironment(db, to);
  await db.kysely.transaction().execute(async (trx) => {
    const sys = trx.withSchema(db.systemSchema);
    const rows = await sys
      .selectFrom('environment_definitions')
      .select(['file', 'content'])
      .where('environment', '=', from)
      .orderBy('file')
      .execute();
    await sys.deleteFrom('environment_definitions').where('environment', '=', to).execute();
    for (const row of rows)
      await sys
        .insertInto('environment_definitions')
        .values({ environment: to, file: row.file, content: row.content })
        .execute();
    await sys
      .updateTable('environments')
      .set({ definitions_hash: rows.length > 0 ? source.definitions_hash : null })
      .where('name', '=', to)
      .execute();
  });
}

/** The file that lists blocked GetConnectors not written in any file (generated from the catalogue). */
export const BLOCKED_FILE = 'blocked.yaml';

/**
 * The file's text with the GetConnector's `blocked` set, every other byte as it was (a diff of one line under
 * version control): the value replaced where the key is, else a line `blocked: true` after the `id` line.
 * Undefined for a flow-style item, which the caller re-renders.
 */
function blockedInText(text: string, item: YAMLMap, blocked: boolean): string | undefined {
  const { isScalar } = yamlDocuments();
  const keyed = (name: string) => item.items.find((pair) => isScalar(pair.key) && pair.key.value === name);
  const existing = keyed('blocked');
  if (existing && isScalar(existing.value) && existing.value.range) {
    const [start, end] = existing.value.range;
    return `${text.slice(0, start)}${blocked}${text.slice(end)}`;
  }
  if (!blocked) return text;
  const id = keyed('id');
  if (item.flow || !id || !isScalar(id.key) || !id.key.range || !isScalar(id.value) || !id.value.range)
    return undefined;
  const column = id.key.range[0] - (text.lastIndexOf('\n', id.key.range[0]) + 1);
  const lineEnd = text.indexOf('\n', id.value.range[1]);
  const at = lineEnd === -1 ? text.length : lineEnd;
  return `${text.slice(0, at)}\n${' '.repeat(column)}blocked: true${text.slice(at)}`;
}

/** Sets `blocked` on a GetConnector written in one of the files; undefined when none has it. */
function editWritten(files: DefinitionFile[], id: string, blocked: boolean): DefinitionFile[] | undefined {
  const { isMap, isSeq, parseDocument } = yamlDocuments();
  for (const [index, file] of files.entries()) {
    let text: string | undefined;
    if (file.name.endsWith('.json')) {
      const data = JSON.parse(file.text) as { getConnectors?: { id: string; blocked?: boolean }[] };
      const connector = data.getConnectors?.find((c) => c.id === id);
      if (!connector) continue;
      if (blocked) connector.blocked = true;
      else delete connector.blocked;
      text = `${JSON.stringify(data, null, 2)}\n`;
    } else {
      const doc = parseDocument(file.text);
      const list = doc.get('getConnectors', true);
      const item = isSeq(list) ? list.items.find((i) => isMap(i) && i.get('id') === id) : undefined;
      if (!item) continue;
      text = blockedInText(file.text, item as YAMLMap, blocked);
      if (text === undefined) {
        (item as YAMLMap).set('blocked', blocked);
        text = doc.toString({ lineWidth: 0 });
      }
    }
    return files.map((f, i) => (i === index ? { name: f.name, text } : f));
  }
  return undefined;
}

/** Adds or removes a GetConnector in the `blockedGetConnectors:` list of blocked.yaml (catalogue connectors). */
function editBlockedList(files: DefinitionFile[], id: string, blocked: boolean): DefinitionFile[] {
  const existing = files.find((f) => f.name === BLOCKED_FILE);
  const doc = yamlDocuments().parseDocument(
    existing?.text ?? '# GetConnectors generated from the catalogue that are blocked\n',
  );
  const list = new Set((doc.get('blockedGetConnectors') as { toJSON(): string[] } | undefined)?.toJSON() ?? []);
  if (blocked) list.add(id);
  else list.delete(id);
  doc.set('blockedGetConnectors', [...list].sort());
  const file = { name: BLOCKED_FILE, text: doc.toString({ lineWidth: 0 }) };
  return existing ? files.map((f) => (f === existing ? file : f)) : [...files, file];
}

/**
 * Blocks a GetConnector in one environment (`This GetConnector (definition) is blocked`) or unblocks it, by editing
 * that environment's set (comments kept) and importing it. An environment without a set gets a copy of the server's.
 */
export async function setGetConnectorBlocked(
  runtime: Runtime,
  environment: string,
  id: string,
  blocked: boolean,
): Promise<DefinitionImportPlan> {
  await requireEnvironment(runtime.db, environment);
  const files = (await environmentDefinitionFiles(runtime.db, environment)) ?? serverDefinitionFiles(runtime);
  const registry = registryForFiles(runtime, files);
  if (!registry.getConnectors.has(id))
    throw new AdminError(
      `GetConnector '${id}' is not defined in environment ${environment}${didYouMean(suggestionsFor(id, registry.getConnectors.keys()))}`,
      'notFound',
    );
  let edited = editWritten(files, id, blocked) ?? files;
  // Generated (or blocked through the list before): the list decides.
  const listed = edited.some((f) => f.name === BLOCKED_FILE && f.text.includes(id));
  if (edited === files || listed) edited = editBlockedList(edited, id, blocked);
  return importEnvironmentDefinitions(runtime, environment, edited);
}

/**
 * `field add --env` (CLI and console): the environment's set exported to a scratch directory, the field added there
 * by the file edit of `field add --config`, and the set imported back, all or nothing.
 */
export async function addEnvironmentCustomField(
  runtime: Runtime,
  environment: string,
  options: Omit<AddCustomFieldOptions, 'dir' | 'check'>,
): Promise<{ added: AddedCustomField; plan: DefinitionImportPlan }> {
  const scratch = mkdtempSync(join(tmpdir(), 'appconnector-field-'));
  try {
    await exportEnvironmentDefinitions(runtime, environment, scratch, true);
    // The import compiles the result (once, in the server's dialect): addCustomField's own two compiles are skipped.
    const added = addCustomField({ ...options, dir: scratch, check: false });
    return { added, plan: await importEnvironmentDefinitions(runtime, environment, readDefinitionFiles(scratch)) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
