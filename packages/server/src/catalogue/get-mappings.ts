// Catalogue GetConnectors that read the demo company's own tables: for each, the base table, its joins and where
// every catalogue field comes from. Types and labels come from the catalogue (get-definitions.ts checks they fit).

import type { UnionDefinition } from '../definitions/schema.ts';

/** Where a field's value comes from: `alias.column`, text joined from columns and literals, the first non-null of several columns, or one constant value. */
export type FieldSource =
  | string
  | { concat: (string | { col: string } | { coalesce: string[] })[] }
  | { coalesce: string[] }
  | { constant: string | number | boolean | null };

export interface GetMapping {
  /** A table, or several as one (schema.ts unionSchema). */
  from: { table: string; as: string } | UnionDefinition;
  joins?: { table: string; as: string; type?: 'inner' | 'left'; on: [string, string][] }[];
  /** Every catalogue field of the connector, in any order. */
  fields: Record<string, FieldSource>;
  /** A fixed filter over the connector's own field ids, AND-ed with what clients send. */
  notEmpty?: string;
}

const none = { constant: null };
const no = { constant: false };
const col = (ref: string) => ({ col: ref });

export const GET_MAPPINGS: Readonly<Record<string, GetMapping>> = {
  ProfitCountries: {
    from: { table: 'kn_country', as: 'c' },
    fields: { CoId: 'c.country_id', Co: 'c.name' },
  },

  Profit_BankAccounts: {
    from: { table: 'kn_bank_account', as: 'b' },
    joins: [
      { table: 'kn_basic_contact', as: 'bc', on: [['bc.bc_id', 'b.bc_id']] },
      { table: 'kn_organisation', as: 'o', on: [['o.bc_id', 'b.bc_id']] },
      { table: 'kn_person', as: 'p', on: [['p.bc_id', 'b.bc_id']] },
      { table: 'hr_employee', as: 'e', on: [['e.bc_id', 'b.bc_id']] },
      { table: 'kn_debtor', as: 'd', on: [['d.bank_account_id', 'b.bank_account_id']] },
    ],
    fields: {
      BcCo: 'bc.bc_co',
      Name: { concat: [col('o.name'), col('p.name')] },
      Country: 'b.country_id',
      BIC: 'b.bic',
      IBAN: 'b.iban',
      Grek: 'b.g_account',
      Employee: 'e.employee_id',
      Creditor: none,
      Verkooprelatie: 'd.debtor_id',
    },
  },

  ProfitProfileContacts: {
    from: { table: 'kn_contact', as: 'c' },
    joins: [
      { table: 'kn_organisation', as: 'o', on: [['o.bc_id', 'c.org_bc_id']] },
      { table: 'kn_person', as: 'p', on: [['p.bc_id', 'c.person_bc_id']] },
      { table: 'kn_address', as: 'a', on: [['a.address_id', 'c.address_id']] },
    ],
    fields: {
      Naam: 'o.name',
      BcCd: 'o.bc_co',
      CtCd: 'p.bc_co',
      Soort_contact: 'c.type',
      Extra_adressering: 'c.department',
      Adres: {
        concat: [
          col('a.street'),
          ' ',
          col('a.house_number'),
          col('a.house_number_addition'),
          ', ',
          col('a.zip_code'),
          ' ',
          col('a.city'),
        ],
      },
      Geblokkeerd: 'c.blocked',
      FuDs: 'c.function_card',
      Nm: {
        concat: [col('p.last_name'), ', ', col('p.initials'), ' ', col('p.prefix'), ' (', col('p.first_name'), ')'],
      },
      FiNm: 'p.first_name',
      In: 'p.initials',
      Is: 'p.prefix',
      ViCt: 'p.gender',
      EmWo: 'c.email_work',
      BcId: 'c.org_bc_id',
      CtId: 'c.cd_id',
      LaNm: 'p.last_name',
      ViFu: 'c.function_code',
      TeWo: 'c.phone_work',
      TeMb: 'c.mobile_work',
      TtId: 'p.title',
      FxWo: 'c.fax_work',
      IEmp: { constant: false },
    },
  },

  Profit_UserGroups: {
    from: { table: 'kn_user', as: 'u' },
    fields: { GroupId: 'u.group_id', Decription: 'u.group_description', UserId: 'u.user_id' },
    notEmpty: 'GroupId',
  },

  Profit_Timetable: {
    from: { table: 'hr_schedule', as: 's' },
    joins: [{ table: 'hr_employee', as: 'e', on: [['e.employee_id', 's.employee_id']] }],
    fields: {
      EmployeeId: 's.employee_id',
      SeqNo: 's.id',
      EmployerId: 'e.employer_id',
      StartDate: 's.start_date',
      EndDate: none,
      DaysPerWeek: 's.days_per_week',
      HoursPerWeek: 's.hours_per_week',
      Variable: no,
      PartTime: 's.fte',
      VariablePattern: no,
      MinHours: none,
      MaxHours: none,
      ModifiedDate: 's.modified_at',
    },
  },

  Profit_Journals: {
    from: { table: 'fi_journal', as: 'j' },
    fields: {
      UnitId: 'j.admin_id',
      JournalId: 'j.journal_code',
      Description: 'j.description',
      JournalType: 'j.journal_type',
      Blocked: no,
    },
  },

  Profit_Transactions_Allocated: {
    from: { table: 'fi_entry_line', as: 'l' },
    joins: [
      { table: 'fi_entry_batch', as: 'b', type: 'inner', on: [['b.id', 'l.batch_id']] },
      { table: 'fi_ledger_account', as: 'la', on: [['la.account_no', 'l.account_no']] },
    ],
    fields: {
      UnitId: 'b.admin_id',
      EntryNo: 'l.entry_no',
      SeqNo: 'l.seq_no',
      Year: 'b.year',
      Period: 'b.period',
      JournalId: 'b.journal_code',
      AccountNo: 'l.account_no',
      Omschrijving: 'la.description',
      AmtDebit: 'l.amount_debit',
      AmtCredit: 'l.amount_credit',
      EntryDate: 'l.entry_date',
      InvoiceId: 'l.invoice_id',
      VoucherDate: 'l.voucher_date',
      VoucherNo: 'l.voucher_no',
      VatCode: 'l.vat_code',
      VatAmt: 'l.vat_amount',
      Description: 'l.description',
      Created: 'l.created_at',
      Modified: 'l.modified_at',
      Type: 'l.account_feature',
      Collect_On: 'la.collect_on',
      DimAx1: 'la.dim_ax1',
      DimAx2: 'la.dim_ax2',
      DimAx3: 'la.dim_ax3',
      DimAx4: 'la.dim_ax4',
      DimAx5: 'la.dim_ax5',
    },
  },

  Profit_Article_Basic: {
    from: { table: 'fb_article', as: 'a' },
    fields: {
      ItemCode: 'a.item_code',
      Description: 'a.description',
      UnitId: 'a.unit_id',
      ArtGroup: 'a.article_group',
      Blocked: 'a.blocked',
      VATgroup: 'a.vat_rate_group',
      BasicSalesPrice: 'a.sales_price',
      StockActual: none,
      CreateDate: 'a.created_at',
      DateModified: 'a.modified_at',
    },
  },

  Profit_Unit_per_Item: {
    from: { table: 'fb_article', as: 'a' },
    fields: {
      ItemType: 'a.item_type',
      ItemCode: 'a.item_code',
      UnitId: 'a.unit_id',
      Amount: { constant: 1 },
      BasicItem: { constant: true },
    },
  },

  Profit_Barcode_per_Item: {
    from: { table: 'fb_article', as: 'a' },
    fields: {
      ItemType: 'a.item_type',
      ItemCode: 'a.item_code',
      UnitId: 'a.unit_id',
      BarcodeType: 'a.barcode_type',
      Barcode: 'a.barcode',
      StockDimCode1: 'a.dimension_1',
      StockDimCode2: 'a.dimension_2',
      SerialNumber: none,
      BatchNumber: none,
      DebtorId: none,
      CreditorId: none,
    },
    notEmpty: 'Barcode',
  },

  ProfitSubjects: subjectsMapping(),
  ProfitSubjectsAuthorized: subjectsMapping(),

  Profit_SubjectFile: {
    from: { table: 'kn_subject', as: 's' },
    fields: {
      SubjectId: 's.subject_id',
      Subject: 's.subject',
      TypeId: 's.type_id',
      FiEntryNumber: none,
      BookPieceNumber: none,
      PurchaseInvoiceNumber: none,
      AdministrationPurchaseInvoice: none,
      SalesInvoiceNumber: none,
      AdministrationSalesInvoice: none,
    },
  },

  Profit_SubjectTypes: {
    from: { table: 'kn_subject_type', as: 't' },
    fields: {
      SubjectTypeId: 't.type_id',
      Description: 't.description',
      Comment: { constant: true },
      SubjectText: { constant: true },
      Responsible: { constant: true },
      StartDate: { constant: true },
      EndDate: { constant: true },
      Completed: { constant: true },
      DateCompleted: { constant: true },
      ResponsibleMandatory: no,
      UseFeatures: no,
      OnlyExistingFeatures: no,
      WithoutFeature: { constant: true },
      Confedential: no,
      LinkFile: { constant: true },
      EditMode: { constant: '0' },
      VisibleOutsite: no,
      VisibleInsite: { constant: true },
      UseNumber: no,
      LastNumber: none,
    },
  },
};

/** File items with their first link's organisation or person (a subject linked twice shows twice, as in Profit). */
function subjectsMapping(): GetMapping {
  return {
    from: { table: 'kn_subject', as: 's' },
    joins: [
      { table: 'kn_subject_link', as: 'l', on: [['l.subject_id', 's.subject_id']] },
      { table: 'kn_basic_contact', as: 'bc', on: [['bc.bc_co', 'l.bc_co']] },
    ],
    fields: {
      SbTy: 's.type_id',
      SbId: 's.subject_id',
      DaSe: 's.date_created',
      Ds: 's.subject',
      Memo: 's.comment',
      Stat: 's.status',
      DoId: 's.item_number',
      FeV1: 's.feature_value_1',
      FeV2: 's.feature_value_2',
      FeV3: 's.feature_value_3',
      BcId: 'bc.bc_id',
      BcCd: 'l.bc_co',
      ToEr: 'l.to_employer',
    },
  };
}
