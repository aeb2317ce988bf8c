// Parametric (variance–covariance) VaR and ES, normal and Student-t. These are model figures,
// not scenario statistics: every result carries a `method` label saying so, and reports must
// print it next to the numbers (DESIGN.md "Parametric and Monte Carlo figures say so").
//
// Losses L = −P&L with mean −μ and standard deviation σ. For a location-scale family with
// standardised (zero-mean, unit-variance) quantile q*_α and tail mean e*_α:
//   VaR_α = −μ + σ·q*_α,   ES_α = −μ + σ·e*_α.
//   normal:     q* = Φ⁻¹(α),  e* = φ(q*)/(1 − α)
//   Student-t:  with q = t_ν⁻¹(α) and g_ν its density, the standard t has
//               ES = g_ν(q)/(1 − α)·(ν + q²)/(ν − 1)  (McNeil, Frey & Embrechts, Quantitative Risk
//               Management, 2005, Example 2.19), and unit variance needs the factor
//               c = √((ν − 2)/ν): q* = c·q, e* = c·ES (ν > 2).
// Euler components of the variance–covariance figures are exact: with exposures w (currency),
// horizon covariance Σ and σ_P = √(wᵀΣw),  C_i = −w_i·m_i + w_i(Σw)_i/σ_P·q*  (Garman 1997,
// "Taking VaR to pieces", Risk 10(10); Tasche 2000 §5), and they sum to the total exactly.
//
// The Student-t distribution function is computed from the regularised incomplete beta function,
//   P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½)  for t ≥ 0  (Abramowitz & Stegun 26.7.1 with 26.5.27),
// by its continued fraction (Numerical Recipes 3rd ed. §6.4, modified Lentz), and inverted by
// Newton's method safeguarded by bisection.

import type { SymmetricMatrix } from '../stats/covariance.js';
import { mean, standardDeviation } from '../stats/descriptive.js';
import { estimated, notEstimable, type Estimate } from '../stats/result.js';
import { logGamma, regularizedIncompleteBeta } from '../stats/special.js';
import { fitStudentT } from '../stats/student-t.js';
import { normInv, normPdf } from '../pricing/special.js';
import { DEFAULT_RISK_LEVELS, type LevelValue } from './risk-metrics.js';

export type ParametricDistribution = { kind: 'normal' } | { kind: 't'; degreesOfFreedom: number };

/** Density of the standard Student-t with ν > 0 degrees of freedom. */
export function studentTPdf(t: number, nu: number): number {
  return Math.exp(logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - ((nu + 1) / 2) * Math.log1p((t * t) / nu));
}

/** P(T > t) for t ≥ 0 under the standard Student-t with ν degrees of freedom. */
function upperTail(t: number, nu: number): number {
  const t2 = t * t;
  return 0.5 * regularizedIncompleteBeta(nu / (nu + t2), t2 / (nu + t2), nu / 2, 0.5);
}

/** Distribution function of the standard Student-t (scipy.stats.t.cdf). */
export function studentTCdf(t: number, nu: number): number {
  return t >= 0 ? 1 - upperTail(t, nu) : upperTail(-t, nu);
}

/** Quantile t_ν⁻¹(p) of the standard Student-t, 0 < p < 1, ν > 0 (scipy.stats.t.ppf). */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${p}`);
  if (!(nu > 0)) throw new RangeError(`degrees of freedom must be positive, got ${nu}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  const target = 1 - p;
  // Bracket [lo, hi] with upperTail(lo) ≥ target > upperTail(hi).
  let lo = 0;
  let hi = Math.max(1, normInv(p));
  while (upperTail(hi, nu) >= target) {
    lo = hi;
    hi *= 2;
  }
  let t = Math.min(Math.max(normInv(p), lo), hi);
  for (let iteration = 0; iteration < 200; iteration++) {
    const f = upperTail(t, nu) - target;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / studentTPdf(t, nu);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-15 * Math.abs(next) || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}

/** Standardised (zero-mean, unit-variance) VaR and ES multipliers q*_α and e*_α. ν > 2 for t. */
export function standardisedTail(level: number, distribution: ParametricDistribution): { varMultiplier: number; esMultiplier: number } {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  if (distribution.kind === 'normal') {
    const z = normInv(level);
    return { varMultiplier: z, esMultiplier: normPdf(z) / (1 - level) };
  }
  const nu = distribution.degreesOfFreedom;
  if (!(nu > 2)) throw new RangeError(`unit-variance Student-t needs ν > 2, got ${nu}`);
  const q = studentTQuantile(level, nu);
  const c = Math.sqrt((nu - 2) / nu);
  return { varMultiplier: c * q, esMultiplier: (c * studentTPdf(q, nu) * (nu + q * q)) / ((nu - 1) * (1 - level)) };
}

export type ParametricRisk = {
  /** e.g. "parametric normal (mean and standard deviation of 747 scenario P&Ls)". */
  method: string;
  /** Mean P&L and its standard deviation the figures come from (currency). */
  meanPnl: number;
  volatility: number;
  var: LevelValue[];
  es: LevelValue[];
};

/** Parametric VaR/ES of a P&L with the given mean and standard deviation (currency). */
export function parametricVarEs(
  meanPnl: number, volatility: number, distribution: ParametricDistribution, levels: readonly number[] = DEFAULT_RISK_LEVELS,
  method = `parametric ${distributionName(distribution)}`,
): ParametricRisk {
  const tails = levels.map((level) => ({ level, ...standardisedTail(level, distribution) }));
  return {
    method, meanPnl, volatility,
    var: tails.map((t) => ({ level: t.level, value: -meanPnl + volatility * t.varMultiplier })),
    es: tails.map((t) => ({ level: t.level, value: -meanPnl + volatility * t.esMultiplier })),
  };
}

