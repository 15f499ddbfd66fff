// Administer (API.md): environments, App Connectors with links, IP allowlist, auth mode and OAuth clients, users'
// tokens, OTP and custom fields, each through the admin services the CLI uses. A secret (token, client secret,
// OTP apiToken) is in the creating answer only: nothing here can read one back.

import { authorizationHeader, DATA_TYPES, type DataType, type Language } from '@appconnector/protocol';
import type { FastifyInstance } from 'fastify';
import {
  type AppConnector,
  allowlistProblem,
  createAppConnector,
  findAppConnector,
  linkConnectors,
  listAppConnectors,
  unlinkConnectors,
  updateAppConnector,
} from '../admin/app-connectors.ts';
import { addEnvironmentCustomField } from '../admin/environment-definitions.ts';
import {
  createEnvironment,
  type Environment,
  findEnvironment,
  listEnvironments,
  setEnvironmentLanguage,
  setMaintenance,
  setProfitVersion,
} from '../admin/environments.ts';
import { createToken, listTokens, revokeTokens, setTokenExpiry, type TokenInfo } from '../admin/tokens.ts';
import type { Registry } from '../definitions/registry.ts';
import { AUTH_MODES, type AuthMode, authModeOf, setAuthMode } from '../oauth/auth-settings.ts';
import { createOAuthClient, deleteOAuthClient, listOAuthClients, type OAuthClient } from '../oauth/clients.ts';
import { enableOtp, otpEnabled, readOutbox } from '../otp/otp-service.ts';
import { ConsoleError, invalid } from './console-errors.ts';
import type { ConsoleContext } from './console-plugin.ts';
import { type Body, flag, futureTime, jsonBody, text, texts, wholeNumber } from './request-body.ts';

type EnvParams = { env: string };
type AcParams = { env: string; name: string };

function environmentJson(e: Environment) {
  return {
    name: e.name,
    type: e.type,
    participant: e.participant,
    language: e.language,
    profitVersion: e.profitVersion,
    isDefault: e.isDefault,
    definitions: e.definitionsHash ? 'own' : 'server',
    maintenance: e.maintenance ?? null,
  };
}

function tokenJson(t: TokenInfo) {
  return {
    id: t.id,
    userId: t.userId,
    description: t.description,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
  };
}

function clientJson(c: OAuthClient) {
  return {
    clientId: c.clientId,
    name: c.name,
    type: c.type,
    userId: c.userId,
    redirectUris: c.redirectUris,
    createdAt: c.createdAt,
  };
}

function ipList(body: Body): string[] | null | undefined {
  if (body.ipAllowlist === null) return null;
  const list = texts(body, 'ipAllowlist');
  // The service checks it too; checked here first to name the field.
  const problem = allowlistProblem(list);
  if (problem) throw invalid(problem, 'ipAllowlist');
  return list;
}

function languageOf(body: Body): Language | undefined {
  const language = text(body, 'language');
  if (language !== undefined && language !== 'nl' && language !== 'en')
    throw invalid('language must be nl or en', 'language');
  return language;
}

