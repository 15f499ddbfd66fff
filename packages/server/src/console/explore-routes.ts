// Explore (API.md): metainfo of every connector, the GetConnector runner and the UpdateConnector composer. Calls
// go through the real routes (app.inject) as the environment's administrator (http/internal-caller.ts), so what
// the console shows is what a client gets; validation runs the write path's parse and plan stages, which store
// nothing.

import { CodedError, parseFilterQuery } from '@appconnector/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findEnvironment } from '../admin/environments.ts';
import { readStoredRecords } from '../admin/stored-records.ts';
import { planWrite } from '../write/write-plan.ts';
import { parseWriteRequest } from '../write/write-request.ts';
import { ConsoleError, invalid } from './console-errors.ts';
import type { ConsoleContext } from './console-plugin.ts';
import { type Body, jsonBody, text, texts } from './request-body.ts';
import { getSnippets, writeSnippets } from './snippets.ts';

/** The runner collects a whole answer in memory: pages above this are for a client, not a browser table. */
export const MAX_RUNNER_TAKE = 1000;
const QUERY_NAMES = [
  'filterfieldids',
  'filtervalues',
  'operatortypes',
  'filterjson',
  'orderbyfieldids',
  'skip',
  'take',
];

type ConnectorParams = { env: string; connectorId: string };

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

