// Draws the export chart (rows/s and the server's peak RSS against the row count, one line per database) as a small
// hand-written SVG. Pure: figures in, SVG text out; it must not measure or write files.

export interface ChartPoint {
  rows: number;
  rowsPerSecond: number;
  /** The baseline's rows/s at the same size (the driver alone), drawn dashed. */
  baselineRowsPerSecond?: number;
  /** The same SQL with each row's JSON made by the database (the physical limit, issue 17), drawn dotted. */
  databaseJsonRowsPerSecond?: number;
  peakMb: number;
}

export interface ChartSeries {
  database: string;
  points: ChartPoint[];
}

const COLORS: Record<string, string> = { sqlite: '#1f6fb2', postgres: '#c2410c' };
const PANEL = { width: 420, height: 260, left: 70, right: 20, top: 40, bottom: 50 };

const round = (value: number) => Math.round(value * 10) / 10;
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function formatCount(value: number): string {
  if (value >= 1_000_000) return `${value / 1_000_000}M`;
  if (value >= 1000) return `${value / 1000}k`;
  return String(value);
}

interface PanelOptions {
  offsetX: number;
  title: string;
  pick: (point: ChartPoint) => number;
  /** A second, dashed line per series (the baseline), where the points have it. */
  dashed?: (point: ChartPoint) => number | undefined;
  /** A third, dotted line per series (the database's own JSON), where the points have it. */
  dotted?: (point: ChartPoint) => number | undefined;
  unit: (value: number) => string;
  limit?: { value: number; label: string };
}

function panel(series: ChartSeries[], { offsetX, title, pick, dashed, dotted, unit, limit }: PanelOptions): string {
  const rows = series.flatMap((s) => s.points.map((p) => p.rows));
  const minLog = Math.log10(Math.min(...rows));
  const maxLog = Math.log10(Math.max(...rows));
  const values = series.flatMap((s) => s.points.flatMap((p) => [pick(p), dashed?.(p) ?? 0, dotted?.(p) ?? 0]));
  const top = niceMax(Math.max(...values, limit?.value ?? 0) * 1.1);
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const x = (count: number) =>
    round(
      offsetX +
        PANEL.left +
        (maxLog === minLog ? plotWidth / 2 : ((Math.log10(count) - minLog) / (maxLog - minLog)) * plotWidth),
    );
  const y = (value: number) => round(PANEL.top + plotHeight - (value / top) * plotHeight);
  const parts: string[] = [
    `<text x="${offsetX + PANEL.width / 2}" y="22" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const value = (top / 4) * i;
    parts.push(
      `<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.width - PANEL.right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${offsetX + PANEL.left - 6}" y="${y(value) + 4}" text-anchor="end">${escapeXml(unit(value))}</text>`,
    );
  }
  for (const count of [...new Set(rows)].sort((a, b) => a - b)) {
    parts.push(
      `<line x1="${x(count)}" x2="${x(count)}" y1="${PANEL.top}" y2="${PANEL.top + plotHeight}" stroke="#eee"/>`,
      `<text x="${x(count)}" y="${PANEL.top + plotHeight + 18}" text-anchor="middle">${formatCount(count)}</text>`,
    );
  }
  parts.push(
    `<text x="${offsetX + PANEL.left + plotWidth / 2}" y="${PANEL.height - 8}" text-anchor="middle">employees (rows, log scale)</text>`,
  );
  if (limit) {
    parts.push(
      `<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.width - PANEL.right}" y1="${y(limit.value)}" y2="${y(limit.value)}" stroke="#888" stroke-dasharray="5,4"/>`,
      `<text x="${offsetX + PANEL.width - PANEL.right}" y="${y(limit.value) - 5}" text-anchor="end" fill="#666">${escapeXml(limit.label)}</text>`,
    );
  }
  for (const s of series) {
    const color = COLORS[s.database] ?? '#333';
    const points = [...s.points].sort((a, b) => a.rows - b.rows);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${x(p.rows)},${y(pick(p))}`).join(' ')}"/>`,
      ...points.map((p) => `<circle cx="${x(p.rows)}" cy="${y(pick(p))}" r="3.5" fill="${color}"/>`),
    );
    const floor = dashed ? points.filter((p) => dashed(p) !== undefined) : [];
    if (floor.length > 0) {
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="6,4" points="${floor.map((p) => `${x(p.rows)},${y(dashed!(p)!)}`).join(' ')}"/>`,
      );
    }
    const limitLine = dotted ? points.filter((p) => dotted(p) !== undefined) : [];
    if (limitLine.length > 0) {
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="1,3" points="${limitLine.map((p) => `${x(p.rows)},${y(dotted!(p)!)}`).join(' ')}"/>`,
      );
    }
  }
  return parts.join('\n');
}

export function exportChartSvg(series: ChartSeries[], caption: string): string {
  const width = PANEL.width * 2;
  // The legend's line, then the caption's own (beside the legend it overlapped the third key).
  const height = PANEL.height + 56;
  const thousands = (value: number) => (value >= 1000 ? `${Math.round(value / 1000)}k` : String(Math.round(value)));
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${PANEL.left + i * 120}" y="${PANEL.height + 8}" width="14" height="4" fill="${COLORS[s.database] ?? '#333'}"/>` +
        `<text x="${PANEL.left + i * 120 + 20}" y="${PANEL.height + 14}">${escapeXml(s.database)}</text>`,
    )
    .concat(
      series.some((s) => s.points.some((p) => p.baselineRowsPerSecond !== undefined))
        ? [
            `<line x1="${PANEL.left + series.length * 120}" x2="${PANEL.left + series.length * 120 + 14}" y1="${PANEL.height + 10}" y2="${PANEL.height + 10}" stroke="#333" stroke-dasharray="4,3"/>` +
              `<text x="${PANEL.left + series.length * 120 + 20}" y="${PANEL.height + 14}">baseline: the driver alone</text>`,
          ]
        : [],
    )
    .concat(
      series.some((s) => s.points.some((p) => p.databaseJsonRowsPerSecond !== undefined))
        ? [
            `<line x1="${PANEL.left + series.length * 120 + 190}" x2="${PANEL.left + series.length * 120 + 204}" y1="${PANEL.height + 10}" y2="${PANEL.height + 10}" stroke="#333" stroke-dasharray="1,3"/>` +
              `<text x="${PANEL.left + series.length * 120 + 210}" y="${PANEL.height + 14}">the database's own JSON</text>`,
          ]
        : [],
    )
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>Export rows/s and the server's peak RSS against the number of employees, per database</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    panel(series, {
      offsetX: 0,
      title: 'Export skip=-1&take=-1: rows/s',
      pick: (p) => p.rowsPerSecond,
      dashed: (p) => p.baselineRowsPerSecond,
      dotted: (p) => p.databaseJsonRowsPerSecond,
      unit: thousands,
    }),
    panel(series, {
      offsetX: PANEL.width,
      title: 'Server peak RSS during the export: MB',
      pick: (p) => p.peakMb,
      unit: (v) => String(Math.round(v)),
      limit: { value: 250, label: 'target < 250 MB' },
    }),
    legend,
    `<text x="${width - PANEL.right}" y="${PANEL.height + 34}" text-anchor="end" fill="#666">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
