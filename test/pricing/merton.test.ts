import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mertonFromEquity, type MertonInput } from '../../src/pricing/merton.js';
import { normCdf } from '../../src/pricing/special.js';

type Case = MertonInput & { date: string; assetValue: number; assetVolatility: number; defaultProbability: number; debtPerEquity: number };
const vectors = JSON.parse(readFileSync('test/reference/hedges/merton-vectors.json', 'utf8')) as { cases: Case[] };

describe('Merton structural model', () => {
  it("reproduces Hull's Example 24.3: V0 = 12.40, σ_V = 0.2123, P(default) = 12.7 %, debt 9.40, expected loss ≈ 1.2 %", () => {
    // Hull, Options, Futures and Other Derivatives (9th ed.), Example 24.3; the book rounds to these digits.
    const fit = mertonFromEquity({ equityValue: 3, equityVolatility: 0.8, defaultPoint: 10, rate: 0.05, timeYears: 1 })!;
    expect(fit.assetValue).toBeCloseTo(12.40, 2);
    expect(fit.assetVolatility).toBeCloseTo(0.2123, 4);
    expect(fit.defaultProbability).toBeCloseTo(0.127, 3);
    expect(fit.debtValue).toBeCloseTo(9.40, 2);
    const promised = 10 * Math.exp(-0.05);
    expect((promised - fit.debtValue) / promised).toBeCloseTo(0.012, 3);
  });

  it.each(vectors.cases.map((c) => [c.date, c] as const))('matches scipy fsolve on %s (test/reference/hedges)', (_, c) => {
    const fit = mertonFromEquity(c)!;
    // fsolve stops at xtol 1e-15 relative; both solve the same smooth system.
    expect(fit.assetValue / c.assetValue - 1).toBeLessThan(1e-10);
    expect(Math.abs(fit.assetVolatility / c.assetVolatility - 1)).toBeLessThan(1e-9);
    expect(fit.debtPerEquity).toBeCloseTo(c.debtPerEquity, 10);
  });

  it('property: the solution reprices the equity and its volatility', () => {
    fc.assert(fc.property(
      fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: 0.1, max: 1.2, noNaN: true }),
      fc.double({ min: 0.1, max: 20, noNaN: true }), fc.double({ min: -0.01, max: 0.1, noNaN: true }),
      fc.double({ min: 0.25, max: 5, noNaN: true }),
      (E, sE, leverage, r, T) => {
        const m = { equityValue: E, equityVolatility: sE, defaultPoint: leverage * E, rate: r, timeYears: T };
        const fit = mertonFromEquity(m);
        if (fit === null) return;
        const n1 = normCdf(fit.d1);
        const equity = fit.assetValue * n1 - m.defaultPoint * Math.exp(-r * T) * normCdf(fit.d2);
        expect(Math.abs(equity / E - 1)).toBeLessThan(1e-9);
        expect(Math.abs((n1 * fit.assetVolatility * fit.assetValue) / (sE * E) - 1)).toBeLessThan(1e-9);
        expect(fit.debtPerEquity).toBeGreaterThanOrEqual(0);
        expect(fit.creditSpread).toBeGreaterThanOrEqual(-1e-12);
      }));
  });
});
