import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { alignPrices } from '../../src/data/align.js';
import { readPricesFile } from '../../src/data/detect.js';
import type { PriceSeries } from '../../src/data/types.js';
import { InputError } from '../../src/domain/errors.js';
import {
  assessHedgeEffectiveness, dollarOffset, offsetRatio, periodEnds, regressionTest, variabilityReduction, type EffectivenessAssessment,
  type HedgePeriod,
} from '../../src/evaluate/accounting.js';
import { olsRegression } from '../../src/stats/regression.js';
import type { Estimate } from '../../src/stats/result.js';
import { createRng } from '../../src/stats/rng.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of known shape, read in tests only
const vectors: any = JSON.parse(readFileSync(join(process.cwd(), 'test/reference/evaluation/accounting-vectors.json'), 'utf8'));
const SAMPLE = join(process.cwd(), 'data', 'sample');

function value<T>(e: Estimate<T>): T {
  if (!e.ok) throw new Error(e.reason);
  return e.value;
}

function near(actual: number, expected: number, rel: number, floor = 0): void {
  const tol = rel * Math.max(Math.abs(expected), floor);
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`expected ${actual} within ${tol} of ${expected}`);
}

describe('textbook worked examples', () => {
  it('IAS 39 AG105(b): a loss of 120 on the hedging instrument against a gain of 100 on the item is 120 %, or 83 % the other way — highly effective', () => {
    // "if actual results are such that the loss on the hedging instrument is 120 and the gain on the
    // cash instrument is 100, offset can be measured by 120/100, which is 120 per cent, or by
    // 100/120, which is 83 per cent" (IAS 39 Application Guidance AG105(b); also HMRC Corporate
    // Finance Manual CFM16285, which adds that the remaining 20 of the loss goes to the income statement).
    const r = offsetRatio(100, -120);
    expect(r.ratio).toBeCloseTo(1.2, 15);
    expect(r.passed).toBe(true);
    const inverse = offsetRatio(-120, 100);
    expect(inverse.ratio).toBeCloseTo(100 / 120, 15);
    expect(Math.round(100 * inverse.ratio!)).toBe(83);
    expect(inverse.passed).toBe(true);
    const d = dollarOffset(Float64Array.of(100), Float64Array.of(-120));
    expect(d.cumulative.netChange).toBe(-20);
    // Just outside the band on either side.
    expect(offsetRatio(100, -126).passed).toBe(false);
    expect(offsetRatio(100, -79).passed).toBe(false);
    expect(offsetRatio(100, 50).passed).toBe(false);
  });

  // Hull, Options, Futures and Other Derivatives (8th–10th ed.), Example 3.3 / Table 3.2: an
  // airline hedging a jet-fuel purchase with heating-oil futures; 15 monthly changes per gallon.
  // Hull: σ_F = 0.0313, σ_S = 0.0263, ρ = 0.928, h* = 0.928 × 0.0263/0.0313 = 0.78, and the hedge
  // effectiveness (variance removed) is ρ² = 0.928² = 0.861.
  const dF = [0.021, 0.035, -0.046, 0.001, 0.044, -0.029, -0.026, -0.029, 0.048, -0.006, -0.036, -0.011, 0.019, -0.027, 0.029];
  const dS = [0.029, 0.020, -0.044, 0.008, 0.026, -0.019, -0.010, -0.007, 0.043, 0.011, -0.036, -0.018, 0.009, -0.032, 0.023];

  it('Hull Example 3.3: the prospective test on Table 3.2 gives h* = 0.78 and effectiveness ρ² = 0.861', () => {
    // Prices from the changes (any starting level), one per month; designation after month 15.
    const dates = Array.from({ length: 16 }, (_, i) => `20${String(10 + Math.floor(i / 12))}-${String((i % 12) + 1).padStart(2, '0')}-15`);
    const cum = (changes: number[], start: number) => Float64Array.from({ length: 16 }, (_, i) => start + changes.slice(0, i).reduce((a, b) => a + b, 0));
    const a = assessHedgeEffectiveness({ dates, item: cum(dS, 2.0), instrument: cum(dF, 2.1), designationDate: dates[15]!, period: 'monthly' });
    const mv = value(a.minimumVarianceRatio);
    expect(mv.n).toBe(15);
    expect(mv.ratio).toBeCloseTo(0.78, 2);
    expect(a.ratioSource).toBe('minimum-variance');
    const p = value(a.prospective);
    const reg = value(p.regression);
    // Hull prints ρ to 3 decimals (0.928 from 0.92837), so ρ² = 0.861 is good to about ±0.001.
    expect(Math.sqrt(reg.rSquared).toFixed(3)).toBe('0.928');
    expect(Math.abs(value(p.variabilityReduction).value - 0.861)).toBeLessThan(0.0015);
    // With the minimum-variance ratio the hedge offsets the item one for one in the regression.
    expect(reg.slope).toBeCloseTo(-1, 12);
    expect(reg.passed && p.passed).toBe(true);
    expect(a.retrospective.ok).toBe(false);
    expect(a.highlyEffective).toBe(true);
    expect(a.warnings.some((w) => w.includes('only 15 monthly changes'))).toBe(true);
    // The same figures from Hull's moments.
    const fit = value(olsRegression(Float64Array.from(dS), Float64Array.from(dF)));
    expect(Math.sqrt(fit.rSquared)).toBeCloseTo(0.928, 3);
    // Hull's airline is short jet fuel and buys 0.78 futures per gallon: the same statistics with both signs flipped.
    const airline = value(regressionTest(Float64Array.from(dS, (v) => -v), Float64Array.from(dF, (v) => 0.78 * v)));
    expect(airline.rSquared).toBeCloseTo(reg.rSquared, 12);
    expect(airline.slope).toBeCloseTo(-mv.ratio / 0.78, 12);
  });
});

