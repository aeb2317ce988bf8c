import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covarianceMatrix } from '../../src/stats/covariance.js';
import {
  ewmaCovariance, ewmaCovarianceMatrix, ewmaVariance, ewmaVolatility, RISKMETRICS_DAILY_LAMBDA,
} from '../../src/stats/ewma.js';
import { logReturns } from '../../src/stats/returns.js';
import { expectAllRel, expectRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();
const symbols = vectors.ewma.symbols as string[];
const returns = symbols.map((s) => logReturns(prices.bySymbol[s]!));
const aapl = logReturns(prices.AAPL);

type Case = { lambda: number; aaplRunningVariance: number[]; aaplAnnualisedVolatility: number; covariance: number[] };

describe('EWMA against pandas ewm(adjust=True) and explicit numpy weights', () => {
  for (const c of vectors.ewma.cases as Case[]) {
    it(`λ = ${c.lambda}: running AAPL variance, annualised volatility, 10×10 covariance`, () => {
      expectAllRel(ewmaVariance(aapl, c.lambda), c.aaplRunningVariance);
      expectRel(ewmaVolatility(aapl, c.lambda), c.aaplAnnualisedVolatility);
      const m = ewmaCovarianceMatrix(returns, c.lambda);
      expect(m.size).toBe(symbols.length);
      expectAllRel(m.values, c.covariance);
      expectRel(ewmaCovariance(returns[0]!, returns[6]!, c.lambda), c.covariance[6]!);
    });
  }
  it('defaults to the RiskMetrics daily λ = 0.94', () => {
    expect(RISKMETRICS_DAILY_LAMBDA).toBe(0.94);
    expect(ewmaVolatility(aapl)).toBe(ewmaVolatility(aapl, 0.94, 252));
  });
});

describe('EWMA: definitions and properties', () => {
  it('weights λ^i on the i-th most recent observation, normalised', () => {
    const r = new Float64Array([0.01, -0.02, 0.03]);
    const lambda = 0.5;
    const expected = (0.25 * 1e-4 + 0.5 * 4e-4 + 9e-4) / 1.75;
    expect(ewmaVariance(r, lambda)[2]).toBeCloseTo(expected, 16);
    expect(ewmaVariance(r, lambda)[0]).toBeCloseTo(1e-4, 16);
  });

  it('rejects λ outside (0, 1) and empty input', () => {
    expect(() => ewmaVariance(new Float64Array([1]), 1)).toThrow(RangeError);
    expect(() => ewmaVariance(new Float64Array([1]), 0)).toThrow(RangeError);
    expect(() => ewmaCovariance(new Float64Array(0), new Float64Array(0))).toThrow(RangeError);
  });

  it('as λ → 1 it tends to the zero-mean equally weighted estimator', () => {
    const m = ewmaCovarianceMatrix(returns.slice(0, 3), 1 - 1e-12);
    const n = returns[0]!.length;
    const sample = covarianceMatrix(returns.slice(0, 3));
    // zero-mean second moment = sample covariance·(n−1)/n + mean_i·mean_j
    const means = returns.slice(0, 3).map((r) => r.reduce((a, b) => a + b, 0) / n);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      expectRel(m.values[i * 3 + j]!, sample.values[i * 3 + j]! * (n - 1) / n + means[i]! * means[j]!, 1e-8);
    }
  });

  it('the matrix is symmetric with non-negative eigen-structure (x·Σx ≥ 0) and matches the scalar form', () => {
    const arb = fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.5, max: 0.99, noNaN: true }))
      .chain(([k, n, lambda]) => fc.tuple(
        fc.array(fc.array(fc.integer({ min: -10000, max: 10000 }).map((v) => v * 1e-5), { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
        fc.constant(lambda),
      ));
    fc.assert(fc.property(arb, ([cols, v, lambda]) => {
      const columns = cols.map((c) => Float64Array.from(c));
      const m = ewmaCovarianceMatrix(columns, lambda);
      const k = m.size;
      let q = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
        expect(m.values[i * k + j]).toBe(m.values[j * k + i]);
        q += v[i]! * m.values[i * k + j]! * v[j]!;
      }
      expect(q).toBeGreaterThanOrEqual(-1e-18);
      expect(m.values[0]!).toBeCloseTo(ewmaVariance(columns[0]!, lambda).at(-1)!, 15);
    }));
  });
});
