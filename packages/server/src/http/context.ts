// What every route needs: the database, the compiled registry, the environments (re-read when one is missing or
// stale, so that the CLI can add environments while the server runs) and per-request state on the request.

import type { Language } from '@appconnector/protocol';
import { type AppConnector, getAppConnectorById } from '../admin/app-connectors.ts';
import { type Environment, listEnvironments, prepareEnvironment } from '../admin/environments.ts';
import type { Principal } from '../auth/authenticate.ts';
import type { Database } from '../db/database.ts';
import type { Registry } from '../definitions/registry.ts';

export interface ServerContext {
  db: Database;
  registry: Registry;
  environments: EnvironmentCache;
  appConnectors: AppConnectorCache;
  /** How long a read answer may wait for its client to take more before it is ended (config streamStallSeconds). */
  stallMs: number;
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
    /** Milliseconds now; tests give a clock of their own. */
    private readonly now: () => number = Date.now,
  ) {}

  async all(forceRefresh = false): Promise<Environment[]> {
    if (forceRefresh || this.now() - this.loadedAt > this.refreshMs) {
      this.list = await listEnvironments(this.db);
      this.loadedAt = this.now();
      for (const environment of this.list) {
        if (this.prepared.has(environment.name)) continue;
        await prepareEnvironment(this.db, this.registry, environment.name);
        this.prepared.add(environment.name);
      }
    }
    return this.list;
  }
}

/**
 * App Connectors (links, IP allowlist) by id, each kept as long as the environment list: two of the three queries
 * of every call's authentication, and changes made with the CLI reach a running server as fast as environments do.
 * Tokens are never cached: a revoked token fails at its next call.
 */
export class AppConnectorCache {
  private readonly entries = new Map<number, { at: number; value: Promise<AppConnector | undefined> }>();

  constructor(
    private readonly db: Database,
    private readonly refreshMs = REFRESH_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: number): Promise<AppConnector | undefined> {
    const hit = this.entries.get(id);
    if (hit && this.now() - hit.at < this.refreshMs) return hit.value;
    const value = getAppConnectorById(this.db, id);
    // A failed lookup is not remembered.
    value.catch(() => this.entries.delete(id));
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(id, { at: this.now(), value });
    return value;
  }
}