describe('assessment on real prices against pandas/statsmodels', () => {
  const histories = new Map<string, { dates: string[]; item: Float64Array; instrument: Float64Array }>();
  beforeAll(async () => {
    const files: Record<string, [string, string]> = {
      WTI: ['wti_spot_eia_2007-2026.csv', 'WTI'], CL01: ['energy_futures_nearby_2007-2025.csv', 'CL01'], XOM: ['stocks_19_2004-2024.csv', 'XOM'],
      XLE: ['sector_etfs_2004-2025.csv', 'XLE'], AAPL: ['stocks_19_2004-2024.csv', 'AAPL'], XLK: ['sector_etfs_2004-2025.csv', 'XLK'],
    };
    const load = async (s: string): Promise<PriceSeries> => (await readPricesFile(join(SAMPLE, files[s]![0]), { symbols: [files[s]![1]] })).series[0]!;
    for (const c of vectors.cases) {
      const { history } = alignPrices([await load(c.item), await load(c.instrument)], { required: [c.item, c.instrument] });
      histories.set(c.item, { dates: history.dates, item: history.columns[0]!, instrument: history.columns[1]! });
    }
  });

  function assess(i: number): EffectivenessAssessment {
    const c = vectors.cases[i];
    const h = histories.get(c.item)!;
    expect([h.dates[0], h.dates[h.dates.length - 1], h.dates.length]).toEqual([c.calendar.first, c.calendar.last, c.calendar.days]);
    return assessHedgeEffectiveness({ ...h, designationDate: c.designation, period: c.period as HedgePeriod, ...(c.ratioGiven === null ? {} : { ratio: c.ratioGiven }) });
  }

  // Both sides compute the same sums of a few hundred price changes in double precision; the
  // regression p-values are t tail areas (statsmodels: scipy's t.sf; here the incomplete beta).
  it.each([0, 1, 2])('case %i', (i) => {
    const c = vectors.cases[i];
    const a = assess(i);
    expect(a.designationDate).toBe(c.designationDate);
    near(a.ratio, c.ratio, 1e-12);
    const mv = value(a.minimumVarianceRatio);
    near(mv.ratio, c.minimumVarianceRatio.ratio, 1e-10);
    near(mv.stdError, c.minimumVarianceRatio.stdError, 1e-10);
    const p = value(a.prospective);
    expect([p.from, p.to, p.changes]).toEqual([c.prospective.from, c.prospective.to, c.prospective.changes]);
    const reg = value(p.regression);
    for (const k of ['slope', 'rSquared', 'slopeStdError', 'tSlope'] as const) near(reg[k]!, c.prospective.regression[k], 1e-9);
    near(reg.pValue, c.prospective.regression.pValue, 1e-6, 1e-300);
    near(value(p.variabilityReduction).value, c.prospective.variabilityReduction, 1e-10);
    const r = value(a.retrospective);
    expect([r.from, r.to]).toEqual([c.retrospective.from, c.retrospective.to]);
    expect(r.dollarOffset.periodEnds).toEqual(c.retrospective.periodEnds);
    r.dollarOffset.periods.forEach((q, j) => {
      near(q.itemChange, c.retrospective.itemChanges[j], 1e-12, 1e-9);
      near(q.hedgeChange, c.retrospective.hedgeChanges[j], 1e-12, 1e-9);
      if (c.retrospective.periodRatios[j] === null) expect(q.ratio).toBeNull();
      else near(q.ratio!, c.retrospective.periodRatios[j], 1e-9);
    });
    near(r.dollarOffset.cumulative.ratio!, c.retrospective.cumulativeRatio, 1e-10);
    near(r.dollarOffset.cumulative.netChange, c.retrospective.netChange, 1e-10, 1);
    const rr = value(r.regression);
    for (const k of ['slope', 'rSquared', 'slopeStdError', 'tSlope'] as const) near(rr[k]!, c.retrospective.regression[k], 1e-9);
    near(rr.pValue, c.retrospective.regression.pValue, 1e-6, 1e-300);
    near(value(r.variabilityReduction).value, c.retrospective.variabilityReduction, 1e-10);
  });

  it('WTI spot hedged with CL01: highly effective both ways', () => {
    const a = assess(0);
    expect(a.highlyEffective).toBe(true);
    expect(a.conclusion).toMatch(/^Prospectively highly effective: over 36 monthly changes .* Retrospectively effective: the cumulative dollar offset since designation is 94\.5 %/);
  });

  it('XOM hedged with 1.25 XLE per share: the prospective regression passes, but the hedge over-offsets after designation', () => {
    const a = assess(1);
    expect(value(a.prospective).passed).toBe(true);
    expect(value(a.retrospective).passed).toBe(false);
    expect(value(a.retrospective).dollarOffset.cumulative.ratio).toBeGreaterThan(1.25);
    expect(a.highlyEffective).toBe(false);
  });

  it('AAPL hedged with XLK: a cross hedge fails the 0.80 R² criterion', () => {
    const a = assess(2);
    const reg = value(value(a.prospective).regression);
    expect(reg.criteria).toEqual({ rSquared: false, slope: true, significant: true });
    expect(a.highlyEffective).toBe(false);
  });
});

