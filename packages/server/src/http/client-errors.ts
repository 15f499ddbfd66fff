// Answers to requests that never reach the framework (Node's HTTP parser refused them: an overlong URL or header
// block, a control byte, an unknown method, a broken request line), in AFAS's error shape with an error_log row.

import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { CodedError, type Language, MAX_QUERY_LENGTH } from '@appconnector/protocol';
import type { ErrorLog } from '../db/error-log.ts';
import { errorAnswer } from './error-handler.ts';

/** Node's default limit for the request line and headers together. */
export const MAX_HEADER_BYTES = 16 * 1024;

interface ParserError extends Error {
  code?: string;
  /** A Buffer at run time (Fastify's types describe its JSON form). */
  rawPacket?: unknown;
}

/** The request line as far as it came (what the parser held when it gave up), at most a few KB of it. */
function requestLine(error: ParserError): { line: string; complete: boolean } {
  const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : Buffer.alloc(0);
  const raw = packet.subarray(0, MAX_HEADER_BYTES + 2).toString('latin1');
  const end = raw.indexOf('\n');
  return end === -1 ? { line: raw, complete: false } : { line: raw.slice(0, end).replace(/\r$/, ''), complete: true };
}

function codedFor(error: ParserError): CodedError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return new CodedError('requestTimeout');
    case 'HPE_HEADER_OVERFLOW': {
      // An overflow within the request line is an overlong URL: a 404, as IIS answers it (PROTOCOL.md 1).
      const { line, complete } = requestLine(error);
      if (complete && line.length < MAX_HEADER_BYTES / 2)
        return new CodedError('headersTooLarge', { max: MAX_HEADER_BYTES });
      const at = line.indexOf('?');
      return at !== -1 && line.length - at > MAX_QUERY_LENGTH
        ? new CodedError('queryTooLong', { max: MAX_QUERY_LENGTH })
        : new CodedError('urlTooLong', { max: MAX_HEADER_BYTES });
    }
    case 'HPE_INVALID_METHOD': {
      const method = /^[\x21-\x7e]{1,20}/.exec(requestLine(error).line)?.[0] ?? '?';
      return new CodedError('methodNotAllowed', { method });
    }
    case 'HPE_INVALID_URL':
      return new CodedError('badRequest', {
        detail: 'the URL has a character HTTP does not allow (a control byte or a space)',
      });
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_HEADER_VALUE':
      return new CodedError('badRequest', { detail: 'a header is not valid HTTP' });
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new CodedError('badRequest', { detail: 'the Content-Length header is not valid' });
    default:
      return new CodedError('badRequest', { detail: `the request is not valid HTTP (${error.code ?? 'unknown'})` });
  }
}

/** Accept-Language as far as the parser had read it, when it had. */
function acceptLanguage(error: ParserError): string | undefined {
  if (!Buffer.isBuffer(error.rawPacket)) return undefined;
  const head = error.rawPacket.subarray(0, MAX_HEADER_BYTES + 2).toString('latin1');
  return /\naccept-language:[ \t]*([^\r\n]{0,200})/i.exec(head)?.[1];
}

export interface ClientErrorOptions {
  errorLog: ErrorLog;
  /** The language of the answer: the client's Accept-Language if the parser read it, else the default environment's. */
  language(acceptLanguage: string | undefined): Promise<Language>;
  log: { error(details: object, message: string): void };
}

/** Node's `clientError` listener (Fastify's clientErrorHandler): writes the answer on the raw socket, then closes it. */
export function clientErrorHandler(options: ClientErrorOptions): (error: ParserError, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const answerAndClose = async () => {
      const language = await options.language(acceptLanguage(error)).catch((): Language => 'en');
      const answer = await errorAnswer(
        options.errorLog,
        {
          language,
          environment: null,
          traceId: randomUUID().replaceAll('-', ''),
          integrationId: null,
          log: options.log,
        },
        codedFor(error),
      );
      if (!socket.writable) return;
      const head = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`];
      for (const [name, value] of Object.entries(answer.headers)) head.push(`${name}: ${value}`);
      head.push(`content-length: ${Buffer.byteLength(answer.body)}`, 'connection: close', '', '');
      socket.end(head.join('\r\n') + answer.body);
    };
    answerAndClose().catch((failure) => {
      options.log.error({ err: failure }, 'could not answer a client error');
      socket.destroy();
    });
  };
}
