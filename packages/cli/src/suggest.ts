// "Did you mean" for names a user types: connectors and fields. The server answers as AFAS does ("not supported",
// "field not found"); the CLI adds the nearest names the token may use, read from metainfo after the failure.

import { type AfasClient, AfasError } from '@appconnector/client';
import { distance } from 'fastest-levenshtein';
import { CliError } from './output.ts';

/** The known names closest to a mistyped one: the same in other case first, then up to a third of its letters apart. */
export function nearest(wanted: string, known: Iterable<string>, max = 3): string[] {
  const names = [...new Set(known)];
  const lower = wanted.toLowerCase();
  const sameCase = names.filter((name) => name.toLowerCase() === lower);
  if (sameCase.length > 0) return sameCase;
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const near = names
    .map((name) => ({ name, d: distance(lower, name.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .map(({ name }) => name);
  const containing = names.filter((n) => lower.length >= 3 && n.toLowerCase().includes(lower) && !near.includes(n));
  return [...near, ...containing].slice(0, max);
}

/** `; did you mean 'A' or 'B'?`, or nothing when nothing is near. */
export function didYouMean(wanted: string, known: Iterable<string>): string {
  const found = nearest(wanted, known);
  return found.length === 0 ? '' : `; did you mean ${found.map((s) => `'${s}'`).join(' or ')}?`;
}

/**
 * After a read failed: when the server said the connector is not supported or a field was not found, the same
 * error with the nearest names the token may use. Anything else, or a failure while asking, leaves it as it was.
 */
export async function withSuggestions(client: AfasClient, connector: string, error: unknown): Promise<unknown> {
  if (!(error instanceof AfasError)) return error;
  const field = /field '([^']+)' not found|veld '([^']+)' niet gevonden/i.exec(error.message);
  const notSupported = /GetConnector (not supported|wordt niet ondersteund)/i.test(error.message);
  if (!field && !notSupported) return error;
  try {
    if (notSupported) {
      const ids = (await client.metainfo()).getConnectors.map((c) => c.id);
      const hint = didYouMean(connector, ids);
      if (hint) error.message = `${error.message} (GetConnector '${connector}'${hint})`;
    } else {
      const wanted = (field![1] ?? field![2])!;
      const ids = (await client.describeGet(connector)).fields.map((f) => f.id);
      const hint = didYouMean(wanted, ids);
      if (hint) error.message = `${error.message} (${connector} has no field '${wanted}'${hint})`;
    }
  } catch {
    // The suggestion is a courtesy: the original error is what counts.
  }
  return error;
}

export function unknownNameError(what: string, wanted: string, known: Iterable<string>, exitCode: number): CliError {
  return new CliError(`${what} '${wanted}'${didYouMean(wanted, known)}`, exitCode);
}
