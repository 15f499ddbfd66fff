// The demo company's generated tables in load order (each with the tables its rows reference) and the row types.
// Shared by the generator, its domain files and the batch sink; holds no rows and draws no numbers.

export type DemoValue = string | number | boolean | null | Uint8Array;
export type DemoRow = Record<string, DemoValue>;

export interface DemoBatch {
  table: string;
  rows: DemoRow[];
}

export const DEMO_BATCH_SIZE = 1000;

/**
 * Every generated table with the tables its rows reference, parents listed first. The key order is a valid
 * load order; profit_get_connectors is absent (the server fills it from its registry).
 */
export const PARENTS = {
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
