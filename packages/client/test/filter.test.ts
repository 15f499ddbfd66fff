import { type Filter, OPERATORS, type Operator, parseFilterQuery, renderFilterQuery } from '@appconnector/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FilterValue, f, filterBuilder } from '../src/index.ts';
import { params, rowsAnswer, testClient } from './scripted-fetch.ts';

const cond = (field: string, op: Operator, value: string) => ({ field, op, value });

describe('filter builder', () => {
  it('has a method for each of the 15 operators, giving its code', () => {
    const withValue = Object.keys(OPERATORS).filter((op) => op !== 'empty' && op !== 'notEmpty') as Operator[];
    for (const op of withValue) {
      const build = f[op] as (field: string, value: FilterValue) => Filter;
      expect(build('Name', 'x')).toEqual({ or: [{ and: [cond('Name', op, 'x')] }] });
    }
    expect(f.empty('Email')).toEqual({ or: [{ and: [cond('Email', 'empty', '')] }] });
    expect(f.notEmpty('Email')).toEqual({ or: [{ and: [cond('Email', 'notEmpty', '')] }] });
    expect(withValue.length + 2).toBe(15);
  });

  it('writes values as AFAS reads them', () => {
    const value = (v: FilterValue) => f.eq('X', v).or[0]!.and[0]!.value;
    expect(value(12)).toBe('12');
    expect(value(-0.5)).toBe('-0.5');
    expect(value(1e21)).toBe('1000000000000000000000');
    expect(value(1e-7)).toBe('0.0000001');
    expect(value(true)).toBe('true');
    expect(value(false)).toBe('false');
    expect(value(new Date('2020-03-22T09:00:00Z'))).toBe('2020-03-22T10:00:00');
    expect(value(new Date('2020-07-01T09:00:00Z'))).toBe('2020-07-01T11:00:00');
    expect(() => value(Number.NaN)).toThrow(RangeError);
  });

  it('distributes and() over or() into the OR-of-ANDs normal form', () => {
    const a = f.eq('A', 1);
    const b = f.eq('B', 2);
    const c = f.eq('C', 3);
    const d = f.eq('D', 4);
    expect(f.and(a, f.or(b, c))).toEqual({
      or: [
        { and: [cond('A', 'eq', '1'), cond('B', 'eq', '2')] },
        { and: [cond('A', 'eq', '1'), cond('C', 'eq', '3')] },
      ],
    });
    expect(f.and(f.or(a, b), f.or(c, d)).or.map((g) => g.and.map((x) => x.field).join(''))).toEqual([
      'AC',
      'AD',
      'BC',
      'BD',
    ]);
    expect(f.or(f.and(a, b), c).or.map((g) => g.and.map((x) => x.field).join(''))).toEqual(['AB', 'C']);
  });

  it('treats an empty and() as no filter, and refuses an empty or()', () => {
    expect(f.and()).toEqual({ or: [] });
    expect(f.and(f.and(), f.eq('A', 1))).toEqual(f.eq('A', 1));
    expect(f.or(f.and(), f.eq('A', 1))).toEqual({ or: [] });
    expect(() => f.or()).toThrow(TypeError);
    expect(() => f.eq('', 1)).toThrow(TypeError);
  });

  it('types field ids when given a row type', () => {
    const typed = filterBuilder<'Name' | 'Age'>();
    expect(typed.gt('Age', 3).or[0]!.and[0]!.op).toBe('gt');
    // @ts-expect-error: not a field of the row
    typed.eq('Bogus', 1);
  });
});

