// What every route needs: the database, the environments (re-read when one is missing or stale, so that the CLI can
// add environments and import definitions while the server runs) with the registry each serves, per-request state.

import { CodedError, type Language } from '@appconnector/protocol';
import { type AppConnector, getAppConnectorById } from '../admin/app-connectors.ts';
import { environmentDefinitionFiles } from '../admin/environment-definitions.ts';
import { type Environment, listEnvironments, prepareEnvironment } from '../admin/environments.ts';
import type { Principal } from '../auth/authenticate.ts';
import type { Database } from '../db/database.ts';
import { DefinitionError } from '../definitions/load.ts';
import type { Registry } from '../definitions/registry.ts';
import { definitionsHash, RegistryCache } from '../definitions/registry-cache.ts';

export interface ServerContext {
  db: Database;
  /** The server's own definitions; a request reads `request.registry`, its environment's. */
  registry: Registry;
  environments: EnvironmentCache;
  appConnectors: AppConnectorCache;
  /** How long a read answer may wait for its client to take more before it is ended (config streamStallSeconds). */
  stallMs: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    environment: Environment | undefined;
    /** The definitions the request's environment serves (set with the environment; the server's until then). */
    registry: Registry;
    language: Language;
    principal: Principal | undefined;
    integrationId: string | undefined;
  }
}

const REFRESH_MS = 5000;

/** A `wanted` hash no environment has: the next refresh tries its set again (after a failure of the database). */
const RETRY = 'retry';

/** What one environment serves: its registry, the hash it came from, and a switch to another set in progress. */
interface Served {
  /** The hash of the set `registry` was compiled from; undefined: the server's own definitions. */
  hash: string | undefined;
  /** The hash being switched to, or the last one asked for (a set that failed is not tried again). */
  wanted: string | undefined;
  registry: Registry | undefined;
  /** Requests of the environment wait for a switch in progress: after an import, they see the new set. */
  pending: Promise<void> | undefined;
  /** Why the environment has no registry at all (its stored set never compiled in this process). */
  broken: string | undefined;
}

export interface EnvironmentCacheOptions {
  /** Compiled sets by content hash, shared with the admin functions of the same runtime. */
  registries?: RegistryCache;
  /** Logs a stored set that does not compile (the environment keeps its last good set). */
  onError?: (details: object, message: string) => void;
}

/**
 * The environment list, refreshed at most every few seconds, and the definitions each environment serves: a
 * changed `definitions_hash` (an import, here or on another replica) is compiled (once per hash), its tables
 * prepared, and then served, without a restart. A set that fails keeps the last good one in service, logged.
 */
export class EnvironmentCache {
  private list: Environment[] = [];
  private loadedAt = 0;
  private readonly served = new Map<string, Served>();
  private readonly registries: RegistryCache;

  constructor(
    private readonly db: Database,
    private readonly registry: Registry,
    private readonly refreshMs = REFRESH_MS,
    /** Milliseconds now; tests give a clock of their own. */
    private readonly now: () => number = Date.now,
    private readonly options: EnvironmentCacheOptions = {},
  ) {
    this.registries = options.registries ?? new RegistryCache(db.dialect, undefined);
  }

  async all(forceRefresh = false): Promise<Environment[]> {
    if (forceRefresh || this.now() - this.loadedAt > this.refreshMs) {
      this.list = await listEnvironments(this.db);
      this.loadedAt = this.now();
      for (const environment of this.list) {
        const served = this.served.get(environment.name);
        if (!served) {
          // Prepared once, one environment after another, before the first call of the environment is served.
          const entry: Served = {
            hash: undefined,
            wanted: environment.definitionsHash,
            registry: undefined,
            pending: undefined,
            broken: undefined,
          };
          this.served.set(environment.name, entry);
          entry.pending = this.switchTo(environment.name, entry, environment.definitionsHash);
          await entry.pending;
        } else if (served.wanted !== environment.definitionsHash) {
          // Another set: switched in the background; only this environment's calls wait for it.
          served.wanted = environment.definitionsHash;
          served.pending = this.switchTo(environment.name, served, environment.definitionsHash);
        } else if (served.pending && !served.registry) await served.pending;
      }
      const names = new Set(this.list.map((e) => e.name));
      for (const name of this.served.keys()) if (!names.has(name)) this.served.delete(name);
      this.forgetUnused();
    }
    return this.list;
  }

