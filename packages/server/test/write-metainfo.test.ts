// Metainfo of UpdateConnectors over real HTTP: the list in /metainfo, and /metainfo/update/{id} with exactly the
// keys of PROTOCOL.md 4, the object tree of the definition, key fields, code tables and labels in the caller's language.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppConnector, linkConnectors, unlinkConnectors } from '../src/admin/app-connectors.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

const FIELD_KEYS = [
  'fieldId',
  'primaryKey',
  'dataType',
  'label',
  'mandatory',
  'length',
  'decimals',
  'decimalFieldId',
  'notzero',
  'controlType',
  'values',
];

interface ObjectTree {
  name: string;
  fields: Record<string, unknown>[];
  objects: ObjectTree[];
}

function everyObject(tree: ObjectTree): ObjectTree[] {
  return [tree, ...tree.objects.flatMap(everyObject)];
}

describe.each(DATABASE_KINDS)('UpdateConnector metainfo on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind, { employees: 5 });
  });
  afterAll(async () => server?.close());

  const get = async (path: string, language = 'en-us') => {
    const response = await server!.call(path, { headers: { 'accept-language': language } });
    return { status: response.status, body: await response.json() };
  };

  it('lists the linked UpdateConnectors with their descriptions', async ({ skip }) => {
    if (!server) return skip();
    const { body } = await get('/metainfo', 'nl-nl');
    expect(body.updateConnectors).toEqual(
      expect.arrayContaining([
        { id: 'KnSubject', description: 'Dossieritem' },
        { id: 'KnEmployee', description: 'Medewerker' },
        { id: 'FiEntries', description: 'Financiële mutatie' },
      ]),
    );
    expect(body.updateConnectors).toHaveLength(8);
  });

  it('renders the object tree with exactly the wire keys', async ({ skip }) => {
    if (!server) return skip();
    const { status, body } = await get('/metainfo/update/KnSubject');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['id', 'description', 'name', 'fields', 'objects']);
    expect(body).toMatchObject({ id: 'KnSubject', description: 'Dossier item', name: 'KnSubject' });
    for (const object of everyObject(body)) {
      expect(Object.keys(object).filter((k) => k !== 'id' && k !== 'description')).toEqual([
        'name',
        'fields',
        'objects',
      ]);
      for (const field of object.fields) expect(Object.keys(field)).toEqual(FIELD_KEYS);
    }
    expect(body.fields[0]).toEqual({
      fieldId: 'SbId',
      primaryKey: true,
      dataType: 'int',
      label: 'Dossier item',
      mandatory: false,
      length: 9,
      decimals: 0,
      decimalFieldId: '',
      notzero: false,
      controlType: 5,
      values: null,
    });
    expect(body.fields.find((f: { fieldId: string }) => f.fieldId === 'Ds')).toMatchObject({
      dataType: 'string',
      mandatory: true,
      length: 255,
      controlType: 1,
    });
    expect(body.fields.find((f: { fieldId: string }) => f.fieldId === 'ViPr').values).toEqual([
      { id: 'H', description: 'HOOG' },
      { id: 'N', description: 'Normaal' },
      { id: 'L', description: 'Laag' },
    ]);
    expect(body.objects.map((o: ObjectTree) => o.name)).toEqual(['KnSubjectLink', 'KnSubjectAttachment']);
  });

  it('names the root object, lists key attributes as key fields, and speaks Dutch when asked', async ({ skip }) => {
    if (!server) return skip();
    const { body } = await get('/MetaInfo/Update/KnEmployee', 'nl-nl');
    expect(body).toMatchObject({ id: 'KnEmployee', description: 'Medewerker', name: 'AfasEmployee' });
    // As KnDayContract describes the employee's objects (the hand-written ones first, then the generated).
    const names = body.objects.map((o: ObjectTree) => o.name);
    expect(names.slice(0, 6)).toEqual([
      'KnPerson',
      'AfasContract',
      'AfasOrgunitFunction',
      'AfasTimeTable',
      'AfasSalary',
      'AfasBankInfo',
    ]);
    expect(names).toEqual(expect.arrayContaining(['AfasAgencyFiscus', 'AfasEmploymentDocument']));
    const contract = body.objects[1] as ObjectTree;
    expect(contract.fields[0]).toMatchObject({
      fieldId: 'DaBe',
      primaryKey: true,
      dataType: 'date',
      label: 'Begindatum contract',
      mandatory: true,
    });
    const salary = body.objects[4] as ObjectTree;
    expect(salary.fields.find((f) => f.fieldId === 'EmSa')).toMatchObject({
      dataType: 'decimal',
      decimals: 2,
      label: 'Salaris',
      mandatory: true,
    });
    const lines = (await get('/metainfo/update/FbSales')).body.objects[0] as ObjectTree;
    expect(lines.fields.find((f) => f.fieldId === 'QuUn')).toMatchObject({ notzero: true, mandatory: true });
    const person = everyObject((await get('/metainfo/update/KnPerson')).body)[0]!;
    expect(person.fields.find((f) => f.fieldId === 'MatchPer')!.values).toHaveLength(8);
    expect(person.fields.find((f) => f.fieldId === 'LaNm')).toMatchObject({ mandatory: false, length: 80 });
  });

  it('refuses an UpdateConnector that is not linked or does not exist', async ({ skip }) => {
    if (!server) return skip();
    const { db, registry } = server.runtime;
    await unlinkConnectors(db, await findAppConnector(db, 'O12345AA', 'Tests'), 'update', ['KnUser']);
    try {
      const unlinked = await get('/metainfo/update/KnUser');
      expect(unlinked.status).toBe(500);
      expect(unlinked.body.externalMessage).toBe(
        'General message: This UpdateConnector is not supported or the user is not authorized.',
      );
      expect((await get('/metainfo')).body.updateConnectors.map((c: { id: string }) => c.id)).not.toContain('KnUser');
    } finally {
      await linkConnectors(db, registry, await findAppConnector(db, 'O12345AA', 'Tests'), 'update', ['KnUser']);
    }
    expect((await get('/metainfo/update/KnNothing')).status).toBe(500);
  });
});
