// The server's resting memory: V8 grows its young generation (two semi-spaces, up to 2 × 16 MB) whenever more
// bytes survive scavenges than it holds, and never gives it back while the process idles. A start keeps some
// 40 MB alive (modules, compiled definitions), so the young generation reached its maximum at every start and
// stayed there, empty, for as long as the server rested: ~30 MB of its RSS. Holding its growth during the start
// (what survives goes to the old generation, where it would end up anyway) and allowing it again once the server
// listens (or a demo is built, which allocates like requests do) lets it grow only when requests need it.

import { setFlagsFromString } from 'node:v8';

/** V8's default: each growth doubles the semi-space. */
const DEFAULT_GROWTH_FACTOR = 2;

/** Whoever started Node with a growth factor of their own keeps it. */
function growthFactorSetByUser(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((flag) => /^--semi[-_]space[-_]growth[-_]factor\b/.test(flag));
}

/**
 * Keeps the young generation at its size now until the returned function is called (once is enough; later calls do
 * nothing). Called before the server module is even loaded: its import alone would grow it.
 */
export function holdYoungGeneration(): () => void {
  if (growthFactorSetByUser()) return () => {};
  setFlagsFromString('--semi-space-growth-factor=1');
  let held = true;
  return () => {
    if (held) setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
    held = false;
  };
}
