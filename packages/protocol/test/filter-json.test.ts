// Tests of the filterjson syntax: the canonical form, every tolerance, every error, and round trips.
// Strings only: no connectors, no server.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../src/filter-ast.ts';
import { parseFilterJson, renderFilterJson } from '../src/filter-json.ts';
import { OPERATORS } from '../src/operators.ts';
import { ALL_OPERATORS, expectCodedError, filterArb, onlyCodedErrors } from './filter-arbitraries.ts';

const PROTOCOL_EXAMPLE =
  '{"Filters":{"Filter":[{"@FilterId":"Filter 1","Field":[{"@FieldId":"AdminId","@OperatorType":"1","#text":"1"}]}]}}';

const ADMIN_ID_IS_1: Filter = { or: [{ and: [{ field: 'AdminId', op: 'eq', value: '1' }] }] };

/** One Field in one Filter, so each test only writes the part it is about. */
function oneField(field: Record<string, unknown>): string {
  return JSON.stringify({ Filters: { Filter: [{ '@FilterId': 'Filter 1', Field: [field] }] } });
}

const invalidJson = (detail: string): string => `filterjson is not valid: ${detail}`;

describe('parseFilterJson', () => {
  it('parses the PROTOCOL example', () => {
    expect(parseFilterJson(PROTOCOL_EXAMPLE)).toEqual(ADMIN_ID_IS_1);
  });

  it('ANDs the Fields of one Filter and ORs the Filters', () => {
    const text = JSON.stringify({
      Filters: {
        Filter: [
          {
            '@FilterId': 'Filter 1',
            Field: [
              { '@FieldId': 'EndDate', '@OperatorType': '5', '#text': '2020-03-22T00:00:00' },
              { '@FieldId': 'Email', '@OperatorType': '7', '#text': 'P' },
            ],
          },
          { '@FilterId': 'Filter 2', Field: [{ '@FieldId': 'Email', '@OperatorType': '8', '#text': '' }] },
        ],
      },
    });
    expect(parseFilterJson(text)).toEqual({
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

  it.each(ALL_OPERATORS.map((op) => [OPERATORS[op], op] as const))('reads operator %i as %s', (code, op) => {
    const expected = { or: [{ and: [{ field: 'F', op, value: 'v' }] }] };
    expect(parseFilterJson(oneField({ '@FieldId': 'F', '@OperatorType': String(code), '#text': 'v' }))).toEqual(
      expected,
    );
    expect(parseFilterJson(oneField({ '@FieldId': 'F', '@OperatorType': code, '#text': 'v' }))).toEqual(expected);
  });

  describe('tolerances', () => {
    it('takes @OperatorType as a number or as a string with whitespace', () => {
      expect(parseFilterJson(oneField({ '@FieldId': 'AdminId', '@OperatorType': 1, '#text': '1' }))).toEqual(
        ADMIN_ID_IS_1,
      );
      expect(parseFilterJson(oneField({ '@FieldId': 'AdminId', '@OperatorType': ' 1 ', '#text': '1' }))).toEqual(
        ADMIN_ID_IS_1,
      );
    });

    it('takes a single Filter and a single Field as objects instead of arrays', () => {
      const field = { '@FieldId': 'AdminId', '@OperatorType': '1', '#text': '1' };
      expect(parseFilterJson(JSON.stringify({ Filters: { Filter: { Field: field } } }))).toEqual(ADMIN_ID_IS_1);
      expect(parseFilterJson(JSON.stringify({ Filters: { Filter: [{ Field: field }] } }))).toEqual(ADMIN_ID_IS_1);
      expect(parseFilterJson(JSON.stringify({ Filters: { Filter: { Field: [field] } } }))).toEqual(ADMIN_ID_IS_1);
    });

    it.each([
      ['missing', {}, ''],
      ['null', { '#text': null }, ''],
      ['an empty string', { '#text': '' }, ''],
      ['an integer', { '#text': 42 }, '42'],
      ['a negative decimal', { '#text': -0.5 }, '-0.5'],
      ['zero', { '#text': 0 }, '0'],
      ['true', { '#text': true }, 'true'],
      ['false', { '#text': false }, 'false'],
    ])('takes #text %s', (_, text, value) => {
      expect(parseFilterJson(oneField({ '@FieldId': 'F', '@OperatorType': '1', ...text }))).toEqual({
        or: [{ and: [{ field: 'F', op: 'eq', value }] }],
      });
    });

    it('keeps values and field ids exactly as sent', () => {
      const filter = parseFilterJson(
        oneField({ '@FieldId': 'Naam_1-x', '@OperatorType': '6', '#text': ' a,b;c "%" é ' }),
      );
      expect(filter).toEqual({ or: [{ and: [{ field: 'Naam_1-x', op: 'contains', value: ' a,b;c "%" é ' }] }] });
    });

    it('matches key names case-insensitively', () => {
      const lower = '{"filters":{"filter":[{"field":[{"@fieldid":"AdminId","@operatortype":"1","#TEXT":"1"}]}]}}';
      const upper = '{"FILTERS":{"FILTER":{"FIELD":{"@FIELDID":"AdminId","@OperatorTYPE":1,"#Text":1}}}}';
      expect(parseFilterJson(lower)).toEqual(ADMIN_ID_IS_1);
      expect(parseFilterJson(upper)).toEqual(ADMIN_ID_IS_1);
    });

    it('ignores @FilterId and keys it does not know', () => {
      const text = JSON.stringify({
        Filters: {
          Filter: {
            '@FilterId': 42,
            Extra: [1],
            Field: { '@FieldId': 'AdminId', '@OperatorType': 1, '#text': '1', x: {} },
          },
        },
        other: true,
      });
      expect(parseFilterJson(text)).toEqual(ADMIN_ID_IS_1);
    });

    it('tolerates whitespace around the JSON', () => {
      expect(parseFilterJson(`\n  ${PROTOCOL_EXAMPLE}  \n`)).toEqual(ADMIN_ID_IS_1);
    });

    it.each([
      ['without Field', { '@FilterId': 'Filter 1' }],
      ['with Field null', { Field: null }],
      ['with an empty Field list', { Field: [] }],
    ])('skips a Filter %s', (_, empty) => {
      const field = { '@FieldId': 'AdminId', '@OperatorType': '1', '#text': '1' };
      expect(parseFilterJson(JSON.stringify({ Filters: { Filter: [empty, { Field: field }, empty] } }))).toEqual(
        ADMIN_ID_IS_1,
      );
      expect(parseFilterJson(JSON.stringify({ Filters: { Filter: [empty] } }))).toEqual({ or: [] });
    });

    it('reads an empty Filter list as no filter', () => {
      expect(parseFilterJson('{"Filters":{"Filter":[]}}')).toEqual({ or: [] });
    });
  });

  describe('errors', () => {
    it('says why the text is not JSON', () => {
      const text = '{"Filters":';
      let reason = '';
      try {
        JSON.parse(text);
      } catch (error) {
        reason = (error as Error).message;
      }
      expect(reason).not.toBe('');
      expectCodedError(
        () => parseFilterJson(text),
        'filterJsonInvalid',
        invalidJson(`the text is not JSON (${reason})`),
      );
    });

    it('rejects an empty text as not JSON', () => {
      expect(() => parseFilterJson('')).toThrow(/^filterjson is not valid: the text is not JSON \(/);
    });

    it.each([
      ['a list at the top', '[]', 'the top level must be an object'],
      ['null at the top', 'null', 'the top level must be an object'],
      ['a string at the top', '"Filters"', 'the top level must be an object'],
      ['no Filters', '{}', 'Filters is missing'],
      ['Filters null', '{"Filters":null}', 'Filters is missing'],
      ['Filters a list', '{"Filters":[]}', 'Filters must be an object'],
      ['Filters a string', '{"Filters":"x"}', 'Filters must be an object'],
      ['no Filter', '{"Filters":{}}', 'Filters: Filter is missing'],
      ['Filter null', '{"Filters":{"Filter":null}}', 'Filters: Filter is missing'],
      ['Filter a string', '{"Filters":{"Filter":"x"}}', 'Filters: Filter must be an object or a list of objects'],
      ['Filter a number', '{"Filters":{"Filter":1}}', 'Filters: Filter must be an object or a list of objects'],
      ['a Filter not an object', '{"Filters":{"Filter":[{},[]]}}', 'Filter 2 must be an object'],
      ['a Filter null', '{"Filters":{"Filter":[null]}}', 'Filter 1 must be an object'],
      [
        'Field a string',
        '{"Filters":{"Filter":[{"Field":"x"}]}}',
        'Filter 1: Field must be an object or a list of objects',
      ],
      [
        'Field false',
        '{"Filters":{"Filter":[{},{"Field":false}]}}',
        'Filter 2: Field must be an object or a list of objects',
      ],
      ['a Field not an object', '{"Filters":{"Filter":{"Field":["x"]}}}', 'Filter 1, Field 1 must be an object'],
      [
        'two spellings of one key',
        '{"Filters":{"Filter":[],"filter":[]}}',
        'Filters: "Filter" and "filter" are the same key',
      ],
      [
        'two spellings at the top',
        '{"Filters":{"Filter":[]},"FILTERS":{}}',
        '"Filters" and "FILTERS" are the same key',
      ],
    ])('rejects %s', (_, text, detail) => {
      expectCodedError(() => parseFilterJson(text), 'filterJsonInvalid', invalidJson(detail));
    });

    it.each([
      ['@FieldId missing', { '@OperatorType': '1', '#text': 'x' }, '@FieldId is missing'],
      ['@FieldId null', { '@FieldId': null, '@OperatorType': '1' }, '@FieldId is missing'],
      ['@FieldId a number', { '@FieldId': 7, '@OperatorType': '1' }, '@FieldId must be a string'],
      ['@FieldId empty', { '@FieldId': '', '@OperatorType': '1' }, '@FieldId is empty'],
      ['@OperatorType missing', { '@FieldId': 'F', '#text': 'x' }, '@OperatorType is missing'],
      ['@OperatorType null', { '@FieldId': 'F', '@OperatorType': null }, '@OperatorType is missing'],
      [
        '@OperatorType a boolean',
        { '@FieldId': 'F', '@OperatorType': true },
        '@OperatorType must be a string or a number',
      ],
      ['@OperatorType a list', { '@FieldId': 'F', '@OperatorType': [1] }, '@OperatorType must be a string or a number'],
      [
        '#text an object',
        { '@FieldId': 'F', '@OperatorType': '1', '#text': {} },
        '#text must be a string, a number or a boolean',
      ],
      [
        '#text a list',
        { '@FieldId': 'F', '@OperatorType': '1', '#text': ['x'] },
        '#text must be a string, a number or a boolean',
      ],
      [
        'a key spelt twice',
        { '@FieldId': 'F', '@fieldid': 'G', '@OperatorType': '1' },
        '"@FieldId" and "@fieldid" are the same key',
      ],
    ])('rejects a Field with %s, saying where', (_, field, problem) => {
      const ok = { '@FieldId': 'Ok', '@OperatorType': 1, '#text': 'ok' };
      const text = JSON.stringify({ Filters: { Filter: [{ Field: ok }, { Field: [ok, ok, field] }] } });
      expectCodedError(() => parseFilterJson(text), 'filterJsonInvalid', invalidJson(`Filter 2, Field 3: ${problem}`));
    });

    it('gives the PROTOCOL example of a missing field id', () => {
      const text =
        '{"Filters":{"Filter":[{"Field":{"@FieldId":"A","@OperatorType":1}},{"Field":{"@OperatorType":1}}]}}';
      expectCodedError(
        () => parseFilterJson(text),
        'filterJsonInvalid',
        invalidJson('Filter 2, Field 1: @FieldId is missing'),
      );
    });

    it.each([
      ['0', '0'],
      ['16', '16'],
      [16, '16'],
      [0, '0'],
      [-1, '-1'],
      [1.5, '1.5'],
      ['1.5', '1.5'],
      ['eq', 'eq'],
      ['', ''],
    ])('rejects operator %j as an invalid operator', (operator, shown) => {
      expectCodedError(
        () => parseFilterJson(oneField({ '@FieldId': 'Email', '@OperatorType': operator, '#text': 'x' })),
        'filterOperatorInvalid',
        `Operator type '${shown}' for field 'Email' is not valid.`,
      );
    });

    it('throws only coded errors, whatever JSON it gets', () => {
      const key = fc.constantFrom('Filters', 'filters', 'Filter', 'Field', '@FieldId', '@OperatorType', '#text', 'x');
      const leaf = fc.oneof(fc.constantFrom(null, true, 1, 8, 16, 1.5, '', '1', ' 9 ', 'x'), fc.string());
      const { value } = fc.letrec((tie) => ({
        value: fc.oneof(
          { depthSize: 'small' },
          leaf,
          fc.array(tie('value'), { maxLength: 3 }),
          fc.dictionary(key, tie('value'), { maxKeys: 4 }),
        ),
      }));
      fc.assert(
        fc.property(value, (json) => {
          onlyCodedErrors(() => parseFilterJson(JSON.stringify(json) ?? ''));
        }),
      );
      fc.assert(fc.property(fc.string(), (text) => onlyCodedErrors(() => parseFilterJson(text))));
    });
  });
});

describe('renderFilterJson', () => {
  it('renders the PROTOCOL example exactly', () => {
    expect(renderFilterJson(ADMIN_ID_IS_1)).toBe(PROTOCOL_EXAMPLE);
  });

  it('numbers the Filters and keeps the order of Fields', () => {
    const filter: Filter = {
      or: [
        {
          and: [
            { field: 'A', op: 'quick', value: 'a "quoted", b; c' },
            { field: 'B', op: 'notEmpty', value: '' },
          ],
        },
        { and: [{ field: 'C', op: 'notEndsWith', value: '%é' }] },
      ],
    };
    expect(renderFilterJson(filter)).toBe(
      '{"Filters":{"Filter":[' +
        '{"@FilterId":"Filter 1","Field":[{"@FieldId":"A","@OperatorType":"15","#text":"a \\"quoted\\", b; c"},' +
        '{"@FieldId":"B","@OperatorType":"9","#text":""}]},' +
        '{"@FilterId":"Filter 2","Field":[{"@FieldId":"C","@OperatorType":"14","#text":"%é"}]}]}}',
    );
  });

  it('renders no filter as an empty Filter list', () => {
    expect(renderFilterJson({ or: [] })).toBe('{"Filters":{"Filter":[]}}');
  });

  it('renders a group without conditions as no filter, since that group is always true', () => {
    const filter: Filter = { or: [{ and: [{ field: 'A', op: 'eq', value: 'x' }] }, { and: [] }] };
    expect(renderFilterJson(filter)).toBe('{"Filters":{"Filter":[]}}');
  });

  it('round-trips every filter', () => {
    fc.assert(
      fc.property(filterArb(), (filter) => {
        expect(parseFilterJson(renderFilterJson(filter))).toEqual(filter);
      }),
    );
  });

  it('round-trips through every tolerated variation of the canonical form', () => {
    const variation = fc.record({
      numberOperator: fc.boolean(),
      singleObjects: fc.boolean(),
      caseOf: fc.constantFrom(
        (key: string) => key,
        (key: string) => key.toLowerCase(),
        (key: string) => key.toUpperCase(),
      ),
      dropEmptyText: fc.boolean(),
    });
    fc.assert(
      fc.property(filterArb(), variation, (filter, v) => {
        const list = <T>(items: T[]): T | T[] => (v.singleObjects && items.length === 1 ? items[0]! : items);
        const k = v.caseOf;
        const json = {
          [k('Filters')]: {
            [k('Filter')]: list(
              filter.or.map((group) => ({
                [k('Field')]: list(
                  group.and.map((c) => ({
                    [k('@FieldId')]: c.field,
                    [k('@OperatorType')]: v.numberOperator ? OPERATORS[c.op] : String(OPERATORS[c.op]),
                    ...(v.dropEmptyText && c.value === '' ? {} : { [k('#text')]: c.value }),
                  })),
                ),
              })),
            ),
          },
        };
        expect(parseFilterJson(JSON.stringify(json))).toEqual(filter);
      }),
    );
  });
});
