// AFAS dates: strings in Amsterdam local time, written with a `Z` that does NOT mean UTC. Converts both ways.
// Must not guess other time zones or formats: Profit has one wall clock, Europe/Amsterdam.

const ZONE = 'Europe/Amsterdam';
const AFAS_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?Z?$/;

let formatter: Intl.DateTimeFormat | undefined;

function amsterdam(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of amsterdam().formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Milliseconds Amsterdam is ahead of UTC at an instant (3600000 in winter, 7200000 in summer). */
function offsetAt(instant: number): number {
  const w = wallClock(instant);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which Amsterdam's clock shows `wall` (given as if it were UTC). The offsets half a day before and
 * after cover any clock change near it; an offset fits when it is the one in force at its candidate instant.
 */
function wallToInstant(wall: number): number {
  const before = offsetAt(wall - 43_200_000);
  const after = offsetAt(wall + 43_200_000);
  const fitting = [before, after].map((offset) => wall - offset).filter((t) => wall - offsetAt(t) === t);
  // Two fit in the repeated autumn hour: the first is taken. None fits in the skipped spring hour: the offset
  // from before the change gives the wall time an hour later, as clocks do.
  return fitting.length > 0 ? Math.min(...fitting) : wall - before;
}

/**
 * Reads an AFAS date (`2020-03-22T10:00:00Z`, `2020-03-22T10:00:00`, `2020-03-22`) as Amsterdam local time.
 * In the hour skipped in spring the result is an hour later; in the hour repeated in autumn it is the first one.
 */
export function parseAfasDate(value: string): Date {
  const m = AFAS_DATE.exec(value.trim());
  if (!m) throw new RangeError(`not an AFAS date: '${value}'`);
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  return new Date(wallToInstant(wall) + fraction);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Writes a Date as AFAS filters want it: `YYYY-MM-DDTHH:MM:SS` in Amsterdam time, without `Z`. */
export function formatFilterDate(date: Date): string {
  const instant = date.getTime();
  if (Number.isNaN(instant)) throw new RangeError('invalid Date');
  const w = wallClock(instant);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** Wall-clock arithmetic on an AFAS date string: adds seconds without any time zone (for overlap windows). */
export function shiftWallClock(value: string, seconds: number): string {
  const m = AFAS_DATE.exec(value.trim());
  if (!m) throw new RangeError(`not an AFAS date: '${value}'`);
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  return new Date(wall + seconds * 1000).toISOString().slice(0, 19);
}

/** An AFAS date string as a filter value: the same wall time, seconds precision, no `Z`. */
export function afasDateToFilterValue(value: string): string {
  return shiftWallClock(value, 0);
}
