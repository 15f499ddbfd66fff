// The console's one way to talk to its server: JSON over /console/api with the session cookie and the CSRF header.
// Must not hold screen state; errors come back as ApiError with the server's message, for the screen to show.

/** Where the console API lives (packages/server/src/console/API.md). */
const API = '/console/api/';

let csrfToken: string | undefined;

/** The CSRF token the server gave at sign-in (or with the session); sent on every call that changes something. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** Called when the server says the session is gone (401), so the app can show the sign-in screen. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'externalMessage', 'error']) {
      const value = record[key];
      if (typeof value === 'string' && value) return value;
      if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string')
        return (value as { message: string }).message;
    }
  }
  if (typeof body === 'string' && body) return body;
  return `The server answered ${status}.`;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-console-csrf'] = csrfToken;
  const response = await fetch(API + path.replace(/^\//, ''), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the message
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('session')) onSignedOut();
    throw new ApiError(messageOf(parsed, response.status), response.status, parsed);
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body ?? {});
export const del = <T>(path: string) => api<T>('DELETE', path);

/** A path segment, encoded. */
export const seg = (value: string | number) => encodeURIComponent(String(value));
