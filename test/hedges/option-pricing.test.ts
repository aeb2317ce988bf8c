import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OptionChain } from '../../src/data/types.js';
import { positionValue } from '../../src/evaluate/valuation.js';
import {
  allQuotes, CONTRACT_SHARES, contractsFor, optionCost, optionLeg, putReachingFloor, strikeStep, type OptionMarket,
} from '../../src/hedges/option-pricing.js';
import type { HedgeContext } from '../../src/hedges/types.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';
import { preparedFor } from '../helpers/sample.js';
import { SAMPLE_CHAIN, syntheticContext, vectors, marketOf } from './option-context.js';

let chainCtx: HedgeContext;
let market: OptionMarket;
beforeAll(async () => {
  const input = await loadInputs({ ...SAMPLE, chains: [join(process.cwd(), SAMPLE_CHAIN)], cwd: process.cwd() });
  chainCtx = preparedFor(input, 'AAPL', { asOf: '2016-09-06' }).ctx;
  market = marketOf(chainCtx);
});

const chainOf = (underlying: string, quoteDate: string): OptionChain => ({
  underlying, quoteDate, underlyingPrice: 100, style: 'american', source: 'x.csv',
  quotes: [{ type: 'put', strike: 95, expiry: '2024-09-20', timeYears: 98 / 365, bid: 2, ask: 2.2 }],
});

describe('strike grid of the model', () => {
  it('uses listed-looking intervals: $2.50 at $237, $1 at $108, $0.25 at $24.81', () => {
    expect(strikeStep(237.33)).toBe(2.5);
    expect(strikeStep(107.68)).toBe(1);
    expect(strikeStep(24.81)).toBe(0.25);
    expect(strikeStep(0.32)).toBeCloseTo(0.0025, 15);
  });

  it('keeps the interval within a factor e^±0.458 of 1 % of spot (half the widest gap of 1–2.5–5–10)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-3, max: 1e5, noNaN: true }), (spot) => {
      const ratio = strikeStep(spot) / (0.01 * spot);
      return ratio >= Math.exp(-0.4582) && ratio <= Math.exp(0.4582);
    }));
  });

  it('the cheapest put reaching a floor is the lowest grid strike at or above it', () => {
    fc.assert(fc.property(
      fc.double({ min: 1, max: 2000, noNaN: true }), fc.constantFrom(0.8, 0.85, 0.9, 0.95, 1),
      (spot, floor) => {
        const m = marketOf(syntheticContext({ spot, volatility: 0.3, rate: 0.03 }));
        const q = putReachingFloor(m, m.expiries[1]!, floor)!;
        return q.strike >= floor * spot * (1 - 1e-12) && q.strike - strikeStep(spot) < floor * spot;
      },
    ));
  });
});

describe('which prices: the chain only when it is the target\'s, quoted on the as-of date', () => {
  it('uses a chain of the target quoted on the as-of date', () => {
    const m = marketOf(syntheticContext({ spot: 100, volatility: 0.2, rate: 0.03, chains: [chainOf('XYZ', '2024-06-14')] }));
    expect(m.source).toBe('chain');
    expect(m.expiries).toEqual(['2024-09-20']);
  });

  it('falls back to the model, saying why, for another date or another underlying', () => {
    const stale = marketOf(syntheticContext({ spot: 100, volatility: 0.2, rate: 0.03, chains: [chainOf('XYZ', '2024-06-13')] }));
    expect(stale.source).toBe('model');
    expect(stale.description).toMatch(/quoted on 2024-06-13, not on the as-of date 2024-06-14/);
    const other = marketOf(syntheticContext({ spot: 100, volatility: 0.2, rate: 0.03, chains: [chainOf('SPX', '2024-06-14')] }));
    expect(other.description).toMatch(/no option chain of the target was loaded/);
    expect(other.expiries).toEqual(['2024-07-14', '2024-09-13', '2024-12-13', '2025-06-14']);
  });

  it('model quotes: bid and ask the configured half-spread around the model price', () => {
    const ctx = syntheticContext({ spot: 100, volatility: 0.2, rate: 0.03 });
    const q = putReachingFloor(marketOf(ctx), '2024-09-13', 0.95)!;
    expect(q.ask - q.mid).toBeCloseTo(ctx.costs.optionHalfSpread * q.mid, 14);
    expect(q.mid - q.bid).toBeCloseTo(ctx.costs.optionHalfSpread * q.mid, 14);
  });
});

