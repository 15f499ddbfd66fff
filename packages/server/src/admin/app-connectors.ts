// App Connectors: per environment, a name, linked GetConnectors and UpdateConnectors, an optional IP allowlist.
// Links are checked against the compiled registry so that a typo fails here, not at the first call.

import { isIP } from 'node:net';
import type { Database } from '../db/database.ts';
import type { AppConnectorRow } from '../db/system-schema.ts';
import type { Registry } from '../definitions/registry.ts';
import { AdminError } from './environments.ts';
import { didYouMean, suggestionsFor } from './stored-records.ts';

export interface AppConnector {
  id: number;
  environment: string;
  name: string;
  description: string;
  ipAllowlist: string[] | null;
  getConnectors: string[];
  updateConnectors: string[];
}

export type ConnectorKind = 'get' | 'update';

async function linksOf(db: Database, ids: number[]): Promise<Map<number, { kind: string; connector_id: string }[]>> {
  const map = new Map<number, { kind: string; connector_id: string }[]>();
  if (ids.length === 0) return map;
  const rows = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('app_connector_links')
    .select(['app_connector_id', 'kind', 'connector_id'])
    .where('app_connector_id', 'in', ids)
    .orderBy('connector_id')
    .execute();
  for (const row of rows) {
    const list = map.get(Number(row.app_connector_id)) ?? [];
    list.push(row);
    map.set(Number(row.app_connector_id), list);
  }
  return map;
}

function fromRow(row: AppConnectorRow, links: { kind: string; connector_id: string }[]): AppConnector {
  return {
    id: Number(row.id),
    environment: row.environment,
    name: row.name,
    description: row.description,
    ipAllowlist: row.ip_allowlist ? (JSON.parse(row.ip_allowlist) as string[]) : null,
    getConnectors: links.filter((l) => l.kind === 'get').map((l) => l.connector_id),
    updateConnectors: links.filter((l) => l.kind === 'update').map((l) => l.connector_id),
  };
}

export async function listAppConnectors(db: Database, environment?: string): Promise<AppConnector[]> {
  let query = db.kysely.withSchema(db.systemSchema).selectFrom('app_connectors').selectAll();
  if (environment) query = query.where('environment', '=', environment);
  const rows = (await query.orderBy('environment').orderBy('name').execute()) as AppConnectorRow[];
  const links = await linksOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((row) => fromRow(row, links.get(Number(row.id)) ?? []));
}

export async function findAppConnector(db: Database, environment: string, name: string): Promise<AppConnector> {
  const found = (await listAppConnectors(db, environment)).find((a) => a.name === name);
  if (!found) throw new AdminError(`App Connector '${name}' does not exist in environment ${environment}`, 'notFound');
  return found;
}

export async function getAppConnectorById(db: Database, id: number): Promise<AppConnector | undefined> {
  const row = (await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('app_connectors')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as AppConnectorRow | undefined;
  if (!row) return undefined;
  return fromRow(row, (await linksOf(db, [id])).get(id) ?? []);
}

/** What is wrong with an IP allowlist (the first entry that is neither an IPv4/IPv6 address nor a CIDR range), or
 * undefined. Checked when the list is stored: auth's ipAllowed would otherwise fail at every call of the App
 * Connector. */
export function allowlistProblem(list: readonly string[] | null | undefined): string | undefined {
  for (const entry of list ?? []) {
    const [base, bits, extra] = entry.split('/');
    const family = isIP(base ?? '');
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max)))
      return `'${entry}' is neither an IPv4 or IPv6 address nor a CIDR range such as 10.0.0.0/8`;
  }
  return undefined;
}

function storedAllowlist(list: readonly string[] | null | undefined): string | null {
  const problem = allowlistProblem(list);
  if (problem) throw new AdminError(problem);
  return list && list.length > 0 ? JSON.stringify(list) : null;
}

export interface CreateAppConnectorOptions {
  environment: string;
  name: string;
  description?: string;
  ipAllowlist?: string[] | null;
}

export async function createAppConnector(db: Database, options: CreateAppConnectorOptions): Promise<AppConnector> {
  const env = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('environments')
    .select('name')
    .where('name', '=', options.environment)
    .executeTakeFirst();
  if (!env) throw new AdminError(`environment ${options.environment} does not exist`, 'notFound');
  const existing = await listAppConnectors(db, options.environment);
  if (existing.some((a) => a.name === options.name)) {
    throw new AdminError(`App Connector '${options.name}' already exists in environment ${options.environment}`);
  }
  const inserted = await db.kysely
    .withSchema(db.systemSchema)
    .insertInto('app_connectors')
    .values({
      environment: options.environment,
      name: options.name,
      description: options.description ?? '',
      ip_allowlist: storedAllowlist(options.ipAllowlist),
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await getAppConnectorById(db, Number(inserted.id)))!;
}

/** Links connectors to an App Connector (idempotent); every id must exist in the registry. */
export async function linkConnectors(
  db: Database,
  registry: Registry,
  appConnector: AppConnector,
  kind: ConnectorKind,
  connectorIds: string[],
): Promise<AppConnector> {
  const known = kind === 'get' ? registry.getConnectors : registry.updateConnectors;
  for (const id of connectorIds) {
    if (!known.has(id))
      throw new AdminError(
        `${kind === 'get' ? 'GetConnector' : 'UpdateConnector'} '${id}' is not defined${didYouMean(suggestionsFor(id, known.keys()))}`,
        'notFound',
      );
  }
  const already = new Set(kind === 'get' ? appConnector.getConnectors : appConnector.updateConnectors);
  const fresh = [...new Set(connectorIds)].filter((id) => !already.has(id));
  if (fresh.length > 0) {
    await db.kysely
      .withSchema(db.systemSchema)
      .insertInto('app_connector_links')
      .values(fresh.map((connector_id) => ({ app_connector_id: appConnector.id, kind, connector_id })))
      .execute();
  }
  return (await getAppConnectorById(db, appConnector.id))!;
}

export async function unlinkConnectors(
  db: Database,
  appConnector: AppConnector,
  kind: ConnectorKind,
  connectorIds: string[],
): Promise<AppConnector> {
  if (connectorIds.length > 0) {
    await db.kysely
      .withSchema(db.systemSchema)
      .deleteFrom('app_connector_links')
      .where('app_connector_id', '=', appConnector.id)
      .where('kind', '=', kind)
      .where('connector_id', 'in', connectorIds)
      .execute();
  }
  return (await getAppConnectorById(db, appConnector.id))!;
}

/** Changes an App Connector's IP allowlist (empty or null: every address) and/or description. */
export async function updateAppConnector(
  db: Database,
  appConnector: AppConnector,
  changes: { ipAllowlist?: string[] | null; description?: string },
): Promise<AppConnector> {
  const set: { ip_allowlist?: string | null; description?: string } = {};
  if (changes.ipAllowlist !== undefined) set.ip_allowlist = storedAllowlist(changes.ipAllowlist);
  if (changes.description !== undefined) set.description = changes.description;
  if (Object.keys(set).length > 0)
    await db.kysely
      .withSchema(db.systemSchema)
      .updateTable('app_connectors')
      .set(set)
      .where('id', '=', appConnector.id)
      .execute();
  return (await getAppConnectorById(db, appConnector.id))!;
}
