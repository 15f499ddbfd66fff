// How `appconnector mirror` reads a source, against scripted answers (the SDK's injected fetch): only metainfo and the
// Profit version,
// both languages, a connector the source refuses left out with the reason, a refused token stopping everything.

import { AfasClient, AuthenticationError, type FetchLike } from '@appconnector/client';
import type { GetMetainfo, MetainfoList } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { readSource } from '../src/commands/mirror-read.ts';

const TOKEN = `<token><version>1</version><data>${'A'.repeat(64)}</data></token>`;

function list(language: string): MetainfoList {
  const d = (nl: string, en: string) => (language.startsWith('nl') ? nl : en);
  return {
    getConnectors: [
      { id: 'Good', description: d('Goed', 'Good') },
      { id: 'Refused', description: d('Geweigerd', 'Refused') },
    ],
    updateConnectors: [{ id: 'KnThing', description: d('Ding', 'Thing') }],
    info: { envid: 'T11111AA', appName: 'App', group: 'App (11111.X)', tokenExpiry: '0' },
  };
}

function getMeta(language: string): GetMetainfo {
  const label = language.startsWith('nl') ? 'Naam' : 'Name';
  return {
    name: 'Good',
    description: 'x',
    fields: [
      {
        id: 'Name',
        fieldId: 'Nm',
        dataType: 'string',
        label,
        length: 10,
        controlType: 1,
        decimals: 0,
        decimalsFieldId: '',
      },
    ],
  };
}

/** A source that answers metainfo and records every call with its language. */
function scriptedSource(refuseToken = false) {
  const calls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const path = new URL(url).pathname.replace('/ProfitRestServices', '');
    const language = new Headers(init.headers).get('accept-language') ?? '';
    calls.push(`${language} ${path}`);
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (refuseToken && path !== '/metainfo') return json(401, { externalMessage: 'token refused' });
    if (path === '/metainfo') return json(200, list(language));
    if (path === '/ProfitVersion') return json(200, { version: '8.1.0' });
    if (path === '/metainfo/get/Good') return json(200, getMeta(language));
    if (path === '/metainfo/update/KnThing')
      return json(200, { id: 'KnThing', description: 'x', name: 'KnThing', fields: [], objects: [] });
    return json(500, { externalMessage: 'This GetConnector is not available', profitLogReference: 'ref-1' });
  };
  const client = (language: string) =>
    new AfasClient({ baseUrl: 'http://source.test/ProfitRestServices', token: TOKEN, language, fetch, maxRetries: 0 });
  return { calls, clients: { nl: client('nl-nl'), en: client('en-us') } };
}

describe('readSource', () => {
  it('reads the list and each connector in Dutch and English, and nothing but metainfo', async () => {
    const { calls, clients } = scriptedSource();
    const progress: number[] = [];
    const read = await readSource(clients, { concurrency: 2, onProgress: (done) => progress.push(done) });
    expect(read.envid).toBe('T11111AA');
    expect(read.profitVersion).toBe('8.1.0');
    expect(read.source.getConnectors).toEqual([
      { id: 'Good', description: { nl: 'Goed', en: 'Good' }, meta: { nl: getMeta('nl-nl'), en: getMeta('en-us') } },
    ]);
    expect(read.source.updateConnectors.map((c) => c.id)).toEqual(['KnThing']);
    expect(read.skipped).toEqual([
      { kind: 'get', id: 'Refused', reason: expect.stringContaining('This GetConnector is not available') },
    ]);
    expect(calls.every((call) => / \/(metainfo(\/|$)|ProfitVersion$)/.test(call))).toBe(true);
    expect(calls).toHaveLength(read.calls);
    expect(calls.filter((call) => call.endsWith('/metainfo/get/Good')).sort()).toEqual([
      'en-us /metainfo/get/Good',
      'nl-nl /metainfo/get/Good',
    ]);
    expect(progress.sort()).toEqual([1, 2, 3]);
  });

  it('stops at a refused token instead of leaving every connector out', async () => {
    const { clients } = scriptedSource(true);
    await expect(readSource(clients, { concurrency: 4 })).rejects.toBeInstanceOf(AuthenticationError);
  });
});
