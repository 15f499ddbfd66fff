// The schema of definition files (YAML or JSON): tables, data collections, GetConnectors, UpdateConnectors, file
// endpoints, reports. Validation of shape only; cross-references and the database are checked by compile.ts.

import { z } from 'zod';
import { type FileConnectorDefinition, fileConnectorSchema } from '../files/file-schema.ts';
import { type ReportDefinition, reportSchema } from '../report/report-schema.ts';
import { type UpdateConnectorDefinition, updateConnectorSchema } from '../write/update-schema.ts';
import { connectorId, identifier } from './names.ts';
import { fixedFilterSchema, labelSchema } from './schema-parts.ts';

export { fixedFilterSchema, labelSchema };

const dataType = z.enum(['string', 'int', 'decimal', 'date', 'boolean', 'blob']);

export const columnSchema = z.object({
  name: identifier,
  type: dataType,
  /** Maximum length of text; checked by writes, used for VARCHAR on PostgreSQL. */
  length: z.number().int().positive().optional(),
  /** Digits after the point for decimals. */
  decimals: z.number().int().min(0).max(10).optional(),
  nullable: z.boolean().default(true),
  /** Only for a single-column int primary key: the database numbers new rows. */
  autoIncrement: z.boolean().default(false),
});

export const tableSchema = z.object({
  // ac_ names are the server's own tables in an environment (ac_numbering).
  name: identifier.refine((name) => !/^ac_/i.test(name), 'names starting with ac_ are reserved for the server'),
  primaryKey: z.array(identifier).min(1),
  columns: z.array(columnSchema).min(1),
  unique: z.array(z.array(identifier).min(1)).default([]),
  indexes: z.array(z.array(identifier).min(1)).default([]),
  /** Columns the write path keeps up to date on every insert/update (PROTOCOL.md 5, last line). */
  audit: z
    .object({
      createdAt: identifier.optional(),
      createdBy: identifier.optional(),
      modifiedAt: identifier.optional(),
      modifiedBy: identifier.optional(),
    })
    .default({}),
});

/** A field id as rows, filters and sorting name it; AFAS's own ids hold `.` too (`A_Toev_Huisnr.`). */
const fieldCode = z.string().regex(/^[A-Za-z0-9_.-]+$/);

/** `alias.column`: a column of the collection's base table or of one of its joins. */
const columnRef = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/, 'must be alias.column');

export const collectionFieldSchema = z
  .object({
    /** The internal field code (metainfo `fieldId`), e.g. `EmId` or a custom `U` + 32 hex. */
    fieldId: fieldCode,
    /** Where the value comes from: one column ... */
    column: columnRef.optional(),
    /** ... or text joined from columns and literals (`{ col: 'a.b' }` or a literal string); nulls count as ''. */
    concat: z
      .array(z.union([z.string(), z.object({ col: columnRef }), z.object({ coalesce: z.array(columnRef).min(2) })]))
      .optional(),
    /**
     * ... or one value for every row, where the company keeps no such data (a standard GetConnector's field that
     * the demo has no column for): null, or a text, number or boolean of the field's type.
     */
    constant: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    /** ... or the first of these columns (of the field's type) that is not null: a value one of several joins has. */
    coalesce: z.array(columnRef).min(2).optional(),
    dataType,
    label: labelSchema,
    length: z.number().int().min(0).optional(),
    decimals: z.number().int().min(0).max(10).default(0),
    /** 1 plain text, 5 code/number, 23 memo (PROTOCOL.md 4); derived from dataType when absent. */
    controlType: z.number().int().optional(),
  })
  .refine((f) => [f.column, f.concat, f.constant, f.coalesce].filter((v) => v !== undefined).length === 1, {
    message: 'a field needs exactly one of column, concat, constant or coalesce',
  });

export const joinSchema = z.object({
  table: identifier,
  as: identifier,
  type: z.enum(['inner', 'left']).default('left'),
  /** Pairs of `alias.column` that must be equal. */
  on: z.array(z.tuple([columnRef, columnRef])).min(1),
});

/**
 * Rows of several tables as one (UNION ALL): each branch names, for every column of the union, the column of its
 * table it reads or null. The union's key is `ac_branch` (the branch's position) and `primaryKey`, unique within a
 * branch. For records of one kind kept in several tables (debtors that are organisations or persons).
 */
export const unionSchema = z.object({
  as: identifier,
  union: z.array(z.object({ table: identifier, columns: z.record(identifier, identifier.nullable()) })).min(2),
  primaryKey: z.array(identifier).min(1),
});

export const collectionSchema = z.object({
  id: connectorId,
  label: labelSchema,
  from: z.union([z.object({ table: identifier, as: identifier }), unionSchema]),
  joins: z.array(joinSchema).default([]),
  fields: z.array(collectionFieldSchema).min(1),
});

export const getConnectorSchema = z.object({
  id: connectorId,
  description: labelSchema,
  collection: connectorId,
  blocked: z.boolean().default(false),
  /** The fields clients see, in row order: `id` is the key in rows/filters/sorting, `fieldId` the collection's code. */
  fields: z.array(z.object({ id: fieldCode, fieldId: z.string(), label: labelSchema.optional() })).min(1),
  filter: fixedFilterSchema.optional(),
});

/** UpdateConnectors, file endpoints and reports are declared in the same files; their schemas live with their paths. */
export const definitionFileSchema = z.object({
  tables: z.array(tableSchema).default([]),
  collections: z.array(collectionSchema).default([]),
  getConnectors: z.array(getConnectorSchema).default([]),
  updateConnectors: z.array(updateConnectorSchema).default([]),
  fileConnectors: z.array(fileConnectorSchema).default([]),
  reports: z.array(reportSchema).default([]),
  /**
   * Serve AFAS's published catalogue with these definitions: hand-written UpdateConnectors held to it, and every
   * catalogue connector nobody wrote generated (src/catalogue/). Any file of a set may say so; copies keep it.
   */
  catalogue: z.boolean().optional(),
  /**
   * GetConnectors blocked without being written in a file (those generated from the catalogue): they answer `This
   * GetConnector (definition) is blocked` (`appconnector definitions block` writes this list).
   */
  blockedGetConnectors: z.array(connectorId).default([]),
});

export type Label = z.infer<typeof labelSchema>;
export type ColumnDefinition = z.infer<typeof columnSchema>;
export type TableDefinition = z.infer<typeof tableSchema>;
export type CollectionFieldDefinition = z.infer<typeof collectionFieldSchema>;
export type CollectionDefinition = z.infer<typeof collectionSchema>;
export type UnionDefinition = z.infer<typeof unionSchema>;
export type GetConnectorDefinition = z.infer<typeof getConnectorSchema>;
export type DefinitionFile = z.infer<typeof definitionFileSchema>;

/** All definition files of a set, merged. */
export interface DefinitionSet {
  tables: TableDefinition[];
  collections: CollectionDefinition[];
  getConnectors: GetConnectorDefinition[];
  updateConnectors: UpdateConnectorDefinition[];
  /** Optional so that sets built by hand (tests, tools) need not name it; no entry serves no files. */
  fileConnectors?: FileConnectorDefinition[];
  /** ReportConnector reports; optional like fileConnectors. */
  reports?: ReportDefinition[];
  /** True when a file of the set asks for the catalogue (`catalogue: true`). */
  catalogue?: boolean;
  /** GetConnectors blocked by id (`blockedGetConnectors:`), written ones and generated ones alike. */
  blockedGetConnectors?: string[];
}
