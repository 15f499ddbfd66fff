// Adds every UpdateConnector and standard GetConnector of the published catalogue that the loaded definitions do not
// define by hand to a definition set: the generated tables and connectors join the hand-written ones before compile.

import type { DefinitionSet } from '../definitions/schema.ts';
import { readCatalogueUpdateConnectors } from './catalogue-files.ts';
import { generateUpdateConnector } from './generate-update.ts';
import { withCatalogueGetConnectors } from './get-connectors.ts';
import { conformHandWritten } from './overlay-handwritten.ts';

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

/**
 * The set a server serves. With the catalogue (`catalogue` here, else the set's own `catalogue: true`) the
 * hand-written connectors are held to it and every catalogue connector nobody wrote is generated. A set that asks
 * for the catalogue but is served without it on purpose (`catalogue: false`, the test harness's quick mode) keeps
 * its hand-written connectors held to it and leaves out the reports over GetConnectors only the catalogue gives.
 */
export function servedDefinitions(loaded: DefinitionSet, catalogue?: boolean): DefinitionSet {
  if (!loaded.catalogue && !catalogue) return loaded;
  const conformed = conformHandWritten(loaded);
  if (catalogue ?? true) return withCatalogueConnectors(conformed);
  const getConnectors = new Set(conformed.getConnectors.map((c) => c.id));
  return { ...conformed, reports: conformed.reports?.filter((report) => getConnectors.has(report.getConnector)) };
}
