import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLevel, riskMetrics, type RiskMetrics } from '../../src/evaluate/risk-metrics.js';
import { simpleReturns } from '../../src/stats/returns.js';
import { expectRel, referencePrices, vectors } from '../stats/reference-data.js';

type RefRisk = {
  levels: number[]; mean: number; volatility: number; worst: number; probabilityOfLoss: number;
  var: number[]; es: number[];
};

function expectMatches(m: RiskMetrics, ref: RefRisk, scale: number): void {
  // P&L figures are sums of amounts of size `scale` (the notional × a return); their rounding
  // is relative to that size, not to a mean that is small by cancellation.
  expectRel(m.mean, ref.mean, 1e-9, scale * 1e-2);
  expectRel(m.volatility, ref.volatility);
  expectRel(m.worst, ref.worst);
  expect(m.probabilityOfLoss).toBe(ref.probabilityOfLoss);
  ref.levels.forEach((level, i) => {
    expectRel(atLevel(m.var, level)!, ref.var[i]!);
    expectRel(atLevel(m.es, level)!, ref.es[i]!);
  });
}

describe('riskMetrics against numpy on real P&L (AAPL alone and hedged with XLK)', () => {
  const p = referencePrices();
  const notional = vectors.risk.notional as number;
  const h = vectors.risk.hedgeRatio as number;
  for (const days of [1, 10]) {
    const ra = simpleReturns(p.AAPL, days);
    const rx = simpleReturns(p.XLK, days);
    it(`${days}-day unhedged`, () => {
      const ref = vectors.risk[`unhedged${days}d`] as RefRisk;
      expectMatches(riskMetrics(ra.map((r) => notional * r), ref.levels), ref, notional);
    });
    it(`${days}-day hedged`, () => {
      const ref = vectors.risk[`hedged${days}d`] as RefRisk;
      const pnl = ra.map((r, i) => notional * r - h * notional * rx[i]!);
      expectMatches(riskMetrics(pnl, ref.levels), ref, notional);
    });
  }
});

