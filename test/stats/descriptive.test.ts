import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annualisedVolatility, correlation, covariance, mean, standardDeviation, variance,
} from '../../src/stats/descriptive.js';
import { logReturns } from '../../src/stats/returns.js';
import { expectRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();
const returns: Record<string, Float64Array> = {
  AAPL: logReturns(prices.AAPL), XLK: logReturns(prices.XLK), SPY: logReturns(prices.SPY),
};

describe('descriptive statistics against numpy (daily log returns, data/sample)', () => {
  for (const symbol of ['AAPL', 'XLK', 'SPY']) {
    it(`${symbol}: mean, variance, std (ddof 1), annualised volatility`, () => {
      const ref = vectors.descriptive[symbol];
      const r = returns[symbol]!;
      // The mean (~1e-3) is a sum of returns of ~1e-2 that partly cancel: floor 1e-2.
      expectRel(mean(r), ref.mean, 1e-9, 1e-2);
      expectRel(variance(r), ref.variance);
      expectRel(standardDeviation(r), ref.std);
      expectRel(annualisedVolatility(r), ref.annualisedVolatility);
    });
  }

  for (const pair of vectors.pairs as { y: string; x: string; covariance: number; correlation: number }[]) {
    it(`${pair.y}/${pair.x}: covariance and correlation`, () => {
      const y = returns[pair.y]!;
      const x = returns[pair.x]!;
      expectRel(covariance(y, x), pair.covariance);
      const r = correlation(y, x);
      expect(r.ok).toBe(true);
      if (r.ok) expectRel(r.value, pair.correlation);
    });
  }
});

describe('descriptive statistics: textbook values and edge cases', () => {
  it('matches a hand-checkable sample', () => {
    const x = new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean(x)).toBe(5);
    expect(variance(x)).toBeCloseTo(32 / 7, 14);
    expect(annualisedVolatility(x, 4)).toBeCloseTo(Math.sqrt(32 / 7) * 2, 14);
  });

  it('keeps precision with a large offset (two-pass algorithm)', () => {
    const x = new Float64Array([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(variance(x)).toBe(30);
  });

  it('throws on too-short or mismatched input (programming errors)', () => {
    expect(() => mean(new Float64Array(0))).toThrow(RangeError);
    expect(() => variance(new Float64Array([1]))).toThrow(RangeError);
    expect(() => covariance(new Float64Array([1, 2]), new Float64Array([1, 2, 3]))).toThrow(RangeError);
  });

  it('reports correlation with a constant series as not estimable', () => {
    const r = correlation(new Float64Array([1, 2, 3]), new Float64Array([5, 5, 5]));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('constant') });
  });

  const pairs = fc.integer({ min: 3, max: 30 }).chain((n) => fc.tuple(
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
  )).map(([a, b]) => [Float64Array.from(a), Float64Array.from(b)] as const);

  it('correlation lies in [−1, 1], is symmetric and is 1 with itself', () => {
    fc.assert(fc.property(pairs, ([x, y]) => {
      const r = correlation(x, y);
      if (!r.ok) return;
      expect(Math.abs(r.value)).toBeLessThanOrEqual(1);
      const s = correlation(y, x);
      expect(s.ok && s.value).toBeCloseTo(r.value, 12);
      const self = correlation(x, x);
      expect(self.ok && self.value).toBeCloseTo(1, 12);
    }));
  });

  it('variance is invariant to translation and scales with the square', () => {
    fc.assert(fc.property(pairs, fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: 0.01, max: 100, noNaN: true }), ([x], shift, scale) => {
        const v = variance(x);
        expect(variance(x.map((u) => u + shift))).toBeCloseTo(v, 8);
        const vs = variance(x.map((u) => u * scale));
        expect(Math.abs(vs - v * scale * scale)).toBeLessThanOrEqual(1e-9 * Math.max(1, v * scale * scale));
      }));
  });
});
