// GET and POST /ProfitRestServices/oauth/authorize (RFC 6749 4.1.1-4.1.2, RFC 7636): checks the client and its
// redirect URI first (a bad one gets an error page, never a redirect), then answers errors by redirect; shows the
// sign-in and consent page (CSRF: a SameSite cookie and a form field derived from it and the request), and sends
// the browser back with `code` and `state` or `error=access_denied`.

import { createHmac, randomBytes } from 'node:crypto';
import type { Language } from '@appconnector/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConnector } from '../admin/app-connectors.ts';
import type { OAuthClientRow } from '../db/oauth-tables.ts';
import { consentPage, errorPage, STYLE_HASH } from './authorize-page.ts';
import { findClientRow, redirectUriAllowed } from './clients.ts';
import type { OAuthContext } from './oauth-context.ts';
import { challengeWellFormed } from './pkce.ts';
import { sameText } from './secrets.ts';
import { SignInLimit } from './sign-in-limit.ts';
import { issueCode } from './token-store.ts';
import { checkPassword } from './users.ts';

export const AUTHORIZE_PATH = '/ProfitRestServices/oauth/authorize';
const CSRF_COOKIE = 'appconnector_oauth_csrf';
const PARAMS = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method'];

/** A request whose client and redirect URI were found good: from here on errors go back by redirect. */
interface CheckedRequest {
  client: OAuthClientRow;
  appConnector: AppConnector;
  redirectUri: string;
  params: Record<string, string>;
}

class PageError extends Error {}

