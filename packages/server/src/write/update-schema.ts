// The shape of an UpdateConnector in definition files (`updateConnectors:`): an object tree mapped onto tables.
// Shape only: compile-update.ts resolves tables, columns, links and rules; nothing here looks at other definitions.

import { z } from 'zod';
import { connectorId, identifier } from '../definitions/names.ts';

const code = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const label = z.union([z.string(), z.object({ en: z.string(), nl: z.string() })]);
const dataType = z.enum(['string', 'int', 'decimal', 'date', 'boolean', 'blob']);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** Pairs of column names, `{ from: to }`. */
const columnMap = z.record(identifier, identifier);

export const writeActions = ['insert', 'update', 'delete'] as const;
export type WriteAction = (typeof writeActions)[number];

export const updateFieldSchema = z.object({
  /** The catalogue's field code, e.g. `LaNm`, or a custom field's `U` + 32 hex. */
  fieldId: code,
  /** The column of the object's table. Absent: a control field (MatchPer, AutoNum) that rules read; not stored. */
  column: identifier.optional(),
  /** As the catalogue has it; a `string` field on a `blob` column carries base64 (FileStream). */
  dataType,
  /** Maximum length of text; the column's length when absent. */
  length: z.number().int().min(0).optional(),
  /** Digits after the point; the column's when absent. */
  decimals: z.number().int().min(0).max(10).optional(),
  /** Must be given on insert (a not-null column without a default is mandatory anyway) and never cleared. */
  mandatory: z.boolean().default(false),
  /**
   * What metainfo says when it differs from `mandatory`: a field the documentation lists as required that Profit
   * fills itself when absent (AutoNum, BcCo of a person), so the server does not demand it.
   */
  mandatoryInMetainfo: z.boolean().optional(),
  notzero: z.boolean().default(false),
  /** The value on insert when the element leaves the field out: a literal, or `$today`, `$now`, `$fileId`. */
  default: scalar.optional(),
  /** The code table: a value must be one of these ids. */
  values: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), description: label })).optional(),
  label,
  /** 1 plain text, 5 code/number, 23 memo; derived from the type when absent. */
  controlType: z.number().int().optional(),
  /** Shown as primaryKey in metainfo. */
  primaryKey: z.boolean().default(false),
  /** The value must exist in that column of that table (referenceMissing otherwise). */
  references: z.object({ table: identifier, column: identifier }).optional(),
});

export const updateKeySchema = z.object({
  /** The key attribute without its `@` (`SbId` for `@SbId`); it may also come in Fields under the same name. */
  attribute: code,
  column: identifier,
  /** autonumber: the database numbers the column; sequence: max+1 (within the parent); client: the caller sends it. */
  generate: z.enum(['autonumber', 'sequence', 'client']).default('client'),
  /** For a numbering shared with other objects (BcCo over persons and organisations): the table that holds it. */
  sequenceTable: identifier.optional(),
  /** A boolean field that asks for a new number (KnPerson's AutoNum); without one, a missing value is numbered. */
  autoNumberField: code.optional(),
  /** Metainfo label when no field of the same id describes the key. */
  label: label.optional(),
});

/** A table every record of the object also has a row in, which numbers it (kn_basic_contact for persons). */
export const updateBaseSchema = z.object({
  table: identifier,
  /** `base column: object column`: the key the base row gets (numbered there) and the object row repeats. */
  key: columnMap,
  /** Object columns kept the same in the base row (written on insert and update). */
  copy: z.array(identifier).default([]),
  /** Base columns with fixed values on insert (the kind of record: `type: P`). */
  set: z.record(identifier, scalar).default({}),
});

export const updateObjectSchema = z.object({
  /** The object's name in bodies and metainfo (`KnSubject`, `AfasEmployee`). */
  name: code,
  table: identifier,
  /** What elements of this object may do; DELETE URLs need `delete`. */
  verbs: z.array(z.enum(writeActions)).default(['insert', 'update']),
  keys: z.array(updateKeySchema).default([]),
  /** Other field ids that may identify records in a DELETE URL (`FiEntryPar/UnId,JoCo/1,73`). */
  lookup: z.array(code).default([]),
  /** `parent column: child column`: the child row carries the parent's key (lines of an order). */
  parentKey: columnMap.optional(),
  /** `parent column: child column`: the parent row points at the child (its address, its person); one per parent. */
  parentRef: columnMap.optional(),
  /** At most one record per parent: written without a key, found through the link. */
  single: z.boolean().default(false),
  /** Must be present when its parent is inserted (the person of a new employee). */
  required: z.boolean().default(false),
  base: updateBaseSchema.optional(),
  /** `column: value` set on insert when no field gives the column a value. */
  defaults: z.record(identifier, scalar).default({}),
  /**
   * Field ids (or key attributes) an element of this object must give when it updates a record (PUT, or a nested
   * update): the catalogue's `mandatoryOnPut` for the object's path. Fields mandatory on insert are not required on
   * update unless listed here.
   */
  mandatoryOnPut: z.array(code).default([]),
  /** Field ids answered in the results when the object has no key attributes (FiEntryPar). */
  results: z.array(code).optional(),
  /** Connector rules (rules/index.ts) applied to every record of this object. */
  rules: z.array(z.string()).default([]),
  fields: z.array(updateFieldSchema).default([]),
  // Typed by hand: inferring a recursive getter depends on the order the checker meets files in.
  get objects(): z.ZodDefault<z.ZodArray<typeof updateObjectSchema>> {
    return z.array(updateObjectSchema).default([]);
  },
});

export const updateConnectorSchema = z.object({
  id: connectorId,
  description: label,
  /** Rules applied to the root object, as if listed there. */
  rules: z.array(z.string()).default([]),
  /** The HTTP verbs the connector takes for its root (`post` inserts, `put` updates); the other one is refused. */
  verbs: z.array(z.enum(['post', 'put'])).default(['post', 'put']),
  /**
   * PUT stores the record when none matches its keys (an upsert) instead of refusing it: for connectors that only
   * update records Profit made elsewhere (FiInvoice), which a server without those records could never take.
   */
  putUpserts: z.boolean().default(false),
  /** The body's top object; its name may differ from the id (KnEmployee's is AfasEmployee). */
  rootObject: updateObjectSchema,
});

export type UpdateFieldDefinition = z.infer<typeof updateFieldSchema>;
export type UpdateKeyDefinition = z.infer<typeof updateKeySchema>;
export type UpdateObjectDefinition = z.infer<typeof updateObjectSchema>;
export type UpdateConnectorDefinition = z.infer<typeof updateConnectorSchema>;
