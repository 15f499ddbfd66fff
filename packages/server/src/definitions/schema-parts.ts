// Parts of the definition schema that other schema files share (labels, fixed filters): here, not in schema.ts,
// so that a schema file schema.ts imports (reports) can use them without an import cycle. Shape only.

import { z } from 'zod';

/** A label in Dutch and English; other languages fall back to English. A plain string serves both. */
export const labelSchema = z.union([z.string(), z.object({ en: z.string(), nl: z.string() })]);

const operatorName = z.enum([
  'eq',
  'ge',
  'le',
  'gt',
  'lt',
  'contains',
  'ne',
  'empty',
  'notEmpty',
  'startsWith',
  'notContains',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
  'quick',
]);

/** A fixed filter in AST form, over the collection's field codes (`fieldId`), AND-ed with what clients send. */
export const fixedFilterSchema = z.object({
  or: z.array(
    z.object({
      and: z.array(z.object({ field: z.string(), op: operatorName, value: z.string().default('') })).min(1),
    }),
  ),
});
