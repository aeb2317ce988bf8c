import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { yearFraction } from '../../src/domain/dates.js';
import { macroIndexFutures, macroIndexPut, portfolioBeta } from '../../src/hedges/macro.js';
import type { HedgeContext } from '../../src/hedges/types.js';
import { DEFAULT_OPTIONS } from '../../src/pipeline/analyze.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';
import { priceOption } from '../../src/pricing/index.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';
import { energyPrepared, vectors, withVolatility } from './futures-context.js';

const DIR = join(process.cwd(), 'data', 'sample');
const HORIZON_YEARS = 10 / 252;

let energy: HedgeContext;
let sample: HedgeContext;
let sample2010: HedgeContext;
beforeAll(async () => {
  energy = (await energyPrepared()).ctx;
  sample = preparedFor(await sampleInput(), 'AAPL').ctx;
  // The default portfolio with the E-mini, the S&P 500 index and the SPX chain of 2010-09-17.
  const with2010 = await loadInputs({
    ...SAMPLE,
    prices: [...SAMPLE.prices, join(DIR, 'es_emini_front_2007-2023.csv'), join(DIR, 'sp500_index_2004-2020.csv')],
    chains: [join(DIR, 'spx_chain_2010-09-17.csv')],
    cwd: process.cwd(),
  });
  sample2010 = preparedFor(with2010, 'AAPL', { asOf: '2010-09-17' }).ctx;
});

