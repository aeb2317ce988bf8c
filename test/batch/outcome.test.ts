import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/batch/outcome.js';
import type { Report } from '../../src/report/schema.js';

/** The parts of a report summarize reads: ES at 95 % and 99 % (99 % = 2 × the 95 % figure here);
 *  the hedges numbered in `macro` are macro-hedges. */
function report(portfolioEs: number, hedgesEsAfter: number[], macro: number[] = [], confidence = [0.95, 0.99]): Report {
  const risk = (es: number) => ({ es: confidence.map((level) => ({ level, amount: level === 0.99 ? es : es / 2, fractionOfValue: 0 })) });
  return {
    target: 'AAPL', currency: 'USD', asOf: '2024-11-29', horizonDays: 10, confidence,
    asset: { weight: 0.31 },
    portfolio: {
      value: 3e6, risk: risk(portfolioEs),
      holdings: [{ symbol: 'JPM', weight: 0.2 }, { symbol: 'AAPL', weight: 0.31 }, { symbol: 'XOM', weight: 0.31 }],
    },
    hedges: hedgesEsAfter.map((after, i) => ({
      kind: `k${i}`, scope: macro.includes(i) ? 'macro' : 'micro', name: `hedge ${i}`, cost: { total: 100 + i, fractionOfTarget: 0.001 * i },
      asset: { before: risk(100), after: risk(50 + i) },
      portfolio: { before: risk(portfolioEs), after: risk(after) },
      varianceReduction: { asset: 0.5, portfolio: 0.1 * i },
    })),
  } as unknown as Report;
}

describe('summarize', () => {
  it('picks the micro-hedge leaving the least portfolio ES at the highest level, and the risk it removes', () => {
    const { summary, hedges } = summarize(report(1000, [800, 300, 650, 100], [3]));
    expect(summary).toEqual({
      largestHolding: 'AAPL', largestWeight: 0.31, target: 'AAPL', targetWeight: 0.31, currency: 'USD', portfolioValue: 3e6, asOf: '2024-11-29', horizonDays: 10,
      esLevel: 0.99, portfolioEsBefore: 1000,
      best: { kind: 'k1', name: 'hedge 1', costTotal: 101, portfolioEsAfter: 300, riskRemoved: 700, riskRemovedFraction: 0.7, varianceReductionPortfolio: 0.1 },
    });
    // The macro-hedge of the whole portfolio leaves less ES, and is ranked so, but is no hedge of AAPL.
    expect(hedges.map((h) => [h.rank, h.name, h.scope, h.portfolioEsAfter, h.targetEsAfter])).toEqual([
      [1, 'hedge 3', 'macro', 100, 53], [2, 'hedge 1', 'micro', 300, 51], [3, 'hedge 2', 'micro', 650, 52], [4, 'hedge 0', 'micro', 800, 50],
    ]);
  });

  it('has no best hedge when no micro-hedge was allowed, and no share of a risk that is not a loss', () => {
    expect(summarize(report(1000, [])).summary.best).toBeNull();
    expect(summarize(report(1000, [500], [0])).summary.best).toBeNull();
    expect(summarize(report(-50, [-80])).summary.best).toMatchObject({ riskRemoved: 30, riskRemovedFraction: 0 });
  });

  it('ranks every hedge once, by ES after, ties in report order (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 25 }), (after) => {
      const { hedges, summary } = summarize(report(25, after));
      expect(hedges.map((h) => h.rank)).toEqual(after.map((_, i) => i + 1));
      const order = hedges.map((h) => Number(h.name.slice(6)));
      expect([...order].sort((a, b) => a - b)).toEqual(after.map((_, i) => i));
      for (let i = 1; i < hedges.length; i++) {
        const [p, q] = [hedges[i - 1]!, hedges[i]!];
        expect(p.portfolioEsAfter < q.portfolioEsAfter || (p.portfolioEsAfter === q.portfolioEsAfter && order[i - 1]! < order[i]!)).toBe(true);
      }
      if (after.length > 0) expect(summary.best!.riskRemoved).toBe(25 - Math.min(...after));
    }));
  });
});
