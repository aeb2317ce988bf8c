import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { analyze, DEFAULT_OPTIONS, type AnalyzeInput } from '../../src/pipeline/analyze.js';
import { loadInputs, SAMPLES } from '../../src/pipeline/load-inputs.js';
import { hedgeReportSchema, type HedgeReport, type Report } from '../../src/report/schema.js';
import { evaluateHedge, hedgeLab, optionTerms, scaledHedge, type HedgeLab, type OptionTermsOnOffer } from '../../src/pipeline/custom-hedge.js';
import { sampleInput } from '../helpers/sample.js';

// Reference: test/reference/server/make-custom-hedge-vectors.py (QuantLib 1.29, QdFp American
// engine, high-precision scheme) on the sample's market model of 2024-11-29.
type LegsCase = { expiry: string; days: number; legs: { type: string; strike: number; contracts: number }[]; mids: number[];
  premium: number; transaction: number; total: number; curve: { relative: number; legsPnl: number }[] };
const vectors = JSON.parse(readFileSync(join(process.cwd(), 'test', 'reference', 'server', 'custom-hedge-vectors.json'), 'utf8')) as {
  market: { spot: number; volatility: number; rate: number; shares: number }; put: LegsCase; collar: LegsCase;
};

let input: AnalyzeInput;
let report: Report;
let lab: HedgeLab;
let terms: Extract<OptionTermsOnOffer, { available: true }>;

beforeAll(async () => {
  input = await sampleInput();
  report = analyze(input, DEFAULT_OPTIONS);
  lab = hedgeLab(input, DEFAULT_OPTIONS, report);
  const t = optionTerms(lab);
  if (!t.available) throw new Error('the sample prices options on AAPL');
  terms = t;
});

/** Everything a hedge's evaluation measures, without what names or ranks it (the hedge's block
 *  in the contributions carries its name). */
function measured(h: HedgeReport) {
  const contributions = { ...h.contributions, levels: h.contributions.levels.map((l) => ({
    ...l, components: l.components.map((c) => (c.name === `hedge: ${h.name}` ? { ...c, name: 'the hedge' } : c)),
  })) };
  return { legs: h.legs, cost: h.cost, asset: h.asset, portfolio: h.portfolio, varianceReduction: h.varianceReduction,
    distribution: h.distribution, contributions, ranking: { annualCost: h.ranking.annualCost, esReduction: h.ranking.esReduction } };
}

describe('a hedge built on the page with the terms of a proposed one', () => {
  it('has the report\'s figures, to the last bit: puts', () => {
    const puts = report.hedges.filter((h) => h.kind === 'protective-put');
    expect(puts.length).toBeGreaterThan(2);
    for (const put of puts) {
      const p = put.parameters;
      const { hedge } = evaluateHedge(lab, { type: 'put', expiry: String(p.expiry), strike: Number(p.strike), contracts: Number(p.contracts) });
      expect(measured(hedge), put.name).toEqual(measured(put));
    }
  });

  it('collars', () => {
    const collars = report.hedges.filter((h) => h.kind === 'collar');
    expect(collars.length).toBeGreaterThan(1);
    for (const c of collars) {
      const p = c.parameters;
      const { hedge } = evaluateHedge(lab, { type: 'collar', expiry: String(p.expiry), putStrike: Number(p.putStrike), callStrike: Number(p.callStrike), contracts: Number(p.contracts) });
      expect(measured(hedge), c.name).toEqual(measured(c));
    }
  });

  it('every hedge without options resized by 1, with its out-of-sample test', () => {
    const linear = report.hedges.filter((h) => h.legs.every((l) => l.instrument !== 'option'));
    expect(linear.length).toBeGreaterThan(5);
    for (const x of linear) {
      const { hedge } = evaluateHedge(lab, { type: 'scale', name: x.name, ratio: 1 });
      expect(measured(hedge), x.name).toEqual(measured(x));
      expect(hedge.outOfSample, x.name).toEqual(x.outOfSample);
      expect(hedge.ranking.bestScale, x.name).toBe(x.ranking.bestScale);
    }
  });
});

