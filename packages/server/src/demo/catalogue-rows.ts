// Rows for the generated tables of catalogue GetConnectors (gc_<id>, generated at boot by catalogue/get-connectors.ts): Dutch
// values chosen by each column's name and type, pointing at the company's own records. Pure and seeded; no database.

import type { TableDefinition } from '../definitions/schema.ts';
import { bsnFromIndex, dutchIban } from './checksums.ts';
import { DAY_MS, dateValue, monthOf, timestampValue, yearOf } from './dates.ts';
import { BANKS, CITIES, type City, REMARKS, STREETS } from './dutch-data.ts';
import type { DemoRow } from './generate.ts';
import { hash32, Random } from './random.ts';
import { JOURNALS, VAT_CODES } from './reference-data.ts';

/** Records of the company the generated rows refer to, read after the company is loaded (catalogue-demo.ts). */
export interface DemoPools {
  employees: { code: string; name: string; bsn: string | null; bcCo: string; email: string | null }[];
  organisations: { bcCo: string; name: string; email: string | null; phone: string | null; coc: string | null }[];
  debtors: { code: string; bcCo: string }[];
  articles: { code: string; description: string; unit: string; group: string | null }[];
  users: { code: string; description: string }[];
  subjects: { id: number; description: string; type: number }[];
  ledgerAccounts: { account: string; description: string }[];
  costCentres: { code: string; description: string }[];
  administrations: number;
}

/** How many rows a generated table gets: per employee where its rows are an employee's, else a tenth of that. */
export function catalogueRowCount(table: TableDefinition, employees: number): number {
  const perEmployee = table.columns.some((c) => EMPLOYEE_COLUMN.test(c.name));
  return Math.max(10, Math.round(employees / (perEmployee ? 4 : 10)));
}

const EMPLOYEE_COLUMN = /^(employeeid|emid|employeenumber)$/;
const HOUR_TYPES = ['Normale uren', 'Overuren 125%', 'Overuren 150%', 'Reisuren', 'Stand-by', 'Opleiding', 'Ziekte'];
const LEAVE_TYPES: readonly [string, string][] = [
  ['VAK', 'Vakantie'],
  ['ADV', 'Arbeidsduurverkorting'],
  ['BVL', 'Bijzonder verlof'],
  ['ZWV', 'Zwangerschapsverlof'],
  ['OSV', 'Ouderschapsverlof'],
];
const REASONS: readonly [string, string][] = [
  ['01', 'Persoonlijke omstandigheden'],
  ['02', 'Verhuizing'],
  ['03', 'Huwelijk'],
  ['04', 'Medisch'],
];
const ABSENCE_TYPES: readonly [string, string][] = [
  ['Z', 'Ziekte'],
  ['ZZ', 'Zwangerschapsgerelateerd'],
  ['BO', 'Bedrijfsongeval'],
];
const CURRENCIES: readonly [string, string, number][] = [
  ['EUR', 'Euro', 1],
  ['USD', 'Amerikaanse dollar', 1.0842],
  ['GBP', 'Britse pond', 0.8573],
  ['CHF', 'Zwitserse frank', 0.9412],
  ['SEK', 'Zweedse kroon', 11.2385],
  ['DKK', 'Deense kroon', 7.4601],
  ['NOK', 'Noorse kroon', 11.5742],
  ['PLN', 'Poolse zloty', 4.3118],
  ['JPY', 'Japanse yen', 161.92],
  ['CAD', 'Canadese dollar', 1.4725],
];
const LANGUAGES: readonly [string, string, string, string][] = [
  ['NL', 'Nederlands', 'nl', 'Dutch'],
  ['EN', 'Engels', 'en', 'English'],
  ['DE', 'Duits', 'de', 'German'],
  ['FR', 'Frans', 'fr', 'French'],
  ['ES', 'Spaans', 'es', 'Spanish'],
  ['IT', 'Italiaans', 'it', 'Italian'],
  ['PL', 'Pools', 'pl', 'Polish'],
  ['TR', 'Turks', 'tr', 'Turkish'],
  ['AR', 'Arabisch', 'ar', 'Arabic'],
  ['PT', 'Portugees', 'pt', 'Portuguese'],
];
const TITLES: readonly [string, string][] = [
  ['DR', 'dr.'],
  ['DRS', 'drs.'],
  ['ING', 'ing.'],
  ['IR', 'ir.'],
  ['MR', 'mr.'],
  ['PROF', 'prof.'],
  ['BC', 'bc.'],
  ['BA', 'BA'],
  ['MSC', 'MSc'],
  ['MBA', 'MBA'],
];
const ARTICLE_GROUPS: readonly [string, string][] = [
  ['MEUBILAIR', 'Meubilair'],
  ['IT', 'IT-middelen'],
  ['KANTOOR', 'Kantoorartikelen'],
  ['CATERING', 'Catering'],
  ['SCHOONMAAK', 'Schoonmaakmiddelen'],
  ['PBM', 'Persoonlijke beschermingsmiddelen'],
  ['BOEKEN', 'Boeken'],
  ['DIENSTEN', 'Diensten'],
];
const PROJECT_WORDS = ['Implementatie', 'Migratie', 'Onderhoud', 'Advies', 'Audit', 'Training', 'Renovatie', 'Support'];
const PROJECT_OBJECTS = ['ERP', 'website', 'HR-portal', 'kantoorpand', 'datacenter', 'salarisadministratie', 'CRM'];
const WAREHOUSES = ['Hoofdmagazijn', 'Magazijn Utrecht', 'Magazijn Rotterdam', 'Retourmagazijn', 'Consignatie'];
const WORKFLOWS = ['Verlofaanvraag', 'Declaratie', 'Inkoopfactuur', 'Contractwijziging', 'Indiensttreding'];
const TASKS = ['Beoordelen', 'Goedkeuren', 'Controleren', 'Afhandelen', 'Informeren'];
const STATES = ['Open', 'In behandeling', 'Afgehandeld'];

