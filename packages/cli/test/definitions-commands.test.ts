// `appconnector definitions export|import|block|unblock|reset --env` and `field add --env` in-process on a real
// SQLite file and a real PostgreSQL database: one environment's set changed, planned, refused with exit 2, blocked,
// and `app-connector link` checked against that environment's connectors.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../server/test/support/databases.ts';
import { PEOPLE_DEFINITIONS } from '../../server/test/support/harness.ts';
import { EXIT, type Io } from '../src/output.ts';
import { run } from '../src/run.ts';

async function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), interactive: false };
  const code = (await run(argv, io)) ?? 0;
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

const CITIES = [
  '  - id: Test_Cities',
  '    description: { en: Cities, nl: Plaatsen }',
  '    collection: People',
  '    fields:',
  '      - { id: Id, fieldId: Id }',
  '      - { id: City, fieldId: Ci }',
  '',
].join('\n');

describe.each(['sqlite', 'postgres'] as const)('definitions commands per environment on %s', (kind) => {
  let database: TestDatabase | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-cli-envdefs-'));
  let flags: string[] = [];
  beforeAll(async () => {
    database = kind === 'sqlite' ? sqliteDatabase() : await postgresDatabase();
    if (!database) return;
    flags = ['--db', database.url, '--config', PEOPLE_DEFINITIONS];
    for (const name of ['O12345AA', 'T12345AA']) {
      const created = await cli('env', 'create', name, ...flags);
      expect(created.code, created.err).toBe(0);
    }
  });
  /** Links Test_Cities to the App Connector 'Tests' of an environment. */
  const linkCities = (env: string) =>
    cli('app-connector', 'link', '--env', env, '--name', 'Tests', '--get', 'Test_Cities', ...flags);
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports, plans, refuses and imports one environment set', async ({ skip }) => {
    if (!database) return skip();
    const out = join(dir, 'T12345AA');
    const exported = await cli('definitions', 'export', '--env', 'T12345AA', '--out', out, ...flags);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toBe(`wrote 1 definition files of T12345AA to ${out}`);
    expect(exported.err).toContain("T12345AA serves the server's definitions; these are a copy");
    const file = join(out, 'people.yaml');
    const original = readFileSync(file, 'utf8');

    // A connector on a field its collection lacks: refused with exit 2, naming both; nothing changes.
    writeFileSync(file, `${original}${CITIES.replace('fieldId: Ci', 'fieldId: Zz')}`);
    const refused = await cli('definitions', 'import', '--env', 'T12345AA', out, ...flags);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.err).toBe(
      "error: definitions for T12345AA refused: GetConnector 'Test_Cities', field 'City': fieldId 'Zz' is not in collection 'People'",
    );

    writeFileSync(file, `${original}${CITIES}`);
    const dry = await cli('definitions', 'import', '--env', 'T12345AA', out, '--dry-run', ...flags);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toBe('+ GetConnector Test_Cities');
    expect(dry.err).toBe('T12345AA: dry run, 1 change; nothing was changed');
    // Still the server's set: linking the new connector in T12345AA is refused.
    expect((await cli('app-connector', 'create', '--env', 'T12345AA', '--name', 'Tests', ...flags)).code).toBe(0);
    const early = await linkCities('T12345AA');
    expect(early.code).toBe(EXIT.notFound);

    const imported = await cli('definitions', 'import', '--env', 'T12345AA', file, '--json', ...flags);
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({
      environment: 'T12345AA',
      files: ['people.yaml'],
      lines: ['+ GetConnector Test_Cities'],
      applied: true,
    });
    const linked = await linkCities('T12345AA');
    expect(linked.code, linked.err).toBe(0);
    // The other environment does not have it.
    expect((await cli('app-connector', 'create', '--env', 'O12345AA', '--name', 'Tests', ...flags)).code).toBe(0);
    const other = await linkCities('O12345AA');
    expect(other.code).toBe(EXIT.notFound);
    expect(other.err).toContain("GetConnector 'Test_Cities' is not defined");
  });

  it('blocks and unblocks a GetConnector, adds a custom field to the environment, and resets it', async ({ skip }) => {
    if (!database) return skip();
    const blocked = await cli('definitions', 'block', '--env', 'T12345AA', 'Test_People', ...flags);
    expect(blocked.code, blocked.err).toBe(0);
    expect(blocked.out).toBe('~ GetConnector Test_People: blocked');
    const unblocked = await cli('definitions', 'unblock', '--env', 'T12345AA', 'Test_People', '--json', ...flags);
    expect(JSON.parse(unblocked.out).lines).toEqual(['~ GetConnector Test_People: unblocked']);
    const unknown = await cli('definitions', 'block', '--env', 'T12345AA', 'Test_Nobody', ...flags);
    expect(unknown.code).toBe(EXIT.notFound);

    const added = await cli(
      'field',
      'add',
      '--env',
      'T12345AA',
      '--object',
      'people',
      '--label',
      'Nickname',
      '--type',
      'string',
      '--length',
      '20',
      '--get',
      'Test_Cities',
      '--json',
      ...flags,
    );
    expect(added.code, added.err).toBe(0);
    const field = JSON.parse(added.out);
    expect(field).toMatchObject({ environment: 'T12345AA', table: 'people', getConnectors: ['Test_Cities'] });
    expect(field.changes).toEqual([
      `~ table people: column '${field.column}' added`,
      `~ collection People: field '${field.fieldId}' added`,
      `~ GetConnector Test_Cities: field '${field.fieldId}' added`,
    ]);
    const again = join(dir, 'again');
    await cli('definitions', 'export', '--env', 'T12345AA', '--out', again, ...flags);
    expect(readFileSync(join(again, 'people.yaml'), 'utf8')).toContain(field.fieldId);
    // The server's set and the other environment did not get it.
    const server = join(dir, 'server');
    await cli('definitions', 'export', '--env', 'O12345AA', '--out', server, ...flags);
    expect(readFileSync(join(server, 'people.yaml'), 'utf8')).toBe(
      readFileSync(join(PEOPLE_DEFINITIONS, 'people.yaml'), 'utf8'),
    );

    const reset = await cli('definitions', 'reset', '--env', 'T12345AA', ...flags);
    expect(reset.out).toBe("T12345AA serves the server's definitions");
    const copy = join(dir, 'after-reset');
    const exported = await cli('definitions', 'export', '--env', 'T12345AA', '--out', copy, '--json', ...flags);
    expect(JSON.parse(exported.out)).toMatchObject({ own: false });
  });

  it('documents the commands', async () => {
    for (const command of ['export', 'import', 'block', 'unblock', 'reset']) {
      const help = await cli('definitions', command, '--help');
      expect(help.out, command).toMatch(/Usage: appconnector definitions/);
      expect(help.out, command).toContain('--env <name>');
    }
    expect((await cli('definitions', 'import', '--help')).out).toContain('--dry-run');
    expect((await cli('field', 'add', '--help')).out).toContain('--env <name>');
  });
});
