// Opens the database a URL names: PostgreSQL for postgres:// and postgresql://, else an SQLite file. The one module
// that knows both implementations, so database.ts (the interface they implement) imports neither.

import type { Database } from './database.ts';

/** Loads only the implementation the URL needs (pg or better-sqlite3). */
export async function openDatabase(url: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const { openPostgres } = await import('./postgres-database.ts');
    return openPostgres(url);
  }
  const { openSqlite } = await import('./sqlite-database.ts');
  return openSqlite(url.replace(/^sqlite:(\/\/)?/i, ''));
}
