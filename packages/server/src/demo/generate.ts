// Generates the demo environment's rows (definitions/demo/*.yaml) as a deterministic stream of batches, parents first.
// Holds at most one batch per table, never all rows; must not touch a database, Math.random or the clock.

import { BatchSink } from './batch-sink.ts';
import { bsnFromIndex, dutchIban, ean13CheckDigit } from './checksums.ts';
import { DAY_MS, dateValue, monthOf, timestampValue, yearOf } from './dates.ts';
import {
  BANKS,
  CITIES,
  type City,
  COUNTRIES,
  DEPARTMENTS,
  FEMALE_FIRST_NAMES,
  type FirstName,
  FOREIGN_PLACES,
  FUNCTIONS,
  HOUSE_NUMBER_ADDITIONS,
  LEGAL_FORMS,
  MALE_FIRST_NAMES,
  NEUTRAL_FIRST_NAMES,
  ORG_CARE,
  ORG_REGIONS,
  ORG_TRADES,
  POSTCODE_LETTERS,
  PRIVATE_MAIL_DOMAINS,
  PRODUCT_VARIANTS,
  PRODUCTS,
  type ProductTemplate,
  REMARKS,
  STREETS,
  SURNAMES,
  type Surname,
  slug,
} from './dutch-data.ts';
import { portrait } from './portraits.ts';
import { Random } from './random.ts';
import { ADMINISTRATIONS, JOURNALS, LEDGER_ACCOUNTS, SUBJECT_TYPES, VAT_CODES } from './reference-data.ts';

export type DemoValue = string | number | boolean | null | Uint8Array;
export type DemoRow = Record<string, DemoValue>;

export interface DemoBatch {
  table: string;
  rows: DemoRow[];
}

export interface DemoOptions {
  employees: number;
  seed?: number;
  /** The environment's "today". Its UTC fields are read as Amsterdam wall-clock time. Default 2026-01-01T12:00:00. */
  now?: Date;
}

export const DEMO_BATCH_SIZE = 1000;
const DEFAULT_SEED = 20260101;
const DEFAULT_NOW = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));

/**
 * Every generated table with the tables its rows reference, parents listed first. The key order is a valid
 * load order; profit_get_connectors is absent (the server fills it from its registry).
 */
const PARENTS = {
  kn_country: [],
  fi_administration: [],
  fi_ledger_account: [],
  fi_journal: ['fi_administration', 'fi_ledger_account'],
  fb_vat_code: ['fi_ledger_account'],
  hr_department: [],
  hr_function: [],
  kn_subject_type: [],
  fb_article: [],
  kn_address: ['kn_country'],
  kn_basic_contact: [],
  kn_organisation: ['kn_basic_contact', 'kn_address'],
  kn_person: ['kn_basic_contact', 'kn_address'],
  kn_contact: ['kn_organisation', 'kn_person', 'kn_address'],
  kn_bank_account: ['kn_basic_contact'],
  kn_debtor: ['kn_organisation', 'kn_person', 'kn_bank_account', 'fi_ledger_account'],
  hr_employee: ['kn_person'],
  hr_contract: ['hr_employee'],
  hr_employee_function: ['hr_employee', 'hr_department', 'hr_function'],
  hr_schedule: ['hr_employee'],
  hr_salary: ['hr_employee'],
  kn_user: ['kn_person'],
  fb_sales_order: ['kn_debtor', 'fi_administration'],
  fb_sales_order_line: ['fb_sales_order', 'fb_article'],
  fi_entry_batch: ['fi_administration', 'fi_journal'],
  fi_entry_line: ['fi_entry_batch', 'fi_ledger_account', 'fb_vat_code', 'kn_debtor'],
  kn_subject: ['kn_subject_type', 'hr_employee', 'kn_user'],
  kn_subject_link: ['kn_subject', 'kn_basic_contact', 'hr_employee', 'kn_contact', 'kn_debtor'],
  kn_subject_attachment: ['kn_subject'],
} as const satisfies Record<string, readonly string[]>;

export type DemoTable = keyof typeof PARENTS;

/** The generated tables in a valid load order (parents before children). */
export const DEMO_TABLES: readonly DemoTable[] = Object.keys(PARENTS) as DemoTable[];

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
const K_REFERENCE = 1;
const K_ORGANISATION = 2;
const K_EMPLOYEE = 3;
const K_ARTICLE = 4;
const K_ORDER = 5;
const K_ENTRY = 6;
const K_SUBJECT = 7;
const K_PORTRAIT = 8;

const CONTACT_PERSONS_PER_ORG = 2;
/** The environment's participant number: user codes look like 12345.jdevries17. */
const PARTICIPANT = '12345';
const EMPLOYER_DOMAIN = 'demobedrijf.nl';
/** Who created/changed records that no demo user is tied to (conversion, interfaces, back office). */
const SYSTEM_USERS: readonly string[] = [
  `${PARTICIPANT}.beheer`,
  `${PARTICIPANT}.conversie`,
  `${PARTICIPANT}.hr`,
  `${PARTICIPANT}.salaris`,
  `${PARTICIPANT}.verkoop`,
  `${PARTICIPANT}.financieel`,
  `${PARTICIPANT}.connector`,
];

/** Codes the other entities' rows use to reference each other, computable from an index without lookups. */
const bcCode = (bcId: number) => String(bcId).padStart(6, '0');
const employeeCode = (index: number) => String(index + 1).padStart(6, '0');
const orgDebtorCode = (orgIndex: number) => String(10_001 + orgIndex);
const privateDebtorCode = (employeeIndex: number) => String(9_000_001 + employeeIndex);
/** Organisation k has bc_id 3k+1; its two contact persons 3k+2 and 3k+3; employee i's person follows all of them. */
const orgBcId = (orgIndex: number) => orgIndex * (CONTACT_PERSONS_PER_ORG + 1) + 1;
/** Organisation k's contacts: one per contact person, plus a department contact for every third organisation. */
const firstContactId = (orgIndex: number) => orgIndex * CONTACT_PERSONS_PER_ORG + Math.ceil(orgIndex / 3) + 1;
const userCode = (userIndex: number, first: FirstName, surname: Surname) =>
  `${PARTICIPANT}.${first.slug[0] ?? 'x'}${surname.slug}${userIndex + 1}`;

interface PersonName {
  gender: string;
  first: FirstName;
  surname: Surname;
}

