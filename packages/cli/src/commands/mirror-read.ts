// Reads what `appconnector mirror` copies from a Profit environment: the metainfo list and every connector's
// metainfo, in Dutch and in English, and its Profit version, through the SDK. Must never ask for data: no
// /connectors/ call, only /metainfo and /ProfitVersion.

import {
  type AfasClient,
  AfasError,
  AuthenticationError,
  ConnectionError,
  ForbiddenError,
  ServiceUnavailableError,
  TimeoutError,
} from '@appconnector/client';
import type { GetMetainfo, MetainfoList, UpdateMetainfo } from '@appconnector/protocol';
import type { MirrorSource } from '@appconnector/server';

export interface SkippedConnector {
  kind: 'get' | 'update';
  id: string;
  reason: string;
}

export interface ReadSource {
  source: MirrorSource;
  /** Connectors the list names whose metainfo the source refused (a blocked GetConnector): not mirrored. */
  skipped: SkippedConnector[];
  /** The source's own name for itself (`info.envid`), its Profit version and how many calls were made. */
  envid: string;
  profitVersion: string;
  calls: number;
}

export interface ReadOptions {
  /** Calls in flight at once: Profit limits parallel calls per token, and a mirror is not in a hurry. */
  concurrency: number;
  /** After each connector read: how many of `total` are done. */
  onProgress?: (done: number, total: number) => void;
}

/** Errors that say the whole source is out of reach: no point asking for the next connector. */
function fatal(error: unknown): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof ForbiddenError ||
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof ServiceUnavailableError ||
    !(error instanceof AfasError)
  );
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order in the answer. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(runners);
  return results;
}

/**
 * The source as metainfo tells it. Labels and descriptions come in the caller's language, so everything is read
 * twice, once as `nl-nl` and once as `en-us`: the mirror then answers both languages as the source does.
 */
export async function readSource(
  clients: { nl: AfasClient; en: AfasClient },
  options: ReadOptions,
): Promise<ReadSource> {
  const [listNl, listEn]: [MetainfoList, MetainfoList] = await Promise.all([
    clients.nl.metainfo(),
    clients.en.metainfo(),
  ]);
  // The version decides how answers are formatted (Profit 7 changed them): the mirror runs the same one.
  const { version } = await clients.en.profitVersion();
  let calls = 3;
  const descriptions = (kind: 'getConnectors' | 'updateConnectors') => {
    const dutch = new Map(listNl[kind].map((c) => [c.id, c.description]));
    return listEn[kind].map((c) => ({
      id: c.id,
      description: { en: c.description, nl: dutch.get(c.id) ?? c.description },
    }));
  };
  const gets = descriptions('getConnectors');
  const updates = descriptions('updateConnectors');
  const total = gets.length + updates.length;
  let done = 0;
  const skipped: SkippedConnector[] = [];
  const both = async <M>(kind: 'get' | 'update', id: string, read: (client: AfasClient) => Promise<M>) => {
    try {
      const counted = (client: AfasClient) => {
        calls++;
        return read(client);
      };
      const [nl, en] = [await counted(clients.nl), await counted(clients.en)];
      return { nl, en };
    } catch (error) {
      if (fatal(error)) throw error;
      skipped.push({ kind, id, reason: (error as Error).message });
      return undefined;
    } finally {
      options.onProgress?.(++done, total);
    }
  };
  const getMeta = await pooled(gets, options.concurrency, (c) =>
    both<GetMetainfo>('get', c.id, (client) => client.describeGet(c.id)),
  );
  const updateMeta = await pooled(updates, options.concurrency, (c) =>
    both<UpdateMetainfo>('update', c.id, (client) => client.describeUpdate(c.id)),
  );
  return {
    source: {
      getConnectors: gets.flatMap((c, i) => (getMeta[i] ? [{ ...c, meta: getMeta[i] }] : [])),
      updateConnectors: updates.flatMap((c, i) => (updateMeta[i] ? [{ ...c, meta: updateMeta[i] }] : [])),
    },
    skipped,
    envid: listEn.info.envid,
    profitVersion: version,
    calls,
  };
}
