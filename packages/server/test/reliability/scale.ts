// How large the reliability runs are: 1 in the ordinary test run (bounded for CI), larger through
// `npm run reliability` (RELIABILITY_SCALE, default 10 there), which multiplies case counts, writes and durations.

export const RELIABILITY_SCALE = Math.max(0.1, Number(process.env.RELIABILITY_SCALE ?? 1) || 1);

/** Prints a figure of a larger run (npm run reliability); the ordinary test run stays quiet. */
export function reportFigure(text: string): void {
  if (process.env.RELIABILITY_SCALE) console.info(`reliability: ${text}`);
}
