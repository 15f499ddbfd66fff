// `npm run bench`: options, the demo databases, every scenario on SQLite and PostgreSQL against a server child
// process, one table (or, with --chart, the export chart). It orchestrates and reports; it must not measure itself.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { authorizationHeader } from '@appconnector/protocol';
import { envFlag } from '@appconnector/server';
import {
  type BenchDatabase,
  benchToken,
  type DatabaseKind,
  DEFAULT_PG,
  postgresBenchDatabase,
  postgresReachable,
  sqliteBenchDatabase,
} from './bench-database.ts';
import { type ChartSeries, exportChartSvg } from './chart.ts';
import { summarizeProfiles } from './profile-summary.ts';
import { cliStartScenario } from './scenarios/cli-start.ts';
import { clientExportScenario } from './scenarios/client-export.ts';
import { clientPagerScenario } from './scenarios/client-pager.ts';
import { deepPagesScenario } from './scenarios/deep-pages.ts';
import { exportScenario } from './scenarios/export.ts';
import {
  type BenchContext,
  type Measurement,
  median,
  meetsTarget,
  ratioOf,
  type ScenarioResult,
} from './scenarios/kit.ts';
import { pagesScenario } from './scenarios/pages.ts';
import { serverStartScenario } from './scenarios/server-start.ts';
import { writesScenario } from './scenarios/writes.ts';
import { ROOT, startServerProcess } from './server-process.ts';

export const SCENARIOS = {
  export: exportScenario,
  pages: pagesScenario,
  deep: deepPagesScenario,
  writes: writesScenario,
  'client-export': clientExportScenario,
  'client-pager': clientPagerScenario,
  'cli-start': cliStartScenario,
  'server-start': serverStartScenario,
} as const;
export type ScenarioName = keyof typeof SCENARIOS;

export interface BenchOptions {
  rows: number;
  runs: number;
  dbDir: string;
  fresh: boolean;
  smoke: boolean;
  verify: boolean;
  databases: DatabaseKind[];
  scenarios: ScenarioName[];
  pg: string;
  /** Directory for V8 CPU profiles of the server child; none when undefined. */
  cpuProfDir?: string;
  log: (message: string) => void;
}

export interface BenchRun {
  results: ScenarioResult[];
  /** Databases left out, with the reason (PostgreSQL unreachable outside CI). */
  skippedDatabases: { database: DatabaseKind; reason: string }[];
}

async function prepareDatabase(kind: DatabaseKind, rows: number, options: BenchOptions): Promise<BenchDatabase> {
  return kind === 'sqlite'
    ? sqliteBenchDatabase(options.dbDir, rows, options.fresh, options.log)
    : postgresBenchDatabase(options.pg, rows, options.fresh, options.log);
}

/** PostgreSQL that does not answer is skipped with a warning locally and is a failure in CI. */
async function usableDatabases(options: BenchOptions): Promise<BenchRun['skippedDatabases']> {
  const skipped: BenchRun['skippedDatabases'] = [];
  if (options.databases.includes('postgres')) {
    const problem = await postgresReachable(options.pg);
    if (problem) {
      if (envFlag(process.env.CI))
        throw new Error(`PostgreSQL is required in CI and unreachable at ${options.pg}: ${problem}`);
      options.log(`warning: PostgreSQL unreachable at ${options.pg} (${problem}): its scenarios are skipped`);
      skipped.push({ database: 'postgres', reason: problem });
    }
  }
  return skipped;
}

