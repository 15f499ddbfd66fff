// GET /SubjectConnector, /FileConnector and /ImageConnector (PROTOCOL.md 7), path and query forms: glue the file
// stages (URL -> readable sources -> find -> size -> render). Thin: missing and not allowed both throw fileNotFound.

import { CodedError } from '@appconnector/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../http/context.ts';
import { rawQuery } from '../http/request-url.ts';
import { queryParameters } from '../read/read-request.ts';
import { type FileLookup, findFile, readableSources, type StoredFile } from './file-read.ts';
import { parseImageFormat, sizedImage } from './image-sizes.ts';
import { imageMimeOf, mimeTypeOf, UNKNOWN_MIME_TYPE } from './mime-types.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

type Params = Record<string, string | undefined>;

/** A file the token may read, or fileNotFound: a caller learns nothing about files it has no rights to. */
async function lookUp(context: ServerContext, request: FastifyRequest, lookup: FileLookup): Promise<StoredFile> {
  const principal = request.principal!;
  const sources = readableSources(context.registry, principal, lookup.endpoint);
  if (sources.length === 0) throw new CodedError('fileNotFound');
  const schema = await context.db.environmentSchema(principal.environment.name);
  const found = await findFile(context.db, schema, sources, lookup);
  if (!found) throw new CodedError('fileNotFound');
  return found;
}

/** Path segments first (`/FileConnector/{id}/{name}`), else the query (`?fileid=&filename=`, names in any case). */
function ids(request: FastifyRequest, names: readonly string[]): string[] {
  const params = request.params as Params;
  const query = queryParameters(rawQuery(request.url));
  return names.map((name) => params[name] ?? query.get(name.toLowerCase()) ?? '');
}

/** PROTOCOL.md 7: the file as `{filename, mimetype, filedata}`, the MIME type from the name when none is stored. */
function sendFile(reply: FastifyReply, file: { mime: string | null; data: Buffer }, name: string) {
  // Written out rather than JSON.stringify-ed (here and for images): base64 needs no escaping, and a file of tens
  // of MB is not copied once more into a second string.
  const head = `{"filename":${JSON.stringify(name)},"mimetype":${JSON.stringify(file.mime ?? mimeTypeOf(name))}`;
  return reply
    .code(200)
    .type(JSON_TYPE)
    .send(`${head},"filedata":"${file.data.toString('base64')}"}`);
}

export function registerFileRoutes(app: FastifyInstance, context: ServerContext): void {
  const subject = async (request: FastifyRequest, reply: FastifyReply) => {
    const file = await lookUp(context, request, { endpoint: 'subject', ids: ids(request, ['subjectId', 'fileId']) });
    return sendFile(reply, file, file.name ?? '');
  };
  app.get('/ProfitRestServices/SubjectConnector', subject);
  app.get('/ProfitRestServices/SubjectConnector/:subjectId/:fileId', subject);

  const fileById = async (request: FastifyRequest, reply: FastifyReply) => {
    const [fileId, fileName] = ids(request, ['fileId', 'fileName']) as [string, string];
    // The name is part of the address: a right id with a wrong name is not found, as in Profit.
    if (fileName === '') throw new CodedError('fileNotFound');
    const file = await lookUp(context, request, { endpoint: 'file', ids: [fileId], name: fileName });
    return sendFile(reply, file, file.name ?? fileName);
  };
  app.get('/ProfitRestServices/FileConnector', fileById);
  app.get('/ProfitRestServices/FileConnector/:fileId/:fileName', fileById);

  app.get<{ Params: { id: string } }>('/ProfitRestServices/ImageConnector/:id', async (request, reply) => {
    // Access first: a token that may not read the picture gets 404 whatever else it asks.
    const file = await lookUp(context, request, { endpoint: 'image', ids: [request.params.id] });
    const raw = queryParameters(rawQuery(request.url)).get('format');
    const format = parseImageFormat(raw);
    if (format === undefined)
      throw new CodedError('validation', { message: `Format '${raw}' does not exist: use 0, 1 or 2.` });
    const mime = file.mime ?? imageMimeOf(file.data) ?? (file.name ? mimeTypeOf(file.name) : UNKNOWN_MIME_TYPE);
    const image = await sizedImage({ data: file.data, mime }, format);
    const body = `{"filedata":"${image.data.toString('base64')}","mimetype":${JSON.stringify(image.mime)}}`;
    return reply.code(200).type(JSON_TYPE).send(body);
  });
}
