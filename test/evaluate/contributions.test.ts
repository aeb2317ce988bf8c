import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hedge } from '../../src/domain/hedge.js';
import type { MarketSnapshot } from '../../src/domain/market.js';
import { equityPosition, type Portfolio } from '../../src/domain/portfolio.js';
import { portfolioComponents, riskContributions, silvermanBandwidth, tailRisk, tailRisks } from '../../src/evaluate/contributions.js';
import { scenarioPnl } from '../../src/evaluate/evaluate-hedges.js';
import { riskMetrics } from '../../src/evaluate/risk-metrics.js';
import { buildScenarios } from '../../src/scenarios/build.js';
import { expectAllRel, expectRel, vectors } from '../scenarios/reference.js';
import { sampleHistory } from '../scenarios/sample-data.js';

const ref = vectors.contributions;
const history = sampleHistory(ref.symbols, 757, '2024-11-29');
const scenarios = buildScenarios('historical', history, { horizonDays: 10, lookbackDays: 756 });
const prices = Object.fromEntries(history.symbols.map((s, j) => [s, history.columns[j]!.at(-1)!]));
const snapshot: MarketSnapshot = { asOf: history.dates.at(-1)!, prices, rate: 0.04, volatilities: {}, dividendYields: {} };
const portfolio: Portfolio = {
  positions: ref.symbols.map((s: string, j: number) => equityPosition(s, ref.quantities[j])), cash: 50_000, currency: 'USD',
};

describe('Euler contributions of the sample portfolio on 747 historical windows, against numpy', () => {
  const components = portfolioComponents(portfolio, snapshot, scenarios);
  const result = riskContributions(components);

  it('VaR, ES and the tail are numpy.quantile (type 7) and the mean of the losses ≥ VaR', () => {
    expect(result.scenarios).toBe(ref.count);
    expectRel(result.levels[0]!.bandwidth, ref.bandwidth, 1e-12);
    result.levels.forEach((l, i) => {
      const e = ref.levels[i];
      expect(l.level).toBe(e.level);
      expectRel(l.var, e.var, 1e-12);
      expectRel(l.es, e.es, 1e-12);
      expect(l.tailCount).toBe(e.tailCount);
    });
  });

  // Component ES is a plain tail mean (rounding only: 1e-10 of the portfolio ES). Component VaR
  // comes from a weighted least-squares solve (numpy.linalg.lstsq by SVD vs the 2 × 2 normal
  // equations here): the normal equations lose up to κ(design)² ≈ 10⁴ × ε relative, so 1e-9 of
  // the portfolio VaR bounds the difference with room to spare.
  it('component ES equals the tail means; component VaR equals numpy\'s weighted least-squares intercepts', () => {
    result.levels.forEach((l, i) => {
      const e = ref.levels[i];
      expectAllRel(l.components.map((c) => c.componentEs), e.componentEs, 1e-10, e.es);
      expectAllRel(l.components.map((c) => c.componentVar), e.componentVar, 1e-9, e.var);
    });
  });

  it('components sum to the portfolio VaR and ES; marginals are per 1.00 of market value', () => {
    for (const l of result.levels) {
      expectRel(l.components.reduce((s, c) => s + c.componentEs, 0), l.es, 1e-12);
      expectRel(l.components.reduce((s, c) => s + c.componentVar, 0), l.var, 1e-10);
      expectRel(l.components.reduce((s, c) => s + c.shareOfEs!, 0), 1, 1e-12);
      const aapl = l.components[0]!;
      expectRel(aapl.marginalEs!, aapl.componentEs / (3800 * prices.AAPL!), 1e-15);
    }
    expect(result.method).toContain('both sum to the total');
  });

  it('agrees with riskMetrics on the portfolio P&L', () => {
    const total = scenarioPnl(portfolio, 'AAPL', [], snapshot, scenarios).portfolio;
    const m = riskMetrics(total);
    result.levels.forEach((l, i) => {
      expect(l.var).toBe(m.var[i]!.value);
      expectRel(l.es, m.es[i]!.value, 1e-13);
    });
  });

  it('a hedge\'s legs form one block; with the holdings they sum to scenarioPnl\'s hedged portfolio', () => {
    const hedge: Hedge = {
      kind: 'test', name: 'short SPY', legs: [equityPosition('AAPL', -1900)], parameters: {}, rationale: '', warnings: [],
      cost: { premium: 0, transaction: 25, borrow: 40, carry: 0, total: 65, fractionOfTarget: 0 },
    };
    const parts = portfolioComponents(portfolio, snapshot, scenarios, hedge);
    expect(parts.at(-1)!.name).toBe('hedge: short SPY');
    expectRel(parts.at(-1)!.value!, -1900 * prices.AAPL!, 1e-15);
    const after = scenarioPnl(portfolio, 'AAPL', [hedge], snapshot, scenarios).hedges[0]!.portfolio.after;
    for (let s = 0; s < scenarios.count; s++) {
      expectRel(parts.reduce((acc, c) => acc + c.pnl[s]!, 0), after[s]!, 1e-12, 1e4);
    }
    const c = riskContributions(parts);
    // half the AAPL holding is hedged: its block offsets about half of AAPL's contribution
    const l = c.levels[1]!;
    expect(l.components.at(-1)!.componentEs).toBeLessThan(0);
  });
});