function headersFor(reply: FastifyReply, formTarget?: string): FastifyReply {
  // No script at all; forms may post here and be redirected to the client (Chrome checks form-action on redirects).
  const formAction = formTarget ? `'self' ${new URL(formTarget).origin}` : "'none'";
  return reply.headers({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
}

function single(source: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (Array.isArray(value)) throw new PageError(`parameter ${key} was sent more than once`);
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

async function checkClient(context: OAuthContext, environment: string | undefined, params: Record<string, string>) {
  if (!environment) throw new PageError('there is no environment at this address');
  if (!params.client_id) throw new PageError('client_id is missing');
  const client = await findClientRow(context.db, params.client_id);
  const appConnector = client ? await context.appConnectors(Number(client.app_connector_id)) : undefined;
  if (!client || !appConnector || appConnector.environment !== environment)
    throw new PageError(`client_id ${params.client_id} is not known in environment ${environment}`);
  if (!params.redirect_uri) throw new PageError('redirect_uri is missing');
  if (!redirectUriAllowed(JSON.parse(client.redirect_uris) as string[], params.redirect_uri))
    throw new PageError('redirect_uri is not one of the redirect URIs registered for this client');
  return { client, appConnector, redirectUri: params.redirect_uri, params } satisfies CheckedRequest;
}

function redirectBack(reply: FastifyReply, checked: CheckedRequest, values: Record<string, string>) {
  const url = new URL(checked.redirectUri);
  for (const [key, value] of Object.entries(values)) url.searchParams.append(key, value);
  if (checked.params.state !== undefined) url.searchParams.append('state', checked.params.state);
  return reply.code(303).headers({ location: url.href, 'cache-control': 'no-store' }).send();
}

/** RFC 6749 4.1.2.1 and RFC 7636 4.4.1: what may be wrong once the redirect URI is known good. */
async function requestError(
  context: OAuthContext,
  checked: CheckedRequest,
): Promise<Record<string, string> | undefined> {
  const { params } = checked;
  if (params.response_type !== 'code')
    return { error: 'unsupported_response_type', error_description: 'response_type must be code' };
  if (!params.code_challenge || !challengeWellFormed(params.code_challenge))
    return {
      error: 'invalid_request',
      error_description: 'code_challenge (S256, 43 base64url characters) is required',
    };
  if (params.code_challenge_method !== 'S256')
    return { error: 'invalid_request', error_description: 'code_challenge_method must be S256' };
  if ((await context.settings.mode(checked.appConnector.id)) === 'classic')
    return {
      error: 'unauthorized_client',
      error_description: `App Connector ${checked.appConnector.name} accepts classic tokens only`,
    };
  return undefined;
}

/** The form field that proves the POST came from our page: an HMAC, keyed by the cookie, of the request it shows. */
function csrfField(cookie: string, params: Record<string, string>): string {
  return createHmac('sha256', cookie)
    .update(PARAMS.map((name) => params[name] ?? '').join('\n'))
    .digest('base64url');
}

function csrfCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${CSRF_COOKIE}=([A-Za-z0-9_-]{43})(?:;|$)`).exec(header);
  return match?.[1];
}

function showConsent(
  request: FastifyRequest,
  reply: FastifyReply,
  checked: CheckedRequest,
  extra: { user?: string; wrongPassword?: boolean; retryMinutes?: number } = {},
  status = 200,
) {
  // One cookie per browser, kept while it is there, so two tabs signing in at once do not spoil each other.
  const cookie = csrfCookie(request) ?? randomBytes(32).toString('base64url');
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${CSRF_COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Strict${secure}`);
  const hidden: Record<string, string> = {};
  for (const name of PARAMS) if (checked.params[name] !== undefined) hidden[name] = checked.params[name]!;
  hidden.csrf = csrfField(cookie, checked.params);
  return headersFor(reply, checked.redirectUri)
    .code(status)
    .send(
      consentPage({
        language: request.language,
        clientName: checked.client.name,
        appConnector: checked.appConnector.name,
        environment: checked.appConnector.environment,
        gets: checked.appConnector.getConnectors.length,
        updates: checked.appConnector.updateConnectors.length,
        redirectHost: new URL(checked.redirectUri).host,
        hidden,
        ...extra,
      }),
    );
}

function showError(reply: FastifyReply, language: Language, error: unknown, status = 400) {
  if (!(error instanceof PageError)) throw error;
  return headersFor(reply).code(status).send(errorPage(language, error.message));
}

async function authorizeGet(context: OAuthContext, request: FastifyRequest, reply: FastifyReply) {
  let checked: CheckedRequest;
  try {
    checked = await checkClient(context, request.environment?.name, single(request.query as Record<string, unknown>));
  } catch (error) {
    return showError(reply, request.language, error);
  }
  const error = await requestError(context, checked);
  if (error) return redirectBack(reply, checked, error);
  return showConsent(request, reply, checked);
}

async function authorizePost(context: OAuthContext, limit: SignInLimit, request: FastifyRequest, reply: FastifyReply) {
  let checked: CheckedRequest;
  let form: Record<string, string>;
  try {
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') throw new PageError('the sign-in form was not sent as a form');
    form = single(Object.fromEntries(groupParams(new URLSearchParams(String(request.body ?? '')))));
    checked = await checkClient(context, request.environment?.name, pick(form));
    const cookie = csrfCookie(request);
    if (!cookie || !form.csrf || !sameText(form.csrf, csrfField(cookie, checked.params)))
      throw new PageError(
        'the sign-in form has expired or did not come from this page: start again from the application',
      );
  } catch (error) {
    return showError(reply, request.language, error, 403);
  }
  const error = await requestError(context, checked);
  if (error) return redirectBack(reply, checked, error);
  if (form.decision !== 'allow')
    return redirectBack(reply, checked, { error: 'access_denied', error_description: 'the user denied the request' });
  const environment = checked.appConnector.environment;
  const name = form.username ?? '';
  const now = context.now().getTime();
  const blocked = limit.blockedUntil(environment, name, now);
  if (blocked !== undefined)
    return showConsent(
      request,
      reply,
      checked,
      { user: name, retryMinutes: Math.max(1, Math.ceil((blocked - now) / 60_000)) },
      429,
    );
  const user = await checkPassword(context.db, environment, name, form.password ?? '');
  if (!user) {
    limit.failed(environment, name, now);
    return showConsent(request, reply, checked, { user: name, wrongPassword: true });
  }
  limit.succeeded(environment, name);
  const code = await issueCode(
    context.db,
    {
      client_id: checked.client.client_id,
      redirect_uri: checked.redirectUri,
      code_challenge: checked.params.code_challenge!,
      user_id: user,
    },
    context.now(),
  );
  return redirectBack(reply, checked, { code });
}

/** The parameters of the authorization request among the form's fields. */
function pick(form: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PARAMS) if (form[name] !== undefined) out[name] = form[name];
  return out;
}

/** Form fields as one value, or several when a name repeats (refused by `single`). */
function groupParams(params: URLSearchParams): [string, string | string[]][] {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of params) {
    const seen = out.get(key);
    out.set(key, seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value]);
  }
  return [...out];
}

export function registerAuthorizeRoutes(app: FastifyInstance, context: OAuthContext): void {
  app.get(AUTHORIZE_PATH, { config: { public: true } }, (request, reply) => authorizeGet(context, request, reply));
  const limit = new SignInLimit();
  app.post(AUTHORIZE_PATH, { config: { public: true } }, (request, reply) =>
    authorizePost(context, limit, request, reply),
  );
}
