import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlationFromCovariance, covarianceMatrix, ledoitWolf } from '../../src/stats/covariance.js';
import { logReturns } from '../../src/stats/returns.js';
import { expectAllRel, expectRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();
const symbols = vectors.covariance.symbols as string[];
const returnsOf = (list: string[]) => list.map((s) => logReturns(prices.bySymbol[s]!));

describe('covariance matrices against numpy and scikit-learn (10 series, 756 daily log returns)', () => {
  it('sample covariance = numpy.cov(rowvar=False), correlation = numpy.corrcoef', () => {
    const cov = covarianceMatrix(returnsOf(symbols));
    expectAllRel(cov.values, vectors.covariance.sample);
    const corr = correlationFromCovariance(cov);
    expect(corr.ok).toBe(true);
    if (corr.ok) expectAllRel(corr.value.values, vectors.covariance.correlation);
  });

  type Lw = { symbols: string[]; shrinkage: number; targetVariance: number; covariance: number[] };
  for (const ref of vectors.covariance.ledoitWolf as Lw[]) {
    it(`Ledoit–Wolf on ${ref.symbols.length} series = sklearn.covariance.ledoit_wolf`, () => {
      const lw = ledoitWolf(returnsOf(ref.symbols));
      // δ is a ratio of differences of fourth moments: cancellation in b̄² = Σ‖x‖⁴/n − ‖S‖² costs
      // up to a factor ~10 of precision here; 1e-9 is still far below any formula error.
      expectRel(lw.shrinkage, ref.shrinkage, 1e-9, 1e-3);
      expectRel(lw.targetVariance, ref.targetVariance);
      expectAllRel(lw.covariance.values, ref.covariance);
    });
  }
});

describe('covariance: properties', () => {
  const data = fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 3, max: 40 })).chain(([k, n]) =>
    fc.array(fc.array(fc.integer({ min: -10000, max: 10000 }).map((v) => v * 1e-5), { minLength: n, maxLength: n }),
      { minLength: k, maxLength: k })).map((cols) => cols.map((c) => Float64Array.from(c)));

  it('Ledoit–Wolf: 0 ≤ δ ≤ 1, trace preserved, and never worse conditioned on the diagonal', () => {
    fc.assert(fc.property(data, (cols) => {
      const lw = ledoitWolf(cols);
      const k = cols.length;
      const n = cols[0]!.length;
      const s = covarianceMatrix(cols);
      expect(lw.shrinkage).toBeGreaterThanOrEqual(0);
      expect(lw.shrinkage).toBeLessThanOrEqual(1);
      let traceLw = 0;
      let traceS = 0;
      for (let i = 0; i < k; i++) {
        traceLw += lw.covariance.values[i * k + i]!;
        traceS += s.values[i * k + i]! * (n - 1) / n;
      }
      expect(Math.abs(traceLw - traceS)).toBeLessThanOrEqual(1e-12 * Math.max(traceS, 1e-300) + 1e-300);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
        const shrunk = lw.covariance.values[i * k + j]!;
        const mle = s.values[i * k + j]! * (n - 1) / n;
        if (i !== j) expect(Math.abs(shrunk)).toBeLessThanOrEqual(Math.abs(mle) * (1 + 1e-12));
      }
    }));
  });

  it('correlation matrix has unit diagonal and entries in [−1, 1]', () => {
    fc.assert(fc.property(data, (cols) => {
      const corr = correlationFromCovariance(covarianceMatrix(cols));
      if (!corr.ok) {
        expect(corr.reason).toMatch(/zero variance/);
        return;
      }
      const k = corr.value.size;
      for (let i = 0; i < k; i++) {
        expect(corr.value.values[i * k + i]).toBe(1);
        for (let j = 0; j < k; j++) expect(Math.abs(corr.value.values[i * k + j]!)).toBeLessThanOrEqual(1);
      }
    }));
  });

  it('rejects mismatched lengths and too few observations', () => {
    expect(() => covarianceMatrix([new Float64Array(3), new Float64Array(4)])).toThrow(RangeError);
    expect(() => ledoitWolf([new Float64Array(1)])).toThrow(RangeError);
    expect(() => covarianceMatrix([])).toThrow(RangeError);
  });
});
