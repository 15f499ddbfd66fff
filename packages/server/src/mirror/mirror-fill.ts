// Fills the tables of a mirrored environment's GetConnectors with generated rows that fit each field
// (mirror-values.ts). Writes only the mirror's own tables (mirror-definitions.ts); never reads the source.

import { insertRows } from '../db/bulk-insert.ts';
import type { Database } from '../db/database.ts';
import type { MirroredTable } from './mirror-definitions.ts';
import { valueMaker } from './mirror-values.ts';

export interface FillOptions {
  /** Rows per GetConnector. */
  rows: number;
  seed?: number;
  /** Called after every batch with the rows written so far (over all tables). */
  onProgress?: (rows: number) => void;
}

/**
 * Values per batch. insertBatch binds no value per row (PostgreSQL: one array per column; SQLite: one prepared row
 * statement in a transaction), so this bounds only the rows held at once and how often progress is told.
 */
const BATCH_VALUES = 30_000;

/** Writes `rows` generated rows into each table; answers how many it wrote. */
export async function fillMirror(
  db: Database,
  environment: string,
  tables: readonly MirroredTable[],
  options: FillOptions,
): Promise<number> {
  const schema = await db.environmentSchema(environment);
  let written = 0;
  for (const { table, fields } of tables) {
    const makers = fields.map(({ column, field, labelNl }, index) => ({
      column,
      maker: valueMaker(
        {
          id: field.id,
          fieldId: field.fieldId,
          dataType: field.dataType,
          length: field.length,
          decimals: field.decimals,
          labels: [field.label, labelNl],
        },
        options.seed,
        // The first field is the connector's key, mostly: unique per row.
        { key: index === 0, rows: options.rows },
      ),
    }));
    const batch = Math.max(1, Math.floor(BATCH_VALUES / (makers.length + 1)));
    for (let from = 0; from < options.rows; from += batch) {
      const rows: Record<string, unknown>[] = [];
      for (let row = from; row < Math.min(options.rows, from + batch); row++) {
        const values: Record<string, unknown> = { ac_row: row + 1 };
        for (const { column, maker } of makers) values[column] = maker.value(row);
        rows.push(values);
      }
      await insertRows(db, schema, table, rows);
      written += rows.length;
      options.onProgress?.(written);
    }
  }
  return written;
}
