// A small seeded PRNG (mulberry32) whose stream can be re-keyed per entity, so the demo data is reproducible.
// Must not touch Math.random or the clock: the same seed and keys always give the same numbers.

/** Mixes up to three 32-bit numbers into one (murmur3's finaliser), for keying a stream per entity. */
export function hash32(a: number, b = 0, c = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ Math.imul(c, 0x27d4eb2f), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX = '0123456789ABCDEF';

export class Random {
  private state = 0;

  constructor(seed = 0) {
    this.reseed(seed);
  }

  /**
   * Restarts the stream at a key. Entities draw from a stream keyed by (seed, kind, index), so any of their
   * attributes can be recomputed later (e.g. a user's code from the employee it belongs to) without keeping rows.
   */
  reseed(a: number, b = 0, c = 0): this {
    this.state = hash32(a, b, c) | 0;
    return this;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `n` random digits as text (leading zeros kept). */
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(this.next() * 10);
    return out;
  }

  /** `n` upper-case hex characters. */
  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }
}
