// Values for a mirrored field that fit it: its type, length and decimals, and what its label says it holds (names,
// addresses, zip codes, e-mail, phone, dates, amounts, codes; labels in Dutch or English). Pure and seeded: the same
// seed, field and row give the same value. Knows nothing of tables or the database.

import type { DataType } from '@appconnector/protocol';
import { bsnFromIndex, dutchIban } from '../demo/checksums.ts';
import { DAY_MS, dateTimeValue, dateValue, dayOf } from '../demo/dates.ts';
import { displayName } from '../demo/demo-codes.ts';
import { landlineIn, mobileNumber, zipCodeIn } from '../demo/demo-run.ts';
import type { City, FirstName, Surname } from '../demo/dutch-data.ts';
import {
  BANKS,
  CITIES,
  COUNTRIES,
  DEPARTMENTS,
  FEMALE_FIRST_NAMES,
  FUNCTIONS,
  HOUSE_NUMBER_ADDITIONS,
  LEGAL_FORMS,
  MALE_FIRST_NAMES,
  ORG_REGIONS,
  ORG_TRADES,
  PRIVATE_MAIL_DOMAINS,
  REMARKS,
  STREETS,
  SURNAMES,
  slug,
} from '../demo/dutch-data.ts';
import { hash32, Random } from '../demo/random.ts';

/** A field as metainfo describes it, with every label it has (both languages). */
export interface FieldShape {
  id: string;
  fieldId: string;
  dataType: DataType;
  /** Maximum length of text (0: no limit); for numbers, the digits metainfo gives (0: none). */
  length: number;
  decimals: number;
  labels: readonly string[];
}

/** What a field holds, as far as its id and labels tell. */
export type ValueKind =
  | 'email'
  | 'mobile'
  | 'phone'
  | 'zipCode'
  | 'city'
  | 'street'
  | 'houseNumber'
  | 'houseNumberAddition'
  | 'country'
  | 'initials'
  | 'firstName'
  | 'prefix'
  | 'lastName'
  | 'searchName'
  | 'organisation'
  | 'name'
  | 'iban'
  | 'bsn'
  | 'gender'
  | 'url'
  | 'jobTitle'
  | 'department'
  | 'description'
  | 'code'
  | 'text'
  | 'year'
  | 'month'
  | 'quantity'
  | 'number'
  | 'percentage'
  | 'fraction'
  | 'amount'
  | 'birthDate'
  | 'endDate'
  | 'timestamp'
  | 'date'
  | 'boolean'
  | 'blob';

/** Recognisers in order: the first that matches wins (e-mailadres before adres, postcode before code). */
const TEXT_KINDS: readonly [ValueKind, RegExp][] = [
  ['email', /e-?mail/],
  ['url', /website|homepage|\burl\b|internet/],
  ['iban', /iban|bankrekening|bank ?account|rekeningnummer|account ?number/],
  ['bsn', /\bbsn\b|burgerservice|sofi|social security/],
  ['mobile', /mobiel|mobile|\bgsm\b/],
  ['phone', /telefoon|phone|\bfax\b|\btel\b|telnr/],
  ['zipCode', /postcode|postal|\bzip/],
  ['houseNumberAddition', /toevoeg|addition/],
  ['houseNumber', /huisnummer|house ?n(umber|o)|huisnr/],
  ['street', /straat|street|\badres\b|\baddress\b|adresregel|address ?line/],
  // Before cities: a cost centre (kostenplaats) is no place.
  ['department', /afdeling|department|kostenplaats|cost ?cent/],
  ['city', /woonplaats|plaats|\bcity\b|\btown\b|residence|\bstad\b/],
  ['country', /\bland\b|landcode|country|nationalit/],
  ['initials', /voorletter|initials/],
  ['firstName', /voornaam|roepnaam|first ?name|given ?name|call ?name|nickname/],
  ['prefix', /voorvoegsel|tussenvoegsel|\bprefix\b/],
  ['lastName', /achternaam|geboortenaam|last ?name|surname|family ?name|birth ?name/],
  ['searchName', /zoeknaam|search ?name/],
  ['gender', /geslacht|gender|\bsex\b/],
  ['description', /omschrijving|description|opmerking|remark|toelichting|notitie|\bnote|memo|comment|explanation/],
  // Before names: a debtor's number is a code, its name a name.
  ['code', /code|nummer|number|\bnr\b|\bno\b|\bid\b|kenmerk|\bkey\b|sleutel/],
  [
    'organisation',
    /organisatie|organisation|organization|company|bedrijf|debiteur|crediteur|debtor|creditor|relatie|relation|klant|customer|supplier|leverancier/,
  ],
  ['jobTitle', /functie|\bjob\b|\bfunction\b|position/],
  ['name', /naam|name/],
];

