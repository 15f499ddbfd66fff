import { describe, expect, it } from 'vitest';
import { AfasClient, AfasError, ConnectionError, ProfitError } from '../src/index.ts';
import { BASE_URL, json, scriptedFetch, TOKEN_XML } from './scripted-fetch.ts';

const credentials = { apiKey: 'KEY', apiToken: 'SECRET', userId: '12345.jan' };

describe('OTP', () => {
  it('requestOtp POSTs the keys to /OtpRequest without an Authorization header', async () => {
    const { fetch, calls } = scriptedFetch(new Response(null, { status: 200 }));
    await AfasClient.requestOtp({ baseUrl: BASE_URL, fetch, integrationId: '1_2' }, credentials);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/ProfitRestServices/OtpRequest');
    expect(call.headers.has('authorization')).toBe(false);
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(call.headers.get('integrationid')).toBe('1_2');
    expect(JSON.parse(call.body!)).toEqual({ apiKey: 'KEY', apiToken: 'SECRET', userId: '12345.jan' });
  });

  it('requestOtp is not retried by default: each call sends a mail', async () => {
    const { fetch, calls } = scriptedFetch(new TypeError('fetch failed'));
    await expect(AfasClient.requestOtp({ baseUrl: BASE_URL, fetch }, credentials)).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(calls).toHaveLength(1);
  });

  it('validateOtp returns the token without its trailing CRLF', async () => {
    const { fetch, calls } = scriptedFetch(json({ token: `${TOKEN_XML}\r\n` }));
    const token = await AfasClient.validateOtp({ environment: 'T12345AA', fetch }, { ...credentials, otp: '123456' });
    expect(token).toBe(TOKEN_XML);
    const call = calls[0]!;
    expect(call.url.href).toBe('https://12345.resttest.afas.online/ProfitRestServices/OtpValidation');
    expect(call.headers.has('authorization')).toBe(false);
    expect(JSON.parse(call.body!)).toEqual({ ...credentials, otp: '123456' });
  });

  it('validateOtp gives undefined for a wrong code (204)', async () => {
    const { fetch } = scriptedFetch(new Response(null, { status: 204 }));
    expect(await AfasClient.validateOtp({ baseUrl: BASE_URL, fetch }, { ...credentials, otp: '000000' })).toBe(
      undefined,
    );
  });

  it('validateOtp refuses an answer without a token, and errors keep their type', async () => {
    const noToken = scriptedFetch(json({ token: 'nonsense' }));
    await expect(
      AfasClient.validateOtp({ baseUrl: BASE_URL, fetch: noToken.fetch }, { ...credentials, otp: '1' }),
    ).rejects.toBeInstanceOf(AfasError);
    const refused = scriptedFetch(
      json({ externalMessage: 'Onbekende gebruiker', errorNumber: -1, profitLogReference: 'AB' }, 500),
    );
    await expect(
      AfasClient.validateOtp({ baseUrl: BASE_URL, fetch: refused.fetch }, { ...credentials, otp: '1' }),
    ).rejects.toMatchObject({ constructor: ProfitError, externalMessage: 'Onbekende gebruiker' });
  });

  it('checks the credentials before any call', async () => {
    const { fetch, calls } = scriptedFetch(new Response(null));
    await expect(AfasClient.requestOtp({ baseUrl: BASE_URL, fetch }, { ...credentials, userId: ' ' })).rejects.toThrow(
      /userId must not be empty/,
    );
    expect(calls).toHaveLength(0);
  });

  it('a client with a token still sends it: the OTP path does not leak into other calls', async () => {
    const { fetch, calls } = scriptedFetch(json({ version: '6.1.0' }));
    await new AfasClient({ baseUrl: BASE_URL, token: TOKEN_XML, fetch }).profitVersion();
    expect(calls[0]!.headers.get('authorization')).toMatch(/^AfasToken /);
  });
});
