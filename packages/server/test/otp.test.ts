// The OTP flow over real HTTP on SQLite and PostgreSQL: 2xx with an empty body whatever the keys, the code from
// the emulated outbox buys a working token once (with the trailing CRLF), wrong codes answer 204 and run out.

import { authorizationHeader } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppConnector } from '../src/admin/app-connectors.ts';
import { enableOtp, type OtpCredentials, readOutbox } from '../src/otp/otp-service.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

describe.each(DATABASE_KINDS)('OTP on %s', (kind) => {
  let server: TestServer | undefined;
  let credentials: OtpCredentials;
  beforeAll(async () => {
    server = await startTestServer(kind);
    if (!server) return;
    credentials = await enableOtp(server.runtime.db, await findAppConnector(server.runtime.db, 'O12345AA', 'Tests'));
  });
  afterAll(async () => server?.close());

  const post = (path: string, body: unknown) =>
    fetch(`${server!.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers an OTP request with 2xx and an empty body, right keys or not', async ({ skip }) => {
    if (!server) return skip();
    const wrong = await post('/OtpRequest', { apiKey: 'x', apiToken: 'y', userId: 'anna' });
    expect([wrong.status, await wrong.text()]).toEqual([200, '']);
    expect(await readOutbox(server.runtime.db, 'O12345AA', 'anna')).toEqual([]);
    const right = await post('/otprequest', {
      apikey: credentials.apiKey,
      apitoken: credentials.apiToken,
      userid: 'anna',
    });
    expect([right.status, await right.text()]).toEqual([200, '']);
    expect(await readOutbox(server.runtime.db, 'O12345AA', 'anna')).toHaveLength(1);
  });

  it('trades the code for a token once, and refuses wrong codes with 204', async ({ skip }) => {
    if (!server) return skip();
    await post('/OtpRequest', { apiKey: credentials.apiKey, apiToken: credentials.apiToken, userId: 'bert' });
    const [mail] = await readOutbox(server.runtime.db, 'O12345AA', 'bert');
    const keys = { apiKey: credentials.apiKey, apiToken: credentials.apiToken, userId: 'bert' };
    const wrongCode = mail!.code === '000000' ? '000001' : '000000';
    expect((await post('/OtpValidation', { ...keys, otp: wrongCode })).status).toBe(204);
    const good = await post('/OtpValidation', { ...keys, otp: mail!.code });
    expect(good.status).toBe(200);
    const { token } = await good.json();
    expect(token).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>\r\n$/);
    const rows = await fetch(`${server.base}/connectors/Test_People?take=1`, {
      headers: { authorization: authorizationHeader(token.trim()) },
    });
    expect(rows.status).toBe(200);
    expect((await post('/OtpValidation', { ...keys, otp: mail!.code })).status).toBe(204);
  });

  it('spends a code after five wrong tries', async ({ skip }) => {
    if (!server) return skip();
    await post('/OtpRequest', { apiKey: credentials.apiKey, apiToken: credentials.apiToken, userId: 'carla' });
    const [mail] = await readOutbox(server.runtime.db, 'O12345AA', 'carla');
    const keys = { apiKey: credentials.apiKey, apiToken: credentials.apiToken, userId: 'carla' };
    for (let i = 0; i < 5; i++) await post('/OtpValidation', { ...keys, otp: `x${i}` });
    expect((await post('/OtpValidation', { ...keys, otp: mail!.code })).status).toBe(204);
  });
});
