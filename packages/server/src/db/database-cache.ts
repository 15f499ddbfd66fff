// A cache kept per open database (statement text per shape, read SQL per shape, numbering counters known to exist):
// created on first use, gone with the database, and emptied whole once it holds `limit` entries, so that no stream
// of distinct keys can grow it without bound.

import type { Database } from './database.ts';

export interface DatabaseCache<V> {
  get(db: Database, key: string): V | undefined;
  set(db: Database, key: string, value: V): void;
  /** Forgets every entry of `db`. */
  clear(db: Database): void;
}

export function databaseCache<V>(limit: number): DatabaseCache<V> {
  const maps = new WeakMap<Database, Map<string, V>>();
  const mapOf = (db: Database) => {
    let map = maps.get(db);
    if (!map) {
      map = new Map();
      maps.set(db, map);
    }
    return map;
  };
  return {
    get: (db, key) => maps.get(db)?.get(key),
    set(db, key, value) {
      const map = mapOf(db);
      if (map.size >= limit) map.clear();
      map.set(key, value);
    },
    clear: (db) => maps.delete(db),
  };
}
