// Reads a directory of definition files (YAML or JSON), validates each against the schema and merges them.
// Errors name the file and the path inside it; nothing here looks at the database.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FileConnectorDefinition } from '../files/file-schema.ts';
import type { ReportDefinition } from '../report/report-schema.ts';
import { type DefinitionSet, definitionFileSchema } from './schema.ts';

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/** The definitions shipped with the server: the demo company. */
export const DEMO_DEFINITIONS = fileURLToPath(new URL('../../definitions/demo', import.meta.url));

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return listFiles(path);
      if (entry === 'appconnector.yaml') return []; // server settings, not definitions
      return ['.yaml', '.yml', '.json'].includes(extname(entry)) ? [path] : [];
    });
}

export function loadDefinitions(dir: string): DefinitionSet {
  let files: string[];
  try {
    files = listFiles(dir);
  } catch (error) {
    throw new DefinitionError(`cannot read definitions directory ${dir}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new DefinitionError(`no definition files (*.yaml, *.json) in ${dir}`);
  const fileConnectors: FileConnectorDefinition[] = [];
  const reports: ReportDefinition[] = [];
  const set: DefinitionSet = {
    tables: [],
    collections: [],
    getConnectors: [],
    updateConnectors: [],
    fileConnectors,
    reports,
  };
  for (const file of files) {
    const name = relative(dir, file);
    let raw: unknown;
    try {
      const text = readFileSync(file, 'utf8');
      raw = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new DefinitionError(`${name}: ${(error as Error).message}`);
    }
    const parsed = definitionFileSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DefinitionError(`${name}: ${issue.path.join('.')}: ${issue.message}`);
    }
    set.tables.push(...parsed.data.tables);
    set.collections.push(...parsed.data.collections);
    set.getConnectors.push(...parsed.data.getConnectors);
    set.updateConnectors.push(...parsed.data.updateConnectors);
    fileConnectors.push(...parsed.data.fileConnectors);
    reports.push(...parsed.data.reports);
    if (parsed.data.catalogue !== undefined) set.catalogue = (set.catalogue ?? false) || parsed.data.catalogue;
  }
  return set;
}
