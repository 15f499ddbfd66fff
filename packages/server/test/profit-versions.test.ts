// A Profit version per environment over real HTTP, on SQLite and PostgreSQL: production at 6.2.0 and accept at
// 9.0.0 hold the same rows; /ProfitVersion answers each, the GetConnector answer differs exactly as Profit 7 changed
// it (decimals `-.5`, skip and take on lines of their own) and the raw token XML works before 7 only.

import { authorizationHeader, tokenXml } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppConnector, linkConnectors } from '../src/admin/app-connectors.ts';
import {
  AdminError,
  createEnvironment,
  DEFAULT_PROFIT_VERSION,
  listEnvironments,
  setProfitVersion,
} from '../src/admin/environments.ts';
import { createToken } from '../src/admin/tokens.ts';
import { boot } from '../src/boot.ts';
import { insertRows } from '../src/db/bulk-insert.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { PEOPLE_DEFINITIONS, startTestServer, type TestServer } from './support/harness.ts';

// Salaries (decimal) that show every case: fractions below one either sign, zero, whole and large values; ages (int)
// negative and zero; names and cities holding the same texts, which must stay as they are.
const PEOPLE = [
  { id: 1, name: '-.5', city: 'a .5 b', age: -3, salary: -0.5 },
  { id: 2, name: '0.5', city: ':-.25,', age: 0, salary: 0.5 },
  { id: 3, name: 'x', city: 'y', age: 7, salary: 0 },
  { id: 4, name: 'x', city: 'y', age: -40, salary: 1.5 },
  { id: 5, name: 'x', city: 'y', age: null, salary: -12.25 },
  { id: 6, name: 'x', city: 'y', age: 1, salary: 1234567890123.5 },
  { id: 7, name: 'x', city: 'y', age: 1, salary: -9876543210.05 },
  { id: 8, name: 'x', city: 'y', age: 1, salary: 0.05 },
  { id: 9, name: 'x', city: 'y', age: 1, salary: -0.01 },
  { id: 10, name: 'x', city: 'y', age: 1, salary: null },
];

/** A row as the server writes it; `salary` is given as the text the version must write. */
function row(p: (typeof PEOPLE)[number], salary: string): string {
  return (
    `{"Id":${p.id},"Name":${JSON.stringify(p.name)},"City":${JSON.stringify(p.city)},"Age":${p.age ?? 'null'},` +
    `"Salary":${salary},"Born":null,"Active":null,"Team_Name":null,"Line":${JSON.stringify(`${p.name} (${p.city})`)},` +
    `"Modified-Date":null}`
  );
}

// Written out by hand, not computed: the two forms of each salary.
const SALARY_7 = ['-0.5', '0.5', '0', '1.5', '-12.25', '1234567890123.5', '-9876543210.05', '0.05', '-0.01', 'null'];
const SALARY_6 = ['-.5', '.5', '0', '1.5', '-12.25', '1234567890123.5', '-9876543210.05', '.05', '-.01', 'null'];

