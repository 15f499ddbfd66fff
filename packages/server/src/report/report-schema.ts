// The shape of `reports:` in definition files: a ReportConnector report prints the rows of one GetConnector as a
// PDF table (PROTOCOL.md 7). Shape only: the GetConnector, fields, filter and order are resolved by report-compile.ts.

import { z } from 'zod';
import { connectorId } from '../definitions/names.ts';
import { fixedFilterSchema, labelSchema } from '../definitions/schema-parts.ts';

/** The most rows a report may print: a call renders at most this many, whatever its definition or filter. */
export const MAX_REPORT_ROWS = 10_000;

/** A GetConnector field id (the `id` clients filter and sort on). */
const fieldId = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const reportColumnSchema = z.union([
  fieldId,
  z.object({
    field: fieldId,
    /** The heading; the GetConnector field's label when absent. */
    label: labelSchema.optional(),
    /** The column's share of the page width, relative to the others; derived from the field's length when absent. */
    width: z.number().positive().max(100).optional(),
  }),
]);

export const reportSchema = z.object({
  /** The id in `GET /ReportConnector/{reportId}`. */
  id: connectorId,
  description: labelSchema,
  /** The heading printed on the first page and the document's title; the description when absent. */
  title: labelSchema.optional(),
  /** The GetConnector whose rows the report prints; a token runs the report only if it may read this connector. */
  getConnector: connectorId,
  columns: z.array(reportColumnSchema).min(1).max(20),
  /** A heading row each time this field's value changes (the rows are sorted on it first). */
  groupBy: fieldId.optional(),
  /** AND-ed with the GetConnector's own fixed filter and the caller's filters; over the GetConnector's field ids. */
  filter: fixedFilterSchema.optional(),
  /** `Field` or `-Field` (descending), as `orderbyfieldids`. */
  orderBy: z.array(z.string().regex(/^-?[A-Za-z0-9_-]+$/)).default([]),
  /** The most rows printed; a call with more matches prints these and says that the list was cut. */
  rowLimit: z.number().int().positive().max(MAX_REPORT_ROWS).default(1000),
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
});

export type ReportDefinition = z.infer<typeof reportSchema>;
export type ReportColumnDefinition = z.infer<typeof reportColumnSchema>;
