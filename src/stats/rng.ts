// Seeded pseudo-random numbers: Mersenne Twister MT19937 (Matsumoto & Nishimura 1998,
// "Mersenne Twister: a 623-dimensionally equidistributed uniform pseudo-random number
// generator", ACM TOMACS 8(1)), seeded with their `init_genrand`. The draws are bit-for-bit
// those of numpy's legacy `numpy.random.RandomState(seed)`:
//   uniform()   = RandomState.random_sample()   (53-bit double from two 32-bit words)
//   normal()    = RandomState.standard_normal() (Marsaglia polar method, second value cached)
//   integer(n)  = RandomState.randint(n)        (bit-mask rejection, unbiased)
// so any Monte Carlo result can be reproduced in Python from the seed alone. MT19937 was chosen
// over faster generators for exactly that verifiability; at ~10 ns per draw it is not the
// bottleneck of a scenario engine. Same seed → same sequence, on every platform.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class Rng {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private hasCachedNormal = false;
  private cachedNormal = 0;

  /** `seed`: an integer in [0, 2³² − 1]; seeds from users are validated at the boundary. */
  constructor(readonly seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 4294967295], got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      // init_genrand: mt[i] = 1812433253 · (mt[i−1] ⊕ (mt[i−1] >> 30)) + i  (mod 2³²)
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
  }

  /** Next 32-bit output of MT19937, an integer in [0, 2³² − 1] (genrand_int32). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits: (a·2²⁶ + b) / 2⁵³ with a, b the top 27 and 26 bits
   *  of two outputs (genrand_res53). */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal by the Marsaglia–Bray polar method (Marsaglia & Bray 1964, SIAM Review
   *  6(3)); each accepted pair yields two independent normals, the second is returned by the
   *  next call. */
  normal(): number {
    if (this.hasCachedNormal) {
      this.hasCachedNormal = false;
      return this.cachedNormal;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.uniform() - 1;
      x2 = 2 * this.uniform() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.cachedNormal = f * x1;
    this.hasCachedNormal = true;
    return f * x2;
  }

  /** Uniform integer in [0, n − 1] for an integer 1 ≤ n ≤ 2³², without modulo bias: draw 32 bits,
   *  keep the smallest all-ones mask covering n − 1, reject values above n − 1. n = 1 consumes
   *  no randomness. */
  integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
      throw new RangeError(`integer(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    }
    const max = n - 1;
    if (max === 0) return 0;
    if (max === 0xffffffff) return this.nextUint32();
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let v: number;
    do {
      v = (this.nextUint32() & mask) >>> 0;
    } while (v > max);
    return v;
  }

  /** Fills `out` with uniform() draws (batch form, no allocation). */
  fillUniform(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /** Fills `out` with normal() draws (batch form, no allocation). */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** Regenerates the 624-word state block (the "twist" of genrand_int32). */
  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.index = 0;
  }
}

/** A generator seeded with `seed` (integer in [0, 2³² − 1]). */
export function createRng(seed: number): Rng {
  return new Rng(seed);
}
