import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtestDeltaHedge, deltaHedge, replicateOption, summarizeBacktest, type ReplicationSettings } from '../../src/hedges/delta-hedge.js';
import type { HedgeContext } from '../../src/hedges/types.js';
import { optionGreeks } from '../../src/pricing/index.js';
import { createRng, type Rng } from '../../src/stats/rng.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';
import { syntheticContext, vectors, type Replication } from './option-context.js';

let aapl: HedgeContext;
beforeAll(async () => {
  aapl = preparedFor(await sampleInput(), 'AAPL').ctx;
});

const f64 = (x: number[]) => Float64Array.from(x);

function expectReplication(actual: Replication, expected: Replication): void {
  for (const key of Object.keys(expected) as (keyof Replication)[]) {
    // Same arithmetic in another language with scipy's Φ and QuantLib's premium: agreement to
    // ~1e-15 relative per step, accumulated over ≤ 40 steps.
    expect(Math.abs(actual[key] - expected[key])).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected[key])));
  }
}

describe('replicateOption', () => {
  it('reproduces Hull\'s weekly delta hedge of 100,000 calls (OFOD Table 19.2)', () => {
    const h = vectors.hull;
    const result = replicateOption(f64(h.path), f64(h.yearsToExpiry), {
      type: 'call', strike: h.strike, rate: h.rate, dividendYield: 0, volatility: h.volatility, band: 0, halfSpread: 0, commissionPerShare: 0,
    });
    expectReplication(result, h.exact);
    expect(Math.round(result.initialDelta * 1000) / 1000).toBe(h.publishedDeltas[0]);
    expect(result.trades).toBe(19);
    // Hull's net cost of writing and hedging, in $000 at week 20: premium grown at r minus what the
    // replication ends with beyond the payoff. Hull rounds deltas to 3 dp and cumulates weekly
    // simple interest; with exact deltas and continuous interest the reference script finds a
    // difference of 0.06 ($000) from the published 263.3, so 0.2 bounds it with room to spare.
    const netCostThousands = (result.premium * Math.exp(h.rate * h.yearsToExpiry[0]!) - result.trackingError) * h.options / 1000;
    expect(Math.abs(netCostThousands - h.publishedNetCostThousands)).toBeLessThan(0.2);
    expect(h.hullRoundedCumulativeCostThousands).toBeCloseTo(5263.3, 1);
  });

  it('matches an independent implementation with a delta band, spread, commission, rate and yield', () => {
    const r = vectors.replication;
    const path = f64(r.prices);
    const years = f64(r.yearsToExpiry);
    expectReplication(replicateOption(path, years, r.settings), r.result);
    expectReplication(replicateOption(path, years, { ...r.settings, band: 0, halfSpread: 0, commissionPerShare: 0 }), r.frictionless);
  });

  it('refuses a path of fewer than two prices or mismatched times', () => {
    const s: ReplicationSettings = { type: 'put', strike: 1, rate: 0, dividendYield: 0, volatility: 0.2, band: 0, halfSpread: 0, commissionPerShare: 0 };
    expect(() => replicateOption(f64([1]), f64([0]), s)).toThrow(RangeError);
    expect(() => replicateOption(f64([1, 1]), f64([0]), s)).toThrow(RangeError);
  });
});

/** Simulates `paths` GBM paths of n steps (drift 5 %/yr, so the hedge works under the real
 *  measure, not the pricing one) and returns the tracking errors of the frictionless daily-band
 *  replication at n and at n/4 steps on the same paths (every 4th price). */
function gbmErrors(rng: Rng, o: { moneyness: number; volatility: number; timeYears: number; rate: number; paths: number; steps: number }) {
  const { steps, timeYears: T, volatility: sig } = o;
  const fine = new Float64Array(steps + 1);
  const coarse = new Float64Array(steps / 4 + 1);
  const yearsFine = fine.map((_, i) => (T * (steps - i)) / steps);
  const yearsCoarse = coarse.map((_, i) => (T * (steps / 4 - i)) / (steps / 4));
  const settings: ReplicationSettings = {
    type: 'put', strike: 100 * o.moneyness, rate: o.rate, dividendYield: 0, volatility: sig, band: 0, halfSpread: 0, commissionPerShare: 0,
  };
  const errors = { fine: new Float64Array(o.paths), coarse: new Float64Array(o.paths) };
  const dt = T / steps;
  for (let p = 0; p < o.paths; p++) {
    fine[0] = 100;
    for (let i = 1; i <= steps; i++) fine[i] = fine[i - 1]! * Math.exp((0.05 - (sig * sig) / 2) * dt + sig * Math.sqrt(dt) * rng.normal());
    for (let i = 0; i <= steps / 4; i++) coarse[i] = fine[4 * i]!;
    errors.fine[p] = replicateOption(fine, yearsFine, settings).trackingError;
    errors.coarse[p] = replicateOption(coarse, yearsCoarse, settings).trackingError;
  }
  return errors;
}

