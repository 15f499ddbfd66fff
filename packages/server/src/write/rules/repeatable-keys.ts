// Rule for objects whose keys name other records rather than the record itself (HrAbsence's employee EmId): an
// insert never looks for an existing record by them, so an employee can have many absences; PUT and DELETE still
// find records by those keys, and a PUT that matches several is refused by the executor.

import type { WriteRule } from './rule.ts';

export const repeatableKeys: WriteRule = {
  description: 'inserts always add a record: the keys name related records, several records may share them',
  resolve: (record) => (record.action === 'insert' ? 'new' : undefined),
  insertsAreNew: true,
};
