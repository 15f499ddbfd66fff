// The row renderer of Profit before 7 writes decimals below one without the leading zero and changes nothing else:
// integers, strings, other numbers and nulls are written as Profit 7 writes them; the connector keeps its own.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerHead, compileRowRenderer, rowRenderingFor } from '../src/read/row-renderer.ts';

const FIELDS = [
  { id: 'Amount', dataType: 'decimal' },
  { id: 'Count', dataType: 'int' },
  { id: 'Text', dataType: 'string' },
] as const;

describe('bare decimals (Profit before 7)', () => {
  const bare = compileRowRenderer(FIELDS, 'bare');
  const json = compileRowRenderer(FIELDS);

  it('drops the leading zero of fractions below one, from numbers and from the texts PostgreSQL gives', () => {
    expect(bare([-0.5, -3, '-0.5'])).toBe('{"Amount":-.5,"Count":-3,"Text":"-0.5"}');
    expect(bare(['0.25', 0, '.5'])).toBe('{"Amount":.25,"Count":0,"Text":".5"}');
    expect(bare(['-0.50', 7, null])).toBe('{"Amount":-.5,"Count":7,"Text":null}');
    for (const [value, text] of [
      [0, '0'],
      [-0, '0'],
      ['0.00', '0'],
      [1.5, '1.5'],
      [-12.25, '-12.25'],
      [1234567890123.5, '1234567890123.5'],
      [0.0000005, '5e-7'],
      [-0.05, '-.05'],
      [null, 'null'],
      ['', 'null'],
    ] as const)
      expect(bare([value, 1, 'x']), String(value)).toBe(`{"Amount":${text},"Count":1,"Text":"x"}`);
  });

  it('differs from the Profit 7 renderer only by the zero before the dot', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(), (a, c, t) => {
        const seven = json([a, c, t]);
        const six = bare([a, c, t]);
        expect(six).toBe(seven.replace(/^\{"Amount":(-?)0\./, '{"Amount":$1.'));
        expect(six === seven).toBe(!(Math.abs(a) < 1 && a !== 0 && !String(a).includes('e')));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a connector its own renderer for Profit 7 and one bare renderer, kept, before', () => {
    const connector = { fields: FIELDS, renderRow: json };
    expect(rowRenderingFor(connector, 'json').renderRow).toBe(json);
    const first = rowRenderingFor(connector, 'bare');
    expect(first.renderRow([0.5, 1, 'a'])).toBe('{"Amount":.5,"Count":1,"Text":"a"}');
    expect(rowRenderingFor(connector, 'bare')).toBe(first);
    // A reader thread tells the two apart by their keys.
    expect(first.spec.key).not.toBe(rowRenderingFor(connector, 'json').spec.key);
  });

  it('writes the head on one line or with skip and take on lines of their own', () => {
    expect(answerHead(0, 100, 'compact')).toBe('{"skip":0,"take":100,"rows":[');
    expect(answerHead(-1, -1, 'lines')).toBe('{\r\n"skip":-1,\r\n"take":-1,\r\n"rows":[');
  });
});
