// Hedge-accounting effectiveness of a designated hedging relationship — a hedged item held long
// and a hedging instrument sold in a fixed ratio — for the treasurer who must document it (ASC 815;
// IAS 39 AG105; IFRS 9 B6.4). Three quantitative tests on changes in value over periods:
//   • dollar offset: −ΔH/ΔI within 80–125 %, cumulative since designation and period by period
//     (IAS 39 AG105(b): a loss of 120 on the instrument against a gain of 100 on the item is
//     120 %, or 100/120 = 83 % measured the other way — highly effective either way);
//   • regression of the item's changes on the hedge's: R² ≥ 0.80, slope in [−1.25, −0.80],
//     slope significant at 5 % (the criteria of practice, e.g. Ramirez, Accounting for
//     Derivatives, §1.9.3; Finnerty & Grant, "Testing hedge effectiveness under SFAS 133", CPA
//     Journal 2003);
//   • variability reduction 1 − Var(ΔI + ΔH)/Var(ΔI) ≥ 0.80 (Kalotay & Abreo 2001, "Testing hedge
//     effectiveness for FAS 133: the volatility reduction measure", J. Applied Corporate Finance).
// Prospective: regression and variability reduction on the history before designation (the
// relationship the ratio was chosen on). Retrospective: all three on the realised changes after.
// Changes are price differences (fair-value changes per unit held), never log returns, so
// prices that go negative (WTI, April 2020) are fine. IFRS 9 dropped the 80–125 % bright line
// for an economic-relationship judgement; the figures remain the usual evidence for it.

import { isoDateOption } from '../data/cells.js';
import { InputError } from '../domain/errors.js';
import { isoDayNumber } from '../domain/dates.js';
import { isConstant, variance } from '../stats/descriptive.js';
import { olsRegression } from '../stats/regression.js';
import { estimated, notEstimable, type Estimate } from '../stats/result.js';
import { studentTTwoSidedPValue } from './stability.js';
import { yearsBefore } from './walk-forward.js';

export const OFFSET_BAND = { lower: 0.8, upper: 1.25 } as const;
export const SLOPE_BAND = { lower: -1.25, upper: -0.8 } as const;
export const MIN_R_SQUARED = 0.8;
export const MIN_VARIABILITY_REDUCTION = 0.8;
export const SIGNIFICANCE = 0.05;
export const DEFAULT_PROSPECTIVE_YEARS = 3;
/** Below this many changes a regression is weak evidence; the assessment says so. */
const FEW_CHANGES = 20;

export type HedgePeriod = 'daily' | 'weekly' | 'monthly';

export type OffsetRatio = {
  /** Change in value of the hedged item (per unit held). */
  itemChange: number;
  /** Change in value of the hedging position (ratio × units of the instrument, sold). */
  hedgeChange: number;
  /** −hedgeChange/itemChange; null when the item did not move (the ratio is undefined). */
  ratio: number | null;
  passed: boolean;
};

export type DollarOffset = {
  cumulative: OffsetRatio & {
    /** itemChange + hedgeChange: the part that did not offset (ineffectiveness, in P&L for a fair value hedge). */
    netChange: number;
  };
  periods: OffsetRatio[];
  periodsPassed: number;
};

export type RegressionTest = {
  /** OLS of the item's changes on the hedge's: −1 is a perfect offset. */
  slope: number;
  intercept: number;
  rSquared: number;
  slopeStdError: number;
  /** null for an exact fit (the statistic is unbounded). */
  tSlope: number | null;
  /** Two-sided p-value of the slope (t, n − 2 degrees of freedom); 0 for an exact fit. */
  pValue: number;
  n: number;
  criteria: { rSquared: boolean; slope: boolean; significant: boolean };
  passed: boolean;
};

export type VariabilityReduction = { value: number; passed: boolean };

/** One offset ratio and its 80–125 % verdict. */
export function offsetRatio(itemChange: number, hedgeChange: number): OffsetRatio {
  const ratio = itemChange === 0 ? null : -hedgeChange / itemChange;
  return { itemChange, hedgeChange, ratio, passed: ratio !== null && ratio >= OFFSET_BAND.lower && ratio <= OFFSET_BAND.upper };
}

/** Dollar offset over aligned per-period changes (equal lengths, at least one period):
 *  cumulative since designation and period by period. */
