// Public surface of @appconnector/client: the AfasClient, its option and result types, builders, errors, helpers.
// Hand-written on purpose: anything not listed here is internal and may change.

export type { Change, ChangeCheckpoint, ChangesOptions } from './changes.ts';
export { ChangeFeed } from './changes.ts';
export type {
  ApiRequest,
  ClientChangesOptions,
  ClientOptions,
  ClientRowsOptions,
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
export { parseProfitJson, withLeadingZeros } from './profit-json.ts';
export { RawRow, splitRows } from './raw-rows.ts';
export type { RetryOptions } from './retry.ts';
export type { EnvironmentOptions } from './urls.ts';
export { ENVIRONMENT_PLACEHOLDER, officialBaseUrl } from './urls.ts';
