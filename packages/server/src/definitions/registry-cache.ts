// Compiled registries by the content hash of their definition files: environments with the same set share one
// Registry (the catalogue's is large), and a set is compiled once however many environments or refreshes ask.

import { createHash } from 'node:crypto';
import { servedDefinitions } from '../catalogue/catalogue-definitions.ts';
import type { SqlDialect } from '../db/dialect.ts';
import { compileDefinitions } from './compile.ts';
import { type DefinitionFile, parseDefinitionFiles } from './load.ts';
import type { Registry } from './registry.ts';

/** The hash of a set of definition files: the same files (names and texts), in any order, give the same hash. */
export function definitionsHash(files: readonly DefinitionFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    hash.update(`${file.name}\0${file.text}\0`);
  return hash.digest('hex');
}

/** Parses, serves (the catalogue as the server does) and compiles a set of files; throws DefinitionError. */
export function compileDefinitionFiles(
  files: readonly DefinitionFile[],
  dialect: SqlDialect,
  catalogue?: boolean,
): Registry {
  return compileDefinitions(servedDefinitions(parseDefinitionFiles(files), catalogue), dialect);
}

export class RegistryCache {
  private readonly byHash = new Map<string, Registry>();
  /** Hashes never forgotten (the server's own set). */
  private readonly pinned = new Set<string>();

  constructor(
    private readonly dialect: SqlDialect,
    private readonly catalogue: boolean | undefined,
  ) {}

  /** Seeds the cache with a registry already compiled (the server's own set). */
  remember(hash: string, registry: Registry): void {
    this.byHash.set(hash, registry);
    this.pinned.add(hash);
  }

  cached(hash: string): Registry | undefined {
    return this.byHash.get(hash);
  }

  /** The registry of these files (their hash given when known), compiled on the first ask. */
  get(files: readonly DefinitionFile[], hash = definitionsHash(files)): Registry {
    let registry = this.byHash.get(hash);
    if (!registry) {
      registry = compileDefinitionFiles(files, this.dialect, this.catalogue);
      this.byHash.set(hash, registry);
    }
    return registry;
  }

  /** Forgets every registry whose hash is not in use (kept: the server's own and those given). */
  keepOnly(inUse: ReadonlySet<string>): void {
    for (const hash of this.byHash.keys()) if (!inUse.has(hash) && !this.pinned.has(hash)) this.byHash.delete(hash);
  }
}