const INT_KINDS: readonly [ValueKind, RegExp][] = [
  ['year', /\bjaar\b|\byear\b|boekjaar|fiscal/],
  ['month', /maand|month|periode|period/],
  ['houseNumber', /huisnummer|house ?n(umber|o)|\bhmnr\b/],
  ['quantity', /aantal|quantity|count|number of|uren|hours|dagen|days|\bqty\b/],
  ['number', /code|nummer|number|\bnr\b|\bno\b|\bid\b|volgnummer|sequence/],
];

const DECIMAL_KINDS: readonly [ValueKind, RegExp][] = [
  ['fraction', /\bfte\b|deeltijd|part.?time/],
  ['percentage', /percentage|procent|percent|%|factor|tarief|rate/],
  ['quantity', /aantal|quantity|uren|hours|dagen|days|\bqty\b|fte|volume|gewicht|weight/],
  ['amount', /bedrag|amount|salaris|salary|loon|wage|prijs|price|totaal|total|saldo|balance|kosten|cost|waarde|value/],
];

const DATE_KINDS: readonly [ValueKind, RegExp][] = [
  ['birthDate', /geboorte|birth/],
  ['timestamp', /gewijzigd|aangemaakt|modified|created|changed|mutatie|tijdstip|timestamp|time/],
  ['endDate', /einde?\b|eind|\bend\b|tot en met|\buntil\b|vervaldatum|expir|\bdue\b/],
];

/** The words metainfo gives a field: its ids (split at capitals: `DateOfBirth` -> date of birth) and labels. */
function words(field: FieldShape): string {
  const split = (id: string) => id.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.-]/g, ' ');
  return [split(field.id), split(field.fieldId), ...field.labels].join(' | ').toLowerCase();
}

function firstMatch(kinds: readonly [ValueKind, RegExp][], text: string): ValueKind | undefined {
  return kinds.find(([, pattern]) => pattern.test(text))?.[0];
}

/** What the field holds: its type decides the family, its labels the kind within it. */
export function valueKind(field: FieldShape): ValueKind {
  const text = words(field);
  switch (field.dataType) {
    case 'string':
      return firstMatch(TEXT_KINDS, text) ?? 'text';
    case 'int':
      return firstMatch(INT_KINDS, text) ?? 'number';
    case 'decimal':
      return firstMatch(DECIMAL_KINDS, text) ?? 'amount';
    case 'date':
      return firstMatch(DATE_KINDS, text) ?? 'date';
    case 'boolean':
      return 'boolean';
    case 'blob':
      return 'blob';
  }
}

/** At most `length` characters (code points: a length counts characters, as the write path does); 0 is no limit. */
export function fitText(text: string, length: number): string {
  if (length <= 0 || text.length <= length) return text;
  return [...text].slice(0, length).join('').trimEnd();
}

/** The largest whole part a number of the field may have: its digits when metainfo gives them, else what the column holds. */
function largest(field: FieldShape, fallback: number): number {
  const decimals = field.dataType === 'decimal' ? Math.min(10, field.decimals) : 0;
  const digits = field.dataType === 'int' ? 9 : 18 - decimals;
  const byLength = field.length > decimals ? field.length - decimals : digits;
  return Math.min(fallback, 10 ** Math.min(digits, byLength) - 1);
}

const TODAY = dayOf(2026, 6, 1);
const allFirstNames = [...MALE_FIRST_NAMES, ...FEMALE_FIRST_NAMES];

