// Plan and execute stages of the file endpoints: which sources a token may read, then one bound query per source
// until a file is found. Identifiers come only from compiled definitions; every id from the URL is a bound value.

import { type Expression, type SqlBool, sql } from 'kysely';
import type { Principal } from '../auth/authenticate.ts';
import type { Database } from '../db/database.ts';
import type { Registry } from '../definitions/registry.ts';
import type { FileKey, FileSource } from './file-definitions.ts';
import type { FileEndpoint } from './file-schema.ts';

/**
 * What a URL asks for: the ids in key order, and for FileConnector the file name, each as the spellings it may
 * stand for (file-names.ts: `_5f` decoded and as sent); a stored value equal to any of them matches.
 */
export interface FileLookup {
  endpoint: FileEndpoint;
  ids: readonly (readonly string[])[];
  names?: readonly string[];
}

export interface StoredFile {
  name: string | null;
  mime: string | null;
  data: Buffer;
}

const INT = /^[+-]?\d{1,10}$/;
const INT_LIMIT = 2_147_483_647;

/** The sources of an endpoint the token may read: one of their granting connectors is linked (and not blocked). */
export function readableSources(registry: Registry, principal: Principal, endpoint: FileEndpoint): FileSource[] {
  return registry.files[endpoint].filter(
    (source) =>
      source.grantedBy.update.some((id) => principal.canUpdate(id)) ||
      source.grantedBy.get.some((id) => principal.canGet(id) && registry.getConnectors.get(id)?.blocked === false),
  );
}

/** A URL id as the key column's type, or undefined when it cannot equal any stored value. */
function keyValue(key: FileKey, raw: string): string | number | undefined {
  if (raw === '') return undefined;
  if (key.type === 'string') return raw;
  if (!INT.test(raw)) return undefined;
  const value = Number(raw);
  return Math.abs(value) > INT_LIMIT ? undefined : value;
}

/** The values that can match, each once. */
function distinct(values: readonly (string | number | undefined)[]): (string | number)[] {
  return [...new Set(values.filter((value) => value !== undefined))];
}

/** `expr = v`, or `expr in (v1, v2)` for several spellings; every value bound. */
function oneOf(expression: Expression<unknown>, values: readonly (string | number)[]): Expression<SqlBool> {
  if (values.length === 1) return sql<SqlBool>`${expression} = ${values[0]}`;
  return sql<SqlBool>`${expression} in (${sql.join(values.map((value) => sql`${value}`))})`;
}

function asBuffer(value: unknown): Buffer | undefined {
  if (value === null || value === undefined) return undefined;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

async function findIn(
  db: Database,
  schema: string,
  source: FileSource,
  lookup: FileLookup,
): Promise<StoredFile | undefined> {
  const conditions: Expression<SqlBool>[] = [];
  for (const [index, key] of source.keys.entries()) {
    const values = distinct((lookup.ids[index] ?? []).map((raw) => keyValue(key, raw)));
    if (values.length === 0) return undefined;
    conditions.push(oneOf(sql.ref(key.column), values));
  }
  if (lookup.names !== undefined) {
    if (source.name === undefined) return undefined;
    // Folded on both sides, as every text comparison of the server (the JS fold is the databases' fold).
    const names = distinct(lookup.names.map((name) => name.toLowerCase()));
    if (names.length === 0) return undefined;
    conditions.push(oneOf(db.dialect.fold(sql.ref(source.name)), names));
  }
  const query = db.kysely
    .withSchema(schema)
    .selectFrom(source.table)
    .select([
      source.name === undefined ? sql<null>`null`.as('name') : sql.ref(source.name).as('name'),
      source.mime === undefined ? sql<null>`null`.as('mime') : sql.ref(source.mime).as('mime'),
      sql.ref(source.data).as('data'),
    ])
    .where((eb) => eb.and(conditions))
    .limit(1)
    .compile();
  for await (const batch of db.stream({ sql: query.sql, parameters: query.parameters }, 1)) {
    const [name, mime, data] = batch[0] ?? [];
    const bytes = asBuffer(data);
    // A row without bytes (an attachment whose file was never sent, a cleared picture) is no file.
    if (!bytes) return undefined;
    return {
      name: typeof name === 'string' ? name : null,
      mime: typeof mime === 'string' && mime !== '' ? mime : null,
      data: bytes,
    };
  }
  return undefined;
}

/** The first file the sources hold for the lookup, in definition order; undefined when none has it. */
export async function findFile(
  db: Database,
  schema: string,
  sources: readonly FileSource[],
  lookup: FileLookup,
): Promise<StoredFile | undefined> {
  for (const source of sources) {
    const found = await findIn(db, schema, source, lookup);
    if (found) return found;
  }
  return undefined;
}
