// The anonymiser without a database: which columns of the demo definitions (hand-written and the catalogue's
// generated tables) are personal, and the fakes themselves (consistent, seeded, valid checksums, within lengths).

import { describe, expect, it } from 'vitest';
import { Anonymiser, DEFAULT_ANONYMISE_SEED } from '../src/anonymise/fake-values.ts';
import {
  FAKE_CITIES,
  FAKE_FIRST_NAMES,
  FAKE_STREETS,
  FAKE_SURNAMES,
  FAKE_TRADES,
} from '../src/anonymise/fake-words.ts';
import { columnLabels, type PersonalKind, personalColumns } from '../src/anonymise/personal-columns.ts';
import { servedDefinitions } from '../src/catalogue/catalogue-definitions.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DEMO_DEFINITIONS, loadDefinitions } from '../src/definitions/load.ts';
import { passesElevenTest, passesIbanCheck } from '../src/demo/checksums.ts';
import {
  CITIES,
  FEMALE_FIRST_NAMES,
  FOREIGN_PLACES,
  MALE_FIRST_NAMES,
  NEUTRAL_FIRST_NAMES,
  STREETS,
  SURNAMES,
} from '../src/demo/dutch-data.ts';

const registry = compileDefinitions(servedDefinitions(loadDefinitions(DEMO_DEFINITIONS)), sqliteDialect);
const personal = personalColumns(registry);
const labels = columnLabels(registry);

/** Every (table, column) of a column name, with its kind; code tables (the residence list) hold nothing personal. */
function kindsOf(column: string): { table: string; kind: PersonalKind | undefined }[] {
  return [...registry.tables.values()]
    .filter((t) => t.columns.some((c) => c.name === column) && !/^gc_profit_?residences?$/.test(t.name))
    .map((t) => ({ table: t.name, kind: personal.get(t.name)!.get(column) }));
}

