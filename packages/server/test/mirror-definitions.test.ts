// The definition set `appconnector mirror` makes from metainfo: its files parse (through the schema, as an import
// reads them) to the set it says, compile, and render metainfo equal to what it was made from, in both languages,
// with the awkward cases a real tenant has (a field shown twice, ids differing in case, long ids, code tables).

import type { GetMetainfo, UpdateMetainfo } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../src/auth/authenticate.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { parseDefinitionFiles } from '../src/definitions/load.ts';
import { renderGetMetainfo } from '../src/metainfo/render-metainfo.ts';
import { type MirrorSource, mirrorDefinitions } from '../src/mirror/mirror-definitions.ts';
import { updateMetainfoSource } from '../src/write/update-metainfo.ts';

const LONG = `Connector_${'x'.repeat(90)}`;

function getMeta(language: 'nl' | 'en'): GetMetainfo {
  const l = (nl: string, en: string) => (language === 'nl' ? nl : en);
  const field = (id: string, fieldId: string, dataType: GetMetainfo['fields'][number]['dataType'], label: string) => ({
    id,
    fieldId,
    dataType,
    label,
    length: dataType === 'string' ? 40 : 0,
    controlType: dataType === 'string' ? 1 : 5,
    decimals: dataType === 'decimal' ? 2 : 0,
    decimalsFieldId: '',
  });
  return {
    name: 'Test_Items',
    description: l('Artikelen', 'Items'),
    fields: [
      { ...field('ItemCode', 'ItCd', 'string', l('Artikelcode', 'Item code')), length: 10, controlType: 5 },
      field('Amount', 'Am', 'decimal', l('Bedrag', 'Amount')),
      // The same field shown twice under another id and label.
      field('AmountAgain', 'Am', 'decimal', l('Bedrag (kopie)', 'Amount (copy)')),
      field('name', 'Name', 'string', l('Naam', 'Name')),
      field('NAME', 'NAME', 'string', l('NAAM', 'NAME')),
      field('1st', '1st', 'int', l('Eerste', 'First')),
      {
        ...field('Memo', 'U0123456789ABCDEF0123456789ABCDEF', 'string', l('Notitie', 'Note')),
        length: 0,
        controlType: 23,
      },
      field('Since', 'Da.Be', 'date', l('Sinds', 'Since')),
      field('Active', 'Ac', 'boolean', l('Actief', 'Active')),
    ],
  };
}

function updateMeta(language: 'nl' | 'en'): UpdateMetainfo {
  const l = (nl: string, en: string) => (language === 'nl' ? nl : en);
  const field = (fieldId: string, dataType: UpdateMetainfo['fields'][number]['dataType'], extra = {}) => ({
    fieldId,
    primaryKey: false,
    dataType,
    label: l(`${fieldId} nl`, `${fieldId} en`),
    mandatory: false,
    length: dataType === 'string' ? 20 : 0,
    decimals: dataType === 'decimal' ? 4 : 0,
    decimalFieldId: '',
    notzero: false,
    controlType: 1,
    values: null,
    ...extra,
  });
  return {
    id: 'TestUpdate',
    description: l('Proef', 'Test'),
    name: 'TestRoot',
    fields: [
      field('Id', 'int', { primaryKey: true, controlType: 5 }),
      field('Code', 'string', { primaryKey: true, mandatory: true }),
      field('Kind', 'string', {
        values: [
          { id: 'A', description: l('Eerste soort', 'First kind') },
          { id: '2', description: l('Tweede', 'Second') },
        ],
      }),
      field('Price', 'decimal', { notzero: true, controlType: 5 }),
      field('U00112233445566778899AABBCCDDEEFF', 'boolean', { mandatory: true, controlType: 4 }),
    ],
    objects: [
      {
        name: 'TestLine',
        fields: [field('LiNo', 'int', { primaryKey: true }), field('Qty', 'decimal')],
        objects: [{ name: 'TestNote', fields: [field('Tx', 'string', { length: 0, controlType: 23 })], objects: [] }],
      },
    ],
  };
}

const source: MirrorSource = {
  getConnectors: [
    { id: 'Test_Items', description: { nl: 'Artikelen', en: 'Items' }, meta: { nl: getMeta('nl'), en: getMeta('en') } },
    {
      id: LONG,
      description: { nl: 'Lang', en: 'Long' },
      meta: { nl: { ...getMeta('nl'), name: LONG }, en: { ...getMeta('en'), name: LONG } },
    },
  ],
  updateConnectors: [
    {
      id: 'TestUpdate',
      description: { nl: 'Proef', en: 'Test' },
      meta: { nl: updateMeta('nl'), en: updateMeta('en') },
    },
  ],
};

