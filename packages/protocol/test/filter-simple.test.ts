// Tests of the simple filter syntax (filterfieldids, filtervalues, operatortypes): parsing, rendering, errors.
// Strings only: no connectors, no server.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../src/filter-ast.ts';
import { operatorFromText, parseSimpleFilter, renderSimpleFilter } from '../src/filter-simple.ts';
import { OPERATORS } from '../src/operators.ts';
import {
  ALL_OPERATORS,
  expectCodedError,
  filterArb,
  onlyCodedErrors,
  separatorFreeValueArb,
  valueArb,
} from './filter-arbitraries.ts';

const UNEQUAL = 'filterfieldids, filtervalues and operatortypes must have the same number of items';

describe('parseSimpleFilter', () => {
  it('parses the PROTOCOL example into two OR-ed groups of AND-ed conditions', () => {
    const filter = parseSimpleFilter({
      filterfieldids: 'EndDate,Email;Email',
      filtervalues: '2020-03-22T00:00:00,P;',
      operatortypes: '5,7;8',
    });
    expect(filter).toEqual({
      or: [
        {
          and: [
            { field: 'EndDate', op: 'lt', value: '2020-03-22T00:00:00' },
            { field: 'Email', op: 'ne', value: 'P' },
          ],
        },
        { and: [{ field: 'Email', op: 'empty', value: '' }] },
      ],
    });
  });

  it.each(ALL_OPERATORS.map((op) => [OPERATORS[op], op] as const))('reads operator code %i as %s', (code, op) => {
    expect(parseSimpleFilter({ filterfieldids: 'F', filtervalues: 'v', operatortypes: String(code) })).toEqual({
      or: [{ and: [{ field: 'F', op, value: 'v' }] }],
    });
  });

  it('keeps the order of groups and of conditions inside them', () => {
    const filter = parseSimpleFilter({ filterfieldids: 'A;B,C;D', filtervalues: '1;2,3;4', operatortypes: '1;2,3;4' });
    expect(filter).toEqual({
      or: [
        { and: [{ field: 'A', op: 'eq', value: '1' }] },
        {
          and: [
            { field: 'B', op: 'ge', value: '2' },
            { field: 'C', op: 'le', value: '3' },
          ],
        },
        { and: [{ field: 'D', op: 'gt', value: '4' }] },
      ],
    });
  });

  it('trims field ids but keeps values exactly as sent', () => {
    const filter = parseSimpleFilter({ filterfieldids: ' A ,\tB', filtervalues: ' x , %y% ', operatortypes: '1,6' });
    expect(filter.or[0]?.and).toEqual([
      { field: 'A', op: 'eq', value: ' x ' },
      { field: 'B', op: 'contains', value: ' %y% ' },
    ]);
  });

  it('tolerates whitespace and leading zeros around operator codes', () => {
    const filter = parseSimpleFilter({
      filterfieldids: 'A,B,C',
      filtervalues: 'x,y,z',
      operatortypes: ' 5 ,\t7\n,010',
    });
    expect(filter.or[0]?.and.map((c) => c.op)).toEqual(['lt', 'ne', 'startsWith']);
  });

  it('takes an empty string in filtervalues as an empty value', () => {
    expect(parseSimpleFilter({ filterfieldids: 'A', filtervalues: '', operatortypes: '1' })).toEqual({
      or: [{ and: [{ field: 'A', op: 'eq', value: '' }] }],
    });
    expect(parseSimpleFilter({ filterfieldids: 'A,B', filtervalues: ',', operatortypes: '1,9' }).or[0]?.and).toEqual([
      { field: 'A', op: 'eq', value: '' },
      { field: 'B', op: 'notEmpty', value: '' },
    ]);
  });

  it('keeps the placeholder value of empty and not empty', () => {
    expect(parseSimpleFilter({ filterfieldids: 'A', filtervalues: '[is leeg]', operatortypes: '8' })).toEqual({
      or: [{ and: [{ field: 'A', op: 'empty', value: '[is leeg]' }] }],
    });
  });

  describe('no filter', () => {
    it.each([
      ['all three absent', {}],
      ['all three empty', { filterfieldids: '', filtervalues: '', operatortypes: '' }],
      ['some empty, some absent', { filterfieldids: '', operatortypes: '' }],
      ['only an empty filtervalues', { filtervalues: '' }],
    ])('when %s', (_, lists) => {
      expect(parseSimpleFilter(lists)).toEqual({ or: [] });
    });

    it('returns a fresh filter each time, so callers may change it', () => {
      const first = parseSimpleFilter({});
      first.or.push({ and: [] });
      expect(parseSimpleFilter({})).toEqual({ or: [] });
    });
  });

  it('makes every operator equal when operatortypes is absent', () => {
    expect(parseSimpleFilter({ filterfieldids: 'A,B;C', filtervalues: '1,2;3' })).toEqual({
      or: [
        {
          and: [
            { field: 'A', op: 'eq', value: '1' },
            { field: 'B', op: 'eq', value: '2' },
          ],
        },
        { and: [{ field: 'C', op: 'eq', value: '3' }] },
      ],
    });
  });

  it('allows filtervalues to be absent when every operator is empty or not empty', () => {
    expect(parseSimpleFilter({ filterfieldids: 'A,B;C', operatortypes: '8,9;8' })).toEqual({
      or: [
        {
          and: [
            { field: 'A', op: 'empty', value: '' },
            { field: 'B', op: 'notEmpty', value: '' },
          ],
        },
        { and: [{ field: 'C', op: 'empty', value: '' }] },
      ],
    });
  });

  describe('errors', () => {
    it('names the field of the first operator that needs a value when filtervalues is absent', () => {
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'A,B', operatortypes: '8,5' }),
        'filterListsUnequal',
        `${UNEQUAL} (filtervalues is missing, but field 'B' uses operator 5, which needs a value).`,
      );
    });

    it('rejects absent filtervalues and operatortypes, since equal needs a value', () => {
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'A' }),
        'filterListsUnequal',
        `${UNEQUAL} (filtervalues is missing, but field 'A' uses operator 1, which needs a value).`,
      );
    });

    it('rejects values or operators without filterfieldids', () => {
      expectCodedError(
        () => parseSimpleFilter({ filtervalues: 'x', operatortypes: '1' }),
        'filterListsUnequal',
        `${UNEQUAL} (filterfieldids is missing).`,
      );
      expectCodedError(
        () => parseSimpleFilter({ operatortypes: '8' }),
        'filterListsUnequal',
        `${UNEQUAL} (filterfieldids is missing).`,
      );
    });

    it('says which list has a different number of groups', () => {
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'A;B', filtervalues: 'x', operatortypes: '1;1' }),
        'filterListsUnequal',
        `${UNEQUAL} (filterfieldids has 2 groups, filtervalues has 1).`,
      );
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'A', filtervalues: 'x', operatortypes: '1;1;1' }),
        'filterListsUnequal',
        `${UNEQUAL} (filterfieldids has 1 group, operatortypes has 3).`,
      );
    });

    it('says which group has a different number of items', () => {
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'A;B,C', filtervalues: 'x;y', operatortypes: '1;1,1' }),
        'filterListsUnequal',
        `${UNEQUAL} (group 2: filterfieldids has 2 items, filtervalues has 1).`,
      );
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'A', filtervalues: 'x', operatortypes: '1,2' }),
        'filterListsUnequal',
        `${UNEQUAL} (group 1: filterfieldids has 1 item, operatortypes has 2).`,
      );
    });

    it('takes a value list with a comma too many as unequal, since values cannot contain one', () => {
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'Name', filtervalues: 'Jansen, Piet', operatortypes: '1' }),
        'filterListsUnequal',
        `${UNEQUAL} (group 1: filterfieldids has 1 item, filtervalues has 2).`,
      );
    });

    it.each([
      ['in the middle', 'A,,B', 'x,y,z', '1,1,1', 'group 1, item 2'],
      ['as a trailing group', 'A;', 'x;', '1;8', 'group 2, item 1'],
      ['as whitespace only', ' ', 'x', '1', 'group 1, item 1'],
      ['when the whole list is empty but the others are not', '', 'x', '1', 'group 1, item 1'],
    ])('rejects an empty field id %s', (_, filterfieldids, filtervalues, operatortypes, where) => {
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids, filtervalues, operatortypes }),
        'filterListsUnequal',
        `${UNEQUAL} (${where}: the field id is empty).`,
      );
    });

    it.each([['0'], ['16'], ['-1'], ['+1'], ['1.0'], ['1e1'], ['0x1'], ['eq'], [''], ['  '], ['99999999999999999999']])(
      'rejects operator %j, quoting it as sent',
      (operator) => {
        expectCodedError(
          () => parseSimpleFilter({ filterfieldids: ' Email ', filtervalues: 'x', operatortypes: operator }),
          'filterOperatorInvalid',
          `Operator type '${operator}' for field 'Email' is not valid.`,
        );
      },
    );

    it('reports the operator of the condition where it occurs', () => {
      expectCodedError(
        () => parseSimpleFilter({ filterfieldids: 'A,B;C', filtervalues: 'x,y;z', operatortypes: '1,2;20' }),
        'filterOperatorInvalid',
        "Operator type '20' for field 'C' is not valid.",
      );
    });

    it('throws only coded errors, whatever the lists', () => {
      const list = fc.option(fc.string({ unit: fc.constantFrom('A', ',', ';', ' ', '1', '8', '9', '16', 'x') }), {
        nil: undefined,
      });
      fc.assert(
        fc.property(list, list, list, (filterfieldids, filtervalues, operatortypes) => {
          onlyCodedErrors(() => parseSimpleFilter({ filterfieldids, filtervalues, operatortypes }));
        }),
      );
    });
  });
});

