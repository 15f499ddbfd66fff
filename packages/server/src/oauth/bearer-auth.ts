// Calls with an OAuth access token (RFC 6750 `Authorization: Bearer`, RFC 9449 `Authorization: DPoP` plus a proof):
// the token's App Connector and user, or a refusal whose WWW-Authenticate challenge says why. Hashes only.

import { CodedError } from '@appconnector/protocol';
import type { AppConnector } from '../admin/app-connectors.ts';
import { DpopFailure } from './dpop.ts';
import type { OAuthContext } from './oauth-context.ts';
import { findTokenRow } from './token-store.ts';

export interface AccessCall {
  scheme: 'bearer' | 'dpop';
  token: string;
  /** The DPoP header, for a DPoP-bound token. */
  proof: string | string[] | undefined;
  method: string;
  url: string;
}

export interface AccessGrant {
  appConnector: AppConnector;
  userId: string;
  expiresAt: string;
}

const SCHEME = { bearer: 'Bearer', dpop: 'DPoP' } as const;

/** A quoted-string of a challenge (RFC 9110 11.2) that a header can carry: printable ASCII without `"` and `\`. */
function quoted(text: string): string {
  return `"${text.replace(/[^\x20-\x7e]|["\\]/g, '?')}"`;
}

function refused(call: AccessCall, detail: string): CodedError {
  // DPoP challenges name the algorithms a proof may use (RFC 9449 7.1).
  const algs = call.scheme === 'dpop' ? ', algs="ES256"' : '';
  return new CodedError('oauthInvalidToken', {
    detail,
    challenge: `${SCHEME[call.scheme]} realm="ProfitRestServices", error="invalid_token", error_description=${quoted(detail)}${algs}`,
  });
}

export async function accessGrant(context: OAuthContext, environment: string, call: AccessCall): Promise<AccessGrant> {
  const now = context.now();
  const row = await findTokenRow(context.db, call.token);
  const appConnector = row?.kind === 'access' ? await context.appConnectors(Number(row.app_connector_id)) : undefined;
  if (row?.kind !== 'access' || !appConnector || appConnector.environment !== environment)
    throw refused(call, 'the access token is not known in this environment');
  if (row.revoked_at) throw refused(call, 'the access token has been revoked');
  if (row.expires_at <= now.toISOString()) throw refused(call, 'the access token has expired');
  if ((await context.settings.mode(appConnector.id)) === 'classic')
    throw refused(call, `App Connector ${appConnector.name} accepts classic tokens only`);
  if (row.jkt && call.scheme === 'bearer')
    throw refused(call, 'the access token is DPoP-bound: send Authorization: DPoP with a DPoP proof');
  if (!row.jkt && call.scheme === 'dpop') throw refused(call, 'the access token is not DPoP-bound: send it as Bearer');
  if (row.jkt) {
    if (Array.isArray(call.proof)) throw dpopRefused('invalid', 'send one DPoP header');
    let jkt: string;
    try {
      jkt = await context.dpop.verify(call.proof, {
        method: call.method,
        url: call.url,
        accessToken: call.token,
        now,
      });
    } catch (error) {
      if (!(error instanceof DpopFailure)) throw error;
      throw dpopRefused(error.kind, error.description, error.kind === 'nonce' ? await context.dpop.newNonce(now) : '');
    }
    if (jkt !== row.jkt)
      throw dpopRefused('invalid', 'the proof is signed with another key than the token is bound to');
  }
  return { appConnector, userId: row.user_id, expiresAt: row.expires_at };
}

function dpopRefused(kind: DpopFailure['kind'], detail: string, nonce = ''): CodedError {
  const error = kind === 'nonce' ? 'use_dpop_nonce' : 'invalid_dpop_proof';
  return new CodedError('oauthDpop', {
    detail,
    challenge: `DPoP realm="ProfitRestServices", error="${error}", error_description=${quoted(detail)}, algs="ES256"`,
    ...(nonce ? { dpopNonce: nonce } : {}),
  });
}
