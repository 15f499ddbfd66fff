// Adds the standard GetConnectors of the published catalogue that a definition set does not define by hand: over
// the company's tables where get-mappings.ts maps them and the set has those tables, else over a generated table
// each (gc_<id>); and those over generated UpdateConnectors' tables (get-written.ts) where the set has them.
// Generated at boot rather than kept as YAML: parsing ~130 KB of YAML cost more start time than generating it.

import { collectionSchema, type DefinitionSet, getConnectorSchema, tableSchema } from '../definitions/schema.ts';
import { readGetCatalogue } from './get-catalogue.ts';
import { generatedGetDefinition, mappedGetDefinition } from './get-definitions.ts';
import { GET_MAPPINGS, type GetMapping } from './get-mappings.ts';
import { WRITTEN_GET_MAPPINGS, writtenCodeTables } from './get-written.ts';

/** The tables a mapping reads. */
function tablesOf(mapping: GetMapping): string[] {
  const from = 'union' in mapping.from ? mapping.from.union.map((b) => b.table) : [mapping.from.table];
  return [...from, ...(mapping.joins ?? []).map((j) => j.table)];
}

export function withCatalogueGetConnectors(set: DefinitionSet): DefinitionSet {
  const handWritten = new Set(set.getConnectors.map((c) => c.id));
  // Code tables for descriptions, where generated UpdateConnectors' tables are there to be described.
  const codeTables = set.tables.some((t) => t.name.startsWith('g_')) ? writtenCodeTables() : [];
  const tables = new Map([...set.tables, ...codeTables].map((t) => [t.name, t]));
  const added = { tables: [...codeTables], collections: [] as unknown[], getConnectors: [] as unknown[] };
  for (const connector of readGetCatalogue()) {
    if (handWritten.has(connector.id)) continue;
    const mapping = WRITTEN_GET_MAPPINGS[connector.id] ?? GET_MAPPINGS[connector.id];
    if (mapping && tablesOf(mapping).every((t) => tables.has(t))) {
      const mapped = mappedGetDefinition(connector, mapping, tables);
      added.collections.push(mapped.collection);
      added.getConnectors.push(mapped.getConnector);
    } else {
      const generated = generatedGetDefinition(connector);
      added.tables.push(tableSchema.parse(generated.table));
      added.collections.push(generated.collection);
      added.getConnectors.push(generated.getConnector);
    }
  }
  return {
    ...set,
    tables: [...set.tables, ...added.tables],
    // Through the schemas, as loaded files are: defaults filled in, shapes checked.
    collections: [...set.collections, ...added.collections.map((c) => collectionSchema.parse(c))],
    getConnectors: [...set.getConnectors, ...added.getConnectors.map((c) => getConnectorSchema.parse(c))],
  };
}