/** A project code of the demo: the same for the same index in every generated table. */
const projectCode = (k: number) => `PRJ${String(1001 + k)}`;
const creditorCode = (k: number) => String(20_001 + k);

/** What one row of a table draws on: its index, its random stream, the records it is about. */
interface RowContext {
  table: string;
  i: number;
  r: Random;
  pools: DemoPools;
  nowDay: number;
  /** A day in the row's recent past; dates of the row are around it (start before end). */
  day: number;
  employee: DemoPools['employees'][number] | undefined;
  organisation: DemoPools['organisations'][number] | undefined;
  city: City;
  /** The table's rows are an employee's (EmployeeId): names and e-mail are the employee's, else an organisation's. */
  perEmployee: boolean;
  /** Index into code lists (leave types, currencies...): the row's own, so short lists repeat in order. */
  k: number;
}

type Rule = [RegExp, (ctx: RowContext, column: string) => unknown];

const pick = <T>(ctx: RowContext, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[ctx.r.int(items.length)];
const nth = <T>(ctx: RowContext, items: readonly T[]): T => items[ctx.k % items.length]!;
const name = (ctx: RowContext) => (ctx.perEmployee ? ctx.employee?.name : ctx.organisation?.name) ?? null;

// Texts by column name, first match wins. Names are the catalogue ids in lower case.
const TEXT_RULES: Rule[] = [
  [EMPLOYEE_COLUMN, (c) => c.employee?.code ?? null],
  [/^employee$/, (c) => c.employee?.code ?? null],
  [/^(bsn)$/, (c) => c.employee?.bsn ?? bsnFromIndex(c.i)],
  [/^employerid$/, () => '01'],
  [/^(debtorid|dbid|debtor|debiteurid|verkooprelatie)$/, (c) => pick(c, c.pools.debtors)?.code ?? null],
  [/^(creditorid|creditor)$/, (c) => creditorCode(c.r.int(50))],
  [/^(bcco|bccd|basiccontactcode|orgid)$/, (c) => c.organisation?.bcCo ?? null],
  [/^(name|nm|naam|bedrijf|org_name|creditorname|contact_name)$/, name],
  [/^(username)$/, (c) => (c.pools.users.length ? nth(c, c.pools.users).description : null)],
  [
    /^(email|mail|emwo|org_mail|contact_mail|prem)$/,
    (c) => (c.perEmployee ? c.employee?.email : c.organisation?.email) ?? null,
  ],
  [
    /^(tel|telnr|tewo|phone)$/,
    (c) => c.organisation?.phone ?? `${c.city.areaCode}-${c.r.digits(10 - c.city.areaCode.length)}`,
  ],
  [/^(temb)$/, (c) => `06-${c.r.digits(8)}`],
  [/^(fax|fxwo)$/, () => null],
  [
    /^(itemcode|itemcodeid|item|item_code|compositionid)$/,
    (c) => (c.k % 7 === 6 ? null : (articleOf(c)?.code ?? null)),
  ],
  [/^(unitid|unit|unitid2)$/, (c) => articleOf(c)?.unit ?? 'stk'],
  [
    /^(artikelgroep)$/,
    (c) => (c.table === 'gc_profit_articlegroups' ? nth(c, ARTICLE_GROUPS)[0] : (articleOf(c)?.group ?? null)),
  ],
  [/^(artgroup|group)$/, (c) => articleOf(c)?.group ?? null],
  [/^(itemtype|basisartikeltype_code)$/, () => 'Art'],
  [/^(projectid|prid)$/, (c) => projectCode(c.r.int(40))],
  [/^(projectgroup|projectgroupid)$/, (c) => `PG${String((c.k % 6) + 1).padStart(2, '0')}`],
  [
    /^(iban)$/,
    (c) => {
      const b = pick(c, BANKS)!;
      return dutchIban(b.code, String(c.r.int(1e9) * 10 + c.r.int(10)).padStart(10, '0'));
    },
  ],
  [/^(bic)$/, (c) => pick(c, BANKS)!.bic],
  [/^(coid|countryid|country|a_land|adressline4|address4)$/, () => 'NL'],
  [/^(co|countryname)$/, () => 'Nederland'],
  [/^(rs|residence|city|a_woonplaats|adresline3|adressline3)$/, (c) => c.city.name],
  [/^(street|a_straat|adressline1|adres)$/, (c) => `${pick(c, STREETS)} ${c.r.between(1, 180)}`],
  [/^(zipcode|a_postcode|zcbg|zipcodebegin)$/, (c) => `${c.city.zipFrom} AA`],
  [/^(zcen|zipcodeend)$/, (c) => `${c.city.zipTo} ZZ`],
  [/^(telephoneprefix)$/, (c) => c.city.areaCode],
  [/^(currencyid)$/, (c) => nth(c, CURRENCIES)[0]],
  // Profit_Currency's Currency is the name beside CurrencyId; elsewhere (price lists) it is the code.
  [/^(currency)$/, (c) => nth(c, CURRENCIES)[c.table === 'gc_profit_currency' ? 1 : 0]],
  [/^(journalid)$/, (c) => nth(c, JOURNALS).code],
  [/^(vatcode)$/, (c) => nth(c, VAT_CODES).code],
  [/^(account|accountnr|accountno)$/, (c) => pick(c, c.pools.ledgerAccounts)?.account ?? null],
  [/^(accountdesc)$/, (c) => pick(c, c.pools.ledgerAccounts)?.description ?? null],
  [
    /^(costcentre|dimcode)$/,
    (c) => nth(c, c.pools.costCentres.length ? c.pools.costCentres : [{ code: 'KP100', description: '' }]).code,
  ],
  [/^(costcarrier)$/, (c) => `KD${String((c.k % 30) + 1).padStart(3, '0')}`],
  [/^(dimax|dimax1)$/, () => 'KP'],
  [/^(dimax2|dimax3|dimax4|dimax5)$/, () => null],
  [/^(leavecode|leavetype)$/, (c) => nth(c, LEAVE_TYPES)[0]],
  [/^(leavedescr)$/, (c) => nth(c, LEAVE_TYPES)[1]],
  [/^(reasoncode|reasonid)$/, (c) => nth(c, REASONS)[0]],
  [/^(reasondescr|reasondesc)$/, (c) => nth(c, REASONS)[1]],
  [/^(absencetypeid)$/, (c) => nth(c, ABSENCE_TYPES)[0]],
  [/^(absencetypedesc)$/, (c) => nth(c, ABSENCE_TYPES)[1]],
  [/^(timecode|timecodeid|stid|worktype)$/, (c) => `U${String((c.k % HOUR_TYPES.length) + 1).padStart(2, '0')}`],
  [/^(timetype)$/, (c) => nth(c, ['N', 'O', 'R'])],
  [/^(ttid)$/, (c) => nth(c, TITLES)[0]],
  [/^(taalcode)$/, (c) => nth(c, LANGUAGES)[0]],
  [/^(taal)$/, (c) => nth(c, LANGUAGES)[1]],
  [/^(iso_taalcode)$/, (c) => nth(c, LANGUAGES)[2]],
  [/^(iso_taal)$/, (c) => nth(c, LANGUAGES)[3]],
  [/^(warehouse)$/, (c) => `MAG${(c.k % WAREHOUSES.length) + 1}`],
  [/^(user)$/, (c) => (c.pools.users.length ? nth(c, c.pools.users).code : null)],
  [/^(userid)$/, (c) => pick(c, c.pools.users)?.code ?? null],
  [/^(groupid)$/, (c) => nth(c, ['ADMIN', 'HR', 'FINANCE', 'SALES', 'MEDEWERKER'])],
  [/^(workflowname|wfdescription)$/, (c) => nth(c, WORKFLOWS)],
  [/^(taskname|taskdescription|actionname|actiondescription|actiontypedescription)$/, (c) => nth(c, TASKS)],
  [/^(stat|quotationstatus)$/, (c) => nth(c, STATES)],
  [
    /^(invoicenr|invoiceid|bookpiecrnr|bookpiecenumber|voucherno|purchaseinvoicenumber|salesinvoicenumber)$/,
    (c) => String(yearOf(c.day) * 100000 + c.i + 1),
  ],
  [/^(pakbonnummer|nummer_pakbon)$/, (c) => `PB${String(c.i + 1).padStart(6, '0')}`],
  [/^(type_order)$/, () => 'Verkooporder'],
  [/^(mandatereference)$/, (c) => `MACHT${String(c.i + 1).padStart(6, '0')}`],
  [/^(barcode)$/, (c) => `871${c.r.digits(10)}`],
  [/^(barcodetype)$/, () => 'EAN13'],
  [
    /^(searchname)$/,
    (c) =>
      (name(c) ?? '')
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 10)
        .toUpperCase(),
  ],
  [/^(chofcommnr)$/, (c) => c.organisation?.coc ?? c.r.digits(8)],
  [/^(btw_nummer)$/, (c) => `NL${c.r.digits(9)}B01`],
  [/^(paymentcondition)$/, (c) => nth(c, ['14', '30', '30', '60'])],
  [/^(vatduty)$/, () => '1'],
  [/^(filename|file_name)$/, (c) => `${['Offerte', 'Contract', 'Factuur', 'Foto'][c.k % 4]}_${c.i + 1}.pdf`],
  [/^(file_id|image)$/, (c) => c.r.hex(32)],
  [/^(quotationid)$/, (c) => `OFF${String(c.i + 1).padStart(5, '0')}`],
  [/^(guid)$/, (c) => `${c.r.hex(8)}-${c.r.hex(4)}-${c.r.hex(4)}-${c.r.hex(4)}-${c.r.hex(12)}`],
  [/^(syid)$/, () => 'KN'],
  [/^(ctid_)$/, (c) => nth(c, ['BRANCHE', 'REGIO', 'BRON'])],
  [/^(vaii|vaid)$/, (c) => String((c.k % 20) + 1)],
  [/^(funm|fuds)$/, (c) => nth(c, ['Adviseur', 'Consultant', 'Projectleider', 'Medewerker administratie', 'Monteur'])],
  [/^(finm)$/, (c) => (c.employee?.name ?? '').split(' ')[0] ?? null],
  [/^(lanm)$/, (c) => (c.employee?.name ?? '').split(' ').slice(1).join(' ') || null],
  [/^(in)$/, (c) => `${(c.employee?.name ?? 'A').charAt(0)}.`],
  [/^(is|addnumber|a_toev_huisnr_)$/, (c) => (c.r.chance(0.8) ? null : nth(c, ['A', 'B', 'bis', '-1']))],
  [/^(soort_contact|vict)$/, (c) => nth(c, ['PRS', 'AFD', 'AFL'])],
  [/^(extra_adressering|nursingaddress|adressline2|stockdimcode1|stockdimcode2|compxpl)$/, () => null],
  [/^(vifu|viro)$/, (c) => nth(c, ['DIR', 'INK', 'VERK', 'ADM', 'HR'])],
  [/^(prpw)$/, () => null],
  [/^(serialnumber)$/, (c) => (c.r.chance(0.7) ? null : `SN${c.r.digits(8)}`)],
  [/^(batchnumber)$/, (c) => (c.r.chance(0.7) ? null : `B${yearOf(c.day)}-${c.r.digits(4)}`)],
  [/^(adrestype_code|adrestype_code_2)$/, (c) => nth(c, ['BZK', 'PST', 'AFL'])],
  [/^(typeworkresumption|recoveredcode)$/, (c) => nth(c, ['1', '2', '3'])],
  [/^(typeworkresumptiondesc)$/, (c) => nth(c, ['Volledig hersteld', 'Gedeeltelijk hersteld', 'Aangepast werk'])],
  [/^(reasonend)$/, (c) => (c.r.chance(0.5) ? null : 'Hersteld')],
  [/^(edittype|editmode)$/, (c) => nth(c, ['0', '1', '2'])],
  [/^(stock_level_code)$/, (c) => nth(c, ['Voldoende', 'Bestellen', 'Geen voorraad'])],
  [/^(valueintidsu)$/, (c) => nth(c, ['MND', 'KWT', 'JR'])],
  [/^(initid)$/, (c) => c.employee?.code ?? null],
  [/^(type)$/, (c) => nth(c, ['Grootboek', 'Debiteur', 'Crediteur'])],
  [/^(collect_on)$/, (c) => nth(c, ['D', 'C', null])],
  [/^(level)$/, (c) => nth(c, ['Artikel', 'Prijsgroep'])],
  [
    /^(memo|description|omschrijving|ds|descr|prds|wsds|codedescription|axdescription|fev\ddesc|decription|tabledesc|perioddesc|subject)$/,
    description,
  ],
  [/^(projectstage)$/, (c) => String(((c.k % 5) + 1) * 10)],
];

