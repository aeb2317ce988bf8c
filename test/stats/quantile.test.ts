import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileType7 } from '../../src/stats/quantile.js';
import { logReturns } from '../../src/stats/returns.js';
import { expectRel, referencePrices, vectors } from './reference-data.js';

describe('quantileType7', () => {
  it('matches numpy.quantile(method="linear") on AAPL daily log returns', () => {
    const sorted = logReturns(referencePrices().AAPL).sort();
    const levels = vectors.quantiles.levels as number[];
    levels.forEach((p, i) => expectRel(quantileType7(sorted, p), vectors.quantiles.aaplLog1[i]));
  });

  it('matches Hyndman & Fan (1996) definition 7 on a small sample (R: quantile(1:10, type = 7))', () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // R 4.x: quantile(1:10, c(0, .1, .25, .5, .9, 1), type = 7) → 1.00 1.90 3.25 5.50 9.10 10.00
    expect(quantileType7(x, 0)).toBe(1);
    expect(quantileType7(x, 0.1)).toBeCloseTo(1.9, 14);
    expect(quantileType7(x, 0.25)).toBeCloseTo(3.25, 14);
    expect(quantileType7(x, 0.5)).toBeCloseTo(5.5, 14);
    expect(quantileType7(x, 0.9)).toBeCloseTo(9.1, 14);
    expect(quantileType7(x, 1)).toBe(10);
    expect(quantileType7(new Float64Array([42]), 0.3)).toBe(42);
  });

  it('rejects an empty sample and levels outside [0, 1]', () => {
    expect(() => quantileType7(new Float64Array(0), 0.5)).toThrow(RangeError);
    expect(() => quantileType7(new Float64Array([1]), 1.01)).toThrow(RangeError);
    expect(() => quantileType7(new Float64Array([1]), Number.NaN)).toThrow(RangeError);
  });

  it('is monotone in p and stays within the sample range', () => {
    const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 })
      .map((a) => Float64Array.from(a).sort());
    fc.assert(fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (s, p, q) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        const a = quantileType7(s, lo);
        const b = quantileType7(s, hi);
        expect(a).toBeLessThanOrEqual(b);
        expect(a).toBeGreaterThanOrEqual(s[0]!);
        expect(b).toBeLessThanOrEqual(s[s.length - 1]!);
      }));
  });
});
