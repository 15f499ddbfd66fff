// How the finance demo data is made (definitions/demo/finance.yaml): administrations, journals and ledger accounts
// (reference data) and journal entries whose debit equals their credit, in sales, bank, salary and memorial journals.

import { dateValue, monthOf, yearOf } from './dates.ts';
import { orgDebtorCode } from './demo-codes.ts';
import { type DemoRun, K_ENTRY, SYSTEM_USERS } from './demo-run.ts';
import type { DemoBatch, DemoRow } from './demo-tables.ts';
import { ADMINISTRATIONS, JOURNALS, LEDGER_ACCOUNTS } from './reference-data.ts';

/** Administrations with their journals, and the ledger accounts; draws from the reference stream. */
export function addFinanceReference(run: DemoRun): void {
  const { sink, rng, setupDay } = run;
  const by = SYSTEM_USERS[0]!;
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
}

export function* journalEntries(run: DemoRun): Generator<DemoBatch> {
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
