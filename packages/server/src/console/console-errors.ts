// The console API's one error shape, `{"error":{"code","message","field"?}}`, and how the admin services' errors
// map to it. Must not render App Connector API errors: those keep AFAS's shape (http/error-handler.ts).

import { CodedError } from '@appconnector/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminError } from '../admin/environments.ts';
import { DefinitionError } from '../definitions/load.ts';

export type ConsoleErrorCode =
  | 'signInRequired'
  | 'wrongPassword'
  | 'tooManyAttempts'
  | 'csrf'
  | 'origin'
  | 'consoleLocalOnly'
  | 'invalid'
  | 'notFound'
  | 'conflict'
  | 'internal';

export class ConsoleError extends Error {
  override name = 'ConsoleError';
  constructor(
    readonly status: number,
    readonly code: ConsoleErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function invalid(message: string, field?: string): ConsoleError {
  return new ConsoleError(400, 'invalid', message, field);
}

function asConsoleError(error: unknown): ConsoleError | undefined {
  if (error instanceof ConsoleError) return error;
  if (error instanceof AdminError) {
    if (error.kind === 'notFound') return new ConsoleError(404, 'notFound', error.message);
    return new ConsoleError(
      /already exists/.test(error.message) ? 409 : 400,
      /already exists/.test(error.message) ? 'conflict' : 'invalid',
      error.message,
    );
  }
  if (error instanceof DefinitionError) return invalid(error.message);
  if (error instanceof CodedError && error.status < 500) return invalid(error.localized('en'));
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  if (typeof fastify?.code === 'string' && fastify.code.startsWith('FST_') && (fastify.statusCode ?? 500) < 500)
    return new ConsoleError(
      fastify.statusCode === 404 ? 404 : 400,
      fastify.statusCode === 404 ? 'notFound' : 'invalid',
      fastify.message ?? 'bad request',
    );
  return undefined;
}

export function sendConsoleError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const known = asConsoleError(error);
  if (!known) request.log.error({ err: error }, 'console: unexpected error');
  const answer = known ?? new ConsoleError(500, 'internal', 'something went wrong on the server (see its log)');
  return reply
    .code(answer.status)
    .headers(answer.headers)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(
      JSON.stringify({
        error: { code: answer.code, message: answer.message, ...(answer.field ? { field: answer.field } : {}) },
      }),
    );
}
