// The baselines' database access, as plain as the drivers allow: better-sqlite3 with the environment file attached
// and the same connection settings as the server, or a pg pool. No Kysely and no server code: this is the floor.

import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import Cursor from 'pg-cursor';

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

/** The server reads in batches of 1000 rows (read-routes.ts); PostgreSQL gets the same batch size here. */
const BATCH = 1000;

/**
 * Runs one query and hands each row's column values to `each`, as the server reads: SQLite iterating the statement,
 * PostgreSQL through a cursor in batches of 1000 on one connection.
 */
export async function eachRow(
  target: DriverTarget,
  sql: string,
  parameters: readonly unknown[],
  each: (row: unknown[]) => void,
): Promise<void> {
  if (target.kind === 'sqlite') {
    const db = openSqlite(target);
    for (const row of db
      .prepare(sql)
      .raw(true)
      .iterate(...parameters))
      each(row as unknown[]);
    db.close();
    return;
  }
  const pool = openPostgres(target, 1);
  const client = await pool.connect();
  const cursor = client.query(new Cursor(sql, [...parameters], { rowMode: 'array' }));
  for (;;) {
    const batch = (await cursor.read(BATCH)) as unknown[][];
    for (const row of batch) each(row);
    if (batch.length < BATCH) break;
  }
  await cursor.close();
  client.release();
  await pool.end();
}
