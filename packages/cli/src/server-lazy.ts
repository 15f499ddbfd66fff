// @appconnector/server, loaded at first use: --version, --help and the client commands never load Fastify, the
// database drivers or sharp, which is most of the CLI's start time (the `cli-start` scenario of `npm run bench`).

import type * as Server from '@appconnector/server';

type ServerModule = typeof Server;
type AsyncExport = {
  [K in keyof ServerModule]: ServerModule[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof ServerModule];

let loaded: ServerModule | undefined;

/** The server module, imported on the first call. Synchronous exports (loadConfig, constants) are used through it. */
export async function loadServer(): Promise<ServerModule> {
  loaded ??= await import('@appconnector/server');
  return loaded;
}

/** The server module if something has loaded it: errors of its classes can only exist then. */
export function loadedServer(): ServerModule | undefined {
  return loaded;
}

/** An asynchronous export of the server that loads the module at its first call. */
function lazy<K extends AsyncExport>(name: K): ServerModule[K] {
  const call = async (...args: unknown[]) => {
    const fn = (await loadServer())[name] as (...args: unknown[]) => Promise<unknown>;
    return fn(...args);
  };
  return call as ServerModule[K];
}

export const boot = lazy('boot');
export const startServer = lazy('startServer');
export const createAppConnector = lazy('createAppConnector');
export const createDemoEnvironment = lazy('createDemoEnvironment');
export const createEnvironment = lazy('createEnvironment');
export const createToken = lazy('createToken');
export const enableOtp = lazy('enableOtp');
export const findAppConnector = lazy('findAppConnector');
export const linkConnectors = lazy('linkConnectors');
export const listAppConnectors = lazy('listAppConnectors');
export const listEnvironments = lazy('listEnvironments');
export const listTokens = lazy('listTokens');
export const readOutbox = lazy('readOutbox');
export const readStoredRecords = lazy('readStoredRecords');
export const revokeTokens = lazy('revokeTokens');
export const setMaintenance = lazy('setMaintenance');
export const setProfitVersion = lazy('setProfitVersion');
export const unlinkConnectors = lazy('unlinkConnectors');
export const createOAuthClient = lazy('createOAuthClient');
export const listOAuthClients = lazy('listOAuthClients');
export const deleteOAuthClient = lazy('deleteOAuthClient');
export const setAuthMode = lazy('setAuthMode');
export const classicTokenDates = lazy('classicTokenDates');
export const setClassicTokenDates = lazy('setClassicTokenDates');
export const setUserPassword = lazy('setUserPassword');
export const listUsers = lazy('listUsers');
export const deleteUser = lazy('deleteUser');
export const setConsolePassword = lazy('setConsolePassword');
