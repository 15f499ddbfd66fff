import { describe, expect, it } from 'vitest';
import { AfasClient, ProfitError } from '../src/index.ts';
import { type InjectOptions, injectFetch } from './inject-fetch.ts';
import { TOKEN_XML } from './scripted-fetch.ts';

describe('injectFetch', () => {
  it('passes method, path, query, headers and body to inject, and reads its answer', async () => {
    const seen: InjectOptions[] = [];
    const app = {
      async inject(options: InjectOptions) {
        seen.push(options);
        if (options.method === 'DELETE') return { statusCode: 200, headers: {}, body: '' };
        if (options.method === 'POST') {
          return {
            statusCode: 500,
            headers: { 'content-type': 'application/json; charset=utf-8', 'x-trace-identifier': 't1' },
            body: JSON.stringify({ externalMessage: 'no', errorNumber: -1, profitLogReference: 'A'.repeat(32) }),
          };
        }
        return {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"skip":0,"take":1,"rows":[]}',
        };
      },
    };
    const client = new AfasClient({
      baseUrl: 'http://12345.resttest.localhost/ProfitRestServices',
      token: TOKEN_XML,
      fetch: injectFetch(app),
    });
    expect(await client.get('X', { take: 1 })).toEqual({ skip: 0, take: 1, rows: [] });
    const error = await client.insert('KnSubject', { KnSubject: { Element: {} } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfitError);
    expect((error as ProfitError).traceId).toBe('t1');
    await client.delete('KnSubject', { object: 'KnSubject', keys: { '@SbId': 1 } });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/ProfitRestServices/connectors/X?take=1' });
    expect(seen[0]!.headers.host).toBe('12345.resttest.localhost');
    expect(seen[0]!.headers.authorization).toMatch(/^AfasToken /);
    expect(seen[1]).toMatchObject({ method: 'POST', payload: '{"KnSubject":{"Element":{}}}' });
    expect(seen[2]!.url).toBe('/ProfitRestServices/connectors/KnSubject/KnSubject/@SbId/1');
  });
});
