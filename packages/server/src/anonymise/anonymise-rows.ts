// Turns a table's personal columns into a function that replaces their values in a row (an array in the table's
// column order) with fakes. Knows the rule table's kinds and the fakes; never reads or writes a database.

import type { TableDefinition } from '../definitions/schema.ts';
import { type Anonymiser, placeholderMimeType } from './fake-values.ts';
import type { PersonalKind } from './personal-columns.ts';

export type RowAnonymiser = (row: unknown[]) => void;

/** Undefined when the table holds nothing personal (its rows are copied as they are). */
export function rowAnonymiser(
  table: TableDefinition,
  columns: readonly string[],
  kinds: ReadonlyMap<string, PersonalKind>,
  anonymiser: Anonymiser,
): RowAnonymiser | undefined {
  const plan = columns.flatMap((name, index) => {
    const kind = kinds.get(name);
    if (!kind) return [];
    const column = table.columns.find((c) => c.name === name)!;
    return [{ index, kind, length: column.length }];
  });
  if (plan.length === 0) return undefined;
  const values = plan.filter((p) => p.kind !== 'fileSize' && p.kind !== 'mimeType');
  const file = plan.find((p) => p.kind === 'picture' || p.kind === 'attachment');
  const size = plan.find((p) => p.kind === 'fileSize');
  const mime = plan.find((p) => p.kind === 'mimeType');
  return (row) => {
    for (const { index, kind, length } of values) row[index] = anonymiser.fake(kind, row[index], length);
    const bytes = file && row[file.index];
    if (!(bytes instanceof Uint8Array)) return;
    if (size && row[size.index] !== null) row[size.index] = bytes.length;
    if (mime && row[mime.index] !== null) row[mime.index] = placeholderMimeType(bytes);
  };
}
