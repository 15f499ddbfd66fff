// Builds a mirrored environment from a definition set made by mirror-definitions.ts: the environment with that set
// as its own definitions (admin/environment-definitions.ts), generated rows, and an App Connector linked to every
// connector with a token. Everything that can be refused is checked before anything is created.

import type { Language } from '@appconnector/protocol';
import { createAppConnector, linkConnectors } from '../admin/app-connectors.ts';
import { importEnvironmentDefinitions, registryForFiles } from '../admin/environment-definitions.ts';
import { checkNewEnvironmentName, createEnvironment, listEnvironments } from '../admin/environments.ts';
import { checkUserId, createToken } from '../admin/tokens.ts';
import type { Runtime } from '../boot.ts';
import type { Database } from '../db/database.ts';
import { DefinitionError } from '../definitions/load.ts';
import type { MirrorDefinitions } from './mirror-definitions.ts';
import { fillMirror } from './mirror-fill.ts';

export interface MirrorEnvironmentOptions {
  environment: string;
  language?: Language;
  /** The source's Profit version (what /ProfitVersion answered); the default when absent. */
  profitVersion?: string;
  definitions: MirrorDefinitions;
  /** Generated rows per GetConnector. */
  rows: number;
  seed?: number;
  /** The App Connector made for the mirror, and the user of its token. */
  appConnector: string;
  userId: string;
  /** Rows written so far, over all GetConnectors. */
  onProgress?: (rows: number) => void;
}

export interface MirroredEnvironment {
  environment: string;
  getConnectors: number;
  updateConnectors: number;
  rows: number;
  profitVersion: string;
  appConnector: string;
  /** The token XML, shown once: only its hash is stored. */
  token: string;
}

/**
 * Refuses a name that is not an environment name or that exists: a mirror is always new, so that it never mixes
 * with (or overwrites) an environment someone works in.
 */
export async function checkNewEnvironment(db: Database, environment: string): Promise<void> {
  checkNewEnvironmentName(
    environment,
    await listEnvironments(db),
    ': mirror makes a new environment, so choose another --env (or another --db)',
  );
}

export async function createMirrorEnvironment(
  runtime: Runtime,
  options: MirrorEnvironmentOptions,
): Promise<MirroredEnvironment> {
  const { db } = runtime;
  const { environment, definitions } = options;
  await checkNewEnvironment(db, environment);
  // createToken's rule, asked before the environment exists rather than after it is filled.
  checkUserId(options.userId);
  let registry: ReturnType<typeof registryForFiles>;
  try {
    registry = registryForFiles(runtime, definitions.files);
  } catch (error) {
    if (error instanceof DefinitionError)
      throw new DefinitionError(`the definitions made from the source's metainfo do not compile: ${error.message}`);
    throw error;
  }
  // Created with the mirror's own tables only: the server's definitions are not what this environment serves.
  const created = await createEnvironment(db, registry, {
    name: environment,
    language: options.language ?? 'nl',
    profitVersion: options.profitVersion,
  });
  await importEnvironmentDefinitions(runtime, environment, definitions.files);
  const rows = await fillMirror(db, environment, definitions.getTables, {
    rows: options.rows,
    seed: options.seed,
    onProgress: options.onProgress,
  });
  let appConnector = await createAppConnector(db, {
    environment,
    name: options.appConnector,
    description: 'Made by appconnector mirror: every mirrored connector',
  });
  appConnector = await linkConnectors(db, registry, appConnector, 'get', [...registry.getConnectors.keys()]);
  appConnector = await linkConnectors(db, registry, appConnector, 'update', [...registry.updateConnectors.keys()]);
  const token = await createToken(db, appConnector, { userId: options.userId, description: 'appconnector mirror' });
  return {
    environment,
    getConnectors: registry.getConnectors.size,
    updateConnectors: registry.updateConnectors.size,
    rows,
    profitVersion: created.profitVersion,
    appConnector: appConnector.name,
    token: token.xml,
  };
}
