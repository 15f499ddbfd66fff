// When a failed call may be tried again and how long to wait: exponential backoff with jitter, Retry-After honoured.
// Must not perform requests: the client core calls these decisions around each attempt.

import { AfasError, ConnectionError, parseRetryAfter, ServiceUnavailableError, TimeoutError } from './errors.ts';

export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 2. */
  maxRetries?: number;
  /** Retry POST, PUT and DELETE too. Off by default: writes have no idempotency keys, a retry may write twice. */
  retryWrites?: boolean;
  /** First backoff delay in ms, doubled per retry. Default 500. */
  initialDelayMs?: number;
  /** Upper bound of a computed backoff delay in ms. Default 8000. */
  maxDelayMs?: number;
  /** Upper bound in ms of a wait asked for by the server (`retry_after`, `Retry-After`). Default 60000. */
  maxRetryAfterMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxRetries: 2,
  retryWrites: false,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
});

/** Statuses that say "not now" rather than "not this": overload, maintenance, gateways. */
const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

export function resolveRetryPolicy(options: RetryOptions | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...stripUndefined(options ?? {}) };
  if (!Number.isInteger(policy.maxRetries) || policy.maxRetries < 0) {
    throw new RangeError('maxRetries must be a whole number >= 0');
  }
  return policy;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whether an error of one attempt is worth another attempt (attempts left is the caller's count). */
export function isRetryable(error: unknown, method: string, policy: RetryPolicy): boolean {
  const write = method.toUpperCase() !== 'GET';
  if (write && !policy.retryWrites) return false;
  if (error instanceof ConnectionError || error instanceof TimeoutError) return true;
  return error instanceof AfasError && error.status !== undefined && RETRY_STATUSES.has(error.status);
}

/** The wait before retry number `retry` (0-based): the server's wish if it said one, else backoff with jitter. */
export function retryDelay(error: unknown, retry: number, policy: RetryPolicy, random: () => number = Math.random) {
  const asked =
    error instanceof ServiceUnavailableError
      ? error.retryAfter
      : error instanceof AfasError
        ? parseRetryAfter(error.headers?.get('retry-after'))
        : undefined;
  if (asked !== undefined) return Math.min(asked * 1000, policy.maxRetryAfterMs);
  const backoff = Math.min(policy.initialDelayMs * 2 ** retry, policy.maxDelayMs);
  // Up to 25% less, so that many clients thrown off together do not come back together.
  return backoff * (1 - random() * 0.25);
}
