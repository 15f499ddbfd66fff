// The one boundary where errors become answers (PROTOCOL.md 6): the AFAS error body in key order, X-Profit-Error,
// a profitLogReference whose log entry keeps the detail. Unexpected errors show the client only the reference.

import { randomBytes } from 'node:crypto';
import {
  CodedError,
  ERRORS,
  type Language,
  MAX_BODY_BYTES,
  type ProfitErrorBody,
  type UnavailableBody,
} from '@appconnector/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorLog } from '../db/error-log.ts';

/** The longest path segment the router takes (Fastify's maxParamLength); longer is a 404 as IIS answers it. */
export const MAX_SEGMENT_LENGTH = 4096;

function fromFrameworkError(error: FastifyError): CodedError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CodedError('bodyTooLarge', { max: MAX_BODY_BYTES });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new CodedError('invalidJson', { detail: error.message });
    case 'FST_ERR_BAD_URL':
      return new CodedError('badRequest', { detail: 'the path has a %-escape that is not UTF-8' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new CodedError('urlTooLong', { max: MAX_SEGMENT_LENGTH });
    default:
      if (error.statusCode === 404) return new CodedError('notFound');
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
        return new CodedError('badRequest', { detail: error.message });
      return new CodedError('unexpected');
  }
}

export function newLogReference(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** What an error answer needs to know of its request; the framework's own errors may come without a request. */
export interface ErrorContext {
  language: Language;
  environment: string | null;
  traceId: string;
  integrationId: string | null;
  log: { error(details: object, message: string): void };
}

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes the error's log row and answers what to send: one place for the shape of every error answer. */
export async function errorAnswer(errorLog: ErrorLog, context: ErrorContext, error: unknown): Promise<ErrorAnswer> {
  const coded =
    error instanceof CodedError
      ? error
      : (error as FastifyError)?.code?.startsWith?.('FST_')
        ? fromFrameworkError(error as FastifyError)
        : undefined;
  const failure = coded ?? new CodedError('unexpected');
  const reference = newLogReference();
  const message = failure.localized(context.language);
  const detail = coded ? message : ((error as Error)?.stack ?? String(error));
  if (!coded) context.log.error({ err: error, profitLogReference: reference }, 'unexpected error');
  try {
    await errorLog.write({
      reference,
      environment: context.environment,
      status: failure.status,
      code: failure.code,
      message,
      detail,
      traceId: context.traceId,
      integrationId: context.integrationId,
    });
  } catch (logError) {
    context.log.error({ err: logError }, 'could not write the error log');
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-trace-identifier': context.traceId,
  };
  if (failure.status === 503) {
    const retryAfter = Number(failure.params.retryAfter ?? 60);
    const unavailable: UnavailableBody = { error: { code: '503', message }, retry_after: retryAfter };
    headers['retry-after'] = String(retryAfter);
    return { status: 503, headers, body: JSON.stringify(unavailable) };
  }
  const body: ProfitErrorBody = {
    externalMessage: message,
    errorNumber: ERRORS[failure.code].errorNumber,
    profitLogReference: reference,
  };
  // An OAuth refusal names its own challenge (RFC 6750 3, RFC 9449 7.1); classic ones ask for an AfasToken.
  if (failure.params.challenge) headers['www-authenticate'] = String(failure.params.challenge);
  else if (failure.status === 401 || failure.status === 403)
    headers['www-authenticate'] = 'AfasToken realm="ProfitRestServices"';
  if (failure.params.dpopNonce) headers['dpop-nonce'] = String(failure.params.dpopNonce);
  headers['x-profit-error'] = Buffer.from(message, 'utf8').toString('base64');
  return { status: failure.status, headers, body: JSON.stringify(body) };
}

export async function sendError(
  errorLog: ErrorLog,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): Promise<void> {
  const answer = await errorAnswer(
    errorLog,
    {
      language: request.language ?? 'en',
      environment: request.environment?.name ?? null,
      traceId: String(request.id),
      integrationId: request.integrationId ?? null,
      log: request.log,
    },
    error,
  );
  reply.code(answer.status).headers(answer.headers).send(answer.body);
}
