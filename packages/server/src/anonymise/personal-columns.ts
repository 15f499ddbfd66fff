// Which columns hold personal data, and of what kind: one rule table over column names (the hand-written tables'
// own names, and AFAS field ids in lower case for the generated `g_` and `gc_` tables) and, where a field id means
// different things in different connectors (SoSe, Nm, Re), the field's label. Decides kinds only, fakes nothing.

import type { DataType } from '@appconnector/protocol';
import type { Registry } from '../definitions/registry.ts';
import type { ColumnDefinition, TableDefinition } from '../definitions/schema.ts';
import type { WriteObject } from '../write/compile-update.ts';

export type PersonalKind =
  | 'firstName'
  | 'lastName'
  /** A person's full name or an organisation's (a sole trader's name is a person's). */
  | 'name'
  | 'initials'
  | 'searchName'
  | 'salutation'
  /** A user code, or an e-mail address where it is one: a key other tables refer to. */
  | 'userId'
  | 'email'
  | 'phone'
  | 'bsn'
  | 'iban'
  | 'street'
  | 'houseNumber'
  | 'zip'
  | 'city'
  /** An address on one line. */
  | 'address'
  /** A date of a person's life (birth, marriage, death), not of a business event. */
  | 'date'
  /** Free text: remarks, notes, memos, reactions. */
  | 'text'
  | 'fileName'
  | 'url'
  | 'secret'
  /** Identifying numbers without a checksum of ours (licence plates, passports, chamber of commerce): shape kept. */
  | 'mask'
  | 'picture'
  | 'attachment'
  /** Not personal itself: the size or MIME type of a file column of the same row, set to the placeholder's. */
  | 'fileSize'
  | 'mimeType';

interface Rule {
  kind: PersonalKind;
  /** The whole column name. */
  columns: RegExp;
  /** Only in these tables. */
  tables?: RegExp;
  /** Only where a field's label (Dutch or English) says so. */
  labels?: RegExp;
  /** Only columns of these types. */
  types?: readonly DataType[];
}

const TEXT: readonly DataType[] = ['string'];
const BYTES: readonly DataType[] = ['blob'];

/** First match wins. Column names are lower case (generated tables: the field id in lower case). */
// biome-ignore format: one rule per line reads as a table
const RULES: readonly Rule[] = [
  // Names.
  { kind: 'firstName', columns: /first_name|usual_name|finm|canm|pavn/, types: TEXT },
  { kind: 'lastName', columns: /last_name|birth_name|partner_name|lanm|nmbi|nmpa|paan/, types: TEXT },
  { kind: 'initials', columns: /initials/, types: TEXT },
  { kind: 'initials', columns: /in/, labels: /voorletters|initials/i, types: TEXT },
  { kind: 'searchName', columns: /search_name|senm/, types: TEXT },
  { kind: 'salutation', columns: /salutation|attention_line/, types: TEXT },
  { kind: 'salutation', columns: /.*/, labels: /^(aanhef|salutation|t\.a\.v\.)/i, types: TEXT },
  { kind: 'name', columns: /name|statutory_name/, tables: /^(kn_person|kn_organisation|gc_profit_warehouses)$/, types: TEXT },
  { kind: 'name', columns: /description/, tables: /^kn_user$/, types: TEXT },
  { kind: 'name', columns: /deviating_name|dinm|nmrg|ena|rpn\d|depn|crnm|knsredbnm|nm|contact_name|org_name|username|bedrijf/, types: TEXT },
  // Users: codes other tables refer to (audit stamps, senders). Employee numbers (EmId, a subject's responsible) are
  // keys of the company's own, not personal data by themselves.
  { kind: 'userId', columns: /user_id|sender_user_id|created_by|modified_by|ac_created_by|ac_modified_by|usid|uscr|usta|emus|user/, types: TEXT },
  // Contact data.
  { kind: 'email', columns: /email_\w+|\w+_email|email|upn|emad|ema2|emailportal|emne|prem|mail|org_mail|contact_mail/, types: TEXT },
  { kind: 'phone', columns: /phone_\w+|mobile_\w+|fax_\w+|tenr|ten2|te|mbnr|mbn2|fanr|tel|fax/, types: TEXT },
  { kind: 'url', columns: /homepage|linkedin|hopa|link/, types: TEXT },
  // Numbers that name a person.
  { kind: 'bsn', columns: /bsn|fiscal_number/, types: TEXT },
  { kind: 'bsn', columns: /sose/, labels: /bsn|burgerservice|sofi/i, types: TEXT },
  { kind: 'iban', columns: /iban|account_number|baac|bankaccount/, types: TEXT },
  { kind: 'mask', columns: /coc_number|vat_number|crib|sdla|fiid|rgnr/, types: TEXT },
  { kind: 'mask', columns: /.*/, labels: /kenteken|paspoort|identiteitsbewijs|documentnummer|id-nummer persoon|fiscaal identificatie/i, types: TEXT },
  { kind: 'secret', columns: /pwem|pwrd|prpw|tpwem\d/, types: TEXT },
  { kind: 'mask', columns: /pain|paip/, labels: /inkomen/i, types: TEXT },
  // Addresses.
  { kind: 'street', columns: /street|ad|a_straat|adressline\d|adln/, types: TEXT },
  { kind: 'houseNumber', columns: /house_number|hmnr|a_huisnummer/ },
  { kind: 'zip', columns: /zip_code|zpcd|a_postcode|zpwk/, types: TEXT },
  { kind: 'city', columns: /city|deviating_city|place_of_birth|registered_office|rs|rsbi|lwrs|dipl|reln|a_woonplaats/, types: TEXT },
  { kind: 'address', columns: /street_addition|address_addition|adad|stad|knbadadel/, types: TEXT },
  // Dates of a person's life.
  { kind: 'date', columns: /birth_date|dabi|pbid|wedding_date|divorce_date|date_deceased/, types: ['date'] },
  { kind: 'date', columns: /.*/, labels: /geboortedatum|overlijdensdatum|huwelijksdatum|datum huwelijk|datum overlijden|birth date/i, types: ['date'] },
  // Free text.
  { kind: 'text', columns: /subject|comment/, tables: /^kn_subject$/, types: TEXT },
  // A project's description names its customer ("Implementatie ERP Jansen Metaal B.V.").
  { kind: 'text', columns: /ds/, tables: /^g_ptproject$/, types: TEXT },
  { kind: 'text', columns: /remark|comment|memo|note|notes|rem|rm|rmrk|cmnt|body|text|tx|sbtx|mo|mure|app\d|stno|reau|recn|dire|ccre|emsre|fbdelre|fbdenre|\w+memo|acmm|(cr|se|pr)rm(_\d+)?|rm_\d+/ },
  { kind: 'text', columns: /re/, labels: /opmerking|toelichting|motivatie/i },
  { kind: 'text', columns: /.*/, labels: /^(opmerking|toelichting|memo|notitie|reactie|motivatie|remark|comment|note)/i },
  // Files.
  { kind: 'fileName', columns: /image_name|file_name|filename\d*|fina|fiatna|cvfilename|photofilename|signaturefilename\d|fpdf|fxml/, types: TEXT },
  { kind: 'picture', columns: /image_data|photofilestream|signaturefilestream\d/, types: BYTES },
  // Any other blob may hold anything (a scan, a letter, a CV): replaced by a placeholder of its own type.
  { kind: 'attachment', columns: /.*/, types: BYTES },
];

