import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlation } from '../../src/stats/descriptive.js';
import { minimumVarianceRatio, olsRegression, type OlsFit } from '../../src/stats/regression.js';
import { logReturns } from '../../src/stats/returns.js';
import { expectRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();
const returns: Record<string, Float64Array> = {
  AAPL: logReturns(prices.AAPL), XLK: logReturns(prices.XLK), SPY: logReturns(prices.SPY),
};

function fitOf(y: Float64Array, x: Float64Array): OlsFit {
  const r = olsRegression(y, x);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('OLS against statsmodels OLS(y, add_constant(x)) on daily log returns', () => {
  type Ref = { y: string; x: string; ols: Record<string, number> };
  for (const pair of vectors.pairs as Ref[]) {
    it(`${pair.y} on ${pair.x}`, () => {
      const ref = pair.ols;
      const fit = fitOf(returns[pair.y]!, returns[pair.x]!);
      expect(fit.n).toBe(ref.n);
      expectRel(fit.slope, ref.slope!);
      // The intercept (~1e-4) is ȳ − b·x̄ with ȳ, x̄ ~1e-3 from returns ~1e-2: floor 1e-2.
      expectRel(fit.intercept, ref.intercept!, 1e-9, 1e-2);
      expectRel(fit.slopeStdError, ref.slopeStdError!);
      expectRel(fit.interceptStdError, ref.interceptStdError!);
      expectRel(fit.rSquared, ref.rSquared!);
      expectRel(fit.residualStdDev, Math.sqrt(ref.scale!));
      expectRel(fit.tSlope!, ref.tSlope!);
      const h = minimumVarianceRatio(returns[pair.y]!, returns[pair.x]!);
      expect(h.ok).toBe(true);
      if (h.ok) expectRel(h.value, ref.slope!);
    });
  }
});

describe('OLS: textbook case, edge cases and identities', () => {
  it('recovers an exact line and reports t as null for a perfect fit', () => {
    const x = new Float64Array([1, 2, 3, 4]);
    const fit = fitOf(x.map((v) => 2 + 0.5 * v), x);
    expect(fit.slope).toBeCloseTo(0.5, 14);
    expect(fit.intercept).toBeCloseTo(2, 14);
    expect(fit.rSquared).toBeCloseTo(1, 14);
    expect(fit.tSlope).toBeNull();
  });

  it('is not estimable with n < 3, a constant regressor or a constant target', () => {
    expect(olsRegression(new Float64Array([1, 2]), new Float64Array([3, 4])).ok).toBe(false);
    expect(olsRegression(new Float64Array([1, 2, 3]), new Float64Array([4, 4, 4])).ok).toBe(false);
    expect(olsRegression(new Float64Array([4, 4, 4]), new Float64Array([1, 2, 3])).ok).toBe(false);
    expect(minimumVarianceRatio(new Float64Array([4, 4, 4]), new Float64Array([1, 2, 3]))).toEqual({ ok: true, value: 0 });
    expect(minimumVarianceRatio(new Float64Array([1, 2, 3]), new Float64Array([4, 4, 4])).ok).toBe(false);
    expect(() => olsRegression(new Float64Array(3), new Float64Array(4))).toThrow(RangeError);
  });

  // Returns on a grid of 1e-7 within ±10 %: the domain of real return data. (Values near 1e-160
  // would make squared deviations subnormal and cost precision; no price series produces them.)
  const returnArb = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => k * 1e-7);
  const series = fc.integer({ min: 4, max: 40 }).chain((n) => fc.tuple(
    fc.array(returnArb, { minLength: n, maxLength: n }),
    fc.array(returnArb, { minLength: n, maxLength: n }),
  )).map(([a, b]) => [Float64Array.from(a), Float64Array.from(b)] as const);

  it('slope_yx · slope_xy = R² = ρ²', () => {
    fc.assert(fc.property(series, ([y, x]) => {
      const yx = olsRegression(y, x);
      const xy = olsRegression(x, y);
      const rho = correlation(y, x);
      if (!yx.ok || !xy.ok || !rho.ok) return;
      expect(yx.value.slope * xy.value.slope).toBeCloseTo(yx.value.rSquared, 10);
      expect(xy.value.rSquared).toBeCloseTo(yx.value.rSquared, 10);
      expect(rho.value * rho.value).toBeCloseTo(yx.value.rSquared, 10);
    }));
  });

  it('the hedge ratio on log returns is invariant to scaling either price series', () => {
    const positive = fc.integer({ min: 5, max: 40 }).chain((n) => fc.tuple(
      fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: n, maxLength: n }),
    ));
    fc.assert(fc.property(positive, fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ([a, b], ca, cb) => {
        const pa = Float64Array.from(a);
        const pb = Float64Array.from(b);
        const h = minimumVarianceRatio(logReturns(pa), logReturns(pb));
        const hs = minimumVarianceRatio(logReturns(pa.map((v) => v * ca)), logReturns(pb.map((v) => v * cb)));
        if (!h.ok || !hs.ok) return;
        expect(Math.abs(hs.value - h.value)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(h.value)));
      }));
  });
});