/** The first draws of every person's stream, so a name can be recomputed from the stream key alone. */
function drawName(r: Random): PersonName {
  const g = r.next();
  const gender = g < 0.49 ? 'M' : g < 0.97 ? 'V' : g < 0.985 ? 'X' : 'O';
  const first = r.pick(gender === 'M' ? MALE_FIRST_NAMES : gender === 'V' ? FEMALE_FIRST_NAMES : NEUTRAL_FIRST_NAMES);
  return { gender, first, surname: r.pick(SURNAMES) };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function displayName(n: PersonName): string {
  return n.surname.prefix === null
    ? `${n.first.name} ${n.surname.last}`
    : `${n.first.name} ${n.surname.prefix} ${n.surname.last}`;
}

function salutation(n: PersonName): string {
  const last = n.surname.prefix === null ? n.surname.last : `${capitalise(n.surname.prefix)} ${n.surname.last}`;
  if (n.gender === 'M') return `Geachte heer ${last}`;
  if (n.gender === 'V') return `Geachte mevrouw ${last}`;
  return `Beste ${n.first.name}`;
}

interface ArticleCore {
  code: string;
  template: ProductTemplate;
  description: string;
  /** Sales price in cents. */
  priceCents: number;
}

/** The first draws of an article's stream: what order lines need to know about article k. */
function drawArticle(r: Random, index: number): ArticleCore {
  const template = r.pick(PRODUCTS);
  const variant = template.stock && r.chance(0.7) ? r.pick(PRODUCT_VARIANTS) : null;
  const price = template.minPrice + (template.maxPrice - template.minPrice) * r.next();
  const prefix = template.group.slice(0, 3);
  return {
    code: `${prefix}-${String(index + 1).padStart(6, '0')}`,
    template,
    description: variant === null ? template.name : `${template.name} ${variant}`,
    // Prices end in .95 or .00 above 20 euro, like price lists do.
    priceCents: price >= 20 ? Math.round(price) * 100 - (r.chance(0.5) ? 5 : 0) : Math.round(price * 100),
  };
}

const VAT_RATE: Record<ProductTemplate['vat'], number> = { HOOG: 21, LAAG: 9, NUL: 0 };
const cents = (value: number) => Math.round(value) / 100;

// Tiny real files for dossier attachments: a 1x1 PNG, a one-page PDF (with a correct xref table) and text.
const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

function onePagePdf(text: string): Uint8Array {
  const content = `BT /F1 18 Tf 20 45 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // ASCII only, so characters are bytes and the xref offsets hold.
  return new TextEncoder().encode(out);
}

const PDF_PAGE = onePagePdf('AFAS Profit demo');
const utf8 = new TextEncoder();

/** The state of one run: streams, id counters, the sink. */
class DemoRun {
  readonly rng = new Random();
  /** A second stream for recomputing other entities (names, articles) without disturbing the current one. */
  readonly side = new Random();
  readonly sink = new BatchSink(PARENTS, DEMO_BATCH_SIZE);
  readonly counts: DemoCounts;
  readonly nowMs: number;
  readonly nowDay: number;
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
    const r = this.rng;
    const first = POSTCODE_LETTERS[r.int(POSTCODE_LETTERS.length)]!;
    let second = POSTCODE_LETTERS[r.int(POSTCODE_LETTERS.length)]!;
    // SA, SD and SS are not used.
    if (first === 'S' && (second === 'A' || second === 'D' || second === 'S')) second = 'T';
    return `${r.between(c.zipFrom, c.zipTo)} ${first}${second}`;
  }

  landline(c: City): string {
    return `${c.areaCode}-${this.rng.digits(10 - c.areaCode.length)}`;
  }

  mobile(): string {
    return `06-${this.rng.digits(8)}`;
  }

  /** An optional text: mostly absent (null), sometimes present but empty, as real data has both. */
  maybe(p: number, value: () => string): string | null {
    const x = this.rng.next();
    if (x < p) return value();
    return x < p + (1 - p) * 0.04 ? '' : null;
  }

  /** Buffers a Dutch street address; returns its id and city. */
  address(created: number, by: string, c: City = this.rng.pick(CITIES)): { id: number; city: City } {
    const r = this.rng;
    const id = this.nextAddressId++;
    const addition = r.next();
    const row: DemoRow = {
      address_id: id,
      country_id: 'NL',
      po_box: false,
      street_addition: null,
      street: r.pick(STREETS),
      house_number: r.chance(0.8) ? r.between(1, 120) : r.between(121, 999),
      house_number_addition: addition < 0.82 ? null : addition < 0.85 ? '' : r.pick(HOUSE_NUMBER_ADDITIONS),
      zip_code: this.zipCode(c),
      city: c.name,
      address_addition: r.chance(0.03) ? r.pick(['Achterom', 'Bovenwoning', 'Ingang zijkant']) : null,
      begin_date: dateValue(Math.floor(created / DAY_MS)),
    };
    this.stamp(row, created, by);
    this.sink.add('kn_address', row);
    return { id, city: c };
  }

  /** Buffers a bank account of a basic contact; returns its id. */
  bankAccount(bcId: number, created: number, by: string, deviatingName: string | null): number {
    const r = this.rng;
    const id = this.nextBankAccountId++;
    const bank = r.pick(BANKS);
    // A bijection of the id over 10 digits, so accounts are distinct (exact while id * factor < 2^53).
    const account = String((id * 2_654_435_761) % 10_000_000_000).padStart(10, '0');
    const iban = dutchIban(bank.code, account);
    this.sink.add(
      'kn_bank_account',
      this.stamp(
        {
          bank_account_id: id,
          bc_id: bcId,
          country_id: 'NL',
          iban_check: true,
          iban,
          account_number: iban,
          bank_type: null,
          bank_code: null,
          g_account: false,
          cheque: false,
          deviating_name: deviatingName,
          deviating_city: null,
          bic: bank.bic,
          bank_name: bank.name,
          bank_branch: null,
          bank_address: null,
          bank_city: null,
          on_charge_code: r.chance(0.1) ? '3' : null,
        },
        created,
        by,
      ),
    );
    return id;
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

export function* generateDemo(options: DemoOptions): Generator<DemoBatch> {
  const run = new DemoRun(options.seed ?? DEFAULT_SEED, options.employees, options.now ?? DEFAULT_NOW);
  yield* referenceData(run);
  yield* articles(run);
  yield* organisations(run);
  yield* employees(run);
  yield* salesOrders(run);
  yield* journalEntries(run);
  yield* subjects(run);
  yield* run.sink.flushAll();
}

function* referenceData(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng } = run;
  rng.reseed(run.seed, K_REFERENCE);
  const setupDay = run.nowDay - 9 * 365;
  const by = SYSTEM_USERS[0]!;

  COUNTRIES.forEach((c, i) => {
    sink.add('kn_country', { id: i + 1, country_id: c.code, name: c.name, iso_code: c.iso, eu_member: c.eu });
  });
  for (let a = 0; a < run.counts.administrations; a++) {
    const admin = ADMINISTRATIONS[a]!;
    sink.add('fi_administration', { admin_id: a + 1, admin_code: admin.code, name: admin.name, currency_id: 'EUR' });
    JOURNALS.forEach((j, i) => {
      sink.add('fi_journal', {
        id: a * JOURNALS.length + i + 1,
        admin_id: a + 1,
        journal_code: j.code,
        description: j.description,
        journal_type: j.type,
        account_no: j.account,
      });
    });
  }
  LEDGER_ACCOUNTS.forEach((l, i) => {
    const collect = l.sort === 'DEB' || l.sort === 'CRE';
    sink.add(
      'fi_ledger_account',
      run.stamp(
        {
          id: i + 1,
          account_no: l.account,
          description: l.description,
          account_type: l.type,
          account_sort: l.sort,
          // The old 6 % VAT account and the savings account are no longer used.
          blocked: l.account === '1120' || l.account === '1310',
          collect_account: collect,
          collect_account_type: collect ? l.sort : null,
          feature: l.type === 'W' ? 'KST' : null,
          collect_on: collect ? 'D' : null,
          vat_allowed: l.vatCode !== undefined,
          vat_code: l.vatCode ?? null,
          budget: l.type === 'W' ? 'J' : null,
          to_project: l.account.startsWith('4') ? 'O' : null,
          dim_ax1: l.type === 'W' ? 'KP' : null,
          dim_ax2: l.account.startsWith('8') ? 'PRD' : null,
          dim_ax3: null,
          dim_ax4: null,
          dim_ax5: null,
        },
        run.momentOn(setupDay + rng.int(30)),
        by,
      ),
    );
  });
  VAT_CODES.forEach((v, i) => {
    sink.add('fb_vat_code', {
      id: i + 1,
      vat_code: v.code,
      description: v.description,
      account_no: v.account,
      percentage: v.percentage,
      vat_duty: '1',
      blocked: v.blocked,
      method: v.method,
      vat_type: v.type,
    });
  });
  DEPARTMENTS.forEach(([code, name], i) => {
    sink.add(
      'hr_department',
      run.stamp(
        {
          id: i + 1,
          department_id: code,
          description: name,
          parent_department_id: i === 0 ? null : 'DIR',
          cost_centre: `KP${code}`,
          blocked: false,
        },
        run.momentOn(setupDay + rng.int(60)),
        by,
      ),
    );
  });
  FUNCTIONS.forEach(([name, min], i) => {
    sink.add(
      'hr_function',
      run.stamp(
        {
          id: i + 1,
          function_id: `F${String(i + 1).padStart(3, '0')}`,
          description: name,
          function_group: min >= 5000 ? 'MANAGEMENT' : min >= 3000 ? 'STAF' : 'UITVOEREND',
          blocked: false,
        },
        run.momentOn(setupDay + rng.int(60)),
        by,
      ),
    );
  });
  for (const t of SUBJECT_TYPES) {
    sink.add('kn_subject_type', { type_id: t.id, description: t.description, blocked: false });
  }
  yield* sink.flushAll();
}

function* articles(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng } = run;
  for (let k = 0; k < run.counts.articles; k++) {
    rng.reseed(run.seed, K_ARTICLE, k);
    const a = drawArticle(rng, k);
    const t = a.template;
    const created = run.momentOn(run.nowDay - rng.int(8 * 365));
    const costCents = Math.round(a.priceCents * (0.55 + rng.next() * 0.2));
    const row: DemoRow = {
      id: k + 1,
      item_code: a.code,
      description: a.description,
      extra_description: run.maybe(0.2, () =>
        rng.pick(['Levertijd 2-3 werkdagen', 'Op voorraad', 'Uitlopend artikel']),
      ),
      unit_id: t.unit,
      price_factor: 1,
      article_group: t.group,
      blocked: rng.chance(0.03),
      barcode_type: t.stock ? '3' : '0',
      barcode: t.stock ? ean13WithPrefix(k) : null,
      vat_rate_group: t.vat,
      item_type: '0',
      sub_item_type: '0',
      track_stock: t.stock,
      quantity_decimals: t.unit === 'kg' || t.unit === 'l' || t.unit === 'uur' ? 2 : 0,
      price_group: rng.chance(0.3) ? 'STAFFEL' : null,
      stock_check: t.stock ? '0' : '3',
      dimension_1: null,
      dimension_2: null,
      sales_price: a.priceCents / 100,
      cost_price: costCents / 100,
      purchase_price: t.stock ? costCents / 100 : null,
      weight_unit: t.stock ? '4' : '0',
      net_weight: t.stock ? Math.round(rng.next() * 25_000) / 1000 : null,
      remark: run.maybe(0.05, () => 'Artikel wordt per doos van 10 geleverd.'),
    };
    sink.add('fb_article', run.stamp(row, created, SYSTEM_USERS[4]!));
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}

/** An EAN-13 in the Dutch GS1 range (871), unique per article index. */
function ean13WithPrefix(index: number): string {
  const twelve = `871${String(index).padStart(9, '0')}`;
  return `${twelve}${ean13CheckDigit(twelve)}`;
}

function* organisations(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng } = run;
  const by = SYSTEM_USERS[4]!;
  for (let k = 0; k < run.counts.organisations; k++) {
    rng.reseed(run.seed, K_ORGANISATION, k);
    const bcId = orgBcId(k);
    const bcCo = bcCode(bcId);
    const created = run.momentOn(run.nowDay - 30 - rng.int(8 * 365));
    const createdDay = Math.floor(created / DAY_MS);

    // The name decides the mail domain and search name.
    const legal = rng.pick(LEGAL_FORMS);
    const owner = rng.pick(SURNAMES);
    const region = rng.pick(ORG_REGIONS);
    const trade = rng.pick(ORG_TRADES);
    const style = rng.next();
    let base: string;
    let searchName = owner.searchName;
    let legalCode = legal.code;
    if (style < 0.4) {
      base = `${region} ${trade}`;
      searchName = region.toUpperCase().slice(0, 10);
    } else if (style < 0.7) {
      base = `${owner.prefix === null ? '' : `${capitalise(owner.prefix)} `}${owner.last} ${trade}`;
    } else if (style < 0.82) {
      base = `Stichting ${region} ${rng.pick(ORG_CARE)}`;
      searchName = region.toUpperCase().slice(0, 10);
      legalCode = '70';
    } else {
      base = `${trade} ${owner.last}`;
    }
    const name = legalCode === '70' || legal.suffix === '' ? base : `${base} ${legal.suffix}`;
    const domain = `${slug(base)}.nl`;

    // Visiting address, abroad for a few; a P.O. box as postal address for a quarter of the Dutch ones.
    let addressId: number;
    let city: City;
    const foreign = rng.chance(0.04);
    if (foreign) {
      const place = rng.pick(FOREIGN_PLACES);
      addressId = run.nextAddressId++;
      // Phone numbers of foreign organisations still go through the Dutch office (area code of Amsterdam).
      city = CITIES[0]!;
      sink.add(
        'kn_address',
        run.stamp(
          {
            address_id: addressId,
            country_id: place.country,
            po_box: false,
            street_addition: null,
            street: place.street,
            house_number: rng.between(1, 200),
            house_number_addition: null,
            zip_code: place.zip,
            city: place.city,
            address_addition: null,
            begin_date: dateValue(createdDay),
          },
          created,
          by,
        ),
      );
    } else {
      const visiting = run.address(created, by);
      addressId = visiting.id;
      city = visiting.city;
    }
    let postalId: number | null = null;
    if (!foreign && rng.chance(0.25)) {
      postalId = run.nextAddressId++;
      sink.add(
        'kn_address',
        run.stamp(
          {
            address_id: postalId,
            country_id: 'NL',
            po_box: true,
            street_addition: null,
            street: 'Postbus',
            house_number: rng.between(1, 9999),
            house_number_addition: null,
            zip_code: run.zipCode(city),
            city: city.name,
            address_addition: null,
            begin_date: dateValue(createdDay),
          },
          created,
          by,
        ),
      );
    }

    sink.add('kn_basic_contact', run.stamp({ bc_id: bcId, bc_co: bcCo, type: 'O' }, created, by));
    const rsin = bsnFromIndex(8_000_000 + k);
    sink.add(
      'kn_organisation',
      run.stamp(
        {
          bc_id: bcId,
          bc_co: bcCo,
          search_name: searchName,
          name,
          legal_form: legalCode,
          sector: `${String(rng.between(1, 16)).padStart(2, '0')}00`,
          coc_number: String(10_000_000 + ((k * 7_777_777 + 1_234_567) % 90_000_000)),
          coc_date: dateValue(createdDay - rng.int(20 * 365)),
          branch_number: rng.chance(0.6) ? rng.digits(12) : null,
          statutory_name: legalCode === '01' ? null : name,
          registered_office: foreign ? null : city.name,
          title: null,
          salutation: 'Geachte heer, mevrouw',
          phone_work: run.landline(city),
          fax_work: rng.chance(0.08) ? run.landline(city) : null,
          mobile_work: rng.chance(0.15) ? run.mobile() : null,
          email_work: `${rng.pick(['info', 'administratie', 'contact', 'sales'])}@${domain}`,
          homepage: rng.chance(0.85) ? `https://www.${domain}` : null,
          correspondence: true,
          preferred_medium: rng.chance(0.8) ? 'EMA' : 'PST',
          remark: run.maybe(0.12, () => rng.pick(REMARKS)),
          fiscal_number: rsin,
          status: null,
          number_of_employees: String(rng.between(1, 12)).padStart(2, '0'),
          linkedin: rng.chance(0.2) ? `https://www.linkedin.com/company/${slug(base)}` : null,
          language: 'NL',
          external_key: rng.chance(0.1) ? `CRM-${rng.digits(6)}` : null,
          sbi_code: rng.pick(['6201', '4120', '4941', '6920', '5610', '8891', '4321', '7022', '1071']),
          // A few are branches of an earlier organisation.
          parent_bc_co: k > 0 && rng.chance(0.05) ? bcCode(orgBcId(rng.int(k))) : null,
          address_id: addressId,
          postal_address_id: postalId,
        },
        created,
        by,
      ),
    );

    // Contact persons: persons of their own (with a home address), linked by a PRS contact.
    const contactIdBase = firstContactId(k);
    for (let j = 0; j < CONTACT_PERSONS_PER_ORG; j++) {
      const personBcId = bcId + 1 + j;
      const n = drawName(rng);
      const personCreated = created + rng.int(30) * DAY_MS;
      const home = run.address(personCreated, by);
      const emailWork = `${n.first.slug}.${n.surname.slug}@${domain}`;
      const phoneWork = run.landline(city);
      const mobileWork = rng.chance(0.6) ? run.mobile() : null;
      sink.add(
        'kn_basic_contact',
        run.stamp({ bc_id: personBcId, bc_co: bcCode(personBcId), type: 'P' }, personCreated, by),
      );
      sink.add(
        'kn_person',
        run.stamp(contactPersonRow(run, personBcId, n, home.id, emailWork, phoneWork, mobileWork), personCreated, by),
      );
      sink.add(
        'kn_contact',
        run.stamp(
          {
            cd_id: contactIdBase + j,
            org_bc_id: bcId,
            person_bc_id: personBcId,
            type: 'PRS',
            department: rng.chance(0.4) ? rng.pick(DEPARTMENTS)[1] : null,
            function_code: rng.chance(0.5) ? rng.pick(['100', '200', '300']) : null,
            function_card: rng.chance(0.7) ? rng.pick(FUNCTIONS)[0] : null,
            correspondence: j === 0,
            preferred_medium: 'EMA',
            phone_work: phoneWork,
            fax_work: null,
            mobile_work: mobileWork,
            email_work: emailWork,
            homepage: null,
            remark: run.maybe(0.05, () => rng.pick(REMARKS)),
            blocked: rng.chance(0.03),
            attention_line: `T.a.v. ${displayName(n)}`,
            salutation: salutation(n),
            linkedin: null,
            address_id: addressId,
            postal_address_id: postalId,
          },
          personCreated,
          by,
        ),
      );
    }
    if (k % 3 === 0) {
      sink.add(
        'kn_contact',
        run.stamp(
          {
            cd_id: contactIdBase + CONTACT_PERSONS_PER_ORG,
            org_bc_id: bcId,
            person_bc_id: null,
            type: 'AFD',
            department: rng.pick(['Crediteurenadministratie', 'Inkoop', 'Facilitaire zaken', 'Magazijn']),
            function_code: null,
            function_card: null,
            correspondence: false,
            preferred_medium: 'EMA',
            phone_work: run.landline(city),
            fax_work: null,
            mobile_work: null,
            email_work: `crediteuren@${domain}`,
            homepage: null,
            remark: null,
            blocked: false,
            attention_line: null,
            salutation: null,
            linkedin: null,
            address_id: addressId,
            postal_address_id: postalId,
          },
          created,
          by,
        ),
      );
    }

    const bankAccountId = run.bankAccount(bcId, created, by, null);
    const debtorRow: DemoRow = {
      id: run.nextDebtorId++,
      debtor_id: orgDebtorCode(k),
      bc_co: bcCo,
      bank_account_id: bankAccountId,
      collect_account: '1300',
      payment_condition: rng.pick(['14', '30', '30', '30', '60']),
      vat_duty: foreign ? '3' : '1',
      vat_number: foreign ? null : `NL${rsin}B01`,
      blocked: rng.chance(0.03),
      credit_limit: rng.chance(0.7) ? rng.between(2, 100) * 500 : null,
      currency_id: 'EUR',
      auto_payment: rng.chance(0.2),
    };
    sink.add('kn_debtor', run.stamp(debtorRow, created, by));
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}

