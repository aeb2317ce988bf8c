// Out-of-sample check of a hedge sized by a regression on history (issue 7). Roll through the
// history: estimate the ratios on a window, hold them unchanged over the next `stepDays`, measure
// what the held hedge actually removed, re-estimate, repeat. Then compare with the in-sample fit
// the hedge was sized with, follow the ratios' path with their standard errors, and test the hedge
// regression for breaks (stability.ts).
//
// Schedule (anchored at the as-of date, so that the last estimate is the one that sizes today's
// hedge): with N daily returns r_0…r_{N−1}, estimates end at e_j = N − 1 − j·step (j = 0…J,
// e_J ≥ window − 1), estimate j uses returns [e_j − window + 1, e_j], and for j ≥ 1 it is held over
// returns e_j + 1 … e_{j−1}. The hedged return of a held period is y_t − Σ_i b_i·x_it: for log
// returns the hedge is rebalanced daily to the fixed value ratio b (the usual return-based
// evaluation of hedging effectiveness, e.g. Ederington 1979), for price differences it is a fixed
// number of units, exactly. The intercept is drift, not something the hedge removes, so it is left
// out of the hedged return; variance reductions use variances (around the mean) anyway.

import type { HedgeEstimation } from '../domain/hedge.js';
import { InputError } from '../domain/errors.js';
import { isoDayNumber, isoFromDayNumber } from '../domain/dates.js';
import { alignPrices } from '../data/align.js';
import { isoDateOption } from '../data/cells.js';
import type { PriceSeries } from '../data/types.js';
import { mean, variance } from '../stats/descriptive.js';
import { nnls } from '../stats/nnls.js';
import { olsRegression } from '../stats/regression.js';
import { estimated, notEstimable, type Estimate } from '../stats/result.js';
import { logReturns, priceDifferences } from '../stats/returns.js';
import { driftTest, recursiveCusumTest, supFTest } from './stability.js';

export const DEFAULT_STEP_DAYS = 21;
export const DEFAULT_HISTORY_YEARS = 10;
/** Trading days per year, for annualising the hedge error and for "the last year" of the path. */
const TRADING_DAYS = 252;
/** An episode is reported when the held periods cover at least this many of its returns. */
const MIN_EPISODE_DAYS = 10;
/** Smallest estimation window accepted: fewer days say nothing about a ratio. */
const MIN_WINDOW_DAYS = 20;

/** Market episodes where hedges are tested hardest (issue 7: "test on the episodes where it
 *  matters"): reported when the out-of-sample periods cover them. */
export const EPISODES: readonly { name: string; from: string; to: string }[] = [
  { name: 'global financial crisis', from: '2008-09-01', to: '2009-03-31' },
  { name: 'COVID-19 crash', from: '2020-02-01', to: '2020-03-31' },
];

export type BreakTest = {
  test: 'cusum' | 'chow' | 'drift';
  statistic: number;
  critical: number;
  pValue?: number;
  date?: string;
  flagged: boolean;
  detail: string;
};

export type OutOfSample = {
  windowDays: number;
  stepDays: number;
  /** First and last date of the held (out-of-sample) periods. */
  from: string;
  to: string;
  /** Held periods (re-estimations followed by a period out of sample). */
  periods: number;
  /** R² of the fit on the last window (the one used to size the hedge). */
  inSampleVarianceReduction: number;
  /** 1 − Var(OOS hedged)/Var(unhedged) over all held periods. */
  outOfSampleVarianceReduction: number;
  /** Largest peak-to-trough fall over the held periods of the holding alone and hedged (the
   *  hedge held as re-estimated): a fraction of value for log returns, price units of the target
   *  for differences. */
  maxDrawdown: { unhedged: number; hedged: number; unit: 'fraction' | 'price' };
  /** Annualised (√252) standard deviation of the OOS hedged daily return (log) or change
   *  (differences: price units of the target per year). */
  hedgeErrorVolatility: number;
  /** One entry per estimate, oldest first; `date` is the last price date of its window. */
  ratioPath: { date: string; ratios: number[]; stdErrors: number[] }[];
  breaks: BreakTest[];
  episodes: { name: string; from: string; to: string; outOfSampleVarianceReduction: number }[];
  /** Rule: 'poor' when OOS VR < 0.25 or it trails the in-sample VR by more than 0.30; 'good'
   *  when OOS VR ≥ 0.50, the gap is at most 0.15 and no break test is flagged; 'fair' otherwise. */
  reliability: 'good' | 'fair' | 'poor';
  warnings: string[];
};

