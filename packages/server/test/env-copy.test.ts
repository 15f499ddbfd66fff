// `copyEnvironment` on SQLite and PostgreSQL over the demo company (with the catalogue's generated tables): an
// anonymised copy holds no original personal value anywhere (every text and blob column scanned), valid BSNs and
// IBANs, one fake per person everywhere, the same rows and references (a GetConnector over real HTTP), the same
// non-personal values; the same seed gives the same copy; a plain copy equals the source; a failure leaves nothing.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppConnector, findAppConnector, listAppConnectors } from '../src/admin/app-connectors.ts';
import { copyEnvironment } from '../src/admin/copy-environment.ts';
import {
  environmentDefinitionFiles,
  registryForEnvironment,
  setGetConnectorBlocked,
} from '../src/admin/environment-definitions.ts';
import { listEnvironments, setProfitVersion } from '../src/admin/environments.ts';
import { createToken } from '../src/admin/tokens.ts';
import { Anonymiser } from '../src/anonymise/fake-values.ts';
import { type PersonalKind, personalColumns } from '../src/anonymise/personal-columns.ts';
import type { Database } from '../src/db/database.ts';
import { NUMBERING_TABLE } from '../src/db/system-schema.ts';
import { DEMO_DEFINITIONS } from '../src/definitions/load.ts';
import type { TableDefinition } from '../src/definitions/schema.ts';
import { passesElevenTest, passesIbanCheck } from '../src/demo/checksums.ts';
import { loadDemoData } from '../src/demo/setup-demo.ts';
import { authModeOf, classicTokenDates, setAuthMode, setClassicTokenDates } from '../src/oauth/auth-settings.ts';
import { createOAuthClient, listOAuthClients } from '../src/oauth/clients.ts';
import { enableOtp } from '../src/otp/otp-service.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

const EMPLOYEES = 300;
type Row = Record<string, unknown>;
type Tables = Map<string, Row[]>;

/** Every row of every table of an environment, in primary key order. */
async function readEnvironment(db: Database, environment: string, tables: Iterable<TableDefinition>): Promise<Tables> {
  const schema = await db.environmentSchema(environment);
  const out: Tables = new Map();
  for (const table of tables) {
    let query = db.kysely.withSchema(schema).selectFrom(table.name).selectAll();
    for (const key of table.primaryKey) query = query.orderBy(key);
    out.set(table.name, (await query.execute()) as Row[]);
  }
  return out;
}

/** A value as comparable text: bytes as base64, the rest as JSON. */
const text = (value: unknown) =>
  value instanceof Uint8Array ? `b64:${Buffer.from(value).toString('base64')}` : JSON.stringify(value);

