// Rule `person-name` (KnPerson): keeps the composed display name (usual or first name, prefix, last name) that
// GetConnectors show, and a search name on insert when none is given, as Profit derives them.

import type { WriteRule } from './rule.ts';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export const personName: WriteRule = {
  description: 'derives the display name (name) and, on insert, the search name (search_name) of a person',
  requires: { fields: ['CaNm', 'FiNm', 'Is', 'LaNm', 'SeNm'], columns: ['name', 'search_name'] },
  sets: ['name', 'search_name'],
  beforeWrite(context) {
    const parts = ['CaNm', 'FiNm', 'Is', 'LaNm'];
    if (context.action === 'update' && !parts.some((id) => context.record.values.has(id))) return;
    const first = text(context.value('CaNm')) || text(context.value('FiNm'));
    const name = [first, text(context.value('Is')), text(context.value('LaNm'))].filter(Boolean).join(' ');
    context.changes.name = name === '' ? null : name;
    if (context.action === 'insert' && !text(context.value('SeNm'))) {
      const search = text(context.value('LaNm'))
        .toUpperCase()
        .normalize('NFD')
        .replace(/[^A-Z]/g, '')
        .slice(0, 10);
      context.changes.search_name = search === '' ? null : search;
    }
  },
};
