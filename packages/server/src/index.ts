// Public surface of @appconnector/server, used by the CLI and the benchmark. Hand-written: anything not listed
// is internal.

export type { AppConnector, ConnectorKind } from './admin/app-connectors.ts';
export {
  createAppConnector,
  findAppConnector,
  linkConnectors,
  listAppConnectors,
  unlinkConnectors,
} from './admin/app-connectors.ts';
export type { CopiedEnvironment, CopyEnvironmentOptions, CopyProgress } from './admin/copy-environment.ts';
export { copyEnvironment } from './admin/copy-environment.ts';
export type {
  DefinitionChange,
  DefinitionFile,
  DefinitionImportPlan,
  ExportedDefinitions,
  ImportOptions,
} from './admin/environment-definitions.ts';
export {
  addEnvironmentCustomField,
  copyEnvironmentDefinitions,
  environmentDefinitionFiles,
  exportEnvironmentDefinitions,
  importEnvironmentDefinitions,
  registryForEnvironment,
  resetEnvironmentDefinitions,
  serverDefinitionFiles,
  setGetConnectorBlocked,
} from './admin/environment-definitions.ts';
export type { Environment } from './admin/environments.ts';
export {
  AdminError,
  createEnvironment,
  DEFAULT_PROFIT_VERSION,
  listEnvironments,
  setMaintenance,
  setProfitVersion,
} from './admin/environments.ts';
export type { StoredQuery, StoredRecord, StoredResult, StoredValue } from './admin/stored-records.ts';
export { DEFAULT_LAST, MAX_LAST, readStoredRecords } from './admin/stored-records.ts';
export type { CreatedToken, TokenInfo } from './admin/tokens.ts';
export { createToken, listTokens, revokeTokens } from './admin/tokens.ts';
export { DEFAULT_ANONYMISE_SEED } from './anonymise/fake-values.ts';
export type { AppOptions } from './app.ts';
export { buildApp } from './app.ts';
export type { Runtime } from './boot.ts';
export { boot } from './boot.ts';
export type { ServerConfig } from './config.ts';
export { envFlag, loadConfig, maskedConfig } from './config.ts';
export type { CustomFieldInfo } from './console/admin-routes.ts';
export type { ConsolePassword } from './console/console-password.ts';
export { consolePassword, MIN_CONSOLE_PASSWORD_LENGTH, setConsolePassword } from './console/console-password.ts';
export type { ConsoleOptions } from './console/console-plugin.ts';
export type { AddCustomFieldOptions, AddedCustomField } from './definitions/custom-fields.ts';
export { addCustomField, exportDefinitions } from './definitions/custom-fields.ts';
export { DEMO_DEFINITIONS, DefinitionError, readDefinitionFiles } from './definitions/load.ts';
export {
  createDemoEnvironment,
  DEFAULT_DEMO_EMPLOYEES,
  DEMO_APP_CONNECTOR,
  DEMO_ENVIRONMENT,
  loadDemoData,
} from './demo/setup-demo.ts';
export { serverExtensions } from './extensions.ts';
export type { RequestLogEntry } from './http/request-log.ts';
export type { MirrorDefinitions, MirroredTable, MirrorSource } from './mirror/mirror-definitions.ts';
export { mirrorDefinitions } from './mirror/mirror-definitions.ts';
export type { MirrorEnvironmentOptions, MirroredEnvironment } from './mirror/mirror-environment.ts';
export { checkNewEnvironment, createMirrorEnvironment } from './mirror/mirror-environment.ts';
export type { AuthMode, ClassicTokenDates } from './oauth/auth-settings.ts';
export {
  AUTH_MODES,
  authModeOf,
  classicTokenDates,
  setAuthMode,
  setClassicTokenDates,
} from './oauth/auth-settings.ts';
export type { CreateClientOptions, CreatedOAuthClient, OAuthClient } from './oauth/clients.ts';
export { createOAuthClient, deleteOAuthClient, listOAuthClients } from './oauth/clients.ts';
export { deleteUser, listUsers, MIN_PASSWORD_LENGTH, setUserPassword } from './oauth/users.ts';
export type { OtpCredentials, OutboxMail } from './otp/otp-service.ts';
export { enableOtp, readOutbox } from './otp/otp-service.ts';
export type { RunningServer } from './serve.ts';
export { startServer } from './serve.ts';
