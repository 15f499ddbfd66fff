// What every scenario shares: the context it runs in, the shape of its result, statistics, a streaming GET that
// counts rows without parsing them, and the wire form of a raw database row (for correctness checks). No scenario.

import { request as httpRequest } from 'node:http';
import type { DataType } from '@appconnector/protocol';
import type { BenchDatabase, DatabaseKind } from '../bench-database.ts';
import type { ChildHandle } from '../server-process.ts';

export interface BenchContext {
  database: BenchDatabase;
  server: ChildHandle;
  /** The server's ProfitRestServices base URL. */
  base: string;
  /** The Authorization header value of the bench token. */
  auth: string;
  /** The token XML, for the CLI. */
  token: string;
  runs: number;
  /** Short load runs (a second each): the harness is exercised, the figures mean little. */
  smoke: boolean;
  /** Compare every answer with the baseline's rows, not only counts (slower: keeps rows in memory). */
  verify: boolean;
  /** Where scenarios may put files (bench/out/tmp). */
  tmpDir: string;
  log: (message: string) => void;
}

export interface Target {
  /** Checked against the ratio (figure / baseline) or the figure itself. */
  on: 'ratio' | 'figure';
  op: '>=' | '<=' | '<';
  value: number;
  /** As printed, e.g. `>= 0.7` or `< 250 MB`. */
  text: string;
}

export interface Measurement {
  name: string;
  unit: string;
  /** One value per run. */
  figure: number[];
  baseline: number[];
  target?: Target;
}

export interface ScenarioResult {
  scenario: string;
  database: DatabaseKind;
  measurements: Measurement[];
  /** What was checked and held, for the smoke test's eyes and the log. */
  checks: string[];
  /** The scenario failed: a check did not hold or something broke. */
  error?: string;
  /** The demo's size (employees); set by the runner. */
  rows?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function ratioOf(measurement: Measurement): number {
  return median(measurement.figure) / median(measurement.baseline);
}

export function meetsTarget(measurement: Measurement): boolean | undefined {
  const { target } = measurement;
  if (!target) return undefined;
  const value = target.on === 'ratio' ? ratioOf(measurement) : median(measurement.figure);
  return target.op === '>=' ? value >= target.value : target.op === '<=' ? value <= target.value : value < target.value;
}

/** A check that must hold for the figures to mean anything; it throws, so the scenario fails loudly. */
export function check(condition: boolean, message: string, checks: string[]): void {
  if (!condition) throw new Error(`check failed: ${message}`);
  checks.push(message);
}

export interface StreamedAnswer {
  status: number;
  rows: number;
  bytes: number;
  seconds: number;
  /** The whole body, when asked for (verification only). */
  body?: string;
}

/**
 * GETs a URL and reads the body to its end, counting rows by the text that starts every row (`{"<first field>":`):
 * inside string values a `"` is escaped, so the text cannot occur there. A few bytes are carried across chunks.
 */
export function streamRows(url: string, auth: string, firstField: string, keepBody = false): Promise<StreamedAnswer> {
  const marker = Buffer.from(`{${JSON.stringify(firstField)}:`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const request = httpRequest(url, { headers: { authorization: auth } }, (response) => {
      let rows = 0;
      let bytes = 0;
      let carry = Buffer.alloc(0);
      const parts: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keepBody) parts.push(chunk);
        const text = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        let at = text.indexOf(marker);
        let end = 0;
        while (at !== -1) {
          rows++;
          end = at + marker.length;
          at = text.indexOf(marker, end);
        }
        const keep = Math.max(end, text.length - (marker.length - 1));
        carry = Buffer.from(text.subarray(keep));
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          rows,
          bytes,
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          ...(keepBody ? { body: Buffer.concat(parts).toString('utf8') } : {}),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** A whole JSON answer, timed; for the small answers of the page scenarios. */
export async function timedGet(url: string, auth: string): Promise<{ status: number; ms: number; body: unknown }> {
  const started = performance.now();
  // A hung server (e.g. a connection pool drained by leaked queries) fails the scenario instead of the whole run.
  const response = await fetch(url, { headers: { authorization: auth }, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, ms, body: JSON.parse(text) };
}

/**
 * A raw database value as PROTOCOL.md 3 puts it on the wire: dates `YYYY-MM-DDTHH:MM:SSZ`, booleans true/false.
 * Written from the protocol, not from the server's renderer, so that the check is independent of it.
 */
export function wireValue(type: DataType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date': {
      const text = String(value).replace(' ', 'T');
      return `${text.length <= 10 ? `${text}T00:00:00` : text.slice(0, 19)}Z`;
    }
    case 'boolean':
      return value === true || value === 1;
    case 'int':
    case 'decimal':
      return Number(value);
    default:
      return value;
  }
}

/** Rows keyed by field id with raw database values (as the baselines send them) in their wire form. */
export function wireRows(
  ids: readonly string[],
  types: readonly DataType[],
  rows: readonly Record<string, unknown>[],
): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(ids.map((id, i) => [id, wireValue(types[i]!, row[id])])));
}

export const MB = 1024 * 1024;
