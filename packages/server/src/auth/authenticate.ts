// Auth stage: turns the Authorization header into a typed principal (environment, App Connector, user, allowed
// connectors), separating missing, malformed and wrong credentials. Compares hashes only; never logs the token.
// Classic tokens (AfasToken) and OAuth access tokens (Bearer, DPoP: oauth/bearer-auth.ts) give the same principal.

import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { CodedError, decodeAuthorization, profitBehaviour } from '@appconnector/protocol';
import type { AppConnector } from '../admin/app-connectors.ts';
import type { Environment } from '../admin/environments.ts';
import { findToken } from '../admin/tokens.ts';
import { classicRefusal } from '../oauth/auth-settings.ts';
import { type AccessCall, accessGrant } from '../oauth/bearer-auth.ts';
import type { OAuthContext } from '../oauth/oauth-context.ts';

export interface Principal {
  environment: Environment;
  appConnector: AppConnector;
  userId: string;
  tokenExpiry: string | null;
  canGet(connectorId: string): boolean;
  canUpdate(connectorId: string): boolean;
}

const REASONS = {
  missing: 'authMissing',
  scheme: 'authScheme',
  notBase64: 'authNotBase64',
  malformed: 'authMalformed',
} as const;

function stripMapped(ip: string): string {
  return ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}

/** True when the address is in the allowlist (addresses or CIDR ranges, IPv4 or IPv6); no list allows all. */
export function ipAllowed(allowlist: readonly string[] | null, ip: string): boolean {
  if (!allowlist || allowlist.length === 0) return true;
  const address = stripMapped(ip);
  const list = new BlockList();
  for (const entry of allowlist) {
    const [base, bits] = entry.split('/') as [string, string | undefined];
    const family = isIPv6(base) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(base, family);
    else list.addSubnet(base, Number(bits), family);
  }
  return list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
}

/**
 * The caller of a request: its Authorization header, the address it came from and, for a DPoP-bound access token,
 * the method, URL and DPoP proof. Classic tokens also answer to the App Connector's mode and the environment's
 * classic-token dates (oauth/auth-settings.ts, cached like the App Connectors).
 */
export async function authenticate(
  context: OAuthContext,
  environment: Environment,
  header: string | undefined,
  call: { ip: string; method: string; url: string; proof: string | string[] | undefined },
): Promise<Principal> {
  // Before Profit 7 the raw token XML was accepted; from 7 a token that is not base64 is refused.
  const rawXml = profitBehaviour(environment.profitVersion).tokens === 'base64OrXml';
  const decoded = decodeAuthorization(header, { rawXml });
  if (decoded.kind === 'error') throw new CodedError(REASONS[decoded.reason]);
  if (decoded.kind !== 'token') {
    const access: AccessCall = {
      scheme: decoded.kind,
      token: decoded.token,
      proof: call.proof,
      method: call.method,
      url: call.url,
    };
    const grant = await accessGrant(context, environment.name, access);
    return principal(environment, grant.appConnector, grant.userId, grant.expiresAt, call.ip);
  }
  const now = context.now();
  const token = await findToken(context.db, decoded.data);
  const appConnector = token ? await context.appConnectors(Number(token.app_connector_id)) : undefined;
  // A token of another environment is unknown here: environments never share credentials.
  if (!token || !appConnector || appConnector.environment !== environment.name) throw new CodedError('authUnknown');
  if (token.revoked_at) throw new CodedError('authRevoked');
  if (token.expires_at && new Date(token.expires_at) <= now) throw new CodedError('authExpired');
  const [mode, dates] = await Promise.all([
    context.settings.mode(appConnector.id),
    context.settings.classicDates(environment.name),
  ]);
  const refusal = classicRefusal(mode, dates, { createdAt: token.created_at }, appConnector.name, now);
  if (refusal) throw refusal;
  return principal(environment, appConnector, token.user_id, token.expires_at, call.ip);
}

function principal(
  environment: Environment,
  appConnector: AppConnector,
  userId: string,
  tokenExpiry: string | null,
  ip: string,
): Principal {
  if (!ipAllowed(appConnector.ipAllowlist, ip)) throw new CodedError('authIpNotAllowed', { ip: stripMapped(ip) });
  const gets = new Set(appConnector.getConnectors);
  const updates = new Set(appConnector.updateConnectors);
  return {
    environment,
    appConnector,
    userId,
    tokenExpiry,
    canGet: (id) => gets.has(id),
    canUpdate: (id) => updates.has(id),
  };
}