describe('personal columns', () => {
  it.each([
    ['first_name', 'firstName'],
    ['finm', 'firstName'],
    ['lanm', 'lastName'],
    ['last_name', 'lastName'],
    ['bsn', 'bsn'],
    ['iban', 'iban'],
    ['emad', 'email'],
    ['ema2', 'email'],
    ['tenr', 'phone'],
    ['mbnr', 'phone'],
    ['dabi', 'date'],
    ['birth_date', 'date'],
    ['hmnr', 'houseNumber'],
    ['zpcd', 'zip'],
    ['ad', 'street'],
    ['rs', 'city'],
    ['photofilestream', 'picture'],
    ['image_data', 'picture'],
    ['filestream', 'attachment'],
    ['file_data', 'attachment'],
    ['remark', 'text'],
  ] as const)('%s is %s in every table that has it', (column, kind) => {
    const found = kindsOf(column);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((f) => f.kind !== kind)).toEqual([]);
  });

  it('reads a field id by its label where connectors use it for different things', () => {
    // SoSe is the BSN in persons' tables, and a social security code in an employee's function.
    expect(personal.get('g_knsalesrelationper_knperson')!.get('sose')).toBe('bsn');
    expect(labels.get('hr_employee_function')!.get('sose')).toMatch(/Sociale voorziening/);
    expect(personal.get('hr_employee_function')!.get('sose')).toBeUndefined();
    // Re is a remark as a blob, a selection value as text.
    expect(personal.get('hr_employee')!.get('re')).toBe('text');
  });

  it('classifies every column whose label speaks of personal data, but for those known to hold none', () => {
    const personalLabel =
      /voornaam|achternaam|voorletters|geboortenaam|roepnaam|\bbsn\b|burgerservice|\biban\b|e-?mail|telefoon|mobiel|fax|straat|huisnummer|postcode|woonplaats|geboortedatum|geboorteplaats|overlijden|opmerking|toelichting|memo\b|foto|afbeelding|handtekening|wachtwoord|password|kenteken|linkedin|website/i;
    // Codes and references that a label of that kind names, none of them about a person: a bank's address, a
    // prefix, a house number addition, a file id (a key of the attachment), a country of birth, a delivery
    // address's code, the use of a name.
    const notPersonal =
      /^(baad|bank_address|bapl|bank_city|banm|bank_name|birth_name_prefix|partner_prefix|isbi|ispa|is|prefix|house_number_addition|hmad|a_toev_huisnr_|fileid|signaturefileid\d|country_of_birth|cobi|lwna|lwfa|lwmo|bade|exad|name_use|vius|rswk|begin_date|begindate|atma|prre|sose|vitt|paan|papo|emna|pbad|cdoc)$/;
    const missed: string[] = [];
    let checked = 0;
    for (const table of registry.tables.values()) {
      for (const column of table.columns) {
        const label = labels.get(table.name)?.get(column.name);
        if (!label || !personalLabel.test(label) || ['int', 'decimal', 'boolean'].includes(column.type)) continue;
        checked++;
        if (personal.get(table.name)!.has(column.name) || notPersonal.test(column.name)) continue;
        missed.push(`${table.name}.${column.name} (${label})`);
      }
    }
    expect(missed).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it("keeps keys, codes, amounts and business dates: the demo's employee and order columns", () => {
    for (const column of ['employee_id', 'bc_id', 'contract_id', 'start_date', 'gender', 'active'])
      expect(personal.get('hr_employee')!.get(column) ?? personal.get('hr_contract')!.get(column)).toBeUndefined();
    for (const column of ['order_number', 'order_date', 'total_amount', 'debtor_id'])
      expect(personal.get('fb_sales_order')!.get(column)).toBeUndefined();
    expect(personal.get('kn_country')!.size).toBe(0);
  });
});

describe('fake values', () => {
  const fakes = new Anonymiser();

  it("never give one of the demo's names, places or streets (nor one inside another)", () => {
    const originals = [
      ...[...MALE_FIRST_NAMES, ...FEMALE_FIRST_NAMES, ...NEUTRAL_FIRST_NAMES].map((f) => f.name),
      ...SURNAMES.map((s) => s.last),
      ...CITIES.map((c) => c.name),
      ...FOREIGN_PLACES.map((p) => p.city),
      ...STREETS,
    ].map((o) => o.toLowerCase());
    const words = [...FAKE_FIRST_NAMES, ...FAKE_SURNAMES, ...FAKE_CITIES, ...FAKE_STREETS, ...FAKE_TRADES];
    const clashes = words.filter((w) =>
      originals.some((o) => w.toLowerCase() === o || (o.length >= 6 && w.toLowerCase().includes(o))),
    );
    expect(clashes).toEqual([]);
  });

  it('are the same for the same value and seed, and differ for another seed', () => {
    expect(DEFAULT_ANONYMISE_SEED).toBe(18);
    const other = new Anonymiser(19);
    const values: [PersonalKind, string][] = [
      ['name', 'Jan de Vries'],
      ['email', 'jan.devries@bedrijf.nl'],
      ['bsn', '123456782'],
      ['iban', 'NL91ABNA0417164300'],
      ['phone', '06-12345678'],
    ];
    for (const [kind, value] of values) {
      expect(new Anonymiser().fake(kind, value)).toBe(fakes.fake(kind, value));
      expect(fakes.fake(kind, value)).not.toBe(value);
    }
    expect(values.filter(([kind, value]) => other.fake(kind, value) === fakes.fake(kind, value))).toEqual([]);
  });

  it('make a full name of the fakes of its first and last name, particles kept, also in a salutation', () => {
    const first = fakes.fake('firstName', 'Jan');
    const last = fakes.fake('lastName', 'Vries');
    expect(fakes.fake('name', 'Jan de Vries')).toBe(`${first} de ${last}`);
    expect(fakes.fake('name', 'Vries, Jan de')).toBe(`${last}, ${first} de`);
    expect(fakes.fake('salutation', 'Geachte heer De Vries')).toBe(`Geachte heer De ${last}`);
    expect(fakes.fake('salutation', 'Beste Jan')).toBe(`Beste ${first}`);
    expect(fakes.fake('salutation', 'T.a.v. Jan de Vries')).toBe(`T.a.v. ${first} de ${last}`);
    expect(fakes.fake('salutation', 'Geachte heer, mevrouw')).toBe('Geachte heer, mevrouw');
    expect(fakes.fake('searchName', 'VRIES')).toBe(String(last).toUpperCase().slice(0, 10));
    expect(fakes.fake('name', 'Jansen Bouw B.V.')).toMatch(/^\S+ .+ B\.V\.$/);
    expect(fakes.fake('name', 'Stichting Rijn Zorggroep')).toMatch(/^Stichting /);
  });

  it('give BSNs that pass the 11-test, IBANs that pass mod 97, postcodes PostNL never gives, mails that reach nobody', () => {
    for (let i = 0; i < 500; i++) {
      expect(passesElevenTest(String(fakes.fake('bsn', String(100_000_000 + i * 7919))))).toBe(true);
      expect(
        passesIbanCheck(String(fakes.fake('iban', `NL${String(i % 90).padStart(2, '0')}RABO0${i}`.padEnd(18, '7')))),
      ).toBe(true);
      expect(fakes.fake('zip', `${1000 + i} AB`)).toMatch(/^\d{4} [FIOQUY]{2}$/);
      expect(fakes.fake('email', `person${i}@gmail.com`)).toMatch(/@example\.(com|net|org)$/);
    }
  });

  it('keep within the column length, keep nulls and empty values, shift dates by at most half a year', () => {
    expect(String(fakes.fake('email', 'a.very.long.name@example.nl', 10)).length).toBeLessThanOrEqual(10);
    expect(fakes.fake('name', null)).toBeNull();
    expect(fakes.fake('name', '')).toBe('');
    for (const date of ['1980-02-29T00:00:00', '2001-12-31T00:00:00.000']) {
      const fake = String(fakes.fake('date', date));
      const days = (Date.parse(fake.slice(0, 10)) - Date.parse(date.slice(0, 10))) / 86_400_000;
      expect(Math.abs(days)).toBeGreaterThan(0);
      expect(Math.abs(days)).toBeLessThanOrEqual(182);
      expect(fake.slice(10)).toBe(date.slice(10));
    }
    expect(fakes.fake('houseNumber', 12)).toEqual(expect.any(Number));
  });

  it('replace files by placeholders of their own type and pictures by a picture of nobody', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const pdf = Buffer.from('%PDF-1.4 secret contract');
    const note = Buffer.from('Jan de Vries is ziek');
    expect((fakes.fake('picture', png) as Buffer).subarray(0, 4)).toEqual(png.subarray(0, 4));
    const fakePdf = fakes.fake('attachment', pdf) as Buffer;
    expect(fakePdf.toString('latin1')).toMatch(/^%PDF-1\.4[\s\S]*%%EOF\n$/);
    expect(fakePdf.toString('latin1')).not.toContain('secret');
    expect((fakes.fake('attachment', note) as Buffer).toString()).not.toContain('Vries');
    expect(fakes.fake('fileName', 'contract Jan de Vries.PDF')).toMatch(/^bestand-[0-9a-f]{8}\.PDF$/);
  });
});
