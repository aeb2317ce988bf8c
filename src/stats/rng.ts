// Seeded pseudo-random numbers: Mersenne Twister MT19937 (Matsumoto & Nishimura 1998,
// "Mersenne Twister: a 623-dimensionally equidistributed uniform pseudo-random number
// generator", ACM TOMACS 8(1)), seeded with their `init_genrand`. The draws are bit-for-bit
// those of numpy's legacy `numpy.random.RandomState(seed)`:
//   uniform()   = RandomState.random_sample()   (53-bit double from two 32-bit words)
//   normal()    = RandomState.standard_normal() (Marsaglia polar method, second value cached)
//   integer(n)  = RandomState.randint(n)        (bit-mask rejection, unbiased)
// so a bootstrap, FHS or 'numpy-legacy' Monte Carlo run can be reproduced in Python from the seed
// alone. Millions of normals are drawn by `Xoshiro128` below (xoshiro128** with a ziggurat, ~5 ns
// a normal against ~27 ns here), the Monte Carlo engine's default. Same seed → same sequence, on
// every platform, for both.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class Rng implements RandomSource {
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

/** What the Monte Carlo and other samplers draw from: uniform on [0, 1) and standard normal. */
export interface RandomSource {
  uniform(): number;
  normal(): number;
  fillNormal(out: Float64Array): Float64Array;
}

/** Ziggurat of 256 layers for the standard normal (Marsaglia & Tsang, "The ziggurat method for
 *  generating random variables", J. Stat. Software 5(8), 2000): rightmost layer edge R and common
 *  layer area V from their paper. Edges x[0] = V/f(R) (the base strip, tail included), x[1] = R,
 *  x[i+1] = f⁻¹(f(x[i]) + V/x[i]), x[256] = 0, with f(x) = e^{−x²/2}; ratio[i] = x[i+1]/x[i]. */
const ZIGGURAT_LAYERS = 256;
const ZIGGURAT_R = 3.6541528853610088;
const ZIGGURAT_V = 0.00492867323399;
const zigguratX = new Float64Array(ZIGGURAT_LAYERS + 1);
const zigguratRatio = new Float64Array(ZIGGURAT_LAYERS);
const zigguratF = new Float64Array(ZIGGURAT_LAYERS + 1);
{
  const f = (x: number): number => Math.exp(-0.5 * x * x);
  zigguratX[0] = ZIGGURAT_V / f(ZIGGURAT_R);
  zigguratX[1] = ZIGGURAT_R;
  for (let i = 1; i < ZIGGURAT_LAYERS - 1; i++) {
    const xi = zigguratX[i]!;
    zigguratX[i + 1] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / xi + f(xi)));
  }
  zigguratX[ZIGGURAT_LAYERS] = 0;
  for (let i = 0; i < ZIGGURAT_LAYERS; i++) zigguratRatio[i] = zigguratX[i + 1]! / zigguratX[i]!;
  for (let i = 0; i <= ZIGGURAT_LAYERS; i++) zigguratF[i] = f(zigguratX[i]!);
}

/** 2⁻⁵², 2⁻⁵³. */
const TWO_M52 = 2.220446049250313e-16;
const TWO_M53 = 1.1102230246251565e-16;

/** The fast generator of the Monte Carlo engine: xoshiro128** 1.0 (Blackman & Vigna, "Scrambled
 *  linear pseudorandom number generators", ACM TOMS 47(4), 2021; period 2¹²⁸ − 1, 32-bit words,
 *  so every step is plain Int32 arithmetic in JavaScript), its state filled from the seed by two
 *  outputs of SplitMix64 (Steele, Lea & Flood, OOPSLA 2014), as its authors recommend. Normals
 *  by the 256-layer ziggurat above, with Doornik's remedy ("An improved ziggurat method to
 *  generate normal random samples", 2005): the layer index and the uniform come from different
 *  bits (8 bits of one word for the layer, 53 other bits for a signed uniform), and the wedges
 *  are tested against the density itself. About 1.2 % of draws leave the fast path. Not the
 *  numpy stream: `Rng` (MT19937) remains the generator that replays numpy bit for bit. */
export class Xoshiro128 implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed` and `stream`: integers in [0, 2³² − 1]. SplitMix64 starts from stream·2³² + seed, so
   *  each (seed, stream) pair is its own generator (the Monte Carlo engine draws block b from
   *  stream b). */
  constructor(readonly seed: number, readonly stream = 0) {
    for (const [name, v] of [['seed', seed], ['stream', stream]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        throw new RangeError(`${name} must be an integer in [0, 4294967295], got ${v}`);
      }
    }
    let state = (BigInt(stream) << 32n) + BigInt(seed);
    const words: number[] = [];
    for (let k = 0; k < 2; k++) {
      // SplitMix64: state += golden gamma; z = mix(state).
      state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
      let z = state;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
      z ^= z >> 31n;
      words.push(Number(z & 0xffffffffn), Number(z >> 32n));
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
  }

  /** Next 32-bit output, an integer in [0, 2³² − 1]: rotl(s1·5, 7)·9, then the xoshiro step. */
  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits (the top 21 of one word, all 32 of the next). */
  uniform(): number {
    const a = this.nextUint32() >>> 11;
    return (a * 4294967296 + this.nextUint32()) * TWO_M53;
  }

  /** Standard normal by the ziggurat. */
  normal(): number {
    for (;;) {
      const a = this.nextUint32();
      const layer = a & 0xff;
      // Signed uniform in (−1, 1) from 53 bits not used for the layer.
      const u = ((a >>> 11) * 4294967296 + this.nextUint32() + 0.5) * TWO_M52 - 1;
      const x = u * zigguratX[layer]!;
      if (Math.abs(u) < zigguratRatio[layer]!) return x;
      if (layer === 0) return this.tail(u < 0);
      // Wedge: accept when a uniform point under the layer's rectangle lies under the density.
      const f0 = zigguratF[layer]!;
      const f1 = zigguratF[layer + 1]!;
      if (f0 + this.uniform() * (f1 - f0) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /** Beyond R: Marsaglia's tail method (Marsaglia, "Generating a variable from the tail of the
   *  normal distribution", Technometrics 6, 1964), x = −ln(U₁)/R accepted when −2·ln(U₂) > x². */
  private tail(negative: boolean): number {
    for (;;) {
      const x = -Math.log(1 - this.uniform()) / ZIGGURAT_R;
      const y = -Math.log(1 - this.uniform());
      if (y + y > x * x) return negative ? -(ZIGGURAT_R + x) : ZIGGURAT_R + x;
    }
  }

  /** Fills `out` with normal() draws (batch form, no allocation). */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
}
