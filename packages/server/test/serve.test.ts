// `startServer` as `serve` runs it: builds the demo on an empty database, prints a working token that stays the same
// across restarts and replicas, and speaks HTTPS when given a certificate (some clients only do https).

import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { authorizationHeader } from '@appconnector/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { findAppConnector, unlinkConnectors } from '../src/admin/app-connectors.ts';
import { listTokens, revokeTokens } from '../src/admin/tokens.ts';
import { boot } from '../src/boot.ts';
import { envFlag, errorLogRetention, loadConfig } from '../src/config.ts';
import { DEFAULT_RETENTION } from '../src/db/error-log.ts';
import { languageOf } from '../src/definitions/labels.ts';
import { demoToken } from '../src/demo/demo-token.ts';
import { startServer } from '../src/serve.ts';
import { DATABASE_KINDS, sqliteDatabase, testDatabase } from './support/databases.ts';

const TLS = fileURLToPath(new URL('./fixtures/tls/', import.meta.url));

function httpsGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { headers, rejectUnauthorized: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('serve', () => {
  const database = sqliteDatabase();
  afterAll(() => database.drop());

  it('builds the demo, prints a working token, and prints it again at the next start; HTTPS with a certificate', async () => {
    const config = loadConfig({ db: database.url, port: 0, logLevel: 'silent', demoRows: 25 }, {});
    const first = await startServer(config);
    let firstToken: string;
    try {
      expect(first.createdDemo).toBe(true);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ProfitRestServices$/);
      firstToken = first.demoToken!;
      const response = await fetch(`${first.url}/connectors/Profit_Employees?take=5`, {
        headers: { authorization: authorizationHeader(firstToken) },
      });
      expect(response.status).toBe(200);
      expect((await response.json()).rows).toHaveLength(5);
    } finally {
      await first.close();
    }
    // A demo database made before some connectors existed lacks their links: the next start links them.
    const admin = await boot({ database: database.url });
    try {
      const demo = await findAppConnector(admin.db, 'O12345AA', 'Demo');
      await unlinkConnectors(admin.db, demo, 'get', ['Profit_Leaves']);
      await unlinkConnectors(admin.db, demo, 'update', ['HrAbsence']);
    } finally {
      await admin.db.close();
    }
    const second = await startServer(
      loadConfig(
        { db: database.url, port: 0, logLevel: 'silent', tlsCert: `${TLS}cert.pem`, tlsKey: `${TLS}key.pem` },
        {},
      ),
    );
    try {
      expect(second.createdDemo).toBe(false);
      expect(second.url).toMatch(/^https:\/\//);
      const fresh = await httpsGet(`${second.url}/connectors/Profit_Employees?take=1`, {
        authorization: authorizationHeader(second.demoToken!),
      });
      expect(fresh.status).toBe(200);
      expect(second.demoToken).toBe(firstToken);
      const metainfo = JSON.parse(
        (await httpsGet(`${second.url}/metainfo`, { authorization: authorizationHeader(second.demoToken!) })).body,
      );
      expect(metainfo.getConnectors.map((c: { id: string }) => c.id)).toContain('Profit_Leaves');
      expect(metainfo.updateConnectors.map((c: { id: string }) => c.id)).toContain('HrAbsence');
      expect([first.demoTokenState, second.demoTokenState]).toEqual(['created', 'kept']);
    } finally {
      await second.close();
    }
  });

  it('a start on a taken port fails before it changes anything', async () => {
    const running = await startServer(loadConfig({ db: database.url, port: 0, logLevel: 'silent' }, {}));
    try {
      const port = Number(new URL(running.url).port);
      const demo = await findAppConnector(running.runtime.db, 'O12345AA', 'Demo');
      const before = await listTokens(running.runtime.db, demo);
      const other = sqliteDatabase();
      await expect(
        startServer(loadConfig({ db: other.url, port: String(port), logLevel: 'silent', demoRows: 5 }, {})),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(await listTokens(running.runtime.db, demo)).toEqual(before);
      // Nothing was built in the other database either: not even its file.
      const { existsSync } = await import('node:fs');
      expect(existsSync(other.url)).toBe(false);
      await other.drop();
      const answer = await fetch(`${running.url}/connectors/Profit_Employees?take=1`, {
        headers: { authorization: authorizationHeader(running.demoToken!) },
      });
      expect(answer.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('refuses a configuration it cannot use, naming the setting', () => {
    expect(() => loadConfig({ port: 'eighty' }, {})).toThrow(/configuration: port/);
    expect(() => loadConfig({ tlsCert: 'a.pem' }, {})).toThrow(/tlsCert and tlsKey go together/);
    expect(loadConfig({}, { APPCONNECTOR_PORT: '9090', APPCONNECTOR_DEMO: 'false' })).toMatchObject({
      port: 9090,
      demo: false,
    });
    expect(loadConfig({ port: '7070' }, { APPCONNECTOR_PORT: '9090' }).port).toBe(7070);
  });

  it('reads yes/no variables as shells and CI services write them', () => {
    for (const no of [undefined, '', ' ', '0', 'false', 'FALSE', 'no', 'off'])
      expect([no, envFlag(no)]).toEqual([no, false]);
    for (const yes of ['1', 'true', 'TRUE', 'yes', 'on']) expect([yes, envFlag(yes)]).toEqual([yes, true]);
    expect(loadConfig({}, { APPCONNECTOR_DEMO: '' }).demo).toBe(true); // empty is unset: the default
  });

  it('layers the error_log retention like every setting, 0 switching a limit off', () => {
    expect(errorLogRetention(loadConfig({}, {}))).toEqual(DEFAULT_RETENTION);
    const config = loadConfig(
      { errorLogMaxRows: '0' },
      { APPCONNECTOR_ERROR_LOG_MAX_AGE_DAYS: '7', APPCONNECTOR_ERROR_LOG_MAX_ROWS: '500' },
    );
    expect(errorLogRetention(config)).toEqual({ ...DEFAULT_RETENTION, maxAgeDays: 7, maxRowsPerEnvironment: 0 });
    expect(() => loadConfig({}, { APPCONNECTOR_ERROR_LOG_MAX_ROWS: '-1' })).toThrow(/configuration: errorLogMaxRows/);
  });
});

describe('Accept-Language', () => {
  it.for<[string | undefined, string]>([
    [undefined, 'en'],
    ['', 'en'],
    ['nl-NL', 'nl'],
    ['en-US', 'en'],
    ['fr-FR, nl;q=0.5', 'en'],
    ['en;q=0.1, nl;q=0.9', 'nl'],
    ['en-US;q=0.8,nl-BE;q=0.9,*;q=0.1', 'nl'],
    ['nl;q=0, en', 'en'],
    ['nl;q=0', 'en'],
    ['*', 'en'],
    ['de, nl', 'en'],
    ['nl;q=0.5, en;q=0.5', 'nl'],
    ['NL ; Q = 1.0 ,en;q=0.2', 'nl'],
  ])('reads %j as %s (the tag of the highest q-value; the fallback here is en)', ([header, language]) => {
    expect(languageOf(header, 'en')).toBe(language);
  });

  it('falls back to the environment language when nothing is asked', () => {
    expect(languageOf(undefined, 'nl')).toBe('nl');
    expect(languageOf('*', 'nl')).toBe('nl');
    expect(languageOf('en;q=0, nl;q=0', 'nl')).toBe('nl');
  });
});

describe.each(DATABASE_KINDS)('the demo token on %s', (kind) => {
  it('is shared by replicas, and replaced (by one new token) only when revoked', async () => {
    const database = await testDatabase(kind);
    if (!database) return;
    try {
      const config = loadConfig({ db: database.url, port: 0, logLevel: 'silent', demoRows: 10 }, {});
      const builder = await startServer(config);
      await builder.close();
      // A second replica starts while the first runs: both print the token, and the first one's still works.
      const a = await startServer(config);
      const b = await startServer(config).catch(async (error) => {
        await a.close();
        throw error;
      });
      try {
        expect([a.demoToken, b.demoToken]).toEqual([builder.demoToken, builder.demoToken]);
        for (const replica of [a, b]) {
          const answer = await fetch(`${replica.url}/connectors/Profit_Employees?take=1`, {
            headers: { authorization: authorizationHeader(builder.demoToken!) },
          });
          expect(answer.status).toBe(200);
        }
        const demo = await findAppConnector(a.runtime.db, 'O12345AA', 'Demo');
        expect((await listTokens(a.runtime.db, demo)).filter((t) => t.revokedAt === null)).toHaveLength(1);
        await revokeTokens(a.runtime.db, demo, { userId: 'demo' });
        // After an administrator revoked it, two processes asking at once settle on one new token.
        const [x, y] = await Promise.all([demoToken(a.runtime.db, 'O12345AA'), demoToken(b.runtime.db, 'O12345AA')]);
        expect(x!.xml).not.toBe(builder.demoToken);
        expect(y!.xml).toBe(x!.xml);
        expect([x!.state, y!.state]).toContain('replaced');
        const live = (await listTokens(a.runtime.db, demo)).filter((t) => t.revokedAt === null);
        expect(live).toHaveLength(1);
        const answer = await fetch(`${b.url}/connectors/Profit_Employees?take=1`, {
          headers: { authorization: authorizationHeader(x!.xml) },
        });
        expect(answer.status).toBe(200);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await database.drop();
    }
  });
});