/** Code tables and lists that hold place names, languages, countries: public, never a person's. */
const NOT_PERSONAL_TABLES =
  /^(kn_country|profit_get_connectors|gc_profitresidences|gc_profit_residence|gc_profit_languages|gc_codes_\w+)$/;

const COMPILED = RULES.map((rule) => ({ ...rule, columns: new RegExp(`^(?:${rule.columns.source})$`) }));

/** The kind of personal data a column holds, or undefined when it holds none. */
function personalKind(table: string, column: ColumnDefinition, label?: string): PersonalKind | undefined {
  if (NOT_PERSONAL_TABLES.test(table)) return undefined;
  for (const rule of COMPILED) {
    if (rule.types && !rule.types.includes(column.type)) continue;
    if (rule.tables && !rule.tables.test(table)) continue;
    if (!rule.columns.test(column.name)) continue;
    if (rule.labels && !(label !== undefined && rule.labels.test(label))) continue;
    return rule.kind;
  }
  return undefined;
}

/** The labels the UpdateConnectors give each stored column (Dutch and English, a column may have several). */
export function columnLabels(registry: Registry): Map<string, Map<string, string>> {
  const labels = new Map<string, Map<string, string>>();
  const walk = (object: WriteObject) => {
    const table = labels.get(object.table.name) ?? new Map<string, string>();
    labels.set(object.table.name, table);
    for (const field of object.fields) {
      if (!field.column) continue;
      const text = `${field.label.nl} / ${field.label.en}`;
      const known = table.get(field.column.name);
      table.set(field.column.name, known === undefined || known.includes(text) ? text : `${known} | ${text}`);
    }
    for (const child of object.objects) walk(child);
  };
  for (const connector of registry.updateConnectors.values()) walk(connector.root);
  return labels;
}

/** The personal columns of every table: table name -> column name -> kind. */
export function personalColumns(registry: Registry): Map<string, Map<string, PersonalKind>> {
  const labels = columnLabels(registry);
  const out = new Map<string, Map<string, PersonalKind>>();
  for (const table of registry.tables.values()) out.set(table.name, personalColumnsOf(table, labels.get(table.name)));
  return out;
}

function personalColumnsOf(
  table: TableDefinition,
  labels: ReadonlyMap<string, string> | undefined,
): Map<string, PersonalKind> {
  const kinds = new Map<string, PersonalKind>();
  const keys = new Set(table.primaryKey);
  for (const column of table.columns) {
    // A primary key is the row's identity inside the copy, never replaced (a personal value as key: see userId).
    if (keys.has(column.name) && column.type !== 'string') continue;
    const kind = personalKind(table.name, column, labels?.get(column.name));
    if (kind) kinds.set(column.name, kind);
  }
  // A replaced file's size and type follow the placeholder, so that what the file endpoints answer stays coherent.
  if ([...kinds.values()].some((k) => k === 'picture' || k === 'attachment')) {
    for (const column of table.columns) {
      if (column.type === 'int' && /^(file_size|filesize)$/.test(column.name)) kinds.set(column.name, 'fileSize');
      if (column.type === 'string' && /(^|_)mime(_type)?$/.test(column.name)) kinds.set(column.name, 'mimeType');
    }
  }
  return kinds;
}