describe('contribution properties', () => {
  // P&L on a grid of whole currency units: the tail-set and VaR estimators are discontinuous
  // where two scenario losses (nearly) tie, and a rescaling or shift that rounds differently on
  // either side of such a tie moves a whole scenario in or out of the tail. On a grid, distinct
  // losses stay at least 1 apart and scaled ties stay ties, so the invariances are well posed.
  const componentsArb = fc.integer({ min: 1, max: 5 }).chain((k) => fc.array(
    fc.array(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 40, maxLength: 40 }), { minLength: k, maxLength: k }));
  const toComponents = (rows: number[][], scale = 1, shift = 0) =>
    rows.map((r, i) => ({ name: `c${i}`, pnl: Float64Array.from(r, (x) => scale * x + (i === 0 ? shift : 0)), value: 1000 }));

  it('components sum to VaR and ES; ES ≥ VaR; tailRisk equals riskMetrics', () => {
    fc.assert(fc.property(componentsArb, fc.constantFrom(0.9, 0.95, 0.99), (rows, level) => {
      const r = riskContributions(toComponents(rows), [level]);
      const l = r.levels[0]!;
      const scale = Math.max(1, ...rows.flat().map(Math.abs)) * rows.length;
      expect(Math.abs(l.components.reduce((s, c) => s + c.componentEs, 0) - l.es)).toBeLessThan(1e-9 * scale);
      expect(Math.abs(l.components.reduce((s, c) => s + c.componentVar, 0) - l.var)).toBeLessThan(1e-9 * scale);
      expect(l.es).toBeGreaterThanOrEqual(l.var - 1e-9 * scale);
      const total = new Float64Array(40);
      for (const row of rows) row.forEach((x, s) => { total[s] = total[s]! + x; });
      const m = riskMetrics(total, [level]);
      expect(l.var).toBe(m.var[0]!.value);
      expect(Math.abs(l.es - m.es[0]!.value)).toBeLessThan(1e-12 * scale);
    }));
  });

  it('scaling: multiplying every P&L by c > 0 multiplies every contribution by c', () => {
    fc.assert(fc.property(componentsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (rows, c) => {
      const a = riskContributions(toComponents(rows)).levels;
      const b = riskContributions(toComponents(rows, c)).levels;
      const scale = Math.max(1, ...rows.flat().map(Math.abs)) * rows.length * c;
      a.forEach((l, i) => l.components.forEach((x, j) => {
        expect(Math.abs(b[i]!.components[j]!.componentEs - c * x.componentEs)).toBeLessThan(1e-9 * scale);
        expect(Math.abs(b[i]!.components[j]!.componentVar - c * x.componentVar)).toBeLessThan(1e-9 * scale);
      }));
    }));
  });

  it('translation: a sure gain g in one component lowers VaR, ES and that component\'s contributions by g', () => {
    fc.assert(fc.property(componentsArb, fc.integer({ min: -10_000, max: 10_000 }), (rows, g) => {
      const a = riskContributions(toComponents(rows)).levels;
      const b = riskContributions(toComponents(rows, 1, g)).levels;
      const scale = (Math.max(1, ...rows.flat().map(Math.abs)) + Math.abs(g)) * rows.length;
      a.forEach((l, i) => {
        expect(Math.abs(b[i]!.var - (l.var - g))).toBeLessThan(1e-9 * scale);
        expect(Math.abs(b[i]!.es - (l.es - g))).toBeLessThan(1e-9 * scale);
        l.components.forEach((x, j) => {
          const expected = j === 0 ? g : 0;
          expect(Math.abs(x.componentEs - b[i]!.components[j]!.componentEs - expected)).toBeLessThan(1e-9 * scale);
          expect(Math.abs(x.componentVar - b[i]!.components[j]!.componentVar - expected)).toBeLessThan(1e-9 * scale);
        });
      });
    }));
  });

  it('tailRisk by selection equals a full sort on large samples with ties', () => {
    const n = 100_001;
    const pnl = Float64Array.from({ length: n }, (_, i) => Math.round(1000 * Math.sin(i * 12.9898)));
    for (const level of [0.5, 0.95, 0.99, 0.999]) {
      const t = tailRisk(pnl, level);
      const m = riskMetrics(pnl, [level]);
      expect(t.var).toBe(m.var[0]!.value);
      expectRel(t.es, m.es[0]!.value, 1e-13);
    }
    // several levels from one copy, in any order, with the nested selections
    const levels = [0.99, 0.5, 0.999, 0.95, 0.95];
    const all = tailRisks(pnl, levels);
    const m = riskMetrics(pnl, levels);
    all.forEach((t, i) => {
      expect(t.var).toBe(m.var[i]!.value);
      expectRel(t.es, m.es[i]!.value, 1e-13);
    });
  });

  it('tailRisks equals riskMetrics on random samples and level sets', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 3000 }),
      fc.array(fc.double({ min: 0.001, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 4 }),
      (values, levels) => {
        const pnl = Float64Array.from(values);
        const m = riskMetrics(pnl, levels);
        tailRisks(pnl, levels).forEach((t, i) => {
          expect(t.var).toBe(m.var[i]!.value);
          expect(Math.abs(t.es - m.es[i]!.value)).toBeLessThan(1e-9);
        });
      }));
  });

  it('identical losses: the weighted mean is used and the components are each one\'s constant loss', () => {
    const r = riskContributions([{ name: 'a', pnl: new Float64Array(10).fill(-3) }, { name: 'b', pnl: new Float64Array(10).fill(1) }]);
    const l = r.levels[0]!;
    expect(l.bandwidth).toBe(0);
    expect(l.components.map((c) => [c.componentVar, c.componentEs])).toEqual([[3, 3], [-1, -1]]);
    expect(l.components[0]!.marginalVar).toBeNull();
  });

  it('Silverman bandwidth of a standard-normal-like sample is 0.9·σ·n^(−1/5)', () => {
    const x = Float64Array.of(-2, -1, 0, 1, 2);
    // σ = √2.5, IQR = 2 → min(1.581, 1.493) = 1.493
    expectRel(silvermanBandwidth(x), 0.9 * (2 / 1.34) * 5 ** -0.2, 1e-15);
  });

  it('bad calls are programming errors (RangeError)', () => {
    expect(() => riskContributions([])).toThrow(RangeError);
    expect(() => riskContributions([{ name: 'a', pnl: Float64Array.of(1, 2) }, { name: 'b', pnl: Float64Array.of(1) }])).toThrow(RangeError);
    expect(() => riskContributions([{ name: 'a', pnl: Float64Array.of(1, 2) }], [1])).toThrow(RangeError);
    expect(() => riskContributions([{ name: 'a', pnl: Float64Array.of(1, 2) }], [0.9], { bandwidth: 0 })).toThrow(RangeError);
  });
});
