// Custom fields end to end on SQLite and PostgreSQL: added to a copy of the demo definitions (never the built-in
// one), the column appears at the next start of an existing database, the field is written through an
// UpdateConnector and read back through a GetConnector and metainfo.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvironment, prepareEnvironment } from '../src/admin/environments.ts';
import { boot } from '../src/boot.ts';
import { addCustomField, exportDefinitions } from '../src/definitions/custom-fields.ts';
import { DEMO_DEFINITIONS } from '../src/definitions/load.ts';
import { DATABASE_KINDS, testDatabase } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

describe('adding a custom field to definition files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'appconnector-fields-'));
    exportDefinitions(DEMO_DEFINITIONS, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the built-in demo definitions and says how to copy them', () => {
    expect(() => addCustomField({ dir: DEMO_DEFINITIONS, object: 'hr_employee', label: 'X', type: 'int' })).toThrow(
      /cannot be changed: copy them with `appconnector definitions export --out <dir>`/,
    );
  });

  it('refuses unknown tables, connectors and objects of another table, changing nothing', () => {
    const before = readFileSync(join(dir, 'hr.yaml'), 'utf8');
    expect(() => addCustomField({ dir, object: 'nope', label: 'X', type: 'int' })).toThrow(
      "no table or collection named 'nope'",
    );
    expect(() =>
      addCustomField({ dir, object: 'hr_employee', label: 'X', type: 'int', update: ['KnSubject/KnSubject'] }),
    ).toThrow("object 'KnSubject/KnSubject' writes table 'kn_subject', not 'hr_employee'");
    expect(() =>
      addCustomField({ dir, object: 'hr_employee', label: 'X', type: 'int', get: ['Profit_Subjects'] }),
    ).toThrow("GetConnector 'Profit_Subjects' reads collection 'Subjects', which does not get the field");
    expect(readFileSync(join(dir, 'hr.yaml'), 'utf8')).toBe(before);
  });

  it('writes the column, the collection field, the GetConnector field and the UpdateConnector field', () => {
    const added = addCustomField({
      dir,
      object: 'Employees',
      label: 'Shoe size',
      labelNl: 'Schoenmaat',
      type: 'decimal',
      decimals: 1,
      get: ['Profit_Employees'],
      update: ['KnEmployee/AfasEmployee'],
    });
    expect(added.fieldId).toMatch(/^U[0-9A-F]{32}$/);
    expect(added).toMatchObject({
      table: 'hr_employee',
      column: `u_${added.fieldId.slice(1).toLowerCase()}`,
      collections: ['Employees'],
      files: ['hr.yaml', 'update-knemployee.yaml'],
    });
    const hr = readFileSync(join(dir, 'hr.yaml'), 'utf8');
    expect(hr).toContain(`- { name: ${added.column}, type: decimal, decimals: 1 }`);
    expect(hr).toContain(`- { id: ${added.fieldId}, fieldId: ${added.fieldId} }`);
    // Comments of the file are kept.
    expect(hr.split('\n')[0]).toMatch(/^# Demo environment, HR/);
  });
});

describe.each(DATABASE_KINDS)('a custom field in use on %s', (kind) => {
  let dir: string;
  let fieldId: string;
  let server: WriteServer | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'appconnector-fields-'));
    exportDefinitions(DEMO_DEFINITIONS, dir);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets its column when a database made before the field starts again', async ({ skip }) => {
    const database = await testDatabase(kind);
    if (!database) return skip();
    try {
      const first = await boot({ database: database.url, definitionsDir: dir });
      await createEnvironment(first.db, first.registry, { name: 'O12345AA' });
      await first.db.close();
      fieldId = addCustomField({ dir, object: 'hr_employee', label: 'Badge', type: 'string', length: 20 }).fieldId;
      const second = await boot({ database: database.url, definitionsDir: dir });
      try {
        await prepareEnvironment(second.db, second.registry, 'O12345AA');
        const columns = await second.db.dialect
          .listColumnsSql(await second.db.environmentSchema('O12345AA'), 'hr_employee')
          .execute(second.db.kysely);
        expect(columns.rows.map((r) => r.name)).toContain(`u_${fieldId.slice(1).toLowerCase()}`);
      } finally {
        await second.db.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('is written through KnEmployee and read through Profit_Employees and metainfo', async ({ skip }) => {
    fieldId = addCustomField({
      dir,
      object: 'hr_employee',
      label: 'Parking spot',
      labelNl: 'Parkeerplaats',
      type: 'string',
      length: 10,
      get: ['Profit_Employees'],
      update: ['KnEmployee/AfasEmployee'],
    }).fieldId;
    server = await startWriteServer(kind, { definitionsDir: dir, employees: 5 });
    if (!server) return skip();
    const [someone] = await server.rows('Profit_Employees', 'orderbyfieldids=EmployeeId');
    expect(someone![fieldId]).toBeNull();
    const response = await server.send('PUT', '/connectors/KnEmployee', {
      AfasEmployee: { Element: { '@EmId': someone!.EmployeeId, Fields: { [fieldId]: 'P-12' } } },
    });
    expect(response.status).toBe(201);
    const [after] = await server.rows(
      'Profit_Employees',
      `filterfieldids=${fieldId}&filtervalues=P-12&operatortypes=1`,
    );
    expect(after).toMatchObject({ EmployeeId: someone!.EmployeeId, [fieldId]: 'P-12' });
    const tooLong = await server.send('PUT', '/connectors/KnEmployee', {
      AfasEmployee: { Element: { '@EmId': someone!.EmployeeId, Fields: { [fieldId]: 'P-123456789' } } },
    });
    expect((await tooLong.json()).externalMessage).toBe(
      `Object 'AfasEmployee': the value 'P-123456789' for field '${fieldId}' is longer than 10 characters.`,
    );
    const get = await (
      await server.call('/metainfo/get/Profit_Employees', { headers: { 'accept-language': 'nl-nl' } })
    ).json();
    expect(get.fields.find((f: { id: string }) => f.id === fieldId)).toMatchObject({
      fieldId,
      label: 'Parkeerplaats',
      length: 10,
    });
    const update = await (await server.call('/metainfo/update/KnEmployee')).json();
    expect(update.fields.find((f: { fieldId: string }) => f.fieldId === fieldId)).toMatchObject({
      dataType: 'string',
      label: 'Parking spot',
      length: 10,
      mandatory: false,
    });
  });
});
