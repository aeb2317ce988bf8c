import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../src/domain/dates.js';
import type { MarketSnapshot, ScenarioSet } from '../../src/domain/market.js';
import { equityPosition, type Position } from '../../src/domain/portfolio.js';
import { scenarioPnl } from '../../src/evaluate/evaluate-hedges.js';
import { addPositionPnl, positionValue } from '../../src/evaluate/valuation.js';
import type { AnalyzeInput, Prepared } from '../../src/pipeline/analyze.js';
import { priceOption } from '../../src/pricing/index.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';

function scenarios(symbols: string[], relatives: number[][], elapsedYears = 10 / 252): ScenarioSet {
  const count = relatives[0]!.length;
  return {
    method: 'test', symbols, count, relatives: relatives.map((r) => Float64Array.from(r)),
    volShift: new Float64Array(count), elapsedYears, horizonDays: 10,
  };
}

const snapshot: MarketSnapshot = {
  asOf: '2024-01-02', prices: { A: 100, B: 40 }, rate: 0.03, volatilities: { A: 0.25 }, dividendYields: { A: 0.01 },
};

describe('valuation under scenarios', () => {
  it('linear legs: P&L = q·P(asOf)·(relative − 1), futures times their multiplier', () => {
    const s = scenarios(['A', 'B'], [[1.1, 0.9], [1, 1.05]]);
    const pnl = new Float64Array(2);
    addPositionPnl(equityPosition('A', 30), snapshot, s, pnl);
    expect(Array.from(pnl).map((x) => Number(x.toFixed(9)))).toEqual([300, -300]);
    const future: Position = { instrument: { kind: 'future', symbol: 'B', underlying: 'B', multiplier: 50, expiry: '2024-03-15' }, quantity: -2 };
    addPositionPnl(future, snapshot, s, pnl);
    expect(pnl[1]).toBeCloseTo(-300 + -2 * 50 * 40 * 0.05, 9);
  });

  it('an option is repriced at the horizon with time decay, and pays intrinsic value past expiry', () => {
    const expiry = addCalendarDays(snapshot.asOf, 91);
    const put: Position = {
      instrument: { kind: 'option', symbol: 'A P95', underlying: 'A', type: 'put', style: 'european', strike: 95, expiry, multiplier: 100 },
      quantity: 3,
    };
    const spec = { type: 'put' as const, style: 'european' as const, strike: 95, rate: 0.03, dividendYield: 0.01, volatility: 0.25 };
    const today = priceOption({ ...spec, spot: 100, timeYears: 91 / 365 });
    const s = scenarios(['A'], [[0.8, 1.0, 1.2]]);
    const pnl = new Float64Array(3);
    addPositionPnl(put, snapshot, s, pnl);
    [0.8, 1.0, 1.2].forEach((r, i) => {
      const later = priceOption({ ...spec, spot: 100 * r, timeYears: 91 / 365 - 10 / 252 });
      expect(pnl[i]).toBeCloseTo(300 * (later - today), 9);
    });
    expect(positionValue(put, snapshot)).toBeCloseTo(300 * today, 9);

    const pastExpiry = scenarios(['A'], [[0.8, 1.2]], 1);
    const atExpiry = new Float64Array(2);
    addPositionPnl(put, snapshot, pastExpiry, atExpiry);
    expect(atExpiry[0]).toBeCloseTo(300 * (15 - today), 9);
    expect(atExpiry[1]).toBeCloseTo(300 * (0 - today), 9);
  });

  it('a contract held by several legs is repriced once per scenario set and shared; other terms are not confused with it', () => {
    const expiry = addCalendarDays(snapshot.asOf, 120);
    const option = (strike: number, quantity: number, valuationVolatility?: number): Position => ({
      instrument: { kind: 'option', symbol: `A P${strike}`, underlying: 'A', type: 'put', style: 'european', strike, expiry, multiplier: 100 },
      quantity, ...(valuationVolatility === undefined ? {} : { valuationVolatility }),
    });
    const s = scenarios(['A'], [[0.7, 0.9, 1.0, 1.1, 1.3]]);
    const fresh = (p: Position): Float64Array => {
      const pnl = new Float64Array(5);
      // a copy of the set: nothing cached for it yet
      addPositionPnl(p, snapshot, { ...s }, pnl);
      return pnl;
    };
    const twice = new Float64Array(5);
    addPositionPnl(option(95, 2), snapshot, s, twice);
    addPositionPnl(option(95, -3), snapshot, s, twice); // same contract, from the cache
    const expected = fresh(option(95, -1));
    twice.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 9));
    // another strike or another valuation volatility is another contract
    for (const other of [option(90, 1), option(95, 1, 0.4)]) {
      const cached = new Float64Array(5);
      addPositionPnl(other, snapshot, s, cached);
      expect(Array.from(cached)).toEqual(Array.from(fresh(other)));
      expect(Array.from(cached)).not.toEqual(Array.from(fresh(option(95, 1))));
    }
  });

  it('property: shorting the whole target removes its P&L exactly in every scenario', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: 0.3, max: 3, noNaN: true }), { minLength: 2, maxLength: 50 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (relatives, quantity) => {
        const s = scenarios(['A'], [relatives]);
        const hedge = {
          kind: 'test', name: 'full short', legs: [equityPosition('A', -quantity)], parameters: {}, rationale: '', warnings: [],
          cost: { premium: 0, transaction: 0, borrow: 0, carry: 0, total: 0, fractionOfTarget: 0 },
        };
        const result = scenarioPnl({ positions: [equityPosition('A', quantity)], cash: 0, currency: 'USD' }, 'A', [hedge], snapshot, s);
        for (const x of result.hedges[0]!.asset.after) expect(Math.abs(x)).toBeLessThanOrEqual(1e-9 * quantity * 100);
      },
    ));
  });
});

