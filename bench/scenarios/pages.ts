// Scenario 2, pages under load: `take=1000` with a two-condition filter and a two-field sort, 8 connections, against a
// bare node:http server running the same prepared SQL. Checks the server's page equals the baseline's rows first.

import autocannon from 'autocannon';
import type { PageJob } from '../baselines/page-server.ts';
import { BENCH_CONNECTOR, compileBenchRead } from '../bench-database.ts';
import { startBaselineProcess } from '../server-process.ts';
import { type BenchContext, check, type ScenarioResult, timedGet, wireRows } from './kit.ts';

/**
 * What a careful client asks page by page (PROTOCOL.md 3, "changes since a moment"): employees in service changed
 * since a date, oldest change first. The demo's clock is fixed, so the date selects ~14% of any demo's employees.
 */
export const PAGE_QUERY =
  'skip=0&take=1000&filterfieldids=ModifiedDate,Active&filtervalues=2025-11-01T00:00:00,true&operatortypes=2,1' +
  '&orderbyfieldids=ModifiedDate,EmployeeId';
/** AFAS's advice: at most 8 parallel calls. */
export const CONNECTIONS = 8;

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
}

/**
 * One autocannon run for `seconds`, or until `amount` requests are answered (a warm-up: requests still running when a
 * duration ends are not counted, so a short timed warm-up of slow pages could count none). Every answer must be a
 * 2xx, or the figures would flatter an error path.
 */
export async function load(
  options: { url: string; headers?: Record<string, string>; method?: string; body?: string } & (
    | { seconds: number }
    | { amount: number }
  ),
  label: string,
): Promise<LoadFigures> {
  const result = await autocannon({
    url: options.url,
    connections: CONNECTIONS,
    ...('amount' in options ? { amount: options.amount } : { duration: options.seconds }),
    headers: options.headers ?? {},
    method: options.method ?? 'GET',
    body: options.body,
    timeout: 60,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  if (result['2xx'] === 0) throw new Error(`${label}: no request completed in ${result.duration} s`);
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
  };
}

export async function pagesScenario(context: BenchContext): Promise<ScenarioResult> {
  const { database } = context;
  const compiled = await compileBenchRead(database, PAGE_QUERY);
  const job: PageJob = { target: database, ...compiled, skip: 0, take: 1000 };
  const baseline = await startBaselineProcess('bench/baselines/page-server.ts', job, { label: 'page baseline' });
  const checks: string[] = [];
  const seconds = context.smoke ? 1 : 10;
  const serverUrl = `${context.base}/connectors/${BENCH_CONNECTOR}?${PAGE_QUERY}`;
  const headers = { authorization: context.auth };
  try {
    const served = await timedGet(serverUrl, context.auth);
    const floor = await timedGet(baseline.url, context.auth);
    check(served.status === 200 && floor.status === 200, 'server and baseline answer the page with 200', checks);
    const servedRows = (served.body as { rows: Record<string, unknown>[] }).rows;
    const floorRows = wireRows(
      compiled.fieldIds,
      compiled.fieldTypes,
      (floor.body as { rows: Record<string, unknown>[] }).rows,
    );
    check(servedRows.length === Math.min(1000, floorRows.length), `the page has ${servedRows.length} rows`, checks);
    check(
      JSON.stringify(servedRows) === JSON.stringify(floorRows),
      "the server's page equals the baseline's rows (same order, same values)",
      checks,
    );
    if (!context.smoke) {
      // Warm both up (JIT, caches, pools) before anything is measured: two pages per connection, however long they take.
      await load({ url: baseline.url, amount: 2 * CONNECTIONS }, 'page baseline warm-up');
      await load({ url: serverUrl, amount: 2 * CONNECTIONS, headers }, 'page warm-up');
    }
    const rate = { figure: [] as number[], baseline: [] as number[] };
    const p50 = { figure: [] as number[], baseline: [] as number[] };
    const p99 = { figure: [] as number[], baseline: [] as number[] };
    for (let run = 0; run < context.runs; run++) {
      const floorRun = await load({ url: baseline.url, seconds }, 'page baseline');
      const serverRun = await load({ url: serverUrl, seconds, headers }, 'pages');
      context.log(
        `  run ${run + 1}: server ${serverRun.requestsPerSecond.toFixed(1)} req/s p50 ${serverRun.p50} ms p99 ${serverRun.p99} ms; ` +
          `baseline ${floorRun.requestsPerSecond.toFixed(1)} req/s p50 ${floorRun.p50} ms p99 ${floorRun.p99} ms`,
      );
      rate.figure.push(serverRun.requestsPerSecond);
      rate.baseline.push(floorRun.requestsPerSecond);
      p50.figure.push(serverRun.p50);
      p50.baseline.push(floorRun.p50);
      p99.figure.push(serverRun.p99);
      p99.baseline.push(floorRun.p99);
    }
    return {
      scenario: 'pages under load',
      database: database.kind,
      checks,
      measurements: [
        {
          name: 'pages, 8 connections',
          unit: 'req/s',
          ...rate,
          target: { on: 'ratio', op: '>=', value: 0.6, text: '>= 0.6' },
        },
        // Issue 17: a sync page should answer like a good AFAS call (AFAS calls a call over 1 s slow).
        {
          name: 'pages median latency',
          unit: 'ms',
          ...p50,
          target: { on: 'figure', op: '<=', value: 250, text: '<= 250 ms' },
        },
        {
          name: 'pages p99 latency',
          unit: 'ms',
          ...p99,
          target: { on: 'figure', op: '<=', value: 1000, text: '<= 1 s' },
        },
      ],
    };
  } finally {
    await baseline.stop();
  }
}
