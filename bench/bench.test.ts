// Keeps the benchmark harness from rotting: the smoke bench (10,000 employees, one short run) on SQLite and on
// PostgreSQL must run every scenario and pass its correctness checks. It asserts nothing about speed.

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PG } from './bench-database.ts';
import { exportChartSvg } from './chart.ts';
import { formatTable, runBench, SCENARIOS, type ScenarioName } from './run.ts';
import { ROOT } from './server-process.ts';

describe.each(['sqlite', 'postgres'] as const)('npm run bench -- --smoke on %s', (kind) => {
  it('runs every scenario and its answers match the baselines', { timeout: 600_000 }, async ({ skip }) => {
    const log: string[] = [];
    const run = await runBench({
      rows: 10_000,
      runs: 1,
      dbDir: resolve(ROOT, 'bench/out'),
      fresh: false,
      smoke: true,
      verify: true,
      databases: [kind],
      scenarios: Object.keys(SCENARIOS) as ScenarioName[],
      pg: DEFAULT_PG,
      log: (message) => log.push(message),
    });
    // Unreachable PostgreSQL is skipped with a warning locally; in CI runBench has thrown already.
    if (run.skippedDatabases.length > 0) {
      console.warn(`bench smoke on ${kind} skipped: ${run.skippedDatabases[0]!.reason}`);
      return skip();
    }
    expect(run.results.map((r) => r.scenario.split(' (')[0])).toEqual([
      'export take=-1',
      'pages under load',
      'deep pages',
      'writes KnPerson',
      'client export',
      'export vs pager',
      'cli start',
      'server start',
    ]);
    for (const result of run.results) {
      expect(result.error, `${result.scenario}: ${result.error}\n${log.join('\n')}`).toBeUndefined();
      expect(result.checks.length).toBeGreaterThan(0);
      for (const measurement of result.measurements) {
        expect(measurement.figure).toHaveLength(1);
        expect(measurement.baseline).toHaveLength(1);
        for (const value of [...measurement.figure, ...measurement.baseline]) {
          expect(Number.isFinite(value) && value > 0, `${measurement.name}: ${value}`).toBe(true);
        }
      }
    }
    const table = formatTable(run, 10_000, 1);
    expect(table).toContain('export');
    expect(table).not.toContain('FAILED');
  });
});

describe('the export chart', () => {
  it('draws one line per database in both panels', () => {
    const points = [
      { rows: 10_000, rowsPerSecond: 50_000, peakMb: 120 },
      { rows: 100_000, rowsPerSecond: 80_000, peakMb: 140 },
      { rows: 1_000_000, rowsPerSecond: 90_000, peakMb: 160 },
    ];
    const svg = exportChartSvg(
      [
        { database: 'sqlite', points },
        { database: 'postgres', points },
      ],
      'test',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain('1M');
    expect(svg).toContain('target &#60; 250 MB');
  });

  it("draws the driver's and the database's own JSON lines, dashed and dotted, where the points have them", () => {
    const points = [
      {
        rows: 10_000,
        rowsPerSecond: 50_000,
        baselineRowsPerSecond: 60_000,
        databaseJsonRowsPerSecond: 90_000,
        peakMb: 1,
      },
      {
        rows: 1_000_000,
        rowsPerSecond: 70_000,
        baselineRowsPerSecond: 80_000,
        databaseJsonRowsPerSecond: 99_000,
        peakMb: 2,
      },
    ];
    const svg = exportChartSvg([{ database: 'sqlite', points }], 'test');
    // rows/s solid, driver dashed, database JSON dotted; peak RSS solid.
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg.match(/stroke-dasharray="1,3" points=/g)).toHaveLength(1);
    expect(svg).toContain("the database's own JSON");
  });
});