describe('portfolio beta to SPY', () => {
  // statsmodels OLS of each holding's daily log returns on SPY's over the same 756 days,
  // weighted by today's values (make-futures-vectors.py); sums of products, so 1e-9 relative.
  for (const [name, ctx] of [['energy', () => energy], ['default', () => sample], ['default2010', () => sample2010]] as const) {
    it(`${name} sample: dollar beta, value and beta equal the reference`, () => {
      const b = portfolioBeta(ctx(), 'SPY')!;
      const ref = vectors.betas[name];
      expect(ctx().snapshot.asOf).toBe(ref.asOf);
      expect(b.observations).toBe(ref.observations);
      expect(b.dollarBeta / ref.dollarBeta - 1).toBeCloseTo(0, 9);
      expect(b.portfolioValue / ref.portfolioValue - 1).toBeCloseTo(0, 12);
      expect(b.beta).toBeCloseTo(ref.beta, 9);
      expect(b.excluded).toEqual([]);
    });
  }

  it('is undefined without the index in the history', () => {
    expect(portfolioBeta(sample, 'SPX')).toBeUndefined();
  });

  it('scales with the holdings and does not depend on the index\'s price level (property)', () => {
    const base = portfolioBeta(sample, 'SPY')!;
    fc.assert(fc.property(fc.double({ min: 0.1, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (k, c) => {
      const portfolio = {
        ...sample.portfolio, cash: k * sample.portfolio.cash,
        positions: sample.portfolio.positions.map((p) => ({ ...p, quantity: k * p.quantity })),
      };
      const j = sample.history.symbols.indexOf('SPY');
      const history = { ...sample.history, columns: sample.history.columns.map((col, i) => (i === j ? col.map((x) => x * c) : col)) };
      const b = portfolioBeta({ ...sample, portfolio, history }, 'SPY')!;
      return Math.abs(b.dollarBeta / (k * base.dollarBeta) - 1) < 1e-9 && Math.abs(b.beta - base.beta) < 1e-9;
    }), { numRuns: 25 });
  });
});

describe('macro-hedge with index futures', () => {
  it('E-mini on 2010-09-17 (ES loaded): sell N = β·V_P/(F × 50) of the next quarter\'s contract', () => {
    const [h] = macroIndexFutures.candidates(sample2010);
    const ref = vectors.betas.default2010;
    expect(h!.legs[0]!.instrument).toMatchObject({ kind: 'future', symbol: 'ES', underlying: 'SPX', multiplier: 50, expiry: '2010-12-17' });
    expect(sample2010.snapshot.prices.ES).toBe(ref.es);
    expect(h!.legs[0]!.quantity).toBe(-Math.round(ref.dollarBeta / (ref.es! * 50)));
    const n = Math.abs(h!.legs[0]!.quantity);
    const commission = DEFAULT_OPTIONS.costs.commissionPerContract;
    expect(h!.cost.transaction).toBeCloseTo(n * (0.5 * 0.25 * 50 + commission), 9);
    expect(h!.cost.carry).toBeCloseTo(n * (0.25 * 50 + 2 * commission) * 4 * HORIZON_YEARS, 9);
    expect(h!.rationale).toMatch(/E-mini S&P 500 futures/);
  });

  it('without E-mini prices (default sample, 2024-11-29): short β·V_P of SPY instead, and says so', () => {
    const [h] = macroIndexFutures.candidates(sample);
    const ref = vectors.betas.default;
    const shares = -Math.round(ref.dollarBeta / ref.spy);
    expect(h!.legs).toEqual([{ instrument: { kind: 'equity', symbol: 'SPY', subtype: 'etf' }, quantity: shares }]);
    const value = -shares * ref.spy;
    expect(h!.cost.borrow).toBeCloseTo(value * DEFAULT_OPTIONS.costs.borrowFeeAnnual * HORIZON_YEARS, 6);
    expect(h!.cost.transaction).toBeCloseTo(value * DEFAULT_OPTIONS.costs.shareHalfSpread - shares * DEFAULT_OPTIONS.costs.commissionPerShare, 6);
    expect(h!.warnings.join(' ')).toMatch(/proxied by a short in SPY/);
  });
});

describe('macro-hedge with index puts', () => {
  it('is not offered when the snapshot has no volatility for the index (the scenarios could not reprice it)', () => {
    const { SPY: _spy, ...others } = energy.snapshot.volatilities;
    const noIndexVolatility = { ...energy, snapshot: { ...energy.snapshot, volatilities: others } };
    expect(macroIndexPut.candidates(noIndexVolatility)).toEqual([]);
  });

  it('model on SPY (no chain): round(β·V_P / (S × 100)) American puts at 95 % for 91 days, priced at the snapshot volatility', () => {
    const ctx = withVolatility(energy, 'SPY');
    const [h] = macroIndexPut.candidates(ctx);
    const ref = vectors.betas.energy;
    const contracts = Math.round(ref.dollarBeta / (ref.spy * 100));
    const strike = Math.round(0.95 * ref.spy);
    expect(h!.legs[0]).toEqual({
      instrument: { kind: 'option', symbol: `SPY 2025-02-28 P${strike}`, underlying: 'SPY', type: 'put', style: 'american', strike, expiry: '2025-02-28', multiplier: 100 },
      quantity: contracts,
    });
    const unit = priceOption({
      type: 'put', style: 'american', spot: ref.spy, strike, rate: ctx.snapshot.rate, dividendYield: 0,
      volatility: ctx.snapshot.volatilities.SPY!, timeYears: yearFraction('2024-11-29', '2025-02-28'),
    });
    expect(h!.cost.premium).toBeCloseTo(unit * 100 * contracts, 9);
    expect(h!.cost.transaction).toBeCloseTo(unit * 100 * contracts * DEFAULT_OPTIONS.costs.optionHalfSpread + contracts * DEFAULT_OPTIONS.costs.commissionPerContract, 9);
  });

  it('from the SPX chain on its quote date: the put nearest 91 days, then 95 % of spot, bought at the ask', () => {
    const ctx = withVolatility(sample2010, 'SPX');
    const [h] = macroIndexPut.candidates(ctx);
    const chain = ctx.chains[0]!;
    const spot = ctx.snapshot.prices.SPX!;
    expect(spot).toBeCloseTo(1125.59, 2);
    // Two expiries: 29 and 64 days; 64 is nearer 91. Strikes nearest 0.95 × 1125.59 = 1069.3.
    const puts = chain.quotes.filter((q) => q.type === 'put' && q.timeYears > 0.1);
    const quote = puts.reduce((a, q) => (Math.abs(q.strike - 0.95 * spot) < Math.abs(a.strike - 0.95 * spot) ? q : a));
    expect(quote.strike).toBe(1070);
    const contracts = Math.round(vectors.betas.default2010.dollarBeta / (spot * 100));
    expect(h!.legs[0]!.instrument).toMatchObject({ underlying: 'SPX', style: 'european', strike: 1070, expiry: quote.expiry });
    expect(h!.legs[0]!.quantity).toBe(contracts);
    const mid = (quote.bid + quote.ask) / 2;
    expect(h!.cost.premium).toBeCloseTo(mid * 100 * contracts, 9);
    expect(h!.cost.transaction).toBeCloseTo(((quote.ask - mid) * 100 + DEFAULT_OPTIONS.costs.commissionPerContract) * contracts, 9);
    expect(h!.parameters.impliedVolatility as number).toBeGreaterThan(0.1);
    expect(h!.warnings.join(' ')).toMatch(/not its implied volatility/);
  });
});
