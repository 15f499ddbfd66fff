// Debug (API.md): the live request log of this replica (polling with a cursor, or Server-Sent Events) and the
// error log's full rows by profitLogReference. Also the overview of the server.

import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestLogEntry, RequestLogFilter } from '../http/request-log.ts';
import { matches } from '../http/request-log.ts';
import { ConsoleError, invalid } from './console-errors.ts';
import type { ConsoleContext } from './console-plugin.ts';
import { findSession } from './console-sessions.ts';

type LogQuery = RequestLogFilter & { after?: string; limit?: string };

/** The server package's version (package.json sits two folders up from src/console and from dist/console). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const MAX_LIMIT = 500;

function filterOf(query: LogQuery): RequestLogFilter {
  return {
    status: query.status || undefined,
    environment: query.environment || undefined,
    appConnector: query.appConnector || undefined,
    text: query.text || undefined,
  };
}

function count(text: string | undefined, name: string, fallback: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) > max) throw invalid(`${name} must be a whole number up to ${max}`, name);
  return Number(text);
}

interface ErrorRow {
  reference: string;
  environment: string | null;
  at: string;
  status: number | string;
  code: string;
  message: string;
  detail: string;
  trace_id: string;
  integration_id: string | null;
}

const errorJson = (row: ErrorRow) => ({
  reference: row.reference,
  environment: row.environment,
  at: row.at,
  status: Number(row.status),
  code: row.code,
  message: row.message,
  detail: row.detail,
  traceId: row.trace_id,
  integrationId: row.integration_id,
});

export function registerDebugRoutes(api: FastifyInstance, web: ConsoleContext): void {
  const db = web.server.db;
  const log = web.requestLog;
  // Open event streams never end by themselves: closing the server ends them, or close would wait for them.
  const streams = new Set<ServerResponse>();
  api.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  api.get('/overview', async (request: FastifyRequest) => ({
    version: VERSION,
    replica: web.replica,
    startedAt: web.startedAt,
    database: db.dialect.kind,
    baseUrl: `${request.protocol}://${request.host}/ProfitRestServices`,
    environments: (await web.server.environments.all(true)).length,
    requestLog: { capacity: log.capacity },
  }));

  api.get<{ Querystring: LogQuery }>('/requests', async (request) => {
    const after =
      request.query.after === undefined ? undefined : count(request.query.after, 'after', 0, Number.MAX_SAFE_INTEGER);
    const limit = count(request.query.limit, 'limit', 200, MAX_LIMIT);
    const entries = log.read(filterOf(request.query), { after, limit });
    // The cursor moves past what the filter skipped too, so the next poll does not look at it again.
    return { entries, cursor: Math.max(after ?? 0, log.last), capacity: log.capacity, replica: web.replica };
  });

  api.get<{ Querystring: LogQuery }>('/requests/stream', async (request, reply) => {
    const filter = filterOf(request.query);
    const lastEventId = request.headers['last-event-id'];
    const after = typeof lastEventId === 'string' && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    const send = (entry: RequestLogEntry) =>
      raw.write(`event: request\nid: ${entry.seq}\ndata: ${JSON.stringify(entry)}\n\n`);
    // What came after the client's last event (a reconnect) first, then every new call as it ends.
    if (after !== undefined) for (const entry of log.read(filter, { after, limit: MAX_LIMIT })) send(entry);
    raw.write(': connected\n\n');
    const stop = log.subscribe((entry) => {
      if (matches(entry, filter)) send(entry);
    });
    // Each ping checks the session again: a stream ends with its session (sign-out, expiry, a new password).
    const session = request.consoleSession!;
    const ping = setInterval(() => {
      findSession(db, session.id, web.now()).then(
        (live) => (live ? raw.write(': ping\n\n') : raw.end()),
        () => raw.end(),
      );
    }, web.streamPingMs);
    streams.add(raw);
    raw.on('close', () => {
      clearInterval(ping);
      stop();
      streams.delete(raw);
    });
  });

  api.get<{ Params: { reference: string } }>('/errors/:reference', async (request) => {
    const row = (await db.kysely
      .withSchema(db.systemSchema)
      .selectFrom('error_log')
      .selectAll()
      .where('reference', '=', request.params.reference.trim())
      .executeTakeFirst()) as ErrorRow | undefined;
    if (!row)
      throw new ConsoleError(
        404,
        'notFound',
        `no error with reference ${request.params.reference} (it may have been pruned)`,
      );
    return errorJson(row);
  });

  api.get<{ Querystring: { environment?: string; limit?: string } }>('/errors', async (request) => {
    const limit = count(request.query.limit, 'limit', 50, 200);
    let query = db.kysely
      .withSchema(db.systemSchema)
      .selectFrom('error_log')
      .selectAll()
      .orderBy('at', 'desc')
      .limit(limit);
    if (request.query.environment) query = query.where('environment', '=', request.query.environment.toUpperCase());
    return { errors: ((await query.execute()) as ErrorRow[]).map(errorJson) };
  });
}
