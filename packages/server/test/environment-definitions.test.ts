// Definitions per environment over real HTTP on SQLite and PostgreSQL: an import into one environment changes its
// metainfo and answers only; a refused set and a dry run change nothing; a running server switches without a
// restart (at its refresh); blocking is per environment; export -> import changes nothing; a restart keeps the set.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationHeader } from '@appconnector/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppConnector, findAppConnector, linkConnectors } from '../src/admin/app-connectors.ts';
import {
  copyEnvironmentDefinitions,
  environmentDefinitionFiles,
  exportEnvironmentDefinitions,
  importEnvironmentDefinitions,
  registryForEnvironment,
  resetEnvironmentDefinitions,
  setGetConnectorBlocked,
} from '../src/admin/environment-definitions.ts';
import { listEnvironments } from '../src/admin/environments.ts';
import { createToken } from '../src/admin/tokens.ts';
import { buildApp } from '../src/app.ts';
import { boot } from '../src/boot.ts';
import { serverExtensions } from '../src/extensions.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { PEOPLE_DEFINITIONS, startTestServer, type TestServer } from './support/harness.ts';

const PEOPLE = readFileSync(join(PEOPLE_DEFINITIONS, 'people.yaml'), 'utf8');

/** The people set with a column, a collection field and a GetConnector more, and another description. */
function withCities(fieldId = 'Nk'): { name: string; text: string }[] {
  const text = PEOPLE.replace(
    '      - { name: modified_at, type: date }\n',
    '      - { name: modified_at, type: date }\n      - { name: nickname, type: string, length: 30 }\n',
  )
    .replace(
      /( {6}- \{ fieldId: Mo, column: p\.modified_at.*\n)/,
      '$1      - { fieldId: Nk, column: p.nickname, dataType: string, length: 30, label: { en: Nickname, nl: Bijnaam } }\n',
    )
    .replace('description: { en: Active people, nl: Actieve personen }', 'description: { en: Active, nl: Actief }');
  const cities = [
    '  - id: Test_Cities',
    '    description: { en: Cities, nl: Plaatsen }',
    '    collection: People',
    '    fields:',
    '      - { id: Id, fieldId: Id }',
    '      - { id: City, fieldId: Ci }',
    `      - { id: Nickname, fieldId: ${fieldId} }`,
  ].join('\n');
  expect(text).toContain('nickname');
  return [{ name: 'people.yaml', text: `${text.trimEnd()}\n${cities}\n` }];
}

describe.each(DATABASE_KINDS)('definitions per environment on %s', (kind) => {
  let server: TestServer | undefined;
  let tAuth = '';
  let tBase = '';
  const scratch = mkdtempSync(join(tmpdir(), 'appconnector-envdefs-'));

  const callT = (path: string) =>
    fetch(`${tBase}${path}`, { headers: { authorization: tAuth, 'accept-language': 'en-us' } });
  /** Status and body text of the answers that must not change in an environment not imported into. */
  async function snapshot(call: (path: string) => Promise<Response>): Promise<string[]> {
    const paths = ['/metainfo', '/metainfo/get/Test_People', '/metainfo/get/Test_Active', '/connectors/Test_People'];
    return Promise.all(
      paths.map(async (path) => {
        const answer = await call(path);
        return `${answer.status} ${await answer.text()}`;
      }),
    );
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    if (!server) return;
    const { db, registry } = server.runtime;
    for (const environment of ['O12345AA', 'T12345AA']) {
      const schema = await db.environmentSchema(environment);
      await db.kysely
        .withSchema(schema)
        .insertInto('people')
        .values([
          { id: 1, name: `Anna ${environment}`, city: 'Delft' },
          { id: 2, name: `Bram ${environment}`, city: 'Gouda' },
        ])
        .execute();
    }
    let testApp = await createAppConnector(db, { environment: 'T12345AA', name: 'Tests' });
    testApp = await linkConnectors(db, registry, testApp, 'get', ['Test_People', 'Test_Active', 'Test_Blocked']);
    tAuth = authorizationHeader((await createToken(db, testApp, { userId: 'tester' })).xml);
    tBase = server.base.replace('/ProfitRestServices', '/T12345AA/ProfitRestServices');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('imports into one environment: its metainfo and answers change, the other one stays byte-identical', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { runtime } = server;
    const before = await snapshot(server.call);
    expect(await environmentDefinitionFiles(runtime.db, 'T12345AA')).toBeUndefined();

    const plan = await importEnvironmentDefinitions(runtime, 'T12345AA', withCities());
    expect(plan.applied).toBe(true);
    expect(plan.lines).toEqual([
      "~ table people: column 'nickname' added",
      "~ collection People: field 'Nk' added",
      "~ GetConnector Test_Active: description 'Active people'/'Actieve personen' -> 'Active'/'Actief'",
      '+ GetConnector Test_Cities',
    ]);
    expect((await environmentDefinitionFiles(runtime.db, 'T12345AA'))?.map((f) => f.name)).toEqual(['people.yaml']);
    const environments = await listEnvironments(runtime.db);
    expect(environments.find((e) => e.name === 'T12345AA')?.definitionsHash).toBe(plan.hash);
    expect(environments.find((e) => e.name === 'O12345AA')?.definitionsHash).toBeUndefined();

    // Links are checked against each environment's own set.
    await linkConnectors(
      runtime.db,
      await registryForEnvironment(runtime, 'T12345AA'),
      await findAppConnector(runtime.db, 'T12345AA', 'Tests'),
      'get',
      ['Test_Cities'],
    );
    await expect(
      linkConnectors(
        runtime.db,
        await registryForEnvironment(runtime, 'O12345AA'),
        await findAppConnector(runtime.db, 'O12345AA', 'Tests'),
        'get',
        ['Test_Cities'],
      ),
    ).rejects.toThrow(/Test_Cities/);

    // The running server (refresh 0 in the harness) serves the new set at the next call, without a restart.
    const schema = await runtime.db.environmentSchema('T12345AA');
    await runtime.db.kysely
      .withSchema(schema)
      .updateTable('people')
      .set({ nickname: 'Annie' })
      .where('id', '=', 1)
      .execute();
    const cities = await callT('/connectors/Test_Cities?orderbyfieldids=Id');
    expect(cities.status).toBe(200);
    expect(await cities.json()).toEqual({
      skip: 0,
      take: 100,
      rows: [
        { Id: 1, City: 'Delft', Nickname: 'Annie' },
        { Id: 2, City: 'Gouda', Nickname: null },
      ],
    });
    const meta = (await (await callT('/metainfo')).json()) as { getConnectors: { id: string; description: string }[] };
    expect(meta.getConnectors).toContainEqual({ id: 'Test_Cities', description: 'Cities' });
    expect(meta.getConnectors).toContainEqual({ id: 'Test_Active', description: 'Active' });
    const fields = (await (await callT('/metainfo/get/Test_Cities')).json()) as { fields: { id: string }[] };
    expect(fields.fields.map((f) => f.id)).toEqual(['Id', 'City', 'Nickname']);

    // The other environment: the same bytes, and no Test_Cities.
    expect(await snapshot(server.call)).toEqual(before);
    const other = await server.call('/connectors/Test_Cities');
    expect(other.status).toBe(500);
    expect(await other.text()).toContain('GetConnector not supported');
  });

  it('refuses a set with a GetConnector on a field its collection lacks, naming both, and changes nothing', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { runtime } = server;
    const files = await environmentDefinitionFiles(runtime.db, 'T12345AA');
    const before = await snapshot(callT);
    const broken = withCities('NoSuchField');
    const message = /GetConnector 'Test_Cities', field 'Nickname': fieldId 'NoSuchField' is not in collection 'People'/;
    await expect(importEnvironmentDefinitions(runtime, 'T12345AA', broken, { dryRun: true })).rejects.toThrow(message);
    await expect(importEnvironmentDefinitions(runtime, 'T12345AA', broken)).rejects.toThrow(message);
    // A stored column keeps its type.
    const retyped = withCities().map((f) => ({
      ...f,
      text: f.text
        .replace('{ name: city, type: string, length: 50 }', '{ name: city, type: int }')
        .replace('fieldId: Ci, column: p.city, dataType: string', 'fieldId: Ci, column: p.city, dataType: int'),
    }));
    await expect(importEnvironmentDefinitions(runtime, 'T12345AA', retyped)).rejects.toThrow(
      /table 'people', column 'city': the stored type string cannot change to int/,
    );
    expect(await environmentDefinitionFiles(runtime.db, 'T12345AA')).toEqual(files);
    expect(await snapshot(callT)).toEqual(before);
  });

  it('a dry run shows the changes and stores nothing', async ({ skip }) => {
    if (!server) return skip();
    const { runtime } = server;
    const files = await environmentDefinitionFiles(runtime.db, 'T12345AA');
    const before = await snapshot(callT);
    const plan = await importEnvironmentDefinitions(runtime, 'T12345AA', [{ name: 'people.yaml', text: PEOPLE }], {
      dryRun: true,
    });
    expect(plan.applied).toBe(false);
    expect(plan.lines).toEqual([
      "~ table people: column 'nickname' removed (its data stays in the database)",
      "~ collection People: field 'Nk' removed",
      "~ GetConnector Test_Active: description 'Active'/'Actief' -> 'Active people'/'Actieve personen'",
      '- GetConnector Test_Cities',
    ]);
    expect(plan.warnings).toEqual([
      "GetConnector Test_Cities is removed but linked to App Connector 'Tests': its calls will be refused",
    ]);
    expect(await environmentDefinitionFiles(runtime.db, 'T12345AA')).toEqual(files);
    expect(await snapshot(callT)).toEqual(before);
  });

  it('blocks a GetConnector in one environment only, and unblocks it', async ({ skip }) => {
    if (!server) return skip();
    const { runtime } = server;
    const before = (await environmentDefinitionFiles(runtime.db, 'T12345AA'))![0]!.text;
    const plan = await setGetConnectorBlocked(runtime, 'T12345AA', 'Test_People', true);
    expect(plan.lines).toEqual(['~ GetConnector Test_People: blocked']);
    // One line more, every other byte (comments, layout) as it was: a one-line diff under version control.
    const text = (await environmentDefinitionFiles(runtime.db, 'T12345AA'))![0]!.text;
    expect(text).toBe(before.replace('  - id: Test_People\n', '  - id: Test_People\n    blocked: true\n'));
    const blocked = await callT('/connectors/Test_People');
    expect(blocked.status).toBe(500);
    expect(((await blocked.json()) as { externalMessage: string }).externalMessage).toBe(
      'This GetConnector (definition) is blocked',
    );
    expect((await server.call('/connectors/Test_People')).status).toBe(200);
    await setGetConnectorBlocked(runtime, 'T12345AA', 'Test_People', false);
    expect((await callT('/connectors/Test_People')).status).toBe(200);
    expect((await environmentDefinitionFiles(runtime.db, 'T12345AA'))![0]!.text).toBe(
      before.replace('  - id: Test_People\n', '  - id: Test_People\n    blocked: false\n'),
    );
    await expect(setGetConnectorBlocked(runtime, 'T12345AA', 'Test_Peple', true)).rejects.toThrow(
      /GetConnector 'Test_Peple' is not defined in environment T12345AA; did you mean 'Test_People'/,
    );
  });

  it('export -> import changes nothing', async ({ skip }) => {
    if (!server) return skip();
    const { runtime } = server;
    const hash = (await listEnvironments(runtime.db)).find((e) => e.name === 'T12345AA')?.definitionsHash;
    const before = await snapshot(callT);
    const out = join(scratch, 'export');
    const exported = await exportEnvironmentDefinitions(runtime, 'T12345AA', out);
    expect(exported).toEqual({ files: ['people.yaml'], own: true });
    await expect(exportEnvironmentDefinitions(runtime, 'T12345AA', out)).rejects.toThrow(/is not empty/);
    const text = readFileSync(join(out, 'people.yaml'), 'utf8');
    const plan = await importEnvironmentDefinitions(runtime, 'T12345AA', [{ name: 'people.yaml', text }]);
    expect(plan.lines).toEqual([]);
    expect(plan.hash).toBe(hash);
    expect(await snapshot(callT)).toEqual(before);
    // An environment without a set of its own exports the server's.
    const server_ = await exportEnvironmentDefinitions(runtime, 'O12345AA', join(scratch, 'server'));
    expect(server_.own).toBe(false);
    expect(readFileSync(join(scratch, 'server', 'people.yaml'), 'utf8')).toBe(PEOPLE);
  });

  it('a server with a longer refresh switches at its refresh, and keeps the last good set when one breaks', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { runtime } = server;
    let now = 1_000_000;
    const errors: string[] = [];
    const app = await buildApp({
      db: runtime.db,
      registry: runtime.registry,
      ...serverExtensions(runtime),
      environmentRefreshMs: 5000,
      clock: () => now,
      logger: {
        level: 'error',
        stream: { write: (line: string) => errors.push(JSON.parse(line).msg as string) },
      },
    });
    try {
      const metainfo = async () =>
        (
          (await (
            await app.inject({ url: '/T12345AA/ProfitRestServices/metainfo', headers: { authorization: tAuth } })
          ).json()) as { getConnectors: { id: string }[] }
        ).getConnectors.map((c) => c.id);
      expect(await metainfo()).toContain('Test_Cities');
      await importEnvironmentDefinitions(runtime, 'T12345AA', [{ name: 'people.yaml', text: PEOPLE }]);
      expect(await metainfo()).toContain('Test_Cities');
      now += 5001;
      expect(await metainfo()).not.toContain('Test_Cities');

      // A stored set that no longer compiles (written past the import's checks): the last good set stays.
      await runtime.db.kysely
        .withSchema(runtime.db.systemSchema)
        .updateTable('environment_definitions')
        .set({ content: PEOPLE.replace('fieldId: Nm }', 'fieldId: Broken }') })
        .where('environment', '=', 'T12345AA')
        .execute();
      await runtime.db.kysely
        .withSchema(runtime.db.systemSchema)
        .updateTable('environments')
        .set({ definitions_hash: 'broken' })
        .where('name', '=', 'T12345AA')
        .execute();
      now += 5001;
      expect(await metainfo()).toContain('Test_People');
      expect(errors.join('\n')).toMatch(
        /the definitions of environment T12345AA cannot be served: GetConnector 'Test_People', field 'Name': fieldId 'Broken'/,
      );
      now += 5001;
      expect(await metainfo()).toContain('Test_People');
      expect(errors).toHaveLength(1);
      // A server started now has no good set of that environment to keep: 503, the other environment unharmed.
      const replica = await boot({
        database: server.databaseUrl,
        definitionsDir: PEOPLE_DEFINITIONS,
        catalogue: false,
      });
      const fresh = await buildApp({ db: replica.db, registry: replica.registry, ...serverExtensions(replica) });
      try {
        const refused = await fresh.inject({
          url: '/T12345AA/ProfitRestServices/metainfo',
          headers: { authorization: tAuth },
        });
        expect(refused.statusCode).toBe(503);
        expect(refused.body).toContain('the definitions of environment T12345AA cannot be served');
        const other = await fresh.inject({
          url: '/ProfitRestServices/metainfo',
          headers: { authorization: server.auth },
        });
        expect(other.statusCode).toBe(200);
      } finally {
        await fresh.close();
        await replica.db.close();
      }
    } finally {
      await app.close();
      await importEnvironmentDefinitions(runtime, 'T12345AA', withCities());
    }
  });

  it('a restarted server (another runtime on the database) serves each environment its own set', async ({ skip }) => {
    if (!server) return skip();
    const replica = await boot({ database: server.databaseUrl, definitionsDir: PEOPLE_DEFINITIONS, catalogue: false });
    const app = await buildApp({ db: replica.db, registry: replica.registry, ...serverExtensions(replica) });
    try {
      const cities = await app.inject({
        url: '/T12345AA/ProfitRestServices/connectors/Test_Cities',
        headers: { authorization: tAuth },
      });
      expect(cities.statusCode, cities.body).toBe(200);
      const people = await app.inject({
        url: '/ProfitRestServices/connectors/Test_Cities',
        headers: { authorization: server.auth },
      });
      expect(people.statusCode).toBe(500);
    } finally {
      await app.close();
      await replica.db.close();
    }
  });

  it('copies one environment set to another, which then shares its compiled registry', async ({ skip }) => {
    if (!server) return skip();
    const { runtime } = server;
    await copyEnvironmentDefinitions(runtime.db, 'T12345AA', 'O12345AA');
    expect(await environmentDefinitionFiles(runtime.db, 'O12345AA')).toEqual(
      await environmentDefinitionFiles(runtime.db, 'T12345AA'),
    );
    const hashes = new Map((await listEnvironments(runtime.db)).map((e) => [e.name, e.definitionsHash]));
    expect(hashes.get('O12345AA')).toBe(hashes.get('T12345AA'));
    expect(await registryForEnvironment(runtime, 'O12345AA')).toBe(await registryForEnvironment(runtime, 'T12345AA'));
    // Linking it in O12345AA, refused before, is accepted now.
    await linkConnectors(
      runtime.db,
      await registryForEnvironment(runtime, 'O12345AA'),
      await findAppConnector(runtime.db, 'O12345AA', 'Tests'),
      'get',
      ['Test_Cities'],
    );
    const cities = await server.call('/connectors/Test_Cities');
    expect(cities.status, await cities.clone().text()).toBe(200);
    expect(((await cities.json()) as { rows: unknown[] }).rows).toHaveLength(2);
    await resetEnvironmentDefinitions(runtime, 'O12345AA');
    expect((await server.call('/connectors/Test_Cities')).status).toBe(500);
  });

  it('reset lets an environment serve the server definitions again, its data kept', async ({ skip }) => {
    if (!server) return skip();
    const { runtime } = server;
    await resetEnvironmentDefinitions(runtime, 'T12345AA');
    expect(await environmentDefinitionFiles(runtime.db, 'T12345AA')).toBeUndefined();
    expect((await callT('/connectors/Test_Cities')).status).toBe(500);
    const schema = await runtime.db.environmentSchema('T12345AA');
    const kept = await sql<{ nickname: string }>`select nickname from ${sql.id(schema, 'people')} where id = 1`.execute(
      runtime.db.kysely,
    );
    expect(kept.rows[0]?.nickname).toBe('Annie');
  });
});
