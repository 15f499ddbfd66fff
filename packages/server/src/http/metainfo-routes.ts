// GET /metainfo, /metainfo/get/{id}, /metainfo/update/{id} and /ProfitVersion.
// Thin: rendering lives in metainfo/, the update tree comes from whatever the write path registered.

import { CodedError, type Language, type UpdateMetainfo } from '@appconnector/protocol';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../auth/authenticate.ts';
import type { Registry } from '../definitions/registry.ts';
import { renderGetMetainfo, renderMetainfoList, type UpdateDescriber } from '../metainfo/render-metainfo.ts';
import type { ServerContext } from './context.ts';

export interface UpdateMetainfoSource extends UpdateDescriber {
  render(id: string, language: Language, principal: Principal): UpdateMetainfo;
}

/** Until the write path registers its connectors, no UpdateConnector exists. */
export const NO_UPDATE_CONNECTORS: UpdateMetainfoSource = {
  description: () => undefined,
  render: () => {
    throw new CodedError('updateNotSupported');
  },
};

export function registerMetainfoRoutes(
  app: FastifyInstance,
  _context: ServerContext,
  updates: UpdateMetainfoSource | ((registry: Registry) => UpdateMetainfoSource),
): void {
  const json = 'application/json; charset=utf-8';
  // The environment's UpdateConnectors: one source per registry, made at its first metainfo call.
  const sources = new WeakMap<Registry, UpdateMetainfoSource>();
  const updatesOf = (registry: Registry): UpdateMetainfoSource => {
    if (typeof updates !== 'function') return updates;
    let source = sources.get(registry);
    if (!source) {
      source = updates(registry);
      sources.set(registry, source);
    }
    return source;
  };
  app.get('/ProfitRestServices/metainfo', async (request, reply) =>
    reply
      .type(json)
      .send(
        JSON.stringify(
          renderMetainfoList(request.registry, request.principal!, request.language, updatesOf(request.registry)),
        ),
      ),
  );
  app.get<{ Params: { id: string } }>('/ProfitRestServices/metainfo/get/:id', async (request, reply) =>
    reply
      .type(json)
      .send(
        JSON.stringify(renderGetMetainfo(request.registry, request.principal!, request.params.id, request.language)),
      ),
  );
  app.get<{ Params: { id: string } }>('/ProfitRestServices/metainfo/update/:id', async (request, reply) => {
    const principal = request.principal!;
    if (!principal.canUpdate(request.params.id)) throw new CodedError('updateNotSupported');
    const rendered = updatesOf(request.registry).render(request.params.id, request.language, principal);
    return reply.type(json).send(JSON.stringify(rendered));
  });
}