function articleOf(ctx: RowContext) {
  const articles = ctx.pools.articles;
  return articles.length === 0 ? undefined : articles[(ctx.k * 7919) % articles.length];
}

const article = (c: RowContext) => articleOf(c)?.description ?? nth(c, PROJECT_OBJECTS);
const project = (c: RowContext) => `${nth(c, PROJECT_WORDS)} ${PROJECT_OBJECTS[(c.k * 3) % PROJECT_OBJECTS.length]}`;

/** Descriptions by table (the columns a table describes itself by), for what a generic text would not suit. */
const TABLE_DESCRIPTIONS: Readonly<Record<string, (c: RowContext, column: string) => string>> = {
  gc_profittitles: (c) => nth(c, TITLES)[1],
  gc_profit_articlegroups: (c) => nth(c, ARTICLE_GROUPS)[1],
  gc_profit_hourtype: (c) => nth(c, HOUR_TYPES),
  gc_profitemployerhourtype: (c) => nth(c, HOUR_TYPES),
  gc_profit_worktype: (c) => nth(c, ['Advieswerk', 'Installatiewerk', 'Projectmanagement', 'Ontwikkeling', 'Support']),
  gc_profit_projectgroups: (c) =>
    nth(c, ['Interne projecten', 'Klantprojecten', 'Onderhoud', 'Advies', 'Implementatie', 'Subsidieprojecten']),
  gc_profit_projectstage: (c) => nth(c, ['Initiatie', 'Ontwerp', 'Realisatie', 'Test', 'Oplevering', 'Nazorg']),
  gc_profitemployerprojects: project,
  gc_profitemployerrealization: (c, column) => (column === 'wsds' ? nth(c, HOUR_TYPES) : project(c)),
  gc_profit_features: (c) => nth(c, ['Prioriteit', 'Regio', 'Afdeling', 'Bron', 'Categorie', 'Status']),
  gc_profit_featurevalue: (c) => nth(c, ['Hoog', 'Normaal', 'Laag', 'Noord', 'Midden', 'Zuid', 'Website', 'Telefoon']),
  gc_profit_featurecombination: (c, column) =>
    column === 'description' ? `Combinatie ${c.i + 1}` : nth(c, ['Hoog', 'Normaal', 'Noord', 'Zuid', 'Website']),
  gc_profitcodetablevalue: (c) => nth(c, ['Bouw', 'Zorg', 'ICT', 'Onderwijs', 'Handel', 'Transport', 'Overheid']),
  gc_profit_periods_per_administration: (c, column) =>
    column === 'tabledesc' ? 'Maandperioden' : `Periode ${monthOf(c.day)} ${yearOf(c.day)}`,
  gc_profit_allocation_assigments: (c, column) =>
    column === 'axdescription'
      ? 'Kostenplaats'
      : nth(c, c.pools.costCentres.length ? c.pools.costCentres : [{ code: '', description: 'Algemeen' }]).description,
  gc_profit_balance_allocated: (c) => pick(c, c.pools.ledgerAccounts)?.description ?? 'Grootboek',
  gc_profit_composition: article,
  gc_profit_salesprice: article,
  gc_profit_quotation: article,
  gc_profit_creditor_invoices: (c) =>
    `Inkoopfactuur ${nth(c, ['kantoorartikelen', 'schoonmaak', 'IT-middelen', 'huur'])}`,
  gc_profit_debtor_invoices: (c) => `Factuur ${project(c).toLowerCase()}`,
  gc_profit_warehouses: (c) => nth(c, WAREHOUSES),
};

