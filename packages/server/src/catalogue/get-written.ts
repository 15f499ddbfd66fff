// The catalogue GetConnectors that show what generated UpdateConnectors write (Profit_Leaves: HrAbsence, ...): read
// over their g_ tables (storage-names.ts), joined to employees, persons and organisations for names. Added at boot
// with the generated UpdateConnectors (catalogue-definitions.ts), whose tables exist only then.

import type { TableDefinition } from '../definitions/schema.ts';
import { readCatalogueUpdateConnectors } from './catalogue-files.ts';
import type { GetMapping } from './get-mappings.ts';
import { catalogueTableName } from './storage-names.ts';

const g = catalogueTableName;
const none = { constant: null };
const first = (...refs: string[]) => ({ coalesce: refs });

/** Code tables the connectors show descriptions from: table name, then the UpdateConnector field whose codes it lists. */
export const WRITTEN_CODE_TABLES: Readonly<Record<string, { connector: string; field: string }>> = {
  gc_codes_hrabsence_vilr: { connector: 'HrAbsence', field: 'ViLr' },
  gc_codes_hrillness_viit: { connector: 'HrIllness', field: 'ViIt' },
  gc_codes_hrillness_viir: { connector: 'HrIllness', field: 'ViIr' },
  gc_codes_hrillness_reae: { connector: 'HrIllness', field: 'ReAe' },
};

/** Leave types (HrAbsence ViAt: the catalogue lists no codes; these are Profit's usual ones). */
export const LEAVE_TYPES_TABLE = 'gc_codes_leave_type';
export const LEAVE_TYPES: readonly [string, string][] = [
  ['VAK', 'Vakantie'],
  ['ADV', 'Arbeidsduurverkorting'],
  ['BVL', 'Bijzonder verlof'],
  ['ZWV', 'Zwangerschapsverlof'],
  ['OSV', 'Ouderschapsverlof'],
  ['TVT', 'Tijd voor tijd'],
];

/** The codes and descriptions of a code table: the catalogue's code table, or the leave types. */
export function codeTableRows(table: string): [string, string][] {
  if (table === LEAVE_TYPES_TABLE) return [...LEAVE_TYPES];
  const source = WRITTEN_CODE_TABLES[table];
  if (!source) return [];
  const connector = readCatalogueUpdateConnectors().find((c) => c.id === source.connector);
  const field = connector?.tree.fields.find((f) => f.fieldId === source.field);
  return (field?.values ?? []).map((v) => [String(v.id), String(v.description)]);
}

function codeTable(name: string): TableDefinition {
  return {
    name,
    primaryKey: ['ac_id'],
    columns: [
      { name: 'ac_id', type: 'int', nullable: false, autoIncrement: false },
      { name: 'code', type: 'string', length: 20, nullable: false, autoIncrement: false },
      { name: 'description', type: 'string', length: 255, nullable: false, autoIncrement: false },
    ],
    unique: [['code']],
    indexes: [],
    audit: {},
  };
}

const employeeJoins = (ref: string): NonNullable<GetMapping['joins']> => [
  { table: 'hr_employee', as: 'e', on: [['e.employee_id', ref]] },
  { table: 'kn_person', as: 'p', on: [['p.bc_id', 'e.bc_id']] },
];

/**
 * A relation (debtor, creditor) written as an organisation or a person: the relation's own table per kind, each
 * with its organisation or person in a child table, which may name a company record by BcCo.
 */
