// Checks the demo environment's definition files: schema, cross-references, and the catalogue's standard connectors.
// Reads YAML and the shared catalogue only; must not start a server or open a database.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withCatalogueConnectors } from '../src/catalogue/catalogue-definitions.ts';
import { readGetCatalogue, servedType } from '../src/catalogue/get-catalogue.ts';
import { GET_MAPPINGS } from '../src/catalogue/get-mappings.ts';
import { WRITTEN_GET_MAPPINGS } from '../src/catalogue/get-written.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { loadDefinitions } from '../src/definitions/load.ts';
import {
  type CollectionDefinition,
  type DefinitionSet,
  definitionFileSchema,
  type Label,
  type TableDefinition,
} from '../src/definitions/schema.ts';

const DEMO_DIR = new URL('../definitions/demo/', import.meta.url);
const files = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.yaml'));

function loadDemo(): DefinitionSet {
  const set: DefinitionSet = { tables: [], collections: [], getConnectors: [], updateConnectors: [] };
  for (const file of files) {
    const parsed = definitionFileSchema.parse(parse(readFileSync(new URL(file, DEMO_DIR), 'utf8')));
    set.tables.push(...parsed.tables);
    set.collections.push(...parsed.collections);
    set.getConnectors.push(...parsed.getConnectors);
    set.updateConnectors.push(...parsed.updateConnectors);
  }
  return set;
}

const english = (label: Label | undefined) =>
  label === undefined ? undefined : typeof label === 'string' ? label : label.en;

// The project's copy of AFAS's published catalogue: every standard GetConnector (80).
const catalogue = readGetCatalogue();

const demo = loadDemo();
const tables = new Map(demo.tables.map((t) => [t.name, t]));
const collections = new Map(demo.collections.map((c) => [c.id, c]));

/** alias -> table of a collection (base and joins); the demo files have no union bases (those are built at boot). */
function aliasesOf(collection: CollectionDefinition): Map<string, TableDefinition | undefined> {
  const base = 'table' in collection.from ? tables.get(collection.from.table) : undefined;
  const aliases = new Map<string, TableDefinition | undefined>([[collection.from.as, base]]);
  for (const join of collection.joins) aliases.set(join.as, tables.get(join.table));
  return aliases;
}

function columnOf(collection: CollectionDefinition, ref: string) {
  const [alias, column] = ref.split('.') as [string, string];
  return aliasesOf(collection)
    .get(alias)
    ?.columns.find((c) => c.name === column);
}

describe('demo definition files', () => {
  it('are the files of every domain, and each parses with the definition schema', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining([
        'finance.yaml',
        'hr.yaml',
        'logistics.yaml',
        'relations.yaml',
        'subjects.yaml',
        'system.yaml',
      ]),
    );
    for (const file of files) {
      const result = definitionFileSchema.safeParse(parse(readFileSync(new URL(file, DEMO_DIR), 'utf8')));
      expect(result.success, `${file}: ${result.success ? '' : JSON.stringify(result.error.issues)}`).toBe(true);
    }
  });

  it('have unique table, collection and GetConnector ids', () => {
    for (const list of [
      demo.tables.map((t) => t.name),
      demo.collections.map((c) => c.id),
      demo.getConnectors.map((g) => g.id),
    ]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });
});