describe('the sample AAPL chain of 2016-09-06', () => {
  // Reference: test/reference/hedges/make-option-hedge-vectors.py (scipy brentq on QuantLib's
  // QdFpAmericanEngine, high-precision scheme, at the chain's spot and the DTB3 rate of the day).
  it('prices from the chain at the same rate as the reference', () => {
    expect(market.source).toBe('chain');
    expect(chainCtx.snapshot.rate).toBeCloseTo(vectors.aaplChain.rate, 15);
  });

  it('the implied volatility (American) of every mid matches brentq on QuantLib\'s QdFp engine', () => {
    const byKey = new Map(vectors.aaplChain.quotes.map((q) => [`${q.type} ${q.strike}`, q.impliedVolatility]));
    const usable = [...allQuotes(market, 'call', '2016-09-09'), ...allQuotes(market, 'put', '2016-09-09')];
    expect(usable.length).toBe(vectors.aaplChain.quotes.filter((q) => q.impliedVolatility !== null).length);
    for (const q of usable) {
      // Both solvers converge to ~1e-14 in σ; what separates them is the two American pricers'
      // own error divided by vega: the largest gap seen is 1.4e-10, so 1e-8 is a loose bound.
      expect(Math.abs(q.volatility - (byKey.get(`${q.type} ${q.listedStrike}`) as number))).toBeLessThan(1e-8);
    }
    const none = vectors.aaplChain.quotes.filter((q) => q.impliedVolatility === null).length;
    expect(market.notes[0]).toMatch(new RegExp(`^${none} quotes of the chain`));
  });

  it('converts the unadjusted chain to the adjusted history: strikes and premiums ÷ f, 100·f shares a contract', () => {
    const f = vectors.aaplChain.underlyingPrice / chainCtx.snapshot.prices.AAPL!;
    expect(market.priceBasis).toBeCloseTo(f, 14);
    expect(market.contractShares).toBeCloseTo(100 * f, 12);
    for (const q of allQuotes(market, 'put', '2016-09-09')) {
      expect(q.strike * f).toBeCloseTo(q.listedStrike, 12);
      const raw = vectors.aaplChain.quotes.find((r) => r.type === 'put' && r.strike === q.listedStrike)!;
      expect(q.mid * f).toBeCloseTo(raw.mid, 14);
    }
    expect(market.notes.some((n) => /4\.3405 × the history's/.test(n))).toBe(true);
  });

  it('the evaluation values a chain leg at what it costs in the chain\'s units (BSM is homogeneous in S, K)', () => {
    const q = allQuotes(market, 'put', '2016-09-09').find((x) => x.listedStrike === 105)!;
    const leg = optionLeg(chainCtx, market, q, 8);
    expect(leg.instrument).toMatchObject({ symbol: 'AAPL 2016-09-09 P105', strike: q.strike, style: 'american' });
    const atImplied = { ...chainCtx.snapshot, volatilities: { AAPL: q.volatility } };
    // 8 contracts × 100 real shares × the chain's mid (0.245): the model at the mid's implied
    // volatility reproduces it.
    expect(positionValue(leg, atImplied)).toBeCloseTo(8 * CONTRACT_SHARES * 0.245, 9);
  });

  it('covers the holding in whole contracts of 100 real shares: 3,800 adjusted shares are 8 contracts', () => {
    expect(contractsFor(chainCtx, market)).toBe(Math.floor(3800 / market.contractShares));
    expect(contractsFor(chainCtx, market)).toBe(8);
  });
});

describe('cost of option legs', () => {
  it('premium at mid (signed), half-spread and commission on every contract', () => {
    const ctx = syntheticContext({ spot: 100, volatility: 0.25, rate: 0.03, quantity: 1000 });
    const m = marketOf(ctx);
    const put = putReachingFloor(m, m.expiries[1]!, 0.9)!;
    const call = allQuotes(m, 'call', m.expiries[1]!).find((c) => c.strike >= 110)!;
    const cost = optionCost(ctx, m, [{ quote: put, contracts: 10 }, { quote: call, contracts: -10 }]);
    expect(cost.premium).toBeCloseTo(1000 * (put.mid - call.mid), 9);
    expect(cost.transaction).toBeCloseTo(1000 * (put.halfSpread + call.halfSpread) + 20 * ctx.costs.commissionPerContract, 9);
    expect(cost.total).toBeCloseTo(cost.premium + cost.transaction, 9);
    expect(cost.fractionOfTarget).toBeCloseTo(cost.total / 100_000, 12);
  });
});
