// Typed errors of the SDK: one class per HTTP status the API uses, plus transport and validation failures.
// Must not perform requests or decide about retries: it only reads a failed response into an error value.

import type { ErrorCode } from '@appconnector/protocol';

export interface AfasErrorDetails {
  status?: number | undefined;
  headers?: Headers | undefined;
  body?: unknown;
  externalMessage?: string | undefined;
  errorNumber?: number | undefined;
  profitLogReference?: string | undefined;
  cause?: unknown;
}

/** Every error the SDK throws. HTTP errors have a `status`; transport errors do not. */
export class AfasError extends Error {
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  /** `X-Trace-Identifier` of the response, to quote when asking the server's administrator. */
  readonly traceId: string | undefined;
  /** The parsed JSON body, or its text when it was not JSON. */
  readonly body: unknown;
  readonly externalMessage: string | undefined;
  readonly errorNumber: number | undefined;
  /** Key of the entry in the environment's log that holds the full detail. */
  readonly profitLogReference: string | undefined;

  constructor(message: string, details: AfasErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.headers = details.headers;
    this.traceId = details.headers?.get('x-trace-identifier') ?? undefined;
    this.body = details.body;
    this.externalMessage = details.externalMessage;
    this.errorNumber = details.errorNumber;
    this.profitLogReference = details.profitLogReference;
  }
}

export class BadRequestError extends AfasError {}
export class AuthenticationError extends AfasError {}
export class ForbiddenError extends AfasError {}
export class NotFoundError extends AfasError {}
export class PayloadTooLargeError extends AfasError {}
/** 500: Profit refused the content (validation, unknown field, unexpected error); see `externalMessage`. */
export class ProfitError extends AfasError {}

export class ServiceUnavailableError extends AfasError {
  /** Seconds to wait before trying again, from the body's `retry_after` or the `Retry-After` header. */
  readonly retryAfter: number | undefined;

  constructor(message: string, details: AfasErrorDetails & { retryAfter?: number | undefined }) {
    super(message, details);
    this.retryAfter = details.retryAfter;
  }
}

/** The server could not be reached or the connection broke; no status. */
export class ConnectionError extends AfasError {}

/** No complete answer within the timeout. */
export class TimeoutError extends AfasError {}

/** A payload did not pass validation against `metainfo/update`; nothing was sent. */
export class PayloadValidationError extends AfasError {
  /** The catalogue code of the failed rule (`mandatory`, `unknownField`, `valueTooLong`, ...). */
  readonly code: ErrorCode;
  readonly object: string;
  readonly field: string | undefined;

  /** Every problem found, this one first: validation does not stop at the first. */
  problems: PayloadValidationError[] = [this];

  constructor(message: string, code: ErrorCode, object: string, field?: string) {
    super(message);
    this.code = code;
    this.object = object;
    this.field = field;
  }

  /** One error for several problems: the first one's code, object and field, and every message. */
  static of(problems: PayloadValidationError[]): PayloadValidationError {
    const [first, ...rest] = problems;
    if (rest.length === 0) return first!;
    const message = `${problems.length} problems: ${problems.map((p, i) => `(${i + 1}) ${p.message}`).join(' ')}`;
    const error = new PayloadValidationError(message, first!.code, first!.object, first!.field);
    error.problems = problems;
    return error;
  }
}

const BY_STATUS: Record<number, typeof AfasError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: ForbiddenError,
  404: NotFoundError,
  413: PayloadTooLargeError,
  500: ProfitError,
};

function decodeBase64(text: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Seconds from a `Retry-After` header: a number of seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * The error for a response that failed: any non-2xx status, or a 2xx that carries `X-Profit-Error`
 * (an obsolete header, but some servers signal errors only with it).
 */
export function errorFromResponse(status: number, headers: Headers, bodyText: string): AfasError {
  let body: unknown = bodyText;
  try {
    if (bodyText.trim() !== '') body = JSON.parse(bodyText);
  } catch {
    // Not JSON: keep the text, the headers may still say what went wrong.
  }
  const json = record(body);
  const headerMessage = headers.get('x-profit-error');
  const externalMessage =
    text(json?.externalMessage) ??
    (headerMessage ? (decodeBase64(headerMessage) ?? headerMessage) : undefined) ??
    text(record(json?.error)?.message) ??
    text(json?.message);
  const details: AfasErrorDetails = {
    status,
    headers,
    body,
    externalMessage,
    errorNumber: typeof json?.errorNumber === 'number' ? json.errorNumber : undefined,
    profitLogReference: text(json?.profitLogReference),
  };
  const message = `${status} ${externalMessage ?? (typeof body === 'string' && body !== '' ? body : 'status code (no body)')}`;
  if (status === 503) {
    const fromBody = json?.retry_after;
    const retryAfter =
      typeof fromBody === 'number' && Number.isFinite(fromBody)
        ? fromBody
        : parseRetryAfter(headers.get('retry-after'));
    return new ServiceUnavailableError(message, { ...details, retryAfter });
  }
  // A 2xx with X-Profit-Error is a content error of Profit, the same as a 500.
  const Class = status >= 200 && status < 300 ? ProfitError : (BY_STATUS[status] ?? AfasError);
  return new Class(message, details);
}