function contactPersonRow(
  run: DemoRun,
  bcId: number,
  n: PersonName,
  addressId: number,
  emailWork: string,
  phoneWork: string,
  mobileWork: string | null,
): DemoRow {
  const rng = run.rng;
  return {
    bc_id: bcId,
    bc_co: bcCode(bcId),
    search_name: n.surname.searchName,
    name: displayName(n),
    usual_name: n.first.name,
    first_name: n.first.name,
    initials: `${n.first.name[0]}.`,
    prefix: n.surname.prefix,
    last_name: n.surname.last,
    birth_name_separate: false,
    birth_name_prefix: null,
    birth_name: null,
    partner_prefix: null,
    partner_name: null,
    name_use: '0',
    gender: n.gender,
    nationality: null,
    // Relations rarely know a contact's birthday.
    birth_date: rng.chance(0.3) ? dateValue(run.nowDay - rng.between(20 * 365, 65 * 365)) : null,
    country_of_birth: null,
    place_of_birth: null,
    bsn: null,
    marital_status: null,
    wedding_date: null,
    divorce_date: null,
    date_deceased: null,
    title: null,
    secondary_title: null,
    salutation: salutation(n),
    phone_work: phoneWork,
    phone_private: null,
    fax_work: null,
    mobile_work: mobileWork,
    mobile_private: null,
    email_work: emailWork,
    email_private: null,
    homepage: null,
    correspondence: true,
    preferred_medium: 'EMA',
    remark: null,
    status: null,
    linkedin: rng.chance(0.25)
      ? `https://www.linkedin.com/in/${n.first.slug}-${n.surname.slug}-${rng.hex(6).toLowerCase()}`
      : null,
    language: 'NL',
    legislative_country: 'NL',
    portal_access: false,
    portal_email: null,
    address_id: addressId,
    postal_address_id: null,
    image_id: null,
    image_name: null,
    image_mime: null,
    image_data: null,
  };
}