describe('demo tables', () => {
  it.each(demo.tables.map((t) => [t.name, t] as const))('%s is consistent', (_name, table) => {
    const names = table.columns.map((c) => c.name);
    expect(new Set(names).size, 'duplicate column').toBe(names.length);
    expect(
      names.every((n) => /^[a-z][a-z0-9_]*$/.test(n)),
      'snake_case columns',
    ).toBe(true);
    expect(table.name).toMatch(/^[a-z][a-z0-9_]*$/);
    const known = new Set(names);
    for (const key of table.primaryKey) {
      expect(known.has(key), `primary key ${key}`).toBe(true);
      expect(table.columns.find((c) => c.name === key)?.nullable, `primary key ${key} nullable`).toBe(false);
    }
    for (const group of [...table.unique, ...table.indexes])
      for (const c of group) expect(known.has(c), `index ${c}`).toBe(true);
    for (const c of Object.values(table.audit)) expect(known.has(c as string), `audit ${c}`).toBe(true);
    for (const column of table.columns) {
      if (column.autoIncrement) {
        expect(table.primaryKey, `${column.name} autoIncrement`).toEqual([column.name]);
        expect(column.type).toBe('int');
      }
      if (column.type === 'decimal') expect(column.decimals, `${column.name} decimals`).toBeDefined();
      // Text without a length is a memo (remarks, comments); everything else says how long it may be.
      if (column.type === 'string' && column.length === undefined) expect(['remark', 'comment']).toContain(column.name);
    }
  });

  it('have int primary keys, except the GetConnector list keyed by name', () => {
    for (const table of demo.tables) {
      if (table.name === 'profit_get_connectors') continue;
      for (const key of table.primaryKey)
        expect(table.columns.find((c) => c.name === key)?.type, table.name).toBe('int');
    }
  });

  it('keep audit columns on every table a user can change', () => {
    const readOnly = new Set([
      'kn_country',
      'fi_administration',
      'fi_journal',
      'fb_vat_code',
      'kn_subject_type',
      'profit_get_connectors',
    ]);
    for (const table of demo.tables) {
      // gc_ tables hold the demo rows of catalogue GetConnectors that no UpdateConnector writes.
      if (readOnly.has(table.name) || table.name.startsWith('gc_')) continue;
      expect(table.audit, table.name).toEqual({
        createdAt: 'created_at',
        createdBy: 'created_by',
        modifiedAt: 'modified_at',
        modifiedBy: 'modified_by',
      });
      expect(table.columns.find((c) => c.name === 'modified_at')?.type).toBe('date');
      expect(
        table.indexes.some((i) => i[0] === 'modified_at'),
        `${table.name} index on modified_at`,
      ).toBe(true);
    }
  });

  it('declare profit_get_connectors as the server fills it', () => {
    const table = tables.get('profit_get_connectors');
    expect(table?.primaryKey).toEqual(['name']);
    expect(table?.columns.map((c) => [c.name, c.type, c.length])).toEqual([
      ['name', 'string', 100],
      ['description', 'string', 255],
      ['blocked', 'boolean', undefined],
    ]);
  });

  it('give the write path the columns of the catalogue mandatory fields it stores', () => {
    const person = new Set(tables.get('kn_person')?.columns.map((c) => c.name));
    for (const c of ['bc_co', 'first_name', 'prefix', 'last_name', 'initials', 'gender', 'birth_date', 'bsn']) {
      expect(person.has(c), `kn_person.${c}`).toBe(true);
    }
    for (const c of ['email_work', 'phone_work', 'mobile_work', 'email_private', 'mobile_private'])
      expect(person.has(c)).toBe(true);
    const organisation = new Set(tables.get('kn_organisation')?.columns.map((c) => c.name));
    for (const c of ['bc_co', 'name', 'coc_number']) expect(organisation.has(c), `kn_organisation.${c}`).toBe(true);
    const address = new Set(tables.get('kn_address')?.columns.map((c) => c.name));
    for (const c of ['country_id', 'po_box', 'street', 'house_number', 'zip_code', 'city'])
      expect(address.has(c)).toBe(true);
    expect(tables.get('kn_user')?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['user_id', 'description']),
    );
    expect(tables.get('kn_subject')?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['subject_id', 'type_id', 'subject']),
    );
    expect(tables.get('kn_subject_attachment')?.columns.find((c) => c.name === 'file_data')?.type).toBe('blob');
    expect(tables.get('fb_sales_order')?.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['debtor_id']));
    expect(tables.get('fb_sales_order_line')?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['item_type', 'item_code', 'unit_id', 'quantity_units']),
    );
    expect(tables.get('fi_entry_batch')?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['year', 'period', 'journal_code']),
    );
    expect(tables.get('fi_entry_line')?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['entry_no', 'account_feature', 'account_no', 'entry_date', 'voucher_date']),
    );
    expect(tables.get('fb_article')?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['item_code', 'article_group', 'unit_id']),
    );
  });
});

