// Reads the V8 CPU profiles `--cpu-prof` left (.cpuprofile) and prints where the server's time went: self time by
// function and by package. A first look only; open the file in Chrome DevTools for the call tree.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `.../node_modules/fastify/lib/reply.js` -> `fastify`; the server's own files by their path under packages. */
function packageOf(url: string): string {
  if (url === '') return '(native/V8)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  const own = /packages\/([^/]+)\/src\/([^/]+)/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return 'node core';
  return url.replace(/^file:\/\//, '');
}

function summarize(profile: CpuProfile, top: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    total += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|packages)\//, '')}:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    const pkg = packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
  });
  const share = (micros: number) => `${((micros / total) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(total / 1e6).toFixed(1)} s (idle excluded); self time by package:`];
  for (const [pkg, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12))
    lines.push(`  ${share(micros)}  ${pkg}`);
  lines.push('self time by function:');
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${share(micros)}  ${name}`);
  return lines;
}

/** Microseconds spent on anything but waiting. */
function busyOf(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return profile.samples.reduce((sum, id, i) => (idle.has(id) ? sum : sum + (profile.timeDeltas[i] ?? 0)), 0);
}

/** Every profile under `dir` (one directory per child), the busiest thread of each child only. */
export function summarizeProfiles(dir: string, top = 20): string {
  let files: string[];
  try {
    files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return `no CPU profiles in ${dir}`;
  }
  const byChild = new Map<string, { file: string; profile: CpuProfile; busy: number }>();
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const busy = busyOf(profile);
    const child = dirname(file);
    if ((byChild.get(child)?.busy ?? -1) < busy) byChild.set(child, { file, profile, busy });
  }
  const out: string[] = [];
  for (const [child, { file, profile }] of [...byChild].sort()) {
    out.push(`CPU profile of ${child}: ${join(dir, file)}`);
    out.push(...summarize(profile, top));
  }
  return out.length > 0 ? out.join('\n') : `no CPU profiles in ${dir}`;
}
