// The DELETE path of an UpdateConnector record: /connectors/{id}/{Object}/{keys}/{values}, repeated for nested objects.
// Must not perform the request: the client sends it. Values are percent-encoded here, and nowhere else.

import { type FilterValue, valueText } from './filter-builder.ts';
import { segment } from './urls.ts';

/** One level of the path: the object and its key values, e.g. `{ object: 'KnSubject', keys: { '@SbId': 5 } }`. */
export interface DeleteTarget {
  object: string;
  /** Key names as AFAS writes them (`@SbId`; the `@` may be left out, the server accepts both); order is kept. */
  keys: Record<string, FilterValue>;
}

/** `@` is kept readable in key names; everything else special is encoded, `,` included since it separates keys. */
function keyName(name: string): string {
  return encodeURIComponent(name).replace(/%40/g, '@');
}

function isList(targets: DeleteTarget | readonly DeleteTarget[]): targets is readonly DeleteTarget[] {
  return Array.isArray(targets);
}

export function deletePath(connectorId: string, targets: DeleteTarget | readonly DeleteTarget[]): string {
  const levels: readonly DeleteTarget[] = isList(targets) ? targets : [targets];
  if (levels.length === 0) throw new TypeError('delete needs at least one object with keys');
  const parts = [`/connectors/${segment(connectorId)}`];
  for (const { object, keys } of levels) {
    const entries = Object.entries(keys);
    if (object === '' || entries.length === 0) {
      throw new TypeError(`delete: object '${object}' needs a name and at least one key`);
    }
    parts.push(segment(object));
    parts.push(entries.map(([name]) => keyName(name)).join(','));
    parts.push(entries.map(([, value]) => encodeURIComponent(valueText(value))).join(','));
  }
  return parts.join('/');
}