describe('riskMetrics: definitions on small samples', () => {
  it('computes every figure by hand on 5 scenarios', () => {
    const m = riskMetrics(new Float64Array([-10, 5, -2, 3, 4]), [0.5, 0.9]);
    // losses sorted: −5 −4 −3 2 10; type 7 at 0.5 → index 2 → −3; at 0.9 → index 3.6 → 2 + 0.6·8 = 6.8
    expect(m.mean).toBe(0);
    expect(m.worst).toBe(10);
    expect(m.probabilityOfLoss).toBe(0.4);
    expect(m.var).toEqual([{ level: 0.5, value: -3 }, { level: 0.9, value: expect.closeTo(6.8, 12) }]);
    expect(m.es[0]).toEqual({ level: 0.5, value: (-3 + 2 + 10) / 3 });
    expect(m.es[1]).toEqual({ level: 0.9, value: 10 });
    expect(m.volatility).toBeCloseTo(Math.sqrt(154 / 4), 12);
  });

  it('keeps negative VaR/ES when even the tail gains, and worst = 0 with no loss', () => {
    const m = riskMetrics(new Float64Array([1, 2, 3, 4]));
    expect(m.worst).toBe(0);
    expect(m.probabilityOfLoss).toBe(0);
    expect(atLevel(m.var, 0.95)!).toBeLessThan(0);
    expect(atLevel(m.es, 0.99)!).toBeLessThan(0);
  });

  it('ties at the VaR are all in the tail', () => {
    const m = riskMetrics(new Float64Array([-5, -5, -5, 0, 1]), [0.5]);
    expect(m.var[0]!.value).toBe(5);
    expect(m.es[0]!.value).toBe(5);
  });

  it('survives a JSON round trip unchanged', () => {
    const m = riskMetrics(new Float64Array([-3, 1, 2, -7, 4, 0.5]));
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('rejects fewer than 2 scenarios and levels outside (0, 1)', () => {
    expect(() => riskMetrics(new Float64Array([1]))).toThrow(RangeError);
    expect(() => riskMetrics(new Float64Array([1, 2]), [1])).toThrow(RangeError);
    expect(() => riskMetrics(new Float64Array([1, 2]), [0])).toThrow(RangeError);
  });
});

describe('riskMetrics: properties', () => {
  // P&L in cents up to ±1e6 currency units: realistic amounts, no subnormals (which would turn
  // c·x into −0 and change the sign count, a property of IEEE underflow, not of the metrics).
  const pnlArb = fc.array(fc.integer({ min: -100_000_000, max: 100_000_000 }), { minLength: 2, maxLength: 200 })
    .map((a) => Float64Array.from(a, (cents) => cents / 100));
  const levels = [0.5, 0.9, 0.95, 0.975, 0.99];

  it('VaR ≤ ES ≤ largest loss at every level, VaR non-decreasing in the level', () => {
    fc.assert(fc.property(pnlArb, (pnl) => {
      const m = riskMetrics(pnl, levels);
      const largestLoss = -Math.min(...pnl);
      expect(m.worst).toBe(Math.max(0, largestLoss));
      for (let i = 0; i < levels.length; i++) {
        expect(m.es[i]!.value).toBeGreaterThanOrEqual(m.var[i]!.value);
        // a mean of k copies of v can round one ulp above v
        expect(m.es[i]!.value).toBeLessThanOrEqual(largestLoss + 1e-12 * Math.abs(largestLoss));
        if (i > 0) expect(m.var[i]!.value).toBeGreaterThanOrEqual(m.var[i - 1]!.value);
      }
    }));
  });

  it('scales linearly with a positive scale of the P&L', () => {
    fc.assert(fc.property(pnlArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (pnl, c) => {
      const a = riskMetrics(pnl, levels);
      const b = riskMetrics(pnl.map((x) => c * x), levels);
      const tol = (v: number) => 1e-9 * Math.max(1, Math.abs(v));
      expect(Math.abs(b.volatility - c * a.volatility)).toBeLessThanOrEqual(tol(c * a.volatility) * 1e6);
      expect(Math.abs(b.worst - c * a.worst)).toBeLessThanOrEqual(tol(c * a.worst));
      expect(b.probabilityOfLoss).toBe(a.probabilityOfLoss);
      for (let i = 0; i < levels.length; i++) {
        expect(Math.abs(b.var[i]!.value - c * a.var[i]!.value)).toBeLessThanOrEqual(tol(c * 1e6));
        expect(Math.abs(b.es[i]!.value - c * a.es[i]!.value)).toBeLessThanOrEqual(tol(c * 1e6));
      }
    }));
  });

  it('a translation of the P&L by k shifts mean by +k and VaR/ES by −k, leaves volatility', () => {
    fc.assert(fc.property(pnlArb, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (pnl, k) => {
      const a = riskMetrics(pnl, levels);
      const b = riskMetrics(pnl.map((x) => x + k), levels);
      // Sequential sums of up to 200 values of size ≤ 2e6 reach 4e8, whose ulp is 6e-8: the
      // accumulated rounding is ≲ 200 · 3e-8 ≈ 6e-6; 1e-4 (5e-11 of the amounts) covers it.
      const tol = 1e-4;
      expect(Math.abs(b.mean - (a.mean + k))).toBeLessThanOrEqual(tol);
      expect(Math.abs(b.volatility - a.volatility)).toBeLessThanOrEqual(tol);
      for (let i = 0; i < levels.length; i++) {
        expect(Math.abs(b.var[i]!.value - (a.var[i]!.value - k))).toBeLessThanOrEqual(tol);
        expect(Math.abs(b.es[i]!.value - (a.es[i]!.value - k))).toBeLessThanOrEqual(tol);
      }
    }));
  });
});
