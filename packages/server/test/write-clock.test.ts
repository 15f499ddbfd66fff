// The write path's clock: audit stamps on Amsterdam's wall clock in the one stored form, whatever the season, and
// the same text however many stamps a second holds (the formatted second is reused within it).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amsterdamStamp, amsterdamToday } from '../src/write/write-clock.ts';

/** Amsterdam's wall clock of an instant by another route: Swedish locale prints `YYYY-MM-DD HH:MM:SS`. */
function expected(instant: Date): string {
  const wall = instant.toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam', hourCycle: 'h23' }).replace(' ', 'T');
  const ms = instant.getUTCMilliseconds();
  return ms === 0 ? wall : `${wall}.${String(ms).padStart(3, '0')}`;
}

describe('amsterdamStamp', () => {
  it('is winter and summer time, with milliseconds only when not zero', () => {
    expect(amsterdamStamp(new Date('2025-01-15T11:30:00.000Z'))).toBe('2025-01-15T12:30:00');
    expect(amsterdamStamp(new Date('2025-07-15T11:30:00.250Z'))).toBe('2025-07-15T13:30:00.250');
    // The night clocks go forward (02:00 CET -> 03:00 CEST) and back.
    expect(amsterdamStamp(new Date('2025-03-30T00:59:59.999Z'))).toBe('2025-03-30T01:59:59.999');
    expect(amsterdamStamp(new Date('2025-03-30T01:00:00.001Z'))).toBe('2025-03-30T03:00:00.001');
    expect(amsterdamStamp(new Date('2025-10-26T00:30:00Z'))).toBe('2025-10-26T02:30:00');
    expect(amsterdamStamp(new Date('2025-10-26T01:30:00Z'))).toBe('2025-10-26T02:30:00');
    expect(amsterdamToday(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01T00:00:00');
  });

  it('agrees with the wall clock for any instant, in any order of calls', () => {
    fc.assert(
      fc.property(
        fc.array(fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), {
          minLength: 1,
          maxLength: 20,
        }),
        (instants) => {
          // Several stamps within one second too: the reused second must not leak into the next.
          const around = instants.flatMap((d) => [d, new Date(d.getTime() + 1), new Date(d.getTime() + 999)]);
          for (const instant of around) expect(amsterdamStamp(instant)).toBe(expected(instant));
        },
      ),
      { numRuns: 300 },
    );
  });
});
