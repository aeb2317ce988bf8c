import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hedge } from '../../src/domain/hedge.js';
import { futuresHedge } from '../../src/hedges/futures.js';
import { rollCarry } from '../../src/hedges/futures-math.js';
import { analyze, DEFAULT_OPTIONS, prepare, type Prepared } from '../../src/pipeline/analyze.js';
import type { Report } from '../../src/report/schema.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';
import { energyInput, energyPrepared, vectors } from './futures-context.js';

const HORIZON_YEARS = 10 / 252;

let energy: Prepared;
let hedges: Hedge[];
beforeAll(async () => {
  energy = await energyPrepared();
  hedges = futuresHedge.candidates(energy.ctx);
});

function byContract(contract: string): Hedge {
  const h = hedges.find((x) => x.parameters.contract === contract);
  if (h === undefined) throw new Error(`no ${contract} candidate`);
  return h;
}

describe('futures hedge on the energy sample (40,000 bbl of WTI at Cushing, 2024-11-29)', () => {
  it('targets the WTI inventory and offers the front two crude contracts, the other families listed by fit', () => {
    expect(energy.ctx.target).toBe('WTI');
    expect(hedges.map((h) => h.parameters.contract)).toEqual(['CL01', 'CL02']);
    expect(byContract('CL01').parameters.otherFamilies).toMatch(/^BRN01 R²=0\.9\d/);
  });

  for (const contract of ['CL01', 'CL02'] as const) {
    it(`${contract}: N* = h*·Q_A/Q_F from the statsmodels ratio, tailed by e^(−rT), sold`, () => {
      const h = byContract(contract);
      const ref = vectors.energy[contract];
      // statsmodels OLS on the same 719 daily changes (37 roll days out): agreement to rounding.
      expect(h.parameters.hedgeRatio as number).toBeCloseTo(ref.slope, 12);
      expect(h.parameters.observations).toBe(ref.n);
      expect(h.parameters.rollDaysExcluded).toBe(vectors.energy.rollDays);
      const untailed = (ref.slope * 40_000) / 1000;
      expect(h.parameters.optimalContracts as number).toBeCloseTo(untailed, 9);
      const tail = Math.exp(-energy.ctx.snapshot.rate * HORIZON_YEARS);
      expect(h.parameters.tailingFactor as number).toBeCloseTo(tail, 15);
      expect(h.legs).toHaveLength(1);
      const leg = h.legs[0]!;
      expect(leg.quantity).toBe(-Math.round(untailed * tail));
      expect(leg.instrument).toMatchObject({ kind: 'future', symbol: contract, underlying: 'WTI', multiplier: 1000 });
    });

    it(`${contract}: costs — half a tick and a commission to enter; carry = roll spread × 12 rolls a year × horizon, plus trading the rolls`, () => {
      const h = byContract(contract);
      const q = h.legs[0]!.quantity;
      const n = Math.abs(q);
      const commission = DEFAULT_OPTIONS.costs.commissionPerContract;
      expect(h.cost.transaction).toBeCloseTo(n * (0.5 * 0.01 * 1000 + commission), 9);
      const carry = rollCarry(q, 1000, vectors.energy[contract].spreadNow, 12, HORIZON_YEARS);
      const rollTrading = n * (0.01 * 1000 + 2 * commission) * 12 * HORIZON_YEARS;
      expect(h.cost.carry).toBeCloseTo(carry + rollTrading, 6);
      // Backwardation on 2024-11-29 (CL02 below CL01): the rolled short pays.
      expect(vectors.energy[contract].spreadNow).toBeLessThan(0);
      expect(carry).toBeGreaterThan(0);
      expect(h.cost.total).toBeCloseTo(h.cost.transaction + h.cost.carry, 9);
      expect(h.parameters.rollSpreadMean as number).toBeCloseTo(vectors.energy[contract].rollSpreads.mean, 12);
    });

    it(`${contract}: reports the basis risk measured by pandas (level, daily σ, worst 10-day fall) and explains basis and roll`, () => {
      const h = byContract(contract);
      const b = vectors.energy[contract].basis;
      expect(h.parameters.basisNow as number).toBeCloseTo(b.last, 12);
      expect(h.parameters.basisDailyStdDev as number).toBeCloseTo(b.dailyChangeStdDev, 12);
      expect(h.parameters.basisWorstMove as number).toBeCloseTo(b.worstFall, 12);
      expect(h.parameters.basisWorstMoveAmount as number).toBeCloseTo(b.worstFall * Math.abs(h.legs[0]!.quantity) * 1000, 6);
      expect(String(h.parameters.basisWorstWindow).startsWith(b.worstFallStart)).toBe(true);
      expect(h.rationale).toMatch(/Basis risk: the basis WTI − CL0\d is/);
      expect(h.rationale).toMatch(/backwardation/);
      expect(h.rationale).toMatch(/rolled into the next contract 12 times a year/);
      expect(h.warnings).toEqual([]);
    });
  }

  it('expiries of the contracts held: CL01 = Jan-25 (last trade 2024-12-19), CL02 = Feb-25 (2025-01-21)', () => {
    expect(byContract('CL01').legs[0]!.instrument).toMatchObject({ expiry: '2024-12-19' });
    expect(byContract('CL02').legs[0]!.instrument).toMatchObject({ expiry: '2025-01-21' });
  });
});

