// The write path's clock and generated values: audit stamps and `$today` defaults in Amsterdam wall-clock time
// (Profit has one clock, Europe/Amsterdam), and new file ids. Must not format dates any other way.

import { randomBytes } from 'node:crypto';

let formatter: Intl.DateTimeFormat | undefined;

/** The parts of the last second formatted: every write stamps its rows, and formatting was 2% of a small write. */
let lastSecond = Number.NaN;
let lastParts: Record<string, string> = {};

function parts(instant: Date): Record<string, string> {
  const second = Math.floor(instant.getTime() / 1000);
  if (second === lastSecond) return lastParts;
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Amsterdam',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const out: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) if (part.type !== 'literal') out[part.type] = part.value;
  lastSecond = second;
  lastParts = out;
  return out;
}

/** `YYYY-MM-DDTHH:MM:SS[.mmm]` of an instant on Amsterdam's clock, in the one stored form (normalizeDateTime). */
export function amsterdamStamp(instant: Date = new Date()): string {
  const p = parts(instant);
  const ms = String(instant.getMilliseconds()).padStart(3, '0');
  // The stored form leaves out a zero fraction (normalizeDateTime).
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${ms === '000' ? '' : `.${ms}`}`;
}

/** Today on Amsterdam's clock, as a date value (`T00:00:00`). */
export function amsterdamToday(instant: Date = new Date()): string {
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day}T00:00:00`;
}

/** A file id as Profit makes them: 32 upper-case hex characters. */
export function newFileId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
