// GET /connectors/{id}: glues the read stages (parse -> plan -> SQL -> execute -> render) and streams the answer.
// The first rows are fetched before the status is sent, so database errors still get a proper error answer.

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { profitBehaviour } from '@appconnector/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RenderedRows } from '../db/database.ts';
import { HOLDING, readInChunks } from '../read/read-chunks.ts';
import { planRead } from '../read/read-plan.ts';
import { parseReadRequest } from '../read/read-request.ts';
import { compileRead } from '../read/read-sql.ts';
import { answerHead, rowRenderingFor } from '../read/row-renderer.ts';
import type { ServerContext } from './context.ts';
import { rawQuery } from './request-url.ts';

/** Answers of at most this many rows are gathered and sent in one piece, with a Content-Length (a page of 1000). */
const ONE_PIECE_ROWS = 1000;
type Piece = string | Uint8Array;

/** The first batches of a read, until it ends or has more than ONE_PIECE_ROWS rows (`complete` if it ended). */
async function gather(batches: AsyncIterator<RenderedRows>): Promise<{ gathered: RenderedRows[]; complete: boolean }> {
  const gathered: RenderedRows[] = [];
  let rows = 0;
  for (;;) {
    const next = await batches.next();
    if (next.done) return { gathered, complete: true };
    gathered.push(next.value);
    rows += next.value.count;
    if (rows > ONE_PIECE_ROWS) return { gathered, complete: false };
    if (next.value.count < HOLDING.batch) {
      // A short batch is the last: finish the read now, so its connection goes back at once.
      await batches.return?.();
      return { gathered, complete: true };
    }
  }
}

/** What to call once a piece was written: its batch's `release`, set on the batch's last piece. */
const afterWrite = new WeakMap<Uint8Array, () => void>();

/**
 * Writes a piece; once the socket took it, its batch's buffers go back to their reader (afterWrite). Kept, they
 * would be garbage of the main thread: pages of 1000 rows cost its collector 3.3 s of CPU per 1,000,000 rows.
 */
function writeReleasing(response: ServerResponse, piece: Piece): boolean {
  const release = typeof piece === 'string' ? undefined : afterWrite.get(piece);
  return release ? response.write(piece, (error) => error || release()) : response.write(piece);
}

/** A batch's first piece without the comma its first row's text starts with. */
const withoutComma = (piece: Piece): Piece => (typeof piece === 'string' ? piece.slice(1) : piece.subarray(1));

/** The answer's pieces: the head, each batch's rendered rows (each row after a comma but the first), the end. */
async function* answerPieces(
  gathered: RenderedRows[],
  rest: AsyncIterator<RenderedRows> | undefined,
  head: string,
): AsyncGenerator<Piece> {
  let finished = rest === undefined;
  let first = true;
  try {
    yield head;
    let batch: RenderedRows | undefined = gathered.shift();
    while (batch) {
      // A batch with a release (an SQLite reader's buffers): its last piece carries it to the write that sends it.
      // Others are taken piece by piece, each rendered when the answer takes it (PostgreSQL).
      const pieces = batch.release ? [...batch.pieces] : batch.pieces;
      const last = batch.release ? (pieces as Piece[]).at(-1) : undefined;
      for (const piece of pieces) {
        const out = first ? withoutComma(piece) : piece;
        first = false;
        if (piece === last && typeof out !== 'string') afterWrite.set(out, batch.release!);
        yield out;
      }
      batch = gathered.shift();
      if (!batch && rest && !finished) {
        const next = await rest.next();
        if (next.done) finished = true;
        else batch = next.value;
      }
    }
    yield ']}';
  } finally {
    // A client that hangs up ends this generator early: close the query so its connection goes back to the pool.
    if (!finished) await rest?.return?.();
  }
}

/**
 * Until the socket takes more (true), the client is gone (true, the caller sees `destroyed`), or `stallMs` passed
 * without either (false): a client that stopped reading.
 */
function progressed(response: ServerResponse, event: 'drain' | 'finish', stallMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (moved: boolean) => {
      clearTimeout(timer);
      response.off(event, onMove);
      response.off('close', onMove);
      resolve(moved);
    };
    const onMove = () => done(true);
    const timer = setTimeout(() => done(false), stallMs);
    response.on(event, onMove);
    response.on('close', onMove);
  });
}

