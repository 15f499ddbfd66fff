// What the database says the server holds, asked from outside the server: PostgreSQL sessions with a transaction or
// a snapshot open, and whether a SQLite checkpoint can get past every reader. Plus bulk rows for long answers.

import { statSync } from 'node:fs';
import { join, parse } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { insertRows } from '../../src/db/bulk-insert.ts';
import type { TestServer } from '../support/harness.ts';

export const ENVIRONMENT = 'O12345AA';

/**
 * The server's PostgreSQL sessions that are in a transaction or hold a snapshot (a backend_xmin holds back vacuum),
 * as `state` texts; the asking session itself left out. Empty when the server holds nothing open.
 */
export async function openPostgresWork(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; query: string }>(
      `select state, query from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and (state <> 'idle' or backend_xmin is not null or backend_xid is not null)`,
    );
    return rows.map((row) => `${row.state}: ${row.query.slice(0, 80)}`);
  } finally {
    await client.end();
  }
}

/** The SQLite file of the test environment's data (one attached file per environment). */
export function environmentFile(databaseUrl: string): string {
  const { dir, name } = parse(databaseUrl);
  return join(dir, `${name}.env_${ENVIRONMENT.toLowerCase()}.sqlite`);
}

export function walSize(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Runs a TRUNCATE checkpoint on the environment's file from a connection of its own: it completes (busy 0, the WAL
 * emptied) only when no reader holds a snapshot older than the WAL's end.
 */
export function truncateCheckpoint(databaseUrl: string): { busy: number; walBytes: number } {
  const file = environmentFile(databaseUrl);
  const connection = new BetterSqlite3(file);
  try {
    connection.pragma('busy_timeout = 10000');
    const [result] = connection.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return { busy: result!.busy, walBytes: walSize(file) };
  } finally {
    connection.close();
  }
}

/** Adds `count` dossier items (with their link rows) whose comments are `commentBytes` long: a long export. */
export async function addLongSubjects(server: TestServer, count: number, commentBytes: number): Promise<void> {
  const { db, registry } = server.runtime;
  const schema = await db.environmentSchema(ENVIRONMENT);
  const comment = 'Toelichting '.repeat(Math.ceil(commentBytes / 12)).slice(0, commentBytes);
  const first = 500_000;
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const ids = Array.from({ length: Math.min(batch, count - start) }, (_, i) => first + start + i);
    await insertRows(
      db,
      schema,
      registry.tables.get('kn_subject')!,
      ids.map((id) => ({
        subject_id: id,
        type_id: 1,
        subject: `Lang dossieritem ${id}`,
        comment,
        completed: false,
        blocked: false,
        created_at: '2025-01-01T00:00:00',
        created_by: 'test',
        modified_at: '2025-01-01T00:00:00',
        modified_by: 'test',
      })),
    );
    await insertRows(
      db,
      schema,
      registry.tables.get('kn_subject_link')!,
      ids.map((id) => ({
        id,
        subject_id: id,
        to_org_pers: false,
        to_employee: false,
        to_debtor: false,
        to_creditor: false,
        to_employer: false,
        to_applicant: false,
        created_at: '2025-01-01T00:00:00',
        created_by: 'test',
        modified_at: '2025-01-01T00:00:00',
        modified_by: 'test',
      })),
    );
  }
}
