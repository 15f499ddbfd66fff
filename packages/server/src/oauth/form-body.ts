// Reads the form-encoded body of an OAuth endpoint: anything else (JSON, no body) is invalid_request, and a
// parameter sent twice too (RFC 6749 3.2).

import type { FastifyRequest } from 'fastify';
import { OAuthError } from './oauth-errors.ts';

export function formParams(request: FastifyRequest): URLSearchParams {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded');
  const params = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) throw new OAuthError('invalid_request', `parameter ${key} was sent more than once`);
    seen.add(key);
  }
  // Empty values count as absent (RFC 6749 3.1).
  for (const [key, value] of [...params]) if (value === '') params.delete(key);
  return params;
}
