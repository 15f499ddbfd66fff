// Public surface of @appconnector/client: the AfasClient, its option and result types, builders, errors, helpers.
// Hand-written on purpose: anything not listed here is internal and may change.

export type { Auth, AuthCall, AuthTarget } from './auth.ts';
export { classicToken } from './auth.ts';
export type { Change, ChangeCheckpoint, ChangesOptions } from './changes.ts';
export { ChangeFeed } from './changes.ts';
export type {
  ApiRequest,
  ClientChangesOptions,
  ClientCredentials,
  ClientOptions,
  ClientRowsOptions,
  ClientSettings,
  ConnectorIdOf,
  FetchLike,
  FieldOf,
  FileData,
  GetOptions,
  HttpMethod,
  ImageFormat,
  InsertOptions,
  OtpClientOptions,
  OtpCredentials,
  PayloadOf,
  RequestOptions,
  WriteOptions,
} from './client.ts';
export { AfasClient } from './client.ts';
export type { TypeSources } from './codegen.ts';
export { generateTypes } from './codegen.ts';
export { formatFilterDate, parseAfasDate } from './dates.ts';
export type { DeleteTarget } from './delete-url.ts';
export { deletePath } from './delete-url.ts';
export type { DpopKey, ProofOptions } from './dpop.ts';
export {
  createDpopKey,
  dpopKeyFromPair,
  dpopProof,
  dpopThumbprint,
  exportDpopKey,
  importDpopKey,
} from './dpop.ts';
export {
  AfasError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PayloadValidationError,
  ProfitError,
  ServiceUnavailableError,
  TimeoutError,
} from './errors.ts';
export type { FilterBuilder, FilterInput, FilterValue } from './filter-builder.ts';
export { f, filterBuilder } from './filter-builder.ts';
export type { TokenAuthOptions } from './oauth-auth.ts';
export { TokenAuth } from './oauth-auth.ts';
export type {
  AuthorizationResponse,
  AuthorizationUrlOptions,
  CodeExchange,
  OAuthClientOptions,
} from './oauth-client.ts';
export { OAuthClient } from './oauth-client.ts';
export type { OAuthErrorCode } from './oauth-errors.ts';
export { OAuthError } from './oauth-errors.ts';
export type { OAuthTokens } from './oauth-tokens.ts';
export { checkTokens } from './oauth-tokens.ts';
export type { OrderBy, RowsOptions } from './paging.ts';
export type {
  ElementInput,
  FieldValue,
  InputOf,
  KeyValue,
  PayloadElement,
  PayloadInput,
  UpdateAction,
  UpdatePayload,
} from './payload-builder.ts';
export { buildPayload } from './payload-builder.ts';
export type { ValidationOptions } from './payload-validator.ts';
export { validatePayload } from './payload-validator.ts';
export type { Pkce } from './pkce.ts';
export { createPkce, pkceChallenge } from './pkce.ts';
export { parseProfitJson, withLeadingZeros } from './profit-json.ts';
export { RawPage, RawRow, splitPage, splitRows } from './raw-rows.ts';
export type { RetryOptions } from './retry.ts';
export type { EnvironmentOptions } from './urls.ts';
export { ENVIRONMENT_PLACEHOLDER, officialBaseUrl } from './urls.ts';
