// Test databases: every suite that touches SQL runs on a real SQLite file and a real, fresh PostgreSQL database.
// In CI a PostgreSQL that cannot be reached fails the run; locally it is skipped with a warning.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { envFlag } from '../../src/config.ts';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

export const PG_ADMIN_URL = process.env.APPCONNECTOR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let pgAvailable: boolean | undefined;

async function postgresReachable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    pgAvailable = true;
  } catch (error) {
    if (envFlag(process.env.CI))
      throw new Error(`PostgreSQL is required in CI and unreachable at ${PG_ADMIN_URL}: ${(error as Error).message}`);
    console.warn(`PostgreSQL unreachable at ${PG_ADMIN_URL}: PostgreSQL tests are skipped`);
    pgAvailable = false;
  }
  return pgAvailable;
}

export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-test-'));
  return {
    kind: 'sqlite',
    url: join(dir, 'test.sqlite'),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresDatabase(): Promise<TestDatabase | undefined> {
  if (!(await postgresReachable())) return undefined;
  const name = `appconnector_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    kind: 'postgres',
    url,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** The kinds every database suite runs on; `describe.each(DATABASE_KINDS)`. */
export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;

export async function testDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase | undefined> {
  return kind === 'sqlite' ? sqliteDatabase() : postgresDatabase();
}
