// Plan stage of a read: resolves the request's field ids against the compiled GetConnector, types every filter
// value, adds the fixed filter, and checks the caller may use the connector. No SQL here and no database.

import {
  CodedError,
  type Filter,
  NEGATED_OPERATORS,
  type Operator,
  TEXT_PATTERN_OPERATORS,
} from '@appconnector/protocol';
import type { CompiledGetConnector, ReadField } from '../definitions/registry.ts';
import { coerceFilterValue, refuseUnstorable } from './filter-values.ts';
import type { ReadRequest } from './read-request.ts';

export type PlannedCondition =
  | { kind: 'empty'; field: ReadField; negated: boolean }
  | {
      kind: 'compare';
      field: ReadField;
      op: 'eq' | 'ge' | 'le' | 'gt' | 'lt';
      value: string | number | boolean;
      negated: boolean;
    }
  /** A LIKE pattern over folded text, `%` the only wildcard, already escaped. */
  | { kind: 'like'; fields: ReadField[]; pattern: string; negated: boolean };

/** OR of AND groups, as in the AST; an empty list means no condition. */
export type PlannedFilter = PlannedCondition[][];

export interface ReadPlan {
  connector: CompiledGetConnector;
  /** Every filter must hold: the fixed one of the definition and the client's. */
  filters: PlannedFilter[];
  order: { field: ReadField; desc: boolean }[];
  /** undefined: every row. */
  limit: number | undefined;
  offset: number;
}

/** `_` and `\` match themselves (only `%` is a wildcard, as PROTOCOL.md decides), so they are escaped. */
function likeText(value: string): string {
  return value.toLowerCase().replace(/[\\_]/g, (c) => `\\${c}`);
}

function likePattern(op: Operator, value: string): string {
  const text = likeText(value);
  switch (op) {
    case 'contains':
    case 'notContains':
    case 'quick':
      return `%${text}%`;
    case 'startsWith':
    case 'notStartsWith':
      return `${text}%`;
    case 'endsWith':
    case 'notEndsWith':
      return `%${text}`;
    default:
      return text;
  }
}

const COMPARE: Partial<Record<Operator, 'eq' | 'ge' | 'le' | 'gt' | 'lt'>> = {
  eq: 'eq',
  ne: 'eq',
  ge: 'ge',
  le: 'le',
  gt: 'gt',
  lt: 'lt',
};

function planCondition(
  connector: CompiledGetConnector,
  fields: ReadonlyMap<string, ReadField>,
  condition: { field: string; op: Operator; value: string },
): PlannedCondition {
  const field = fields.get(condition.field);
  if (!field) throw new CodedError('fieldNotFound', { field: condition.field });
  const { op, value } = condition;
  const negated = NEGATED_OPERATORS.has(op);
  if (op === 'empty' || op === 'notEmpty') return { kind: 'empty', field, negated: op === 'notEmpty' };
  refuseUnstorable(field, value);
  if (op === 'quick') {
    const texts = connector.fields.filter((f) => f.dataType === 'string');
    return { kind: 'like', fields: texts, pattern: likePattern(op, value), negated: false };
  }
  if (field.dataType === 'blob')
    throw new CodedError('filterOperatorType', { operator: op, field: field.id, type: field.dataType });
  if (TEXT_PATTERN_OPERATORS.has(op)) {
    if (field.dataType !== 'string')
      throw new CodedError('filterOperatorType', { operator: op, field: field.id, type: field.dataType });
    return { kind: 'like', fields: [field], pattern: likePattern(op, value), negated };
  }
  if (field.dataType === 'string' && (op === 'eq' || op === 'ne') && value.includes('%')) {
    return { kind: 'like', fields: [field], pattern: likePattern(op, value), negated };
  }
  const typed = coerceFilterValue(field, value);
  return {
    kind: 'compare',
    field,
    op: COMPARE[op]!,
    value: typeof typed === 'string' && field.dataType === 'string' ? typed.toLowerCase() : typed,
    negated,
  };
}

function planFilter(
  connector: CompiledGetConnector,
  fields: ReadonlyMap<string, ReadField>,
  filter: Filter,
): PlannedFilter {
  return filter.or.map((group) => group.and.map((condition) => planCondition(connector, fields, condition)));
}

/** Checks rights before anything else is resolved, so an unauthorised caller learns nothing about fields. */
export function planRead(
  request: ReadRequest,
  connector: CompiledGetConnector | undefined,
  allowed: (connectorId: string) => boolean,
): ReadPlan {
  if (!connector || !allowed(request.connectorId)) throw new CodedError('getNotSupported');
  if (connector.blocked) throw new CodedError('getBlocked');
  const order = request.orderBy.map((term) => {
    const field = connector.byId.get(term.field);
    if (!field) throw new CodedError('fieldNotFound', { field: term.field });
    return { field, desc: term.desc };
  });
  const filters = [
    planFilter(connector, connector.collectionFields, connector.fixedFilter),
    planFilter(connector, connector.byId, request.filter),
  ];
  return {
    connector,
    filters: filters.filter((f) => f.length > 0),
    order,
    limit: request.all ? undefined : request.take,
    offset: request.all ? 0 : request.skip,
  };
}
