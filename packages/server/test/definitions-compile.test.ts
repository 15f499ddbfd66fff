// Definitions fail fast: each kind of mistake stops start-up with a message naming the file, connector or field;
// the demo and test sets compile; a table that lacks a column gets it or stops start-up.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servedDefinitions } from '../src/catalogue/catalogue-definitions.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DEMO_DEFINITIONS, loadDefinitions } from '../src/definitions/load.ts';
import type { DefinitionSet } from '../src/definitions/schema.ts';
import { PEOPLE_DEFINITIONS } from './support/harness.ts';

function withDefinitions(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-defs-'));
  writeFileSync(join(dir, 'a.yaml'), yaml);
  return dir;
}

const base = (): DefinitionSet => loadDefinitions(PEOPLE_DEFINITIONS);

function mutate(change: (set: DefinitionSet) => void): () => void {
  const set = structuredClone(base());
  change(set);
  return () => compileDefinitions(set, sqliteDialect);
}

describe('definitions', () => {
  it('compiles the demo company and the test set', () => {
    const demo = compileDefinitions(servedDefinitions(loadDefinitions(DEMO_DEFINITIONS)), sqliteDialect);
    expect(demo.getConnectors.get('Profit_Employees')?.fields.length).toBeGreaterThanOrEqual(15);
    expect(compileDefinitions(base(), sqliteDialect).getConnectors.has('Test_People')).toBe(true);
  });

  it('names the file and path of a shape error', () => {
    const dir = withDefinitions('getConnectors:\n  - id: X\n    collection: Y\n    description: d\n    fields: []\n');
    expect(() => loadDefinitions(dir)).toThrow(/^a\.yaml: getConnectors\.0\.fields: /);
    expect(() => loadDefinitions(withDefinitions('tables: [\n'))).toThrow(/^a\.yaml: /);
    // The server keeps its own tables (ac_numbering) in every environment schema.
    const reserved = withDefinitions(
      'tables:\n  - name: ac_numbering\n    primaryKey: [id]\n    columns: [{ name: id, type: int }]\n',
    );
    expect(() => loadDefinitions(reserved)).toThrow(/tables\.0\.name: names starting with ac_ are reserved/);
    expect(() => loadDefinitions(join(tmpdir(), 'does-not-exist-appconnector'))).toThrow(
      /cannot read definitions directory/,
    );
  });

  it.each([
    [
      'an unknown collection field',
      (s: DefinitionSet) => (s.getConnectors[0]!.fields[1]!.fieldId = 'Zz'),
      "GetConnector 'Test_People', field 'Name': fieldId 'Zz' is not in collection 'People'",
    ],
    [
      'a duplicate field id',
      (s: DefinitionSet) => (s.getConnectors[0]!.fields[1]!.id = 'Id'),
      "GetConnector 'Test_People': field 'Id' is defined twice",
    ],
    [
      'an unknown collection',
      (s: DefinitionSet) => (s.getConnectors[0]!.collection = 'Nope'),
      "GetConnector 'Test_People': collection 'Nope' is not defined",
    ],
    [
      'a missing column',
      (s: DefinitionSet) => (s.collections[0]!.fields[1]!.column = 'p.nope'),
      "collection 'People', field 'Nm': table 'people' has no column 'nope'",
    ],
    [
      'an unknown alias',
      (s: DefinitionSet) => (s.collections[0]!.fields[1]!.column = 'q.name'),
      "collection 'People', field 'Nm': unknown alias 'q' in 'q.name'",
    ],
    [
      'a type mismatch',
      (s: DefinitionSet) => (s.collections[0]!.fields[1]!.dataType = 'int'),
      "dataType int does not match column 'p.name' of type string",
    ],
    [
      'an unknown table',
      (s: DefinitionSet) => (s.collections[0]!.joins[0]!.table = 'nope'),
      "collection 'People': table 'nope' is not defined",
    ],
    [
      'a bad fixed filter',
      (s: DefinitionSet) => (s.getConnectors[1]!.filter!.or[0]!.and[0]!.field = 'Nope'),
      "GetConnector 'Test_Active': fixed filter field 'Nope' is not in the collection",
    ],
    [
      'a bad index',
      (s: DefinitionSet) => (s.tables[0]!.indexes = [['nope']]),
      "table 'people': index column 'nope' does not exist",
    ],
    [
      'a constant of another type',
      (s: DefinitionSet) => {
        const field = s.collections[0]!.fields[3]!;
        delete field.column;
        field.constant = 'forty';
      },
      "collection 'People', field 'Ag': constant \"forty\" is not a int",
    ],
    [
      'a constant int with decimals',
      (s: DefinitionSet) => {
        const field = s.collections[0]!.fields[3]!;
        delete field.column;
        field.constant = 4.5;
      },
      "collection 'People', field 'Ag': constant 4.5 is not an int",
    ],
    [
      'a coalesce of columns of another type',
      (s: DefinitionSet) => {
        const field = s.collections[0]!.fields[1]!;
        delete field.column;
        field.coalesce = ['p.name', 'p.age'];
      },
      "collection 'People', field 'Nm': dataType string does not match column 'p.age' of type int",
    ],
    [
      'union branches with other columns',
      (s: DefinitionSet) => {
        s.collections[0]!.from = {
          as: 'p',
          primaryKey: ['id'],
          union: [
            { table: 'people', columns: { id: 'id', name: 'name' } },
            { table: 'people', columns: { id: 'id', city: 'city' } },
          ],
        };
      },
      "collection 'People', union 'p': branch 'people' names other columns than the first branch",
    ],
    [
      'a union column of two types',
      (s: DefinitionSet) => {
        s.collections[0]!.from = {
          as: 'p',
          primaryKey: ['id'],
          union: [
            { table: 'people', columns: { id: 'id', name: 'name' } },
            { table: 'people', columns: { id: 'id', name: 'age' } },
          ],
        };
      },
      "collection 'People', union 'p': column 'name' is string in one branch, int in another",
    ],
    [
      'a duplicate connector',
      (s: DefinitionSet) => s.getConnectors.push(s.getConnectors[0]!),
      "GetConnector 'Test_People' is defined twice",
    ],
  ])('stops at %s', (_name, change, message) => {
    expect(mutate(change as (s: DefinitionSet) => void)).toThrow(message);
  });
});