const principal = { canGet: () => true } as unknown as Principal;

describe('mirrorDefinitions', () => {
  const made = mirrorDefinitions(source);

  it('writes files that parse, through the schema, to the set it made', () => {
    expect(made.refused).toEqual([]);
    expect(made.files.map((f) => f.name)).toEqual([
      'get-Test_Items.json',
      `get-${LONG}.json`,
      'update-TestUpdate.json',
    ]);
    const parsed = parseDefinitionFiles(made.files);
    // parseDefinitionFiles orders by file name.
    const byName = <T extends { name?: string; id?: string }>(list: T[]) =>
      [...list].sort((a, b) => String(a.name ?? a.id).localeCompare(String(b.name ?? b.id)));
    expect(byName(parsed.tables)).toEqual(byName(made.set.tables));
    expect(byName(parsed.collections)).toEqual(byName(made.set.collections));
    expect(byName(parsed.getConnectors)).toEqual(byName(made.set.getConnectors));
    expect(parsed.updateConnectors).toEqual(made.set.updateConnectors);
    // Identifiers fit PostgreSQL's 63 bytes, and ids that differ only in case got columns of their own.
    for (const table of parsed.tables) {
      expect(table.name.length).toBeLessThanOrEqual(63);
      expect(new Set(table.columns.map((c) => c.name)).size).toBe(table.columns.length);
    }
  });

  it('compiles to connectors whose metainfo is the source metainfo, in both languages', () => {
    const registry = compileDefinitions(parseDefinitionFiles(made.files), sqliteDialect);
    const updates = updateMetainfoSource(registry);
    for (const language of ['nl', 'en'] as const) {
      // Compared as the JSON text: key order is part of the wire.
      expect(JSON.stringify(renderGetMetainfo(registry, principal, 'Test_Items', language))).toBe(
        JSON.stringify(getMeta(language)),
      );
      expect(JSON.stringify(renderGetMetainfo(registry, principal, LONG, language).fields)).toBe(
        JSON.stringify(getMeta(language).fields),
      );
      expect(JSON.stringify(updates.render('TestUpdate', language, principal))).toBe(
        JSON.stringify(updateMeta(language)),
      );
      expect(updates.description('TestUpdate', language)).toBe(language === 'nl' ? 'Proef' : 'Test');
    }
  });

  it('numbers primary keys the source does not demand, and leaves demanded ones to the caller', () => {
    const root = made.set.updateConnectors[0]!.rootObject;
    expect(root.keys).toEqual([
      { attribute: 'Id', column: 'f_id', generate: 'sequence' },
      { attribute: 'Code', column: 'f_code', generate: 'client' },
    ]);
    expect(root.objects[0]!.keys.map((k) => k.generate)).toEqual(['sequence']);
    // PUT and POST both, as the catalogue does not document TestUpdate.
    expect(made.set.updateConnectors[0]!.verbs).toEqual(['post', 'put']);
  });

  it('leaves out connectors the definitions cannot hold, naming the connector and why, and keeps the others', () => {
    const bad = structuredClone(source);
    bad.getConnectors[0]!.meta.en.fields[0]!.fieldId = 'It Cd';
    bad.getConnectors[0]!.meta.nl.fields[0]!.fieldId = 'It Cd';
    bad.updateConnectors[0]!.meta.nl.fields.pop();
    const made = mirrorDefinitions(bad);
    expect(made.refused).toEqual([
      { kind: 'get', id: 'Test_Items', reason: expect.stringMatching(/^GetConnector 'Test_Items': fieldId 'It Cd'/) },
      {
        kind: 'update',
        id: 'TestUpdate',
        reason: expect.stringMatching(/^UpdateConnector 'TestUpdate', object 'TestRoot'.*differ/),
      },
    ]);
    expect(made.set.getConnectors.map((c) => c.id)).toEqual([LONG]);
    expect(made.files.map((f) => f.name)).toEqual([`get-${LONG}.json`]);
    expect(() => compileDefinitions(parseDefinitionFiles(made.files), sqliteDialect)).not.toThrow();
  });
});
