// The console's pure parts, without a browser: the runner's form as AFAS query parameters (both filter syntaxes,
// read back by the protocol's own parser), and the composer's form as a body with the SDK's problems by field.

import { parseFilterQuery, type UpdateField, type UpdateMetainfo } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { updateField } from '../../client/test/support/update-field.ts';
import { composeBody, problemsOf } from '../src/compose.ts';
import { formQuery, QueryError, type RunnerForm } from '../src/get-query.ts';

const FORM: RunnerForm = {
  groups: [
    [
      { field: 'City', op: 'eq', value: 'Utrecht' },
      { field: 'Age', op: 'ge', value: '30' },
    ],
    [{ field: 'Email', op: 'empty', value: '' }],
  ],
  syntax: 'simple',
  quick: '',
  quickField: 'Name',
  sort: [
    { field: 'Name', desc: false },
    { field: 'Age', desc: true },
  ],
  skip: '10',
  take: '5',
};

describe("the runner's form as a GetConnector query", () => {
  it('says groups in the simple lists, with sort and paging', () => {
    expect(formQuery(FORM)).toEqual({
      filterfieldids: 'City,Age;Email',
      filtervalues: 'Utrecht,30;',
      operatortypes: '1,2;8',
      orderbyfieldids: 'Name,-Age',
      skip: '10',
      take: '5',
    });
  });

  it('says the same filter as filterjson when asked, and both read back to the same AST', () => {
    const json = formQuery({ ...FORM, syntax: 'json' });
    expect(Object.keys(json)).toEqual(['filterjson', 'orderbyfieldids', 'skip', 'take']);
    expect(parseFilterQuery(json)).toEqual(parseFilterQuery(formQuery(FORM)));
  });

  it('ANDs the quick filter (operator 15) to every group, or sends it alone', () => {
    const query = formQuery({ ...FORM, quick: ' jan ' });
    expect(query.operatortypes).toBe('1,2,15;8,15');
    expect(query.filterfieldids).toBe('City,Age,Name;Email,Name');
    expect(formQuery({ ...FORM, groups: [], quick: 'jan' }).filtervalues).toBe('jan');
  });

  it('leaves out conditions not yet filled in, and refuses what the simple lists cannot say', () => {
    const half = formQuery({ ...FORM, groups: [[{ field: 'City', op: 'eq', value: '' }]], sort: [] });
    expect(half).toEqual({ skip: '10', take: '5' });
    const comma = { ...FORM, groups: [[{ field: 'City', op: 'eq' as const, value: 'Den Haag, Scheveningen' }]] };
    expect(() => formQuery(comma)).toThrow(QueryError);
    expect(parseFilterQuery(formQuery({ ...comma, syntax: 'json' })).or[0]!.and[0]!.value).toBe(
      'Den Haag, Scheveningen',
    );
    expect(() => formQuery({ ...FORM, take: 'ten' })).toThrow('take must be a whole number.');
  });
});

const USER: UpdateMetainfo = {
  id: 'KnUser',
  description: 'User',
  name: 'KnUser',
  fields: [
    field('UsId', 'string', { length: 10, primaryKey: true, mandatory: true }),
    field('Age', 'int'),
    field('Active', 'boolean'),
    field('MtCd', 'string', { values: [{ id: '1', description: 'Add' }] }),
  ],
  objects: [{ name: 'KnGroup', fields: [field('GrId', 'string', { length: 3 })], objects: [] }],
};

function field(fieldId: string, dataType: 'string' | 'int' | 'boolean', more: Partial<UpdateField> = {}) {
  return updateField(fieldId, { dataType, ...more });
}

describe("the composer's form as an UpdateConnector body", () => {
  it('types numbers and booleans from metainfo, leaves empty fields out, nests included objects', () => {
    const body = composeBody(USER, {
      values: { UsId: 'jan', Age: '42', Active: 'true', MtCd: '' },
      objects: { KnGroup: { values: { GrId: 'HR' }, objects: {} } },
    });
    expect(body).toEqual({
      KnUser: {
        Element: {
          Fields: { UsId: 'jan', Age: 42, Active: true },
          Objects: [{ KnGroup: { Element: { Fields: { GrId: 'HR' } } } }],
        },
      },
    });
    expect(problemsOf(USER, body, 'post')).toEqual([]);
  });

  it('lists every problem by object and field: type, length, code table, mandatory on insert only', () => {
    const form = {
      values: { Age: 'forty', MtCd: '9' },
      objects: { KnGroup: { values: { GrId: 'TOOLONG' }, objects: {} } },
    };
    const found = problemsOf(USER, composeBody(USER, form), 'post').map((p) => `${p.object}.${p.field}`);
    expect(found.sort()).toEqual(['KnGroup.GrId', 'KnUser.Age', 'KnUser.MtCd', 'KnUser.UsId']);
    const onUpdate = problemsOf(USER, composeBody(USER, form), 'put').map((p) => p.field);
    expect(onUpdate).not.toContain('UsId');
  });
});