function organisationName(r: Random): string {
  const form = r.pick(LEGAL_FORMS);
  return `${r.pick(ORG_REGIONS)} ${r.pick(ORG_TRADES)}${form.suffix ? ` ${form.suffix}` : ''}`;
}

/**
 * A code unique per row where the length allows (`row` numbered from 0): the row's number in digits, else in base
 * 36, else random letters and digits.
 */
function code(r: Random, row: number, length: number): string {
  const width = length > 0 ? Math.min(length, 8) : 8;
  const decimal = String(row + 1);
  if (decimal.length <= width) return decimal.padStart(Math.min(width, 6), '0');
  const base36 = (row + 1).toString(36).toUpperCase();
  if (base36.length <= width) return base36.padStart(width, '0');
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < width; i++) out += alphabet[r.int(alphabet.length)];
  return out;
}

/**
 * Kinds drawn from short word lists. As a connector's first field (its key, mostly: a country's code, a
 * department's code) such a field gets codes unique per row instead: a code list drawn from a word list would repeat
 * itself, and could even hand back the source's own rows (`NL`, `Nederland`).
 */
const FROM_WORD_LISTS: ReadonlySet<ValueKind> = new Set([
  'code',
  'text',
  'country',
  'department',
  'jobTitle',
  'gender',
  'prefix',
  'houseNumberAddition',
  'description',
  'city',
]);

/**
 * The person and the address a row is about. Every field of the row that names a person or a place draws on them,
 * so a row's Name is its FirstName, Prefix and LastName, its e-mail is theirs and its zip code is in its city.
 */
interface RowSubject {
  first: FirstName;
  surname: Surname;
  gender: 'M' | 'V';
  city: City;
  street: string;
  number: number;
  zip: string;
}

const SUBJECT_STREAM = 0x5eed;

function subjectOf(seed: number, row: number): RowSubject {
  const r = new Random().reseed(seed, row, SUBJECT_STREAM);
  const male = r.chance(0.5);
  const city = r.pick(CITIES);
  return {
    first: r.pick(male ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES),
    surname: r.pick(SURNAMES),
    gender: male ? 'M' : 'V',
    city,
    street: r.pick(STREETS),
    number: r.between(1, 250),
    zip: zipCodeIn(r, city),
  };
}

/**
 * `record`: the row a code names (the row itself for a key, else one of the connector's rows); `subject`: the row's
 * person and address.
 */
function textValue(kind: ValueKind, field: FieldShape, r: Random, record: number, subject: RowSubject): string {
  const { first, surname, city } = subject;
  switch (kind) {
    case 'email':
      return `${first.slug}.${surname.slug}@${r.pick(PRIVATE_MAIL_DOMAINS)}`;
    case 'mobile':
      return mobileNumber(r);
    case 'url':
      return `https://www.${slug(r.pick(ORG_REGIONS))}${slug(r.pick(ORG_TRADES))}.nl`;
    case 'iban':
      return dutchIban(r.pick(BANKS).code, r.digits(10));
    case 'bsn':
      return bsnFromIndex(r.int(8_000_000) + 500_000);
    case 'phone':
      return landlineIn(r, city);
    case 'zipCode':
      return subject.zip;
    case 'houseNumberAddition':
      return r.pick(HOUSE_NUMBER_ADDITIONS);
    case 'houseNumber':
      return String(subject.number);
    case 'street':
      return `${subject.street}${field.length > 0 && field.length < 24 ? '' : ` ${subject.number}`}`;
    case 'city':
      return city.name;
    case 'country': {
      const country = r.pick(COUNTRIES);
      return field.length > 0 && field.length <= 3 ? country.code : country.name;
    }
    case 'initials':
      // The first name's initial, and sometimes those of further given names.
      return `${first.name[0]}.${r.chance(0.3) ? `${r.pick(allFirstNames).name[0]}.` : ''}`;
    case 'firstName':
      return first.name;
    case 'prefix':
      return surname.prefix ?? '';
    case 'lastName':
      return surname.last;
    case 'searchName':
      return surname.searchName;
    case 'organisation':
      return organisationName(r);
    case 'name':
      return r.chance(0.8) ? displayName(subject) : organisationName(r);
    case 'gender':
      return subject.gender;
    case 'jobTitle':
      return r.pick(FUNCTIONS)[0];
    case 'department': {
      const [short, name] = r.pick(DEPARTMENTS);
      return field.length > 0 && field.length < 8 ? short : name;
    }
    case 'code':
      return code(r, record, field.length);
    case 'description':
      return r.pick(REMARKS);
    default: {
      // Text without a recognisable meaning: a remark for memo fields, else words.
      if (field.length === 0) return `${r.pick(REMARKS)} ${r.pick(REMARKS)}`;
      return `${r.pick(ORG_TRADES)} ${r.pick(ORG_REGIONS)} ${r.between(1, 999)}`;
    }
  }
}