describe('demo collections', () => {
  it.each(demo.collections.map((c) => [c.id, c] as const))(
    '%s references declared tables and columns',
    (_id, collection) => {
      const aliases = aliasesOf(collection);
      expect(aliases.size, 'aliases unique').toBe(collection.joins.length + 1);
      for (const [alias, table] of aliases) expect(table, `table of alias ${alias}`).toBeDefined();
      for (const join of collection.joins) {
        for (const [left, right] of join.on) {
          const a = columnOf(collection, left);
          const b = columnOf(collection, right);
          expect(a, left).toBeDefined();
          expect(b, right).toBeDefined();
          expect(a?.type, `${left} = ${right}`).toBe(b?.type);
        }
      }
      const fieldIds = collection.fields.map((f) => f.fieldId);
      expect(new Set(fieldIds).size, 'field codes unique').toBe(fieldIds.length);
      for (const field of collection.fields) {
        if (field.column !== undefined) {
          const column = columnOf(collection, field.column);
          expect(column, `${field.fieldId}: ${field.column}`).toBeDefined();
          expect(field.dataType, `${field.fieldId} type`).toBe(column?.type);
          if (column?.type === 'decimal') expect(field.decimals, `${field.fieldId} decimals`).toBe(column.decimals);
        } else if (field.concat !== undefined) {
          expect(field.dataType, `${field.fieldId} concat`).toBe('string');
          for (const part of field.concat ?? []) {
            if (typeof part === 'string') continue;
            for (const ref of 'col' in part ? [part.col] : part.coalesce)
              expect(columnOf(collection, ref), `${field.fieldId}: ${ref}`).toBeDefined();
          }
        }
        if (field.fieldId.startsWith('U') && field.fieldId.length > 30)
          expect(field.fieldId).toMatch(/^U[0-9A-F]{32}$/);
        expect(typeof field.label === 'string' || (field.label.en !== '' && field.label.nl !== '')).toBe(true);
      }
    },
  );
});