describe.each(DATABASE_KINDS)('Profit versions on %s', (kind) => {
  let server: TestServer | undefined;
  let origin = '';
  let acceptAuth = '';
  let acceptXml = '';

  beforeAll(async () => {
    server = await startTestServer(kind, { secondEnvironment: false });
    if (!server) return;
    const { db, registry } = server.runtime;
    await setProfitVersion(db, 'O12345AA', '6.2.0');
    await createEnvironment(db, registry, { name: 'A12345AA', profitVersion: '9.0.0' });
    const app = await linkConnectors(
      db,
      registry,
      await createAppConnector(db, { environment: 'A12345AA', name: 'Tests' }),
      'get',
      ['Test_People'],
    );
    acceptXml = (await createToken(db, app, { userId: 'tester' })).xml;
    acceptAuth = authorizationHeader(acceptXml);
    for (const environment of ['O12345AA', 'A12345AA'])
      await insertRows(db, await db.environmentSchema(environment), registry.tables.get('people')!, PEOPLE);
    origin = server.base.replace(/\/ProfitRestServices$/, '');
  });
  afterAll(async () => server?.close());

  const production = (path: string, authorization = server!.auth) =>
    fetch(`${origin}/O12345AA/ProfitRestServices${path}`, { headers: { authorization, 'accept-language': 'en-us' } });
  const accept = (path: string, authorization = acceptAuth) =>
    fetch(`${origin}/A12345AA/ProfitRestServices${path}`, { headers: { authorization, 'accept-language': 'en-us' } });

  it('answers each environment its own version on /ProfitVersion', async ({ skip }) => {
    if (!server) return skip();
    expect(await (await production('/ProfitVersion', '')).json()).toEqual({ version: '6.2.0' });
    expect(await (await accept('/ProfitVersion', '')).json()).toEqual({ version: '9.0.0' });
    expect(await (await fetch(`${origin}/ProfitVersion`)).json()).toEqual({ version: '6.2.0' });
  });

  it('writes the same rows as Profit 7 on accept and as Profit 6 on production, byte for byte', async ({ skip }) => {
    if (!server) return skip();
    const path = '/connectors/Test_People?orderbyfieldids=Id';
    const seven = await accept(path);
    const six = await production(path);
    expect([seven.status, six.status]).toEqual([200, 200]);
    expect(six.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const sevenText = await seven.text();
    const sixText = await six.text();
    expect(sevenText).toBe(`{"skip":0,"take":100,"rows":[${PEOPLE.map((p, i) => row(p, SALARY_7[i]!)).join(',')}]}`);
    expect(sixText).toBe(
      `{\r\n"skip":0,\r\n"take":100,\r\n"rows":[${PEOPLE.map((p, i) => row(p, SALARY_6[i]!)).join(',')}]}`,
    );
    // Only the head and the decimals differ: with both undone the texts are equal.
    const undone = sixText
      .replace('{\r\n"skip":0,\r\n"take":100,\r\n', '{"skip":0,"take":100,')
      .replace(/"Salary":(-?)\./g, '"Salary":$10.');
    expect(undone).toBe(sevenText);
    expect(sixText.split('\r\n')).toHaveLength(4);
    expect(() => JSON.parse(sixText)).toThrow(SyntaxError);
  });

  it('lays out skip and take as asked, empty pages and streamed answers alike', async ({ skip }) => {
    if (!server) return skip();
    expect(await (await production('/connectors/Test_People?skip=20&take=5')).text()).toBe(
      '{\r\n"skip":20,\r\n"take":5,\r\n"rows":[]}',
    );
    expect(await (await accept('/connectors/Test_People?skip=20&take=5')).text()).toBe(
      '{"skip":20,"take":5,"rows":[]}',
    );
    // skip=-1&take=-1 is read in chunks and streamed: the same head and decimals.
    const all = await (await production('/connectors/Test_People?skip=-1&take=-1&orderbyfieldids=Id')).text();
    expect(all.startsWith('{\r\n"skip":-1,\r\n"take":-1,\r\n"rows":[{"Id":1,')).toBe(true);
    expect(all).toContain('"Salary":-.5,');
    expect(all).toContain('"Salary":.05,');
  });

  it('accepts the raw token XML before Profit 7 and refuses it from 7 on', async ({ skip }) => {
    if (!server) return skip();
    const path = '/connectors/Test_People?take=1';
    expect((await production(path, `AfasToken ${server.token}`)).status).toBe(200);
    // Spaces inside the XML, as a hand-pasted token may have them.
    const spaced = server.token.replace('<version>', ' <version>').replace('</data>', '</data> ');
    expect((await production(path, `AfasToken ${spaced}`)).status).toBe(200);
    expect((await production(path)).status).toBe(200);

    const refused = await accept(path, `AfasToken ${acceptXml}`);
    expect(refused.status).toBe(401);
    expect((await refused.json()).externalMessage).toContain('not base64-encoded');
    expect((await accept(path)).status).toBe(200);

    // Before 7 a raw token is still checked as any other: unknown, malformed, or of another environment.
    const unknown = await production(path, `AfasToken ${tokenXml('C'.repeat(64))}`);
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).externalMessage).toContain('not known');
    const malformed = await production(path, 'AfasToken <token><data>12</data></token>');
    expect((await malformed.json()).externalMessage).toContain('is not of the form');
    expect((await production(path, `AfasToken ${acceptXml}`)).status).toBe(401);
  });

  it('follows a changed version at the next call, and refuses versions that are not x.y.z', async ({ skip }) => {
    if (!server) return skip();
    const { db } = server.runtime;
    const path = '/connectors/Test_People?orderbyfieldids=Id&take=1';
    expect(await setProfitVersion(db, 'A12345AA', '6.9.9')).toEqual({
      name: 'A12345AA',
      previous: '9.0.0',
      profitVersion: '6.9.9',
    });
    try {
      expect(await (await accept(path)).text()).toContain('{\r\n"skip":0,\r\n"take":1,\r\n"rows":[{"Id":1,');
      expect((await accept(path, `AfasToken ${acceptXml}`)).status).toBe(200);
      // Numbers compare as numbers: 10.0.0 is after 7, 7.0.0 is the first of the new behaviour.
      for (const version of ['10.0.0', '7.0.0']) {
        await setProfitVersion(db, 'A12345AA', version);
        expect(await (await accept(path)).text()).toMatch(/^\{"skip":0,"take":1,"rows":\[\{"Id":1,.*"Salary":-0\.5,/);
        expect(await (await accept('/ProfitVersion', '')).json()).toEqual({ version });
      }
    } finally {
      await setProfitVersion(db, 'A12345AA', '9.0.0');
    }
    for (const bad of ['7', '7.0', '7.0.0.1', 'v7.0.0', '7.0.x', ' 7.0.0', '']) {
      await expect(setProfitVersion(db, 'A12345AA', bad)).rejects.toThrow(/three dot-separated numbers/);
      await expect(
        createEnvironment(db, server.runtime.registry, { name: 'C12345AA', profitVersion: bad }),
      ).rejects.toBeInstanceOf(AdminError);
    }
    await expect(setProfitVersion(db, 'A99999AA', '8.0.0')).rejects.toMatchObject({ kind: 'notFound' });
  });

  it('gives environments of earlier releases, still at the old default 6.1.0, the new default once', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { db, registry } = server.runtime;
    expect(DEFAULT_PROFIT_VERSION).toBe('8.0.0');
    await createEnvironment(db, registry, { name: 'T12345AA', profitVersion: '6.1.0' });
    await createEnvironment(db, registry, { name: 'C12345AA', profitVersion: '6.5.0' });
    const versions = async (database = db) =>
      Object.fromEntries((await listEnvironments(database)).map((e) => [e.name, e.profitVersion]));
    // A database of an earlier release has no record of the upgrade.
    await db.kysely.schema.withSchema(db.systemSchema).dropTable('upgrades').execute();
    const upgraded = await boot({ database: server.databaseUrl, definitionsDir: PEOPLE_DEFINITIONS, catalogue: false });
    try {
      expect(await versions(upgraded.db)).toEqual({
        O12345AA: '6.2.0',
        A12345AA: '9.0.0',
        T12345AA: '8.0.0',
        C12345AA: '6.5.0',
      });
      // Once: 6.1.0 set afterwards on purpose stays at the next start.
      await setProfitVersion(db, 'T12345AA', '6.1.0');
    } finally {
      await upgraded.db.close();
    }
    const again = await boot({ database: server.databaseUrl, definitionsDir: PEOPLE_DEFINITIONS, catalogue: false });
    try {
      expect((await versions(again.db)).T12345AA).toBe('6.1.0');
    } finally {
      await again.db.close();
    }
  });
});