describe('puts and collars against QuantLib', () => {
  it('runs on the market model the vectors were made for', () => {
    expect(terms.spot).toBe(vectors.market.spot);
    expect(report.market.targetVolatility.value).toBeCloseTo(vectors.market.volatility, 14);
    expect(report.market.rate.value).toBeCloseTo(vectors.market.rate, 15);
    expect(report.asset.quantity).toBe(vectors.market.shares);
  });

  it.each([['put'], ['collar']] as const)('%s: premium, cost and the payoff line at the horizon', (name) => {
    const ref = vectors[name];
    const [put, call] = ref.legs;
    const { hedge, payoff } = evaluateHedge(lab, name === 'put'
      ? { type: 'put', expiry: ref.expiry, strike: put!.strike, contracts: put!.contracts }
      : { type: 'collar', expiry: ref.expiry, putStrike: put!.strike, callStrike: call!.strike, contracts: put!.contracts });
    // Both are fixed-point (ALO) American engines: within 1e-7 relative on the sample's grid
    // (test/hedges/protective-put.test.ts); amounts here are sums of a few such prices × 100 × n.
    expect(Math.abs(hedge.cost.premium - ref.premium)).toBeLessThan(1e-6 * Math.abs(ref.premium) + 1e-6 * 100 * 38 * ref.mids[0]!);
    expect(hedge.cost.transaction).toBeCloseTo(ref.transaction, 3);
    expect(hedge.cost.total).toBeCloseTo(ref.total, 2);
    const curve = payoff.curve!;
    expect(curve.relative).toHaveLength(121);
    for (const [k, point] of [0, 30, 60, 90, 120].entries()) {
      const want = ref.curve[k]!;
      expect(curve.relative[point]).toBeCloseTo(want.relative, 12);
      // The unhedged line is the holding's linear P&L: q·S·(x − 1), exactly.
      expect(curve.before[point]).toBeCloseTo(vectors.market.shares * vectors.market.spot * (curve.relative[point]! - 1), 6);
      // Horizon values of American options, 10 trading days on: 1e-6 of the notional covered.
      expect(Math.abs(curve.after[point]! - curve.before[point]! - want.legsPnl), `x=${want.relative}`).toBeLessThan(1e-6 * vectors.market.shares * vectors.market.spot);
    }
  });
});

describe('properties', () => {
  it('a put or a collar of any terms on offer is a valid report hedge whose cost is the sum of its parts, and its legs lose value as the price rises (fast-check)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: terms.expiries.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: terms.maxContracts }), fc.boolean(),
      (e, u, v, contracts, collar) => {
        const expiry = terms.expiries[e]!;
        const putStrike = expiry.putStrikes[Math.floor(u * (expiry.putStrikes.length - 1))]!;
        const calls = expiry.callStrikes.filter((k) => k > putStrike && k < 2 * terms.spot);
        const callStrike = calls[Math.floor(v * (calls.length - 1))];
        const spec = collar && callStrike !== undefined
          ? { type: 'collar' as const, expiry: expiry.expiry, putStrike, callStrike, contracts }
          : { type: 'put' as const, expiry: expiry.expiry, strike: putStrike, contracts };
        let evaluation: ReturnType<typeof evaluateHedge>;
        try {
          evaluation = evaluateHedge(lab, spec);
        } catch (e) {
          // A far out-of-the-money call worth less than a tick has no bid and cannot be sold.
          if (e instanceof InputError && e.details.file === 'hedge.callStrike') return fc.pre(false);
          throw e;
        }
        const { hedge, payoff } = evaluation;
        hedgeReportSchema.parse(hedge);
        const c = hedge.cost;
        expect(c.total).toBeCloseTo(c.premium + c.transaction + c.borrow + c.carry, 6);
        expect(hedge.varianceReduction.asset).toBeLessThanOrEqual(1);
        // Long puts and short calls are worth less the higher the price: legs P&L (after −
        // before) never rises along the price line.
        const legs = payoff.curve!.after.map((a, k) => a - payoff.curve!.before[k]!);
        for (let k = 1; k < legs.length; k++) expect(legs[k]!).toBeLessThanOrEqual(legs[k - 1]! + 1e-6 * terms.spot * contracts * 100);
      }), { numRuns: 25 });
  });

  it('resizing a hedge scales its legs\' P&L and every cost by the ratio (fast-check)', () => {
    const linear = report.hedges.filter((h) => h.legs.every((l) => l.instrument !== 'option'));
    fc.assert(fc.property(fc.integer({ min: 0, max: linear.length - 1 }), fc.double({ min: 0.05, max: 3, noNaN: true }), (i, ratio) => {
      const base = linear[i]!;
      const { hedge } = evaluateHedge(lab, { type: 'scale', name: base.name, ratio });
      for (const key of ['premium', 'transaction', 'borrow', 'carry', 'total'] as const) {
        expect(hedge.cost[key]).toBeCloseTo(ratio * base.cost[key], 8);
      }
      hedge.legs.forEach((l, k) => expect(l.quantity).toBeCloseTo(ratio * base.legs[k]!.quantity, 9));
      // Mean P&L is linear in the legs: mean(after) − mean(before) scales by the ratio.
      const gain = (h: HedgeReport) => h.portfolio.after.mean - h.portfolio.before.mean;
      expect(gain(hedge)).toBeCloseTo(ratio * gain(base), 6);
      expect(hedge.outOfSample).toBeNull();
    }), { numRuns: 30 });
  });

  it('scaledHedge leaves the hedge it resizes as it was', () => {
    const hedge = { kind: 'k', name: 'n', legs: [{ instrument: { kind: 'equity' as const, symbol: 'X' }, quantity: -10 }], parameters: {},
      cost: { premium: 0, transaction: 1, borrow: 2, carry: 3, total: 6, fractionOfTarget: 0.01 }, rationale: 'r.', warnings: [] };
    const copy = structuredClone(hedge);
    const scaled = scaledHedge(hedge, 2);
    expect(hedge).toEqual(copy);
    expect(scaled.legs[0]!.quantity).toBe(-20);
    expect(scaled.cost).toEqual({ premium: 0, transaction: 2, borrow: 4, carry: 6, total: 12, fractionOfTarget: 0.02 });
    expect(scaled.name).toBe('n → 20 shares');
    expect(scaledHedge(hedge, 0.55).name).toBe('n, resized ×0.55');
  });
});