describe('demo GetConnectors', () => {
  it.each(demo.getConnectors.map((g) => [g.id, g] as const))('%s uses fields of its collection', (_id, connector) => {
    const collection = collections.get(connector.collection);
    expect(collection, connector.collection).toBeDefined();
    const codes = new Set(collection?.fields.map((f) => f.fieldId));
    for (const field of connector.fields)
      expect(codes.has(field.fieldId), `${field.id} -> ${field.fieldId}`).toBe(true);
    const ids = connector.fields.map((f) => f.id);
    expect(new Set(ids).size, 'field ids unique').toBe(ids.length);
    for (const group of connector.filter?.or ?? []) {
      for (const condition of group.and) expect(codes.has(condition.field), `filter on ${condition.field}`).toBe(true);
    }
    expect(typeof connector.description === 'string' || connector.description.nl !== '').toBe(true);
  });

  // Those written by hand; the others are generated at boot (catalogue/get-connectors.ts, tested below).
  it.each(catalogue.filter((c) => demo.getConnectors.some((g) => g.id === c.id)).map((c) => [c.id, c] as const))(
    '%s matches the catalogue',
    (id, expected) => {
      const connector = demo.getConnectors.find((g) => g.id === id);
      expect(connector, `${id} missing`).toBeDefined();
      if (connector === undefined) return;
      const collection = collections.get(connector.collection)!;
      expect(english(connector.description)).toBe(expected.description);
      expect(connector.fields.map((f) => f.id)).toEqual(expected.fields.map((f) => f.id));
      const actual = connector.fields.map((f) => {
        const field = collection.fields.find((c) => c.fieldId === f.fieldId)!;
        return { id: f.id, type: field.dataType, label: english(f.label ?? field.label) };
      });
      // Served types: the catalogue's, except strings whose name says date (DateCreated, EntryDate...).
      const wanted = expected.fields.map((f) => ({ id: f.id, type: servedType(f), label: f.label }));
      expect(actual).toEqual(wanted);
      const dutch = connector.fields.map((f) => {
        const label = f.label ?? collection.fields.find((c) => c.fieldId === f.fieldId)!.label;
        return typeof label === 'object' ? label.nl : undefined;
      });
      expect(dutch).toEqual(expected.fields.map((f) => f.labelNl ?? f.label));
    },
  );

  it('make Profit_Employees the flagship: every type, a custom field, ids with _ and -', () => {
    const connector = demo.getConnectors.find((g) => g.id === 'Profit_Employees')!;
    const collection = collections.get(connector.collection)!;
    expect(connector.fields.length).toBeGreaterThanOrEqual(18);
    const types = new Set(
      connector.fields.map((f) => collection.fields.find((c) => c.fieldId === f.fieldId)?.dataType),
    );
    for (const type of ['string', 'int', 'decimal', 'date', 'boolean'])
      expect(types.has(type as never), type).toBe(true);
    expect(connector.fields.some((f) => f.id.includes('_'))).toBe(true);
    expect(connector.fields.some((f) => f.id.includes('-'))).toBe(true);
    expect(connector.fields.some((f) => /^U[0-9A-F]{32}$/.test(f.fieldId))).toBe(true);
    for (const id of [
      'EmployeeId',
      'PersonId',
      'Name',
      'DateOfBirth',
      'StartDate',
      'EndDate',
      'Salary',
      'HoursPerWeek',
    ]) {
      expect(connector.fields.map((f) => f.id)).toContain(id);
    }
  });

  it('include a connector with a fixed filter', () => {
    const active = demo.getConnectors.find((g) => g.id === 'Profit_Employees_Active');
    expect(active?.filter?.or[0]?.and).toEqual([{ field: 'Acti', op: 'eq', value: 'true' }]);
  });
});

describe('catalogue GetConnectors generated at boot', () => {
  const generated = withCatalogueConnectors(loadDefinitions(fileURLToPath(DEMO_DIR)));

  it('define every catalogue GetConnector exactly once: 14 by hand, the others at boot', () => {
    // Profit_Debtor, once by hand, reads the written debtors too now (catalogue/get-written.ts).
    expect(demo.getConnectors.filter((g) => catalogue.some((c) => c.id === g.id))).toHaveLength(14);
    const ids = generated.getConnectors.map((g) => g.id);
    for (const connector of catalogue)
      expect(
        ids.filter((id) => id === connector.id),
        connector.id,
      ).toHaveLength(1);
  });

  it('read the company tables where a mapping says so, and a table of their own otherwise', () => {
    const baseOf = (id: string) => {
      const from = generated.collections.find(
        (c) => c.id === generated.getConnectors.find((g) => g.id === id)!.collection,
      )!.from;
      return 'table' in from ? from.table : 'union';
    };
    for (const id of [...Object.keys(GET_MAPPINGS), ...Object.keys(WRITTEN_GET_MAPPINGS)])
      expect(baseOf(id), id).not.toMatch(/^gc_/);
    expect(baseOf('Profit_Warehouses')).toBe('gc_profit_warehouses');
    expect(compileDefinitions(generated, sqliteDialect).getConnectors.size).toBe(generated.getConnectors.length);
  });

  it('fall back to tables of their own for definitions without the company tables', () => {
    const people = withCatalogueConnectors(loadDefinitions(fileURLToPath(new URL('fixtures/people', import.meta.url))));
    const registry = compileDefinitions(people, sqliteDialect);
    for (const connector of catalogue) expect(registry.getConnectors.has(connector.id), connector.id).toBe(true);
  });
});
