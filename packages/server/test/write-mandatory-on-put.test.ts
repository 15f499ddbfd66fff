// `mandatoryOnPut` of an UpdateConnector object (the catalogue's per-path PUT requirements): the plan stage refuses
// an update that leaves such a field out, and no longer asks an update for what only an insert needs.

import { CodedError } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DefinitionError } from '../src/definitions/load.ts';
import type { DefinitionSet } from '../src/definitions/schema.ts';
import { updateConnectorSchema } from '../src/write/update-schema.ts';
import { planWrite } from '../src/write/write-plan.ts';
import { parseWriteRequest } from '../src/write/write-request.ts';

function definitions(mandatoryOnPut: string[], lineMandatoryOnPut: string[] = []): DefinitionSet {
  const connector = updateConnectorSchema.parse({
    id: 'TsOrder',
    description: 'Order',
    rootObject: {
      name: 'TsOrder',
      table: 'ts_order',
      keys: [{ attribute: 'OrNu', column: 'or_nu', generate: 'client' }],
      mandatoryOnPut,
      fields: [
        { fieldId: 'OrNu', column: 'or_nu', dataType: 'string', label: 'Number' },
        { fieldId: 'Ds', column: 'ds', dataType: 'string', mandatory: true, label: 'Description' },
        { fieldId: 'Wa', column: 'wa', dataType: 'string', label: 'Warehouse' },
      ],
      objects: [
        {
          name: 'TsLine',
          table: 'ts_line',
          parentKey: { or_nu: 'or_nu' },
          keys: [{ attribute: 'LiNo', column: 'li_no', generate: 'client' }],
          mandatoryOnPut: lineMandatoryOnPut,
          fields: [
            { fieldId: 'LiNo', column: 'li_no', dataType: 'int', label: 'Line' },
            { fieldId: 'Qu', column: 'qu', dataType: 'int', mandatory: true, label: 'Quantity' },
          ],
        },
      ],
    },
  });
  return {
    tables: [
      {
        name: 'ts_order',
        primaryKey: ['or_nu'],
        columns: [
          { name: 'or_nu', type: 'string', length: 12, nullable: false, autoIncrement: false },
          { name: 'ds', type: 'string', length: 40, nullable: true, autoIncrement: false },
          { name: 'wa', type: 'string', length: 10, nullable: true, autoIncrement: false },
        ],
        unique: [],
        indexes: [],
        audit: {},
      },
      {
        name: 'ts_line',
        primaryKey: ['or_nu', 'li_no'],
        columns: [
          { name: 'or_nu', type: 'string', length: 12, nullable: false, autoIncrement: false },
          { name: 'li_no', type: 'int', nullable: false, autoIncrement: false },
          { name: 'qu', type: 'int', nullable: true, autoIncrement: false },
        ],
        unique: [],
        indexes: [],
        audit: {},
      },
    ],
    collections: [],
    getConnectors: [],
    updateConnectors: [connector],
  };
}

function plan(set: DefinitionSet, verb: 'post' | 'put', body: unknown) {
  const connector = compileDefinitions(set, sqliteDialect).updateConnectors.get('TsOrder')!;
  return planWrite(connector, parseWriteRequest(JSON.stringify(body)), { verb });
}

function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof CodedError) return `${error.code}: ${JSON.stringify(error.params)}`;
    throw error;
  }
  return 'accepted';
}

const order = (fields: Record<string, unknown>, lines?: Record<string, unknown>[]) => ({
  TsOrder: {
    Element: {
      Fields: fields,
      ...(lines ? { Objects: { TsLine: { Element: lines.map((f) => ({ Fields: f })) } } } : {}),
    },
  },
});

describe('mandatoryOnPut', () => {
  it('refuses an update without a listed field, naming object and field', () => {
    const set = definitions(['OrNu', 'Wa']);
    expect(refusal(() => plan(set, 'put', order({ OrNu: '1' })))).toBe('mandatory: {"object":"TsOrder","field":"Wa"}');
    expect(refusal(() => plan(set, 'put', order({ OrNu: '1', Wa: '' })))).toBe(
      'mandatory: {"object":"TsOrder","field":"Wa"}',
    );
    expect(refusal(() => plan(set, 'put', order({ OrNu: '1', Wa: 'A' })))).toBe('accepted');
    // A key given as an attribute counts as given.
    expect(refusal(() => plan(set, 'put', { TsOrder: { Element: { '@OrNu': '1', Fields: { Wa: 'A' } } } }))).toBe(
      'accepted',
    );
  });

  it('does not apply to inserts, and an update needs no insert-only field', () => {
    const set = definitions(['OrNu', 'Wa']);
    expect(refusal(() => plan(set, 'post', order({ OrNu: '1', Ds: 'x' })))).toBe('accepted');
    expect(refusal(() => plan(set, 'post', order({ OrNu: '1' })))).toBe('mandatory: {"object":"TsOrder","field":"Ds"}');
    expect(refusal(() => plan(set, 'put', order({ OrNu: '1', Wa: 'A' })))).toBe('accepted');
  });

  it('applies per object path to nested records that update', () => {
    const set = definitions(['OrNu'], ['LiNo', 'Qu']);
    // All keys given under an update: the line is an upsert, so its PUT requirements hold.
    expect(refusal(() => plan(set, 'put', order({ OrNu: '1' }, [{ LiNo: 1 }])))).toBe(
      'mandatory: {"object":"TsLine","field":"Qu"}',
    );
    expect(refusal(() => plan(set, 'put', order({ OrNu: '1' }, [{ LiNo: 1, Qu: 2 }])))).toBe('accepted');
    // Under an insert the line is inserted: insert rules, not PUT's.
    expect(refusal(() => plan(set, 'post', order({ OrNu: '1', Ds: 'x' }, [{ LiNo: 1, Qu: 2 }])))).toBe('accepted');
  });

  it('stops start-up when it names neither a key nor a field', () => {
    expect(() => compileDefinitions(definitions(['OrNu', 'Nope']), sqliteDialect)).toThrow(DefinitionError);
    expect(() => compileDefinitions(definitions(['OrNu', 'Nope']), sqliteDialect)).toThrow(
      "UpdateConnector 'TsOrder', object 'TsOrder': mandatoryOnPut 'Nope' is neither a key nor a field",
    );
  });
});
