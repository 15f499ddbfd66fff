// readStoredRecords (admin/stored-records.ts) over every compiled UpdateConnector of the demo, on a real SQLite and
// PostgreSQL: each reads without error, by field ids and object names of its own tree only, newest first.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredRecords, type StoredRecord, suggestionsFor } from '../src/admin/stored-records.ts';
import { boot, type Runtime } from '../src/boot.ts';
import { createDemoEnvironment } from '../src/demo/setup-demo.ts';
import type { WriteObject } from '../src/write/compile-update.ts';
import { DATABASE_KINDS, type TestDatabase, testDatabase } from './support/databases.ts';

const HAND_WRITTEN = [
  'KnPerson',
  'KnOrganisation',
  'KnEmployee',
  'KnSubject',
  'KnUser',
  'FbItemArticle',
  'FbSales',
  'FiEntries',
];

/** Every record of the tree holds only what its object declares: key attributes, stored fields, sub-objects. */
function checkShape(object: WriteObject, record: StoredRecord): void {
  expect(record.object).toBe(object.name);
  expect(Object.keys(record.keys)).toEqual(object.keys.map((k) => k.attribute));
  const stored = object.fields.filter((f) => f.column && !(f.fieldId in record.keys)).map((f) => f.fieldId);
  expect(Object.keys(record.fields)).toEqual(stored);
  for (const [name, children] of Object.entries(record.objects)) {
    const child = object.children.get(name);
    expect(child, `${object.path} has no object ${name}`).toBeDefined();
    expect(children.length).toBeGreaterThan(0);
    for (const c of children) checkShape(child!, c);
  }
}

describe.each(DATABASE_KINDS)('stored records on %s', (kind) => {
  let database: TestDatabase | undefined;
  let runtime: Runtime;
  beforeAll(async () => {
    database = await testDatabase(kind);
    if (!database) return;
    runtime = await boot({ database: database.url });
    await createDemoEnvironment(runtime, { employees: 20 });
  });
  afterAll(async () => {
    await runtime?.db.close();
    await database?.drop();
  });

  it('reads every UpdateConnector of the registry by its own tree', async () => {
    if (!database) return;
    const withRecords: string[] = [];
    for (const connector of runtime.registry.updateConnectors.values()) {
      const { records } = await readStoredRecords(runtime.db, runtime.registry, { connector: connector.id, last: 3 });
      expect(records.length).toBeLessThanOrEqual(3);
      if (records.length > 0) withRecords.push(connector.id);
      for (const record of records) checkShape(connector.root, record);
      const stamps = records.map((r) => String(r.audit.modifiedAt ?? ''));
      expect(stamps).toEqual([...stamps].sort().reverse());
    }
    // The demo fills the tables of the hand-written connectors (connectors generated later may have no rows yet).
    expect(withRecords).toEqual(expect.arrayContaining(HAND_WRITTEN));
  });

  it('finds a record by a key attribute and by a stored field, values bound by the column type', async () => {
    if (!database) return;
    const [newest] = (await readStoredRecords(runtime.db, runtime.registry, { connector: 'KnPerson', last: 1 }))
      .records;
    const bcCo = newest!.keys.BcCo as string;
    const byKey = await readStoredRecords(runtime.db, runtime.registry, {
      connector: 'KnPerson',
      key: { '@BcCo': bcCo },
    });
    expect(byKey.records.map((r) => r.keys.BcCo)).toEqual([bcCo]);
    const byDate = await readStoredRecords(runtime.db, runtime.registry, {
      connector: 'KnPerson',
      key: { BcCo: bcCo, DaBi: String(newest!.fields.DaBi ?? '1900-01-01') },
    });
    expect(byDate.records.length).toBe(newest!.fields.DaBi === null ? 0 : 1);
    // Text that only looks like SQL is a value like any other.
    const odd = await readStoredRecords(runtime.db, runtime.registry, {
      connector: 'KnPerson',
      key: { LaNm: "x' or '1'='1" },
    });
    expect(odd.records).toEqual([]);
  });
});

describe('suggestionsFor', () => {
  const ids = ['KnPerson', 'KnOrganisation', 'KnSubject', 'FbSales', 'FiEntries'];
  it('offers a different case first, then close spellings, then ids containing the text', () => {
    expect(suggestionsFor('knperson', ids)).toEqual(['KnPerson']);
    expect(suggestionsFor('KnPersoon', ids)).toEqual(['KnPerson']);
    expect(suggestionsFor('Sales', ids)).toEqual(['FbSales']);
    expect(suggestionsFor('Xyzzy', ids)).toEqual([]);
  });
});