/** Ends an answer whose client stopped reading: the socket goes, and with it the rows waiting for it. */
function endStalled(request: FastifyRequest, response: ServerResponse, stallMs: number): void {
  request.log.warn({ stallMs }, 'read answer ended: the client took nothing for the stall time');
  response.destroy();
}

/**
 * Writes a streamed answer straight to the socket, waiting whenever it is full. Through Readable.from and
 * reply.send, each 16K piece also went through a stream and an async iterator of its own, and objects lived long
 * enough to be promoted: pages of 1000 rows cost 40% more server CPU (npm run bench, client export). Leaving the loop
 * in any way (a client that hung up, a failed batch) returns the generator, which closes the query and gives its
 * connection back. Fastify's onResponse hooks (the request log) still run; it has no onSend hooks to skip.
 */
async function writeStreamed(
  request: FastifyRequest,
  reply: FastifyReply,
  pieces: AsyncGenerator<Piece>,
  stallMs: number,
) {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, reply.getHeaders() as OutgoingHttpHeaders);
  try {
    for await (const piece of pieces) {
      if (response.destroyed) break;
      const written = writeReleasing(response, piece);
      if (!written && !(await progressed(response, 'drain', stallMs))) {
        endStalled(request, response, stallMs);
        break;
      }
    }
    if (!response.destroyed) response.end();
  } catch (error) {
    // The status went out long ago: cutting the connection is how the client learns the answer is incomplete.
    request.log.error({ err: error }, 'read stream failed');
    response.destroy(error as Error);
  }
}

/**
 * Writes a complete answer with a Content-Length: its pieces corked, so they leave in one write, rather than joined
 * into one string (a page of 1000 rows, ~250 KB, would be copied flat into V8's large-object space on every call).
 */
async function writeWhole(
  request: FastifyRequest,
  reply: FastifyReply,
  pieces: AsyncGenerator<Piece>,
  stallMs: number,
) {
  const parts: Piece[] = [];
  let length = 0;
  for await (const piece of pieces) {
    parts.push(piece);
    length += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.byteLength;
  }
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-length': length });
  response.cork();
  for (const part of parts) writeReleasing(response, part);
  response.end();
  // Held in memory until the socket takes it: a client that never reads does not keep it (and the socket) forever.
  // Mostly the kernel took it all at once (nothing left buffered): then no timer or listeners for this request.
  if (response.writableLength === 0 || response.writableFinished) return;
  if (!(await progressed(response, 'finish', stallMs)) && !response.destroyed) endStalled(request, response, stallMs);
}

export function registerReadRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get<{ Params: { connectorId: string } }>(
    '/ProfitRestServices/connectors/:connectorId',
    async (request, reply) => {
      const principal = request.principal!;
      const read = parseReadRequest(request.params.connectorId, rawQuery(request.url));
      const connector = request.registry.getConnectors.get(read.connectorId);
      const plan = planRead(read, connector, principal.canGet);
      const schema = await context.db.environmentSchema(principal.environment.name);
      // The environment's Profit version decides the answer's layout and how decimals are written.
      const behaviour = profitBehaviour(principal.environment.profitVersion);
      const rendering = rowRenderingFor(plan.connector, behaviour.decimals);
      const head = answerHead(read.skip, read.take, behaviour.pageLayout);
      reply.header('content-type', 'application/json; charset=utf-8');
      const { stallMs } = context;
      // A page fits one answer piece: one statement, read whole (on PostgreSQL a named statement, one round trip,
      // where a cursor's batches took five: keyset pages at 8 connections 30-37 -> 41-42 pages/s). Anything longer
      // is read so that a client that stalls holds no connection, transaction or snapshot for more than a few
      // seconds (read/read-chunks.ts).
      if (plan.limit !== undefined && plan.limit <= ONE_PIECE_ROWS) {
        const rows = await context.db.readAllRendered(compileRead(context.db, schema, plan), rendering);
        return writeWhole(request, reply, answerPieces([rows], undefined, head), stallMs);
      }
      const batches = readInChunks(context.db, schema, plan, rendering);
      const { gathered, complete } = await gather(batches);
      if (complete) return writeWhole(request, reply, answerPieces(gathered, undefined, head), stallMs);
      await writeStreamed(request, reply, answerPieces(gathered, batches, head), stallMs);
    },
  );
}