/** A description that suits the row: its table's kind of text, else a project, an article or a remark. */
function description(ctx: RowContext, column = ''): string {
  const own = TABLE_DESCRIPTIONS[ctx.table];
  if (own) return own(ctx, column);
  const r = ctx.r;
  switch (ctx.k % 4) {
    case 0:
      return `${pick(ctx, PROJECT_WORDS)} ${pick(ctx, PROJECT_OBJECTS)}`;
    case 1:
      return articleOf(ctx)?.description ?? pick(ctx, HOUR_TYPES)!;
    case 2:
      return pick(ctx, REMARKS)!;
    default:
      return `${pick(ctx, HOUR_TYPES)} ${r.between(2024, 2026)}`;
  }
}

function intValue(column: string, ctx: RowContext, first: boolean): number | null {
  const r = ctx.r;
  if (/^(unit|unitid|unitidfin|cmid|administrationpurchaseinvoice|administrationsalesinvoice)$/.test(column))
    return (ctx.i % ctx.pools.administrations) + 1;
  if (/^year$/.test(column)) return yearOf(ctx.day);
  if (/^(period|periodid|peid)$/.test(column)) return monthOf(ctx.day);
  if (/^(subjectid|subject_id|sbid)$/.test(column)) return pick(ctx, ctx.pools.subjects)?.id ?? ctx.i + 1;
  if (/^(subjecttypeid|sbty|typeid)$/.test(column)) return pick(ctx, ctx.pools.subjects)?.type ?? 1;
  if (
    /^(hours|hourweekpresent|hourweekpresenttherapy|entitlement|balance|startbalance|taken|extraentitlement)$/.test(
      column,
    )
  )
    return r.between(0, 25) * 8;
  if (/^(dvid)$/.test(column)) return 1;
  if (/^(file_size)$/.test(column)) return r.between(20_000, 2_000_000);
  if (/^(firstday|presentlastday|vangnet|nostatistic|applyqualifyingdays)$/.test(column)) return r.int(2);
  if (/^(lastnumber)$/.test(column)) return r.between(10, 900);
  if (first || /(id|nr|no|number|seqno|identity|indentity|volgnummer|code|seqno)$/.test(column)) return ctx.i + 1;
  return r.between(1, 10);
}

