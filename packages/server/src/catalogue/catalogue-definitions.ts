// Adds every UpdateConnector and standard GetConnector of the published catalogue that the loaded definitions do not
// define by hand to a definition set: the generated tables and connectors join the hand-written ones before compile.

import type { DefinitionSet } from '../definitions/schema.ts';
import { readCatalogueUpdateConnectors } from './catalogue-files.ts';
import { generateUpdateConnector } from './generate-update.ts';
import { withCatalogueGetConnectors } from './get-connectors.ts';

export function withCatalogueConnectors(set: DefinitionSet): DefinitionSet {
  const handWritten = new Set(set.updateConnectors.map((c) => c.id.toLowerCase()));
  const tables = [...set.tables];
  const updateConnectors = [...set.updateConnectors];
  for (const connector of readCatalogueUpdateConnectors()) {
    if (handWritten.has(connector.id.toLowerCase())) continue;
    const generated = generateUpdateConnector(connector);
    tables.push(...generated.tables);
    updateConnectors.push(generated.connector);
  }
  // The catalogue's GetConnectors join them, some reading what these write.
  return withCatalogueGetConnectors({ ...set, tables, updateConnectors });
}
