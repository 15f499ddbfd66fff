// What the OAuth endpoints and every call's authentication (classic, Bearer, DPoP) share: the database, the server's
// clock (tests move it), the DPoP verifier, the mode and dates cache, App Connectors by id; and the URL a request
// was sent to (DPoP's htu).

import type { FastifyRequest } from 'fastify';
import type { AppConnector } from '../admin/app-connectors.ts';
import type { Database } from '../db/database.ts';
import type { AuthSettingsCache } from './auth-settings.ts';
import type { DpopVerifier } from './dpop.ts';

export interface OAuthContext {
  db: Database;
  now(): Date;
  dpop: DpopVerifier;
  settings: AuthSettingsCache;
  appConnectors(id: number): Promise<AppConnector | undefined>;
}

/** The URL as the client sent it (before the environment prefix was stripped), for DPoP's htu. */
export function requestUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${request.originalUrl}`;
}