describe('get: query parameters', () => {
  it('renders the simple lists for a filter without separators', async () => {
    const { client, calls } = testClient([rowsAnswer([])]);
    await client.get('Profit_Employees', {
      filter: (b) => b.or(b.and(b.lt('EndDate', '2020-03-22T00:00:00'), b.ne('Email', 'P')), b.empty('Email')),
    });
    expect(params(calls[0])).toEqual({
      filterfieldids: 'EndDate,Email;Email',
      filtervalues: '2020-03-22T00:00:00,P;',
      operatortypes: '5,7;8',
    });
  });

  it('switches to filterjson when a value holds , or ;', async () => {
    for (const value of ['a,b', 'a;b']) {
      const { client, calls } = testClient([rowsAnswer([])]);
      await client.get('Profit_Employees', { filter: f.and(f.eq('Name', value), f.ge('Age', 3)) });
      const sent = params(calls[0]);
      expect(Object.keys(sent)).toEqual(['filterjson']);
      expect(JSON.parse(sent.filterjson!)).toEqual({
        Filters: {
          Filter: [
            {
              '@FilterId': 'Filter 1',
              Field: [
                { '@FieldId': 'Name', '@OperatorType': '1', '#text': value },
                { '@FieldId': 'Age', '@OperatorType': '2', '#text': '3' },
              ],
            },
          ],
        },
      });
      // Encoded by URLSearchParams: no raw JSON characters in the URL.
      expect(calls[0]!.url.search).not.toMatch(/[{}"]/);
    }
  });

  it('URL-encodes every value', async () => {
    const { client, calls } = testClient([rowsAnswer([])]);
    await client.get('Profit_Employees', { filter: f.contains('Name', 'a&b=c%d+e é') });
    expect(calls[0]!.url.search).toContain('filtervalues=a%26b%3Dc%25d%2Be+%C3%A9');
    expect(params(calls[0]).filtervalues).toBe('a&b=c%d+e é');
  });

  it('renders orderBy, skip and take', async () => {
    const { client, calls } = testClient([rowsAnswer([])]);
    await client.get('Profit_Employees', { orderBy: ['Name', '-Date'], skip: 10, take: 20 });
    await client.get('Profit_Employees', { orderBy: [{ field: 'Name' }, { field: 'Date', desc: true }] });
    await client.get('Profit_Employees', { skip: -1, take: -1 });
    await client.get('Profit_Employees');
    expect(params(calls[0])).toEqual({ skip: '10', take: '20', orderbyfieldids: 'Name,-Date' });
    expect(params(calls[1])).toEqual({ orderbyfieldids: 'Name,-Date' });
    expect(params(calls[2])).toEqual({ skip: '-1', take: '-1' });
    expect(calls[3]!.url.search).toBe('');
    expect(calls[3]!.url.pathname).toBe('/ProfitRestServices/connectors/Profit_Employees');
  });

  it('refuses paging values AFAS would answer with a 500, before any call', async () => {
    const { client, calls } = testClient([rowsAnswer([])]);
    expect(() => client.get('X', { skip: -1 })).toThrow(RangeError);
    expect(() => client.get('X', { skip: 0, take: -1 })).toThrow(RangeError);
    expect(() => client.get('X', { take: -2 })).toThrow(RangeError);
    expect(() => client.get('X', { take: 1.5 })).toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });

  it('returns the rows as the server sent them', async () => {
    const rows = [{ 'Employee-Id': '001', Age: 3, Active: true, Date: '2020-01-01T00:00:00Z', Empty: null }];
    const { client } = testClient([rowsAnswer(rows, 0, 100)]);
    expect(await client.get('Profit_Employees')).toEqual({ skip: 0, take: 100, rows });
  });
});

// Builder expressions as a tree, so the property test can also check the normal form against direct evaluation.
type Expr = { leaf: [string, Operator, FilterValue] } | { and: Expr[] } | { or: Expr[] };

const operator = fc.constantFrom(...(Object.keys(OPERATORS) as Operator[]));
const value: fc.Arbitrary<FilterValue> = fc.oneof(
  fc.string(),
  fc.constantFrom('a,b', 'x;y', ',', ';', '', ' padded '),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.date({ min: new Date('1950-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
);
const field = fc.oneof(
  fc.constantFrom('Name', 'Employee-Id', 'U0123456789ABCDEF0123456789ABCDEF', 'A_b'),
  fc.string({ minLength: 1 }),
);
const expr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ leaf: fc.tuple(field, operator, value) }),
    fc.record({ and: fc.array(tie('expr'), { minLength: 0, maxLength: 3 }) }),
    fc.record({ or: fc.array(tie('expr'), { minLength: 1, maxLength: 3 }) }),
  ),
})).expr;

function build(e: Expr): Filter {
  if ('leaf' in e) {
    const [name, op, v] = e.leaf;
    return op === 'empty' || op === 'notEmpty'
      ? f[op](name)
      : (f[op] as (x: string, y: FilterValue) => Filter)(name, v);
  }
  return 'and' in e ? f.and(...e.and.map(build)) : f.or(...e.or.map(build));
}

/** Truth of the tree for an assignment of truth values to leaves (by their position in a depth-first walk). */
function evaluate(e: Expr, truth: (leaf: string) => boolean): boolean {
  if ('leaf' in e) return truth(JSON.stringify(build(e).or[0]!.and[0]));
  return 'and' in e ? e.and.every((x) => evaluate(x, truth)) : e.or.some((x) => evaluate(x, truth));
}

function evaluateFilter(filter: Filter, truth: (leaf: string) => boolean): boolean {
  return filter.or.length === 0 || filter.or.some((g) => g.and.every((c) => truth(JSON.stringify(c))));
}

describe('property: builder filters', () => {
  it('parseFilterQuery(renderFilterQuery(filter)) gives back the builder AST', () => {
    fc.assert(
      fc.property(expr, (e) => {
        const filter = build(e);
        expect(parseFilterQuery(renderFilterQuery(filter))).toEqual(filter);
      }),
      { numRuns: 500 },
    );
  });

  it('the normal form means the same as the expression', () => {
    fc.assert(
      fc.property(expr, fc.integer(), (e, seed) => {
        const filter = build(e);
        // A pseudo-random but fixed truth value per distinct condition.
        const truth = (leaf: string) => {
          let h = seed;
          for (const ch of leaf) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
          return (h & 1) === 1;
        };
        expect(evaluateFilter(filter, truth)).toBe(evaluate(e, truth));
      }),
      { numRuns: 500 },
    );
  });
});
