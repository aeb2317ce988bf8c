import { describe, expect, it } from 'vitest';
import { logReturns } from '../../src/stats/returns.js';
import { createRng } from '../../src/stats/rng.js';
import { digamma, logGamma } from '../../src/stats/special.js';
import { fitStudentT, studentTLogLikelihood, type StudentTFit } from '../../src/stats/student-t.js';
import { expectRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();

function fitOf(x: Float64Array): StudentTFit {
  const f = fitStudentT(x);
  if (!f.ok) throw new Error(f.reason);
  return f.value;
}

describe('special functions against scipy.special', () => {
  const { x, gammaln, digamma: psi } = vectors.studentT.special as { x: number[]; gammaln: number[]; digamma: number[] };
  it('logGamma = gammaln, digamma = psi (absolute 1e-13 where the value is near 0, else relative)', () => {
    x.forEach((v, i) => {
      expectRel(logGamma(v), gammaln[i]!, 1e-13, 1);
      expectRel(digamma(v), psi[i]!, 1e-13, 1);
    });
  });
  it('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => digamma(-1)).toThrow(RangeError);
  });
});

type Ref = { symbol: string; degreesOfFreedom: number; location: number; scale: number; logLikelihood: number;
  scipyFitLogLikelihood: number; fixed: { degreesOfFreedom: number; location: number; scale: number }; fixedLogLikelihood: number };

describe('Student-t fit against scipy.stats.t on daily log returns', () => {
  for (const ref of vectors.studentT.fits as Ref[]) {
    const x = logReturns(prices.bySymbol[ref.symbol]!);
    it(`${ref.symbol}: log-likelihood at fixed parameters = Σ scipy.stats.t.logpdf`, () => {
      expectRel(studentTLogLikelihood(x, ref.fixed), ref.fixedLogLikelihood);
    });
    it(`${ref.symbol}: maximum likelihood within 1e-6 of scipy's (polished) optimum`, () => {
      const fit = fitOf(x);
      expect(fit.converged).toBe(true);
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.logLikelihood - 1e-6);
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.scipyFitLogLikelihood - 1e-6);
      expect(fit.logLikelihood).toBeLessThanOrEqual(ref.logLikelihood + 1e-6);
      // flat likelihood: 1e-6 in ℓ ↔ ~1e-3 relative in the parameters (see garch.test.ts)
      expectRel(fit.degreesOfFreedom, ref.degreesOfFreedom, 1e-3);
      expectRel(fit.scale, ref.scale, 1e-3);
      expectRel(fit.location, ref.location, 1e-3, 1e-2);
      expectRel(studentTLogLikelihood(x, fit), fit.logLikelihood, 1e-12);
    });
  }

  it('recovers ν from simulated t(5) draws (normal / √(χ²₅/5), 20 000 draws, seed 3)', () => {
    const rng = createRng(3);
    const n = 20_000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let chi2 = 0;
      for (let k = 0; k < 5; k++) chi2 += rng.normal() ** 2;
      x[i] = 0.01 + 0.02 * rng.normal() / Math.sqrt(chi2 / 5);
    }
    const fit = fitOf(x);
    // asymptotic s.e. of ν̂ at ν = 5, n = 20 000 is ≈ 0.2: 4-s.e. band
    expect(Math.abs(fit.degreesOfFreedom - 5)).toBeLessThan(0.8);
    expect(Math.abs(fit.scale - 0.02)).toBeLessThan(0.001);
  });

  it('is not estimable on short or constant samples', () => {
    expect(fitStudentT(new Float64Array(10)).ok).toBe(false);
    expect(fitStudentT(new Float64Array(100).fill(1)).ok).toBe(false);
  });
});