export function registerAdminRoutes(api: FastifyInstance, web: ConsoleContext): void {
  const db = web.server.db;
  const cache = web.server.environments;

  /** Re-read on each call, so that what was just changed is seen. */
  const environment = (name: string) => findEnvironment(db, name);
  const registryOf = async (name: string): Promise<Registry> => {
    const env = await environment(name);
    await cache.all(true);
    return cache.registryFor(env);
  };
  const appConnectorJson = async (a: AppConnector) => ({
    id: a.id,
    name: a.name,
    description: a.description,
    ipAllowlist: a.ipAllowlist,
    getConnectors: a.getConnectors,
    updateConnectors: a.updateConnectors,
    authMode: await authModeOf(db, a.id),
    otp: await otpEnabled(db, a),
  });
  const appConnector = async (params: AcParams) =>
    findAppConnector(db, (await environment(params.env)).name, params.name);

  // Environments
  api.get('/environments', async () => ({ environments: (await listEnvironments(db)).map(environmentJson) }));
  api.post('/environments', async (request, reply) => {
    const body = jsonBody(request);
    const language = languageOf(body);
    const created = await createEnvironment(db, web.runtime.registry, {
      name: text(body, 'name', true).toUpperCase(),
      language,
      profitVersion: text(body, 'profitVersion'),
      isDefault: flag(body, 'isDefault'),
    });
    await cache.all(true);
    return reply.code(201).send(environmentJson(await environment(created.name)));
  });
  api.patch<{ Params: EnvParams }>('/environments/:env', async (request) => {
    const name = (await environment(request.params.env)).name;
    const body = jsonBody(request);
    const language = languageOf(body);
    if (language !== undefined) await setEnvironmentLanguage(db, name, language);
    const version = text(body, 'profitVersion');
    if (version !== undefined) await setProfitVersion(db, name, version);
    return environmentJson(await environment(name));
  });
  api.put<{ Params: EnvParams }>('/environments/:env/maintenance', async (request) => {
    const name = (await environment(request.params.env)).name;
    const body = jsonBody(request);
    const message = text(body, 'message') ?? 'Profit is being updated';
    const retryAfter = wholeNumber(body, 'retryAfter', 1) ?? 7200;
    await setMaintenance(db, name, { message, retryAfter });
    return environmentJson(await environment(name));
  });
  api.delete<{ Params: EnvParams }>('/environments/:env/maintenance', async (request) => {
    const name = (await environment(request.params.env)).name;
    await setMaintenance(db, name, undefined);
    return environmentJson(await environment(name));
  });
  api.get<{ Params: EnvParams }>('/environments/:env/connectors', async (request) => {
    const registry = await registryOf(request.params.env);
    return {
      getConnectors: [...registry.getConnectors.values()].map((c) => ({
        id: c.id,
        description: c.description.en ?? c.description.nl,
        blocked: c.blocked,
      })),
      updateConnectors: [...registry.updateConnectors.values()].map((c) => ({
        id: c.id,
        description: c.description.en ?? c.description.nl,
      })),
    };
  });

  // App Connectors
  api.get<{ Params: EnvParams }>('/environments/:env/app-connectors', async (request) => {
    const list = await listAppConnectors(db, (await environment(request.params.env)).name);
    return { appConnectors: await Promise.all(list.map(appConnectorJson)) };
  });
  api.post<{ Params: EnvParams }>('/environments/:env/app-connectors', async (request, reply) => {
    const body = jsonBody(request);
    const name = text(body, 'name', true);
    if (!/^[\w .@-]{1,100}$/.test(name))
      throw invalid('name may hold letters, digits, spaces and _ . @ - (1 to 100)', 'name');
    const created = await createAppConnector(db, {
      environment: (await environment(request.params.env)).name,
      name,
      description: text(body, 'description'),
      ipAllowlist: ipList(body),
    });
    return reply.code(201).send(await appConnectorJson(created));
  });
  api.patch<{ Params: AcParams }>('/environments/:env/app-connectors/:name', async (request) => {
    const body = jsonBody(request);
    let found = await appConnector(request.params);
    const mode = text(body, 'authMode');
    if (mode !== undefined && !AUTH_MODES.includes(mode as AuthMode))
      throw invalid(`authMode must be one of ${AUTH_MODES.join(', ')}`, 'authMode');
    found = await updateAppConnector(db, found, { ipAllowlist: ipList(body), description: text(body, 'description') });
    if (mode !== undefined) await setAuthMode(db, found.environment, found.name, mode);
    return appConnectorJson(found);
  });
  for (const action of ['link', 'unlink'] as const) {
    api.post<{ Params: AcParams }>(`/environments/:env/app-connectors/:name/${action}`, async (request) => {
      const body = jsonBody(request);
      let found = await appConnector(request.params);
      const registry = await registryOf(request.params.env);
      for (const kind of ['get', 'update'] as const) {
        const ids = texts(body, kind);
        if (!ids || ids.length === 0) continue;
        found =
          action === 'link'
            ? await linkConnectors(db, registry, found, kind, ids)
            : await unlinkConnectors(db, found, kind, ids);
      }
      return appConnectorJson(found);
    });
  }

  // OAuth clients
  api.get<{ Params: AcParams }>('/environments/:env/app-connectors/:name/oauth-clients', async (request) => {
    const found = await appConnector(request.params);
    return { clients: (await listOAuthClients(db, found.environment, found.name)).map(clientJson) };
  });
  api.post<{ Params: AcParams }>('/environments/:env/app-connectors/:name/oauth-clients', async (request, reply) => {
    const body = jsonBody(request);
    const found = await appConnector(request.params);
    const type = text(body, 'type', true);
    if (type !== 'public' && type !== 'confidential') throw invalid('type must be public or confidential', 'type');
    const created = await createOAuthClient(db, {
      environment: found.environment,
      appConnector: found.name,
      name: text(body, 'name', true),
      type,
      userId: text(body, 'userId'),
      redirectUris: texts(body, 'redirectUris'),
    });
    return reply.code(201).send({ client: clientJson(created), clientSecret: created.clientSecret });
  });
  api.delete<{ Params: { env: string; clientId: string } }>(
    '/environments/:env/oauth-clients/:clientId',
    async (request, reply) => {
      const name = (await environment(request.params.env)).name;
      if (!(await deleteOAuthClient(db, name, request.params.clientId)))
        throw new ConsoleError(404, 'notFound', `OAuth client ${request.params.clientId} does not exist in ${name}`);
      return reply.code(204).send();
    },
  );

  // Tokens
  const tokenOf = async (found: AppConnector, id: string) => {
    const token = (await listTokens(db, found)).find((t) => String(t.id) === id);
    if (!token) throw new ConsoleError(404, 'notFound', `App Connector '${found.name}' has no token ${id}`);
    return token;
  };
  api.get<{ Params: AcParams }>('/environments/:env/app-connectors/:name/tokens', async (request) => ({
    tokens: (await listTokens(db, await appConnector(request.params))).map(tokenJson),
  }));
  api.post<{ Params: AcParams }>('/environments/:env/app-connectors/:name/tokens', async (request, reply) => {
    const body = jsonBody(request);
    const found = await appConnector(request.params);
    const created = await createToken(db, found, {
      userId: text(body, 'userId', true),
      description: text(body, 'description'),
      expiresAt: futureTime(body, 'expiresAt', web.now()) ?? null,
    });
    const token = await tokenOf(found, String(created.id));
    return reply
      .code(201)
      .send({ token: tokenJson(token), xml: created.xml, authorization: authorizationHeader(created.xml) });
  });
  api.patch<{ Params: AcParams & { id: string } }>(
    '/environments/:env/app-connectors/:name/tokens/:id',
    async (request) => {
      const body = jsonBody(request);
      if (!('expiresAt' in body)) throw invalid('expiresAt is required (an ISO time, or null for none)', 'expiresAt');
      const found = await appConnector(request.params);
      const token = await tokenOf(found, request.params.id);
      await setTokenExpiry(db, found, token.id, futureTime(body, 'expiresAt', web.now()) ?? null);
      return tokenJson(await tokenOf(found, request.params.id));
    },
  );
  api.post<{ Params: AcParams & { id: string } }>(
    '/environments/:env/app-connectors/:name/tokens/:id/revoke',
    async (request) => {
      const found = await appConnector(request.params);
      const token = await tokenOf(found, request.params.id);
      await revokeTokens(db, found, { id: token.id });
      return tokenJson(await tokenOf(found, request.params.id));
    },
  );

  // OTP
  api.post<{ Params: AcParams }>('/environments/:env/app-connectors/:name/otp', async (request, reply) =>
    reply.code(201).send(await enableOtp(db, await appConnector(request.params))),
  );
  api.get<{ Params: EnvParams; Querystring: { user?: string } }>('/environments/:env/otp-outbox', async (request) => {
    const name = (await environment(request.params.env)).name;
    const mails = await readOutbox(db, name, request.query.user || undefined);
    return { mails: mails.map((m) => ({ userId: m.userId, code: m.code, sentAt: m.sentAt })) };
  });

  // Custom fields
  api.get<{ Params: EnvParams }>('/environments/:env/custom-fields', async (request) => ({
    fields: customFields(await registryOf(request.params.env)),
  }));
  api.post<{ Params: EnvParams }>('/environments/:env/custom-fields', async (request, reply) => {
    const body = jsonBody(request);
    const name = (await environment(request.params.env)).name;
    const type = text(body, 'type', true);
    if (!(DATA_TYPES as readonly string[]).includes(type))
      throw invalid(`type must be one of ${DATA_TYPES.join(', ')}`, 'type');
    // As `appconnector field add --env`: the environment's set exported, changed, imported all or nothing.
    const { added, plan } = await addEnvironmentCustomField(web.runtime, name, {
      object: text(body, 'object', true),
      label: text(body, 'label', true),
      labelNl: text(body, 'labelNl'),
      type: type as DataType,
      length: wholeNumber(body, 'length', 1),
      decimals: wholeNumber(body, 'decimals', 0),
      get: texts(body, 'get'),
      update: texts(body, 'update'),
    });
    await cache.all(true);
    const { files: _files, ...field } = added;
    return reply.code(201).send({ ...field, changes: plan.lines });
  });
}

