// The compiled row renderer writes numbers exactly as String() would (it uses JSON.stringify to keep V8's number
// text young), empty and non-finite values as null.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRowRenderer } from '../src/read/row-renderer.ts';

describe('row renderer numbers', () => {
  const render = compileRowRenderer([
    { id: 'Amount', dataType: 'decimal' },
    { id: 'Count', dataType: 'int' },
  ]);

  it('renders every finite number as its shortest round-trip text, as String() does', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), (amount, count) => {
        const text = render([amount, String(count)]);
        expect(text).toBe(`{"Amount":${String(amount)},"Count":${String(count)}}`);
        expect(JSON.parse(text)).toEqual({ Amount: Object.is(amount, -0) ? 0 : amount, Count: count });
      }),
      { numRuns: 2000 },
    );
  });

  it('renders empty, unparsable and infinite values as null', () => {
    expect(render([null, ''])).toBe('{"Amount":null,"Count":null}');
    expect(render([Number.POSITIVE_INFINITY, 'abc'])).toBe('{"Amount":null,"Count":null}');
    expect(render([undefined, '12.50'])).toBe('{"Amount":null,"Count":12.5}');
  });
});
