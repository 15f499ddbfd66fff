// Environments by path: `/{environment}/ProfitRestServices/...` (e.g. /T12345AA/ProfitRestServices/metainfo) reaches
// an environment without DNS or a Host header, so a base URL per environment works in any client, curl or browser.

import type { IncomingMessage } from 'node:http';
import { type Environment, environmentForHost } from '../admin/environments.ts';

const PREFIXED = /^\/([OTAC]\d{5,6}[A-Z]{2})(\/ProfitRestServices(?:[/?].*)?)$/i;

/** The environment a path names, kept on the raw request by Fastify's rewriteUrl (before routing). */
const NAMED = Symbol('appconnector.environment');
type Tagged = IncomingMessage & { [NAMED]?: string };

/** Fastify's `rewriteUrl`: strips an environment prefix, remembering the name, so the routes stay as they are. */
export function rewriteEnvironmentPath(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  const match = PREFIXED.exec(url);
  if (!match) return url;
  (raw as Tagged)[NAMED] = match[1]!.toUpperCase();
  return match[2]!;
}

/**
 * The environment of a request: the one its path names (undefined when there is none of that name: 404), else the
 * one its Host header names, else the default.
 */
export function environmentForRequest(
  environments: readonly Environment[],
  request: { raw: IncomingMessage; headers: { host?: string | undefined } },
): Environment | undefined {
  const named = (request.raw as Tagged)[NAMED];
  if (named !== undefined) return environments.find((e) => e.name === named);
  return environmentForHost(environments, request.headers.host);
}

/** What an unknown environment is called in the 404: the path's name, else the host. */
export function requestedEnvironment(request: { raw: IncomingMessage; headers: { host?: string | undefined } }) {
  return (request.raw as Tagged)[NAMED] ?? request.headers.host ?? '';
}