function decimalValue(column: string, ctx: RowContext): number {
  const r = ctx.r;
  if (/^(exchange_rate|dailyrate)$/.test(column)) return nth(ctx, CURRENCIES)[2];
  if (/^(parttime)$/.test(column)) return Math.round((0.4 + r.next() * 0.6) * 10_000) / 10_000;
  if (/^(presence|presencetherapy|wao)$/.test(column)) return r.int(5) * 25;
  if (/^(dayspe?rweek)$/.test(column)) return r.between(3, 5);
  if (/hours|weeklyhours|minhours|maxhours/.test(column)) return r.between(16, 40);
  if (/^(quantity|quantityunit|qu|amount|in_stock|stockactual)$/.test(column)) return r.between(1, 40);
  if (/discount/.test(column)) return r.int(4) * 5;
  return Math.round(r.next() * 250_000) / 100;
}

function booleanValue(column: string, ctx: RowContext): boolean {
  if (/^(blocked|bl|geblokkeerd|tempblocked|checkedout|chou)$/.test(column)) return ctx.r.chance(0.05);
  return ctx.r.chance(0.5);
}

/** Dates of a row: starts on the row's day, ends after it, changes after creation and never after now. */
function dateOf(column: string, ctx: RowContext): string | null {
  const r = ctx.r;
  if (/end|ready|to$|until|exp/.test(column)) {
    if (r.chance(0.25)) return null;
    return dateValue(Math.min(ctx.day + r.between(1, 120), ctx.nowDay + 365));
  }
  if (/modif|gewijzigd|change|systemdate/.test(column)) {
    const day = Math.min(ctx.day + r.int(ctx.nowDay - ctx.day + 1), ctx.nowDay - 1);
    return timestampValue(day * DAY_MS + r.between(7, 18) * 3_600_000 + r.int(3_600_000));
  }
  if (/creat/.test(column)) return timestampValue(ctx.day * DAY_MS + r.between(7, 18) * 3_600_000 + r.int(3_600_000));
  return dateValue(ctx.day);
}

