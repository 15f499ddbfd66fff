// insert/update/delete and otp against the real server (its write path and OTP flow), checked with get.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enableOtp, findAppConnector, readOutbox } from '@appconnector/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearConnectionEnv, cli, type DemoServer, startDemoServer, tempDir } from './support/cli-harness.ts';

let demo: DemoServer;
const temp = tempDir();

beforeAll(async () => {
  clearConnectionEnv();
  process.env.APPCONNECTOR_PROFILES = join(temp.dir, 'profiles.json');
  demo = (await startDemoServer('sqlite'))!;
});
afterAll(async () => {
  await demo?.close();
  temp.remove();
});

function file(name: string, payload: unknown): string {
  const path = join(temp.dir, name);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

async function subject(id: string): Promise<Record<string, unknown>[]> {
  const result = await cli('get', 'Profit_Subjects', '--filter', `SubjectId=${id}`, '--json', ...demo.connection);
  expect(result.code, result.err).toBe(0);
  return JSON.parse(result.out);
}

describe('writes against the server', () => {
  let id: string;

  it('insert --validate writes a dossier item and prints its key', async () => {
    const payload = { KnSubject: { Element: { Fields: { StId: 1, Ds: 'From the CLI' } } } };
    const result = await cli(
      'insert',
      'KnSubject',
      '--file',
      file('in.json', payload),
      '--validate',
      '--json',
      ...demo.connection,
    );
    expect(result.code, result.err).toBe(0);
    id = JSON.parse(result.out).results.KnSubject.SbId;
    expect(id).toMatch(/^\d+$/);
    expect((await subject(id))[0]).toMatchObject({ SubjectId: Number(id), Subject: 'From the CLI' });
  });

  it('update changes the fields present', async () => {
    const payload = { KnSubject: { Element: { '@SbId': Number(id), Fields: { Ds: 'Changed by the CLI' } } } };
    const result = await cli('update', 'KnSubject', '--file', file('up.json', payload), ...demo.connection);
    expect(result.code, result.err).toBe(0);
    expect(result.out.trim()).toBe(`KnSubject: SbId=${id}`);
    expect((await subject(id))[0]).toMatchObject({ Subject: 'Changed by the CLI' });
  });

  it('delete removes it', async () => {
    const result = await cli('delete', 'KnSubject', 'KnSubject', '--key', `@SbId=${id}`, ...demo.connection);
    expect(result.code, result.err).toBe(0);
    expect(await subject(id)).toEqual([]);
  });

  it('a payload Profit refuses exits 5 with the field named, with or without --validate', async () => {
    const payload = { KnSubject: { Element: { Fields: { StId: 1 } } } };
    for (const validate of [[], ['--validate']]) {
      const result = await cli(
        'insert',
        'KnSubject',
        '--file',
        file('bad.json', payload),
        ...validate,
        ...demo.connection,
      );
      expect(result.code).toBe(5);
      expect(result.err).toMatch(/Ds/);
    }
  });
});

describe('otp against the server', () => {
  it('request mails a code; validate trades it for a token that works', async () => {
    const { db } = demo.server.runtime;
    const credentials = await enableOtp(db, await findAppConnector(db, 'O12345AA', 'Demo'));
    const keys = ['--api-key', credentials.apiKey, '--api-token', credentials.apiToken, '--user', 'jan'];
    const requested = await cli('otp', 'request', ...keys, '--url', demo.url);
    expect(requested.code, requested.err).toBe(0);
    const [mail] = await readOutbox(db, 'O12345AA', 'jan');
    expect(mail?.code).toMatch(/^\d{6}$/);

    const wrong = await cli(
      'otp',
      'validate',
      ...keys,
      '--otp',
      mail!.code === '000000' ? '000001' : '000000',
      '--url',
      demo.url,
    );
    expect(wrong.code).toBe(3);
    const validated = await cli(
      'otp',
      'validate',
      ...keys,
      '--otp',
      mail!.code,
      '--url',
      demo.url,
      '--save-profile',
      'jan',
    );
    expect(validated.code, validated.err).toBe(0);
    expect(validated.out.trim()).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>$/);
    const used = await cli('get', 'Profit_Employees', '--take', '1', '--profile', 'jan');
    expect(used.code, used.err).toBe(0);
  });
});
