// Compiles `reports:` into what ReportConnector runs: the GetConnector, its columns, grouping, fixed filter and order
// resolved and checked at start, failing fast with a DefinitionError that names the report. Builds no SQL.

import { CodedError, type Filter } from '@appconnector/protocol';
import { type LocalText, localText } from '../definitions/labels.ts';
import { DefinitionError } from '../definitions/load.ts';
import type { CompiledGetConnector, ReadField } from '../definitions/registry.ts';
import { planRead } from '../read/read-plan.ts';
import type { OrderTerm } from '../read/read-request.ts';
import type { ReportDefinition } from './report-schema.ts';

export interface ReportColumn {
  field: ReadField;
  /** Where the field's value stands in a row of the GetConnector (its `fields` order, as read-sql selects them). */
  index: number;
  label: LocalText;
  /** The column's share of the page width, relative to the others. */
  width: number;
}

export interface CompiledReport {
  id: string;
  description: LocalText;
  title: LocalText;
  getConnector: string;
  columns: readonly ReportColumn[];
  groupBy: { field: ReadField; index: number } | undefined;
  /** The report's own filter, over the GetConnector's field ids; the caller's filters are AND-ed with it. */
  filter: Filter;
  /** The group field first, then the definition's order. */
  orderBy: readonly OrderTerm[];
  rowLimit: number;
  orientation: 'portrait' | 'landscape';
}

export type ReportRegistry = ReadonlyMap<string, CompiledReport>;

/** Text wide enough for its length, within bounds: a 255-character memo must not squeeze every other column away. */
function defaultWidth(field: ReadField): number {
  if (field.dataType === 'date') return 10;
  if (field.dataType === 'boolean') return 5;
  if (field.dataType === 'int' || field.dataType === 'decimal') return 8;
  return Math.min(Math.max(field.length || 20, 6), 30);
}

function parseOrder(terms: readonly string[]): OrderTerm[] {
  return terms.map((term) =>
    term.startsWith('-') ? { field: term.slice(1), desc: true } : { field: term, desc: false },
  );
}

function compileReport(definition: ReportDefinition, getConnectors: ReadonlyMap<string, CompiledGetConnector>) {
  const fail = (message: string): never => {
    throw new DefinitionError(`report '${definition.id}': ${message}`);
  };
  const connector =
    getConnectors.get(definition.getConnector) ?? fail(`GetConnector '${definition.getConnector}' is not defined`);
  const fieldOf = (id: string, role: string) => {
    const field = connector.byId.get(id) ?? fail(`${role} '${id}' is not a field of ${connector.id}`);
    if (field.dataType === 'blob') fail(`${role} '${id}' is a blob: a report prints text`);
    return { field, index: connector.fields.indexOf(field) };
  };
  const columns = definition.columns.map((column): ReportColumn => {
    const { field: id, label, width } = typeof column === 'string' ? { field: column } : column;
    const { field, index } = fieldOf(id, 'column');
    return { field, index, label: label ? localText(label) : field.label, width: width ?? defaultWidth(field) };
  });
  const groupBy = definition.groupBy === undefined ? undefined : fieldOf(definition.groupBy, 'groupBy');
  const own = parseOrder(definition.orderBy);
  const orderBy = groupBy ? [{ field: groupBy.field.id, desc: false }, ...own] : own;
  const filter: Filter = definition.filter ?? { or: [] };
  // The read plan checks the filter and order exactly as a request's: unknown fields, values not of the field's
  // type and operators not for it stop start-up here instead of failing every call.
  try {
    planRead(
      { connectorId: connector.id, skip: 0, take: 1, all: false, orderBy, filter },
      { ...connector, blocked: false },
      () => true,
    );
  } catch (error) {
    if (error instanceof CodedError) fail(`filter or orderBy: ${error.localized('en')}`);
    throw error;
  }
  const description = localText(definition.description);
  return {
    id: definition.id,
    description,
    title: definition.title ? localText(definition.title) : description,
    getConnector: connector.id,
    columns,
    groupBy,
    filter,
    orderBy,
    rowLimit: definition.rowLimit,
    orientation: definition.orientation,
  };
}

export function compileReports(
  definitions: readonly ReportDefinition[],
  getConnectors: ReadonlyMap<string, CompiledGetConnector>,
): ReportRegistry {
  const reports = new Map<string, CompiledReport>();
  for (const definition of definitions) {
    if (reports.has(definition.id)) throw new DefinitionError(`report '${definition.id}' is defined twice`);
    reports.set(definition.id, Object.freeze(compileReport(definition, getConnectors)));
  }
  return reports;
}
