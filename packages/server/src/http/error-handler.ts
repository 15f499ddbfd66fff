// The one boundary where errors become answers (PROTOCOL.md 6): the AFAS error body in key order, X-Profit-Error,
// a profitLogReference whose log entry keeps the detail. Unexpected errors show the client only the reference.

import { randomBytes } from 'node:crypto';
import { CodedError, ERRORS, MAX_BODY_BYTES, type ProfitErrorBody, type UnavailableBody } from '@appconnector/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';

function fromFrameworkError(error: FastifyError): CodedError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CodedError('bodyTooLarge', { max: MAX_BODY_BYTES });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new CodedError('invalidJson', { detail: error.message });
    default:
      if (error.statusCode === 404) return new CodedError('notFound');
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
        return new CodedError('missingElement', { detail: error.message });
      return new CodedError('unexpected');
  }
}

export function newLogReference(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export async function sendError(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): Promise<void> {
  const coded =
    error instanceof CodedError
      ? error
      : (error as FastifyError)?.code?.startsWith?.('FST_')
        ? fromFrameworkError(error as FastifyError)
        : undefined;
  const failure = coded ?? new CodedError('unexpected');
  const reference = newLogReference();
  const message = failure.localized(request.language ?? 'en');
  const detail = coded ? message : ((error as Error)?.stack ?? String(error));
  if (!coded) request.log.error({ err: error, profitLogReference: reference }, 'unexpected error');
  try {
    await db.kysely
      .withSchema(db.systemSchema)
      .insertInto('error_log')
      .values({
        reference,
        environment: request.environment?.name ?? null,
        at: new Date().toISOString(),
        status: failure.status,
        code: failure.code,
        message,
        detail,
        trace_id: String(request.id),
        integration_id: request.integrationId ?? null,
      })
      .execute();
  } catch (logError) {
    request.log.error({ err: logError }, 'could not write the error log');
  }
  if (failure.status === 503) {
    const retryAfter = Number(failure.params.retryAfter ?? 60);
    const unavailable: UnavailableBody = { error: { code: '503', message }, retry_after: retryAfter };
    reply.code(503).header('content-type', 'application/json; charset=utf-8').header('retry-after', String(retryAfter));
    reply.send(JSON.stringify(unavailable));
    return;
  }
  const body: ProfitErrorBody = {
    externalMessage: message,
    errorNumber: ERRORS[failure.code].errorNumber,
    profitLogReference: reference,
  };
  if (failure.status === 401 || failure.status === 403)
    reply.header('www-authenticate', 'AfasToken realm="ProfitRestServices"');
  reply
    .code(failure.status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('x-profit-error', Buffer.from(message, 'utf8').toString('base64'))
    .send(JSON.stringify(body));
}
