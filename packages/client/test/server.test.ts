// The SDK against the real server, in-process: a demo server on a fresh SQLite file, reached through Fastify's
// inject (no socket) with the injectFetch adapter, and once over a real socket with global fetch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  enableOtp,
  findAppConnector,
  loadConfig,
  type RunningServer,
  readOutbox,
  startServer,
} from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AfasClient, AuthenticationError, f, ProfitError } from '../src/index.ts';
import { injectFetch } from './inject-fetch.ts';

type Row = Record<string, unknown>;

const dir = mkdtempSync(join(tmpdir(), 'appconnector-sdk-'));
let server: RunningServer;
let client: AfasClient;
let employees: Row[];

const byId = (a: Row, b: Row) => String(a.EmployeeId).localeCompare(String(b.EmployeeId));

beforeAll(async () => {
  server = await startServer(loadConfig({ db: join(dir, 'demo.sqlite'), port: 0, logLevel: 'silent', demoRows: 200 }));
  client = new AfasClient({ baseUrl: server.url, token: server.demoToken!, fetch: injectFetch(server.app) });
  employees = ((await client.get('Profit_Employees', { skip: -1, take: -1 })).rows as Row[]).sort(byId);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SDK against the server', () => {
  it('get: every row with skip=-1&take=-1, the default page, filters and order', async () => {
    expect(employees).toHaveLength(200);
    expect((await client.get('Profit_Employees')).rows).toHaveLength(100);
    const page = await client.get('Profit_Employees', {
      filter: f.or(f.and(f.contains('City', 'dam'), f.ge('Salary', 4000)), f.empty('Email')),
      orderBy: ['-Salary', 'EmployeeId'],
      skip: 0,
      take: 1000,
    });
    const wanted = employees.filter(
      (r) =>
        (String(r.City ?? '')
          .toLowerCase()
          .includes('dam') &&
          r.Salary !== null &&
          (r.Salary as number) >= 4000) ||
        r.Email === null,
    );
    expect(page).toMatchObject({ skip: 0, take: 1000 });
    expect(page.rows.map((r) => r.EmployeeId).sort()).toEqual(wanted.map((r) => r.EmployeeId).sort());
    const salaries = page.rows.map((r) => r.Salary).filter((s): s is number => typeof s === 'number');
    expect(salaries).toEqual([...salaries].sort((a, b) => b - a));
  });

  it('rows: skip paging, sequential and parallel, gives every row once in order', async () => {
    for (const concurrency of [1, 3, 8]) {
      const rows: Row[] = [];
      for await (const row of client.rows('Profit_Employees', { orderBy: ['EmployeeId'], pageSize: 13, concurrency })) {
        rows.push(row);
      }
      expect(rows).toEqual(employees);
    }
  });

  it('rows: keyset paging on a text key and on a numeric key', async () => {
    const rows: Row[] = [];
    for await (const row of client.rows('Profit_Employees', { keyset: { field: 'EmployeeId' }, pageSize: 17 })) {
      rows.push(row);
    }
    expect(rows).toEqual(employees);
    // In windows of three pages at once, starting past the first employee.
    const windowed: Row[] = [];
    const keyset = { field: 'EmployeeId', after: employees[0]!.EmployeeId as string };
    for await (const row of client.rows('Profit_Employees', { keyset, pageSize: 7, concurrency: 3 }))
      windowed.push(row);
    expect(windowed).toEqual(employees.slice(1));
    const subjects = (await client.get('Profit_Subjects', { skip: -1, take: -1 })).rows;
    const ids: unknown[] = [];
    const filter = f.notEmpty('Subject');
    for await (const row of client.rows('Profit_Subjects', { keyset: { field: 'SubjectId' }, pageSize: 9, filter })) {
      ids.push(row.SubjectId);
    }
    const expected = subjects
      .filter((r) => r.Subject !== null && r.Subject !== '')
      .map((r) => r.SubjectId as number)
      .sort((a, b) => a - b);
    expect(ids).toEqual(expected);
  });

  it('changes: rows modified since a moment, then nothing new from the checkpoint', async () => {
    const feed = client.changes('Profit_Employees', {
      modifiedField: 'ModifiedDate',
      keyField: 'EmployeeId',
      since: '2025-09-01T00:00:00',
      pageSize: 10,
    });
    const changed: string[] = [];
    for await (const change of feed) {
      expect(change.type).toBe('upsert');
      if (change.type === 'upsert') changed.push(String(change.row.EmployeeId));
    }
    const wanted = employees.filter((r) => String(r.ModifiedDate) >= '2025-08-31T23:59:59Z');
    expect(changed.sort()).toEqual(wanted.map((r) => String(r.EmployeeId)).sort());
    const checkpoint = JSON.parse(JSON.stringify(feed.checkpoint));
    expect(checkpoint.since).toBe(
      wanted
        .map((r) => String(r.ModifiedDate))
        .sort()
        .at(-1)!
        .slice(0, 19),
    );
    const again = client.changes('Profit_Employees', {
      modifiedField: 'ModifiedDate',
      keyField: 'EmployeeId',
      since: checkpoint,
    });
    const repeated = [];
    for await (const change of again) repeated.push(change);
    expect(repeated).toEqual([]);
  });

  it('metainfo: the token’s connectors, and a GetConnector’s fields with exactly the eight keys', async () => {
    const list = await client.metainfo();
    expect(Object.keys(list)).toEqual(['updateConnectors', 'getConnectors', 'info']);
    expect(list.getConnectors.map((c) => c.id)).toContain('Profit_Employees');
    expect(list.info.envid).toBe('O12345AA');
    const meta = await client.describeGet('Profit_Employees');
    expect(meta.name).toBe('Profit_Employees');
    expect(meta.fields.map((field) => field.id)).toEqual(Object.keys(employees[0]!));
    for (const field of meta.fields) {
      expect(Object.keys(field).sort()).toEqual(
        ['controlType', 'dataType', 'decimals', 'decimalsFieldId', 'fieldId', 'id', 'label', 'length'].sort(),
      );
    }
    expect((await client.profitVersion()).version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('errors: 401 is an AuthenticationError with the server’s message', async () => {
    const stranger = new AfasClient({ baseUrl: server.url, token: 'A'.repeat(64), fetch: injectFetch(server.app) });
    const error = await stranger.get('Profit_Employees').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as AuthenticationError;
    expect(auth.status).toBe(401);
    expect(auth.externalMessage).toMatch(/\S/);
    expect(auth.message).toContain(auth.externalMessage!);
    expect(auth.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('errors: an unknown connector is a ProfitError with errorNumber and profitLogReference', async () => {
    const error = await client.get('Profit_Nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfitError);
    const profit = error as ProfitError;
    expect(profit.status).toBe(500);
    expect(profit.externalMessage).toMatch(/GetConnector/);
    expect(profit.errorNumber).toBeLessThan(0);
    expect(profit.profitLogReference).toMatch(/^[0-9A-F]{32}$/);
    const field = await client.get('Profit_Employees', { filter: f.eq('Nope', 1) }).catch((e: unknown) => e);
    expect(field).toBeInstanceOf(ProfitError);
    expect((field as ProfitError).externalMessage).toContain('Nope');
  });

  it('OTP: a requested code is traded once for a token that works', async () => {
    const { db } = server.runtime;
    const keys = await enableOtp(db, await findAppConnector(db, 'O12345AA', 'Demo'));
    const where = { baseUrl: server.url, fetch: injectFetch(server.app) };
    const credentials = { ...keys, userId: 'piet' };
    await AfasClient.requestOtp(where, credentials);
    const [mail] = await readOutbox(db, 'O12345AA', 'piet');
    const wrong = mail!.code === '000000' ? '000001' : '000000';
    expect(await AfasClient.validateOtp(where, { ...credentials, otp: wrong })).toBeUndefined();
    const token = await AfasClient.validateOtp(where, { ...credentials, otp: mail!.code });
    expect(token).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>$/);
    expect(await AfasClient.validateOtp(where, { ...credentials, otp: mail!.code })).toBeUndefined();
    const piet = new AfasClient({ baseUrl: server.url, token: token!, fetch: injectFetch(server.app) });
    expect((await piet.get('Profit_Employees', { take: 1 })).rows).toHaveLength(1);
  });

  it('works the same over a real socket with global fetch', async () => {
    const direct = new AfasClient({ baseUrl: server.url, token: server.demoToken! });
    const page = await direct.get('Profit_Employees', { orderBy: ['EmployeeId'], take: 5 });
    expect(page.rows).toEqual(employees.slice(0, 5));
  });
});
