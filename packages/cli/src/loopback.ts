// The loopback redirect of a native app's sign-in (RFC 8252 section 7.3): an HTTP server on 127.0.0.1 that waits
// for the browser to come back to /callback. Must not read the code: OAuthClient.readCallback checks state first.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  redirectUri: string;
  /** The URL the browser came back to with this state, or a rejection after `timeoutMs`. */
  wait(state: string, timeoutMs: number): Promise<URL>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

function answer(response: ServerResponse, status: number, title: string, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page holds no script and loads nothing; the code stays out of any Referer.
    'content-security-policy': "default-src 'none'",
    'referrer-policy': 'no-referrer',
  });
  response.end(PAGE(title, text));
}

/** Listens on 127.0.0.1 (the literal address, not `localhost`, which may resolve elsewhere); port 0 picks one. */
export async function startLoopback(port = 0): Promise<Loopback> {
  let expected: string | undefined;
  let deliver: ((url: URL) => void) | undefined;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    if (request.method !== 'GET' || url.pathname !== '/callback') {
      answer(response, 404, 'Not found', 'This address only takes the sign-in redirect of appconnector login.');
      return;
    }
    // Another page may call this port too: only the answer to this sign-in's state is taken.
    if (expected === undefined || url.searchParams.get('state') !== expected || !deliver) {
      answer(response, 400, 'Unknown sign-in', 'This redirect does not belong to the sign-in that is waiting.');
      return;
    }
    const failed = url.searchParams.get('error');
    if (failed)
      answer(response, 200, 'Sign-in refused', `The server answered: ${escapeHtml(failed)}. Close this window.`);
    else answer(response, 200, 'Signed in', 'appconnector login has the answer: you may close this window.');
    deliver(url);
    deliver = undefined;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${bound}/callback`,
    wait(state, timeoutMs) {
      expected = state;
      return new Promise<URL>((resolve, reject) => {
        const timer = setTimeout(() => {
          deliver = undefined;
          reject(new Error(`no sign-in came back within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        deliver = (url) => {
          clearTimeout(timer);
          resolve(url);
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
