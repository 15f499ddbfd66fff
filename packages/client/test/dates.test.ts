import { describe, expect, it } from 'vitest';
import { formatFilterDate, parseAfasDate } from '../src/index.ts';

describe('AFAS dates are Amsterdam local time', () => {
  it.each([
    // winter (CET, +01:00)
    ['2020-01-15T10:00:00Z', '2020-01-15T09:00:00.000Z'],
    // summer (CEST, +02:00): the Z does not mean UTC
    ['2020-03-22T10:00:00Z', '2020-03-22T09:00:00.000Z'],
    ['2020-07-01T10:00:00Z', '2020-07-01T08:00:00.000Z'],
    ['2020-07-01T10:00:00', '2020-07-01T08:00:00.000Z'],
    ['2020-07-01', '2020-06-30T22:00:00.000Z'],
    // the days the clocks change (29 March 2020 02:00 -> 03:00; 25 October 2020 03:00 -> 02:00)
    ['2020-03-29T01:59:59Z', '2020-03-29T00:59:59.000Z'],
    ['2020-03-29T03:00:00Z', '2020-03-29T01:00:00.000Z'],
    ['2020-10-25T01:59:59Z', '2020-10-24T23:59:59.000Z'],
    ['2020-10-25T03:00:00Z', '2020-10-25T02:00:00.000Z'],
    // the skipped spring hour gives the wall time an hour later; the repeated autumn hour its first occurrence
    ['2021-03-28T02:30:00Z', '2021-03-28T01:30:00.000Z'],
    ['2021-10-31T02:30:00Z', '2021-10-31T00:30:00.000Z'],
    ['2020-10-25T12:00:00.250Z', '2020-10-25T11:00:00.250Z'],
  ])('parseAfasDate(%s) is %s', (afas, utc) => {
    expect(parseAfasDate(afas).toISOString()).toBe(utc);
  });

  it('refuses what is not a date', () => {
    expect(() => parseAfasDate('22-03-2020')).toThrow(RangeError);
  });

  it.each([
    ['2020-01-15T09:00:00.000Z', '2020-01-15T10:00:00'],
    ['2020-07-01T08:00:00.000Z', '2020-07-01T10:00:00'],
    ['2020-03-29T00:59:59.000Z', '2020-03-29T01:59:59'],
    ['2020-03-29T01:00:00.000Z', '2020-03-29T03:00:00'],
    ['2020-12-31T23:30:00.000Z', '2021-01-01T00:30:00'],
  ])('formatFilterDate(%s) is %s', (utc, afas) => {
    expect(formatFilterDate(new Date(utc))).toBe(afas);
  });

  it('round-trips every hour of a year with clock changes, except the skipped hour', () => {
    for (let t = Date.UTC(2021, 0, 1); t < Date.UTC(2022, 0, 1); t += 3_600_000 + 17_000) {
      const date = new Date(Math.floor(t / 1000) * 1000);
      const text = formatFilterDate(date);
      const back = parseAfasDate(`${text}Z`);
      // In the repeated autumn hour the wall time is ambiguous: the first one is chosen.
      if (back.getTime() !== date.getTime()) {
        expect(date.getTime() - back.getTime()).toBe(3_600_000);
        expect(text.startsWith('2021-10-31T02')).toBe(true);
      }
    }
  });

  it('refuses an invalid Date', () => {
    expect(() => formatFilterDate(new Date('nope'))).toThrow(RangeError);
  });
});
