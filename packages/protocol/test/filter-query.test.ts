// Tests of the filter query parameters as a whole: either syntax, both at once, and the choice when rendering.
// Strings only: no connectors, no server.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition, Filter } from '../src/filter-ast.ts';
import { renderFilterJson } from '../src/filter-json.ts';
import { type FilterQueryParams, parseFilterQuery, renderFilterQuery } from '../src/filter-query.ts';
import { renderSimpleFilter } from '../src/filter-simple.ts';
import { expectCodedError, filterArb, separatorFreeValueArb } from './filter-arbitraries.ts';

const a1: Condition = { field: 'A', op: 'eq', value: '1' };
const b2: Condition = { field: 'B', op: 'eq', value: '2' };
const c3: Condition = { field: 'C', op: 'gt', value: '3' };
const d4: Condition = { field: 'D', op: 'lt', value: '4' };

/** What a server would get back from the query string a client builds with URLSearchParams. */
function throughUrl(params: Record<string, string>): FilterQueryParams {
  const query = new URLSearchParams(params).toString();
  return Object.fromEntries(new URLSearchParams(query));
}

describe('parseFilterQuery', () => {
  it('reads the simple lists alone', () => {
    expect(parseFilterQuery({ filterfieldids: 'A;B', filtervalues: '1;2', operatortypes: '1;1' })).toEqual({
      or: [{ and: [a1] }, { and: [b2] }],
    });
  });

  it('reads filterjson alone', () => {
    expect(parseFilterQuery({ filterjson: renderFilterJson({ or: [{ and: [c3, d4] }] }) })).toEqual({
      or: [{ and: [c3, d4] }],
    });
  });

  it.each([
    ['nothing', {}],
    ['only empty parameters', { filterfieldids: '', filtervalues: '', operatortypes: '', filterjson: '' }],
    ['a blank filterjson', { filterjson: '  ' }],
    ['a filterjson without Filters', { filterjson: '{"Filters":{"Filter":[]}}' }],
  ])('gives no filter for %s', (_, params) => {
    expect(parseFilterQuery(params)).toEqual({ or: [] });
  });

  it('ANDs both syntaxes, group by group (the cross product of their OR groups)', () => {
    const params = {
      filterfieldids: 'A;B',
      filtervalues: '1;2',
      operatortypes: '1;1',
      filterjson: renderFilterJson({ or: [{ and: [c3] }, { and: [d4] }] }),
    };
    expect(parseFilterQuery(params)).toEqual({
      or: [{ and: [a1, c3] }, { and: [a1, d4] }, { and: [b2, c3] }, { and: [b2, d4] }],
    });
  });

  it('takes one side as it is when the other says no filter', () => {
    const json = renderFilterJson({ or: [{ and: [c3] }] });
    expect(parseFilterQuery({ filterfieldids: '', filtervalues: '', operatortypes: '', filterjson: json })).toEqual({
      or: [{ and: [c3] }],
    });
    expect(
      parseFilterQuery({ filterfieldids: 'A', filtervalues: '1', filterjson: '{"Filters":{"Filter":{"Field":[]}}}' }),
    ).toEqual({ or: [{ and: [a1] }] });
  });

  it('passes on the errors of either syntax', () => {
    expectCodedError(
      () => parseFilterQuery({ filterfieldids: 'A,B', filtervalues: '1', filterjson: renderFilterJson({ or: [] }) }),
      'filterListsUnequal',
      'filterfieldids, filtervalues and operatortypes must have the same number of items (group 1: filterfieldids has 2 items, filtervalues has 1).',
    );
    expectCodedError(
      () => parseFilterQuery({ filterfieldids: 'A', filtervalues: '1', filterjson: '{"Filters":{}}' }),
      'filterJsonInvalid',
      'filterjson is not valid: Filters: Filter is missing',
    );
  });

  it('means the same as both filters at once, for any rows', () => {
    // Only equality on a few fields and values, so that random rows often match and the AND is really exercised.
    const condition = fc.record({
      field: fc.constantFrom('A', 'B', 'C'),
      op: fc.constant('eq' as const),
      value: fc.constantFrom('x', 'y'),
    });
    const filter = fc
      .array(fc.record({ and: fc.array(condition, { minLength: 1, maxLength: 2 }) }), { maxLength: 3 })
      .map((or): Filter => ({ or }));
    const row = fc.record({ A: fc.constantFrom('x', 'y'), B: fc.constantFrom('x', 'y'), C: fc.constantFrom('x', 'y') });
    const matches = (f: Filter, r: Record<string, string>): boolean =>
      f.or.length === 0 || f.or.some((g) => g.and.every((c) => r[c.field] === c.value));

    fc.assert(
      fc.property(filter, filter, fc.array(row, { minLength: 1, maxLength: 8 }), (simple, json, rows) => {
        const both = parseFilterQuery({ ...renderSimpleFilter(simple), filterjson: renderFilterJson(json) });
        for (const r of rows) expect(matches(both, r)).toBe(matches(simple, r) && matches(json, r));
      }),
    );
  });
});

describe('renderFilterQuery', () => {
  it('renders no filter as no parameters', () => {
    expect(renderFilterQuery({ or: [] })).toEqual({});
  });

  it('renders a filter with an always-true group as no parameters', () => {
    expect(renderFilterQuery({ or: [{ and: [a1] }, { and: [] }] })).toEqual({});
  });

  it('uses the simple lists when they can say the filter', () => {
    expect(renderFilterQuery({ or: [{ and: [a1, c3] }, { and: [b2] }] })).toEqual({
      filterfieldids: 'A,C;B',
      filtervalues: '1,3;2',
      operatortypes: '1,4;1',
    });
  });

  it('falls back to filterjson, unencoded, when a value has a separator', () => {
    const filter: Filter = { or: [{ and: [{ field: 'Name', op: 'eq', value: 'Jansen, Piet' }] }] };
    expect(renderFilterQuery(filter)).toEqual({
      filterjson:
        '{"Filters":{"Filter":[{"@FilterId":"Filter 1","Field":[{"@FieldId":"Name","@OperatorType":"1","#text":"Jansen, Piet"}]}]}}',
    });
  });

  it('chooses the simple lists for every filter they can say', () => {
    fc.assert(
      fc.property(filterArb(separatorFreeValueArb), (filter) => {
        expect(renderFilterQuery(filter)).not.toHaveProperty('filterjson');
      }),
    );
  });

  it('round-trips every filter', () => {
    fc.assert(
      fc.property(filterArb(), (filter) => {
        expect(parseFilterQuery(renderFilterQuery(filter))).toEqual(filter);
      }),
    );
  });

  it('round-trips every filter through a URL query string', () => {
    fc.assert(
      fc.property(filterArb(), (filter) => {
        expect(parseFilterQuery(throughUrl(renderFilterQuery(filter)))).toEqual(filter);
      }),
    );
  });
});
