// Fills the tables of catalogue GetConnectors after the demo company is loaded: their own (gc_*) and those of the
// generated UpdateConnectors they show (g_*); reads a sample of the company's records so the rows point at them.

import { sql } from 'kysely';
import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/database.ts';
import type { TableDefinition } from '../definitions/schema.ts';
import { catalogueRowCount, catalogueRows, type DemoPools, FIXED_LIST_SIZES } from './catalogue-rows.ts';
import { DAY_MS } from './dates.ts';
import { DEMO_BATCH_SIZE } from './generate.ts';
import { WRITTEN_TABLES, writtenRows } from './written-rows.ts';

/** The tables this fills: those the catalogue GetConnectors generated at boot read (get-connectors.ts, gc_<id>). */
export const CATALOGUE_TABLE_PREFIX = 'gc_';
/** Records of each kind the rows may point at: enough for variety, few enough to read in milliseconds. */
const POOL_SIZE = 2000;
const DEFAULT_SEED = 20260101;
const DEFAULT_NOW_DAY = Math.floor(Date.UTC(2026, 0, 1, 12) / DAY_MS);

type Row = Record<string, unknown>;

async function readPools(db: Database, schema: string, tables: ReadonlyMap<string, TableDefinition>) {
  const q = db.kysely.withSchema(schema);
  const has = (name: string) => tables.has(name);
  const rows = async (name: string, query: () => Promise<Row[]>) => (has(name) ? await query() : []);
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const employees = await rows('hr_employee', () =>
    q
      .selectFrom('hr_employee as e')
      .innerJoin('kn_person as p', 'p.bc_id', 'e.bc_id')
      .select(['e.employee_id', 'p.name', 'p.bsn', 'p.bc_co', 'p.email_work'])
      .orderBy('e.id')
      .limit(POOL_SIZE)
      .execute(),
  );
  const organisations = await rows('kn_organisation', () =>
    q
      .selectFrom('kn_organisation')
      .select(['bc_co', 'name', 'email_work', 'phone_work', 'coc_number'])
      .orderBy('bc_id')
      .limit(POOL_SIZE)
      .execute(),
  );
  const simple = (name: string, columns: string[], order: string) =>
    rows(name, () =>
      q
        .selectFrom(name)
        .select(columns.map((c) => sql.ref(c).as(c)))
        .orderBy(sql.ref(order))
        .limit(POOL_SIZE)
        .execute(),
    );
  const debtors = await simple('kn_debtor', ['debtor_id', 'bc_co'], 'id');
  const articles = await simple('fb_article', ['item_code', 'description', 'unit_id', 'article_group'], 'id');
  const users = await simple('kn_user', ['user_id', 'description'], 'id');
  const subjects = await simple('kn_subject', ['subject_id', 'subject', 'type_id'], 'subject_id');
  const ledger = await simple('fi_ledger_account', ['account_no', 'description'], 'id');
  const departments = await simple('hr_department', ['cost_centre', 'description'], 'id');
  const administrations = await simple('fi_administration', ['admin_id'], 'admin_id');
  const pools: DemoPools = {
    employees: employees.map((e) => ({
      code: String(e.employee_id),
      name: String(e.name ?? ''),
      bsn: text(e.bsn),
      bcCo: String(e.bc_co),
      email: text(e.email_work),
    })),
    organisations: organisations.map((o) => ({
      bcCo: String(o.bc_co),
      name: String(o.name),
      email: text(o.email_work),
      phone: text(o.phone_work),
      coc: text(o.coc_number),
    })),
    debtors: debtors.map((d) => ({ code: String(d.debtor_id), bcCo: String(d.bc_co) })),
    articles: articles.map((a) => ({
      code: String(a.item_code),
      description: String(a.description),
      unit: String(a.unit_id),
      group: text(a.article_group),
    })),
    users: users.map((u) => ({ code: String(u.user_id), description: String(u.description) })),
    subjects: subjects.map((s) => ({
      id: Number(s.subject_id),
      description: String(s.subject),
      type: Number(s.type_id),
    })),
    ledgerAccounts: ledger.map((l) => ({ account: String(l.account_no), description: String(l.description) })),
    costCentres: departments
      .filter((d) => d.cost_centre)
      .map((d) => ({ code: String(d.cost_centre), description: String(d.description) })),
    administrations: Math.max(1, administrations.length),
  };
  return pools;
}

/** Inserts the rows of every gc_ table of the registry; returns how many. */
export async function loadCatalogueDemo(
  db: Database,
  schema: string,
  tables: ReadonlyMap<string, TableDefinition>,
  options: { employees: number; seed?: number; onBatch?: (rows: number, table: string) => void },
): Promise<number> {
  const written = new Set(WRITTEN_TABLES);
  const generated = [...tables.values()].filter(
    (t) => t.name.startsWith(CATALOGUE_TABLE_PREFIX) && !written.has(t.name),
  );
  const writtenHere = WRITTEN_TABLES.flatMap((name) => tables.get(name) ?? []);
  if (generated.length === 0 && writtenHere.length === 0) return 0;
  const pools = await readPools(db, schema, tables);
  const settings = { seed: options.seed ?? DEFAULT_SEED, nowDay: DEFAULT_NOW_DAY };
  let total = 0;
  // The tables of generated UpdateConnectors the catalogue GetConnectors read (present when those are served).
  for (const table of writtenHere) {
    const rows = writtenRows(table.name, pools, { ...settings, employees: options.employees });
    for (let start = 0; start < rows.length; start += DEMO_BATCH_SIZE)
      await insertRows(db, schema, table, rows.slice(start, start + DEMO_BATCH_SIZE));
    total += rows.length;
    options.onBatch?.(total, table.name);
  }
  for (const table of generated) {
    const count = FIXED_LIST_SIZES[table.name] ?? catalogueRowCount(table, options.employees);
    let batch: Row[] = [];
    for (const row of catalogueRows(table, count, pools, settings)) {
      batch.push(row);
      if (batch.length === DEMO_BATCH_SIZE) {
        await insertRows(db, schema, table, batch);
        total += batch.length;
        batch = [];
      }
    }
    await insertRows(db, schema, table, batch);
    total += batch.length;
    options.onBatch?.(total, table.name);
  }
  return total;
}