describe('the natural winner: evaluated on the same scenarios as every other kind', () => {
  let report: Report;
  beforeAll(async () => { report = analyze(await energyInput(), DEFAULT_OPTIONS); });

  it('CL01 removes more of the WTI holding\'s variance than any other hedge, and the macro-hedge almost none', () => {
    const reduction = (kind: string) => report.hedges.filter((h) => h.kind === kind).map((h) => h.varianceReduction.asset);
    const futures = Math.max(...reduction('futures'));
    expect(futures).toBeGreaterThan(0.98);
    // Every kind but short-self: selling the inventory itself removes all its risk by
    // construction (it is a sale, not a hedge).
    const others = report.hedges.filter((h) => h.kind !== 'futures' && h.kind !== 'short-self');
    expect(others.length).toBeGreaterThan(3);
    for (const h of others) expect(h.varianceReduction.asset).toBeLessThan(futures);
    const macro = report.hedges.find((h) => h.kind === 'macro-index-futures')!;
    expect(macro.varianceReduction.asset).toBeLessThan(0.05);
    expect(macro.varianceReduction.portfolio).toBeLessThan(0.1);
    expect(report.hedges.find((h) => h.name === byContract('CL01').name)!.varianceReduction.portfolio).toBeGreaterThan(0.85);
  });
});

describe('when futures do not fit, or the data are partial', () => {
  it('offers nothing on the default sample (no futures loaded) or for a holding no contract tracks (JPM)', async () => {
    expect(futuresHedge.candidates(preparedFor(await sampleInput(), 'AAPL').ctx)).toEqual([]);
    expect(futuresHedge.candidates((await energyPrepared({ target: 'JPM' })).ctx)).toEqual([]);
  });

  it('cross hedges get a warning: XOM with crude (R² ≈ 0.35), RRC — a gas producer — with natural gas', async () => {
    const xom = futuresHedge.candidates((await energyPrepared({ target: 'XOM' })).ctx);
    expect(xom[0]!.parameters.contract).toBe('CL01');
    expect(xom[0]!.warnings.join(' ')).toMatch(/explains only 3\d% of XOM's daily price variance/);
    const rrc = futuresHedge.candidates((await energyPrepared({ target: 'RRC' })).ctx);
    expect(rrc[0]!.parameters.contract).toBe('NG01');
  });

  it('without the next contract\'s prices the roll carry is left out and said so; only trading the rolls is charged', async () => {
    const input = await energyInput();
    const partial = { ...input, prices: input.prices.filter((s) => !/^CL(0[2-9]|1\d)$/.test(s.symbol)) };
    const [h] = futuresHedge.candidates(prepare(partial, DEFAULT_OPTIONS).ctx);
    expect(h!.parameters.contract).toBe('CL01');
    expect(h!.warnings.join(' ')).toMatch(/next contract's series \(CL02\) is not loaded/);
    const n = Math.abs(h!.legs[0]!.quantity);
    expect(h!.cost.carry).toBeCloseTo(n * (10 + 2 * DEFAULT_OPTIONS.costs.commissionPerContract) * 12 * HORIZON_YEARS, 9);
  });

  it('a short holding is hedged by buying the same number of contracts; in backwardation the long roll earns', () => {
    const ctx = { ...energy.ctx, targetQuantity: -40_000 };
    const [h] = futuresHedge.candidates(ctx);
    expect(h!.legs[0]!.quantity).toBe(-byContract('CL01').legs[0]!.quantity);
    expect(h!.name).toMatch(/^Buy /);
    expect(h!.parameters.basisWorstMove as number).toBeCloseTo(vectors.energy.CL01.basis.worstRise, 12);
    const rollTrading = h!.parameters.rollTradingCost as number;
    expect(h!.cost.carry - rollTrading).toBeLessThan(0);
  });
});

describe('properties of the kind', () => {
  it('the contract count scales linearly with the position (to the rounding of whole contracts)', () => {
    fc.assert(fc.property(fc.integer({ min: 2_000, max: 2_000_000 }), (barrels) => {
      const [h] = futuresHedge.candidates({ ...energy.ctx, targetQuantity: barrels });
      const exact = (byContract('CL01').parameters.optimalContracts as number) * (barrels / 40_000)
        * (byContract('CL01').parameters.tailingFactor as number);
      return h !== undefined && Math.abs(-h.legs[0]!.quantity - exact) <= 0.5 + 1e-9;
    }), { numRuns: 40 });
  });

  it('quoting crude in cents (every WTI and CL price × 100) changes neither the ratio nor the contracts', () => {
    const { ctx } = energy;
    const scaled = (s: string) => s === 'WTI' || /^CL\d\d$/.test(s);
    const history = { ...ctx.history, columns: ctx.history.columns.map((c, j) => (scaled(ctx.history.symbols[j]!) ? c.map((x) => x * 100) : c)) };
    const prices = Object.fromEntries(Object.entries(ctx.snapshot.prices).map(([s, p]) => [s, scaled(s) ? p * 100 : p]));
    const [h] = futuresHedge.candidates({ ...ctx, history, snapshot: { ...ctx.snapshot, prices } });
    expect(h!.parameters.hedgeRatio as number).toBeCloseTo(byContract('CL01').parameters.hedgeRatio as number, 10);
    expect(h!.legs[0]!.quantity).toBe(byContract('CL01').legs[0]!.quantity);
  });
});