/**
 * One employee in twenty-five has a picture (ImageConnector). Chosen by index and with its id drawn from a stream
 * of its own, so adding pictures changed no other generated value.
 */
function employeePicture(run: DemoRun, i: number, bcCo: string): DemoRow {
  if (i % 25 !== 4) return { image_id: null, image_name: null, image_mime: null, image_data: null };
  return {
    image_id: run.side.reseed(run.seed, K_PORTRAIT, i).hex(32),
    image_name: `foto-${bcCo}.png`,
    image_mime: 'image/png',
    image_data: portrait(i),
  };
}

function* employees(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng, nowDay, counts } = run;
  const personBase = orgBcId(counts.organisations);
  const hrUser = SYSTEM_USERS[2]!;
  for (let i = 0; i < counts.employees; i++) {
    rng.reseed(run.seed, K_EMPLOYEE, i);
    const n = drawName(rng);
    const bcId = personBase + i;
    const bcCo = bcCode(bcId);
    const emId = employeeCode(i);

    // Dates: born 18-66 years ago; started after turning 18, mostly in recent years; some left, some temporary.
    const birthDay = nowDay - rng.between(18 * 365 + 5, 66 * 365);
    const maxYears = Math.min(30, (nowDay - birthDay) / 365.25 - 18);
    const yearsAgo = Math.min(maxYears, -Math.log(1 - rng.next()) * 5);
    const futureStart = rng.chance(0.01);
    const startDay = futureStart ? nowDay + rng.between(1, 60) : nowDay - Math.floor(yearsAgo * 365.25);
    const kind = rng.next();
    let employmentType = kind < 0.65 ? 'Vast' : kind < 0.85 ? 'Tijdelijk' : kind < 0.95 ? 'Oproep' : 'Stage';
    let endDay: number | null = null;
    let endReason: string | null = null;
    if (employmentType === 'Tijdelijk' || employmentType === 'Stage') {
      endDay = startDay + rng.pick([182, 365, 365, 730]);
      if (endDay < nowDay) {
        // Renewed: a temporary contract that ran out would have ended; most were extended.
        if (rng.chance(0.6)) endDay = nowDay + rng.between(14, 365);
        else endReason = 'Einde contract';
      }
    } else if (!futureStart && rng.chance(0.14) && startDay + 30 < nowDay) {
      endDay = rng.between(startDay + 30, nowDay - 1);
      endReason = rng.pick(['Ontslag eigen verzoek', 'Einde contract', 'Pensioen', 'Wederzijds goedvinden']);
    }
    const active = startDay <= nowDay && (endDay === null || endDay >= nowDay);
    if (!active && endDay !== null && endDay < nowDay && employmentType === 'Tijdelijk' && rng.chance(0.3)) {
      employmentType = 'Vast';
    }
    const created = run.momentOn(Math.min(nowDay, startDay - rng.between(7, 60)));

    const home = run.address(created, hrUser);
    const addressCity = home.city;
    sink.add('kn_basic_contact', run.stamp({ bc_id: bcId, bc_co: bcCo, type: 'P' }, created, hrUser));

    const secondInitial = rng.chance(0.2)
      ? `${rng.pick(n.gender === 'V' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES).name[0]}.`
      : '';
    const emailWork = `${n.first.slug}.${n.surname.slug}@${EMPLOYER_DOMAIN}`;
    const married = rng.chance(0.45);
    const prefixValue = n.surname.prefix === null && rng.chance(0.02) ? '' : n.surname.prefix;
    const person: DemoRow = {
      bc_id: bcId,
      bc_co: bcCo,
      search_name: n.surname.searchName,
      name: displayName(n),
      usual_name: n.first.name,
      first_name: n.first.name,
      initials: `${n.first.name[0]}.${secondInitial}`,
      prefix: prefixValue,
      last_name: n.surname.last,
      birth_name_separate: false,
      birth_name_prefix: null,
      birth_name: null,
      partner_prefix: null,
      partner_name: null,
      name_use: '0',
      gender: n.gender,
      nationality: rng.chance(0.9) ? 'NL' : rng.pick(['B', 'D', 'TR', 'MA', 'PL', 'E']),
      birth_date: dateValue(birthDay),
      country_of_birth: rng.chance(0.88) ? 'NL' : rng.pick(['B', 'D', 'TR', 'MA', 'PL', 'CW']),
      place_of_birth: rng.chance(0.7) ? rng.pick(CITIES).name : null,
      bsn: bsnFromIndex(i, rng.int(10)),
      marital_status: married ? rng.pick(['GH', 'GH', 'GP']) : rng.pick(['OG', 'OG', 'OG', 'GS', 'WE']),
      wedding_date: married && rng.chance(0.7) ? dateValue(birthDay + rng.between(22 * 365, 35 * 365)) : null,
      divorce_date: null,
      date_deceased: null,
      title: null,
      secondary_title: null,
      salutation: salutation(n),
      // Work numbers are extensions of the office in Amsterdam.
      phone_work: rng.chance(0.6) ? run.landline(CITIES[0]!) : null,
      phone_private: rng.chance(0.3) ? run.landline(addressCity) : null,
      fax_work: null,
      mobile_work: rng.chance(0.5) ? run.mobile() : null,
      mobile_private: run.maybe(0.85, () => run.mobile()),
      email_work: active ? emailWork : null,
      email_private: rng.chance(0.8)
        ? `${n.first.slug}${rng.chance(0.5) ? `.${n.surname.slug}` : rng.between(1, 99)}@${rng.pick(PRIVATE_MAIL_DOMAINS)}`
        : null,
      homepage: null,
      correspondence: true,
      preferred_medium: rng.chance(0.9) ? 'EMA' : 'PST',
      remark: run.maybe(0.07, () => rng.pick(REMARKS)),
      status: null,
      linkedin: rng.chance(0.1) ? `https://www.linkedin.com/in/${n.first.slug}-${n.surname.slug}` : null,
      language: rng.chance(0.93) ? 'NL' : 'EN',
      legislative_country: 'NL',
      portal_access: active && rng.chance(0.9),
      portal_email: null,
      address_id: home.id,
      postal_address_id: null,
      ...employeePicture(run, i, bcCo),
    };
    sink.add('kn_person', run.stamp(person, created, hrUser));

    const firstAccount = run.bankAccount(bcId, created, hrUser, null);
    if (rng.chance(0.1)) run.bankAccount(bcId, created + rng.int(400) * DAY_MS, hrUser, 'Spaarrekening');

    sink.add(
      'hr_employee',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          bc_id: bcId,
          employer_id: '01',
          location: rng.chance(0.85) ? rng.pick(['Amsterdam', 'Utrecht', 'Eindhoven', 'Rotterdam', 'Zwolle']) : null,
          active,
          blocked: rng.chance(0.01),
          number_of_children: rng.chance(0.2) ? null : rng.pick([0, 0, 0, 1, 2, 2, 3, 4]),
          lease_car: rng.chance(0.6) ? null : rng.chance(0.35),
          // One row of each employment table per employee, with the employee's id.
          contract_id: i + 1,
          employee_function_id: i + 1,
          schedule_id: i + 1,
          salary_id: i + 1,
        },
        created,
        hrUser,
      ),
    );
    const contractCreated = created + rng.int(3) * DAY_MS;
    sink.add(
      'hr_contract',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(startDay),
          end_date: endDay === null ? null : dateValue(endDay),
          employment_type: employmentType,
          probation_end_date: rng.chance(0.4) ? dateValue(startDay + 30) : null,
          collective_agreement: rng.pick(['CAO-MET', 'CAO-ZKH', 'CAO-ICT', 'GEEN']),
          end_reason: endReason,
        },
        contractCreated,
        hrUser,
      ),
    );
    const [department] = rng.pick(DEPARTMENTS);
    const functionIndex = rng.int(FUNCTIONS.length);
    const [, minSalary, maxSalary] = FUNCTIONS[functionIndex]!;
    sink.add(
      'hr_employee_function',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(startDay),
          department_id: department,
          function_id: `F${String(functionIndex + 1).padStart(3, '0')}`,
          cost_centre: rng.chance(0.9) ? `KP${department}` : null,
        },
        contractCreated,
        hrUser,
      ),
    );
    const hours =
      employmentType === 'Oproep'
        ? rng.pick([0, 8, 12, 16])
        : rng.pick([40, 40, 40, 38, 36, 36, 32, 32, 28, 24, 20, 16, 37.5, 22.5]);
    sink.add(
      'hr_schedule',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(startDay),
          hours_per_week: hours,
          fte: Math.round((hours / 40) * 10_000) / 10_000,
          days_per_week: hours === 0 ? null : Math.min(5, Math.ceil(hours / 8)),
        },
        contractCreated,
        hrUser,
      ),
    );
    const hourly = employmentType === 'Oproep';
    const fullTime = minSalary + (maxSalary - minSalary) * rng.next();
    const amount = hourly
      ? cents(1406 + rng.int(1200))
      : employmentType === 'Stage'
        ? cents(rng.between(500, 800) * 100)
        : cents(fullTime * (hours / 40) * 100);
    // The current salary often started with a later raise; the row was entered shortly before it took effect.
    const salaryDay = Math.max(startDay, nowDay - rng.int(365));
    const salaryEntered = Math.max(contractCreated, run.momentOn(salaryDay - rng.between(1, 20)));
    sink.add(
      'hr_salary',
      run.stamp(
        {
          id: i + 1,
          employee_id: emId,
          start_date: dateValue(salaryDay),
          salary_type: hourly || rng.chance(0.5) ? 'V' : 'S',
          salary_amount: amount,
          salary_scale: hourly ? null : String(rng.between(1, 14)),
          salary_step: hourly ? null : String(rng.between(0, 12)),
          period: hourly ? 'U' : 'M',
        },
        salaryEntered,
        SYSTEM_USERS[3]!,
      ),
    );

    // Users are spread evenly over the employees.
    while (run.nextUserIndex < counts.users && run.userEmployeeIndex(run.nextUserIndex) === i) {
      const u = run.nextUserIndex++;
      sink.add(
        'kn_user',
        run.stamp(
          {
            id: u + 1,
            user_id: userCode(u, n.first, n.surname),
            description: displayName(n),
            bc_co: bcCo,
            email: emailWork,
            different_email: null,
            upn: emailWork,
            blocked: !active || rng.chance(0.03),
            profit_windows: rng.chance(0.3),
            connector: rng.chance(0.05),
            outsite: rng.chance(0.4),
            insite: rng.chance(0.95),
            site_language: '1043',
            group_id: rng.pick(['MEDEWERKERS', 'MEDEWERKERS', 'HR', 'FINANCIEEL', 'VERKOOP', 'BEHEER']),
            group_description: null,
          },
          created + DAY_MS,
          SYSTEM_USERS[0]!,
        ),
      );
    }

    // A few employees also buy from the company: private debtors.
    if (i % 25 === 3) {
      sink.add(
        'kn_debtor',
        run.stamp(
          {
            id: run.nextDebtorId++,
            debtor_id: privateDebtorCode(i),
            bc_co: bcCo,
            bank_account_id: firstAccount,
            collect_account: '1300',
            payment_condition: '14',
            vat_duty: '1',
            vat_number: null,
            blocked: false,
            credit_limit: null,
            currency_id: 'EUR',
            auto_payment: rng.chance(0.5),
          },
          created + 30 * DAY_MS,
          SYSTEM_USERS[4]!,
        ),
      );
    }
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}