const meanStd = (x: Float64Array) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return { mean: m, std: Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)) };
};

/** Derman & Kamal (1999), "When you cannot hedge continuously: the corrections of Black–Scholes",
 *  Risk 12(1): with N equally spaced rebalances the hedging error of an at-the-money option has
 *  standard deviation ≈ √(π/4)·vega·σ/√N. */
function dermanKamal(o: { moneyness: number; volatility: number; timeYears: number; rate: number }, steps: number): number {
  const g = optionGreeks({ type: 'put', style: 'european', spot: 100, strike: 100 * o.moneyness, rate: o.rate, dividendYield: 0, volatility: o.volatility, timeYears: o.timeYears });
  return (Math.sqrt(Math.PI / 4) * g.vega * o.volatility) / Math.sqrt(steps);
}

describe('replication on GBM paths with no costs converges to the put payoff', () => {
  const atm = { moneyness: 1, volatility: 0.25, timeYears: 0.25, rate: 0.03, paths: 300, steps: 2000 };

  it('at the money: error standard deviation within 15 % of Derman–Kamal, halving when rebalancing 4× as often', () => {
    const e = gbmErrors(createRng(7), atm);
    const fine = meanStd(e.fine);
    const coarse = meanStd(e.coarse);
    // 300 paths estimate a standard deviation to ±4.1 % (1/√(2·299)); 15 % is 3.6 of those, and
    // the formula's own O(1/N) error is far smaller at N = 500 and 2000.
    expect(fine.std / dermanKamal(atm, 2000)).toBeGreaterThan(0.85);
    expect(fine.std / dermanKamal(atm, 2000)).toBeLessThan(1.15);
    expect(coarse.std / dermanKamal(atm, 500)).toBeGreaterThan(0.85);
    expect(coarse.std / dermanKamal(atm, 500)).toBeLessThan(1.15);
    expect(coarse.std / fine.std).toBeGreaterThan(1.7);
    expect(coarse.std / fine.std).toBeLessThan(2.3);
    // Unbiased to within 4 standard errors; no path misses by more than 6 Derman–Kamal deviations
    // (4.1 seen): on a $4.60 put, 2,000 rebalances replicate the payoff within about ±$0.10 (1σ).
    expect(Math.abs(fine.mean)).toBeLessThan((4 * fine.std) / Math.sqrt(atm.paths));
    expect(Math.max(...e.fine.map(Math.abs))).toBeLessThan(6 * dermanKamal(atm, 2000));
  });

  it('any strike within one standard deviation of spot, volatility, term, rate: error RMS ≤ 2.5 × Derman–Kamal, shrinking like 1/√N (property)', () => {
    // Strikes are drawn as K = S·e^{zσ√T}, |z| ≤ 1. Further out, most of 100 paths never come
    // near the strike and hedge almost exactly while the few that cross it dominate: the error
    // statistics of 100 paths become too noisy to test (at |z| ≤ 2, 500 seeded draws gave
    // coarse/fine ratios from 0.9 to 4.7). Away from the money Derman–Kamal is only an order of
    // magnitude (it uses the at-the-money gamma); over 500 seeded draws with |z| ≤ 1 the RMS ratio
    // stayed below 1.69, the coarse/fine ratio in [1.44, 2.74] (2 expected) and the mean within
    // 3.0 standard errors, and 200 unseeded runs of this property passed. The bounds leave room
    // for 100 paths' sampling noise; the seed keeps a statistical bound from ever flaking.
    fc.assert(fc.property(
      fc.record({
        z: fc.double({ min: -1, max: 1, noNaN: true }), volatility: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
        timeYears: fc.double({ min: 0.1, max: 1, noNaN: true }), rate: fc.double({ min: -0.01, max: 0.08, noNaN: true }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      }),
      ({ z, seed, ...rest }) => {
        const o = { ...rest, moneyness: Math.exp(z * rest.volatility * Math.sqrt(rest.timeYears)) };
        const e = gbmErrors(createRng(seed), { ...o, paths: 100, steps: 1000 });
        const fine = meanStd(e.fine);
        const coarse = meanStd(e.coarse);
        const rms = Math.sqrt(fine.mean ** 2 + fine.std ** 2);
        return rms <= 2.5 * dermanKamal(o, 1000) && coarse.std / fine.std > 1.3 && coarse.std / fine.std < 3.2
          && Math.abs(fine.mean) < (4.5 * fine.std) / Math.sqrt(100);
      },
    ), { numRuns: 20, seed: 20240611 });
  });
});

describe('historical backtest', () => {
  const prices = () => aapl.prices.find((p) => p.symbol === 'AAPL')!;

  it('matches an independent implementation on AAPL to 2024-11-29: the same 39 runs and figures', () => {
    const b = vectors.aaplBacktest;
    const runs = backtestDeltaHedge(prices().dates, prices().values, b.asOf, {
      termDays: 91, moneyness: b.moneyness, everyDays: 63, years: 10, volatilityWindow: 252, rate: b.rate, band: b.band,
      halfSpread: b.halfSpread, commissionPerShare: b.commissionPerShare,
    });
    expect(runs.map((r) => [r.start, r.end, r.trades])).toEqual(b.runs.map((r) => [r.start, r.end, r.trades]));
    runs.forEach((r, k) => {
      const ref = b.runs[k]!;
      for (const key of ['volatility', 'premium', 'trackingError', 'cost', 'putPnl', 'hedgePnl'] as const) {
        // numpy's std and scipy's Φ against ours: ≲1e-15 relative each, over ~63 steps.
        expect(Math.abs(r[key] - ref[key])).toBeLessThan(1e-11);
      }
      expect(r.hedgePnl - r.putPnl).toBeCloseTo(r.trackingError, 14);
    });
    const s = summarizeBacktest(runs)!;
    expect(s.runs).toBe(b.summary.runs);
    expect(s.meanTrackingError).toBeCloseTo(b.summary.meanTrackingError, 12);
    expect(s.trackingErrorStd).toBeCloseTo(b.summary.trackingErrorStd, 12);
    expect(s.worstTrackingError).toBeCloseTo(b.summary.worstTrackingError, 12);
  });

  it('never looks past the as-of date: later prices change nothing', () => {
    const { dates, values } = prices();
    const settings = { termDays: 91, moneyness: 0.95, everyDays: 63, years: 10, volatilityWindow: 252, rate: 0.02, band: 0.05, halfSpread: 1e-4, commissionPerShare: 0.005 };
    const cut = dates.indexOf('2019-12-31');
    const altered = values.map((v, i) => (i > cut ? v * 3 : v));
    expect(backtestDeltaHedge(dates, altered, '2019-12-31', settings)).toEqual(backtestDeltaHedge(dates, values, '2019-12-31', settings));
    const runs = backtestDeltaHedge(dates, values, '2019-12-31', settings);
    expect(runs.every((r) => r.end <= '2019-12-31' && r.start >= '2010-01-01')).toBe(true);
  });

  it('summarizes nothing as null', () => {
    expect(summarizeBacktest([])).toBeNull();
  });
});

describe('delta-hedge candidate', () => {
  it('sells the 95 % put\'s delta of the holding, with the backtest in its parameters', () => {
    const [h] = deltaHedge.candidates(aapl);
    const spot = aapl.snapshot.prices.AAPL!;
    const g = optionGreeks({
      type: 'put', style: 'european', spot, strike: 227.5, rate: aapl.snapshot.rate, dividendYield: 0,
      volatility: aapl.snapshot.volatilities.AAPL!, timeYears: 91 / 365,
    });
    expect(h!.legs).toEqual([{ instrument: { kind: 'equity', symbol: 'AAPL' }, quantity: Math.round(g.delta * 3800) }]);
    expect(h!.legs[0]!.quantity).toBe(-1228);
    const p = h!.parameters as Record<string, number>;
    expect(p.backtestRuns).toBe(vectors.aaplBacktest.summary.runs);
    expect(p.bandTrackingErrorStd).toBeCloseTo(vectors.aaplBacktest.summary.trackingErrorStd, 12);
    expect(h!.cost.premium).toBe(0);
    expect(h!.cost.borrow).toBe(0);
    const entry = 1228 * (spot * 1e-4 + 0.005);
    expect(p.entryCost).toBeCloseTo(entry, 9);
    expect(h!.cost.transaction).toBeCloseTo(entry, 9);
    // Rebalancing is a running cost, accrued to the horizon like carry.
    expect(h!.cost.carry).toBeCloseTo(p.expectedRebalancingCost!, 9);
    expect(p.expectedRebalancingCost).toBeGreaterThan(0);
  });

  it('warns when there is no history to backtest on, and proposes nothing for a short holding', () => {
    const ctx = syntheticContext({ spot: 50, volatility: 0.3, rate: 0.02 });
    expect(deltaHedge.candidates(ctx)[0]!.warnings).toEqual(['No backtest: too little price history before the as-of date.']);
    expect(deltaHedge.candidates({ ...ctx, targetQuantity: -1000 })).toEqual([]);
  });
});