describe('payoff', () => {
  it('plots every historical scenario, and a line only when the legs are on the target', () => {
    const short = evaluateHedge(lab, { type: 'proposed', name: 'Short AAPL 100%' });
    expect(short.payoff.scenarios.relative).toHaveLength(report.scenarios.count);
    expect(short.payoff.curve).not.toBeNull();
    const etf = report.hedges.find((h) => h.kind === 'sector-etf-short')!;
    const cross = evaluateHedge(lab, { type: 'proposed', name: etf.name });
    expect(cross.payoff.curve).toBeNull();
    expect(cross.payoff.note).toMatch(/no single payoff curve/);
  });

  it('subsamples many scenarios to at most 2,000 points', () => {
    const options = { ...DEFAULT_OPTIONS, scenarioMethod: 'bootstrap' as const, scenarioCount: 5000, hedgeKinds: ['short-self'] };
    const r = analyze(input, options);
    const { payoff } = evaluateHedge(hedgeLab(input, options, r), { type: 'proposed', name: 'Short AAPL 50%' });
    expect(payoff.scenarios.relative).toHaveLength(1667);
    expect(payoff.note).toMatch(/1667 of the 5000 scenarios \(every 3th\)/);
  });
});

describe('errors are the user\'s, naming the field', () => {
  const field = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof InputError) return e.details.file;
      throw e;
    }
    return 'no error';
  };

  it('names what is wrong', () => {
    const expiry = terms.expiries[1]!.expiry;
    expect(field(() => evaluateHedge(lab, { type: 'put', expiry, strike: 1, contracts: 1 }))).toBe('hedge.strike');
    expect(field(() => evaluateHedge(lab, { type: 'put', expiry: '2030-01-01', strike: 230, contracts: 1 }))).toBe('hedge.expiry');
    expect(field(() => evaluateHedge(lab, { type: 'put', expiry, strike: 230, contracts: 39 }))).toBe('hedge.contracts');
    expect(field(() => evaluateHedge(lab, { type: 'collar', expiry, putStrike: 230, callStrike: 230, contracts: 1 }))).toBe('hedge.callStrike');
    expect(field(() => evaluateHedge(lab, { type: 'scale', name: 'Put 96% 91d', ratio: 2 }))).toBe('hedge.name');
    expect(field(() => evaluateHedge(lab, { type: 'proposed', name: 'nothing' }))).toBe('hedge.name');
  });

  it('refuses option terms where no option can be priced (the energy book\'s crude went below zero)', async () => {
    const energy = await loadInputs({ ...SAMPLES.energy, cwd: process.cwd() });
    const options = { ...DEFAULT_OPTIONS, lookbackDays: 2520, hedgeKinds: ['futures'] };
    const r = analyze(energy, options);
    const energyLab = hedgeLab(energy, options, r);
    const t = optionTerms(energyLab);
    expect(t.available).toBe(false);
    expect(field(() => evaluateHedge(energyLab, { type: 'put', expiry: '2026-01-01', strike: 50, contracts: 1 }))).toBe('hedge.type');
    // Futures are resized by whole contracts: a ratio of contract counts keeps them whole.
    const futures = r.hedges.find((h) => h.kind === 'futures')!;
    const n = Math.abs(futures.legs[0]!.quantity);
    const { hedge } = evaluateHedge(energyLab, { type: 'scale', name: futures.name, ratio: (n + 3) / n });
    expect(Math.abs(hedge.legs[0]!.quantity)).toBeCloseTo(n + 3, 9);
  });
});