export function dollarOffset(itemChanges: Float64Array, hedgeChanges: Float64Array): DollarOffset {
  sameLength(itemChanges, hedgeChanges, 1);
  let item = 0;
  let hedge = 0;
  const periods: OffsetRatio[] = [];
  for (let t = 0; t < itemChanges.length; t++) {
    item += itemChanges[t]!;
    hedge += hedgeChanges[t]!;
    periods.push(offsetRatio(itemChanges[t]!, hedgeChanges[t]!));
  }
  return { cumulative: { ...offsetRatio(item, hedge), netChange: item + hedge }, periods, periodsPassed: periods.filter((p) => p.passed).length };
}

/** Regression test: OLS (with intercept) of the item's changes on the hedge's, passed when
 *  R² ≥ 0.80, −1.25 ≤ slope ≤ −0.80 and the slope is significant at 5 %. Not estimable with
 *  fewer than 3 periods or a series that did not move. */
export function regressionTest(itemChanges: Float64Array, hedgeChanges: Float64Array): Estimate<RegressionTest> {
  sameLength(itemChanges, hedgeChanges, 0);
  const fit = olsRegression(itemChanges, hedgeChanges);
  if (!fit.ok) return fit;
  const f = fit.value;
  const pValue = f.tSlope === null ? 0 : studentTTwoSidedPValue(f.tSlope, f.n - 2);
  const criteria = {
    rSquared: f.rSquared >= MIN_R_SQUARED,
    slope: f.slope >= SLOPE_BAND.lower && f.slope <= SLOPE_BAND.upper,
    significant: pValue < SIGNIFICANCE,
  };
  return estimated({
    slope: f.slope, intercept: f.intercept, rSquared: f.rSquared, slopeStdError: f.slopeStdError, tSlope: f.tSlope, pValue, n: f.n,
    criteria, passed: criteria.rSquared && criteria.slope && criteria.significant,
  });
}

/** 1 − Var(ΔI + ΔH)/Var(ΔI) (sample variances), passed at ≥ 0.80. Not estimable with fewer than
 *  2 periods or an item that did not move. */
export function variabilityReduction(itemChanges: Float64Array, hedgeChanges: Float64Array): Estimate<VariabilityReduction> {
  sameLength(itemChanges, hedgeChanges, 0);
  if (itemChanges.length < 2) return notEstimable(`variability reduction needs at least 2 periods, got ${itemChanges.length}`);
  if (isConstant(itemChanges)) return notEstimable('variability reduction is undefined: the hedged item did not vary');
  const value = 1 - variance(itemChanges.map((v, t) => v + hedgeChanges[t]!)) / variance(itemChanges);
  return estimated({ value, passed: value >= MIN_VARIABILITY_REDUCTION });
}

/** Indices of the last date of each day, ISO week (Monday to Sunday) or calendar month present
 *  in `dates` (ascending); the last date always closes its (possibly partial) period. */
export function periodEnds(dates: readonly string[], period: HedgePeriod): number[] {
  const key = (d: string): number | string => {
    if (period === 'monthly') return d.slice(0, 7);
    // Day 0 (1970-01-01) was a Thursday: (day + 3) / 7 counts weeks starting on Monday.
    if (period === 'weekly') return Math.floor((isoDayNumber(d) + 3) / 7);
    return d;
  };
  const out: number[] = [];
  for (let i = 0; i < dates.length; i++) if (i === dates.length - 1 || key(dates[i]!) !== key(dates[i + 1]!)) out.push(i);
  return out;
}

export type RelationshipInput = {
  /** Common dates of the two price series, ascending. */
  dates: readonly string[];
  /** Hedged item's price per unit. */
  item: Float64Array;
  /** Hedging instrument's price per unit. */
  instrument: Float64Array;
  /** Start of the hedging relationship; the last common date on or before it is used. */
  designationDate: string;
  period: HedgePeriod;
  /** Units of the instrument sold per unit of the item (default: the minimum-variance ratio on
   *  the prospective history). */
  ratio?: number;
  /** Calendar years of history before designation for the prospective test (default 3). */
  prospectiveYears?: number;
};

/** Changes between consecutive points: `from` is the first point's date, `dates` the end date of
 *  each change. */
export type ChangeSeries = { from: string; dates: string[]; item: Float64Array; hedge: Float64Array };

