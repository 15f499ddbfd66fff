// normalizeDateTime, the one stored form of a date-time, answers repeated texts from a memo: the memo must never
// change an answer (invalid stays invalid, the second call equals the first) and keeps no long texts.

import { normalizeDateTime } from '@appconnector/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('normalizeDateTime', () => {
  it('answers the same the second time, valid or not', () => {
    for (let round = 0; round < 2; round++) {
      expect(normalizeDateTime('2025-01-15')).toBe('2025-01-15T00:00:00');
      expect(normalizeDateTime(' 2025-01-15T10:00:00.5 ')).toBe('2025-01-15T10:00:00.500');
      expect(normalizeDateTime('2025-01-15T10:00:00.000')).toBe('2025-01-15T10:00:00');
      expect(normalizeDateTime('2025-02-30')).toBeUndefined();
      expect(normalizeDateTime('')).toBeUndefined();
      // Longer than any date-time: not kept, still answered.
      expect(normalizeDateTime(`2025-01-15${' '.repeat(60)}`)).toBe('2025-01-15T00:00:00');
    }
  });

  it('gives any text the same answer on every call', () => {
    const dateLike = fc
      .tuple(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
      )
      .map(
        ([y, m, d, h]) =>
          `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00`,
      );
    fc.assert(
      fc.property(fc.oneof(dateLike, fc.string()), (text) => {
        const first = normalizeDateTime(text);
        expect(normalizeDateTime(text)).toBe(first);
        if (first !== undefined) expect(normalizeDateTime(first)).toBe(first);
      }),
      { numRuns: 2000 },
    );
  });
});
