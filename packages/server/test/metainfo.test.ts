// Metainfo over real HTTP: the exact key sets and orders of PROTOCOL.md 4, only linked connectors, labels in the
// caller's language.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

describe.each(DATABASE_KINDS)('metainfo on %s', (kind) => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => server?.close());

  it('lists exactly the linked connectors with the info block', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.call('/metainfo');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['updateConnectors', 'getConnectors', 'info']);
    expect(body.getConnectors.map((c: { id: string }) => c.id).sort()).toEqual([
      'Test_Active',
      'Test_Blocked',
      'Test_People',
    ]);
    expect(Object.keys(body.getConnectors[0])).toEqual(['id', 'description']);
    expect(body.info).toEqual({ envid: 'O12345AA', appName: 'Tests', group: 'Tests (12345.TESTER)', tokenExpiry: '0' });
  });

  it('describes a GetConnector with exactly the eight field keys, in the caller language', async ({ skip }) => {
    if (!server) return skip();
    const english = await (await server.call('/metainfo/get/Test_People')).json();
    expect(Object.keys(english)).toEqual(['name', 'description', 'fields']);
    expect(english.name).toBe('Test_People');
    expect(english.fields[1]).toEqual({
      id: 'Name',
      fieldId: 'Nm',
      dataType: 'string',
      label: 'Name',
      length: 50,
      controlType: 1,
      decimals: 0,
      decimalsFieldId: '',
    });
    expect(english.fields.map((f: { id: string }) => f.id)).toEqual([
      'Id',
      'Name',
      'City',
      'Age',
      'Salary',
      'Born',
      'Active',
      'Team_Name',
      'Line',
      'Modified-Date',
    ]);
    expect(english.fields[4]).toMatchObject({ dataType: 'decimal', decimals: 2 });
    const dutch = await (
      await server.call('/MetaInfo/Get/Test_People', { headers: { 'accept-language': 'nl-nl' } })
    ).json();
    expect(dutch.description).toBe('Personen');
    expect(dutch.fields[1].label).toBe('Naam');
  });

  it('refuses a GetConnector that is not linked, and an UpdateConnector that is not there', async ({ skip }) => {
    if (!server) return skip();
    const get = await server.call('/metainfo/get/Test_Unlinked');
    expect(get.status).toBe(500);
    expect((await get.json()).externalMessage).toBe(
      'GetConnector not supported for this app or the user is not authorized',
    );
    const update = await server.call('/metainfo/update/KnSubject');
    expect(update.status).toBe(500);
    expect((await update.json()).externalMessage).toContain('UpdateConnector is not supported');
  });
});
