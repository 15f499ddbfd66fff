// Runs a client command's action and turns what the SDK throws into a message and an exit code: auth 3, not found
// 4, server or Profit 5, connection or timeout 6, filter syntax 2. Must not retry or decide anything about calls.

import {
  AfasError,
  AuthenticationError,
  ConnectionError,
  ForbiddenError,
  NotFoundError,
  OAuthError,
  TimeoutError,
} from '@appconnector/client';
import { FilterSyntaxError } from '../filter-expression.ts';
import { CliError, EXIT } from '../output.ts';

/** The exit code of an SDK failure: auth 3, not found 4, server/Profit 5, connection/timeout 6. */
function exitCodeOf(error: AfasError): number {
  if (error instanceof AuthenticationError || error instanceof ForbiddenError) return EXIT.auth;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof ConnectionError || error instanceof TimeoutError) return EXIT.connection;
  // Everything else is the server's or Profit's refusal, PayloadValidationError included: --validate refuses
  // before sending what Profit would refuse after, and both should look the same to a script.
  return EXIT.server;
}

/** The SDK error's message plus what support needs to find it in the server's log. */
function describeFailure(error: AfasError): string {
  if (error instanceof ConnectionError) return `${error.message}${networkCause(error)}`;
  const facts = [
    error.errorNumber === undefined ? '' : `errorNumber ${error.errorNumber}`,
    error.profitLogReference ? `log reference ${error.profitLogReference}` : '',
    error.traceId ? `trace ${error.traceId}` : '',
  ].filter(Boolean);
  return facts.length === 0 ? error.message : `${error.message} (${facts.join(', ')})`;
}

/** fetch says only "fetch failed"; the system error under it says why (ECONNREFUSED, ENOTFOUND, ...). */
function networkCause(error: Error): string {
  let deepest: Error | undefined;
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string')
      return ` (${cause.message.includes(code) ? cause.message : `${code}: ${cause.message}`})`;
    deepest = cause;
  }
  return deepest && deepest.message !== 'fetch failed' ? ` (${deepest.message})` : '';
}

/** Wraps a command action so SDK and filter errors leave with their own exit code and a clear message. */
export function clientAction<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      throw asCliError(error);
    }
  };
}

export function asCliError(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof AfasError) return new CliError(describeFailure(error), exitCodeOf(error));
  if (error instanceof OAuthError) {
    // The authorization server's own failure is the server's; every other refusal is about who signs in.
    const server = error.error === 'server_error' || error.error === 'temporarily_unavailable';
    const hint = error.error === 'invalid_grant' ? ' (sign in again: appconnector login)' : '';
    return new CliError(`OAuth: ${error.message}${hint}`, server ? EXIT.server : EXIT.auth);
  }
  if (error instanceof FilterSyntaxError) return new CliError(error.message, EXIT.usage);
  return error;
}
