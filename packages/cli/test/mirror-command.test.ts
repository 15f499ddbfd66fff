// `appconnector mirror` end to end over real HTTP: our own server as the source (the demo company with a custom
// field added by `field add`), behind a proxy that records every call; a profile pointing at it; the mirror made
// in a fresh SQLite file and a fresh PostgreSQL database; a server started on the mirror's database. Every
// connector's metainfo of the mirror equals the source's, in both languages; no source row is in the mirror; the
// source saw only metainfo calls.

import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { AfasClient } from '@appconnector/client';
import { authorizationHeader } from '@appconnector/protocol';
import { loadConfig, type RunningServer, startServer } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../server/test/support/databases.ts';
import { EXIT } from '../src/output.ts';
import { clearConnectionEnv, cli, tempDir } from './support/cli-harness.ts';

const ENV = 'T54321AA';
const ROWS = 30;

/** A proxy in front of the source that forwards every call and records its method and path. */
async function recordingProxy(target: string) {
  const origin = new URL(target);
  const calls: string[] = [];
  const server = createServer(async (request, response) => {
    calls.push(`${request.method} ${request.url}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
    const answer = await fetch(`${origin.origin}${request.url}`, { method: request.method, headers });
    const body = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${origin.pathname}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function stop(server: RunningServer | undefined): Promise<void> {
  if (!server) return;
  const closing = server.close();
  const timer = setTimeout(() => server.app.server.closeAllConnections(), 1000);
  await closing;
  clearTimeout(timer);
}

/** GET with a token and a language: the status and the body as the server sent it. */
async function raw(url: string, token: string, language: string): Promise<{ status: number; text: string }> {
  const answer = await fetch(url, {
    headers: { authorization: authorizationHeader(token), 'accept-language': language },
  });
  return { status: answer.status, text: await answer.text() };
}

const temp = tempDir('appconnector-mirror-');
let source: RunningServer;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let customField: string;

beforeAll(async () => {
  clearConnectionEnv();
  process.env.APPCONNECTOR_PROFILES = join(temp.dir, 'profiles.json');
  // The source: the demo company with a custom field on employees, shown by Profit_Employees and KnEmployee.
  const definitions = join(temp.dir, 'source-definitions');
  expect((await cli('definitions', 'export', '--out', definitions)).code).toBe(0);
  const added = await cli(
    ...['field', 'add', '--config', definitions, '--object', 'hr_employee', '--label', 'Shoe size'],
    ...['--label-nl', 'Schoenmaat', '--type', 'int', '--get', 'Profit_Employees'],
    ...['--update', 'KnEmployee/AfasEmployee', '--json'],
  );
  expect(added.code, added.err).toBe(0);
  customField = JSON.parse(added.out).fieldId;
  source = await startServer(
    loadConfig({ db: join(temp.dir, 'source.sqlite'), config: definitions, port: 0, logLevel: 'silent', demoRows: 40 }),
  );
  // A Profit version other than the default, which the mirror should take over.
  expect((await cli('env', 'version', 'O12345AA', '8.1.0', '--db', join(temp.dir, 'source.sqlite'))).code).toBe(0);
  for (let i = 0; i < 100; i++) {
    if ((await new AfasClient({ baseUrl: source.url, token: source.demoToken! }).profitVersion()).version === '8.1.0')
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  proxy = await recordingProxy(source.url);
  const profile = await cli('profile', 'add', 'tenant', '--url', proxy.url, '--token', source.demoToken!);
  expect(profile.code, profile.err).toBe(0);
}, 240_000);

afterAll(async () => {
  await proxy?.close();
  await stop(source);
  temp.remove();
  delete process.env.APPCONNECTOR_PROFILES;
});

describe('appconnector mirror --dry-run', () => {
  it('writes the definition files made from the metainfo and changes no database', async () => {
    const out = join(temp.dir, 'dry-run');
    const db = join(temp.dir, 'never.sqlite');
    const result = await cli(
      'mirror',
      '--from',
      'tenant',
      '--env',
      ENV,
      '--dry-run',
      '--out',
      out,
      '--db',
      db,
      '--json',
    );
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(result.out);
    expect(summary.getConnectors).toBeGreaterThan(50);
    expect(readdirSync(out)).toHaveLength(summary.files);
    expect(readdirSync(out)).toContain('get-Profit_Employees.json');
    expect(existsSync(db)).toBe(false);
    expect((await cli('mirror', '--from', 'tenant', '--env', ENV, '--dry-run', '--out', out)).code).toBe(EXIT.usage);
  }, 120_000);
});

describe.each(['sqlite', 'postgres'] as const)('appconnector mirror into %s', (kind) => {
  let mirror: RunningServer | undefined;
  let drop: (() => Promise<void>) | undefined;
  let db: string;
  let summary: {
    token: string;
    getConnectors: number;
    updateConnectors: number;
    rows: number;
    skipped: unknown[];
    profitVersion: string;
  };
  let sourceCalls: string[];

  beforeAll(async () => {
    const database = await testDatabase(kind);
    if (!database) return;
    db = database.url;
    drop = database.drop;
    const before = proxy.calls.length;
    const result = await cli('mirror', '--from', 'tenant', '--env', ENV, '--db', db, '--rows', String(ROWS), '--json');
    expect(result.code, result.err).toBe(0);
    summary = JSON.parse(result.out);
    sourceCalls = proxy.calls.slice(before);
    mirror = await startServer(loadConfig({ db, port: 0, logLevel: 'silent', demo: false }));
  }, 400_000);

  afterAll(async () => {
    await stop(mirror);
    await drop?.();
  });

  it('reads only metainfo and the version of the source: no /connectors/ call, one list and one description per connector and language', async ({
    skip,
  }) => {
    if (!mirror) skip();
    expect(sourceCalls.filter((call) => /\/connectors\//i.test(call))).toEqual([]);
    expect(sourceCalls.every((call) => /^GET \/ProfitRestServices\/(metainfo(\/|$)|ProfitVersion$)/.test(call))).toBe(
      true,
    );
    expect(summary.skipped).toEqual([]);
    expect(sourceCalls).toHaveLength(3 + 2 * (summary.getConnectors + summary.updateConnectors));
  });

  it("runs the source's Profit version", async ({ skip }) => {
    if (!mirror) skip();
    const mirrorBase = mirror!.url.replace('/ProfitRestServices', `/${ENV}/ProfitRestServices`);
    expect(summary.profitVersion).toBe('8.1.0');
    expect(await (await fetch(`${mirrorBase}/ProfitVersion`)).json()).toEqual({ version: '8.1.0' });
  });

  it("answers every connector's metainfo exactly as the source does, in Dutch and English, custom fields included", async ({
    skip,
  }) => {
    if (!mirror) skip();
    const sourceList = await new AfasClient({ baseUrl: source.url, token: source.demoToken! }).metainfo();
    const mirrorBase = mirror!.url.replace('/ProfitRestServices', `/${ENV}/ProfitRestServices`);
    const mirrorList = await new AfasClient({ baseUrl: mirrorBase, token: summary.token }).metainfo();
    const ids = (list: typeof sourceList) => ({
      get: list.getConnectors.map((c) => c.id).sort(),
      update: list.updateConnectors.map((c) => c.id).sort(),
    });
    expect(ids(mirrorList)).toEqual(ids(sourceList));
    // The descriptions of the list too, in both languages.
    for (const language of ['nl-nl', 'en-us']) {
      const described = async (base: string, token: string) => {
        const list = JSON.parse((await raw(`${base}/metainfo`, token, language)).text) as typeof sourceList;
        const sorted = (items: { id: string; description: string }[]) =>
          [...items].sort((a, b) => a.id.localeCompare(b.id));
        return [sorted(list.getConnectors), sorted(list.updateConnectors)];
      };
      expect(await described(mirrorBase, summary.token)).toEqual(await described(source.url, source.demoToken!));
    }
    expect(mirrorList.info.envid).toBe(ENV);
    const paths = [
      ...sourceList.getConnectors.map((c) => `/metainfo/get/${c.id}`),
      ...sourceList.updateConnectors.map((c) => `/metainfo/update/${c.id}`),
    ];
    expect(paths.length).toBeGreaterThan(200);
    for (const language of ['nl-nl', 'en-us']) {
      for (const path of paths) {
        const expected = await raw(`${source.url}${path}`, source.demoToken!, language);
        const actual = await raw(`${mirrorBase}${path}`, summary.token, language);
        expect(expected.status, path).toBe(200);
        expect(actual.status, path).toBe(200);
        expect(actual.text, `${language} ${path}`).toBe(expected.text);
      }
    }
    const employees = await raw(`${mirrorBase}/metainfo/get/Profit_Employees`, summary.token, 'nl-nl');
    expect(employees.text).toContain(`"fieldId":"${customField}","dataType":"int","label":"Schoenmaat"`);
    const knEmployee = await raw(`${mirrorBase}/metainfo/update/KnEmployee`, summary.token, 'en-us');
    expect(knEmployee.text).toContain(`"fieldId":"${customField}"`);
  }, 120_000);

  it('serves generated rows that fit and are none of the source rows', async ({ skip }) => {
    if (!mirror) skip();
    const sourceClient = new AfasClient({ baseUrl: source.url, token: source.demoToken! });
    const mirrorBase = mirror!.url.replace('/ProfitRestServices', `/${ENV}/ProfitRestServices`);
    const mirrorClient = new AfasClient({ baseUrl: mirrorBase, token: summary.token });
    const list = await mirrorClient.metainfo();
    let compared = 0;
    const found: string[] = [];
    const misfits: string[] = [];
    for (const { id } of list.getConnectors) {
      const rows = (await mirrorClient.get(id, { skip: 0, take: 1000 })).rows;
      expect(rows, id).toHaveLength(ROWS);
      for (const field of (await mirrorClient.describeGet(id)).fields) {
        for (const row of rows) {
          const value = row[field.id];
          const fits =
            field.dataType === 'string'
              ? typeof value === 'string' && (field.length === 0 || [...value].length <= field.length)
              : field.dataType === 'int'
                ? Number.isInteger(value)
                : field.dataType === 'decimal'
                  ? typeof value === 'number' && (String(value).split('.')[1] ?? '').length <= field.decimals
                  : field.dataType === 'boolean'
                    ? typeof value === 'boolean'
                    : field.dataType === 'date'
                      ? typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)
                      : value !== undefined;
          if (!fits) misfits.push(`${id}.${field.id} (${field.dataType} ${field.length}): ${JSON.stringify(value)}`);
        }
      }
      const sourceRows = new Set(
        (await sourceClient.get(id, { skip: 0, take: 5000 })).rows.map((r) => JSON.stringify(r)),
      );
      for (const row of rows) if (sourceRows.has(JSON.stringify(row))) found.push(`${id}: ${JSON.stringify(row)}`);
      compared += sourceRows.size;
    }
    expect(misfits).toEqual([]);
    expect(found).toEqual([]);
    // The comparison had source rows to compare with.
    expect(compared).toBeGreaterThan(1000);
    expect(summary.rows).toBe(ROWS * list.getConnectors.length);
  }, 120_000);

  it('takes writes through the mirrored UpdateConnectors', async ({ skip }) => {
    if (!mirror) skip();
    const mirrorBase = mirror!.url.replace('/ProfitRestServices', `/${ENV}/ProfitRestServices`);
    const answer = await fetch(`${mirrorBase}/connectors/KnSubject`, {
      method: 'POST',
      headers: { authorization: authorizationHeader(summary.token), 'content-type': 'application/json' },
      body: JSON.stringify({ KnSubject: { Element: { Fields: { StId: 1, Ds: 'Mirrored' } } } }),
    });
    expect(answer.status, await answer.clone().text()).toBe(201);
  });

  it('refuses an environment that exists, changing nothing', async ({ skip }) => {
    if (!mirror) skip();
    const before = proxy.calls.length;
    const again = await cli('mirror', '--from', 'tenant', '--env', ENV, '--db', db);
    expect(again.code).toBe(EXIT.usage);
    expect(again.err).toContain(`environment ${ENV} already exists`);
    // Refused before the source was read.
    expect(proxy.calls.length).toBe(before);
  });
});
