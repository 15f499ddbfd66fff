// The compiled form of a definition set: what every request stage reads. Built once at start by compile.ts;
// immutable afterwards, so metainfo and the endpoints cannot drift apart.

import type { DataType, Filter } from '@appconnector/protocol';
import type { RawBuilder } from 'kysely';
import type { FileRegistry } from '../files/file-definitions.ts';
import type { ReportRegistry } from '../report/report-compile.ts';
import type { CompiledUpdateConnector } from '../write/compile-update.ts';
import type { LocalText } from './labels.ts';
import type { TableDefinition } from './schema.ts';

/** A field as a GetConnector exposes it: its row key, its collection code, its type and its SQL expression. */
export interface ReadField {
  id: string;
  fieldId: string;
  dataType: DataType;
  label: LocalText;
  length: number;
  decimals: number;
  controlType: number;
  /** The value's SQL expression over the collection's table aliases (identifiers from definitions only). */
  sql: RawBuilder<unknown>;
  /** True when the field is text read straight from a column (so it may hold the empty string). */
  text: boolean;
  /** The table aliases the expression reads: a filter or sort on it needs those joins. */
  aliases: readonly string[];
}

export interface SourceJoin {
  table: string;
  alias: string;
  type: 'inner' | 'left';
  on: [string, string][];
  /** The joined table's primary key columns. */
  primaryKey: readonly string[];
  /**
   * Not on a primary or unique key of the joined table: one base row may come out several times. A left join that
   * does not repeat rows drops none either, so a query that only finds and orders rows may leave it out.
   */
  repeats: boolean;
}

/** One branch of a union source: its table and, per union column in order, the expression it reads. */
export interface UnionBranch {
  table: string;
  columns: readonly { name: string; sql: RawBuilder<unknown> }[];
}

export interface ReadSource {
  /** The base table; for a union, a name for messages only. */
  table: string;
  alias: string;
  primaryKey: readonly string[];
  /**
   * The key is one int column the database numbers (autoIncrement): always an integer, so an unsorted long read can
   * be split by its ranges (read/read-chunks.ts, stripes).
   */
  numberedKey: boolean;
  joins: SourceJoin[];
  /** The base is these tables' rows as one (UNION ALL), under `alias`. */
  union?: readonly UnionBranch[];
}

export interface CompiledGetConnector {
  id: string;
  description: LocalText;
  blocked: boolean;
  collection: string;
  source: ReadSource;
  /** In row order. */
  fields: ReadField[];
  byId: ReadonlyMap<string, ReadField>;
  /** Every field of the collection by its code, for fixed filters (their `id` is the code). */
  collectionFields: ReadonlyMap<string, ReadField>;
  fixedFilter: Filter;
  /** Renders one database row (columns in `fields` order) as the JSON text of a response row. */
  renderRow: (row: readonly unknown[]) => string;
}

export interface Registry {
  tables: ReadonlyMap<string, TableDefinition>;
  getConnectors: ReadonlyMap<string, CompiledGetConnector>;
  /** UpdateConnectors compiled by the write path (write/compile-update.ts), keyed by id. */
  updateConnectors: ReadonlyMap<string, CompiledUpdateConnector>;
  /** Where SubjectConnector, FileConnector and ImageConnector find files (files/file-definitions.ts). */
  files: FileRegistry;
  /** What ReportConnector prints (report/report-compile.ts), keyed by report id. */
  reports: ReportRegistry;
}