export type WalkForwardOptions = {
  /** Last date of the history (ISO). */
  asOf: string;
  /** Returns per estimation window (default: estimation.lookbackDays). */
  windowDays?: number;
  /** Returns each estimate is held for before re-estimating (default 21, about a month). */
  stepDays?: number;
  /** Calendar years of history before asOf (default 10). */
  historyYears?: number;
};

/** Walk-forward evaluation of an estimated hedge (see the file comment). Aligns the target and the
 *  instruments itself (every one required, none filled) on (asOf − historyYears, asOf]. Not
 *  estimable with fewer returns than window + step, log returns of a non-positive price, or a
 *  regression that cannot be fitted. */
export function walkForward(
  prices: readonly PriceSeries[], target: string, estimation: HedgeEstimation, options: WalkForwardOptions,
): Estimate<OutOfSample> {
  checkEstimation(estimation);
  const windowDays = options.windowDays ?? estimation.lookbackDays;
  const stepDays = options.stepDays ?? DEFAULT_STEP_DAYS;
  const historyYears = options.historyYears ?? DEFAULT_HISTORY_YEARS;
  checkInteger('windowDays', windowDays, MIN_WINDOW_DAYS);
  checkInteger('stepDays', stepDays, 1);
  if (!(Number.isFinite(historyYears) && historyYears > 0)) {
    throw new InputError({ file: 'historyYears', value: String(historyYears), expected: 'a positive number of years' });
  }
  const { instruments } = estimation;
  const asOf = isoDateOption(options.asOf, 'asOf');
  const from = yearsBefore(asOf, historyYears);
  const { history } = alignPrices(prices, { required: [target, ...instruments], from, to: asOf });
  const { dates } = history;
  const columns = history.columns.slice(0, instruments.length + 1);
  if (estimation.returns === 'log') {
    for (let j = 0; j < columns.length; j++) {
      const i = columns[j]!.findIndex((p) => !(p > 0));
      if (i >= 0) {
        return notEstimable(`${history.symbols[j]} has a non-positive price (${columns[j]![i]}) on ${dates[i]}: log returns are undefined; `
          + 'estimate this hedge on price differences');
      }
    }
  }
  const toReturns = estimation.returns === 'log' ? logReturns : priceDifferences;
  const y = toReturns(columns[0]!);
  const xs = columns.slice(1).map((c) => toReturns(c));
  const n = y.length;
  const periods = Math.floor((n - windowDays) / stepDays);
  if (n < windowDays || periods < 1) {
    return notEstimable(`walk-forward needs at least ${windowDays + stepDays} daily returns (a ${windowDays}-day window and one `
      + `${stepDays}-day period held out of sample); ${target} and ${instruments.join(', ')} share ${n} between ${dates[0]} and ${dates[dates.length - 1]}`);
  }

  // Estimates, newest (j = 0) first.
  const fits: Fit[] = [];
  for (let j = 0; j <= periods; j++) {
    const end = n - 1 - j * stepDays;
    const fit = estimate(estimation.method, y, xs, end - windowDays + 1, end + 1);
    if (!fit.ok) return notEstimable(`the hedge regression on the window ending ${dates[end + 1]} cannot be fitted: ${fit.reason}`);
    fits.push(fit.value);
  }

  const firstHeld = n - periods * stepDays;
  const held = n - firstHeld;
  const hedged = new Float64Array(held);
  for (let j = periods; j >= 1; j--) {
    const b = fits[j]!.ratios;
    const start = n - j * stepDays;
    for (let t = start; t < start + stepDays; t++) hedged[t - firstHeld] = hedgedReturn(y, xs, b, t);
  }
  const unhedged = y.subarray(firstHeld);
  if (!(variance(unhedged) > 0)) return notEstimable(`${target} did not move over the held periods: a variance reduction is undefined`);
  const outOfSampleVarianceReduction = 1 - variance(hedged) / variance(unhedged);
  const hedgeErrorVolatility = Math.sqrt(variance(hedged) * TRADING_DAYS);
  const returnDate = (t: number) => dates[t + 1]!;

  const episodes: OutOfSample['episodes'] = [];
  for (const ep of EPISODES) {
    const inside: number[] = [];
    for (let t = firstHeld; t < n; t++) if (returnDate(t) >= ep.from && returnDate(t) <= ep.to) inside.push(t - firstHeld);
    if (inside.length < MIN_EPISODE_DAYS) continue;
    const h = Float64Array.from(inside, (i) => hedged[i]!);
    const u = Float64Array.from(inside, (i) => unhedged[i]!);
    if (!(variance(u) > 0)) continue;
    episodes.push({
      name: ep.name, from: returnDate(inside[0]! + firstHeld), to: returnDate(inside[inside.length - 1]! + firstHeld),
      outOfSampleVarianceReduction: 1 - variance(h) / variance(u),
    });
  }

  const ratioPath = fits.map((f, j) => ({ date: returnDate(n - 1 - j * stepDays), ratios: Array.from(f.ratios), stdErrors: Array.from(f.stdErrors) })).reverse();
  const latest = fits[0]!;
  const lastStart = n - windowDays;
  const breaks = breakTests(y, xs, fits, { n, windowDays, stepDays, periods, lastStart, returnDate, instruments });

  const measured: Measured = {
    windowDays, stepDays, from: returnDate(firstHeld), to: returnDate(n - 1), periods,
    inSampleVarianceReduction: latest.rSquared, outOfSampleVarianceReduction, hedgeErrorVolatility, ratioPath, breaks, episodes,
    maxDrawdown: {
      unhedged: maxDrawdown(unhedged, estimation.returns === 'log'), hedged: maxDrawdown(hedged, estimation.returns === 'log'),
      unit: estimation.returns === 'log' ? 'fraction' : 'price',
    },
  };
  return estimated({ ...measured, reliability: reliability(measured), warnings: warnings(measured, target, instruments) });
}

