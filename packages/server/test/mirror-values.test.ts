// The values `appconnector mirror` generates: every value fits its field (type, length, decimals) whatever the
// field, labels in Dutch and English are recognised, and the same seed gives the same values.

import type { DataType } from '@appconnector/protocol';
import { normalizeDateTime } from '@appconnector/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passesElevenTest, passesIbanCheck } from '../src/demo/checksums.ts';
import * as dutch from '../src/demo/dutch-data.ts';
import { type FieldShape, fitText, type ValueKind, valueKind, valueMaker } from '../src/mirror/mirror-values.ts';

const field = (dataType: DataType, labels: string[], extra: Partial<FieldShape> = {}): FieldShape => ({
  id: 'X',
  fieldId: 'X',
  dataType,
  length: 0,
  decimals: 0,
  labels,
  ...extra,
});

describe('valueKind', () => {
  // [type, Dutch label, English label, kind]
  const cases: [DataType, string, string, ValueKind][] = [
    ['string', 'E-mailadres werk', 'Work e-mail', 'email'],
    ['string', 'Telefoonnummer privé', 'Phone number private', 'phone'],
    ['string', 'Mobiel werk', 'Mobile work', 'mobile'],
    ['string', 'Postcode', 'Zip code', 'zipCode'],
    ['string', 'Woonplaats', 'City', 'city'],
    ['string', 'Straat', 'Street', 'street'],
    ['string', 'Huisnummer', 'House number', 'houseNumber'],
    ['string', 'Toevoeging aan huisnummer', 'Addition to house number', 'houseNumberAddition'],
    ['string', 'Land', 'Country', 'country'],
    ['string', 'Voorletters', 'Initials', 'initials'],
    ['string', 'Voornaam', 'First name', 'firstName'],
    ['string', 'Voorvoegsel', 'Prefix', 'prefix'],
    ['string', 'Achternaam', 'Last name', 'lastName'],
    ['string', 'Zoeknaam', 'Search name', 'searchName'],
    ['string', 'Naam organisatie', 'Organisation name', 'organisation'],
    ['string', 'Naam', 'Name', 'name'],
    ['string', 'IBAN-nummer', 'IBAN number', 'iban'],
    ['string', 'BSN', 'Social security number', 'bsn'],
    ['string', 'Geslacht', 'Gender', 'gender'],
    ['string', 'Functie', 'Job title', 'jobTitle'],
    ['string', 'Afdeling', 'Department', 'department'],
    ['string', 'Kostenplaats', 'Cost centre', 'department'],
    ['string', 'Omschrijving', 'Description', 'description'],
    ['string', 'Debiteurnummer', 'Debtor number', 'code'],
    ['string', 'Medewerkernummer', 'Employee id', 'code'],
    ['string', 'Website', 'Website', 'url'],
    ['int', 'Boekjaar', 'Fiscal year', 'year'],
    ['int', 'Maand', 'Month', 'month'],
    ['int', 'Aantal', 'Quantity', 'quantity'],
    ['int', 'Volgnummer', 'Sequence number', 'number'],
    ['decimal', 'Bedrag', 'Amount', 'amount'],
    ['decimal', 'Salaris', 'Salary', 'amount'],
    ['decimal', 'Percentage', 'Percentage', 'percentage'],
    ['decimal', 'Aantal uren', 'Number of hours', 'quantity'],
    ['decimal', 'Deeltijdfactor (FTE)', 'Part-time factor (FTE)', 'fraction'],
    ['date', 'Geboortedatum', 'Date of birth', 'birthDate'],
    ['date', 'Datum gewijzigd', 'Date modified', 'timestamp'],
    ['date', 'Einddatum', 'End date', 'endDate'],
    ['date', 'Begindatum', 'Start date', 'date'],
    ['boolean', 'Actief', 'Active', 'boolean'],
  ];
  it.each(cases)('%s "%s" / "%s" is %s, in either language', (dataType, nl, en, kind) => {
    expect(valueKind(field(dataType, [nl]))).toBe(kind);
    expect(valueKind(field(dataType, [en]))).toBe(kind);
    expect(valueKind(field(dataType, [en, nl]))).toBe(kind);
  });

  it('reads field ids too, split at capitals', () => {
    expect(valueKind({ ...field('date', ['']), id: 'DateOfBirth', fieldId: 'DaBi' })).toBe('birthDate');
    expect(valueKind({ ...field('string', ['']), id: 'EmailWork', fieldId: 'EmAd' })).toBe('email');
    expect(valueKind(field('string', ['Kleur']))).toBe('text');
  });
});

