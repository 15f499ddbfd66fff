// Generation of UpdateConnector definitions from the catalogue, without a database: the shipped files fit their
// schema, the generated definitions are what the definition schemas would make of them and compile, keys follow the
// documented numbering rule, and one object subtree can be generated under a parent of someone else's.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCatalogueConnectors } from '../src/catalogue/catalogue-definitions.ts';
import {
  CATALOGUE_UPDATE_DIR,
  catalogueConnectorSchema,
  readCatalogueUpdateConnectors,
} from '../src/catalogue/catalogue-files.ts';
import { generateObjectStorage, generateUpdateConnector } from '../src/catalogue/generate-update.ts';
import { postgresDialect, sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DEMO_DEFINITIONS, loadDefinitions } from '../src/definitions/load.ts';
import { tableSchema } from '../src/definitions/schema.ts';
import { updateConnectorSchema } from '../src/write/update-schema.ts';

const catalogue = readCatalogueUpdateConnectors();
const byId = (id: string) => catalogue.find((c) => c.id === id)!;

describe('the catalogue copy', () => {
  it('has 169 UpdateConnectors, every file fitting the schema the server reads it by', () => {
    const files = readdirSync(CATALOGUE_UPDATE_DIR).filter((f) => f.endsWith('.json') && !f.startsWith('_'));
    expect(files).toHaveLength(169);
    for (const file of files) {
      const parsed = catalogueConnectorSchema.safeParse(
        JSON.parse(readFileSync(join(CATALOGUE_UPDATE_DIR, file), 'utf8')),
      );
      expect(parsed.success, `${file}: ${parsed.error?.issues[0]?.message}`).toBe(true);
      // What the server reads without the schema is what the schema makes of the file.
      expect(catalogue.find((c) => `${c.id}.json` === file)).toMatchObject(parsed.data!);
    }
  });
});

describe('generated definitions', () => {
  it('are what the definition schemas make of them, and compile with the demo definitions on both dialects', () => {
    for (const connector of catalogue) {
      const generated = generateUpdateConnector(connector);
      expect(updateConnectorSchema.parse(generated.connector), connector.id).toEqual(generated.connector);
      for (const table of generated.tables) expect(tableSchema.parse(table), table.name).toEqual(table);
    }
    const set = withCatalogueConnectors(loadDefinitions(DEMO_DEFINITIONS));
    for (const dialect of [sqliteDialect, postgresDialect]) {
      const registry = compileDefinitions(set, dialect);
      // Every catalogue connector is served: hand-written or generated.
      for (const connector of catalogue) expect(registry.updateConnectors.has(connector.id), connector.id).toBe(true);
      // The hand-written ones stay as written.
      expect(registry.updateConnectors.get('KnPerson')!.root.table.name).toBe('kn_person');
    }
  });

  it('numbers what Profit numbers and leaves the rest to the caller', () => {
    const keys = (id: string, path?: string) => {
      const { connector } = generateUpdateConnector(byId(id));
      let object = connector.rootObject;
      for (const name of path?.split('/') ?? []) object = object.objects.find((o) => o.name === name)!;
      const defaults = Object.fromEntries(object.fields.map((f) => [f.fieldId, f.default]));
      return {
        keys: object.keys.map((k) => `${k.attribute}:${defaults[k.attribute] === '$fileId' ? 'guid' : k.generate}`),
        rules: object.rules,
      };
    };
    expect(keys('KnCustomK01')).toEqual({ keys: ['SqNo:sequence'], rules: [] });
    expect(keys('FbPurch')).toEqual({ keys: ['OrNu:sequence'], rules: [] });
    expect(keys('KnSalesRelationPer')).toEqual({ keys: ['DbId:sequence'], rules: [] });
    expect(keys('KnSalesRelationPer', 'KnPerson')).toEqual({ keys: ['BcId:sequence'], rules: [] });
    expect(keys('FiCommitment')).toEqual({ keys: ['SeNo:sequence', 'UnId:client'], rules: [] });
    expect(keys('PtProjectProgress')).toEqual({ keys: ['GuLi:guid'], rules: [] });
    // An employee's absences share the employee: inserts never look for a stored one.
    expect(keys('HrAbsence')).toEqual({ keys: ['EmId:client'], rules: ['repeatable-keys'] });
    // Identity keys the caller sends: a second POST of them is refused.
    expect(keys('HrCostCentre')).toEqual({ keys: ['CmId:client', 'CrId:client'], rules: [] });
    expect(keys('KnAccount')).toEqual({ keys: ['AcNr:client'], rules: [] });
    // A boolean cannot be numbered: named only by the DELETE URL.
    const realization = generateUpdateConnector(byId('PtRealization')).connector.rootObject;
    expect([realization.keys, realization.lookup]).toEqual([[], ['UseSetImport']]);
    // PUT-only: named by its mandatory fields, stored when missing.
    const invoice = generateUpdateConnector(byId('FiInvoice')).connector;
    expect([invoice.verbs, invoice.putUpserts, invoice.rootObject.keys.map((k) => k.attribute)]).toEqual([
      ['put'],
      true,
      ['UnId', 'VaAd', 'DcNr'],
    ]);
  });

  it('keeps what the catalogue says for metainfo while not demanding what Profit fills itself', () => {
    const person = generateUpdateConnector(byId('KnSalesRelationPer')).connector.rootObject.objects.find(
      (o) => o.name === 'KnPerson',
    )!;
    const field = (id: string) => person.fields.find((f) => f.fieldId === id)!;
    expect([field('AutoNum').mandatory, field('AutoNum').mandatoryInMetainfo]).toEqual([false, true]);
    expect([field('MatchPer').mandatory, field('MatchPer').mandatoryInMetainfo]).toEqual([true, true]);
    // A required boolean is false when absent.
    const absence = generateUpdateConnector(byId('HrAbsence')).connector.rootObject.fields.find(
      (f) => f.fieldId === 'LeDt',
    )!;
    expect([absence.mandatory, absence.mandatoryInMetainfo, absence.default]).toEqual([false, true, false]);
    expect(person.mandatoryOnPut).toEqual(['BcId']);
  });

  it('generates one object subtree under a parent of another definition', () => {
    const storage = generateObjectStorage({
      connector: byId('KnPerson'),
      connectorId: 'KnPerson',
      path: ['KnPerson', 'KnContact'],
      link: {
        columns: [{ name: 'person_id', type: 'int', nullable: false, autoIncrement: false }],
        parentKey: { bc_id: 'person_id' },
      },
    });
    expect(storage.tables.map((t) => t.name)).toEqual([
      'g_knperson_kncontact',
      'g_knperson_kncontact_knbasicaddressadr',
      'g_knperson_kncontact_knbasicaddresspad',
      'g_knperson_kncontact_knperson',
      'g_knperson_kncontact_knperson_kncontactautrole',
      'g_knperson_kncontact_knperson_knbankaccount',
      'g_knperson_kncontact_knperson_knbasicaddressadr',
      'g_knperson_kncontact_knperson_knbasicaddresspad',
    ]);
    expect(storage.object.parentKey).toEqual({ bc_id: 'person_id' });
    expect(storage.tables[0]!.columns.map((c) => c.name).slice(0, 2)).toEqual(['ac_id', 'person_id']);
    // Below the subtree's top, each object hangs under its generated parent.
    expect(storage.object.objects[0]!.parentKey).toEqual({ ac_id: 'ac_parent_id' });
  });
});
