// Sample statistics over Float64Array. Two-pass algorithms (mean first, then sums of
// deviations), which keep full precision when the mean is large relative to the spread
// (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample variance"); this is also
// what numpy.var/numpy.cov do, so results agree with numpy to rounding.
//
// Lengths are preconditions (a programming error, RangeError): the caller knows how many
// observations it has. A constant series is valid data, so correlation, whose value is then
// undefined, returns an Estimate with a reason instead of NaN.

import { estimated, notEstimable, type Estimate } from './result.js';

/** Arithmetic mean; requires n ≥ 1. */
export function mean(x: Float64Array): number {
  requireLength(x.length, 1, 'mean');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Sample variance with n − 1 in the denominator (ddof = 1, numpy.var(x, ddof=1)); n ≥ 2. */
export function variance(x: Float64Array): number {
  requireLength(x.length, 2, 'variance');
  return sumSquaredDeviations(x, mean(x)) / (x.length - 1);
}

/** √variance (ddof = 1); n ≥ 2. */
export function standardDeviation(x: Float64Array): number {
  return Math.sqrt(variance(x));
}

/** Sample covariance with n − 1 in the denominator (numpy.cov(x, y)[0, 1]); equal lengths, n ≥ 2. */
export function covariance(x: Float64Array, y: Float64Array): number {
  requireSameLength(x, y);
  requireLength(x.length, 2, 'covariance');
  return sumCrossDeviations(x, mean(x), y, mean(y)) / (x.length - 1);
}

/** Pearson correlation (numpy.corrcoef(x, y)[0, 1]); equal lengths, n ≥ 2. Not estimable when
 *  either series is constant (0/0). Clamped to [−1, 1] against rounding only. */
export function correlation(x: Float64Array, y: Float64Array): Estimate<number> {
  requireSameLength(x, y);
  requireLength(x.length, 2, 'correlation');
  if (isConstant(x) || isConstant(y)) {
    return notEstimable('correlation is undefined: one of the series is constant');
  }
  const mx = mean(x);
  const my = mean(y);
  // √Sxx·√Syy rather than √(Sxx·Syy): the product can underflow or overflow when the factors don't.
  const denominator = Math.sqrt(sumSquaredDeviations(x, mx)) * Math.sqrt(sumSquaredDeviations(y, my));
  // Deviations so small that their squares underflow (subnormal data) leave nothing to divide by.
  if (!(denominator > 0)) return notEstimable('correlation is undefined: a series has no measurable variance');
  const r = sumCrossDeviations(x, mx, y, my) / denominator;
  return estimated(Math.min(1, Math.max(-1, r)));
}

/** Sample standard deviation of log returns scaled by √periodsPerYear (square-root-of-time
 *  rule for i.i.d. returns), as an annualised decimal (0.25 = 25 %). 252 trading days by
 *  default; use 52 for weekly, 12 for monthly data. */
export function annualisedVolatility(logReturns: Float64Array, periodsPerYear = 252): number {
  return standardDeviation(logReturns) * Math.sqrt(periodsPerYear);
}

/** Σ (x_i − m)². */
export function sumSquaredDeviations(x: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - m;
    s += d * d;
  }
  return s;
}

/** Σ (x_i − mx)(y_i − my). */
export function sumCrossDeviations(x: Float64Array, mx: number, y: Float64Array, my: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - mx) * (y[i]! - my);
  return s;
}

/** True when every element equals the first exactly. Exact equality on purpose: any real
 *  variation, however small, is data, and rounding of the mean cannot create variation that
 *  is not there because this test does not use the mean. */
export function isConstant(x: Float64Array): boolean {
  const first = x[0];
  for (let i = 1; i < x.length; i++) if (x[i] !== first) return false;
  return true;
}

function requireLength(n: number, min: number, what: string): void {
  if (n < min) throw new RangeError(`${what} needs at least ${min} observation(s), got ${n}`);
}

function requireSameLength(x: Float64Array, y: Float64Array): void {
  if (x.length !== y.length) {
    throw new RangeError(`series lengths differ: ${x.length} vs ${y.length}`);
  }
}