describe.each(DATABASE_KINDS)('copying an environment on %s', (kind) => {
  let server: TestServer | undefined;
  let db: Database;
  let tables: TableDefinition[];
  let personal: Map<string, Map<string, PersonalKind>>;
  let source: Tables;
  let anonymised: Tables;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      definitionsDir: DEMO_DEFINITIONS,
      catalogue: true,
      secondEnvironment: false,
    });
    if (!server) return;
    const { runtime } = server;
    db = runtime.db;
    await loadDemoData(runtime, 'O12345AA', { employees: EMPLOYEES, seed: 5 });
    // Production's credentials, which no copy may hold: the harness's token, OTP credentials, an OAuth client; and
    // settings, which it does: the App Connector's authentication mode, the classic-token dates.
    await enableOtp(db, await findAppConnector(db, 'O12345AA', 'Tests'));
    await setAuthMode(db, 'O12345AA', 'Tests', 'hybrid');
    await createOAuthClient(db, {
      environment: 'O12345AA',
      appConnector: 'Tests',
      name: 'Payroll service',
      type: 'confidential',
      userId: 'svc',
    });
    await setClassicTokenDates(db, 'O12345AA', { expire: '2031-05-01' });
    // A Profit version of its own, and definitions of its own: the server's with one GetConnector blocked.
    await setProfitVersion(db, 'O12345AA', '7.5.2');
    await setGetConnectorBlocked(runtime, 'O12345AA', 'Profit_Article', true);
    // A numbering counter, as the write path leaves them (write/numbering.ts).
    await db.kysely
      .withSchema(await db.environmentSchema('O12345AA'))
      .insertInto(NUMBERING_TABLE)
      .values({ scope: 'kn_basic_contact.bc_co', next_value: 987_654, width: 0 })
      .execute();
    tables = [...runtime.registry.tables.values()];
    personal = personalColumns(runtime.registry);
    const copied = await copyEnvironment(runtime, { from: 'O12345AA', to: 'T12345AA', anonymise: true });
    expect(copied).toMatchObject({ anonymised: true, seed: 18, tables: tables.length, appConnectors: 1 });
    source = await readEnvironment(db, 'O12345AA', tables);
    anonymised = await readEnvironment(db, 'T12345AA', tables);
  }, 240_000);
  afterAll(async () => server?.close());

  it('leaves no original personal value anywhere: every text and blob column of every table scanned', ({ skip }) => {
    if (!server) return skip();
    const anonymiser = new Anonymiser();
    // Originals of every personal column (texts of 3+ characters: one or two letters, an initial, are everybody's).
    const originals = new Map<string, Set<PersonalKind>>();
    const keptByDesign = new Set<string>();
    const blobs = new Set<string>();
    const exactOriginals: string[] = [];
    for (const [table, rows] of source) {
      for (const [column, kind] of personal.get(table)!) {
        for (const row of rows) {
          const value = row[column];
          if (value === null || value === '' || typeof value === 'number') continue;
          // Dates are no text; a file's size and type follow its placeholder and are checked below.
          if (kind === 'date' || kind === 'fileSize' || kind === 'mimeType') continue;
          if (value instanceof Uint8Array) {
            blobs.add(text(value));
            continue;
          }
          const original = String(value);
          // A salutation without a name ("Geachte heer, mevrouw") names nobody and stays.
          if (anonymiser.fake(kind, original) === original) {
            keptByDesign.add(`${kind}:${original}`);
            continue;
          }
          // Initials are everybody's ("J.", "S.C."): checked row by row instead (every letter another one).
          if (original.length < 3 || kind === 'initials') continue;
          exactOriginals.push(original);
          const kinds = originals.get(original.toLowerCase()) ?? new Set();
          kinds.add(kind);
          originals.set(original.toLowerCase(), kinds);
        }
      }
    }
    expect([...keptByDesign].every((v) => v.startsWith('salutation:'))).toBe(true);
    expect(originals.size).toBeGreaterThan(EMPLOYEES * 5);
    expect(blobs.size).toBeGreaterThan(0);
    // Containment: originals of 6+ characters by their first six, so a scan costs one look-up per position.
    const byStart = new Map<string, string[]>();
    for (const original of originals.keys()) {
      if (original.length < 6) continue;
      const list = byStart.get(original.slice(0, 6)) ?? [];
      list.push(original);
      byStart.set(original.slice(0, 6), list);
    }
    // Equality is exact (a user 'demo' is not the administration 'DEMO'), containment ignores case.
    const exact = new Set(exactOriginals);
    const found = (value: string): string | undefined => {
      if (exact.has(value)) return value.toLowerCase();
      const folded = value.toLowerCase();
      for (let i = 0; i + 6 <= folded.length; i++) {
        for (const original of byStart.get(folded.slice(i, i + 6)) ?? [])
          if (folded.startsWith(original, i)) return original;
      }
      return undefined;
    };
    // What a non-personal column may share with a personal one: place names (a city is personal only in an address;
    // work locations and the residence code tables hold them as public data), and the company's own vocabulary, the
    // texts of tables whose only personal columns are audit stamps (ledger account names, code descriptions), which
    // a free-text personal column may happen to repeat. In a personal column nothing is let through.
    const vocabulary = new Set<string>();
    for (const table of tables) {
      const kinds = personal.get(table.name)!;
      if ([...kinds.values()].some((k) => k !== 'userId')) continue;
      for (const column of table.columns)
        if (!kinds.has(column.name))
          for (const row of source.get(table.name)!)
            if (typeof row[column.name] === 'string') vocabulary.add(String(row[column.name]).toLowerCase());
    }
    const leaks = new Map<string, string>();
    const public_ = new Set<string>();
    let scanned = 0;
    for (const table of tables) {
      const columns = table.columns.filter((c) => c.type === 'string' || c.type === 'blob');
      for (const row of anonymised.get(table.name)!) {
        for (const column of columns) {
          const value = row[column.name];
          if (value === null || value === undefined) continue;
          scanned++;
          if (value instanceof Uint8Array && blobs.has(text(value)))
            leaks.set(`${table.name}.${column.name}`, 'a blob');
          const content = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value);
          const original = found(content);
          if (original === undefined) continue;
          const cityOnly = [...originals.get(original)!].every((k) => k === 'city');
          if (!personal.get(table.name)!.has(column.name) && (cityOnly || vocabulary.has(original)))
            public_.add(original);
          else leaks.set(`${table.name}.${column.name}`, `'${content.slice(0, 80)}' holds '${original}'`);
        }
      }
    }
    expect(scanned).toBeGreaterThan(10_000);
    expect(Object.fromEntries(leaks)).toEqual({});
    // What was let through is place names and postcodes of the code tables, canned remarks, account names.
    expect(public_.size).toBeGreaterThan(0);
  });

  it('gives BSNs that pass the 11-test, IBANs with a valid checksum, initials of other letters', ({ skip }) => {
    if (!server) return skip();
    let bsns = 0;
    let ibans = 0;
    for (const [table, kinds] of personal) {
      for (const [column, kind] of kinds) {
        if (kind !== 'bsn' && kind !== 'iban') continue;
        const before = source.get(table)!;
        for (const [i, row] of anonymised.get(table)!.entries()) {
          const value = row[column];
          const original = before[i]![column];
          if (typeof value !== 'string' || value === '') continue;
          if (kind === 'bsn' && passesElevenTest(String(original))) {
            expect(passesElevenTest(value), `${table}.${column} ${value}`).toBe(true);
            expect(value).not.toBe(original);
            bsns++;
          }
          if (kind === 'iban' && passesIbanCheck(String(original))) {
            expect(passesIbanCheck(value), `${table}.${column} ${value}`).toBe(true);
            expect(value).not.toBe(original);
            ibans++;
          }
        }
      }
    }
    expect(bsns).toBeGreaterThan(EMPLOYEES / 2);
    const initials = source.get('kn_person')!.map((p) => p.initials);
    for (const [i, person] of anonymised.get('kn_person')!.entries()) {
      const original = String(initials[i] ?? '');
      const fake = String(person.initials ?? '');
      expect(fake.length).toBe(original.length);
      for (let c = 0; c < fake.length; c++)
        if (/[A-Z]/.test(original[c]!)) expect(fake[c], `${original} -> ${fake}`).not.toBe(original[c]);
    }
    expect(ibans).toBeGreaterThan(EMPLOYEES / 2);
  });

  it("gives a person one fake name everywhere: person, user, contact line, and the catalogue's tables", ({ skip }) => {
    if (!server) return skip();
    // The same original first or last name has one fake, whichever row or table holds it.
    for (const [table, kinds] of personal) {
      const fakes = new Map<string, Set<string>>();
      for (const [column, kind] of kinds) {
        if (kind !== 'firstName' && kind !== 'lastName' && kind !== 'name') continue;
        const before = source.get(table)!;
        for (const [i, row] of anonymised.get(table)!.entries()) {
          const original = before[i]![column];
          if (typeof original !== 'string' || original === '') continue;
          // A fake, not the original: the fake lists share no name with the demo's.
          expect(row[column], `${table}.${column}`).not.toBe(original);
          const set = fakes.get(`${kind}:${original}`) ?? new Set();
          set.add(String(row[column]));
          fakes.set(`${kind}:${original}`, set);
        }
      }
      for (const [original, set] of fakes) expect(set.size, `${table}: ${original} -> ${[...set]}`).toBe(1);
    }
    // Within a person: the full name is made of the fakes of its first and last name.
    const persons = anonymised.get('kn_person')!;
    let checked = 0;
    for (const person of persons) {
      if (person.name === null) continue;
      const parts = [person.first_name, person.prefix, person.last_name].filter((p) => p !== null && p !== '');
      expect(person.name).toBe(parts.join(' '));
      checked++;
    }
    expect(checked).toBeGreaterThan(EMPLOYEES);
    // Across tables: a user's description and a contact's attention line are its person's (fake) name.
    const nameByCode = new Map(persons.map((p) => [p.bc_co, p.name]));
    const users = anonymised.get('kn_user')!;
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) expect(user.description).toBe(nameByCode.get(user.bc_co));
    const nameById = new Map(persons.map((p) => [p.bc_id, p.name]));
    const contacts = anonymised.get('kn_contact')!.filter((c) => c.attention_line);
    expect(contacts.length).toBeGreaterThan(0);
    for (const contact of contacts) expect(contact.attention_line).toBe(`T.a.v. ${nameById.get(contact.person_bc_id)}`);
    // A user id that is referred to (subjects' senders, audit stamps) maps the same way on both sides.
    const userIds = new Set(users.map((u) => u.user_id));
    const senders = anonymised.get('kn_subject')!.map((s) => s.sender_user_id);
    const originalUsers = new Set(source.get('kn_user')!.map((u) => u.user_id));
    const originalSenders = source.get('kn_subject')!.map((s) => s.sender_user_id);
    for (const [i, sender] of senders.entries())
      expect(userIds.has(sender), String(sender)).toBe(originalUsers.has(originalSenders[i]));
  });

  it('keeps every row, key and reference: row counts per table and GetConnectors with joins over HTTP', async ({
    skip,
  }) => {
    if (!server) return skip();
    for (const table of tables)
      expect(anonymised.get(table.name)!.length, table.name).toBe(source.get(table.name)!.length);
    expect(anonymised.get('hr_employee')!.length).toBe(EMPLOYEES);
    // Tokens are never copied: the copy's App Connector needs a token of its own.
    const appConnector = await findAppConnector(db, 'T12345AA', 'Tests');
    const token = await createToken(db, appConnector, { userId: 'tester' });
    const count = async (environment: string, connector: string, auth: string) => {
      const url = `${server!.base.replace('/ProfitRestServices', `/${environment}/ProfitRestServices`)}/connectors/${connector}?skip=-1&take=-1`;
      const response = await fetch(url, { headers: { authorization: auth } });
      expect(response.status, `${environment} ${connector}`).toBe(200);
      return ((await response.json()) as { rows: Row[] }).rows.length;
    };
    const { authorizationHeader } = await import('@appconnector/protocol');
    for (const connector of ['Profit_Employees', 'Profit_Contacts', 'Profit_Users', 'Profit_Subjects']) {
      const before = await count('O12345AA', connector, server.auth);
      expect(before).toBeGreaterThan(0);
      expect(await count('T12345AA', connector, authorizationHeader(token.xml))).toBe(before);
    }
    // The production token does not open the copy.
    const url = `${server.base.replace('/ProfitRestServices', '/T12345AA/ProfitRestServices')}/connectors/Profit_Employees`;
    expect((await fetch(url, { headers: { authorization: server.auth } })).status).toBe(401);
  });

  it("copies the source's own definitions", async ({ skip }) => {
    if (!server) return skip();
    const files = await environmentDefinitionFiles(db, 'O12345AA');
    expect(files?.length).toBeGreaterThan(3);
    expect(await environmentDefinitionFiles(db, 'T12345AA')).toEqual(files);
    const registry = await registryForEnvironment(server.runtime, 'T12345AA');
    expect(registry.getConnectors.get('Profit_Article')?.blocked).toBe(true);
    expect(server.runtime.registry.getConnectors.get('Profit_Article')?.blocked).toBe(false);
  });

  it('copies non-personal values as they are, the counters, and the App Connectors without tokens or OTP', async ({
    skip,
  }) => {
    if (!server) return skip();
    let compared = 0;
    for (const table of tables) {
      const kinds = personal.get(table.name)!;
      const before = source.get(table.name)!;
      for (const [i, row] of anonymised.get(table.name)!.entries()) {
        for (const column of table.columns) {
          if (kinds.has(column.name)) continue;
          expect(text(row[column.name]), `${table.name}.${column.name}`).toBe(text(before[i]![column.name]));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100_000);
    // A replaced file's size and type are the placeholder's.
    const attachments = anonymised.get('kn_subject_attachment')!;
    expect(attachments.length).toBeGreaterThan(0);
    const types = { '%PDF': 'application/pdf', '\x89PNG': 'image/png' } as Record<string, string>;
    for (const file of attachments) {
      const bytes = Buffer.from(file.file_data as Uint8Array);
      expect(file.file_size).toBe(bytes.length);
      expect(file.mime_type).toBe(types[bytes.subarray(0, 4).toString('latin1')] ?? 'text/plain');
    }
    const counters = async (environment: string) =>
      db.kysely
        .withSchema(await db.environmentSchema(environment))
        .selectFrom(NUMBERING_TABLE)
        .selectAll()
        .orderBy('scope')
        .execute();
    expect((await counters('O12345AA')).length).toBeGreaterThan(0);
    expect(await counters('T12345AA')).toEqual(await counters('O12345AA'));
    // Numbers the database gives (identity columns) continue after the copied rows in every table that has rows.
    const schema = await db.environmentSchema('T12345AA');
    const numbered = tables.filter(
      (t) => t.columns.some((c) => c.autoIncrement) && t.unique.length === 0 && source.get(t.name)!.length > 0,
    );
    expect(numbered.length).toBeGreaterThan(3);
    for (const table of numbered.slice(0, 20)) {
      const id = table.columns.find((c) => c.autoIncrement)!.name;
      const others = table.columns.filter((c) => c.name !== id).map((c) => sql.id(c.name));
      const max = Math.max(...source.get(table.name)!.map((r) => Number(r[id])));
      const inserted = await sql<Row>`insert into ${sql.id(schema, table.name)} (${sql.join(others)})
        select ${sql.join(others)} from ${sql.id(schema, table.name)} where ${sql.id(id)} = ${max} returning ${sql.id(id)}`.execute(
        db.kysely,
      );
      expect(Number(inserted.rows[0]![id]), table.name).toBe(max + 1);
    }
    const [copy] = await listAppConnectors(db, 'T12345AA');
    const [original] = await listAppConnectors(db, 'O12345AA');
    expect({ ...copy, id: 0, environment: '' }).toEqual({ ...original, id: 0, environment: '' });
    const sys = db.kysely.withSchema(db.systemSchema);
    expect(
      await sys.selectFrom('otp_credentials').selectAll().where('app_connector_id', '=', copy!.id).execute(),
    ).toEqual([]);
    expect(await listOAuthClients(db, 'T12345AA')).toEqual([]);
    expect((await listOAuthClients(db, 'O12345AA')).length).toBe(1);
    expect(await authModeOf(db, copy!.id)).toBe('hybrid');
    const dates = await classicTokenDates(db, 'O12345AA');
    expect(dates.expireAt).not.toBeNull();
    expect(await classicTokenDates(db, 'T12345AA')).toEqual({ ...dates, environment: 'T12345AA' });
    // Only the token the previous test made for the copy; none of production's.
    const tokens = await sys.selectFrom('tokens').select('hash').where('app_connector_id', '=', copy!.id).execute();
    const productionTokens = await sys
      .selectFrom('tokens')
      .select('hash')
      .where('app_connector_id', '=', original!.id)
      .execute();
    expect(tokens.filter((t) => productionTokens.some((p) => p.hash === t.hash))).toEqual([]);
    const environments = await listEnvironments(db);
    expect(environments.find((e) => e.name === 'T12345AA')).toMatchObject({
      type: 'test',
      participant: '12345',
      language: 'nl',
      profitVersion: '7.5.2',
      isDefault: false,
    });
    expect(environments.find((e) => e.name === 'T12345AA')!.maintenance).toBeUndefined();
  });

  it('gives the same copy for the same seed and another for another seed', async ({ skip }) => {
    if (!server) return skip();
    await copyEnvironment(server.runtime, { from: 'O12345AA', to: 'C12345AA', anonymise: true });
    const again = await readEnvironment(db, 'C12345AA', tables);
    for (const table of tables)
      expect(
        again.get(table.name)!.map((r) => r && Object.values(r).map(text).join('|')),
        table.name,
      ).toEqual(anonymised.get(table.name)!.map((r) => Object.values(r).map(text).join('|')));
    await copyEnvironment(server.runtime, { from: 'O12345AA', to: 'A12345AA', anonymise: true, seed: 7 });
    const other = await readEnvironment(db, 'A12345AA', tables);
    const names = (t: Tables) => t.get('kn_person')!.map((p) => p.name);
    const same = names(other).filter((name, i) => name !== null && name === names(anonymised)[i]);
    expect(same.length).toBeLessThan(names(other).length / 20);
    expect(other.get('kn_person')!.map((p) => p.bc_co)).toEqual(anonymised.get('kn_person')!.map((p) => p.bc_co));
  }, 120_000);

  it('copies without --anonymise exactly', async ({ skip }) => {
    if (!server) return skip();
    await copyEnvironment(server.runtime, { from: 'O12345AA', to: 'T54321AA' });
    const plain = await readEnvironment(db, 'T54321AA', tables);
    for (const table of tables)
      expect(
        plain.get(table.name)!.map((r) => Object.values(r).map(text).join('|')),
        table.name,
      ).toEqual(source.get(table.name)!.map((r) => Object.values(r).map(text).join('|')));
  }, 120_000);

  it('refuses a target that exists or that the participant rules refuse, and leaves nothing after a failure', async ({
    skip,
  }) => {
    if (!server) return skip();
    const { runtime } = server;
    await expect(copyEnvironment(runtime, { from: 'O12345AA', to: 'T12345AA' })).rejects.toThrow(
      'environment T12345AA already exists',
    );
    await expect(copyEnvironment(runtime, { from: 'O12345AA', to: 'T12345AB' })).rejects.toThrow(
      'there is already a test environment for participant 12345',
    );
    await expect(copyEnvironment(runtime, { from: 'T12345AA', to: 'O54321AA' })).rejects.toThrow(
      'a production environment is not made from a test environment (T12345AA)',
    );
    await expect(copyEnvironment(runtime, { from: 'O99999AA', to: 'T99999AA' })).rejects.toThrow(
      'environment O99999AA does not exist',
    );
    const before = await listAppConnectors(db);
    let calls = 0;
    await expect(
      copyEnvironment(runtime, {
        from: 'O12345AA',
        to: 'T77777AA',
        anonymise: true,
        onProgress: (p) => {
          if (p.table === 'kn_person' && ++calls === 1) throw new Error('the disk is full');
        },
      }),
    ).rejects.toThrow('copying O12345AA to T77777AA failed: the disk is full; T77777AA was removed again');
    expect(calls).toBe(1);
    expect((await listEnvironments(db)).map((e) => e.name)).not.toContain('T77777AA');
    expect(await listAppConnectors(db)).toEqual(before);
    const schema = await db.environmentSchema('T77777AA');
    const left = await db.dialect.listSchemaColumnsSql(schema).execute(db.kysely);
    expect(left.rows.filter((r) => !r.table_name.startsWith('sqlite_'))).toEqual([]);
    // The name is free again: a second try succeeds.
    await createAppConnector(db, { environment: 'O12345AA', name: 'Extra' });
    const copied = await copyEnvironment(runtime, { from: 'O12345AA', to: 'T77777AA' });
    expect(copied.appConnectors).toBe(2);
  }, 120_000);
});
