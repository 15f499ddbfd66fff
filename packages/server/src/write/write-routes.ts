// POST|PUT /connectors/{id}, POST /connectors/{id}/{subObject} and DELETE /connectors/{id}/{Object}/...: glue the
// write stages (rights -> parse -> plan -> one transaction -> render). Thin: errors are thrown, the boundary renders.

import { CodedError } from '@appconnector/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../http/context.ts';
import type { CompiledUpdateConnector } from './compile-update.ts';
import { parseDeletePath, planDelete } from './delete-url.ts';
import { executeDelete, executeWrite } from './write-execute.ts';
import { planWrite, type WriteOptions } from './write-plan.ts';
import { renderResults } from './write-render.ts';
import { parseWriteRequest } from './write-request.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Rights first, before the body is read: an unauthorised caller learns nothing about the connector. */
function connectorFor(request: FastifyRequest, id: string): CompiledUpdateConnector {
  const connector = request.registry.updateConnectors.get(id);
  if (!connector || !request.principal!.canUpdate(id)) throw new CodedError('updateNotSupported');
  return connector;
}

async function executeOptions(context: ServerContext, request: FastifyRequest) {
  const principal = request.principal!;
  return {
    db: context.db,
    schema: await context.db.environmentSchema(principal.environment.name),
    tables: request.registry.tables,
    user: principal.userId,
  };
}

export function registerWriteRoutes(app: FastifyInstance, context: ServerContext): void {
  const write = async (
    request: FastifyRequest<{ Params: { connectorId: string; subObject?: string } }>,
    options: WriteOptions,
  ) => {
    const connector = connectorFor(request, request.params.connectorId);
    const body = typeof request.body === 'string' ? request.body : undefined;
    const plan = planWrite(connector, parseWriteRequest(body), options);
    const written = await executeWrite(await executeOptions(context, request), plan);
    return JSON.stringify(renderResults(connector.root, written));
  };

  app.post<{ Params: { connectorId: string } }>('/ProfitRestServices/connectors/:connectorId', async (request, reply) =>
    reply
      .code(201)
      .type(JSON_TYPE)
      .send(await write(request, { verb: 'post' })),
  );
  app.put<{ Params: { connectorId: string } }>('/ProfitRestServices/connectors/:connectorId', async (request, reply) =>
    reply
      .code(201)
      .type(JSON_TYPE)
      .send(await write(request, { verb: 'put' })),
  );
  app.post<{ Params: { connectorId: string; subObject: string } }>(
    '/ProfitRestServices/connectors/:connectorId/:subObject',
    async (request, reply) =>
      reply
        .code(201)
        .type(JSON_TYPE)
        .send(await write(request, { verb: 'post', subObject: request.params.subObject })),
  );
  // A body on DELETE is tolerated and ignored; success is 200 with an empty body, never 204.
  app.delete('/ProfitRestServices/connectors/*', async (request, reply) => {
    const parsed = parseDeletePath(request.url);
    const connector = connectorFor(request, parsed.connectorId);
    const levels = planDelete(connector, parsed);
    await executeDelete(await executeOptions(context, request), levels);
    return reply.code(200).type(JSON_TYPE).send('');
  });
}
