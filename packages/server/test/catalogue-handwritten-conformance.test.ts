// The hand-written UpdateConnectors against AFAS's published description, as compiled at start (definitions +
// catalogue/overlay-handwritten.ts): object names, field ids, types, lengths, code tables, mandatory per verb.

import { describe, expect, it } from 'vitest';
import { servedDefinitions } from '../src/catalogue/catalogue-definitions.ts';
import { readCatalogueUpdateConnectors } from '../src/catalogue/catalogue-files.ts';
import { catalogueOf, conformHandWritten } from '../src/catalogue/overlay-handwritten.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DEMO_DEFINITIONS, loadDefinitions } from '../src/definitions/load.ts';
import type { WriteObject } from '../src/write/compile-update.ts';

const loaded = loadDefinitions(DEMO_DEFINITIONS);
const HAND_WRITTEN = loaded.updateConnectors.map((c) => c.id);
// Served as the test harness's quick mode does: held to the catalogue, nothing generated.
const registry = compileDefinitions(servedDefinitions(loaded, false), sqliteDialect);
const byId = new Map(readCatalogueUpdateConnectors().map((c) => [c.id.toLowerCase(), c]));
const CUSTOM_FIELD = /^U[0-9A-Fa-f]{32}$/;

/**
 * The documented exceptions, each with its reason:
 * - `blob` in the catalogue where the hand-written object keeps the text as a string column (remarks `Re`, `SbTx`,
 *   multilingual `Rm_*` texts, `FileStream` carried as base64 text): the value a client sends is the same JSON string.
 */
const TEXT_FOR_BLOB = true;
/**
 * Listed as required by AFAS, not mandatory in metainfo: numbers Profit gives itself when they are left out (a
 * relation's BcId and BcCo with AutoNum, the switch AutoNum, an entry's EnNo) and keys the server numbers (SbId...).
 */
const NUMBERED: ReadonlySet<string> = new Set(['BcId', 'BcCo', 'AutoNum', 'EnNo']);
/**
 * Required on insert although the description does not list them, because a documented Profit rule needs them
 * (`Object.FieldId`). None today: keys a client gives are key attributes, not fields, and are not checked here.
 */
const REQUIRED_BY_RULE: ReadonlySet<string> = new Set<string>();

function objectsOf(root: WriteObject, path = root.name): [string, WriteObject][] {
  return [[path, root], ...root.objects.flatMap((child) => objectsOf(child, `${path}/${child.name}`))];
}

