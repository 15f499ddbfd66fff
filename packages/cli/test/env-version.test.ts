// Profit versions from the command line, on SQLite and PostgreSQL over real HTTP: `env create --profit-version` and
// `env version` set them (malformed ones refused), a running server follows a change at its next environment
// refresh, and the SDK and the CLI's get and export read the answers of production (6.x) and accept (9.0.0) alike.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AfasClient } from '@appconnector/client';
import { authorizationHeader } from '@appconnector/protocol';
import { boot, buildApp } from '@appconnector/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../server/src/db/bulk-insert.ts';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../server/test/support/databases.ts';
import { PEOPLE_DEFINITIONS } from '../../server/test/support/harness.ts';
import { EXIT } from '../src/output.ts';
import { clearConnectionEnv, cli, tempDir } from './support/cli-harness.ts';

const PEOPLE = [
  { id: 1, name: 'Anna -.5', city: '.25', age: -3, salary: -0.5 },
  { id: 2, name: 'Bram', city: 'Utrecht', age: 0, salary: 0.25 },
  { id: 3, name: 'Cor', city: 'Delft', age: 41, salary: 0 },
  { id: 4, name: 'Dirk', city: 'Breda', age: 52, salary: 1234567.5 },
];

describe.each(['sqlite', 'postgres'] as const)('env version on %s', (kind) => {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  let close = async () => {};
  const temp = tempDir();
  const tokens: Record<string, string> = {};
  let origin = '';
  const admin = () => ['--db', database!.url, '--config', PEOPLE_DEFINITIONS];
  const base = (environment: string) => `${origin}/${environment}/ProfitRestServices`;

  beforeAll(async () => {
    clearConnectionEnv();
    database = kind === 'sqlite' ? sqliteDatabase() : await postgresDatabase();
    if (!database) return;
    for (const [name, version] of [
      ['O12345AA', '6.2.0'],
      ['A12345AA', '9.0.0'],
    ]) {
      const created = await cli('env', 'create', name!, '--profit-version', version!, '--json', ...admin());
      expect(created.code, created.err).toBe(0);
      expect(JSON.parse(created.out)).toMatchObject({ name, profitVersion: version });
      expect((await cli('app-connector', 'create', '--env', name!, '--name', 'Tests', ...admin())).code).toBe(0);
      const link = ['app-connector', 'link', '--env', name!, '--name', 'Tests', '--get', 'Test_People'];
      expect((await cli(...link, ...admin())).code).toBe(0);
      const token = await cli('token', 'create', '--env', name!, '--app-connector', 'Tests', '--user', 'u', ...admin());
      tokens[name!] = token.out.trim();
    }
    const runtime = await boot({ database: database.url, definitionsDir: PEOPLE_DEFINITIONS });
    for (const name of ['O12345AA', 'A12345AA'])
      await insertRows(
        runtime.db,
        await runtime.db.environmentSchema(name),
        runtime.registry.tables.get('people')!,
        PEOPLE,
      );
    // The environment list is re-read every 300 ms, as a running server does every 5 s.
    app = await buildApp({ db: runtime.db, registry: runtime.registry, environmentRefreshMs: 300 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => {
      await app?.close();
      await runtime.db.close();
    };
  });
  afterAll(async () => {
    await close();
    await database?.drop();
    temp.remove();
  });

  const client = (environment: string) => new AfasClient({ baseUrl: base(environment), token: tokens[environment]! });
  const people = (environment: string, authorization = authorizationHeader(tokens[environment]!)) =>
    fetch(`${base(environment)}/connectors/Test_People?orderbyfieldids=Id`, { headers: { authorization } });

  it('refuses malformed versions and unknown environments with the usage and not-found exit codes', async ({
    skip,
  }) => {
    if (!database) return skip();
    const bad = await cli('env', 'create', 'T12345AA', '--profit-version', '6.1', ...admin());
    expect([bad.code, bad.err.trim()]).toEqual([
      EXIT.usage,
      "error: Profit version '6.1' must be three dot-separated numbers, such as 8.0.0",
    ]);
    expect((await cli('env', 'version', 'A12345AA', 'nine', ...admin())).code).toBe(EXIT.usage);
    expect((await cli('env', 'version', 'A99999AA', '9.1.0', ...admin())).code).toBe(EXIT.notFound);
    const help = await cli('env', 'version', '--help');
    expect(help.out).toContain('<x.y.z>');
    expect(help.out).toContain('-.5');
  });

  it('the SDK and the CLI read the answers of Profit 6 and Profit 9 alike', async ({ skip }) => {
    if (!database) return skip();
    const six = await (await people('O12345AA')).text();
    const nine = await (await people('A12345AA')).text();
    expect(six).toContain('"Salary":-.5,');
    expect(six.startsWith('{\r\n"skip":0,\r\n"take":100,\r\n')).toBe(true);
    expect(nine).toContain('"Salary":-0.5,');

    const expected = JSON.parse(nine).rows;
    expect(expected[0]).toMatchObject({ Id: 1, Name: 'Anna -.5', City: '.25', Age: -3, Salary: -0.5 });
    for (const environment of ['O12345AA', 'A12345AA']) {
      expect((await client(environment).get('Test_People', { orderBy: 'Id' })).rows).toEqual(expected);
      const raw = [];
      for await (const row of client(environment).rawRows('Test_People', { orderBy: ['Id'], pageSize: 3 }))
        raw.push(JSON.parse(new TextDecoder().decode(row.bytes)));
      expect(raw).toEqual(expected);

      const connection = ['--url', base(environment), '--token', tokens[environment]!];
      const got = await cli('get', 'Test_People', '--order', 'Id', '--json', ...connection);
      expect(got.code, got.err).toBe(0);
      expect(JSON.parse(got.out)).toEqual(expected);
      const out = join(temp.dir, `${environment}.ndjson`);
      const exported = await cli('export', 'Test_People', '--order', 'Id', '--out', out, ...connection);
      expect(exported.code, exported.err).toBe(0);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines.map((line) => JSON.parse(line))).toEqual(expected);
    }
  });

  it('changes the version of a running server with env version', async ({ skip }) => {
    if (!database) return skip();
    const changed = await cli('env', 'version', 'A12345AA', '6.5.0', ...admin());
    expect([changed.code, changed.out.trim()]).toEqual([
      0,
      'A12345AA runs Profit 6.5.0 (was 9.0.0); a running server follows within 5 s',
    ]);
    const version = async () => (await (await fetch(`${base('A12345AA')}/ProfitVersion`)).json()).version;
    const deadline = Date.now() + 5000;
    while ((await version()) !== '6.5.0' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await version()).toBe('6.5.0');
    expect(await (await people('A12345AA')).text()).toContain('"Salary":-.5,');
    expect((await people('A12345AA', `AfasToken ${tokens.A12345AA}`)).status).toBe(200);

    const back = await cli('env', 'version', 'A12345AA', '9.0.0', '--json', ...admin());
    expect(JSON.parse(back.out)).toEqual({ name: 'A12345AA', previous: '6.5.0', profitVersion: '9.0.0' });
    const listed = JSON.parse((await cli('env', 'list', '--json', ...admin())).out);
    expect(listed.map((e: { name: string; profitVersion: string }) => [e.name, e.profitVersion])).toEqual([
      ['A12345AA', '9.0.0'],
      ['O12345AA', '6.2.0'],
    ]);
    while ((await version()) !== '9.0.0' && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 50));
    expect((await people('A12345AA', `AfasToken ${tokens.A12345AA}`)).status).toBe(401);
  });
});