/** Largest peak-to-trough fall of the path the daily increments trace: of value (1 − e^{trough −
 *  peak}) for log returns, in price units for price changes. */
export function maxDrawdown(increments: Float64Array, log: boolean): number {
  let level = 0;
  let peak = 0;
  let worst = 0;
  for (let t = 0; t < increments.length; t++) {
    level += increments[t]!;
    peak = Math.max(peak, level);
    worst = Math.max(worst, log ? 1 - Math.exp(level - peak) : peak - level);
  }
  return worst;
}

/** Everything but the verdicts drawn from it. */
type Measured = Omit<OutOfSample, 'reliability' | 'warnings'>;

type Fit = { ratios: Float64Array; stdErrors: Float64Array; rSquared: number };

/** Ratios on returns [from, to): OLS (one instrument) or NNLS on demeaned data (basket.ts). The
 *  standard errors are those of the unconstrained OLS of the same regression (for NNLS a guide
 *  to the sampling noise of the weights, not an exact figure for a constrained estimator). */
function estimate(method: HedgeEstimation['method'], y: Float64Array, xs: readonly Float64Array[], from: number, to: number): Estimate<Fit> {
  const yw = y.subarray(from, to);
  const xw = xs.map((x) => x.subarray(from, to));
  if (method === 'ols') {
    const fit = olsRegression(yw, xw[0]!);
    if (!fit.ok) return fit;
    const f = fit.value;
    return estimated({ ratios: Float64Array.of(f.slope), stdErrors: Float64Array.of(f.slopeStdError), rSquared: f.rSquared });
  }
  const yd = demeaned(yw);
  const xd = xw.map(demeaned);
  const fit = nnls(xd, yd);
  if (!fit.ok) return fit;
  const tss = variance(yd) * (yd.length - 1);
  const se = olsStandardErrors(yd, xd);
  if (!se.ok) return se;
  return estimated({ ratios: fit.value.weights, stdErrors: se.value, rSquared: 1 - fit.value.residualSumOfSquares / tss });
}

