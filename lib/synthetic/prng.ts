/**
 * Seeded pseudo-random numbers (sfc32). The generator never touches Math.random or the clock,
 * so one seed always yields byte-identical files. Each concern draws from its own named stream,
 * so adding draws to one dataset does not reshuffle another.
 */

/** 32-bit FNV-1a of a string, mixed with murmur3's finaliser. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3 fmix32: spreads every input bit over the output. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Long weight tables (surnames, charges) are module constants: their running sums are cached.
// Short inline tables are summed on each call rather than filling the cache with garbage keys.
const CUMULATIVE = new WeakMap<readonly unknown[], Float64Array>();

function cumulativeWeights(choices: readonly (readonly [unknown, number])[]): Float64Array {
  const cached = CUMULATIVE.get(choices);
  if (cached) return cached;
  const sums = new Float64Array(choices.length);
  let total = 0;
  choices.forEach(([, w], i) => (sums[i] = total += w));
  if (choices.length > 4) CUMULATIVE.set(choices, sums);
  return sums;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: string) {
    const base = hashString(`${seed}/${stream}`);
    this.a = mix32(base ^ 0x9e3779b9);
    this.b = mix32(base ^ 0x243f6a88);
    this.c = mix32(base ^ 0xb7e15162);
    this.d = 1;
    // Warm-up: sfc32's first outputs are correlated with the seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Picks by weight from `[value, weight]` pairs; weights need not sum to 1. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const cumulative = cumulativeWeights(choices);
    const r = this.float() * cumulative[cumulative.length - 1];
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return choices[i][0];
    return choices[choices.length - 1][0];
  }

  /** Log-uniform in [min, max]: amounts spread over orders of magnitude, as real ones do. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.float() * (Math.log(max) - Math.log(min)));
  }
}
