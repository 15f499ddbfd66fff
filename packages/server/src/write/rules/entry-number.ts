// Rules `entry-number` (FiEntryPar) and `entry-line-number` (FiEntries): Profit gives the lines that come without
// an entry number (EnNo) one new number per FiEntryPar, and answers it (`results.FiEntryPar.EnNo`).

import type { WriteRule } from './rule.ts';

const LINES = 'fi_entry_line';

export const entryNumber: WriteRule = {
  description: 'takes one new entry number (entry_no) for the lines of a FiEntryPar that give none, and answers it',
  requires: { columns: ['id', 'entry_no'] },
  results: { EnNo: 'entry_no' },
  async beforeWrite(context) {
    if (context.action !== 'insert') return;
    const unnumbered = context.record.children.some(
      (line) => line.action !== 'delete' && line.object.byId.has('EnNo') && line.values.get('EnNo') == null,
    );
    if (unnumbered) context.changes.entry_no = await context.queries.nextNumber(LINES, 'entry_no');
  },
};

export const entryLineNumber: WriteRule = {
  description: "a line without EnNo takes the entry number its FiEntryPar took (rule 'entry-number')",
  requires: { fields: ['EnNo'], columns: ['entry_no', 'batch_id'] },
  sets: ['entry_no'],
  async beforeWrite(context) {
    if (context.action !== 'insert' || context.column('entry_no') != null) return;
    const [batch] = await context.queries.find('fi_entry_batch', { id: context.column('batch_id') }, 1);
    context.changes.entry_no = batch?.entry_no ?? (await context.queries.nextNumber(LINES, 'entry_no'));
  },
};