/** √diag(s²(X̃ᵀX̃)⁻¹) of the OLS of demeaned y on demeaned columns, s² = SSR/(n − p − 1). */
function olsStandardErrors(y: Float64Array, xs: readonly Float64Array[]): Estimate<Float64Array> {
  const p = xs.length;
  const n = y.length;
  const g = new Float64Array(p * p);
  const c = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    for (let t = 0; t < n; t++) c[i] = c[i]! + xs[i]![t]! * y[t]!;
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += xs[i]![t]! * xs[j]![t]!;
      g[i * p + j] = s;
      g[j * p + i] = s;
    }
  }
  const inv = invertSymmetric(g, p);
  if (inv === null) return notEstimable('the hedge instruments are collinear over the window');
  const b = new Float64Array(p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) b[i] = b[i]! + inv[i * p + j]! * c[j]!;
  let ssr = 0;
  for (let t = 0; t < n; t++) {
    let e = y[t]!;
    for (let i = 0; i < p; i++) e -= b[i]! * xs[i]![t]!;
    ssr += e * e;
  }
  const s2 = ssr / (n - p - 1);
  return estimated(Float64Array.from({ length: p }, (_, i) => Math.sqrt(s2 * inv[i * p + i]!)));
}

/** Inverse of a symmetric positive definite p × p matrix by Gauss–Jordan with the diagonal as
 *  pivots (fine for the few instruments of a basket), or null when it is singular. */
function invertSymmetric(g: Float64Array, p: number): Float64Array | null {
  const a = Float64Array.from(g);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  for (let col = 0; col < p; col++) {
    const pivot = a[col * p + col]!;
    if (!(pivot > 1e-12 * g[col * p + col]!)) return null;
    for (let j = 0; j < p; j++) { a[col * p + j] = a[col * p + j]! / pivot; inv[col * p + j] = inv[col * p + j]! / pivot; }
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r * p + col]!;
      for (let j = 0; j < p; j++) { a[r * p + j] = a[r * p + j]! - f * a[col * p + j]!; inv[r * p + j] = inv[r * p + j]! - f * inv[col * p + j]!; }
    }
  }
  return inv;
}

function hedgedReturn(y: Float64Array, xs: readonly Float64Array[], b: Float64Array, t: number): number {
  let h = y[t]!;
  for (let i = 0; i < xs.length; i++) h -= b[i]! * xs[i]![t]!;
  return h;
}

type Schedule = {
  n: number; windowDays: number; stepDays: number; periods: number; lastStart: number;
  returnDate: (t: number) => string; instruments: readonly string[];
};

/** CUSUM and sup-F on the last window's regression (the one that sizes the hedge), and the drift
 *  of the ratios over the last year of the path (the estimate closest to 252 days before the
 *  last one, or the oldest when the path is shorter). */
function breakTests(y: Float64Array, xs: readonly Float64Array[], fits: readonly Fit[], s: Schedule): BreakTest[] {
  const out: BreakTest[] = [];
  const yw = y.subarray(s.lastStart);
  const xw = xs.map((x) => x.subarray(s.lastStart));
  const window = `${s.returnDate(s.lastStart)} … ${s.returnDate(s.n - 1)}`;
  const cusum = recursiveCusumTest(yw, xw);
  if (cusum.ok) {
    const c = cusum.value;
    const at = c.crossingIndex ?? c.peakIndex;
    out.push({
      test: 'cusum', statistic: c.statistic, critical: c.critical, pValue: c.pValue, date: s.returnDate(s.lastStart + at), flagged: c.flagged,
      detail: c.flagged
        ? `The cumulated one-step forecast errors of the hedge regression (Brown–Durbin–Evans CUSUM) leave their 5 % band on ${s.returnDate(s.lastStart + at)}: the relationship drifted within the estimation window ${window}.`
        : `The cumulated one-step forecast errors of the hedge regression stay inside their 5 % band over ${window} (largest excursion ${(100 * c.statistic / c.critical).toFixed(0)} % of the band).`,
    });
  }
  const supF = supFTest(yw, xw, 'hc0');
  if (supF.ok) {
    const f = supF.value;
    const date = s.returnDate(s.lastStart + f.breakIndex);
    out.push({
      test: 'chow', statistic: f.statistic, critical: f.critical, date, flagged: f.flagged,
      detail: f.flagged
        ? `A Chow test at the most likely break date, ${date}, rejects one relationship for the whole window ${window} (sup-F ${f.statistic.toFixed(2)} > ${f.critical} at 5 %, heteroskedasticity-robust): the ratio was not the same before and after.`
        : `No break in the hedge regression over ${window}: the largest Chow statistic (sup-F ${f.statistic.toFixed(2)}, at ${date}) is below its 5 % critical value ${f.critical}.`,
    });
  }
  const back = Math.min(s.periods, Math.max(1, Math.round(TRADING_DAYS / s.stepDays)));
  const endAfter = s.n;
  const endBefore = s.n - back * s.stepDays;
  const windowOf = (end: number, f: Fit) => ({ start: end - s.windowDays, end, estimates: Array.from(f.ratios), stdErrors: Array.from(f.stdErrors) });
  const drift = driftTest(xs, windowOf(endBefore, fits[back]!), windowOf(endAfter, fits[0]!));
  if (drift.ok) {
    const d = drift.value;
    const j = d.slope;
    const symbol = s.instruments[j]!;
    const before = fits[back]!.ratios[j]!;
    const after = fits[0]!.ratios[j]!;
    const date = s.returnDate(endBefore - 1);
    const moved = `The ${symbol} ratio ${after < before ? 'fell' : 'rose'} from ${before.toFixed(2)} on ${date} to ${after.toFixed(2)} on ${s.returnDate(endAfter - 1)}`;
    out.push({
      test: 'drift', statistic: d.statistic, critical: d.critical, pValue: d.pValue, date, flagged: d.flagged,
      detail: `${moved}, ${Math.abs(d.z[j]!).toFixed(1)} standard errors of the change (${d.flagged ? 'beyond' : 'within'} the 5 % limit of ${d.critical.toFixed(2)}).`,
    });
  }
  return out;
}