function* salesOrders(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng, side, nowDay, counts } = run;
  let lineId = 1;
  const lines: DemoRow[] = [];
  const by = SYSTEM_USERS[4]!;
  for (let j = 0; j < counts.salesOrders; j++) {
    rng.reseed(run.seed, K_ORDER, j);
    const orderDay = nowDay - Math.floor(rng.next() ** 1.5 * 3 * 365);
    const age = nowDay - orderDay;
    const s = rng.next();
    const status =
      age > 30
        ? s < 0.85
          ? 'Gefactureerd'
          : s < 0.95
            ? 'Geleverd'
            : 'Geannuleerd'
        : s < 0.5
          ? 'Open'
          : s < 0.8
            ? 'Geleverd'
            : 'Gefactureerd';
    const lineStatus = status === 'Open' ? 'O' : status === 'Geleverd' ? 'G' : status === 'Gefactureerd' ? 'F' : 'X';
    const orderNumber = String(j + 1).padStart(8, '0');
    const created = run.momentOn(orderDay);
    const invoiceDiscountPct = rng.chance(0.05) ? 2 : 0;

    let gross = 0;
    let vat = 0;
    let invoiceDiscount = 0;
    let quantity = 0;
    const lineCount = rng.between(1, 5);
    lines.length = 0;
    for (let seq = 1; seq <= lineCount; seq++) {
      const articleIndex = rng.int(counts.articles);
      const article = drawArticle(side.reseed(run.seed, K_ARTICLE, articleIndex), articleIndex);
      const t = article.template;
      const qty = t.unit === 'kg' || t.unit === 'l' || t.unit === 'uur' ? rng.between(2, 80) / 2 : rng.between(1, 20);
      const discountPct = rng.chance(0.1) ? rng.pick([5, 10, 15]) : 0;
      const lineGross = Math.round(qty * article.priceCents);
      const lineDiscount = Math.round((lineGross * discountPct) / 100);
      const lineNet = lineGross - lineDiscount;
      const lineInvoiceDiscount = Math.round((lineNet * invoiceDiscountPct) / 100);
      gross += lineNet;
      invoiceDiscount += lineInvoiceDiscount;
      vat += Math.round(((lineNet - lineInvoiceDiscount) * VAT_RATE[t.vat]) / 100);
      quantity += qty;
      lines.push(
        run.stamp(
          {
            id: lineId++,
            order_number: orderNumber,
            seq_no: seq,
            line_status: lineStatus,
            guid: `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}}`,
            item_type: '2',
            item_code: article.code,
            description: article.description,
            vat_rate_group: t.vat,
            unit_id: t.unit,
            quantity_units: qty,
            quantity: qty,
            price_per_unit: article.priceCents / 100,
            cost_price: cents(article.priceCents * 0.65),
            line_discount_percentage: discountPct,
            line_discount_amount: lineDiscount / 100,
            price_net: cents((article.priceCents * (100 - discountPct)) / 100),
            amount_total: lineNet / 100,
            delivery_date: rng.chance(0.1) ? dateValue(orderDay + rng.between(3, 30)) : null,
            remark: null,
          },
          created,
          by,
        ),
      );
    }
    const total = gross - invoiceDiscount;
    const order: DemoRow = {
      id: j + 1,
      order_number: orderNumber,
      order_type: rng.chance(0.9) ? 'O' : rng.pick(['I', 'S']),
      order_date: dateValue(orderDay),
      debtor_id: orgDebtorCode(rng.int(counts.organisations)),
      invoice_to: null,
      delivery_date: rng.chance(0.7) ? dateValue(orderDay + rng.between(1, 14)) : null,
      currency_id: 'EUR',
      customer_reference: run.maybe(0.6, () =>
        rng.chance(0.5) ? `PO-${rng.digits(6)}` : `Inkooporder ${rng.digits(5)}`,
      ),
      sales_channel: rng.chance(0.2) ? '1' : null,
      vat_duty: '1',
      price_incl_vat: false,
      payment_condition: rng.pick(['14', '30', '30', '60']),
      remark: run.maybe(0.05, () => 'Graag leveren via de achteringang.'),
      admin_id: 1 + rng.int(counts.administrations),
      warehouse: 'HOOFD',
      status,
      gross_amount: gross / 100,
      invoice_discount: invoiceDiscount / 100,
      total_amount: total / 100,
      vat_amount: vat / 100,
      total_quantity: Math.round(quantity * 100) / 100,
      invoice_total: (total + vat) / 100,
    };
    sink.add('fb_sales_order', run.stamp(order, created, by));
    for (const line of lines) sink.add('fb_sales_order_line', line);
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}

