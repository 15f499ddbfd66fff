import { renderFilterQuery } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvLine } from '../src/csv.ts';
import {
  FilterSyntaxError,
  hasQuickFilter,
  parseCondition,
  parseFilterGroups,
  withQuickField,
} from '../src/filter-expression.ts';
import { parseCsv } from './support/csv-reader.ts';

describe('filter expressions', () => {
  it.each([
    ['Name=Jan', 'Name', 'eq', 'Jan'],
    ['Name!=Jan', 'Name', 'ne', 'Jan'],
    ['Age>=30', 'Age', 'ge', '30'],
    ['Age<=30', 'Age', 'le', '30'],
    ['Age>30', 'Age', 'gt', '30'],
    ['Age<30', 'Age', 'lt', '30'],
    ['Name~an', 'Name', 'contains', 'an'],
    ['Name!~an', 'Name', 'notContains', 'an'],
    ['Name^J', 'Name', 'startsWith', 'J'],
    ['Name!^J', 'Name', 'notStartsWith', 'J'],
    ['Email$.nl', 'Email', 'endsWith', '.nl'],
    ['Email!$.nl', 'Email', 'notEndsWith', '.nl'],
    ['Email:empty', 'Email', 'empty', ''],
    ['Email:NotEmpty', 'Email', 'notEmpty', ''],
    ['*~utrecht', '*', 'quick', 'utrecht'],
    ['E-mail_private~gmail', 'E-mail_private', 'contains', 'gmail'],
    // Only the first operator counts: the value may hold operator characters.
    ['Start>=2024-01-31T10:00:00', 'Start', 'ge', '2024-01-31T10:00:00'],
    ['Note=a=b!=c', 'Note', 'eq', 'a=b!=c'],
    ['Name=%jan%', 'Name', 'eq', '%jan%'],
  ])('%s', (expression, field, op, value) => {
    expect(parseCondition(expression)).toEqual({ field, op, value });
  });

  it.each([
    ['Name', /no operator/],
    ['=x', /field id must come before/],
    ['Name=', /Name:empty/],
    ['Name!x', /unknown operator/],
    ['Name:blank', /empty or notempty/],
    ['*=x', /only takes ~/],
    ['*:empty', /only takes ~/],
    ['*~', /needs a text/],
  ])('refuses %s', (expression, message) => {
    expect(() => parseCondition(expression)).toThrow(FilterSyntaxError);
    expect(() => parseCondition(expression)).toThrow(message);
  });

  it('AND-s expressions inside a group and OR-s groups, as AFAS lists render them', () => {
    const filter = parseFilterGroups([['City=Utrecht', 'Age>=30'], ['Email:empty']]);
    expect(filter).toEqual({
      or: [
        {
          and: [
            { field: 'City', op: 'eq', value: 'Utrecht' },
            { field: 'Age', op: 'ge', value: '30' },
          ],
        },
        { and: [{ field: 'Email', op: 'empty', value: '' }] },
      ],
    });
    expect(renderFilterQuery(filter)).toMatchObject({
      filterfieldids: 'City,Age;Email',
      operatortypes: '1,2;8',
    });
    expect(parseFilterGroups([])).toEqual({ or: [] });
    expect(() => parseFilterGroups([['A=1'], []])).toThrow(/--or must stand between/);
    expect(() => parseFilterGroups([[], ['A=1']])).toThrow(/--or must stand between/);
  });

  it('puts a real field into the quick filter', () => {
    const filter = parseFilterGroups([['*~jan', 'Age>3']]);
    expect(hasQuickFilter(filter)).toBe(true);
    const resolved = withQuickField(filter, 'Name');
    expect(hasQuickFilter(resolved)).toBe(false);
    expect(resolved.or[0]!.and).toEqual([
      { field: 'Name', op: 'quick', value: 'jan' },
      { field: 'Age', op: 'gt', value: '3' },
    ]);
  });
});

describe('csv', () => {
  it('quotes what needs quoting and reads back the same', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(0.5)).toBe('0.5');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    const columns = ['id', 'text', 'empty'];
    const rows = [
      { id: 1, text: 'line 1\nline 2, "quoted"', empty: null },
      { id: 2, text: '\r\n', empty: '' },
    ];
    const text = csvHeader(columns) + rows.map((r) => csvLine(r, columns)).join('');
    expect(parseCsv(text)).toEqual([columns, ['1', 'line 1\nline 2, "quoted"', ''], ['2', '\r\n', '']]);
  });
});