/** Runs the chosen scenarios on one database against one server child. */
async function runOn(database: BenchDatabase, options: BenchOptions, names: ScenarioName[]): Promise<ScenarioResult[]> {
  const token = await benchToken(database);
  const tmpDir = resolve(options.dbDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const server = await startServerProcess(database.url, {
    label: `server-${database.kind}-${database.rows}`,
    cpuProfDir: options.cpuProfDir,
  });
  const context: BenchContext = {
    database,
    server,
    base: server.url,
    auth: authorizationHeader(token),
    token,
    runs: options.runs,
    smoke: options.smoke,
    verify: options.verify,
    tmpDir,
    log: options.log,
  };
  const results: ScenarioResult[] = [];
  try {
    for (const name of names) {
      options.log(`${database.kind} ${database.rows}: ${name}`);
      try {
        results.push({ ...(await SCENARIOS[name](context)), rows: database.rows });
      } catch (error) {
        options.log(`  failed: ${(error as Error).stack ?? String(error)}`);
        results.push({
          scenario: name,
          database: database.kind,
          measurements: [],
          checks: [],
          error: (error as Error).message,
          rows: database.rows,
        });
      }
    }
  } finally {
    await server.stop();
  }
  return results;
}

export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const skippedDatabases = await usableDatabases(options);
  const results: ScenarioResult[] = [];
  for (const kind of options.databases) {
    if (skippedDatabases.some((s) => s.database === kind)) continue;
    const database = await prepareDatabase(kind, options.rows, options);
    results.push(...(await runOn(database, options, options.scenarios)));
  }
  return { results, skippedDatabases };
}

/** `--chart`: the export scenario at 10k, 100k and 1M rows on each database, drawn to docs/performance-export.svg. */
export async function runChart(
  options: BenchOptions,
  sizes: number[],
): Promise<{ svg: string; results: ScenarioResult[] }> {
  const skipped = await usableDatabases(options);
  const series: ChartSeries[] = [];
  const results: ScenarioResult[] = [];
  for (const kind of options.databases) {
    if (skipped.some((s) => s.database === kind)) continue;
    const points: ChartSeries['points'] = [];
    for (const rows of sizes) {
      const database = await prepareDatabase(kind, rows, options);
      const [result] = await runOn(database, options, ['export']);
      results.push(result!);
      if (result!.error) throw new Error(`export on ${kind} at ${rows} rows failed: ${result!.error}`);
      const [rate, memory, databaseJson] = result!.measurements;
      points.push({
        rows,
        rowsPerSecond: median(rate!.figure),
        baselineRowsPerSecond: median(rate!.baseline),
        databaseJsonRowsPerSecond: databaseJson ? median(databaseJson.baseline) : undefined,
        peakMb: median(memory!.figure),
      });
    }
    series.push({ database: kind, points });
  }
  const caption = `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, median of ${options.runs} runs`;
  return { svg: exportChartSvg(series, caption), results };
}

// ---- the table ----

