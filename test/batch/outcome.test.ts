import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/batch/outcome.js';
import type { Report } from '../../src/report/schema.js';

/** The parts of a report summarize reads: ES at 95 % and 99 % (99 % = 2 × the 95 % figure here). */
function report(portfolioEs: number, hedgesEsAfter: number[], confidence = [0.95, 0.99]): Report {
  const risk = (es: number) => ({ es: confidence.map((level) => ({ level, amount: level === 0.99 ? es : es / 2, fractionOfValue: 0 })) });
  return {
    target: 'AAPL', currency: 'USD', asOf: '2024-11-29', horizonDays: 10, confidence,
    asset: { weight: 0.31 },
    portfolio: { value: 3e6, risk: risk(portfolioEs) },
    hedges: hedgesEsAfter.map((after, i) => ({
      kind: `k${i}`, name: `hedge ${i}`, cost: { total: 100 + i, fractionOfTarget: 0.001 * i },
      asset: { before: risk(100), after: risk(50 + i) },
      portfolio: { before: risk(portfolioEs), after: risk(after) },
      varianceReduction: { asset: 0.5, portfolio: 0.1 * i },
    })),
  } as unknown as Report;
}

describe('summarize', () => {
  it('picks the hedge leaving the least portfolio ES at the highest level, and the risk it removes', () => {
    const { summary, hedges } = summarize(report(1000, [800, 300, 650]));
    expect(summary).toEqual({
      target: 'AAPL', targetWeight: 0.31, currency: 'USD', portfolioValue: 3e6, asOf: '2024-11-29', horizonDays: 10,
      esLevel: 0.99, portfolioEsBefore: 1000,
      best: { kind: 'k1', name: 'hedge 1', costTotal: 101, portfolioEsAfter: 300, riskRemoved: 700, riskRemovedFraction: 0.7, varianceReductionPortfolio: 0.1 },
    });
    expect(hedges.map((h) => [h.rank, h.name, h.portfolioEsAfter, h.targetEsAfter])).toEqual([
      [1, 'hedge 1', 300, 51], [2, 'hedge 2', 650, 52], [3, 'hedge 0', 800, 50],
    ]);
  });

  it('has no best hedge when no candidate was allowed, and no share of a risk that is not a loss', () => {
    expect(summarize(report(1000, [])).summary.best).toBeNull();
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
