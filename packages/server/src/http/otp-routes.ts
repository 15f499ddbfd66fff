// POST /OtpRequest and /OtpValidation: no Authorization header, body keys matched case-insensitively, answers
// exactly as Profit does (2xx empty either way; 200 with the token and a trailing CRLF, or 204).

import { CodedError } from '@appconnector/protocol';
import type { FastifyInstance } from 'fastify';
import { requestOtp, validateOtp } from '../otp/otp-service.ts';
import type { ServerContext } from './context.ts';

function readBody(body: unknown): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = typeof body === 'string' && body.trim() !== '' ? JSON.parse(body) : {};
  } catch (error) {
    throw new CodedError('invalidJson', { detail: (error as Error).message });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CodedError('missingElement', { detail: 'a JSON object' });
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed))
    if (value !== null && value !== undefined) out[key.toLowerCase()] = String(value);
  return out;
}

export function registerOtpRoutes(app: FastifyInstance, context: ServerContext): void {
  const environmentOf = (request: { environment?: { name: string } }) => {
    if (!request.environment) throw new CodedError('unknownEnvironment', { host: '' });
    return request.environment.name;
  };
  app.post('/ProfitRestServices/OtpRequest', { config: { public: true } }, async (request, reply) => {
    const body = readBody(request.body);
    await requestOtp(context.db, environmentOf(request), {
      apiKey: body.apikey ?? '',
      apiToken: body.apitoken ?? '',
      userId: body.userid ?? '',
    });
    return reply.code(200).send();
  });
  app.post('/ProfitRestServices/OtpValidation', { config: { public: true } }, async (request, reply) => {
    const body = readBody(request.body);
    const token = await validateOtp(context.db, environmentOf(request), {
      apiKey: body.apikey ?? '',
      apiToken: body.apitoken ?? '',
      userId: body.userid ?? '',
      otp: body.otp ?? '',
    });
    if (!token) return reply.code(204).send();
    return reply
      .code(200)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ token: `${token}\r\n` }));
  });
}