/** A custom field as `GET /environments/:env/custom-fields` lists it. */
export interface CustomFieldInfo {
  fieldId: string;
  table: string;
  column: string;
  type: string;
  label: string;
  getConnectors: string[];
  updateObjects: string[];
}

/** The custom (`U` + 32 hex) fields of a registry: their columns, and where GetConnectors and objects show them. */
function customFields(registry: Registry): CustomFieldInfo[] {
  const fields = new Map<string, CustomFieldInfo>();
  for (const table of registry.tables.values())
    for (const column of table.columns) {
      const match = /^u_([0-9a-f]{32})$/i.exec(column.name);
      if (match)
        fields.set(match[1]!.toLowerCase(), {
          fieldId: `U${match[1]}`,
          table: table.name,
          column: column.name,
          type: column.type,
          label: '',
          getConnectors: [],
          updateObjects: [],
        });
    }
  const entry = (id: string) => (/^U[0-9a-f]{32}$/i.test(id) ? fields.get(id.slice(1).toLowerCase()) : undefined);
  for (const connector of registry.getConnectors.values())
    for (const field of connector.fields) {
      const found = entry(field.fieldId) ?? entry(field.id);
      if (!found) continue;
      found.fieldId = field.fieldId;
      found.label ||= field.label.en ?? field.label.nl ?? '';
      found.getConnectors.push(connector.id);
    }
  for (const connector of registry.updateConnectors.values()) {
    const walk = (object: typeof connector.root) => {
      for (const field of object.fields) {
        const found = entry(field.fieldId);
        if (!found) continue;
        found.label ||= field.label.en ?? field.label.nl ?? '';
        found.updateObjects.push(`${connector.id}/${object.path}`);
      }
      for (const child of object.objects) walk(child);
    };
    walk(connector.root);
  }
  return [...fields.values()];
}
