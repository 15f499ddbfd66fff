// GET /SubjectConnector, /FileConnector and /ImageConnector (PROTOCOL.md 7), path and query forms: glue the file
// stages (URL -> spellings -> readable sources -> find -> size -> answer). Missing and not allowed: fileNotFound.

import { CodedError } from '@appconnector/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../http/context.ts';
import { rawQuery } from '../http/request-url.ts';
import { queryParameters } from '../read/read-request.ts';
import { sendFileAnswer } from './file-answer.ts';
import { fileNameSpellings } from './file-names.ts';
import { type FileLookup, findFile, readableSources, type StoredFile } from './file-read.ts';
import { parseImageFormat, sizedImage } from './image-sizes.ts';
import { imageMimeOf, mimeTypeOf, UNKNOWN_MIME_TYPE } from './mime-types.ts';

type Params = Record<string, string | undefined>;

/** A file the token may read, or fileNotFound: a caller learns nothing about files it has no rights to. */
async function lookUp(context: ServerContext, request: FastifyRequest, lookup: FileLookup): Promise<StoredFile> {
  const principal = request.principal!;
  const sources = readableSources(request.registry, principal, lookup.endpoint);
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

/** The extension a file of this type is saved with, for a download whose stored name is missing. */
function extensionOf(mime: string): string {
  const subtype = /^[a-z]+\/([a-z0-9.+-]+)$/i.exec(mime)?.[1];
  if (!subtype || mime === UNKNOWN_MIME_TYPE) return '';
  return `.${subtype === 'jpeg' ? 'jpg' : subtype.replace(/\+.*$/, '')}`;
}

export function registerFileRoutes(app: FastifyInstance, context: ServerContext): void {
  const subject = async (request: FastifyRequest, reply: FastifyReply) => {
    const [subjectId, fileId] = ids(request, ['subjectId', 'fileId']) as [string, string];
    const file = await lookUp(context, request, {
      endpoint: 'subject',
      ids: [[subjectId], fileNameSpellings(fileId)],
    });
    const mime = file.mime ?? mimeTypeOf(file.name ?? '');
    const answer = { data: file.data, mime, name: file.name ?? '', fallbackName: `${fileId}${extensionOf(mime)}` };
    return sendFileAnswer(request, reply, answer, 'named');
  };
  app.get('/ProfitRestServices/SubjectConnector', subject);
  app.get('/ProfitRestServices/SubjectConnector/:subjectId/:fileId', subject);

  const fileById = async (request: FastifyRequest, reply: FastifyReply) => {
    const [fileId, fileName] = ids(request, ['fileId', 'fileName']) as [string, string];
    // The name is part of the address: a right id with a wrong name is not found, as in Profit.
    if (fileName === '') throw new CodedError('fileNotFound');
    const file = await lookUp(context, request, {
      endpoint: 'file',
      ids: [fileNameSpellings(fileId)],
      names: fileNameSpellings(fileName),
    });
    const name = file.name ?? fileName;
    const mime = file.mime ?? mimeTypeOf(name);
    return sendFileAnswer(request, reply, { data: file.data, mime, name, fallbackName: fileId }, 'named');
  };
  app.get('/ProfitRestServices/FileConnector', fileById);
  app.get('/ProfitRestServices/FileConnector/:fileId/:fileName', fileById);

  app.get<{ Params: { id: string } }>('/ProfitRestServices/ImageConnector/:id', async (request, reply) => {
    // Access first: a token that may not read the picture gets 404 whatever else it asks.
    const file = await lookUp(context, request, { endpoint: 'image', ids: [[request.params.id]] });
    const raw = queryParameters(rawQuery(request.url)).get('format');
    const format = parseImageFormat(raw);
    if (format === undefined)
      throw new CodedError('validation', { message: `Format '${raw}' does not exist: use 0, 1 or 2.` });
    const mime = file.mime ?? imageMimeOf(file.data) ?? (file.name ? mimeTypeOf(file.name) : UNKNOWN_MIME_TYPE);
    const image = await sizedImage({ data: file.data, mime }, format);
    // A scaled copy may be of another type than the stored picture (a GIF's thumbnail is a PNG): named for its own.
    const stem = (file.name ?? '').replace(/\.[^.]*$/, '') || `image-${request.params.id}`;
    const name = image.mime === mime && file.name ? file.name : `${stem}${extensionOf(image.mime)}`;
    return sendFileAnswer(
      request,
      reply,
      { ...image, name, fallbackName: `image${extensionOf(image.mime)}` },
      'unnamed',
    );
  });
}
