import { describe, expect, it } from 'vitest';
import {
  fitGarch11, garchBackcast, garchLogLikelihood, garchTermStructure, garchVariances, type GarchFit,
} from '../../src/stats/garch.js';
import { logReturns } from '../../src/stats/returns.js';
import { createRng } from '../../src/stats/rng.js';
import { expectAllRel, expectRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();

type Ref = {
  symbol: string; params: { mu: number; omega: number; alpha: number; beta: number };
  logLikelihood: number; backcast: number; lastVariance: number; nextVariance: number;
  fixedParams: { mu: number; omega: number; alpha: number; beta: number }; fixedBackcast: number;
  fixedLogLikelihood: number; fixedVariances: number[]; termStructure: Record<string, number[]>;
};

function fitOf(r: Float64Array): GarchFit {
  const f = fitGarch11(r);
  if (!f.ok) throw new Error(f.reason);
  return f.value;
}

describe('GARCH(1,1) against the numpy/scipy reference (arch conventions) on daily log returns', () => {
  for (const ref of vectors.garch as Ref[]) {
    const r = logReturns(prices.bySymbol[ref.symbol]!);

    it(`${ref.symbol}: backcast, conditional variances and log-likelihood at fixed parameters`, () => {
      const m = r.reduce((a, b) => a + b, 0) / r.length;
      expectRel(garchBackcast(r.map((v) => v - m)), ref.fixedBackcast);
      expectAllRel(garchVariances(r, ref.fixedParams), ref.fixedVariances);
      expectRel(garchLogLikelihood(r, ref.fixedParams), ref.fixedLogLikelihood);
    });

    it(`${ref.symbol}: the fit reaches scipy's optimum of the log-likelihood within 1e-6`, () => {
      const fit = fitOf(r);
      // The requirement (issue 5): our maximum is at least scipy's minus 1e-6. It may exceed it
      // slightly (scipy's SLSQP + Nelder–Mead stop on their own tolerances), but not by much.
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.logLikelihood - 1e-6);
      expect(fit.logLikelihood).toBeLessThanOrEqual(ref.logLikelihood + 1e-6);
      expect(fit.converged).toBe(true);
      // The likelihood is flat near its maximum, so parameters agree less tightly than ℓ:
      // a relative error δ in a parameter moves ℓ by ~½·I·δ², i.e. 1e-6 in ℓ ↔ ~1e-3 in θ.
      expectRel(fit.alpha, ref.params.alpha, 1e-3);
      expectRel(fit.beta, ref.params.beta, 1e-4);
      expectRel(fit.omega, ref.params.omega, 1e-2);
      expectRel(fit.mu, ref.params.mu, 1e-3);
      expectRel(fit.backcast, ref.backcast);
      // ℓ reported equals ℓ recomputed directly at the fitted parameters in original units.
      expectRel(garchLogLikelihood(r, fit), fit.logLikelihood, 1e-12);
      expect(fit.persistence).toBeLessThan(1);
      expectRel(fit.longRunVariance, fit.omega / (1 - fit.alpha - fit.beta), 1e-15);
      expectRel(fit.nextVariance, ref.nextVariance, 1e-3);
    });

    it(`${ref.symbol}: term structure = explicit multi-step recursion`, () => {
      const withRefParams = { ...ref.params, nextVariance: ref.nextVariance };
      for (const [h, expected] of Object.entries(ref.termStructure)) {
        const ts = garchTermStructure(withRefParams, Number(h));
        expectAllRel(ts.varianceByPeriod, expected);
        const total = expected.reduce((a, b) => a + b, 0);
        expectRel(ts.horizonVariance, total);
        expectRel(ts.annualisedVolatility, Math.sqrt((total * 252) / Number(h)));
      }
    });
  }
});

describe('GARCH(1,1): recovery, limits and edge cases', () => {
  it('recovers the parameters of a simulated GARCH(1,1) (4000 draws, seed 11)', () => {
    const truth = { mu: 0.0003, omega: 4e-6, alpha: 0.08, beta: 0.9 };
    const rng = createRng(11);
    const n = 4000;
    const r = new Float64Array(n);
    let v = truth.omega / (1 - truth.alpha - truth.beta);
    let e = 0;
    for (let t = 0; t < n; t++) {
      if (t > 0) v = truth.omega + truth.alpha * e * e + truth.beta * v;
      e = Math.sqrt(v) * rng.normal();
      r[t] = truth.mu + e;
    }
    const fit = fitOf(r);
    // Sampling error at n = 4000 (asymptotic s.e. of α ≈ 0.01, of β ≈ 0.015): 3-s.e. bands.
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(0.03);
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(0.045);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(garchLogLikelihood(r, truth));
  });

  it('term structure runs from σ²_{T+1} towards the long-run variance', () => {
    const fit = { omega: 1e-6, alpha: 0.1, beta: 0.85, nextVariance: 1e-4 };
    const ts = garchTermStructure(fit, 2000);
    const longRun = 1e-6 / 0.05;
    expect(ts.varianceByPeriod[0]).toBe(1e-4);
    expect(ts.varianceByPeriod[1]).toBeCloseTo(1e-6 + 0.95 * 1e-4, 18);
    expect(ts.varianceByPeriod.at(-1)!).toBeCloseTo(longRun, 15);
    expect(() => garchTermStructure(fit, 0)).toThrow(RangeError);
  });

  it('is not estimable on short or constant samples', () => {
    expect(fitGarch11(new Float64Array(50)).ok).toBe(false);
    expect(fitGarch11(new Float64Array(500).fill(0.01))).toEqual({ ok: false, reason: expect.stringContaining('constant') });
  });
});