function* journalEntries(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng, nowDay, counts } = run;
  const by = SYSTEM_USERS[5]!;
  let lineId = 1;
  for (let e = 0; e < counts.journalEntries; e++) {
    rng.reseed(run.seed, K_ENTRY, e);
    const entryDay = nowDay - rng.int(3 * 365);
    const year = yearOf(entryDay);
    const period = monthOf(entryDay);
    const adminId = 1 + rng.int(counts.administrations);
    const entryNo = e + 1;
    const kind = rng.next();
    const journal = kind < 0.5 ? 'VK' : kind < 0.8 ? 'BK' : rng.chance(0.5) ? 'SAL' : 'MEM';
    const created = run.momentOn(Math.min(nowDay, entryDay + rng.int(5)));
    const voucherDay = entryDay - rng.int(5);
    const voucherNo = `${journal}${year}${String(entryNo).padStart(6, '0')}`;
    const debtor = orgDebtorCode(rng.int(counts.organisations));
    const invoiceId = `${year}${String(entryNo).padStart(6, '0')}`;

    sink.add(
      'fi_entry_batch',
      run.stamp(
        { id: e + 1, admin_id: adminId, year, period, journal_code: journal, entry_type: null, entry_no: null },
        created,
        by,
      ),
    );
    let seq = 0;
    // Amounts in cents; every entry's debit equals its credit.
    const line = (
      feature: string,
      account: string,
      debit: number,
      credit: number,
      description: string,
      vatCode: string | null = null,
      vatAmount: number | null = null,
      invoice: string | null = null,
    ): DemoRow =>
      run.stamp(
        {
          id: lineId++,
          batch_id: e + 1,
          entry_no: entryNo,
          seq_no: ++seq,
          account_feature: feature,
          account_no: account,
          entry_date: dateValue(entryDay),
          voucher_date: dateValue(voucherDay),
          voucher_no: voucherNo,
          invoice_id: invoice,
          description,
          amount_debit: debit / 100,
          amount_credit: credit / 100,
          vat_code: vatCode,
          vat_amount: vatAmount === null ? null : vatAmount / 100,
          currency_id: 'EUR',
          expiry_date: feature === '2' && debit > 0 ? dateValue(entryDay + 30) : null,
          payment_reference: null,
          order_number: null,
          project_id: null,
        },
        created,
        by,
      );
    const rows: DemoRow[] = [];
    if (journal === 'VK') {
      const high = rng.chance(0.8);
      const net = rng.between(50_00, 25_000_00);
      const vat = Math.round((net * (high ? 21 : 9)) / 100);
      const text = `Factuur ${invoiceId}`;
      rows.push(line('2', debtor, net + vat, 0, text, null, null, invoiceId));
      rows.push(line('1', high ? '8000' : '8010', 0, net, text, high ? '1' : '2', vat, invoiceId));
      rows.push(line('1', high ? '1500' : '1510', 0, vat, `Btw ${text.toLowerCase()}`, null, null, invoiceId));
    } else if (journal === 'BK') {
      const amount = rng.between(50_00, 30_000_00);
      const paid = `${year}${String(rng.between(1, entryNo)).padStart(6, '0')}`;
      rows.push(line('1', '1100', amount, 0, `Ontvangst ${debtor}`));
      rows.push(line('2', debtor, 0, amount, `Betaling factuur ${paid}`, null, null, paid));
    } else if (journal === 'SAL') {
      const grossSalary = rng.between(20_000_00, 400_000_00);
      const tax = Math.round(grossSalary * (0.3 + rng.next() * 0.12));
      const text = `Salarisrun ${String(period).padStart(2, '0')}-${year}`;
      rows.push(line('1', '4000', grossSalary, 0, text));
      rows.push(line('1', '1400', 0, tax, text));
      rows.push(line('1', '1420', 0, grossSalary - tax, text));
    } else {
      const amount = rng.between(10_00, 5_000_00);
      const account = rng.pick(['4100', '4110', '4200', '4300', '4310', '4320', '4500', '4900']);
      rows.push(line('1', account, amount, 0, 'Memoriaalboeking kosten'));
      rows.push(line('1', '1800', 0, amount, 'Memoriaalboeking kosten'));
    }
    for (const row of rows) sink.add('fi_entry_line', row);
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}

