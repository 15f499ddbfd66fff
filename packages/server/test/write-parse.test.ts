// The syntax stages of the write path on strings alone (no database, no definitions): where JSON breaks, the body
// forms an UpdateConnector accepts, and DELETE paths split before percent-decoding.

import { CodedError } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { parseDeletePath } from '../src/write/delete-url.ts';
import { locateJsonError } from '../src/write/json-syntax.ts';
import { parseWriteRequest } from '../src/write/write-request.ts';

describe('locateJsonError', () => {
  it('agrees with JSON.parse on what is JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]} ', '"x"', '0', '\ufeff{}']) {
      expect(locateJsonError(text), text).toBeUndefined();
    }
  });

  it.each([
    ['{"a": }', 1, 7, "expected a value but found '}'"],
    ['{"a":1', 1, 7, "expected ',' or '}' but found end of input"],
    ['[1,]', 1, 4, "expected a value but found ']'"],
    ['{"a":1}}', 1, 8, "unexpected '}' after the end of the JSON value"],
    ['{\n  "a": "\\x"\n}', 2, 9, 'bad escape \\x'],
    ['{\n  a: 1\n}', 2, 3, "expected a property name in double quotes but found 'a'"],
    ['{"a": "\\u12"}', 1, 8, 'bad \\u escape (needs 4 hex digits)'],
    ['{"a": "tab\there"}', 1, 11, 'control character U+0009 inside a string (escape it)'],
    ["{'a': 1}", 1, 2, "expected a property name in double quotes but found '''"],
  ])('%j breaks at line %i, column %i: %s', (text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toMatchObject({ line, column, reason });
  });
});

describe('parseWriteRequest', () => {
  it('normalises Element, Objects and @Action in every tolerated form', () => {
    const asArray = parseWriteRequest(
      JSON.stringify({
        KnSubject: {
          Element: {
            '@SbId': 5,
            Fields: { Ds: 'x', '@Action': 'update' },
            Objects: [
              { KnSubjectLink: { Element: { Fields: { SfTp: '2' } } } },
              { KnSubjectAttachment: { Element: [{}, {}] } },
            ],
          },
        },
      }),
    );
    const keyed = parseWriteRequest(
      '{"KnSubject":{"element":[{"@SbId":5,"@Action":"update","fields":{"Ds":"x"},"objects":{"KnSubjectLink":{"Element":{"Fields":{"SfTp":"2"}}},"KnSubjectAttachment":{"Element":[{},{}]}}}]}}',
    );
    for (const request of [asArray, keyed]) {
      const [element] = request.root.elements;
      expect(request.root.name).toBe('KnSubject');
      expect(element!.action).toBe('update');
      expect([...element!.attributes]).toEqual([['SbId', 5]]);
      expect([...element!.fields]).toEqual([['Ds', 'x']]);
      expect(element!.objects.map((o) => [o.name, o.elements.length])).toEqual([
        ['KnSubjectLink', 1],
        ['KnSubjectAttachment', 2],
      ]);
    }
  });

  it('answers 400 errors that say what is missing', () => {
    const error = (body: string) => {
      try {
        parseWriteRequest(body);
      } catch (e) {
        return [(e as CodedError).status, (e as CodedError).message];
      }
      return undefined;
    };
    expect(error('{"A":{"Element":{"Fields":{},"Extra":1}}}')).toEqual([
      400,
      "Missing element: A.Element[0] has 'Extra': an element holds only @keys, Fields and Objects",
    ]);
    expect(error('{"A":{},"B":{}}')).toEqual([
      400,
      'Missing element: the body must have exactly one root object, it has 2',
    ]);
    expect(error('   ')).toEqual([400, 'Invalid json: the body is empty']);
  });
});

describe('parseDeletePath', () => {
  it('splits object/keys/values triples before decoding, so %2C stays in a value', () => {
    expect(
      parseDeletePath('/ProfitRestServices/connectors/FbItemArticle/FbItemArticle/@VaIt,@BiUn/A%2F1%2C2,st%20k?x=1'),
    ).toEqual({
      connectorId: 'FbItemArticle',
      levels: [{ object: 'FbItemArticle', names: ['VaIt', 'BiUn'], values: ['A/1,2', 'st k'] }],
    });
    expect(
      parseDeletePath('/profitrestservices/Connectors/FiEntries/FiEntryPar/UnId,JoCo/1,73/FiEntries/@EnNo/70001')
        .levels,
    ).toEqual([
      { object: 'FiEntryPar', names: ['UnId', 'JoCo'], values: ['1', '73'] },
      { object: 'FiEntries', names: ['EnNo'], values: ['70001'] },
    ]);
  });

  it('calls a path that is not whole triples, or not percent-encoded properly, a wrong URL', () => {
    for (const path of [
      '/ProfitRestServices/connectors/KnSubject/KnSubject/@SbId',
      '/ProfitRestServices/connectors/X/Y/@A/%E0%A4%A',
    ]) {
      expect(() => parseDeletePath(path)).toThrow(CodedError);
      try {
        parseDeletePath(path);
      } catch (error) {
        expect((error as CodedError).code).toBe('notFound');
      }
    }
  });
});