export type Prospective = {
  from: string;
  to: string;
  changes: number;
  regression: Estimate<RegressionTest>;
  variabilityReduction: Estimate<VariabilityReduction>;
  /** The regression test (all three criteria). */
  passed: boolean;
};

export type Retrospective = {
  from: string;
  to: string;
  /** Period-by-period ratios, with the end date of each period. */
  dollarOffset: DollarOffset & { periodEnds: string[] };
  regression: Estimate<RegressionTest>;
  variabilityReduction: Estimate<VariabilityReduction>;
  /** The cumulative dollar offset within 80–125 %. */
  passed: boolean;
};

export type EffectivenessAssessment = {
  period: HedgePeriod;
  /** The common date the relationship starts on (last date on or before the one asked for). */
  designationDate: string;
  ratio: number;
  ratioSource: 'designated' | 'minimum-variance';
  /** OLS slope of the item's price changes on the instrument's over the prospective history. */
  minimumVarianceRatio: Estimate<{ ratio: number; stdError: number; n: number }>;
  prospective: Estimate<Prospective>;
  retrospective: Estimate<Retrospective>;
  /** Both assessments that could be made passed. */
  highlyEffective: boolean;
  conclusion: string;
  warnings: string[];
};

/** Prospective and retrospective assessment of "long one unit of the item, short `ratio` units of
 *  the instrument" from designationDate (see the file comment). Throws InputError when the
 *  designation date is outside the data or no ratio can be had. */
export function assessHedgeEffectiveness(input: RelationshipInput): EffectivenessAssessment {
  const { dates, item, instrument, period } = input;
  if (dates.length !== item.length || dates.length !== instrument.length) throw new RangeError('dates and prices differ in length');
  const designation = isoDateOption(input.designationDate, 'designation date');
  let d = -1;
  for (let i = 0; i < dates.length && dates[i]! <= designation; i++) d = i;
  if (d < 0) {
    throw new InputError({ file: 'designation date', value: designation, expected: `a date on or after the first common price date ${dates[0]}` });
  }
  const years = input.prospectiveYears ?? DEFAULT_PROSPECTIVE_YEARS;
  if (!(years > 0)) throw new InputError({ file: 'prospectiveYears', value: String(years), expected: 'a positive number of years' });
  const ends = periodEnds(dates, period);
  const start = yearsBefore(dates[d]!, years);
  const historyPoints = [...ends.filter((i) => i < d && dates[i]! >= start), d];
  const realisedPoints = [d, ...ends.filter((i) => i > d)];
  const warnings: string[] = [];

  const history = changesBetween(dates, item, instrument, historyPoints);
  const mv = history.item.length >= 3 ? olsRegression(history.item, history.hedge) : notEstimable<never>(
    `the minimum-variance ratio needs at least 3 ${period} changes before ${dates[d]}, got ${history.item.length}`);
  const minimumVarianceRatio: EffectivenessAssessment['minimumVarianceRatio'] = mv.ok
    ? estimated({ ratio: mv.value.slope, stdError: mv.value.slopeStdError, n: mv.value.n }) : mv;
  let ratio: number;
  let ratioSource: EffectivenessAssessment['ratioSource'];
  if (input.ratio !== undefined) {
    if (!(Number.isFinite(input.ratio) && input.ratio > 0)) throw new InputError({ file: 'ratio', value: String(input.ratio), expected: 'a positive hedge ratio' });
    ratio = input.ratio;
    ratioSource = 'designated';
  } else if (minimumVarianceRatio.ok) {
    ratio = minimumVarianceRatio.value.ratio;
    ratioSource = 'minimum-variance';
    if (!(ratio > 0)) warnings.push(`Over the history the item and the instrument moved apart (minimum-variance ratio ${ratio.toFixed(3)}): selling the instrument does not hedge the item.`);
  } else {
    throw new InputError({ file: 'ratio', expected: `a hedge ratio given, as none can be estimated from the history before designation (${minimumVarianceRatio.reason})` });
  }
  const hedgeOf = (c: Float64Array) => c.map((v) => -ratio * v);

  let prospective: Estimate<Prospective>;
  if (history.item.length >= 3) {
    const hedge = hedgeOf(history.hedge);
    const regression = regressionTest(history.item, hedge);
    prospective = estimated({
      from: history.from, to: dates[d]!, changes: history.item.length, regression,
      variabilityReduction: variabilityReduction(history.item, hedge), passed: regression.ok && regression.value.passed,
    });
    if (history.item.length < FEW_CHANGES) warnings.push(`The prospective regression rests on only ${history.item.length} ${period} changes; a longer history or a shorter period would make it stronger evidence.`);
  } else {
    prospective = notEstimable(`a prospective test needs at least 3 ${period} changes before ${dates[d]}, got ${history.item.length}`);
  }

  let retrospective: Estimate<Retrospective>;
  const realised = changesBetween(dates, item, instrument, realisedPoints);
  if (realised.item.length >= 1) {
    const hedge = hedgeOf(realised.hedge);
    const offset = dollarOffset(realised.item, hedge);
    retrospective = estimated({
      from: dates[d]!, to: realised.dates[realised.dates.length - 1]!, dollarOffset: { ...offset, periodEnds: realised.dates },
      regression: regressionTest(realised.item, hedge), variabilityReduction: variabilityReduction(realised.item, hedge),
      passed: offset.cumulative.passed,
    });
    const small = offset.periods.length - offset.periodsPassed;
    if (small > 0 && offset.cumulative.passed) {
      warnings.push(`${small} of ${offset.periods.length} ${period} periods ${small === 1 ? 'falls' : 'fall'} outside 80–125 % on ${small === 1 ? 'its' : 'their'} own; period-by-period ratios swing when the item barely moves (the small-numbers problem), which is why the cumulative ratio is the usual test.`);
    }
  } else {
    retrospective = notEstimable(`no realised changes after the designation date ${dates[d]} (the data end on ${dates[dates.length - 1]})`);
  }
  const made = [prospective, retrospective].filter((e) => e.ok);
  const highlyEffective = made.length > 0 && made.every((e) => e.ok && e.value.passed);
  return {
    period, designationDate: dates[d]!, ratio, ratioSource, minimumVarianceRatio, prospective, retrospective, highlyEffective,
    conclusion: conclusion(prospective, retrospective, period), warnings,
  };
}

