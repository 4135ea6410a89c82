// A seeded, splittable pseudo-random generator: xoshiro128** (Blackman & Vigna) seeded through
// SplitMix32. Every random draw in atradiff goes through one of these; there is no Math.random.
// `split()` derives an independent child stream, so components can draw in any order without
// disturbing each other; `state` / `setState` checkpoint a stream exactly.

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const TWO_POW_32 = 4294967296;

export interface RngState {
  s: [number, number, number, number];
  /** The second Box-Muller value waiting to be returned, or null. */
  spare: number | null;
}

function isWord(x: unknown): x is number {
  // The state words are kept as JavaScript's int32 or uint32 views of the same 32 bits.
  return typeof x === "number" && Number.isInteger(x) && x >= -0x80000000 && x <= 0xffffffff;
}

/**
 * `state` when it is a state this generator can be in, else one sentence naming `where` (the file
 * and field it came from): four 32-bit words, not all zero (xoshiro128** maps the all-zero state to
 * itself, so it would draw zeros forever and `gaussian()` would never return), and a spare that is
 * null or a finite number.
 */
export function checkRngState(state: unknown, where: string): RngState {
  const st = state as Partial<RngState> | null;
  if (
    st === null ||
    typeof st !== "object" ||
    !Array.isArray(st.s) ||
    st.s.length !== 4 ||
    !st.s.every(isWord)
  )
    throw new Error(
      `${where} is not a random-number state: expected {"s": four 32-bit integers, "spare": null or a number}, got ${JSON.stringify(state)?.slice(0, 120)}.`,
    );
  if (st.s.every((x) => (x | 0) === 0))
    throw new Error(
      `${where} is the all-zero random-number state, which the generator never leaves; expected four 32-bit integers, not all zero.`,
    );
  if (st.spare !== null && !(typeof st.spare === "number" && Number.isFinite(st.spare)))
    throw new Error(
      `${where} has the spare normal draw ${JSON.stringify(st.spare)}; expected null or a finite number.`,
    );
  return st as RngState;
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** `seed` is any integer (or a list of integers, e.g. [runSeed, workerIndex]). */
  constructor(seed: number | readonly number[]) {
    const seeds = typeof seed === "number" ? [seed] : seed;
    if (seeds.length === 0 || seeds.some((x) => !Number.isFinite(x)))
      throw new Error(
        `An Rng seed must be a finite number or a non-empty list of them, got ${String(seed)}.`,
      );
    let h = 0x2545f491;
    for (const x of seeds) {
      // Fold every seed word (both 32-bit halves of a large integer) into the hash.
      h = splitmix32(h ^ (x >>> 0));
      h = splitmix32(h ^ Math.floor(x / TWO_POW_32));
    }
    this.s0 = splitmix32(h);
    this.s1 = splitmix32(this.s0 ^ 0x6a09e667);
    this.s2 = splitmix32(this.s1 ^ 0xbb67ae85);
    this.s3 = splitmix32(this.s2 ^ 0x3c6ef372);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly random unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A uniformly random integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32)
      throw new Error(`Rng.int needs an integer bound in [1, 2^32], got ${n}.`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal draw (Box-Muller; the second value of each pair is kept for the next call). */
  gaussian(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  fillUniform(out: Float32Array | Float64Array, low = 0, high = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * this.uniform();
    return out;
  }

  fillGaussian(out: Float32Array | Float64Array, mean = 0, std = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.gaussian();
    return out;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /**
   * min(n, items.length) items drawn uniformly without replacement (a partial Fisher-Yates shuffle
   * of `items` in place; the draw is its first entries, in draw order).
   */
  sampleInPlace<T>(items: T[], n: number): T[] {
    const m = Math.min(n, items.length);
    for (let i = 0; i < m; i++) {
      const j = i + this.int(items.length - i);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items.slice(0, m);
  }

  /** An independent child stream; advances this stream by four draws. */
  split(): Rng {
    return new Rng([this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32()]);
  }

  get state(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  /** Restores a saved state; `where` names its source in the sentence that refuses an invalid one. */
  setState(st: RngState, where = "A random-number state"): void {
    checkRngState(st, where);
    [this.s0, this.s1, this.s2, this.s3] = st.s;
    this.spare = st.spare;
  }

  static fromState(st: RngState, where?: string): Rng {
    const r = new Rng(0);
    r.setState(st, where);
    return r;
  }
}
