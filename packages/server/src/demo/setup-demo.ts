// Builds the demo environment: its data tables, the generated company (batch by batch, constant memory), an
// App Connector linked to every connector, and a token. Used by `serve` on an empty database and `appconnector demo`.

import {
  type AppConnector,
  createAppConnector,
  findAppConnector,
  linkConnectors,
  listAppConnectors,
} from '../admin/app-connectors.ts';
import { registryForEnvironment } from '../admin/environment-definitions.ts';
import { createEnvironment, listEnvironments } from '../admin/environments.ts';
import type { Runtime } from '../boot.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { createEnvironmentTables, dropEnvironmentIndexes } from '../db/environment-tables.ts';
import { loadCatalogueDemo } from './catalogue-demo.ts';
import { generateDemo } from './generate.ts';

export const DEMO_ENVIRONMENT = 'O12345AA';
export const DEMO_APP_CONNECTOR = 'Demo';
export const DEMO_USER = 'demo';
export const DEFAULT_DEMO_EMPLOYEES = 1000;

export interface DemoOptions {
  environment?: string;
  employees?: number;
  seed?: number;
  /** Called after every inserted batch with the running row count. */
  onProgress?: (rows: number, table: string) => void;
}

/** Loads the generated company into an environment's (empty) tables. */
export async function loadDemoData(runtime: Runtime, environment: string, options: DemoOptions = {}): Promise<number> {
  const { db } = runtime;
  const registry = await registryForEnvironment(runtime, environment);
  const schema = await db.environmentSchema(environment);
  let rows = 0;
  const employees = options.employees ?? DEFAULT_DEMO_EMPLOYEES;
  await dropEnvironmentIndexes(db, environment, registry.tables.values());
  for (const batch of generateDemo({ employees, seed: options.seed })) {
    const table = registry.tables.get(batch.table);
    if (!table)
      throw new Error(`the demo generator wrote table '${batch.table}', which the definitions do not declare`);
    await insertRows(db, schema, table, batch.rows);
    rows += batch.rows.length;
    options.onProgress?.(rows, batch.table);
  }
  // The catalogue GetConnectors' own tables, pointing at the company just loaded.
  const before = rows;
  rows += await loadCatalogueDemo(db, schema, registry.tables, {
    employees,
    seed: options.seed,
    onBatch: (added, table) => options.onProgress?.(before + added, table),
  });
  await createEnvironmentTables(db, environment, registry.tables.values());
  return rows;
}

/** Creates the demo environment with data, its App Connector linked to every connector, and returns it. */
export async function createDemoEnvironment(runtime: Runtime, options: DemoOptions = {}): Promise<AppConnector> {
  const environment = options.environment ?? DEMO_ENVIRONMENT;
  await createEnvironment(runtime.db, runtime.registry, { name: environment, language: 'nl' });
  await loadDemoData(runtime, environment, options);
  const appConnector = await createAppConnector(runtime.db, {
    environment,
    name: DEMO_APP_CONNECTOR,
    description: 'Every connector of the demo company',
  });
  return linkEveryConnector(runtime, appConnector);
}

/** Links an App Connector to every Get- and UpdateConnector its environment's registry serves. */
async function linkEveryConnector(runtime: Runtime, appConnector: AppConnector): Promise<AppConnector> {
  const registry = await registryForEnvironment(runtime, appConnector.environment);
  const linked = await linkConnectors(runtime.db, registry, appConnector, 'get', [...registry.getConnectors.keys()]);
  return linkConnectors(runtime.db, registry, linked, 'update', [...registry.updateConnectors.keys()]);
}

/** True when the server has no environment at all: the moment `serve` builds the demo. */
export async function isEmptyServer(runtime: Runtime): Promise<boolean> {
  return (await listEnvironments(runtime.db)).length === 0;
}

/**
 * Links the demo App Connector to every connector the registry serves, so a demo database made before connectors
 * were added (those of the catalogue) can call them too. Nothing when the demo App Connector is gone.
 */
export async function linkDemoConnectors(runtime: Runtime, environment = DEMO_ENVIRONMENT): Promise<void> {
  const exists = (await listAppConnectors(runtime.db, environment)).some((a) => a.name === DEMO_APP_CONNECTOR);
  if (!exists) return;
  await linkEveryConnector(runtime, await findAppConnector(runtime.db, environment, DEMO_APP_CONNECTOR));
}
