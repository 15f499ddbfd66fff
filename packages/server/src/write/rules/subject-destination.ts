// Rule `subject-destination` (KnSubjectLink): the destination type and key (SfTp, SfId) also set the matching
// link column and "to" flag (2 employee, 3 organisation/person, 4 sales relation, ...), as Profit files an item.

import type { WriteRule } from './rule.ts';

/** SfTp -> the flag column it sets and the column SfId goes to (when the table keeps it). */
const DESTINATIONS: Record<string, { flag: string; key?: string }> = {
  '2': { flag: 'to_employee', key: 'employee_id' },
  '3': { flag: 'to_org_pers', key: 'bc_co' },
  '4': { flag: 'to_debtor', key: 'debtor_id' },
  '10': { flag: 'to_employer' },
  '11': { flag: 'to_creditor' },
  '17': { flag: 'to_applicant' },
};

export const subjectDestination: WriteRule = {
  description: 'SfTp/SfId also fill the link column and to_* flag of the destination',
  requires: {
    fields: ['SfTp', 'SfId'],
    columns: ['to_employee', 'to_org_pers', 'to_debtor', 'to_employer', 'to_creditor', 'to_applicant'],
  },
  beforeWrite(context) {
    const type = context.value('SfTp');
    const destination = typeof type === 'string' ? DESTINATIONS[type] : undefined;
    if (!destination || !context.record.values.has('SfTp')) return;
    context.changes[destination.flag] = true;
    const id = context.value('SfId');
    if (destination.key && typeof id === 'string' && id !== '') context.changes[destination.key] = id;
  },
};
