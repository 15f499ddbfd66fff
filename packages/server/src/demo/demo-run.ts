// The state of one demo run (random streams, id counters, the batch sink, "now") and what every domain draws
// with it: entity counts per size, stream keys, audit stamps, moments, post codes, phone numbers.

import { BatchSink } from './batch-sink.ts';
import { DAY_MS, timestampValue } from './dates.ts';
import { CONTACT_PERSONS_PER_ORG, drawName, PARTICIPANT, userCode } from './demo-codes.ts';
import { DEMO_BATCH_SIZE, type DemoRow, PARENTS } from './demo-tables.ts';
import { type City, POSTCODE_LETTERS } from './dutch-data.ts';
import { Random } from './random.ts';

/** How many of each entity a size gives; rows per table follow from these (lines and accounts vary a little). */
export interface DemoCounts {
  employees: number;
  organisations: number;
  /** Persons that are contacts at organisations (two per organisation); persons = employees + these. */
  contactPersons: number;
  users: number;
  articles: number;
  administrations: number;
  salesOrders: number;
  journalEntries: number;
  subjects: number;
}

export function demoCounts(employees: number): DemoCounts {
  if (!Number.isInteger(employees) || employees < 1) throw new RangeError('employees must be a whole number >= 1');
  const organisations = Math.max(5, Math.round(employees / 10));
  return {
    employees,
    organisations,
    contactPersons: organisations * CONTACT_PERSONS_PER_ORG,
    users: Math.max(3, Math.floor(employees / 20)),
    articles: Math.max(20, Math.round(employees / 5)),
    administrations: employees < 100 ? 1 : employees < 10_000 ? 2 : 3,
    salesOrders: Math.max(10, Math.round(employees / 2)),
    journalEntries: Math.max(20, Math.round(employees / 4)),
    subjects: Math.max(10, Math.round(employees / 2)),
  };
}

// Keys of the per-entity random streams (see Random.reseed).
export const K_REFERENCE = 1;
export const K_ORGANISATION = 2;
export const K_EMPLOYEE = 3;
export const K_ARTICLE = 4;
export const K_ORDER = 5;
export const K_ENTRY = 6;
export const K_SUBJECT = 7;
export const K_PORTRAIT = 8;

/** Who created/changed records that no demo user is tied to (conversion, interfaces, back office). */
export const SYSTEM_USERS: readonly string[] = [
  `${PARTICIPANT}.beheer`,
  `${PARTICIPANT}.conversie`,
  `${PARTICIPANT}.hr`,
  `${PARTICIPANT}.salaris`,
  `${PARTICIPANT}.verkoop`,
  `${PARTICIPANT}.financieel`,
  `${PARTICIPANT}.connector`,
];

/** A number of cents, rounded, as an amount in euro. */
export const cents = (value: number) => Math.round(value) / 100;

/** The state of one run: streams, id counters, the sink. */
export class DemoRun {
  readonly rng = new Random();
  /** A second stream for recomputing other entities (names, articles) without disturbing the current one. */
  readonly side = new Random();
  readonly sink = new BatchSink(PARENTS, DEMO_BATCH_SIZE);
  readonly counts: DemoCounts;
  readonly nowMs: number;
  readonly nowDay: number;
  /** The day the company's reference data (ledger, departments, functions) was set up, nine years ago. */
  readonly setupDay: number;
  nextAddressId = 1;
  nextBankAccountId = 1;
  nextDebtorId = 1;
  nextUserIndex = 0;

  constructor(
    readonly seed: number,
    employees: number,
    now: Date,
  ) {
    this.counts = demoCounts(employees);
    this.nowMs = now.getTime();
    this.nowDay = Math.floor(this.nowMs / DAY_MS);
    this.setupDay = this.nowDay - 9 * 365;
  }

  /** A moment during office hours (mostly) of a day, in epoch ms with milliseconds, never after now. */
  momentOn(day: number): number {
    const r = this.rng;
    const hours = r.chance(0.9) ? 7 + r.next() * 11 : r.next() * 24;
    return Math.min(day * DAY_MS + Math.floor(hours * 3_600_000), this.nowMs - 1000);
  }

  /**
   * Sets the audit columns: created at `createdMs`; two thirds changed later, skewed towards now so that
   * "changed since" filters find a realistic, small share of recent changes.
   */
  stamp(row: DemoRow, createdMs: number, by: string): DemoRow {
    const r = this.rng;
    const created = Math.min(createdMs, this.nowMs - 1000);
    const modified = r.chance(0.66) ? created + Math.floor((this.nowMs - created) * r.next() ** 0.5) : created;
    const createdText = timestampValue(created);
    row.created_at = createdText;
    row.created_by = by;
    row.modified_at = modified === created ? createdText : timestampValue(modified);
    row.modified_by = modified === created || r.chance(0.6) ? by : r.pick(SYSTEM_USERS);
    return row;
  }

  zipCode(c: City): string {
    return zipCodeIn(this.rng, c);
  }

  landline(c: City): string {
    return landlineIn(this.rng, c);
  }

  mobile(): string {
    return mobileNumber(this.rng);
  }

  /** An optional text: mostly absent (null), sometimes present but empty, as real data has both. */
  maybe(p: number, value: () => string): string | null {
    const x = this.rng.next();
    if (x < p) return value();
    return x < p + (1 - p) * 0.04 ? '' : null;
  }

  /** The code of user k, recomputed from its employee's name stream. */
  userCodeOf(userIndex: number): string {
    const employeeIndex = this.userEmployeeIndex(userIndex);
    const name = drawName(this.side.reseed(this.seed, K_EMPLOYEE, employeeIndex));
    return userCode(userIndex, name.first, name.surname);
  }

  /** User k is employee floor(k * N / U): users are spread evenly over the employees. */
  userEmployeeIndex(userIndex: number): number {
    return Math.floor((userIndex * this.counts.employees) / this.counts.users);
  }
}

/** A zip code in the city's range with letters PostNL gives (never SA, SD or SS). The mirror draws its own so too. */
export function zipCodeIn(r: Random, c: City): string {
  const first = POSTCODE_LETTERS[r.int(POSTCODE_LETTERS.length)]!;
  let second = POSTCODE_LETTERS[r.int(POSTCODE_LETTERS.length)]!;
  // SA, SD and SS are not used.
  if (first === 'S' && (second === 'A' || second === 'D' || second === 'S')) second = 'T';
  return `${r.between(c.zipFrom, c.zipTo)} ${first}${second}`;
}

/** A landline number of the city: its area code, a dash, and digits to ten in all. */
export function landlineIn(r: Random, c: City): string {
  return `${c.areaCode}-${r.digits(10 - c.areaCode.length)}`;
}

/** A Dutch mobile number: 06, a dash, eight digits. */
export function mobileNumber(r: Random): string {
  return `06-${r.digits(8)}`;
}
