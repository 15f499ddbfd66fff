// The value rules on strings alone: lengths counted in characters (code points) however the text is made, memo and
// blob limits at their edges, messages that show a bounded start of any value, and the parse stage's depth limit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_DEPTH, parseWriteRequest } from '../src/write/write-request.ts';
import {
  BLOB_MAX_BYTES,
  coerceValue,
  displayValue,
  MEMO_MAX_CHARACTERS,
  type ValueRule,
} from '../src/write/write-values.ts';

const text = (length: number): ValueRule => ({ fieldId: 'Ds', dataType: 'string', length });
const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('value limits', () => {
  it('refuses a string exactly when it has more code points than the field length, whatever its units', () => {
    const units = fc.oneof(
      fc.constantFrom('a', 'é', '😀', '\u{10FFFF}', '\ud83d', '\ude00', ' '),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(units, { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (pieces, length) => {
        const value = pieces.join('').replaceAll('\0', '');
        if (value === '') return;
        const expected =
          [...value].length > length ? 'valueTooLong' : /[\ud800-\udfff]/u.test(value) ? 'valueCharacter' : 'ok';
        expect(codeOf(() => coerceValue('KnSubject', text(length), value))).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('holds memo text (length 0) to MEMO_MAX_CHARACTERS', () => {
    const memo = 'x'.repeat(MEMO_MAX_CHARACTERS);
    expect(coerceValue('KnSubject', text(0), memo)).toBe(memo);
    expect(codeOf(() => coerceValue('KnSubject', text(0), `${memo}x`))).toBe('valueTooLong');
  });

  it('holds blobs to BLOB_MAX_BYTES decoded, line breaks not counted', () => {
    const blob: ValueRule = { fieldId: 'FileStream', dataType: 'blob', length: 0 };
    const atLimit = Buffer.alloc(BLOB_MAX_BYTES, 7).toString('base64');
    expect((coerceValue('KnSubject', blob, atLimit) as Buffer).length).toBe(BLOB_MAX_BYTES);
    // MIME's line breaks every 76 characters: the same bytes, still within the limit.
    const wrapped = atLimit.replace(/.{76}/g, '$&\r\n');
    expect((coerceValue('KnSubject', blob, wrapped) as Buffer).length).toBe(BLOB_MAX_BYTES);
    const over = Buffer.alloc(BLOB_MAX_BYTES + 3, 7).toString('base64');
    expect(codeOf(() => coerceValue('KnSubject', blob, over))).toBe('valueTooLong');
    const base64Text: ValueRule = { ...blob, dataType: 'string', base64: true };
    expect(codeOf(() => coerceValue('KnSubject', base64Text, over))).toBe('valueTooLong');
  });

  it('refuses long text for numbers, dates and booleans as invalid, whatever it holds', () => {
    const padded = `${' '.repeat(5_000_000)}1`;
    for (const dataType of ['int', 'decimal', 'date', 'boolean'] as const)
      expect([dataType, codeOf(() => coerceValue('X', { fieldId: 'F', dataType, length: 0 }, padded))]).toEqual([
        dataType,
        'valueInvalid',
      ]);
    expect(coerceValue('X', { fieldId: 'F', dataType: 'int', length: 0 }, '  42  ')).toBe(42);
  });

  it('shows at most 100 characters of any value, however large or deep, never half a surrogate pair', () => {
    expect(displayValue('a'.repeat(5_000_000))).toBe(`${'a'.repeat(100)}...`);
    expect(displayValue(`${'a'.repeat(99)}😀b`)).toBe(`${'a'.repeat(99)}...`);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(displayValue(deep)).toMatch(/^\[{100,}\.\.\.$/);
    expect(displayValue({ a: [1, 'b'], c: null })).toBe('{"a":[1,"b"],"c":null}');
    expect(displayValue(Array.from({ length: 1_000_000 }, (_, i) => i))).toMatch(/^\[0,1,2,.*\.\.\.$/);
    expect(displayValue('nul\u0000 and \ud800')).toBe('nul\\u0000 and \\ud800');
  });
});

describe('object depth while parsing', () => {
  const body = (levels: number) => {
    let element: unknown = { Fields: { Ds: 'x' } };
    for (let level = 1; level < levels; level++)
      element = { Fields: { Ds: 'x' }, Objects: [{ KnSubject: { Element: element } }] };
    return JSON.stringify({ KnSubject: { Element: element } });
  };

  it(`takes ${MAX_OBJECT_DEPTH} levels (FbAssembly, the deepest tree AFAS documents) and refuses one more`, () => {
    let object = parseWriteRequest(body(MAX_OBJECT_DEPTH)).root;
    let depth = 1;
    while (object.elements[0]!.objects.length > 0) {
      object = object.elements[0]!.objects[0]!;
      depth++;
    }
    expect(depth).toBe(MAX_OBJECT_DEPTH);
    expect(codeOf(() => parseWriteRequest(body(MAX_OBJECT_DEPTH + 1)))).toBe('nestedTooDeep');
  });

  it('takes an Objects entry of many names without spreading them onto the stack', () => {
    const objects = Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`O${i}`, { Element: {} }]));
    const parsed = parseWriteRequest(JSON.stringify({ KnSubject: { Element: { Objects: [objects] } } }));
    expect(parsed.root.elements[0]!.objects).toHaveLength(130_000);
  });
});