  /** The registry an environment serves at this moment, without waiting (the server's until it is prepared). */
  registryNow(environment: Environment | undefined): Registry {
    return (environment && this.served.get(environment.name)?.registry) ?? this.registry;
  }

  /** The registry an environment serves now, waiting for a switch in progress; `unavailable` when it has none. */
  async registryFor(environment: Environment): Promise<Registry> {
    const served = this.served.get(environment.name);
    if (!served) return this.registry;
    if (served.pending) await served.pending;
    if (served.registry) return served.registry;
    throw new CodedError('unavailable', { detail: served.broken ?? 'definitions not loaded', retryAfter: 60 });
  }

  private async switchTo(name: string, served: Served, hash: string | undefined): Promise<void> {
    try {
      let registry = this.registry;
      let compiledHash: string | undefined;
      if (hash !== undefined) {
        const cached = this.registries.cached(hash);
        if (cached) {
          registry = cached;
          compiledHash = hash;
        } else {
          // The files are the truth: read after the hash, they may be a newer import's (the next refresh settles).
          const files = await environmentDefinitionFiles(this.db, name);
          compiledHash = files ? definitionsHash(files) : undefined;
          registry = files ? this.registries.get(files, compiledHash) : this.registry;
        }
      }
      await prepareEnvironment(this.db, registry, name);
      if (served.wanted === hash) {
        served.hash = compiledHash;
        served.registry = registry;
        served.broken = undefined;
      }
    } catch (error) {
      const message = `the definitions of environment ${name} cannot be served: ${(error as Error).message}`;
      this.options.onError?.({ err: error, environment: name, definitionsHash: hash }, message);
      // The client is told only that; the reason is in the log.
      if (!served.registry)
        served.broken = `the definitions of environment ${name} cannot be served (see the server log)`;
      // A set that does not compile is not tried again until another is imported; anything else is.
      if (!(error instanceof DefinitionError) && served.wanted === hash) served.wanted = RETRY;
    } finally {
      if (served.wanted === hash || served.wanted === RETRY) served.pending = undefined;
    }
  }

  /** Registries no environment serves any more are dropped (a catalogue registry is large). */
  private forgetUnused(): void {
    const inUse = new Set<string>();
    for (const served of this.served.values())
      for (const hash of [served.hash, served.wanted]) if (hash !== undefined) inUse.add(hash);
    this.registries.keepOnly(inUse);
  }
}

/** Values by key, each kept `refreshMs` from its load; a failed load is not remembered. */
export class TimedCache<K, V> {
  private readonly entries = new Map<K, { at: number; value: Promise<V> }>();

  constructor(
    private readonly refreshMs = REFRESH_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.refreshMs) return hit.value;
    const value = load();
    value.catch(() => this.entries.delete(key));
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(key, { at: this.now(), value });
    return value;
  }
}

/**
 * App Connectors (links, IP allowlist) by id, each kept as long as the environment list: two of the three queries
 * of every call's authentication, and changes made with the CLI reach a running server as fast as environments do.
 * Tokens are never cached: a revoked token fails at its next call.
 */
export class AppConnectorCache {
  private readonly entries: TimedCache<number, AppConnector | undefined>;

  constructor(
    private readonly db: Database,
    refreshMs?: number,
    now?: () => number,
  ) {
    this.entries = new TimedCache(refreshMs, now);
  }

  get(id: number): Promise<AppConnector | undefined> {
    return this.entries.get(id, () => getAppConnectorById(this.db, id));
  }
}