/** A value of the field for one row: text, number, boolean, date text `YYYY-MM-DDTHH:MM:SS`, or bytes. */
export type MirrorValue = string | number | boolean | Uint8Array | null;

export interface ValueMaker {
  kind: ValueKind;
  value(row: number): MirrorValue;
}

export interface MakerOptions {
  /** The field is the connector's key (its first field): codes and numbers unique per row. */
  key?: boolean;
  /** Rows per connector. Codes and numbers of other fields point at one of them: every connector numbers its rows
   * the same way, so an absence's EmployeeId is an employee's of Profit_Employees (when both are codes of a width). */
  rows?: number;
}

/**
 * The maker of a field's values. Each value draws from a stream keyed by (seed, field, row), so a row's value does
 * not depend on the rows before it and the same seed gives the same rows.
 */
export function valueMaker(field: FieldShape, seed = 0, { key = false, rows = 1000 }: MakerOptions = {}): ValueMaker {
  const recognised = valueKind(field);
  const kind = key && field.dataType === 'string' && FROM_WORD_LISTS.has(recognised) ? 'code' : recognised;
  const stream = hash32(
    seed,
    [...`${field.id}\u0000${field.fieldId}`].reduce((h, c) => hash32(h, c.codePointAt(0)!), 7),
  );
  const r = new Random();
  const value = (row: number): MirrorValue => {
    r.reseed(stream, row);
    switch (field.dataType) {
      case 'string':
        return fitText(
          textValue(kind, field, r, key ? row : r.int(Math.max(1, rows)), subjectOf(seed, row)),
          field.length,
        );
      case 'int': {
        const max = largest(field, 2_000_000_000);
        const n =
          kind === 'year'
            ? r.between(2015, 2026)
            : kind === 'month'
              ? r.between(1, 12)
              : kind === 'houseNumber'
                ? subjectOf(seed, row).number
                : kind === 'quantity'
                  ? r.between(0, 40)
                  : // Numbers of records: a key's unique per row, another's one of those.
                    key
                    ? row + 1
                    : r.between(1, Math.max(1, rows));
        return Math.min(n, max);
      }
      case 'decimal': {
        const decimals = Math.min(10, field.decimals);
        const top = kind === 'percentage' ? 100 : kind === 'quantity' ? 40 : kind === 'fraction' ? 1 : 25_000;
        const n = r.next() * Math.min(top, largest(field, top));
        return Number(n.toFixed(decimals));
      }
      case 'date': {
        if (kind === 'birthDate') return dateValue(r.between(dayOf(1955, 1, 1), dayOf(2006, 12, 31)));
        if (kind === 'endDate') return dateValue(r.between(TODAY, TODAY + 3 * 365));
        if (kind === 'timestamp') return dateTimeValue(r.between(TODAY - 365, TODAY) * DAY_MS + r.int(86_400) * 1000);
        return dateValue(r.between(TODAY - 5 * 365, TODAY));
      }
      case 'boolean':
        return r.chance(0.5);
      case 'blob': {
        const bytes = new Uint8Array(16 + r.int(48));
        for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(256);
        return bytes;
      }
    }
  };
  return { kind, value };
}
