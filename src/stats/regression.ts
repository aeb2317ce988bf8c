// Simple linear regression with intercept, y = a + b·x + e, by ordinary least squares, with the
// conventions of statsmodels OLS (`sm.OLS(y, sm.add_constant(x)).fit()`): residual variance
// `scale` = SSR / (n − 2), standard errors from scale·(XᵀX)⁻¹, R² = 1 − SSR / TSS (centred).
// Formulas: Greene, Econometric Analysis, 8th ed., §3.2 and §4.3 (the two-regressor case
// written out with Sxx = Σ(x−x̄)², Sxy = Σ(x−x̄)(y−ȳ)).

import { isConstant, mean, sumCrossDeviations, sumSquaredDeviations } from './descriptive.js';
import { estimated, notEstimable, type Estimate } from './result.js';

export type OlsFit = {
  slope: number;
  intercept: number;
  /** √(scale / Sxx). */
  slopeStdError: number;
  /** √(scale · (1/n + x̄² / Sxx)). */
  interceptStdError: number;
  /** 1 − SSR/TSS; 0 ≤ R² ≤ 1. */
  rSquared: number;
  /** √(SSR / (n − 2)), the standard deviation of the residuals with n − 2 degrees of freedom
   *  (statsmodels `np.sqrt(fit.scale)`), in the units of y per period. */
  residualStdDev: number;
  /** slope / slopeStdError (test of slope = 0, n − 2 dof). `null` when the fit is exact
   *  (zero residuals): the statistic is unbounded and JSON has no infinity. */
  tSlope: number | null;
  n: number;
};

/** OLS of y on x with intercept. Equal lengths (RangeError otherwise). Not estimable with fewer
 *  than 3 observations (no residual degrees of freedom), a constant x (slope undefined) or a
 *  constant y (R² is 0/0). */
export function olsRegression(y: Float64Array, x: Float64Array): Estimate<OlsFit> {
  if (x.length !== y.length) throw new RangeError(`series lengths differ: ${y.length} vs ${x.length}`);
  const n = x.length;
  if (n < 3) return notEstimable(`regression needs at least 3 observations, got ${n}`);
  if (isConstant(x)) return notEstimable('regression slope is undefined: the regressor is constant');
  if (isConstant(y)) return notEstimable('R² is undefined: the dependent series is constant');

  const mx = mean(x);
  const my = mean(y);
  const sxx = sumSquaredDeviations(x, mx);
  const sxy = sumCrossDeviations(x, mx, y, my);
  const tss = sumSquaredDeviations(y, my);
  // Squares of deviations can underflow to 0 for non-constant (subnormal) data.
  if (!(sxx > 0 && tss > 0)) return notEstimable('regression is undefined: a series has no measurable variance');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  // SSR from the residuals themselves rather than TSS − b·Sxy, which cancels catastrophically
  // when R² is close to 1.
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i]! - intercept - slope * x[i]!;
    ssr += e * e;
  }
  const scale = ssr / (n - 2);
  const slopeStdError = Math.sqrt(scale / sxx);
  return estimated({
    slope,
    intercept,
    slopeStdError,
    interceptStdError: Math.sqrt(scale * (1 / n + (mx * mx) / sxx)),
    rSquared: Math.min(1, Math.max(0, 1 - ssr / tss)),
    residualStdDev: Math.sqrt(scale),
    tSlope: slopeStdError > 0 ? slope / slopeStdError : null,
    n,
  });
}

/** Minimum-variance hedge ratio h* = Cov(t, h) / Var(h) = ρ·σ_t/σ_h: the OLS slope (with
 *  intercept) of the target's returns on the hedge's returns, i.e. units of hedge value to sell
 *  per unit of target value. Hull, Options, Futures and Other Derivatives, ch. 3 ("Cross
 *  hedging"). Use log returns for equities and price differences for anything that can go
 *  negative (DESIGN.md). Equal lengths; not estimable with fewer than 2 observations or a
 *  constant hedge series. A constant target gives h* = 0, a valid answer. */
export function minimumVarianceRatio(target: Float64Array, hedge: Float64Array): Estimate<number> {
  if (target.length !== hedge.length) {
    throw new RangeError(`series lengths differ: ${target.length} vs ${hedge.length}`);
  }
  if (hedge.length < 2) return notEstimable(`hedge ratio needs at least 2 observations, got ${hedge.length}`);
  if (isConstant(hedge)) return notEstimable('hedge ratio is undefined: the hedge series is constant');
  const mh = mean(hedge);
  const shh = sumSquaredDeviations(hedge, mh);
  if (!(shh > 0)) return notEstimable('hedge ratio is undefined: the hedge series has no measurable variance');
  return estimated(sumCrossDeviations(hedge, mh, target, mean(target)) / shh);
}