function reliability(r: Measured): OutOfSample['reliability'] {
  const gap = r.inSampleVarianceReduction - r.outOfSampleVarianceReduction;
  if (r.outOfSampleVarianceReduction < 0.25 || gap > 0.3) return 'poor';
  if (r.outOfSampleVarianceReduction >= 0.5 && gap <= 0.15 && !r.breaks.some((b) => b.flagged)) return 'good';
  return 'fair';
}

function warnings(r: Measured, target: string, instruments: readonly string[]): string[] {
  const out: string[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const oos = r.outOfSampleVarianceReduction;
  const hedge = instruments.join('/');
  if (oos < 0) {
    out.push(`Held out of sample, the ${hedge} hedge added risk: ${target}'s variance rose ${pct(-oos)} over ${r.from} … ${r.to} (in sample it removed ${pct(r.inSampleVarianceReduction)}).`);
  } else if (r.inSampleVarianceReduction - oos > 0.15) {
    out.push(`Out of sample the ${hedge} hedge removed ${pct(oos)} of ${target}'s variance against ${pct(r.inSampleVarianceReduction)} in sample (${r.from} … ${r.to}, re-estimated every ${r.stepDays} days).`);
  }
  for (const b of r.breaks) if (b.flagged) out.push(b.detail);
  for (const e of r.episodes) {
    if (e.outOfSampleVarianceReduction < oos - 0.2) {
      out.push(`In the ${e.name} (${e.from} … ${e.to}) the hedge removed only ${pct(e.outOfSampleVarianceReduction)} of the variance, against ${pct(oos)} over all held periods.`);
    }
  }
  return out;
}

function checkEstimation(e: HedgeEstimation): void {
  if (e.instruments.length === 0) throw new InputError({ file: 'estimation.instruments', expected: 'at least one hedge instrument' });
  if (e.method === 'ols' && e.instruments.length !== 1) {
    throw new InputError({ file: 'estimation.instruments', value: e.instruments.join(','), expected: "exactly one instrument for method 'ols' (use 'nnls' for a basket)" });
  }
  if (e.ratios.length !== e.instruments.length) {
    throw new InputError({ file: 'estimation.ratios', value: String(e.ratios.length), expected: `one ratio per instrument (${e.instruments.length})` });
  }
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InputError({ file: name, value: String(value), expected: `a whole number of trading days, ${min} or more` });
  }
}

/** The date `years` calendar years before `iso`: whole years by the calendar (29 February → 28
 *  February), a fraction of a year as round(fraction × 365) days. */
export function yearsBefore(iso: string, years: number): string {
  const whole = Math.floor(years);
  const year = Number(iso.slice(0, 4)) - whole;
  let day = iso.slice(8, 10);
  const month = iso.slice(5, 7);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === '02' && day === '29' && !leap) day = '28';
  const shifted = `${String(year).padStart(4, '0')}-${month}-${day}`;
  return isoFromDayNumber(isoDayNumber(shifted) - Math.round((years - whole) * 365));
}

function demeaned(x: Float64Array): Float64Array {
  const m = mean(x);
  return x.map((v) => v - m);
}