/** Parametric VaR/ES fitted to a P&L sample: normal from its mean and standard deviation
 *  (ddof = 1); Student-t with a given ν (> 2) moment-matched to them; or, without ν, the
 *  maximum-likelihood location-scale t (src/stats/student-t.ts), whose figures are
 *  −m + s·t_ν⁻¹(α) and −m + s·g_ν(q)(ν + q²)/((ν − 1)(1 − α)). Not estimable when the t fit is not,
 *  or when the fitted ν ≤ 1 (the mean, hence ES, does not exist). */
export function parametricFromPnl(
  pnl: Float64Array, distribution: 'normal' | 't', options: { degreesOfFreedom?: number; levels?: readonly number[] } = {},
): Estimate<ParametricRisk> {
  const levels = options.levels ?? DEFAULT_RISK_LEVELS;
  if (pnl.length < 2) return notEstimable(`parametric figures need at least 2 P&L values, got ${pnl.length}`);
  const m = mean(pnl);
  const sd = standardDeviation(pnl);
  const source = `mean and standard deviation of ${pnl.length} scenario P&Ls`;
  if (distribution === 'normal') return estimated(parametricVarEs(m, sd, { kind: 'normal' }, levels, `parametric normal (${source})`));
  const nu = options.degreesOfFreedom;
  if (nu !== undefined) {
    if (!(nu > 2)) throw new RangeError(`moment-matched Student-t needs ν > 2, got ${nu}`);
    return estimated(parametricVarEs(m, sd, { kind: 't', degreesOfFreedom: nu }, levels, `parametric Student-t (ν = ${nu} given; ${source})`));
  }
  const fit = fitStudentT(pnl);
  if (!fit.ok) return notEstimable(fit.reason);
  const { degreesOfFreedom: v, location, scale } = fit.value;
  if (!(v > 1)) return notEstimable(`the fitted Student-t has ν = ${v.toFixed(2)} ≤ 1: its mean, hence ES, does not exist`);
  const figures = levels.map((level) => {
    const q = studentTQuantile(level, v);
    return {
      level,
      var: -location + scale * q,
      es: -location + (scale * studentTPdf(q, v) * (v + q * q)) / ((v - 1) * (1 - level)),
    };
  });
  return estimated({
    method: `parametric Student-t (maximum likelihood: ν = ${v.toFixed(2)}, location ${location.toPrecision(4)}, scale ${scale.toPrecision(4)}; ${pnl.length} scenario P&Ls)`,
    meanPnl: m, volatility: sd,
    var: figures.map((f) => ({ level: f.level, value: f.var })),
    es: figures.map((f) => ({ level: f.level, value: f.es })),
  });
}

export type VarianceCovarianceInput = {
  names: readonly string[];
  /** Delta-equivalent exposure of each component in currency (P&L ≈ Σ w_i·r_i). */
  exposures: Float64Array;
  /** Covariance of the components' returns over the horizon (e.g. h × daily). */
  covariance: SymmetricMatrix;
  /** Mean return of each component over the horizon; default zero. */
  meanReturns?: Float64Array;
  distribution: ParametricDistribution;
  levels?: readonly number[];
};

export type VarianceCovarianceRisk = {
  method: string;
  /** σ_P = √(wᵀΣw), currency. */
  volatility: number;
  meanPnl: number;
  levels: {
    level: number;
    var: number;
    es: number;
    /** Euler components, exactly additive: Σ componentVar = var, Σ componentEs = es. */
    components: { name: string; componentVar: number; componentEs: number }[];
  }[];
};

/** Variance–covariance VaR and ES of a linear portfolio with exact Euler components (see the
 *  file comment). Not estimable when σ_P = 0 (no risk to allocate). */
export function varianceCovarianceRisk(input: VarianceCovarianceInput): Estimate<VarianceCovarianceRisk> {
  const k = input.exposures.length;
  if (input.covariance.size !== k || input.names.length !== k) {
    throw new RangeError(`exposures (${k}), names (${input.names.length}) and covariance (${input.covariance.size}) differ in size`);
  }
  const w = input.exposures;
  const sigmaW = new Float64Array(k);
  let variance = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += input.covariance.values[i * k + j]! * w[j]!;
    sigmaW[i] = s;
    variance += w[i]! * s;
  }
  if (!(variance > 0)) return notEstimable('the portfolio has zero variance under this covariance: there is no risk to allocate');
  const volatility = Math.sqrt(variance);
  const meanReturns = input.meanReturns ?? new Float64Array(k);
  let meanPnl = 0;
  for (let i = 0; i < k; i++) meanPnl += w[i]! * meanReturns[i]!;
  const levels = (input.levels ?? DEFAULT_RISK_LEVELS).map((level) => {
    const { varMultiplier, esMultiplier } = standardisedTail(level, input.distribution);
    const components = input.names.map((name, i) => {
      const drift = -w[i]! * meanReturns[i]!;
      const beta = (w[i]! * sigmaW[i]!) / volatility;
      return { name, componentVar: drift + beta * varMultiplier, componentEs: drift + beta * esMultiplier };
    });
    return { level, var: -meanPnl + volatility * varMultiplier, es: -meanPnl + volatility * esMultiplier, components };
  });
  return estimated({ method: `parametric ${distributionName(input.distribution)} (variance–covariance, delta-linear)`, volatility, meanPnl, levels });
}

function distributionName(d: ParametricDistribution): string {
  return d.kind === 'normal' ? 'normal' : `Student-t (ν = ${d.degreesOfFreedom})`;
}