/** Changes of both prices between consecutive points (indices into dates); `dates` are the
 *  end dates of the changes. */
function changesBetween(dates: readonly string[], item: Float64Array, instrument: Float64Array, points: readonly number[]): ChangeSeries {
  const n = Math.max(0, points.length - 1);
  const out: ChangeSeries = { from: dates[points[0]!]!, dates: [], item: new Float64Array(n), hedge: new Float64Array(n) };
  for (let j = 0; j < n; j++) {
    const a = points[j]!;
    const b = points[j + 1]!;
    out.item[j] = item[b]! - item[a]!;
    out.hedge[j] = instrument[b]! - instrument[a]!;
    out.dates.push(dates[b]!);
  }
  return out;
}

function conclusion(prospective: Estimate<Prospective>, retrospective: Estimate<Retrospective>, period: HedgePeriod): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const parts: string[] = [];
  if (prospective.ok) {
    const r = prospective.value.regression;
    parts.push(r.ok
      ? `Prospectively ${r.value.passed ? 'highly effective' : 'not shown to be highly effective'}: over ${prospective.value.changes} ${period} changes before designation the regression gives R² ${r.value.rSquared.toFixed(2)} `
        + `(needs ≥ 0.80), slope ${r.value.slope.toFixed(2).replace('-', '−')} (needs −1.25 … −0.80), p ${formatP(r.value.pValue)} (needs < 0.05).`
      : `Prospective regression not possible: ${r.reason}.`);
  }
  if (retrospective.ok) {
    const c = retrospective.value.dollarOffset.cumulative;
    const p = retrospective.value.dollarOffset;
    parts.push(`Retrospectively ${c.passed ? 'effective' : 'not effective'}: the cumulative dollar offset since designation is `
      + `${c.ratio === null ? 'undefined (the item did not move)' : pct(c.ratio)} (needs 80–125 %); ${p.periodsPassed} of ${p.periods.length} ${period} periods are within the band on their own.`);
  }
  return parts.join(' ');
}

export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function sameLength(a: Float64Array, b: Float64Array, min: number): void {
  if (a.length !== b.length) throw new RangeError(`series lengths differ: ${a.length} vs ${b.length}`);
  if (a.length < min) throw new RangeError(`at least ${min} period(s) needed, got ${a.length}`);
}

