// Calendar arithmetic and the text forms of dates the demo rows carry ('YYYY-MM-DDTHH:MM:SS', audit stamps with ms).
// Works on day numbers and epoch milliseconds read as wall-clock time; must not create Date objects per row.

export const DAY_MS = 86_400_000;

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Day number (days since 1970-01-01) of a calendar date (Howard Hinnant's days_from_civil). */
export function dayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number, packed as YYYYMMDD (a number, so that hot loops allocate nothing). */
export function civil(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

export function yearOf(dayNumber: number): number {
  return Math.floor(civil(dayNumber) / 10000);
}

export function monthOf(dayNumber: number): number {
  return Math.floor(civil(dayNumber) / 100) % 100;
}

// Texts of days from 1900 to 2199, built on first use: demo rows repeat days a lot, and reusing one string per
// day keeps the generator's garbage (and so its time in the garbage collector) down.
const CACHE_FROM = dayOf(1900, 1, 1);
const CACHE_SIZE = dayOf(2200, 1, 1) - CACHE_FROM;
// Filled with '' rather than left holey: a hole makes every miss look up the prototype chain.
const dayTexts: string[] = new Array<string>(CACHE_SIZE).fill('');
const dateValues: string[] = new Array<string>(CACHE_SIZE).fill('');

function dayText(dayNumber: number): string {
  const slot = dayNumber - CACHE_FROM;
  const cached = dayTexts[slot];
  if (cached) return cached;
  const p = civil(dayNumber);
  const text = `${Math.floor(p / 10000)}-${PAD2[Math.floor(p / 100) % 100]}-${PAD2[p % 100]}`;
  if (slot >= 0 && slot < CACHE_SIZE) dayTexts[slot] = text;
  return text;
}

/** A date column value: the day at midnight, 'YYYY-MM-DDT00:00:00'. */
export function dateValue(dayNumber: number): string {
  const slot = dayNumber - CACHE_FROM;
  const cached = dateValues[slot];
  if (cached) return cached;
  const text = `${dayText(dayNumber)}T00:00:00`;
  if (slot >= 0 && slot < CACHE_SIZE) dateValues[slot] = text;
  return text;
}

// 'THH:MM:SS' of each second of a day and '.mmm' of each millisecond, built on first use, so that a time stamp is
// two concatenations instead of a dozen (a generator making millions of rows spends its time in the GC otherwise).
const timesOfDay: string[] = new Array<string>(86_400).fill('');
const MILLIS: string[] = PAD3.map((ms) => `.${ms}`);

function timeOfDay(second: number): string {
  const cached = timesOfDay[second];
  if (cached) return cached;
  const text = `T${PAD2[Math.floor(second / 3600)]}:${PAD2[Math.floor(second / 60) % 60]}:${PAD2[second % 60]}`;
  timesOfDay[second] = text;
  return text;
}

/** 'YYYY-MM-DDTHH:MM:SS' of epoch milliseconds (wall clock). */
export function dateTimeValue(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  return dayText(day) + timeOfDay(Math.floor((ms - day * DAY_MS) / 1000));
}

/** 'YYYY-MM-DDTHH:MM:SS.mmm' of epoch milliseconds: audit stamps keep sub-second precision, as Profit's do. */
export function timestampValue(ms: number): string {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / DAY_MS);
  const msOfDay = whole - day * DAY_MS;
  return dayText(day) + timeOfDay(Math.floor(msOfDay / 1000)) + MILLIS[msOfDay % 1000];
}
