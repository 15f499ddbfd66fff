// Per-table row buffers that turn a stream of demo rows into batches, emitting a table's parents before it.
// Holds about one batch per table; must not reorder rows within a table or know what the rows contain.

import type { DemoBatch, DemoRow } from './demo-tables.ts';

export class BatchSink {
  private readonly buffers = new Map<string, DemoRow[]>();
  /** Tables whose buffer reached the batch size since the last flushFull. */
  private readonly full: string[] = [];

  /**
   * @param parents for each table, the tables its rows reference; the key order is a valid load order.
   * @param batchSize the largest batch emitted.
   */
  constructor(
    private readonly parents: Readonly<Record<string, readonly string[]>>,
    private readonly batchSize: number,
  ) {
    for (const table of Object.keys(parents)) this.buffers.set(table, []);
  }

  /** Buffers a row. Callers add an entity's rows parents first, then call flushFull. */
  add(table: string, row: DemoRow): void {
    const buffer = this.buffers.get(table);
    if (buffer === undefined) throw new Error(`demo table '${table}' has no declared parents`);
    if (buffer.push(row) === this.batchSize) this.full.push(table);
  }

  /** Emits the tables whose buffers are full (a buffer may pass the batch size by the rows of one entity). */
  *flushFull(): Generator<DemoBatch> {
    while (this.full.length > 0) {
      const table = this.full.shift()!;
      if ((this.buffers.get(table)?.length ?? 0) >= this.batchSize) yield* this.flush(table);
    }
  }

  /**
   * Emits the table's buffered rows in batches of at most batchSize, after first emitting whatever is buffered
   * for its parents (recursively): a row only references rows added before it, so those are then already out.
   */
  *flush(table: string): Generator<DemoBatch> {
    for (const parent of this.parents[table] ?? []) {
      if ((this.buffers.get(parent)?.length ?? 0) > 0) yield* this.flush(parent);
    }
    const rows = this.buffers.get(table);
    if (rows === undefined || rows.length === 0) return;
    this.buffers.set(table, []);
    if (rows.length <= this.batchSize) {
      yield { table, rows };
      return;
    }
    for (let i = 0; i < rows.length; i += this.batchSize) yield { table, rows: rows.slice(i, i + this.batchSize) };
  }

  *flushAll(): Generator<DemoBatch> {
    for (const table of Object.keys(this.parents)) yield* this.flush(table);
    this.full.length = 0;
  }
}