describe('properties and edge cases', () => {
  const changes = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => {
    const rng = createRng(seed);
    const x = Float64Array.from({ length: 40 }, () => rng.normal());
    const y = x.map((v) => 0.9 * v + 0.4 * rng.normal());
    return { x, y };
  });

  it('with the minimum-variance ratio the variability reduction equals R² and the regression slope is −1', () => {
    fc.assert(fc.property(changes, ({ x, y }) => {
      const h = value(olsRegression(y, x)).slope;
      const hedge = x.map((v) => -h * v);
      near(value(variabilityReduction(y, hedge)).value, value(olsRegression(y, x)).rSquared, 1e-10);
      near(value(regressionTest(y, hedge)).slope, -1, 1e-10);
    }), { numRuns: 50 });
  });

  it('every measure is unchanged when both legs are scaled by the same factor (a bigger position)', () => {
    fc.assert(fc.property(changes, fc.double({ min: 1e-3, max: 1e6, noNaN: true }), ({ x, y }, k) => {
      const hedge = x.map((v) => -0.8 * v);
      const a = dollarOffset(y, hedge);
      const b = dollarOffset(y.map((v) => k * v), hedge.map((v) => k * v));
      near(b.cumulative.ratio!, a.cumulative.ratio!, 1e-9);
      expect(b.periodsPassed).toBe(a.periodsPassed);
      near(value(regressionTest(y.map((v) => k * v), hedge.map((v) => k * v))).slope, value(regressionTest(y, hedge)).slope, 1e-9);
      near(value(variabilityReduction(y.map((v) => k * v), hedge.map((v) => k * v))).value, value(variabilityReduction(y, hedge)).value, 1e-9);
    }), { numRuns: 50 });
  });

  it('the cumulative ratio is the change-weighted mean of the period ratios', () => {
    fc.assert(fc.property(changes, ({ x, y }) => {
      const hedge = x.map((v) => -v);
      const d = dollarOffset(y, hedge);
      const weighted = d.periods.reduce((s, p) => s + p.ratio! * p.itemChange, 0) / d.periods.reduce((s, p) => s + p.itemChange, 0);
      near(d.cumulative.ratio!, weighted, 1e-8, 1);
    }), { numRuns: 50 });
  });

  it('a period without a move of the item has no ratio; a series that never moves has no regression', () => {
    const d = dollarOffset(Float64Array.of(0, 10), Float64Array.of(-1, -9));
    expect(d.periods[0]!.ratio).toBeNull();
    expect(d.periods[0]!.passed).toBe(false);
    expect(d.cumulative.ratio).toBeCloseTo(1, 15);
    expect(regressionTest(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3)).ok).toBe(false);
    expect(variabilityReduction(Float64Array.of(2, 2), Float64Array.of(1, 2)).ok).toBe(false);
    expect(() => dollarOffset(new Float64Array(0), new Float64Array(0))).toThrow(RangeError);
  });

  it('period ends: last trading day of each Monday-to-Sunday week, month, or every day', () => {
    const dates = ['2024-12-27', '2024-12-30', '2024-12-31', '2025-01-02', '2025-01-03', '2025-01-06', '2025-01-31', '2025-02-03'];
    expect(periodEnds(dates, 'weekly').map((i) => dates[i])).toEqual(['2024-12-27', '2025-01-03', '2025-01-06', '2025-01-31', '2025-02-03']);
    expect(periodEnds(dates, 'monthly').map((i) => dates[i])).toEqual(['2024-12-31', '2025-01-31', '2025-02-03']);
    expect(periodEnds(dates, 'daily')).toEqual(dates.map((_, i) => i));
  });

  it('tells the user what is missing', () => {
    const dates = ['2024-01-31', '2024-02-29', '2024-03-28', '2024-04-30', '2024-05-31'];
    const item = Float64Array.of(10, 11, 10.5, 12, 11);
    const inst = Float64Array.of(20, 22, 21, 24.2, 22);
    expect(() => assessHedgeEffectiveness({ dates, item, instrument: inst, designationDate: '2023-12-31', period: 'monthly' })).toThrow(InputError);
    expect(() => assessHedgeEffectiveness({ dates, item, instrument: inst, designationDate: 'soon', period: 'monthly' })).toThrow(/designation date: expected a date YYYY-MM-DD/);
    // Designated on the first date: no history to estimate a ratio from, and none given.
    expect(() => assessHedgeEffectiveness({ dates, item, instrument: inst, designationDate: '2024-01-31', period: 'monthly' })).toThrow(/hedge ratio/);
    const given = assessHedgeEffectiveness({ dates, item, instrument: inst, designationDate: '2024-01-31', period: 'monthly', ratio: 0.5 });
    expect(given.prospective.ok).toBe(false);
    expect(value(given.retrospective).dollarOffset.periods.length).toBe(4);
    expect(() => assessHedgeEffectiveness({ dates, item, instrument: inst, designationDate: '2024-03-31', period: 'monthly', ratio: -1 })).toThrow(InputError);
    const late = assessHedgeEffectiveness({ dates, item, instrument: inst, designationDate: '2024-06-30', period: 'monthly' });
    expect(late.designationDate).toBe('2024-05-31');
    expect(late.retrospective.ok).toBe(false);
    if (!late.retrospective.ok) expect(late.retrospective.reason).toMatch(/no realised changes after the designation date 2024-05-31/);
  });
});