describe.each(HAND_WRITTEN)('%s follows the catalogue', (id) => {
  const connector = catalogueOf(id, byId)!;
  const compiled = registry.updateConnectors.get(id)!;
  const documented = new Map<string, typeof connector.tree>();
  const walk = (object: typeof connector.tree, path: string) => {
    documented.set(path, object);
    for (const child of object.objects) walk(child, `${path}/${child.name}`);
  };
  walk(connector.tree, connector.tree.name);
  const served = new Map(objectsOf(compiled.root));

  it('has exactly the documented objects', () => {
    expect([...served.keys()].sort()).toEqual([...documented.keys()].sort());
  });

  it('has exactly the documented fields, with their types, lengths and code tables', () => {
    for (const [path, source] of documented) {
      const object = served.get(path)!;
      const fields = object.fields.filter((f) => !CUSTOM_FIELD.test(f.fieldId));
      const keyOnly = object.keys.filter((k) => !k.field).map((k) => k.attribute);
      expect([...fields.map((f) => f.fieldId), ...keyOnly].sort(), path).toEqual(
        expect.arrayContaining(source.fields.map((f) => f.fieldId).filter((f) => !keyOnly.includes(f))),
      );
      for (const field of fields) {
        const fact = source.fields.find((f) => f.fieldId === field.fieldId);
        expect(fact, `${path}.${field.fieldId} is not documented`).toBeDefined();
        const type =
          fact!.dataType === 'blob' && TEXT_FOR_BLOB && field.dataType === 'string' ? 'string' : fact!.dataType;
        expect(field.dataType, `${path}.${field.fieldId}`).toBe(type);
        if (fact!.length !== undefined && field.dataType === 'string') {
          expect(field.length, `${path}.${field.fieldId} length`).toBe(fact!.length);
          // The column holds what AFAS allows (a text column without a length holds anything).
          const column = field.column?.length;
          if (column !== undefined)
            expect(column, `${path}.${field.fieldId} column`).toBeGreaterThanOrEqual(fact!.length);
        }
        expect(
          field.values?.map((v) => v.id),
          `${path}.${field.fieldId} code table`,
        ).toEqual(fact!.values?.map((v) => v.id));
        // Metainfo says mandatory exactly where AFAS does, except for numbers the server gives (see NUMBERED).
        // Generated objects (g_ tables) say what the catalogue says; hand-written ones leave out the numbers.
        const generated = object.table.name.startsWith('g_');
        const numbered =
          !generated &&
          (NUMBERED.has(field.fieldId) ||
            object.keys.some((k) => k.attribute === field.fieldId && k.generate !== 'client'));
        expect(field.mandatory, `${path}.${field.fieldId} mandatory`).toBe(fact!.mandatory && !numbered);
      }
    }
  });

  it('requires on POST only what AFAS requires (or a documented rule), and on PUT what AFAS lists', () => {
    for (const [path, source] of documented) {
      const object = served.get(path)!;
      const required = new Set(source.fields.filter((f) => f.mandatory).map((f) => f.fieldId));
      for (const field of object.fields) {
        if (!field.requiredOnInsert) continue;
        const allowed = required.has(field.fieldId) || REQUIRED_BY_RULE.has(`${object.name}.${field.fieldId}`);
        expect(allowed, `${path}.${field.fieldId} is required on insert`).toBe(true);
      }
      const onPut = (connector.mandatoryOnPut?.[path] ?? []).filter((f) => f !== 'BcId');
      expect([...object.mandatoryOnPut].sort(), `${path} on PUT`).toEqual(expect.arrayContaining(onPut));
    }
  });
});

it('every hand-written connector is one AFAS documents (KnEmployee through KnDayContract)', () => {
  expect(HAND_WRITTEN.filter((id) => !catalogueOf(id, byId))).toEqual([]);
});

describe('the overlay at definition load', () => {
  const knUser = loaded.updateConnectors.find((c) => c.id === 'KnUser')!;
  const withUser = (rootObject: typeof knUser.rootObject) => ({
    ...loaded,
    updateConnectors: [{ ...knUser, rootObject }],
  });

  it('stops start-up on a field or an object AFAS does not document, naming it', () => {
    const field = { ...knUser.rootObject.fields[0]!, fieldId: 'Bogus' };
    expect(() =>
      conformHandWritten(withUser({ ...knUser.rootObject, fields: [...knUser.rootObject.fields, field] })),
    ).toThrow("UpdateConnector 'KnUser', object 'KnUser': field 'Bogus' is not in AFAS's description of the object");
    const object = { ...knUser.rootObject, name: 'KnBogus', objects: [] };
    expect(() => conformHandWritten(withUser({ ...knUser.rootObject, objects: [object] }))).toThrow(
      "object 'KnBogus' is not in AFAS's description",
    );
  });

  it('adds a documented field the YAML lacks as a nullable column of the object table, leaving the loaded set as it was', () => {
    const fields = knUser.rootObject.fields.filter((f) => f.fieldId !== 'EmAd');
    const table = knUser.rootObject.table;
    const before = loaded.tables.find((t) => t.name === table)!.columns.length;
    const set = conformHandWritten(withUser({ ...knUser.rootObject, fields }));
    const field = set.updateConnectors[0]!.rootObject.fields.find((f) => f.fieldId === 'EmAd')!;
    expect(field).toMatchObject({ column: 'emad', dataType: 'string', mandatory: false });
    expect(set.tables.find((t) => t.name === table)!.columns.find((c) => c.name === 'emad')).toMatchObject({
      type: 'string',
      nullable: true,
    });
    expect(loaded.tables.find((t) => t.name === table)!.columns).toHaveLength(before);
  });
});