function formatValue(value: number, unit: string): string {
  if (unit === 'rows/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'MB') return value.toFixed(0);
  return value.toFixed(1);
}

function formatRuns(values: readonly number[], unit: string): string {
  if (values.length === 0) return '';
  const sorted = [...values].sort((a, b) => a - b);
  const middle = formatValue(median(values), unit);
  if (sorted.length === 1) return `${middle} ${unit}`;
  return `${middle} ${unit} (${formatValue(sorted[0]!, unit)}-${formatValue(sorted[sorted.length - 1]!, unit)})`;
}

export function formatTable(run: BenchRun, rows: number, runs: number): string {
  // Several sizes in one table (--chart): each line says its size.
  const sized = new Set(run.results.map((r) => r.rows)).size > 1;
  const where = (result: ScenarioResult) =>
    sized ? `${result.database} ${(result.rows ?? 0).toLocaleString('en-US')}` : result.database;
  const header = ['scenario', 'db', 'figure: median (range)', 'baseline: median (range)', 'ratio', 'target', 'met'];
  const lines: string[][] = [];
  for (const result of run.results) {
    if (result.error) {
      lines.push([result.scenario, where(result), `FAILED: ${result.error}`, '', '', '', '']);
      continue;
    }
    for (const m of result.measurements as Measurement[]) {
      const met = meetsTarget(m);
      lines.push([
        m.name,
        where(result),
        formatRuns(m.figure, m.unit),
        formatRuns(m.baseline, m.unit),
        `${ratioOf(m).toFixed(2)}`,
        m.target?.text ?? '',
        met === undefined ? '' : met ? 'yes' : 'NO',
      ]);
    }
  }
  for (const { database, reason } of run.skippedDatabases)
    lines.push(['(all)', database, `skipped: ${reason}`, '', '', '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [
    `${sized ? 'by size' : `${rows.toLocaleString('en-US')} employees`}, ${runs} run${runs === 1 ? '' : 's'} each; ` +
      'ratio = figure / baseline (medians)',
    render(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...lines.map(render),
  ].join('\n');
}

// ---- the command line ----

const USAGE = `npm run bench -- [options]
  --rows <n>          employees in the demo (default 1000000)
  --runs <n>          runs per scenario; the table shows median and range (default 3)
  --db-dir <dir>      where SQLite demos are cached by size (default bench/out)
  --fresh             rebuild the databases even when a complete one of that size exists
  --pg <url>          PostgreSQL server (default ${DEFAULT_PG}; database appconnector_bench_<rows>)
  --databases <list>  sqlite,postgres (default both)
  --only <list>       scenarios: ${Object.keys(SCENARIOS).join(',')} (default all)
  --smoke             one-second load runs, full correctness checks: the harness, not the figures
  --chart             the export scenario at 10k, 100k and 1M rows -> docs/performance-export.svg
  --cpu-prof          profile the server child; prints where its time went
  --help`;

function list<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const items = text.split(',').map((s) => s.trim()) as T[];
  for (const item of items)
    if (!allowed.includes(item)) throw new Error(`${flag}: '${item}' is not one of ${allowed.join(', ')}`);
  return items;
}

function positive(text: string, flag: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a whole number >= 1`);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'db-dir': { type: 'string', default: resolve(ROOT, 'bench/out') },
      fresh: { type: 'boolean', default: false },
      pg: { type: 'string', default: DEFAULT_PG },
      databases: { type: 'string', default: 'sqlite,postgres' },
      only: { type: 'string', default: Object.keys(SCENARIOS).join(',') },
      smoke: { type: 'boolean', default: false },
      chart: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dbDir = resolve(values['db-dir']);
  const options: BenchOptions = {
    rows: positive(values.rows, '--rows'),
    runs: positive(values.runs, '--runs'),
    dbDir,
    fresh: values.fresh,
    smoke: values.smoke,
    verify: values.smoke,
    databases: list(values.databases, ['sqlite', 'postgres'] as const, '--databases'),
    scenarios: list(values.only, Object.keys(SCENARIOS) as ScenarioName[], '--only'),
    pg: values.pg,
    cpuProfDir: values['cpu-prof']
      ? resolve(dbDir, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'))
      : undefined,
    log: (message) => process.stderr.write(`${message}\n`),
  };
  if (values.chart) {
    const sizes = [10_000, 100_000, 1_000_000];
    const { svg, results } = await runChart(options, sizes);
    const file = resolve(ROOT, 'docs/performance-export.svg');
    writeFileSync(file, svg);
    process.stdout.write(`${formatTable({ results, skippedDatabases: [] }, 0, options.runs)}\n`);
    process.stdout.write(`chart written to ${file}\n`);
    if (options.cpuProfDir) process.stdout.write(`${summarizeProfiles(options.cpuProfDir)}\n`);
    return 0;
  }
  const run = await runBench(options);
  const table = formatTable(run, options.rows, options.runs);
  process.stdout.write(`\n${table}\n`);
  mkdirSync(dbDir, { recursive: true });
  writeFileSync(resolve(dbDir, `results-${options.rows}.json`), `${JSON.stringify(run, null, 2)}\n`);
  if (options.cpuProfDir) process.stdout.write(`\n${summarizeProfiles(options.cpuProfDir)}\n`);
  return run.results.some((r) => r.error) ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`bench: ${error.message}\n`);
      process.exit(1);
    },
  );
}