describe('generated values', () => {
  it('fit the type and length of any field', () => {
    const shapes = fc.record({
      id: fc.constantFrom('Code', 'Name', 'EmailWork', 'ZipCode', 'Amount', 'Year', 'DateOfBirth', 'Remark', 'Iban'),
      fieldId: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/),
      dataType: fc.constantFrom<DataType>('string', 'int', 'decimal', 'date', 'boolean', 'blob'),
      length: fc.integer({ min: 0, max: 300 }),
      decimals: fc.integer({ min: 0, max: 10 }),
      labels: fc.array(
        fc.constantFrom(
          'Naam',
          'E-mail',
          'Postcode',
          'Bedrag',
          'Aantal',
          'Land',
          'Datum',
          'Telefoon',
          'Omschrijving',
          '',
        ),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 100_000 }), fc.nat(), (shape, row, seed) => {
        const value = valueMaker(shape, seed).value(row);
        switch (shape.dataType) {
          case 'string':
            expect(typeof value).toBe('string');
            if (shape.length > 0) expect([...(value as string)].length).toBeLessThanOrEqual(shape.length);
            break;
          case 'int':
            expect(Number.isInteger(value)).toBe(true);
            expect(Math.abs(value as number)).toBeLessThan(2 ** 31);
            if (shape.length > 0) expect(String(value).length).toBeLessThanOrEqual(shape.length);
            break;
          case 'decimal': {
            expect(typeof value).toBe('number');
            const [, fraction = ''] = String(value).split('.');
            expect(fraction.length).toBeLessThanOrEqual(shape.decimals);
            // numeric(18, decimals): the whole part has at most 18 - decimals digits.
            expect(Math.abs(value as number)).toBeLessThan(10 ** (18 - shape.decimals));
            break;
          }
          case 'date':
            expect(normalizeDateTime(value as string)).toBeTruthy();
            break;
          case 'boolean':
            expect(typeof value).toBe('boolean');
            break;
          case 'blob':
            expect(value).toBeInstanceOf(Uint8Array);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('look like what the label says', () => {
    const values = (shape: FieldShape, n = 50) =>
      Array.from({ length: n }, (_, row) => valueMaker(shape, 3).value(row));
    for (const v of values(field('string', ['E-mailadres'], { length: 255 })))
      expect(v).toMatch(/^[a-z]+\.[a-z]+@[a-z0-9.]+$/);
    for (const v of values(field('string', ['Postcode'], { length: 10 }))) expect(v).toMatch(/^[1-9]\d{3} [A-Z]{2}$/);
    for (const v of values(field('string', ['Telefoon'], { length: 20 }))) expect(v).toMatch(/^0\d{1,3}-\d{6,8}$/);
    for (const v of values(field('string', ['IBAN'], { length: 34 }))) expect(passesIbanCheck(v as string)).toBe(true);
    for (const v of values(field('string', ['BSN'], { length: 9 }))) expect(passesElevenTest(v as string)).toBe(true);
    for (const v of values(field('string', ['Land'], { length: 3 }))) expect(v).toMatch(/^[A-Z]{1,3}$/);
    for (const v of values(field('date', ['Geboortedatum'])))
      expect(Number((v as string).slice(0, 4))).toBeGreaterThanOrEqual(1955);
    for (const v of values(field('int', ['Maand']))) expect(v).toBeGreaterThanOrEqual(1);
    for (const v of values(field('decimal', ['Percentage'], { decimals: 2 }))) expect(v).toBeLessThanOrEqual(100);
    for (const v of values(field('decimal', ['FTE'], { decimals: 4 }))) expect(v).toBeLessThanOrEqual(1);
    for (const v of values(field('string', ['Mobiel'], { length: 20 }))) expect(v).toMatch(/^06-\d{8}$/);
    // Zip codes draw as the demo's do: letters PostNL gives, never SA, SD or SS.
    for (const v of values(field('string', ['Postcode'], { length: 10 }), 3000)) {
      expect(v).toMatch(new RegExp(`^\\d{4} [${dutch.POSTCODE_LETTERS}]{2}$`));
      expect(v).not.toMatch(/S[ADS]$/);
    }
  });

  it("number a key's codes per row, and make other codes point at one of those rows", () => {
    const number = field('string', ['Nummer'], { length: 15 });
    const keys = Array.from({ length: 300 }, (_, row) => valueMaker(number, 3, { key: true, rows: 300 }).value(row));
    expect(new Set(keys).size).toBe(300);
    // Another connector's field of the same kind and width (an absence's employee) names an existing key.
    const reference = { ...field('string', ['Medewerkernummer'], { length: 15 }), id: 'EmployeeId' };
    const references = Array.from({ length: 300 }, (_, row) => valueMaker(reference, 3, { rows: 300 }).value(row));
    for (const value of references) expect(keys).toContain(value);
    expect(new Set(references).size).toBeGreaterThan(100);
    const ints = Array.from({ length: 300 }, (_, row) =>
      valueMaker(field('int', ['Nummer']), 3, { rows: 300 }).value(row),
    );
    for (const value of ints) expect(value).toBeGreaterThanOrEqual(1);
    for (const value of ints) expect(value).toBeLessThanOrEqual(300);
  });

  it("give a connector's first field, its key, codes unique per row where a word list would repeat", () => {
    const country = field('string', ['Land'], { length: 3 });
    const keys = Array.from({ length: 500 }, (_, row) => valueMaker(country, 1, { key: true }).value(row));
    expect(new Set(keys).size).toBe(500);
    for (const key of keys) expect([...(key as string)].length).toBeLessThanOrEqual(3);
    expect(valueMaker(country, 1, { key: true }).kind).toBe('code');
    // A key of a kind that is unique anyway keeps its kind.
    expect(valueMaker(field('string', ['E-mail'], { length: 80 }), 1, { key: true }).kind).toBe('email');
  });

  it("agree within a row: the name is the first name, prefix and last name, the e-mail theirs, the zip code the city's", () => {
    const maker = (id: string, dataType: DataType, label: string, length = 80) =>
      valueMaker({ ...field(dataType, [label], { length }), id }, 9);
    const [name, first, prefix, last, email, zip, city, initials] = [
      maker('Name', 'string', 'Naam'),
      maker('FirstName', 'string', 'Voornaam'),
      maker('Prefix', 'string', 'Voorvoegsel'),
      maker('LastName', 'string', 'Achternaam'),
      maker('Email', 'string', 'E-mail'),
      maker('ZipCode', 'string', 'Postcode', 10),
      maker('City', 'string', 'Woonplaats'),
      maker('Initials', 'string', 'Voorletters', 10),
    ];
    let people = 0;
    for (let row = 0; row < 200; row++) {
      const v = (m: typeof name) => m.value(row) as string;
      expect(v(initials).startsWith(`${v(first)[0]}.`)).toBe(true);
      expect(v(email).startsWith(`${dutch.slug(v(first))}.`)).toBe(true);
      const zipDigits = Number(v(zip).slice(0, 4));
      const { CITIES } = dutch;
      const cityOf = CITIES.find((c) => c.name === v(city))!;
      expect(zipDigits).toBeGreaterThanOrEqual(cityOf.zipFrom);
      expect(zipDigits).toBeLessThanOrEqual(cityOf.zipTo);
      // Names are a person's most of the time, else an organisation's.
      if (v(name) === [v(first), v(prefix), v(last)].filter(Boolean).join(' ')) people++;
    }
    expect(people).toBeGreaterThan(120);
  });

  it('are the same for the same seed and differ for another', () => {
    const shape = field('string', ['Naam'], { length: 80 });
    const run = (seed: number) => Array.from({ length: 20 }, (_, row) => valueMaker(shape, seed).value(row));
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('cut text to its length in characters, not UTF-16 units', () => {
    expect(fitText('Curaçaostraat', 5)).toBe('Curaç');
    expect(fitText('👍👍👍', 2)).toBe('👍👍');
    expect(fitText('abc', 0)).toBe('abc');
  });
});
