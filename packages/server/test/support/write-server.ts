// A test server for the write path: the demo definitions, a small generated demo company for reference data
// (countries, journals, debtors, articles, departments), and the test App Connector linked to every UpdateConnector.

import { findAppConnector, linkConnectors } from '../../src/admin/app-connectors.ts';
import { DEMO_DEFINITIONS } from '../../src/definitions/load.ts';
import { loadDemoData } from '../../src/demo/setup-demo.ts';
import { startTestServer, type TestServer } from './harness.ts';

export interface WriteServer extends TestServer {
  /** POST/PUT/DELETE a JSON body (a string is sent as is) with the test token. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** GET a GetConnector with a query string and answer its rows. */
  rows(connector: string, query?: string): Promise<Record<string, unknown>[]>;
  /** The stored rows of a table of the test environment whose columns equal the values given, read from the database. */
  stored(table: string, where: Record<string, unknown>): Promise<Record<string, unknown>[]>;
}

export async function startWriteServer(
  kind: 'sqlite' | 'postgres',
  options: {
    definitionsDir?: string;
    employees?: number;
    update?: string[];
    catalogue?: boolean;
    stallMs?: number;
    console?: Parameters<typeof startTestServer>[1] extends infer O
      ? O extends { console?: infer C }
        ? C
        : never
      : never;
  } = {},
): Promise<WriteServer | undefined> {
  const definitionsDir = options.definitionsDir ?? DEMO_DEFINITIONS;
  const server = await startTestServer(kind, {
    definitionsDir,
    catalogue: options.catalogue,
    stallMs: options.stallMs,
    console: options.console,
  });
  if (!server) return undefined;
  const { db, registry } = server.runtime;
  const appConnector = await findAppConnector(db, 'O12345AA', 'Tests');
  await linkConnectors(db, registry, appConnector, 'update', options.update ?? [...registry.updateConnectors.keys()]);
  await loadDemoData(server.runtime, 'O12345AA', { employees: options.employees ?? 20, seed: 3 });
  return {
    ...server,
    send(method, path, body, headers = {}) {
      return server.call(path, {
        method,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      });
    },
    async rows(connector, query = '') {
      const response = await server.call(`/connectors/${connector}?skip=-1&take=-1${query ? `&${query}` : ''}`);
      if (response.status !== 200) throw new Error(`${connector}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { rows: Record<string, unknown>[] }).rows;
    },
    async stored(table, where) {
      let query = db.kysely
        .withSchema(await db.environmentSchema('O12345AA'))
        .selectFrom(table)
        .selectAll();
      for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
      return (await query.execute()) as Record<string, unknown>[];
    },
  };
}
