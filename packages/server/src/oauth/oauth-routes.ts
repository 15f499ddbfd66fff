// The OAuth 2 endpoints of PROTOCOL.md 2, all public (they authenticate clients and users themselves):
// /oauth/authorize (sign-in and consent page), /oauth/token, /oauth/revoke.

import type { FastifyInstance } from 'fastify';
import { registerAuthorizeRoutes } from './authorize-routes.ts';
import type { OAuthContext } from './oauth-context.ts';
import { registerTokenRoutes } from './token-routes.ts';

export function registerOAuthRoutes(app: FastifyInstance, context: OAuthContext): void {
  registerAuthorizeRoutes(app, context);
  registerTokenRoutes(app, context);
}
