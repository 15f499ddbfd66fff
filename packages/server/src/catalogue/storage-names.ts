// Where a catalogue connector without hand-written storage keeps its records: table and column names derived from
// the connector id, the object path and the field id, so the write path, GetConnector collections and tools agree
// without a lookup. Pure; the names are plain SQL identifiers (definitions/names.ts) within PostgreSQL's 63 bytes.

import { createHash } from 'node:crypto';

/** PostgreSQL truncates longer identifiers silently; two long names could then meet. */
const MAX_IDENTIFIER = 63;

/** The columns every generated table has besides one column per catalogue field. */
export const CATALOGUE_COLUMNS = {
  /** The record's own number, given by the database. */
  id: 'ac_id',
  /** The parent record's `ac_id` (nested objects only). */
  parentId: 'ac_parent_id',
  createdAt: 'ac_created_at',
  createdBy: 'ac_created_by',
  modifiedAt: 'ac_modified_at',
  modifiedBy: 'ac_modified_by',
} as const;

/** The name itself when it fits PostgreSQL's identifiers, else its head and a hash of the whole (mirror/ too). */
export function shortened(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER - 9)}_${hash}`;
}

/**
 * `g_` + connector id, then the names of the objects below the root object, lower case and `_`-joined:
 * HrAbsence's root is `g_hrabsence`, HrIllness' HrAbsIllnessProgress `g_hrillness_hrabsillnessprogress`.
 */
export function catalogueTableName(connectorId: string, objectsBelowRoot: readonly string[] = []): string {
  const parts = [connectorId, ...objectsBelowRoot].map((part) => part.toLowerCase().replace(/[^a-z0-9_]/g, '_'));
  return shortened(`g_${parts.join('_')}`);
}

/** Names PostgreSQL gives every table's hidden columns: a column may not be called so (`CtId` is a field id). */
const POSTGRES_SYSTEM_COLUMNS = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid', 'oid']);

/**
 * A catalogue field's column: its field id in lower case (`DaBe` -> `dabe`), with `_` after the names PostgreSQL
 * keeps for itself (`CtId` -> `ctid_`); ids never start with `ac_`.
 */
export function catalogueColumnName(fieldId: string): string {
  const name = fieldId.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return shortened(POSTGRES_SYSTEM_COLUMNS.has(name) ? `${name}_` : name);
}
