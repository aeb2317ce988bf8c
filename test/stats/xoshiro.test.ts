// The Monte Carlo engine's fast generator: xoshiro128** words against an independent Python
// implementation of the published algorithm (test/reference/stats/make-xoshiro-vectors.py), and
// the ziggurat's normals tested as a distribution: moments, quantiles against scipy's norm.ppf,
// the Kolmogorov–Smirnov distance, the tail beyond the ziggurat's edge, seed determinism.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normCdf } from '../../src/pricing/special.js';
import { Xoshiro128 } from '../../src/stats/rng.js';

const ref = JSON.parse(readFileSync(new URL('../reference/stats/xoshiro.json', import.meta.url), 'utf8')) as {
  words: Record<string, number[]>; seed7Streams: Record<string, number[]>; uniformSeed: number; uniforms: number[]; quantiles: { p: number[]; z: number[] };
};

describe('Xoshiro128 (xoshiro128** seeded by SplitMix64) against an independent implementation', () => {
  for (const seed of Object.keys(ref.words)) {
    it(`seed ${seed}: the first 1,000 words`, () => {
      const g = new Xoshiro128(Number(seed));
      expect(Array.from({ length: 1000 }, () => g.nextUint32())).toEqual(ref.words[seed]);
    });
  }

  it('streams of one seed are their own generators (SplitMix64 from stream·2^32 + seed)', () => {
    for (const stream of Object.keys(ref.seed7Streams)) {
      const g = new Xoshiro128(7, Number(stream));
      expect(Array.from({ length: 100 }, () => g.nextUint32()), `stream ${stream}`).toEqual(ref.seed7Streams[stream]);
    }
    expect(() => new Xoshiro128(7, -1)).toThrow(RangeError);
  });

  it('uniform() takes 53 bits from two words, exactly', () => {
    const g = new Xoshiro128(ref.uniformSeed);
    expect(Array.from({ length: ref.uniforms.length }, () => g.uniform())).toEqual(ref.uniforms);
  });

  it('rejects seeds outside [0, 2^32 − 1]', () => {
    expect(() => new Xoshiro128(-1)).toThrow(RangeError);
    expect(() => new Xoshiro128(2 ** 32)).toThrow(RangeError);
    expect(() => new Xoshiro128(1.5)).toThrow(RangeError);
  });
});

describe('ziggurat normals are standard normal (N = 1,000,000, seed 2024)', () => {
  const n = 1_000_000;
  const z = new Xoshiro128(2024).fillNormal(new Float64Array(n));
  const sorted = Float64Array.from(z).sort();

  it('moments within 5 standard errors: mean (1/√n), variance (√(2/n)), skewness (√(6/n)), excess kurtosis (√(24/n))', () => {
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (const v of z) {
      const v2 = v * v;
      s1 += v;
      s2 += v2;
      s3 += v2 * v;
      s4 += v2 * v2;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(s3 / n)).toBeLessThan(5 * Math.sqrt(6 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(24 / n));
  });

  it('empirical quantiles match scipy.stats.norm.ppf within 5 standard errors √(p(1−p)/n)/φ(z_p)', () => {
    ref.quantiles.p.forEach((p, k) => {
      const zp = ref.quantiles.z[k]!;
      const empirical = sorted[Math.floor(p * n)]!;
      const se = Math.sqrt((p * (1 - p)) / n) / (Math.exp(-0.5 * zp * zp) / Math.sqrt(2 * Math.PI));
      expect(Math.abs(empirical - zp), `p = ${p}`).toBeLessThan(5 * se);
    });
  });

  it('Kolmogorov–Smirnov distance below the 0.1 % critical value 1.949/√n', () => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normCdf(sorted[i]!);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
    expect(d).toBeLessThan(1.949 / Math.sqrt(n));
  });

  it('the tail beyond the ziggurat edge R = 3.6542 and beyond 4.5 is as frequent as it should be (5σ binomial)', () => {
    for (const edge of [3.6541528853610088, 4.5]) {
      const p = 2 * normCdf(-edge);
      const count = z.filter((v) => Math.abs(v) > edge).length;
      expect(Math.abs(count - n * p), `|z| > ${edge}`).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
    }
  });

  it('same seed → the same normals; another seed → different ones', () => {
    expect(new Xoshiro128(2024).fillNormal(new Float64Array(1000))).toEqual(z.subarray(0, 1000));
    expect(new Xoshiro128(2025).fillNormal(new Float64Array(1000))).not.toEqual(z.subarray(0, 1000));
  });
});