describe('operatorFromText', () => {
  it('reads codes as text with whitespace around them', () => {
    expect(operatorFromText(' 15\t', 'F')).toBe('quick');
  });

  it('rejects anything else with the field named', () => {
    expectCodedError(
      () => operatorFromText('x', 'F'),
      'filterOperatorInvalid',
      "Operator type 'x' for field 'F' is not valid.",
    );
  });
});

describe('renderSimpleFilter', () => {
  it('renders the PROTOCOL example', () => {
    const filter: Filter = {
      or: [
        {
          and: [
            { field: 'EndDate', op: 'lt', value: '2020-03-22T00:00:00' },
            { field: 'Email', op: 'ne', value: 'P' },
          ],
        },
        { and: [{ field: 'Email', op: 'empty', value: '' }] },
      ],
    };
    expect(renderSimpleFilter(filter)).toEqual({
      filterfieldids: 'EndDate,Email;Email',
      filtervalues: '2020-03-22T00:00:00,P;',
      operatortypes: '5,7;8',
    });
  });

  it('does not encode values: that is the caller’s job', () => {
    const filter: Filter = { or: [{ and: [{ field: 'A', op: 'contains', value: '%a&b=c d%' }] }] };
    expect(renderSimpleFilter(filter)?.filtervalues).toBe('%a&b=c d%');
  });

  it('renders no filter as three empty lists', () => {
    expect(renderSimpleFilter({ or: [] })).toEqual({ filterfieldids: '', filtervalues: '', operatortypes: '' });
  });

  it('renders a group without conditions as no filter, since that group is always true', () => {
    const filter: Filter = { or: [{ and: [{ field: 'A', op: 'eq', value: 'x' }] }, { and: [] }] };
    expect(renderSimpleFilter(filter)).toEqual({ filterfieldids: '', filtervalues: '', operatortypes: '' });
  });

  it.each([
    ['a value with a comma', { field: 'A', value: 'a,b' }],
    ['a value with a semicolon', { field: 'A', value: 'a;b' }],
    ['a field id with a comma', { field: 'A,B', value: 'x' }],
    ['a field id with a semicolon', { field: 'A;B', value: 'x' }],
    ['a field id with outer whitespace', { field: ' A', value: 'x' }],
    ['an empty field id', { field: '', value: 'x' }],
  ])('cannot say %s', (_, { field, value }) => {
    const filter: Filter = {
      or: [{ and: [{ field: 'Ok', op: 'eq', value: 'ok' }] }, { and: [{ field, op: 'eq', value }] }],
    };
    expect(renderSimpleFilter(filter)).toBeUndefined();
  });

  it('round-trips every filter whose values have no separators', () => {
    fc.assert(
      fc.property(filterArb(separatorFreeValueArb), (filter) => {
        const lists = renderSimpleFilter(filter);
        expect(lists).toBeDefined();
        expect(parseSimpleFilter(lists!)).toEqual(filter);
      }),
    );
  });

  it('gives up exactly when some value has a separator', () => {
    fc.assert(
      fc.property(filterArb(valueArb), (filter) => {
        const hasSeparator = filter.or.some((g) => g.and.some((c) => /[,;]/.test(c.value)));
        expect(renderSimpleFilter(filter) === undefined).toBe(hasSeparator);
      }),
    );
  });
});