function relationJoins(
  kind: 'knsalesrelation' | 'knpurchaserelation',
  company: boolean,
): NonNullable<GetMapping['joins']> {
  const org = g(`${kind}org`, ['KnOrganisation']);
  const per = g(`${kind}per`, ['KnPerson']);
  const joins: NonNullable<GetMapping['joins']> = [
    { table: org, as: 'go', on: [['go.ac_parent_id', 'u.org_parent']] },
    { table: per, as: 'gp', on: [['gp.ac_parent_id', 'u.per_parent']] },
    {
      table: g(`${kind}org`, ['KnOrganisation', 'KnBasicAddressAdr']),
      as: 'goa',
      on: [['goa.ac_parent_id', 'go.ac_id']],
    },
    { table: g(`${kind}per`, ['KnPerson', 'KnBasicAddressAdr']), as: 'gpa', on: [['gpa.ac_parent_id', 'gp.ac_id']] },
    { table: 'kn_organisation', as: 'o', on: [['o.bc_co', 'u.bc_co']] },
    { table: 'kn_person', as: 'p', on: [['p.bc_co', 'u.bc_co']] },
    { table: 'kn_organisation', as: 'o2', on: [['o2.bc_co', 'go.bcco']] },
    { table: 'kn_person', as: 'p2', on: [['p2.bc_co', 'gp.bcco']] },
    { table: 'kn_address', as: 'oa', on: [['oa.address_id', 'o.address_id']] },
    { table: 'kn_address', as: 'pa', on: [['pa.address_id', 'p.address_id']] },
    { table: 'kn_address', as: 'o2a', on: [['o2a.address_id', 'o2.address_id']] },
    { table: 'kn_address', as: 'p2a', on: [['p2a.address_id', 'p2.address_id']] },
  ];
  return joins.filter((join) => company || !COMPANY_ALIASES.has(join.as));
}

/** The joins to the company's own record of a relation kept in a company table (kn_debtor's bc_co). */
const COMPANY_ALIASES = new Set(['o', 'p', 'oa', 'pa']);

/** RELATION_FIELDS without the company table's record (a union whose branches are all written ones). */
function relationFields(company: boolean): typeof RELATION_FIELDS {
  if (company) return RELATION_FIELDS;
  const keep = (ref: string) => ref !== 'u.bc_co' && !COMPANY_ALIASES.has(ref.split('.')[0]!);
  const strip = (source: unknown): unknown => {
    if (typeof source !== 'object' || source === null) return source;
    if ('coalesce' in source) {
      const refs = (source as { coalesce: string[] }).coalesce.filter(keep);
      return refs.length === 1 ? refs[0] : { coalesce: refs };
    }
    if ('concat' in source)
      return {
        concat: (source as { concat: unknown[] }).concat.map((part) => (typeof part === 'string' ? part : strip(part))),
      };
    return source;
  };
  return Object.fromEntries(Object.entries(RELATION_FIELDS).map(([k, v]) => [k, strip(v)])) as typeof RELATION_FIELDS;
}

/** Name, address and contact fields of a relation: from what was written, else from the company record it names. */
const RELATION_FIELDS = {
  bcCo: first('u.bc_co', 'go.bcco', 'gp.bcco'),
  name: first('go.nm', 'o.name', 'p.name', 'o2.name', 'p2.name', 'gp.lanm'),
  searchName: first('go.senm', 'gp.senm', 'o.search_name', 'p.search_name', 'o2.search_name', 'p2.search_name'),
  line1: {
    concat: [
      { coalesce: ['goa.ad', 'gpa.ad', 'oa.street', 'pa.street', 'o2a.street', 'p2a.street'] },
      ' ',
      {
        coalesce: [
          'goa.hmnr',
          'gpa.hmnr',
          'oa.house_number',
          'pa.house_number',
          'o2a.house_number',
          'p2a.house_number',
        ],
      },
      {
        coalesce: [
          'goa.hmad',
          'gpa.hmad',
          'oa.house_number_addition',
          'pa.house_number_addition',
          'o2a.house_number_addition',
          'p2a.house_number_addition',
        ],
      },
    ],
  },
  line3: {
    concat: [
      { coalesce: ['goa.zpcd', 'gpa.zpcd', 'oa.zip_code', 'pa.zip_code', 'o2a.zip_code', 'p2a.zip_code'] },
      '  ',
      { coalesce: ['goa.rs', 'gpa.rs', 'oa.city', 'pa.city', 'o2a.city', 'p2a.city'] },
    ],
  },
  line4: first('goa.coid', 'gpa.coid', 'oa.country_id', 'pa.country_id', 'o2a.country_id', 'p2a.country_id'),
  phone: first('go.tenr', 'gp.tenr', 'o.phone_work', 'p.phone_work', 'o2.phone_work', 'p2.phone_work'),
  email: first('go.emad', 'gp.emad', 'o.email_work', 'p.email_work', 'o2.email_work', 'p2.email_work'),
  coc: first('go.ccnr', 'gp.ccnr', 'o.coc_number', 'o2.coc_number'),
};

