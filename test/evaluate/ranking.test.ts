import { describe, expect, it } from 'vitest';
import type { Hedge } from '../../src/domain/hedge.js';
import { annualiseCost, rankHedges } from '../../src/evaluate/ranking.js';
import type { HedgePnl } from '../../src/evaluate/evaluate-hedges.js';
import { tailRisk } from '../../src/evaluate/contributions.js';

function hedge(name: string, cost: Partial<Hedge['cost']>, kind = name): Hedge {
  const c = { premium: 0, transaction: 0, borrow: 0, carry: 0, ...cost };
  return {
    kind, name, legs: [], parameters: {}, rationale: '', warnings: [],
    cost: { ...c, total: c.premium + c.transaction + c.borrow + c.carry, fractionOfTarget: 0 },
  };
}

// A portfolio that loses 100 in the worst of 100 scenarios and a hedge that offsets a share of it.
const n = 100;
const portfolio = Float64Array.from({ length: n }, (_, i) => i - 60);
const offset = (share: number) => Float64Array.from(portfolio, (x) => -share * x);
const pnl = (h: Hedge, legs: Float64Array): HedgePnl => ({ hedge: h, legs, asset: { before: portfolio, after: portfolio }, portfolio: { before: portfolio, after: portfolio } });

describe('ranking hedges by risk removed per unit of cost', () => {
  it('annualises entry costs over the option term and running costs at their rate', () => {
    const put = { ...hedge('put', { premium: 900, transaction: 100 }), legs: [{ instrument: { kind: 'option' as const, symbol: 'P', underlying: 'A', type: 'put' as const, style: 'american' as const, strike: 90, expiry: '2025-04-01', multiplier: 100 }, quantity: 1 }] };
    expect(annualiseCost(put, '2025-01-01', 10)).toBeCloseTo(1000 / (90 / 365), 9);
    expect(annualiseCost(hedge('short', { transaction: 10, borrow: 4 }), '2025-01-01', 10)).toBeCloseTo(10 + 4 * 25.2, 9);
  });

  it('ranks by ES removed per cost, marks the efficient frontier, and sizes each hedge within the budget', () => {
    const a = hedge('cheap half', { transaction: 10 });
    const b = hedge('dear full', { transaction: 1000 });
    const c = hedge('dominated', { transaction: 2000 });
    const { rankings, combination } = rankHedges(portfolio,
      [pnl(a, offset(0.5)), pnl(b, offset(1)), pnl(c, offset(0.25))], 0.95, 1500, '2025-01-01', 10, () => true);
    const before = tailRisk(portfolio, 0.95).es;
    expect(rankings.get(a)!.esReduction).toBeCloseTo(before / 2, 9);
    expect(rankings.get(a)!.rank).toBe(1);
    expect(rankings.get(c)!.efficient).toBe(false);
    expect(rankings.get(a)!.efficient && rankings.get(b)!.efficient).toBe(true);
    // Doubling the cheap half-offset reaches a full offset; the dear one cannot grow past the budget.
    expect(rankings.get(a)!.bestScale).toBe(2);
    expect(rankings.get(b)!.bestScale).toBe(1);
    expect(rankings.get(b)!.esAtBestScale).toBeCloseTo(0, 9);
    expect(combination === null || combination.cost <= 1500).toBe(true);
  });
});
