// Misbehaving clients for the reliability tests, on raw sockets: one that sends a request and then stops reading,
// one that vanishes mid-answer; and the server side of their connections, to see what the server still holds.

import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** The server's end of every connection it accepts, by the client's port. */
export function serverSockets(app: FastifyInstance): Map<number, Socket> {
  const sockets = new Map<number, Socket>();
  app.server.on('connection', (socket: Socket) => {
    if (socket.remotePort !== undefined) sockets.set(socket.remotePort, socket);
  });
  return sockets;
}

export interface RawClient {
  socket: Socket;
  /** The client's port: the key of its connection in serverSockets. */
  port: number;
  /** Bytes taken in so far. */
  received(): number;
  /** Everything taken in so far, as text. */
  text(): string;
  /** Settles when the connection has ended (the client reads on to see the end). */
  ended: Promise<void>;
}

/**
 * Sends `GET path` on a socket of its own. `stall`: takes in the first bytes of the answer and then reads no more
 * (the socket is paused: the kernel's buffers fill and the server's writes stop). Otherwise it reads on.
 */
export function rawGet(base: string, path: string, auth: string, stall: boolean): Promise<RawClient> {
  const url = new URL(`${base}${path}`);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    let size = 0;
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => {});
    socket.once('connect', () => {
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${auth}\r\n` +
          'Accept-Language: en-us\r\n\r\n',
      );
    });
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (chunks.length === 1) {
        if (stall) socket.pause();
        resolve({
          socket,
          port: socket.localPort!,
          received: () => size,
          text: () => Buffer.concat(chunks).toString('utf8'),
          ended,
        });
      }
    });
  });
}

/** Waits until `condition` holds, checking every 50 ms (the test's own time limit bounds the wait). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 60_000) {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > limitMs) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The server's end of a client's connection is stalled: its writes wait for a client that takes nothing. */
export function stalledOnServer(sockets: Map<number, Socket>, client: RawClient): boolean {
  const socket = sockets.get(client.port);
  return socket !== undefined && !socket.destroyed && socket.writableNeedDrain;
}

/** The server's end of a client's connection is closed. */
export function closedOnServer(sockets: Map<number, Socket>, client: RawClient): boolean {
  const socket = sockets.get(client.port);
  return socket?.destroyed === true;
}