const EMPLOYEE_SUBJECT_TYPES = SUBJECT_TYPES.filter((t) => t.employee);
const RELATION_SUBJECT_TYPES = SUBJECT_TYPES.filter((t) => !t.employee);

function* subjects(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng, side, nowDay, counts } = run;
  const personBase = orgBcId(counts.organisations);
  let attachmentId = 1;
  for (let s = 0; s < counts.subjects; s++) {
    rng.reseed(run.seed, K_SUBJECT, s);
    const subjectId = s + 1;
    const target = rng.next();
    const toEmployee = target < 0.5;
    const toDebtor = !toEmployee && target >= 0.85;
    const type = rng.pick(toEmployee ? EMPLOYEE_SUBJECT_TYPES : RELATION_SUBJECT_TYPES);
    const createdDay = nowDay - Math.floor(rng.next() ** 1.3 * 4 * 365);
    const created = run.momentOn(createdDay);
    const sender = run.userCodeOf(rng.int(counts.users));
    const responsible = employeeCode(rng.int(counts.employees));
    const deadline = rng.chance(0.4) ? createdDay + rng.between(1, 30) : null;
    const completed = createdDay < nowDay - 14 ? rng.chance(0.75) : rng.chance(0.2);
    const completedDay = completed ? Math.min(nowDay, createdDay + rng.int(30)) : null;

    let subjectText = rng.pick(type.subjects);
    let employeeIndex = -1;
    let orgIndex = -1;
    if (toEmployee) {
      employeeIndex = rng.int(counts.employees);
      const name = drawName(side.reseed(run.seed, K_EMPLOYEE, employeeIndex));
      subjectText = `${subjectText} ${displayName(name)}`;
      if (type.id === 6) subjectText = `${subjectText} ${yearOf(createdDay)}`;
    } else {
      orgIndex = rng.int(counts.organisations);
    }
    const subject: DemoRow = {
      subject_id: subjectId,
      type_id: type.id,
      subject: subjectText,
      comment: run.maybe(0.6, () =>
        rng.pick([
          'Besproken en akkoord.',
          'Cliënt gaf aan dat de levering te laat was; coördinatie met logistiek.',
          'Graag opvolgen vóór het eind van de maand.',
          'Zie bijlage.\nTerugbellen na overleg met de afdeling.',
          'Reünie-afspraak verzet naar volgende week; café in het centrum.',
        ]),
      ),
      date_created: dateValue(createdDay),
      sender_user_id: sender,
      responsible,
      cause: rng.chance(0.3) ? rng.between(1, 5) : null,
      action_type: rng.chance(0.4) ? rng.pick(['BEL', 'MAIL', 'BEZ']) : null,
      priority: rng.chance(0.8) ? 'N' : rng.pick(['H', 'L']),
      source: rng.chance(0.5) ? rng.pick(['TEL', 'WEB', 'MAIL']) : null,
      start_date: dateValue(createdDay),
      end_date: deadline === null ? null : dateValue(deadline),
      completed,
      date_completed: completedDay === null ? null : dateValue(completedDay),
      regarding: null,
      feature_value_1: rng.chance(0.2) ? rng.between(1, 3) : null,
      feature_value_2: null,
      feature_value_3: null,
      blocked: false,
      item_number: rng.chance(0.5) ? rng.between(1, 999) : null,
      status: completed ? 'Afgehandeld' : rng.pick(['Nieuw', 'In behandeling']),
      workflow_status: rng.chance(0.3) ? (completed ? 'Afgerond' : 'In behandeling') : null,
      workflow_closed: rng.chance(0.3) ? (completed ? 'Ja' : 'Nee') : null,
    };
    sink.add('kn_subject', run.stamp(subject, created, sender));

    const link: DemoRow = {
      id: subjectId,
      subject_id: subjectId,
      save_in_crm: !toEmployee,
      to_org_pers: !toEmployee,
      to_employee: toEmployee,
      to_debtor: toDebtor,
      to_creditor: false,
      to_employer: false,
      to_applicant: false,
      destination_type: toEmployee ? '2' : toDebtor ? '4' : '3',
      destination_id: toEmployee
        ? employeeCode(employeeIndex)
        : toDebtor
          ? orgDebtorCode(orgIndex)
          : bcCode(orgBcId(orgIndex)),
      bc_co: toEmployee ? bcCode(personBase + employeeIndex) : bcCode(orgBcId(orgIndex)),
      contact_id: !toEmployee && rng.chance(0.5) ? firstContactId(orgIndex) + rng.int(CONTACT_PERSONS_PER_ORG) : null,
      employee_id: toEmployee ? employeeCode(employeeIndex) : null,
      debtor_id: toDebtor ? orgDebtorCode(orgIndex) : null,
      project_id: rng.chance(0.05) ? `P${yearOf(createdDay)}-${rng.digits(3)}` : null,
      campaign_id: null,
      sales_order: null,
      item_code: null,
      year: null,
    };
    sink.add('kn_subject_link', run.stamp(link, created, sender));

    // One dossier item in twenty has a small file.
    if (s % 20 === 3) {
      const kind = Math.floor(s / 20) % 3;
      const fileData =
        kind === 0
          ? PDF_PAGE
          : kind === 1
            ? PNG_1X1
            : utf8.encode(
                `Notitie bij dossieritem ${subjectId}\nOpgesteld door ${sender}.\nCoördinatie: zie afspraak.\n`,
              );
      const fileName =
        kind === 0
          ? `scan-${subjectId}.pdf`
          : kind === 1
            ? `foto-${subjectId}.png`
            : rng.chance(0.3)
              ? `Coördinatie overleg ${subjectId}.txt`
              : `notitie-${subjectId}.txt`;
      const attachment: DemoRow = {
        attachment_id: attachmentId++,
        subject_id: subjectId,
        file_id: rng.hex(32),
        file_name: fileName,
        mime_type: kind === 0 ? 'application/pdf' : kind === 1 ? 'image/png' : 'text/plain',
        file_size: fileData.length,
        file_data: fileData,
      };
      sink.add('kn_subject_attachment', run.stamp(attachment, created, sender));
    }
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}
