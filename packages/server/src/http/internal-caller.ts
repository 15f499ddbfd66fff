// Calls the server makes to itself for the console's runner and composer (app.inject): they pass the real route
// stages with an administrator's principal. A header holding a secret of this process marks them; nobody outside
// the process can know it, and any other value of the header is ignored (the call is then authenticated as usual).

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppConnector } from '../admin/app-connectors.ts';
import type { Environment } from '../admin/environments.ts';
import type { Principal } from '../auth/authenticate.ts';

export const INTERNAL_HEADER = 'x-appconnector-internal';
/** The user an internal call acts as (stamped on what a composed write stores). */
export const INTERNAL_USER_HEADER = 'x-appconnector-internal-user';

export class InternalCaller {
  private readonly secret = randomBytes(32).toString('base64url');

  /** The headers that make an injected call internal, acting as `userId`. */
  headers(userId: string): Record<string, string> {
    return { [INTERNAL_HEADER]: this.secret, [INTERNAL_USER_HEADER]: userId };
  }

  isInternal(headers: Record<string, string | string[] | undefined>): boolean {
    const presented = headers[INTERNAL_HEADER];
    if (typeof presented !== 'string') return false;
    const a = Buffer.from(presented);
    const b = Buffer.from(this.secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** An administrator of the environment: every connector it defines, as if linked to one App Connector. */
  principal(
    environment: Environment,
    connectors: { get: string[]; update: string[] },
    headers: Record<string, string | string[] | undefined>,
  ): Principal {
    const user = headers[INTERNAL_USER_HEADER];
    const appConnector: AppConnector = {
      id: 0,
      environment: environment.name,
      name: '(console)',
      description: 'calls made by the web console',
      ipAllowlist: null,
      getConnectors: connectors.get,
      updateConnectors: connectors.update,
    };
    return {
      environment,
      appConnector,
      userId: typeof user === 'string' && user !== '' ? user : 'console',
      tokenExpiry: null,
      canGet: () => true,
      canUpdate: () => true,
    };
  }
}
