// The baselines' database access, as plain as the drivers allow: better-sqlite3 with the environment file attached
// and the same connection settings as the server, or a pg pool. No Kysely and no server code: this is the floor.

import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

/** What a baseline job names: the database, and for SQLite the environment file attached under `schema`. */
export interface DriverTarget {
  kind: 'sqlite' | 'postgres';
  url: string;
  schema: string;
  environmentFile?: string;
}

export function openSqlite(target: DriverTarget): BetterSqlite3.Database {
  const db = new BetterSqlite3(target.url);
  // The server's settings (sqlite-database.ts): the baseline gets the same durability, not less.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  // The server's SQL folds text with ac_fold (SQLite's lower() only folds ASCII); same function, same cost.
  db.function('ac_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  db.prepare('attach database ? as ?').run(target.environmentFile, target.schema);
  db.pragma(`${target.schema}.journal_mode = WAL`);
  db.pragma(`${target.schema}.synchronous = NORMAL`);
  return db;
}

/** Dates stay the database's text and numerics become numbers: the cheapest parsing that yields JSON values. */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 1114 || oid === 1082) return (value: string) => value;
    if (oid === 1700 || oid === 20) return Number;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function openPostgres(target: DriverTarget, max = 10): pg.Pool {
  return new pg.Pool({ connectionString: target.url, max, types });
}

/** A row of column values as an object keyed by field id, the shape JSON.stringify gives clients. */
export function keyed(fieldIds: readonly string[], row: readonly unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = 0; i < fieldIds.length; i++) object[fieldIds[i]!] = row[i];
  return object;
}
