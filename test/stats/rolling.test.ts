import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { olsRegression } from '../../src/stats/regression.js';
import { logReturns } from '../../src/stats/returns.js';
import { rollingOls } from '../../src/stats/rolling.js';
import { expectAllRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();

type Ref = { window: number; y: string; x: string; intercept: number[]; slope: number[]; slopeStdError: number[];
  rSquared: number[]; residualStdDev: number[] };

describe('rolling OLS against statsmodels RollingOLS (AAPL on XLK daily log returns)', () => {
  for (const ref of vectors.rolling as Ref[]) {
    it(`window ${ref.window}`, () => {
      const r = rollingOls(logReturns(prices.bySymbol[ref.y]!), logReturns(prices.bySymbol[ref.x]!), ref.window);
      expect(r.notEstimable).toEqual([]);
      expect(r.firstEnd).toBe(ref.window - 1);
      expectAllRel(r.slope, ref.slope);
      // intercepts ~1e-4 from means of returns ~1e-2 (see regression tests): floor 1e-2
      expectAllRel(r.intercept, ref.intercept, 1e-9, 1e-2);
      expectAllRel(r.slopeStdError, ref.slopeStdError);
      expectAllRel(r.rSquared, ref.rSquared);
      expectAllRel(r.residualStdDev, ref.residualStdDev);
    });
  }
});

describe('rolling OLS: consistency with the one-shot regression and edge cases', () => {
  it('every window equals olsRegression on that window (random data, sliding + restarts)', () => {
    const arb = fc.tuple(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 3, max: 60 })).chain(([w, n]) => fc.tuple(
      fc.constant(w),
      fc.array(fc.integer({ min: -10000, max: 10000 }).map((v) => v * 1e-5 + 0.5), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: -10000, max: 10000 }).map((v) => v * 1e-5), { minLength: n, maxLength: n }),
    ));
    fc.assert(fc.property(arb, ([w, xs, ys]) => {
      const x = Float64Array.from(xs);
      const y = Float64Array.from(ys);
      const r = rollingOls(y, x, w);
      expect(r.slope.length).toBe(Math.max(0, x.length - w + 1));
      for (let i = 0; i < r.slope.length; i++) {
        const one = olsRegression(y.subarray(i, i + w), x.subarray(i, i + w));
        if (!one.ok) {
          expect(r.notEstimable).toContain(i);
          continue;
        }
        const tol = (v: number) => 1e-8 * Math.max(1, Math.abs(v));
        expect(Math.abs(r.slope[i]! - one.value.slope)).toBeLessThanOrEqual(tol(one.value.slope));
        expect(Math.abs(r.intercept[i]! - one.value.intercept)).toBeLessThanOrEqual(tol(one.value.intercept));
        expect(Math.abs(r.rSquared[i]! - one.value.rSquared)).toBeLessThanOrEqual(1e-8);
        expect(Math.abs(r.residualStdDev[i]! - one.value.residualStdDev)).toBeLessThanOrEqual(1e-9);
      }
    }), { numRuns: 300 });
  });

  it('lists windows with a constant regressor instead of returning silent NaN', () => {
    const x = new Float64Array([1, 2, 3, 3, 3, 3, 4, 5]);
    const y = new Float64Array([1, 3, 2, 5, 4, 6, 8, 7]);
    const r = rollingOls(y, x, 3);
    expect(r.notEstimable).toEqual([2, 3]);
    expect(r.reason).toMatch(/constant/);
    expect(Number.isFinite(r.slope[1]!)).toBe(true);
    expect(Number.isFinite(r.slope[4]!)).toBe(true);
  });

  it('rejects windows below 3 and mismatched lengths; short series give no windows', () => {
    expect(() => rollingOls(new Float64Array(5), new Float64Array(5), 2)).toThrow(RangeError);
    expect(() => rollingOls(new Float64Array(5), new Float64Array(4), 3)).toThrow(RangeError);
    expect(rollingOls(new Float64Array(2), new Float64Array(2), 3).slope.length).toBe(0);
  });
});
