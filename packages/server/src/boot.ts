// Start-up of a server or an admin command: open the database, create the system tables, load and compile the
// definitions (failing fast). Environments are prepared later, when they are first used.

import { upgradeOldDefaultVersion } from './admin/environments.ts';
import { servedDefinitions } from './catalogue/catalogue-definitions.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open-database.ts';
import { createSystemTables } from './db/system-schema.ts';
import { compileDefinitions } from './definitions/compile.ts';
import { DEMO_DEFINITIONS, parseDefinitionFiles, readDefinitionFiles } from './definitions/load.ts';
import type { Registry } from './definitions/registry.ts';
import { definitionsHash, RegistryCache } from './definitions/registry-cache.ts';

export interface Runtime {
  db: Database;
  /** The server's own definition set: what environments without definitions of their own serve. */
  registry: Registry;
  definitionsDir: string;
  /** The catalogue choice of boot, applied to environments' own sets alike. */
  catalogue?: boolean;
  /** Compiled environment sets by content hash, the server's own among them (under its files' hash). */
  registries: RegistryCache;
}

export interface BootOptions {
  /** A SQLite file path or a postgres:// URL. */
  database: string;
  /** A directory of definition files; the demo company's by default. */
  definitionsDir?: string;
  /**
   * Serve the published catalogue (src/catalogue/): true or false decides; undefined follows the definitions'
   * own `catalogue:` (the demo's says true).
   */
  catalogue?: boolean;
}

export async function boot(options: BootOptions): Promise<Runtime> {
  const definitionsDir = options.definitionsDir ?? DEMO_DEFINITIONS;
  const db = await openDatabase(options.database);
  try {
    // The demo definitions ask for the catalogue themselves (definitions/demo/catalogue.yaml), and so do copies.
    const files = readDefinitionFiles(definitionsDir);
    const set = servedDefinitions(parseDefinitionFiles(files), options.catalogue);
    const registry = compileDefinitions(set, db.dialect);
    await createSystemTables(db);
    await upgradeOldDefaultVersion(db);
    // An environment whose own files equal the server's shares its registry.
    const registries = new RegistryCache(db.dialect, options.catalogue);
    registries.remember(definitionsHash(files), registry);
    return { db, registry, definitionsDir, catalogue: options.catalogue, registries };
  } catch (error) {
    await db.close();
    throw error;
  }
}