/** The root tables of a relation's two kinds as one, with the columns the connectors read. */
function relationUnion(
  kind: 'knsalesrelation' | 'knpurchaserelation',
  first: { table: string; columns: Record<string, string | null> } | undefined,
  columns: Record<string, string | null>,
) {
  const branch = (table: string, parent: 'org_parent' | 'per_parent') => ({
    table,
    columns: {
      id: 'ac_id',
      ...(first ? { bc_co: null } : {}),
      org_parent: parent === 'org_parent' ? 'ac_id' : null,
      per_parent: parent === 'per_parent' ? 'ac_id' : null,
      created: 'ac_created_at',
      modified: 'ac_modified_at',
      ...columns,
    },
  });
  return {
    as: 'u',
    primaryKey: ['id'],
    union: [...(first ? [first] : []), branch(g(`${kind}org`), 'org_parent'), branch(g(`${kind}per`), 'per_parent')],
  };
}

const CREDITOR_FIELDS = relationFields(false);

export const WRITTEN_GET_MAPPINGS: Readonly<Record<string, GetMapping>> = {
  Profit_CostCentre: {
    from: { table: g('HrCostCentre'), as: 'c' },
    fields: {
      EmployerId: 'c.cmid',
      CostCentre: 'c.crid',
      Description: 'c.crds',
      Blocked: 'c.bl',
      ModifiedDate: 'c.ac_modified_at',
    },
  },

  Profit_Leaves: {
    from: { table: g('HrAbsence'), as: 'a' },
    joins: [
      ...employeeJoins('a.emid'),
      { table: LEAVE_TYPES_TABLE, as: 'lt', on: [['lt.code', 'a.viat']] },
      { table: 'gc_codes_hrabsence_vilr', as: 'lr', on: [['lr.code', 'a.vilr']] },
    ],
    fields: {
      LeaveId: 'a.ac_id',
      EmployeeId: 'a.emid',
      Name: 'p.name',
      BSN: 'p.bsn',
      Export: { constant: false },
      Hours: 'a.dura',
      StartDate: 'a.dabe',
      EndDate: 'a.daen',
      DvId: 'a.ense',
      ModifiedDate: 'a.ac_modified_at',
      LeaveCode: 'a.viat',
      LeaveDescr: 'lt.description',
      ReasonCode: 'a.vilr',
      ReasonDescr: 'lr.description',
    },
  },

  Profit_Illness: {
    from: { table: g('HrIllness'), as: 'i' },
    joins: [
      ...employeeJoins('i.emid'),
      { table: 'kn_address', as: 'ad', on: [['ad.address_id', 'p.address_id']] },
      { table: 'gc_codes_hrillness_viit', as: 'it', on: [['it.code', 'i.viit']] },
      { table: 'gc_codes_hrillness_viir', as: 'ir', on: [['ir.code', 'i.viir']] },
      { table: 'gc_codes_hrillness_reae', as: 'ie', on: [['ie.code', 'i.reae']] },
    ],
    fields: {
      ActionId: 'i.ac_id',
      GUID: none,
      EmployerId: 'e.employer_id',
      EmployeeId: 'i.emid',
      BSN: 'p.bsn',
      AbsenceId: 'i.ac_id',
      StartDate: 'i.dabe',
      EndDate: 'i.daen',
      AbsenceTypeId: 'i.viit',
      AbsenceTypeDesc: 'it.description',
      ReasonId: 'i.viir',
      ReasonDesc: 'ir.description',
      Presence: none,
      TypeWorkResumption: 'i.reae',
      TypeWorkResumptionDesc: 'ie.description',
      Phone: 'p.phone_private',
      Street: 'ad.street',
      HouseNumber: 'ad.house_number',
      AddNumber: 'ad.house_number_addition',
      ZIPCode: 'ad.zip_code',
      City: 'ad.city',
      Address4: 'ad.country_id',
      ModifiedDate: 'i.ac_modified_at',
      ReportDate: 'i.dmeb',
      ExEndDate: 'i.daes',
      FirstDay: 'i.tpbe',
      DvId: 'i.ense',
      Continuous: 'i.ruab',
      Vangnet: none,
      NoStatistic: none,
      ReportEndDate: 'i.dmee',
      ReasonEnd: 'i.virs',
      PresentLastDay: 'i.tpen',
      WAO: none,
      ApplyQualifyingDays: 'i.rtds',
      RecoveredCode: 'i.reae',
      HourWeekPresent: none,
      PresenceTherapy: none,
      HourWeekPresentTherapy: none,
      NursingAddress: none,
    },
  },

  Profit_Projects: {
    from: { table: g('PtProject'), as: 'pr' },
    fields: {
      ProjectId: 'pr.prid',
      Description: 'pr.ds',
      UnitId: 'pr.unfi',
      ProjectGroup: 'pr.prgp',
      CheckedOut: 'pr.chou',
      BcCo: 'pr.bcco',
      DebtorId: 'pr.dbid',
      DateStart: 'pr.dast',
      DateReady: 'pr.dtgw',
      Chargeable: 'pr.ch',
      CreateDate: 'pr.ac_created_at',
      ModifiedDate: 'pr.ac_modified_at',
    },
  },

  Profit_Realization: {
    from: { table: g('PtRealization'), as: 'r' },
    fields: {
      Identity: 'r.ac_id',
      Year: none,
      PeriodId: none,
      DateTime: 'r.dati',
      EmployeeId: 'r.emid',
      ProjectId: 'r.prid',
      Description: 'r.ds',
      ItemType: 'r.vait',
      ItemCodeId: 'r.itcd',
      InitId: 'r.unid',
      QuantityUnit: 'r.qu',
      Chargeable: 'r.ch',
      Approved: 'r.ap',
      Prepared: 'r.pr',
      DateModified: 'r.ac_modified_at',
      SystemDate: 'r.ac_created_at',
    },
  },

  Profit_Creditor: {
    from: relationUnion('knpurchaserelation', undefined, {
      creditor_id: 'crid',
      iban: 'iban',
      vat_number: 'vaid',
      payment_condition: 'pacd',
      credit_limit: 'krli',
      blocked_temporarily: 'bl',
      blocked: 'bltl',
      vat_duty: 'vadu',
      auto_payment: 'aupa',
    }),
    joins: relationJoins('knpurchaserelation', false),
    fields: {
      CreditorId: 'u.creditor_id',
      CreditorName: CREDITOR_FIELDS.name,
      BcCo: CREDITOR_FIELDS.bcCo,
      SearchName: CREDITOR_FIELDS.searchName,
      Adressline1: CREDITOR_FIELDS.line1,
      Adressline3: CREDITOR_FIELDS.line3,
      Adressline4: CREDITOR_FIELDS.line4,
      TelNr: CREDITOR_FIELDS.phone,
      Email: CREDITOR_FIELDS.email,
      IBAN: 'u.iban',
      'Btw-nummer': 'u.vat_number',
      ChOfCommNr: CREDITOR_FIELDS.coc,
      PaymentCondition: 'u.payment_condition',
      CreditLimit: 'u.credit_limit',
      TempBlocked: 'u.blocked_temporarily',
      VatDuty: 'u.vat_duty',
      AutoPayment: 'u.auto_payment',
      Blocked: 'u.blocked',
      CreateDate: 'u.created',
      ModifiedDate: 'u.modified',
    },
  },

  // The company's own debtors (kn_debtor, which sales orders refer to) and those written by KnSalesRelationOrg/Per.
  Profit_Debtor: {
    from: relationUnion(
      'knsalesrelation',
      {
        table: 'kn_debtor',
        columns: {
          id: 'id',
          bc_co: 'bc_co',
          org_parent: null,
          per_parent: null,
          created: 'created_at',
          modified: 'modified_at',
          debtor_id: 'debtor_id',
          bank_account_id: 'bank_account_id',
          iban: null,
          vat_number: 'vat_number',
          collect_account: 'collect_account',
          payment_condition: 'payment_condition',
          vat_duty: 'vat_duty',
          blocked: 'blocked',
          credit_limit: 'credit_limit',
          currency_id: 'currency_id',
          auto_payment: 'auto_payment',
        },
      },
      {
        debtor_id: 'dbid',
        bank_account_id: null,
        iban: 'iban',
        vat_number: 'vaid',
        collect_account: 'cola',
        payment_condition: 'pacd',
        vat_duty: 'vadu',
        blocked: 'bl',
        credit_limit: 'krli',
        currency_id: 'cuid',
        auto_payment: 'aupa',
      },
    ),
    joins: [
      ...relationJoins('knsalesrelation', true),
      { table: 'kn_bank_account', as: 'ba', on: [['ba.bank_account_id', 'u.bank_account_id']] },
    ],
    fields: {
      DebtorId: 'u.debtor_id',
      DebtorName: RELATION_FIELDS.name,
      BcCo: RELATION_FIELDS.bcCo,
      SearchName: RELATION_FIELDS.searchName,
      AdressLine1: RELATION_FIELDS.line1,
      AdressLine3: RELATION_FIELDS.line3,
      AdressLine4: RELATION_FIELDS.line4,
      TelNr: RELATION_FIELDS.phone,
      Email: RELATION_FIELDS.email,
      IBAN: first('u.iban', 'ba.iban'),
      VatNr: 'u.vat_number',
      ChOfCommNr: RELATION_FIELDS.coc,
      CollectAccount: 'u.collect_account',
      PayCon: 'u.payment_condition',
      VatDuty: 'u.vat_duty',
      Blocked: 'u.blocked',
      CreditLimit: 'u.credit_limit',
      CurrencyId: 'u.currency_id',
      AutoPayment: 'u.auto_payment',
      CreateDate: 'u.created',
      ModifiedDate: 'u.modified',
    },
  },

  // A row per subscription line, with its subscription.
  Profit_Subscriptions: {
    from: { table: g('FbSubscription', ['FbSubscriptionLines']), as: 'l' },
    joins: [{ table: g('FbSubscription'), as: 's', type: 'inner', on: [['s.ac_id', 'l.ac_parent_id']] }],
    fields: {
      SubscriptionNr: 's.sunr',
      DebtorId: 's.dbid',
      DateStartSub: 's.sust',
      DateEndSub: 's.suen',
      ValueIntIdSu: 's.vasu',
      ProjectId: 's.prid',
      UnitIdFin: 's.unfi',
      Indentity: 'l.id',
      PresentationSeqno: 'l.ac_id',
      ItemType: 'l.vait',
      Itemcode: 'l.itcd',
      DateStart: 'l.dast',
      Quantity: 'l.qu',
      OriginalPrice: 'l.pric',
      SalesAmount: 'l.sapr',
      SalesDiscount: 'l.sadi',
      DateEnd: 'l.daen',
      InvoicesUntil: none,
      CreateDate: 'l.ac_created_at',
      ModifiedDate: 'l.ac_modified_at',
    },
  },
};

/** The code tables the written connectors show descriptions from. */
export function writtenCodeTables(): TableDefinition[] {
  return [LEAVE_TYPES_TABLE, ...Object.keys(WRITTEN_CODE_TABLES)].map(codeTable);
}