export function registerExploreRoutes(api: FastifyInstance, web: ConsoleContext): void {
  const db = web.server.db;
  const environment = (name: string) => findEnvironment(db, name);
  /** The environment's base URL as a client on this machine reaches it. */
  const baseOf = (request: FastifyRequest, env: string) =>
    `${request.protocol}://${request.host}/${env}/ProfitRestServices`;
  const inject = async (
    request: FastifyRequest,
    call: { method: 'GET' | 'POST' | 'PUT'; path: string; body?: string; userId?: string },
  ) => {
    const started = performance.now();
    const answer = await web.app.inject({
      method: call.method,
      url: call.path,
      headers: {
        ...web.internal.headers(call.userId ?? 'console'),
        host: request.host,
        ...(request.headers['accept-language'] ? { 'accept-language': request.headers['accept-language'] } : {}),
        ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(call.body !== undefined ? { payload: call.body } : {}),
    });
    return {
      status: answer.statusCode,
      body: answer.body,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
  };

  // Metainfo, as the environment's administrator (every connector).
  api.get<{ Params: { env: string } }>('/environments/:env/metainfo', async (request, reply) => {
    const env = await environment(request.params.env);
    const answer = await inject(request, { method: 'GET', path: `/${env.name}/ProfitRestServices/metainfo` });
    return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
  });
  for (const kind of ['get', 'update'] as const)
    api.get<{ Params: { env: string; id: string } }>(
      `/environments/:env/metainfo/${kind}/:id`,
      async (request, reply) => {
        const env = await environment(request.params.env);
        const path = `/${env.name}/ProfitRestServices/metainfo/${kind}/${encodeURIComponent(request.params.id)}`;
        const answer = await inject(request, { method: 'GET', path });
        return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
      },
    );

  // The GetConnector runner.
  api.post<{ Params: ConnectorParams }>('/environments/:env/get/:connectorId/run', async (request) => {
    const env = await environment(request.params.env);
    const body = jsonBody(request);
    const given = (body.query ?? {}) as Body;
    if (typeof given !== 'object' || Array.isArray(given))
      throw invalid('query must be an object of AFAS parameters', 'query');
    const query = new URLSearchParams();
    for (const name of QUERY_NAMES) {
      const value = given[name];
      if (value === undefined || value === null || value === '') continue;
      if (typeof value !== 'string' && typeof value !== 'number') throw invalid(`${name} must be text`, name);
      query.set(name, String(value));
    }
    const take = query.has('take') ? Number(query.get('take')) : undefined;
    if (take !== undefined && (take < 0 || take > MAX_RUNNER_TAKE))
      throw invalid(`the runner shows at most ${MAX_RUNNER_TAKE} rows: take from 0 to ${MAX_RUNNER_TAKE}`, 'take');
    const fields = texts(body, 'fields');
    // The filter as the server reads it, for the SDK and CLI snippets; a broken one is the call's own error below.
    let filter = { or: [] } as ReturnType<typeof parseFilterQuery>;
    try {
      filter = parseFilterQuery({
        filterfieldids: query.get('filterfieldids') ?? undefined,
        filtervalues: query.get('filtervalues') ?? undefined,
        operatortypes: query.get('operatortypes') ?? undefined,
        filterjson: query.get('filterjson') ?? undefined,
      });
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
    }
    const queryText = query.toString();
    const path = `/${env.name}/ProfitRestServices/connectors/${encodeURIComponent(request.params.connectorId)}${queryText ? `?${queryText}` : ''}`;
    const answer = await inject(request, { method: 'GET', path });
    const parsed = parseJson(answer.body) as { rows?: Record<string, unknown>[] } | null;
    const ok = answer.status === 200;
    const rows = ok && parsed?.rows ? parsed.rows : [];
    return {
      status: answer.status,
      durationMs: answer.durationMs,
      url: `${request.protocol}://${request.host}${path}`,
      answer: ok ? parsed : null,
      rows: fields ? rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f] ?? null]))) : rows,
      error: ok ? null : parsed,
      snippets: getSnippets({
        base: baseOf(request, env.name),
        connector: request.params.connectorId,
        query: queryText,
        filter,
        orderBy: query.get('orderbyfieldids') ?? undefined,
        skip: query.has('skip') ? Number(query.get('skip')) : undefined,
        take,
      }),
    };
  });

  // The UpdateConnector composer.
  const composed = async (request: FastifyRequest<{ Params: ConnectorParams }>) => {
    const env = await environment(request.params.env);
    const body = jsonBody(request);
    const verb = text(body, 'verb') ?? 'post';
    if (verb !== 'post' && verb !== 'put') throw invalid('verb must be post or put', 'verb');
    if (body.body === undefined) throw invalid('body is required: the UpdateConnector body to send', 'body');
    const payload = typeof body.body === 'string' ? body.body : JSON.stringify(body.body);
    return { env, verb: verb as 'post' | 'put', subObject: text(body, 'subObject') || undefined, payload, body };
  };

  api.post<{ Params: ConnectorParams }>('/environments/:env/update/:connectorId/validate', async (request) => {
    const call = await composed(request);
    const registry = await web.server.environments.registryFor(call.env);
    const connector = registry.updateConnectors.get(request.params.connectorId);
    if (!connector)
      throw new ConsoleError(
        404,
        'notFound',
        `UpdateConnector ${request.params.connectorId} is not defined in ${call.env.name}`,
      );
    try {
      planWrite(connector, parseWriteRequest(call.payload), { verb: call.verb, subObject: call.subObject });
      return { valid: true };
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
      const language = call.env.language;
      return {
        valid: false,
        error: {
          status: error.status,
          code: error.code,
          message: error.localized(language),
          ...(error.params.field !== undefined ? { field: String(error.params.field) } : {}),
          ...(error.params.object !== undefined ? { object: String(error.params.object) } : {}),
        },
      };
    }
  });

  api.post<{ Params: ConnectorParams }>('/environments/:env/update/:connectorId/send', async (request) => {
    const call = await composed(request);
    const userId = text(call.body, 'userId') ?? 'console';
    if (!/^[\w.@-]{1,100}$/.test(userId)) throw invalid('userId may hold letters, digits and _ . @ - only', 'userId');
    const id = request.params.connectorId;
    const path = `/${call.env.name}/ProfitRestServices/connectors/${encodeURIComponent(id)}${call.subObject ? `/${encodeURIComponent(call.subObject)}` : ''}`;
    const answer = await inject(request, {
      method: call.subObject ? 'POST' : call.verb === 'put' ? 'PUT' : 'POST',
      path,
      body: call.payload,
      userId,
    });
    const ok = answer.status < 400;
    const stored = ok
      ? await readStoredRecords(db, (name) => web.server.environments.registryFor({ ...call.env, name }), {
          connector: id,
          environment: call.env.name,
          last: 5,
        }).catch(() => null)
      : null;
    return {
      status: answer.status,
      durationMs: answer.durationMs,
      url: `${request.protocol}://${request.host}${path}`,
      answer: ok ? parseJson(answer.body) : null,
      error: ok ? null : parseJson(answer.body),
      stored,
      snippets: writeSnippets({
        base: baseOf(request, call.env.name),
        connector: id,
        verb: call.verb,
        subObject: call.subObject,
        body: call.payload,
      }),
    };
  });
}
