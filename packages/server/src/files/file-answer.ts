// How File-, Subject-, Image- and ReportConnector answer a file (PROTOCOL.md 7): AFAS's JSON envelope with the bytes
// in base64, or with `SendFileAsBinary: 1` the bytes themselves with Content-Type and Content-Disposition.

import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';

const JSON_TYPE = 'application/json; charset=utf-8';

export interface FileAnswer {
  data: Buffer;
  mime: string;
  /** The stored name, as the JSON shape answers it (may be empty). */
  name: string;
  /** The download's name when the stored one is empty or unusable. */
  fallbackName: string;
}

/** `SendFileAsBinary: 1` (also `true`): clients send it when their user asks for the bytes; `0` or absent: JSON. */
export function wantsBinary(request: FastifyRequest): boolean {
  const value = request.headers.sendfileasbinary;
  const text = (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase();
  return text === '1' || text === 'true';
}

/**
 * A name a client can save under: the last segment of any path, no control characters, never empty. Names come
 * from clients (KnSubject FileName): `../../x` or a line break must not reach the client's file system or a header.
 */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const last = (name ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = last.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}

/** The ASCII name for clients that do not read RFC 5987's `filename*`: accents dropped, anything else `_`. */
function asciiName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
}

function sendBinary(reply: FastifyReply, file: FileAnswer) {
  const name = safeFileName(file.name, file.fallbackName);
  return reply
    .code(200)
    .header('content-type', file.mime)
    .header('content-disposition', contentDisposition(name, { fallback: asciiName(name) }))
    .send(file.data);
}

/**
 * `{"filename","mimetype","filedata"}` (FileConnector, SubjectConnector) or, without the name, `{"filedata",
 * "mimetype"}` (ImageConnector, ReportConnector); the bytes instead when the client asks for them.
 */
export function sendFileAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  file: FileAnswer,
  shape: 'named' | 'unnamed',
) {
  if (wantsBinary(request)) return sendBinary(reply, file);
  // Written out rather than JSON.stringify-ed: base64 needs no escaping, and a file of tens of MB is not copied once
  // more into a second string.
  const data = file.data.toString('base64');
  const mime = JSON.stringify(file.mime);
  const body =
    shape === 'named'
      ? `{"filename":${JSON.stringify(file.name)},"mimetype":${mime},"filedata":"${data}"}`
      : `{"filedata":"${data}","mimetype":${mime}}`;
  return reply.code(200).type(JSON_TYPE).send(body);
}
