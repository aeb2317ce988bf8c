import { beforeAll, describe, expect, it } from 'vitest';
import { basketShort } from '../../src/hedges/basket.js';
import { comparableShort } from '../../src/hedges/comparables.js';
import { lookbackReturns, rankComparables, shortableUniverse } from '../../src/hedges/screen.js';
import { sectorEtfShort } from '../../src/hedges/sector-etf-short.js';
import type { Prepared } from '../../src/pipeline/analyze.js';
import { standardDeviation } from '../../src/stats/descriptive.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';

let aapl: Prepared;
beforeAll(async () => {
  aapl = preparedFor(await sampleInput(), 'AAPL');
});

describe('comparables screen', () => {
  it('screens shares and sector ETFs, never the target, futures, indices or broad funds', () => {
    const universe = shortableUniverse(aapl.ctx);
    expect(universe).not.toContain('AAPL');
    expect(universe).not.toContain('SPY');
    expect(universe).not.toContain('AGG');
    expect(universe).toContain('XLK');
    expect(universe).toContain('GOOG');
  });

  it('ranks by correlation; residual volatility is σ_target·√(1 − ρ²)·√252', () => {
    const ranked = rankComparables(aapl.ctx, shortableUniverse(aapl.ctx));
    for (let k = 1; k < ranked.length; k++) expect(ranked[k - 1]!.rho).toBeGreaterThanOrEqual(ranked[k]!.rho);
    const sigma = standardDeviation(lookbackReturns(aapl.ctx, 'AAPL')) * Math.sqrt(252);
    for (const c of ranked) {
      expect(c.residualVolatility).toBeCloseTo(sigma * Math.sqrt(1 - c.rho ** 2), 12);
      // For one regressor R² = ρ².
      expect(c.fit.rSquared).toBeCloseTo(c.rho ** 2, 12);
    }
  });
});

describe('comparable-share shorts', () => {
  it('proposes the two most correlated single stocks, each sized by its own h*', () => {
    const hedges = comparableShort.candidates(aapl.ctx);
    expect(hedges).toHaveLength(2);
    const ranked = rankComparables(aapl.ctx, shortableUniverse(aapl.ctx).filter((s) => !s.startsWith('XL')));
    expect(hedges.map((h) => h.parameters.hedge)).toEqual(ranked.slice(0, 2).map((c) => c.symbol));
    for (const h of hedges) expect(h.legs[0]!.quantity).toBeLessThan(0);
  });
});

describe('basket short (non-negative regression)', () => {
  it('keeps at most 4 names, all shorted, and explains at least as much as the sector ETF it contains', () => {
    const [basket] = basketShort.candidates(aapl.ctx);
    const names = String(basket!.parameters.names).split(',');
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names.length).toBeLessThanOrEqual(4);
    for (const leg of basket!.legs) expect(leg.quantity).toBeLessThan(0);
    const [etf] = sectorEtfShort.candidates(aapl.ctx);
    if (names.includes(String(etf!.parameters.hedge))) {
      expect(basket!.parameters.rSquared as number).toBeGreaterThanOrEqual(etf!.parameters.rSquared as number);
    }
  });
});
