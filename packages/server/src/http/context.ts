// What every route needs: the database, the compiled registry, the environments (re-read when one is missing or
// stale, so that the CLI can add environments while the server runs) and per-request state on the request.

import type { Language } from '@appconnector/protocol';
import { type Environment, listEnvironments, prepareEnvironment } from '../admin/environments.ts';
import type { Principal } from '../auth/authenticate.ts';
import type { Database } from '../db/database.ts';
import type { Registry } from '../definitions/registry.ts';

export interface ServerContext {
  db: Database;
  registry: Registry;
  environments: EnvironmentCache;
}

declare module 'fastify' {
  interface FastifyRequest {
    environment: Environment | undefined;
    language: Language;
    principal: Principal | undefined;
    integrationId: string | undefined;
  }
}

const REFRESH_MS = 5000;

/** The environment list, refreshed at most every few seconds; schemas are prepared once per environment. */
export class EnvironmentCache {
  private list: Environment[] = [];
  private loadedAt = 0;
  private readonly prepared = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly registry: Registry,
    private readonly refreshMs = REFRESH_MS,
  ) {}

  async all(forceRefresh = false): Promise<Environment[]> {
    if (forceRefresh || Date.now() - this.loadedAt > this.refreshMs) {
      this.list = await listEnvironments(this.db);
      this.loadedAt = Date.now();
      for (const environment of this.list) {
        if (this.prepared.has(environment.name)) continue;
        await prepareEnvironment(this.db, this.registry, environment.name);
        this.prepared.add(environment.name);
      }
    }
    return this.list;
  }
}
