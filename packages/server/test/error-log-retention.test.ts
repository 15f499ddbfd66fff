// error_log retention on SQLite and PostgreSQL with an injected clock: rows past the age go, each environment keeps
// its newest rows up to the count, a prune starts by itself every N rows written, and two replicas may prune at once.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { boot, type Runtime } from '../src/boot.ts';
import { ErrorLog, type ErrorLogRetention } from '../src/db/error-log.ts';
import { DATABASE_KINDS, type TestDatabase, testDatabase } from './support/databases.ts';
import { PEOPLE_DEFINITIONS } from './support/harness.ts';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('error_log retention on %s', (kind) => {
  let database: TestDatabase | undefined;
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    database = await testDatabase(kind);
    if (database) runtime = await boot({ database: database.url, definitionsDir: PEOPLE_DEFINITIONS });
  });
  afterAll(async () => {
    await runtime?.db.close();
    await database?.drop();
  });
  beforeEach(async () => {
    if (runtime) await runtime.db.kysely.withSchema(runtime.db.systemSchema).deleteFrom('error_log').execute();
  });

  let clock = Date.UTC(2026, 5, 1);
  const log = (retention: Partial<ErrorLogRetention>) =>
    new ErrorLog(
      runtime!.db,
      { maxAgeDays: 0, maxRowsPerEnvironment: 0, pruneEvery: 1_000_000, ...retention },
      () => new Date(clock),
    );
  let serial = 0;
  const write = (target: ErrorLog, environment: string | null) =>
    target.write({
      reference: `R${String(++serial).padStart(8, '0')}`,
      environment,
      status: 500,
      code: 'unexpected',
      message: 'm',
      detail: 'd',
      traceId: 't',
      integrationId: null,
    });
  /** Rows written straight into the table, many per statement (the age test needs thousands). */
  async function bulk(count: number, environment: string, at: Date) {
    const rows = Array.from({ length: count }, () => ({
      reference: `R${String(++serial).padStart(8, '0')}`,
      environment,
      at: at.toISOString(),
      status: 500,
      code: 'unexpected',
      message: 'm',
      detail: 'd',
      trace_id: 't',
      integration_id: null,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await runtime!.db.kysely
        .withSchema(runtime!.db.systemSchema)
        .insertInto('error_log')
        .values(rows.slice(i, i + 500))
        .execute();
  }
  const remaining = async () =>
    (
      await runtime!.db.kysely
        .withSchema(runtime!.db.systemSchema)
        .selectFrom('error_log')
        .select(['reference', 'environment', 'at'])
        .orderBy('reference')
        .execute()
    ).map((row) => `${row.environment ?? '-'}:${row.reference}`);

  it('deletes rows older than the age and keeps the rest, in batches', async ({ skip }) => {
    if (!runtime) return skip();
    const target = log({ maxAgeDays: 30 });
    clock = Date.UTC(2026, 0, 1);
    await bulk(2500, 'O12345AA', new Date(clock)); // three batches of the prune
    clock += 20 * DAY;
    await write(target, 'O12345AA');
    const last = `O12345AA:R${String(serial).padStart(8, '0')}`;
    clock += 15 * DAY; // the first 2,500 are now 35 days old, the last one 15
    expect(await target.prune()).toBe(2500);
    expect(await remaining()).toEqual([last]);
    expect(await target.prune()).toBe(0);
  });

  it('keeps the newest rows up to the count per environment', async ({ skip }) => {
    if (!runtime) return skip();
    const target = log({ maxRowsPerEnvironment: 3 });
    const written: Record<string, string[]> = { O12345AA: [], T12345AA: [], '-': [] };
    for (let i = 0; i < 5; i++) {
      for (const environment of ['O12345AA', 'T12345AA', null]) {
        clock += 1000;
        await write(target, environment);
        written[environment ?? '-']!.push(`${environment ?? '-'}:R${String(serial).padStart(8, '0')}`);
      }
    }
    await write(target, 'T12345AA'); // a quiet environment with fewer rows is left alone
    expect(await target.prune()).toBe(2 + 3 + 2);
    const kept = Object.values(written).flatMap((list) => list.slice(-3));
    const others = (rows: string[]) => rows.filter((row) => !row.startsWith('T')).sort();
    expect(others(await remaining())).toEqual(others(kept));
    expect((await remaining()).filter((row) => row.startsWith('T'))).toHaveLength(3);
  });

  it('prunes by itself after every N rows written, off the writer path', async ({ skip }) => {
    if (!runtime) return skip();
    const target = log({ maxRowsPerEnvironment: 2, pruneEvery: 5 });
    for (let i = 0; i < 4; i++) await write(target, 'O12345AA');
    await target.idle();
    expect(await remaining()).toHaveLength(4);
    await write(target, 'O12345AA'); // the 5th starts a prune
    await target.idle();
    expect(await remaining()).toHaveLength(2);
  });

  it('lets two replicas prune at once, each row deleted once between them', async ({ skip }) => {
    if (!runtime) return skip();
    const first = log({ maxAgeDays: 1, maxRowsPerEnvironment: 100 });
    const second = log({ maxAgeDays: 1, maxRowsPerEnvironment: 100 });
    clock = Date.UTC(2026, 6, 1);
    await bulk(1500, 'O12345AA', new Date(clock));
    clock += 2 * DAY;
    await bulk(150, 'O12345AA', new Date(clock)); // at one instant: the count breaks ties by reference
    const [a, b] = await Promise.all([first.prune(), second.prune()]);
    expect(a + b).toBe(1500 + 50);
    expect(await remaining()).toHaveLength(100);
  });
});