/**
 * The rows of one generated table, keyed by its columns: deterministic for (seed, table, row), so a bigger demo
 * keeps the rows of a smaller one.
 */
export function* catalogueRows(
  table: TableDefinition,
  count: number,
  pools: DemoPools,
  options: { seed: number; nowDay: number },
): Generator<DemoRow> {
  const tableKey = hash32(
    [...table.name].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 7),
    options.seed,
  );
  const r = new Random();
  const columns = table.columns.filter((c) => !table.primaryKey.includes(c.name));
  const rules = columns.map((c) => (c.type === 'string' ? TEXT_RULES.find(([re]) => re.test(c.name)) : undefined));
  const reference = !columns.some((c) => EMPLOYEE_COLUMN.test(c.name));
  for (let i = 0; i < count; i++) {
    r.reseed(tableKey, i);
    const { employees, organisations } = pools;
    const ctx: RowContext = {
      table: table.name,
      i,
      r,
      pools,
      nowDay: options.nowDay,
      day: options.nowDay - r.between(1, 3 * 365),
      employee: employees.length ? employees[reference ? r.int(employees.length) : i % employees.length] : undefined,
      organisation: organisations.length ? organisations[r.int(organisations.length)] : undefined,
      // Cities in turn (7 is prime to their number): a list of cities names each once.
      city: CITIES[(i * 7) % CITIES.length]!,
      perEmployee: !reference,
      k: i,
    };
    // Tables of only codes and names (countries, titles, currencies) list each code once, in order.
    const row: DemoRow = { [table.primaryKey[0]!]: i + 1 };
    columns.forEach((column, index) => {
      let value: unknown;
      switch (column.type) {
        case 'string':
          value = rules[index] ? rules[index]![1](ctx, column.name) : description(ctx, column.name);
          break;
        case 'int':
          value = intValue(column.name, ctx, index === 0);
          break;
        case 'decimal':
          value = decimalValue(column.name, ctx);
          break;
        case 'boolean':
          value = booleanValue(column.name, ctx);
          break;
        case 'date':
          value = dateOf(column.name, ctx);
          break;
        default:
          value = null;
      }
      row[column.name] = (value ?? null) as DemoRow[string];
    });
    yield row;
  }
}

/** Fixed code lists some catalogue tables are (one row per code, not scaled): their length by table name. */
export const FIXED_LIST_SIZES: Readonly<Record<string, number>> = {
  gc_profit_articlegroups: ARTICLE_GROUPS.length,
  gc_profit_residence: CITIES.length,
  gc_profitresidences: CITIES.length,
  gc_profittitles: TITLES.length,
  gc_profit_languages: LANGUAGES.length,
  gc_profit_currency: CURRENCIES.length,
  gc_profit_hourtype: HOUR_TYPES.length,
  gc_profitemployerhourtype: HOUR_TYPES.length,
};
