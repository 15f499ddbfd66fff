// Start-up of a server or an admin command: open the database, create the system tables, load and compile the
// definitions (failing fast). Environments are prepared later, when they are first used.

import { resolve } from 'node:path';
import { withCatalogueConnectors } from './catalogue/catalogue-definitions.ts';
import { conformHandWritten } from './catalogue/overlay-handwritten.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open-database.ts';
import { createSystemTables } from './db/system-schema.ts';
import { compileDefinitions } from './definitions/compile.ts';
import { DEMO_DEFINITIONS, loadDefinitions } from './definitions/load.ts';
import type { Registry } from './definitions/registry.ts';

export interface Runtime {
  db: Database;
  registry: Registry;
  definitionsDir: string;
}

export interface BootOptions {
  /** A SQLite file path or a postgres:// URL. */
  database: string;
  /** A directory of definition files; the demo company's by default. */
  definitionsDir?: string;
  /**
   * Serve every UpdateConnector of the published catalogue that the definitions do not write by hand (generated,
   * src/catalogue/). On by default for the demo company's definitions, off for other directories.
   */
  catalogue?: boolean;
}

export async function boot(options: BootOptions): Promise<Runtime> {
  const definitionsDir = options.definitionsDir ?? DEMO_DEFINITIONS;
  const db = await openDatabase(options.database);
  try {
    const loaded = loadDefinitions(definitionsDir);
    // The demo's hand-written connectors are always held to the catalogue; the ones nobody wrote are generated
    // where asked (by default for the demo definitions).
    const demo = resolve(definitionsDir) === resolve(DEMO_DEFINITIONS);
    const conformed = demo || options.catalogue ? conformHandWritten(loaded) : loaded;
    const set = (options.catalogue ?? demo) ? withCatalogueConnectors(conformed) : conformed;
    const registry = compileDefinitions(set, db.dialect);
    await createSystemTables(db);
    return { db, registry, definitionsDir };
  } catch (error) {
    await db.close();
    throw error;
  }
}
