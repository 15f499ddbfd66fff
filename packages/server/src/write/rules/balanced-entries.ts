// Rule `balanced-entries` (FiEntries): within one FiEntryPar, the lines of each entry number (EnNo) balance:
// the sum of AmDe equals the sum of AmCr. Pure check of the planned lines; amounts compared in cents.

import { CodedError } from '@appconnector/protocol';
import type { WriteRule } from './rule.ts';

const cents = (value: unknown) => (typeof value === 'number' ? Math.round(value * 100) : 0);
const money = (value: number) => (value / 100).toFixed(2);

export const balancedEntries: WriteRule = {
  description: 'the lines of each entry number (EnNo) of a FiEntryPar balance: sum of AmDe = sum of AmCr',
  verify(object) {
    const lines = object.objects.filter((child) => ['EnNo', 'AmDe', 'AmCr'].every((id) => child.byId.has(id)));
    return lines.length === 0 ? 'needs a child object with the fields EnNo, AmDe and AmCr' : undefined;
  },
  check(record) {
    const totals = new Map<string, { debit: number; credit: number }>();
    for (const line of record.children) {
      if (line.action === 'delete' || !line.object.byId.has('EnNo') || !line.object.byId.has('AmDe')) continue;
      const entry = String(line.values.get('EnNo') ?? '');
      const total = totals.get(entry) ?? { debit: 0, credit: 0 };
      total.debit += cents(line.values.get('AmDe'));
      total.credit += cents(line.values.get('AmCr'));
      totals.set(entry, total);
    }
    for (const [entry, { debit, credit }] of totals) {
      if (debit !== credit) {
        throw new CodedError('validation', {
          message: `Object '${record.object.name}': entry ${entry} does not balance: debit ${money(debit)}, credit ${money(credit)}.`,
        });
      }
    }
  },
};
