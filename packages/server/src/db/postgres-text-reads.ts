// Reads whose rows PostgreSQL writes as answer text (read/postgres-row-text.ts), for reads the read compiler made
// (their columns are known) with decimals as Profit 7 writes them. A 1,000,000-row export: the server's CPU 14.8-15.7
// -> 4.9-6.1 s, the backend's 13 -> 21 s, 25.2-25.7 -> 19.3-22.7 s (docs/performance.md). A read whose text SQL
// PostgreSQL refuses (a type the definitions did not promise) is rendered in JavaScript from then on.

import type { DatabaseError } from 'pg';
import { hasMarks, type MarkedParsers, postgresRowTextSql, writeMarked } from '../read/postgres-row-text.ts';
import { type RenderingSpec, type RowRendering, renderBatch } from '../read/row-renderer.ts';
import type { BoundQuery, RenderedRows } from './database.ts';

/** Text SQL kept per rendering: as many reads as the statement cache holds shapes. */
const KEPT = 1000;

export interface TextRead {
  /** The read with each row's text first, then the read's extra columns. */
  query: BoundQuery;
  /** The rows of `read` (the text query) as a rendered batch; `fallback` where PostgreSQL refused its SQL. */
  batch(read: () => Promise<unknown[][]>, fallback: () => Promise<RenderedRows>): Promise<RenderedRows>;
  /** The same for a stream of batches. */
  batches(
    stream: AsyncIterable<unknown[][]>,
    fallback: () => AsyncIterable<RenderedRows>,
  ): AsyncGenerator<RenderedRows>;
}

/** SQLSTATE class 42 (a function or cast that does not exist for a column's type): the SQL, not the data. */
function refusedSql(error: unknown): boolean {
  return typeof (error as DatabaseError).code === 'string' && (error as DatabaseError).code!.startsWith('42');
}

/** `APPCONNECTOR_PG_ROW_TEXT=off`: every row rendered in JavaScript, as before (for comparing the two). */
export function postgresTextReads(parsers: MarkedParsers, off = process.env.APPCONNECTOR_PG_ROW_TEXT === 'off') {
  /**
   * Per rendering (kept per connector by rowRenderingFor) and read: its text SQL, or null once PostgreSQL refused it.
   * Two levels, so that a page looks up its read's SQL text, whose hash V8 keeps, not a new string of both.
   */
  const known = new WeakMap<RenderingSpec, Map<string, string | null>>();
  const textOf = (row: readonly unknown[]) => {
    const text = row[0] as string;
    return hasMarks(text) ? writeMarked(text, parsers) : text;
  };

  return {
    of(query: BoundQuery, rendering: RowRendering): TextRead | undefined {
      if (off) return undefined;
      const { columns } = query;
      const { spec } = rendering;
      if (!columns || columns.fields !== spec.fields.length || spec.decimals !== 'json') return undefined;
      let reads = known.get(spec);
      if (!reads) {
        reads = new Map();
        known.set(spec, reads);
      }
      let sql = reads.get(query.sql);
      if (sql === null) return undefined;
      if (sql === undefined) {
        sql = postgresRowTextSql(spec.fields, query.sql, columns.extra);
        if (reads.size >= KEPT) reads.clear();
        reads.set(query.sql, sql);
      }
      const width = spec.fields.length;
      /** The row as the read gives it (the fields left empty): where a long read goes on. */
      const lastOf = (row: unknown[] | undefined) => row && [...new Array<unknown>(width), ...row.slice(1)];
      const textBatch = (rows: unknown[][]): RenderedRows => ({
        ...renderBatch(rows, textOf),
        last: lastOf(rows.at(-1)),
      });
      const refuse = (error: unknown) => {
        if (!refusedSql(error)) throw error;
        reads.set(query.sql, null);
      };
      return {
        query: { sql, parameters: query.parameters },
        async batch(read, fallback) {
          try {
            return textBatch(await read());
          } catch (error) {
            refuse(error);
            return fallback();
          }
        },
        async *batches(stream, fallback) {
          let given = false;
          try {
            for await (const rows of stream) {
              given = true;
              yield textBatch(rows);
            }
          } catch (error) {
            if (given) throw error;
            refuse(error);
            yield* fallback();
          }
        },
      };
    },
  };
}