describe('same-scenario evaluation on the sample', () => {
  let input: AnalyzeInput;
  let prepared: Prepared;
  beforeAll(async () => {
    input = await sampleInput();
    prepared = preparedFor(input, 'AAPL');
  });

  it('the portfolio P&L is the sum of its holdings\' P&L, and the target\'s is one of them', () => {
    const { ctx, scenarios: s } = prepared;
    const result = scenarioPnl(ctx.portfolio, 'AAPL', [], ctx.snapshot, s);
    const sum = new Float64Array(s.count);
    for (const p of ctx.portfolio.positions) addPositionPnl(p, ctx.snapshot, s, sum);
    for (let i = 0; i < s.count; i++) expect(result.portfolio[i]).toBeCloseTo(sum[i]!, 6);
    // AAPL from 2021-11-26 to 2021-12-10 (the first window): 3800 × 237.33 × (P(t+10)/P(t) − 1)
    const aapl = ctx.history.columns[ctx.history.symbols.indexOf('AAPL')]!;
    const t = ctx.history.dates.indexOf(s.windows!.start[0]!);
    expect(result.asset[0]).toBeCloseTo(3800 * aapl[aapl.length - 1]! * (aapl[t + 10]! / aapl[t]! - 1), 6);
  });

  it('costs lost on entry or to the horizon come off the hedged P&L, the premium does not', () => {
    const { ctx, scenarios: s } = prepared;
    const leg = equityPosition('XLK', -100);
    const make = (transaction: number, borrow: number, premium: number) => ({
      kind: 'test', name: 't', legs: [leg], parameters: {}, rationale: '', warnings: [],
      cost: { premium, transaction, borrow, carry: 0, total: premium + transaction + borrow, fractionOfTarget: 0 },
    });
    const [free, costly] = scenarioPnl(ctx.portfolio, 'AAPL', [make(0, 0, 0), make(12, 30, 999)], ctx.snapshot, s).hedges;
    for (let i = 0; i < s.count; i++) expect(free!.portfolio.after[i]! - costly!.portfolio.after[i]!).toBeCloseTo(42, 9);
  });
});
