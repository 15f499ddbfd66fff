import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { holdYoungGeneration } from '../src/young-generation.ts';

const newSpaceBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

/** Allocates ~`mb` MB of objects that survive scavenges (kept until the end), as a server's start does. */
function survivors(mb: number): unknown[] {
  const kept: unknown[] = [];
  for (let i = 0; i < mb * 8000; i++) kept.push({ i, text: `row ${i}`, list: [i, i + 1] });
  return kept;
}

describe('holdYoungGeneration', () => {
  it('keeps the young generation from growing while held, and lets it grow once released', () => {
    const release = holdYoungGeneration();
    const before = newSpaceBytes();
    const held = survivors(40);
    expect(newSpaceBytes()).toBeLessThanOrEqual(before);
    release();
    release(); // a second call changes nothing
    const freed = survivors(40);
    expect(newSpaceBytes()).toBeGreaterThan(before);
    expect(held.length + freed.length).toBeGreaterThan(0);
  });
});
