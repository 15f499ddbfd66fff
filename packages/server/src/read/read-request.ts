// Parse stage of a GetConnector read: the raw query string becomes a ReadRequest value. Syntax only: no
// definitions and no database, so it can be tested on strings alone.

import { CodedError, DEFAULT_SKIP, DEFAULT_TAKE, type Filter, parseFilterQuery } from '@appconnector/protocol';

export interface OrderTerm {
  field: string;
  desc: boolean;
}

export interface ReadRequest {
  connectorId: string;
  /** Echoed in the response as asked (or defaulted). */
  skip: number;
  take: number;
  /** `skip=-1&take=-1`: every row, no limit. */
  all: boolean;
  orderBy: OrderTerm[];
  filter: Filter;
}

/** Query parameters with their names lower-cased: AFAS accepts any casing. The first of duplicates wins. */
export function queryParameters(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

function integer(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  if (!/^\s*[+-]?\d{1,15}\s*$/.test(text)) throw new CodedError('pagingInvalid');
  return Number(text);
}

function parsePaging(params: Map<string, string>): { skip: number; take: number; all: boolean } {
  const skip = integer(params.get('skip'), DEFAULT_SKIP);
  const take = integer(params.get('take'), DEFAULT_TAKE);
  if (skip === -1 && take === -1) return { skip, take, all: true };
  if (skip < 0 || take < 0) throw new CodedError('pagingInvalid');
  return { skip, take, all: false };
}

function parseOrder(text: string | undefined): OrderTerm[] {
  if (!text) return [];
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '' && item !== '-')
    .map((item) => (item.startsWith('-') ? { field: item.slice(1).trim(), desc: true } : { field: item, desc: false }));
}

export function parseReadRequest(connectorId: string, rawQuery: string): ReadRequest {
  const params = queryParameters(rawQuery);
  return {
    connectorId,
    ...parsePaging(params),
    orderBy: parseOrder(params.get('orderbyfieldids')),
    filter: parseFilterQuery({
      filterfieldids: params.get('filterfieldids'),
      filtervalues: params.get('filtervalues'),
      operatortypes: params.get('operatortypes'),
      filterjson: params.get('filterjson'),
    }),
  };
}
