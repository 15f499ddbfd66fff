import { describe, expect, it } from 'vitest';
import {
  AfasError,
  AuthenticationError,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ProfitError,
  ServiceUnavailableError,
} from '../src/index.ts';
import { json, testClient } from './scripted-fetch.ts';

const body = {
  externalMessage: "Connector field 'X' not found",
  errorNumber: -2147220469,
  profitLogReference: 'B8213AF1C3C54E579686406A8DE71C6C',
};
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

async function failure(response: Response): Promise<AfasError> {
  const { client } = testClient([response], { maxRetries: 0 });
  const error = await client.get('Profit_Employees').then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AfasError)) throw new Error(`expected an AfasError, got ${String(error)}`);
  return error;
}

const classes = [
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, ForbiddenError],
  [404, NotFoundError],
  [413, PayloadTooLargeError],
  [500, ProfitError],
] as const;

describe('errors by status', () => {
  it.each(classes)('%i from the JSON body', async (status, Class) => {
    const error = await failure(json(body, status, { 'X-Trace-Identifier': 'trace-1' }));
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(AfasError);
    expect(error.name).toBe(Class.name);
    expect(error.status).toBe(status);
    expect(error.externalMessage).toBe(body.externalMessage);
    expect(error.errorNumber).toBe(body.errorNumber);
    expect(error.profitLogReference).toBe(body.profitLogReference);
    expect(error.traceId).toBe('trace-1');
    expect(error.headers?.get('x-trace-identifier')).toBe('trace-1');
    expect(error.message).toBe(`${status} ${body.externalMessage}`);
  });

  it.each(classes)('%i from the X-Profit-Error header only', async (status, Class) => {
    const message = 'Het veld is verplicht: ë';
    const error = await failure(new Response('', { status, headers: { 'X-Profit-Error': base64(message) } }));
    expect(error).toBeInstanceOf(Class);
    expect(error.externalMessage).toBe(message);
    expect(error.errorNumber).toBeUndefined();
    expect(error.traceId).toBeUndefined();
  });

  it('reads the older 400 body {"message"}', async () => {
    const error = await failure(json({ message: 'Invalid json' }, 400));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.externalMessage).toBe('Invalid json');
  });

  it('keeps a body that is not JSON', async () => {
    const error = await failure(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(error.constructor).toBe(AfasError);
    expect(error.status).toBe(502);
    expect(error.body).toBe('<html>Bad gateway</html>');
    expect(error.message).toContain('Bad gateway');
  });

  it('treats a 2xx with X-Profit-Error as an error', async () => {
    const error = await failure(
      new Response('{"skip":0,"take":100,"rows":[]}', {
        status: 200,
        headers: { 'X-Profit-Error': base64('Something went wrong') },
      }),
    );
    expect(error).toBeInstanceOf(ProfitError);
    expect(error.status).toBe(200);
    expect(error.externalMessage).toBe('Something went wrong');
  });

  it('503 with retry_after from the body', async () => {
    const error = await failure(json({ error: { code: '503', message: 'Maintenance' }, retry_after: 7200 }, 503));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).retryAfter).toBe(7200);
    expect(error.externalMessage).toBe('Maintenance');
  });

  it('503 with Retry-After from the header, in seconds or as a date', async () => {
    const seconds = await failure(new Response('', { status: 503, headers: { 'Retry-After': '30' } }));
    expect((seconds as ServiceUnavailableError).retryAfter).toBe(30);
    const date = new Date(Date.now() + 120_000).toUTCString();
    const dated = await failure(new Response('', { status: 503, headers: { 'Retry-After': date } }));
    expect((dated as ServiceUnavailableError).retryAfter).toBeGreaterThan(100);
    expect((dated as ServiceUnavailableError).retryAfter).toBeLessThanOrEqual(120);
    const none = await failure(new Response('', { status: 503 }));
    expect((none as ServiceUnavailableError).retryAfter).toBeUndefined();
  });

  it('an answer that is not JSON is an error too', async () => {
    const error = await failure(new Response('not json', { status: 200 }));
    expect(error.status).toBe(200);
    expect(error.body).toBe('not json');
  });
});
