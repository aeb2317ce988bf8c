// Is the hedge regression y_t = c + Σ_j b_j·x_jt + e_t stable over time? Four tests, each with its
// 5 % decision rule:
//   • CUSUM of recursive residuals (Brown, Durbin & Evans 1975): sensitive to a drift in the
//     regression's level (intercept), weak against a change in a slope when the regressors have
//     mean zero (Krämer, Ploberger & Alt 1988) — which daily returns do;
//   • OLS-CUSUM (Ploberger & Krämer 1992): the same idea on the full-sample OLS residuals;
//   • Chow's F test at a given break date, and its supremum over all dates in the middle 70 % of
//     the sample (Quandt's likelihood-ratio statistic, critical values of Andrews 1993): the test
//     with power against a change in the hedge ratio itself;
//   • drift of an estimated ratio between two (possibly overlapping) windows against the
//     standard error of the difference.
// Kernels: y and the regressor columns are finite and of equal length (RangeError otherwise). An
// intercept is always included. Columns are centred on their full-sample means before any moment
// is accumulated; every statistic here is invariant to that shift because of the intercept, and
// the cross-product sums keep their precision.

import { normCdf, normInv } from '../pricing/special.js';
import { cholesky } from '../scenarios/linalg.js';
import { estimated, notEstimable, type Estimate } from '../stats/result.js';
import { regularizedIncompleteBeta } from '../stats/special.js';

/** Brown, Durbin & Evans (1975), §2.3: the CUSUM path crosses the lines ±a(√N + 2m/√N) with
 *  probability 5 % under the null when a = 0.948 (1 % at 1.143, 10 % at 0.850). */
export const CUSUM_A_5 = 0.948;

/** 0.95 quantile of the Kolmogorov distribution (the supremum of a Brownian bridge), the 5 %
 *  critical value of the OLS-CUSUM statistic (Ploberger & Krämer 1992 quote 1.36;
 *  scipy.stats.kstwobign.isf(0.05) = 1.35810). */
export const OLS_CUSUM_CRITICAL_5 = 1.3581;

/** Share of the sample trimmed at each end when searching for a break date. */
export const SUP_F_TRIM = 0.15;

/** 5 % critical values of the sup-F (QLR) statistic in F form (sup-Wald / q) with 15 % trimming,
 *  for q = 1…10 coefficients tested: Stock & Watson, Introduction to Econometrics (2003), from
 *  Andrews (1993) as corrected in Andrews (2003); the same table gretl uses for its QLR test. */
const SUP_F_CRITICAL_5 = [8.68, 5.86, 4.71, 4.09, 3.66, 3.37, 3.15, 2.98, 2.84, 2.71] as const;

/** 'classical': homoskedastic errors (Chow 1960). 'hc0': White's heteroskedasticity-consistent
 *  covariance per segment, the Wald form W/q referred to F(q, n − 2k) — for daily returns, whose
 *  error variance moves with market volatility. */
export type CovarianceKind = 'classical' | 'hc0';

export type CusumTest = {
  /** max_m |W_m| / (√N + 2m/√N): the smallest a whose lines the path reaches. */
  statistic: number;
  /** CUSUM_A_5. */
  critical: number;
  /** Probability of a crossing that far out under the null (see `cusumCrossingProbability`). */
  pValue: number;
  flagged: boolean;
  /** Observation index of the first recursive residual (k when the first k rows are regular). */
  firstIndex: number;
  /** W_m = Σ_{i ≤ m} w_i / σ̂ for m = 1…N, σ̂ the standard deviation (ddof 1) of the recursive
   *  residuals w (statsmodels' and gretl's convention; Brown, Durbin & Evans used the full-sample
   *  residual variance, which a drift in the residuals' mean inflates). */
  path: Float64Array;
  /** Observation index of the first point outside the 5 % lines, or null. */
  crossingIndex: number | null;
  /** Observation index where the statistic is attained. */
  peakIndex: number;
};

export type OlsCusumTest = {
  /** sup_t |Σ_{s ≤ t} e_s| / √(n·σ̂²), σ̂² = SSR/(n − k). */
  statistic: number;
  critical: number;
  pValue: number;
  flagged: boolean;
  peakIndex: number;
};

export type ChowTest = {
  /** F form: the classical Chow F, or the robust Wald statistic divided by k. */
  statistic: number;
  dfNumerator: number;
  dfDenominator: number;
  pValue: number;
  /** First observation of the second segment. */
  breakIndex: number;
  covariance: CovarianceKind;
};

export type SupFTest = {
  /** Largest Chow statistic (F form) over the candidate break dates. */
  statistic: number;
  /** Where it is attained: the first observation of the second segment. */
  breakIndex: number;
  /** 5 % critical value for k coefficients and 15 % trimming. */
  critical: number;
  flagged: boolean;
  /** Candidates searched: breakIndex in [firstCandidate, lastCandidate]. */
  firstCandidate: number;
  lastCandidate: number;
  covariance: CovarianceKind;
};

/** An estimate of the slopes on one window [start, end) of the observations. */
export type WindowEstimate = { start: number; end: number; estimates: readonly number[]; stdErrors: readonly number[] };

export type DriftTest = {
  /** Largest |z| over the slopes, z_j = (after_j − before_j) / se(after_j − before_j). */
  statistic: number;
  /** Two-sided 5 % normal critical value, Bonferroni-corrected for the number of slopes. */
  critical: number;
  /** Bonferroni two-sided p-value of `statistic` (capped at 1). */
  pValue: number;
  flagged: boolean;
  /** Index of the slope where the statistic is attained. */
  slope: number;
  difference: number[];
  stdError: number[];
  z: number[];
  /** Correlation of the two estimates of each slope from the shared observations. */
  correlation: number[];
};

/** Brown, Durbin & Evans (1975) recursive residuals: w_r = (y_r − x_rᵀb_{r−1}) / √(1 + x_rᵀ(X_{r−1}ᵀX_{r−1})⁻¹x_r),
 *  b_{r−1} the OLS fit on the observations before r. They start at the first r for which those
 *  observations determine the fit (r = k with regular data, k = regressors + 1). Under the null
 *  they are independent N(0, σ²), and Σ w_r² equals the full-sample SSR. Each step solves the
 *  k × k normal equations afresh by Cholesky (no rank-one downdating to drift). */
export function recursiveResiduals(y: Float64Array, xs: readonly Float64Array[]): Estimate<{ firstIndex: number; residuals: Float64Array }> {
  const d = design(y, xs);
  const { k, n } = d;
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  const row = new Float64Array(k);
  const residuals = new Float64Array(Math.max(0, n - k));
  let firstIndex = -1;
  let count = 0;
  for (let r = 0; r < n; r++) {
    d.row(r, row);
    if (r >= k) {
      const l = cholesky({ size: k, values: xtx }, REGRESSOR_PIVOT);
      if (l !== null) {
        if (firstIndex < 0) firstIndex = r;
        const b = solveCholesky(l, k, xty);
        const z = forwardSubstitute(l, k, row);
        let f = 1;
        for (let i = 0; i < k; i++) f += z[i]! * z[i]!;
        residuals[count++] = (d.y[r]! - dot(row, b, k)) / Math.sqrt(f);
      }
    }
    addOuter(xtx, xty, row, d.y[r]!, k);
  }
  if (firstIndex < 0 || count < 3) {
    return notEstimable(`recursive residuals need more than ${k + 2} observations with regressors that vary, got ${n}`);
  }
  return estimated({ firstIndex, residuals: residuals.subarray(0, count) });
}

/** CUSUM test of Brown, Durbin & Evans (1975) at 5 %: W_m = Σ_{i≤m} w_i/σ̂ crosses the lines
 *  ±a(√N + 2m/√N), a = 0.948, N recursive residuals, with probability 5 % under constant
 *  coefficients. σ̂ is the sample standard deviation of the w (ddof 1; statsmodels'
 *  `recursive_olsresiduals`), which a drift in the residuals' mean does not inflate. */
export function recursiveCusumTest(y: Float64Array, xs: readonly Float64Array[]): Estimate<CusumTest> {
  const rr = recursiveResiduals(y, xs);
  if (!rr.ok) return rr;
  const { firstIndex, residuals: w } = rr.value;
  const nr = w.length;
  let mean = 0;
  for (let i = 0; i < nr; i++) mean += w[i]!;
  mean /= nr;
  let ss = 0;
  for (let i = 0; i < nr; i++) ss += (w[i]! - mean) ** 2;
  const sigma = Math.sqrt(ss / (nr - 1));
  if (!(sigma > 0)) return notEstimable('CUSUM is undefined: the recursive residuals are all equal (an exact fit)');
  const path = new Float64Array(nr);
  const root = Math.sqrt(nr);
  let cum = 0;
  let statistic = 0;
  let peak = 0;
  let crossing: number | null = null;
  for (let m = 1; m <= nr; m++) {
    cum += w[m - 1]! / sigma;
    path[m - 1] = cum;
    const scaled = Math.abs(cum) / (root + (2 * m) / root);
    if (scaled > statistic) { statistic = scaled; peak = m; }
    if (crossing === null && scaled > CUSUM_A_5) crossing = m;
  }
  return estimated({
    statistic, critical: CUSUM_A_5, pValue: cusumCrossingProbability(statistic), flagged: statistic > CUSUM_A_5,
    firstIndex, path, crossingIndex: crossing === null ? null : firstIndex + crossing - 1, peakIndex: firstIndex + Math.max(peak, 1) - 1,
  });
}

/** Ploberger & Krämer (1992) OLS-CUSUM: B_t = Σ_{s≤t} e_s / √(n·σ̂²), e the full-sample OLS
 *  residuals, σ̂² = SSR/(n − k); sup|B| is asymptotically the supremum of a Brownian bridge
 *  (Kolmogorov distribution). statsmodels `breaks_cusumolsresid(resid, ddof=k)`. */
export function olsCusumTest(y: Float64Array, xs: readonly Float64Array[]): Estimate<OlsCusumTest> {
  const d = design(y, xs);
  const { k, n } = d;
  if (n <= k + 1) return notEstimable(`OLS-CUSUM needs more than ${k + 1} observations, got ${n}`);
  const fit = fitSegment(d, 0, n);
  if (fit === null) return notEstimable('OLS-CUSUM is undefined: the regressors are collinear or constant');
  const e = new Float64Array(n);
  const row = new Float64Array(k);
  let ssr = 0;
  for (let t = 0; t < n; t++) {
    d.row(t, row);
    e[t] = d.y[t]! - dot(row, fit.coef, k);
    ssr += e[t]! * e[t]!;
  }
  if (!(ssr > 0)) return notEstimable('OLS-CUSUM is undefined: the fit is exact');
  const scale = Math.sqrt((ssr / (n - k)) * n);
  let cum = 0;
  let statistic = 0;
  let peak = 0;
  for (let t = 0; t < n; t++) {
    cum += e[t]!;
    const b = Math.abs(cum) / scale;
    if (b > statistic) { statistic = b; peak = t; }
  }
  return estimated({ statistic, critical: OLS_CUSUM_CRITICAL_5, pValue: kolmogorovSurvival(statistic), flagged: statistic > OLS_CUSUM_CRITICAL_5, peakIndex: peak });
}

/** Chow (1960) test of equal coefficients before and after `breakIndex` (the first observation
 *  of the second segment; each segment needs more than k observations). Classical:
 *  F = ((SSR_pooled − SSR₁ − SSR₂)/k) / ((SSR₁ + SSR₂)/(n − 2k)) ~ F(k, n − 2k). 'hc0': the Wald
 *  statistic (b₁ − b₂)ᵀ(V₁ + V₂)⁻¹(b₁ − b₂) with White's covariance V_i = (X_iᵀX_i)⁻¹(Σ e²xxᵀ)(X_iᵀX_i)⁻¹,
 *  divided by k and referred to the same F distribution (statsmodels' wald_test with use_f). */
export function chowTest(y: Float64Array, xs: readonly Float64Array[], breakIndex: number, covariance: CovarianceKind = 'classical'): Estimate<ChowTest> {
  const d = design(y, xs);
  const { k, n } = d;
  if (!Number.isInteger(breakIndex) || breakIndex <= k || n - breakIndex <= k) {
    return notEstimable(`a Chow test needs more than ${k} observations on each side of the break, got ${breakIndex} and ${n - breakIndex}`);
  }
  const prefix = prefixMoments(d);
  const statistic = chowStatistic(d, prefix, breakIndex, covariance, pooledSsr(d, covariance));
  if (statistic === null) return notEstimable('the Chow test is undefined: a segment has collinear or constant regressors, or an exact fit');
  return estimated({ statistic, dfNumerator: k, dfDenominator: n - 2 * k, pValue: fSurvival(statistic, k, n - 2 * k), breakIndex, covariance });
}

/** Quandt's sup-F: the largest Chow statistic over break dates leaving at least 15 % of the
 *  observations (and more than k) on each side, compared with Andrews's (1993) 5 % critical value
 *  for k coefficients. The break date is where the supremum is attained. */
export function supFTest(y: Float64Array, xs: readonly Float64Array[], covariance: CovarianceKind = 'classical'): Estimate<SupFTest> {
  const d = design(y, xs);
  const { k, n } = d;
  const critical = SUP_F_CRITICAL_5[k - 1];
  if (critical === undefined) return notEstimable(`no sup-F critical value is tabulated for ${k} coefficients (at most ${SUP_F_CRITICAL_5.length})`);
  const firstCandidate = Math.max(Math.ceil(SUP_F_TRIM * n), k + 1);
  const lastCandidate = Math.min(Math.floor((1 - SUP_F_TRIM) * n), n - k - 1);
  if (firstCandidate > lastCandidate) return notEstimable(`a break-date search needs more observations than ${n} for ${k} coefficients`);
  const prefix = prefixMoments(d);
  const pooled = pooledSsr(d, covariance);
  let statistic = -Infinity;
  let breakIndex = -1;
  for (let m = firstCandidate; m <= lastCandidate; m++) {
    const f = chowStatistic(d, prefix, m, covariance, pooled);
    if (f !== null && f > statistic) { statistic = f; breakIndex = m; }
  }
  if (breakIndex < 0) return notEstimable('the sup-F test is undefined: the segments have collinear or constant regressors');
  return estimated({ statistic, breakIndex, critical, flagged: statistic > critical, firstCandidate, lastCandidate, covariance });
}

/** Did the slopes move between window A and window B by more than their sampling error? With OLS
 *  on each window, Cov(b_A, b_B) = σ²·S_A⁻¹·C·S_B⁻¹ (S the demeaned cross-products of a window's
 *  regressors, C the sum of x̃_A·x̃_Bᵀ over the shared observations), so
 *  Var(b_B,j − b_A,j) = se_A² + se_B² − 2ρ_j·se_A·se_B with ρ_j = (S_A⁻¹CS_B⁻¹)_jj / √((S_A⁻¹)_jj(S_B⁻¹)_jj):
 *  overlapping windows share noise, and ignoring that would understate how unusual a move is.
 *  `estimates`/`stdErrors` are per slope (no intercept) in the order of `xs`. */
export function driftTest(xs: readonly Float64Array[], before: WindowEstimate, after: WindowEstimate): Estimate<DriftTest> {
  const p = xs.length;
  if (p === 0) throw new RangeError('a drift test needs at least one regressor');
  for (const w of [before, after]) {
    if (w.estimates.length !== p || w.stdErrors.length !== p) throw new RangeError(`each window needs ${p} estimates and standard errors`);
    if (!(w.start >= 0 && w.end <= xs[0]!.length && w.end - w.start > p + 1)) throw new RangeError(`window [${w.start}, ${w.end}) is outside the data or too short`);
  }
  const a = demeanedCrossProducts(xs, before.start, before.end);
  const b = demeanedCrossProducts(xs, after.start, after.end);
  const la = cholesky({ size: p, values: a.s }, REGRESSOR_PIVOT);
  const lb = cholesky({ size: p, values: b.s }, REGRESSOR_PIVOT);
  if (la === null || lb === null) return notEstimable('the drift test is undefined: a window has collinear or constant regressors');
  const sa = inverseFromCholesky(la, p);
  const sb = inverseFromCholesky(lb, p);
  // C over the shared observations, each centred on its own window's means.
  const c = new Float64Array(p * p);
  const from = Math.max(before.start, after.start);
  const to = Math.min(before.end, after.end);
  for (let t = from; t < to; t++) {
    for (let i = 0; i < p; i++) {
      const ui = xs[i]![t]! - a.mean[i]!;
      for (let j = 0; j < p; j++) c[i * p + j] = c[i * p + j]! + ui * (xs[j]![t]! - b.mean[j]!);
    }
  }
  const critical = normInv(1 - 0.025 / p);
  const out: DriftTest = { statistic: 0, critical, pValue: 1, flagged: false, slope: 0, difference: [], stdError: [], z: [], correlation: [] };
  for (let j = 0; j < p; j++) {
    // (S_A⁻¹ C S_B⁻¹)_jj = Σ_{u,v} SA⁻¹_ju C_uv SB⁻¹_vj
    let m = 0;
    for (let u = 0; u < p; u++) for (let v = 0; v < p; v++) m += sa[j * p + u]! * c[u * p + v]! * sb[v * p + j]!;
    const rho = Math.max(-1, Math.min(1, m / Math.sqrt(sa[j * p + j]! * sb[j * p + j]!)));
    const seA = before.stdErrors[j]!;
    const seB = after.stdErrors[j]!;
    const variance = seA * seA + seB * seB - 2 * rho * seA * seB;
    // Identical windows (ρ = 1, equal errors) leave only rounding: nothing to test.
    if (!(variance > 1e-12 * (seA * seA + seB * seB))) return notEstimable('the drift test is undefined: the two windows give the same estimate (they coincide)');
    const diff = after.estimates[j]! - before.estimates[j]!;
    const se = Math.sqrt(variance);
    out.difference.push(diff);
    out.stdError.push(se);
    out.z.push(diff / se);
    out.correlation.push(rho);
    if (Math.abs(diff / se) > out.statistic) { out.statistic = Math.abs(diff / se); out.slope = j; }
  }
  out.pValue = Math.min(1, p * 2 * normCdf(-out.statistic));
  out.flagged = out.statistic > critical;
  return estimated(out);
}

// ── Distributions ───────────────────────────────────────────────────────────────────────────

/** P(F > f) for F ~ F(d1, d2): I_{d2/(d2 + d1·f)}(d2/2, d1/2) (scipy.stats.f.sf). */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  return regularizedIncompleteBeta(d2 / (d2 + d1 * f), (d1 * f) / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/** Two-sided p-value P(|T| > |t|) for T ~ Student t with `df` degrees of freedom:
 *  I_{df/(df + t²)}(df/2, 1/2) (2·scipy.stats.t.sf(|t|, df)). */
export function studentTTwoSidedPValue(t: number, df: number): number {
  return regularizedIncompleteBeta(df / (df + t * t), (t * t) / (df + t * t), df / 2, 0.5);
}

/** P(K > x) for the Kolmogorov distribution (supremum of |Brownian bridge|), scipy's
 *  `kstwobign.sf`: 2Σ_{j≥1} (−1)^{j−1} e^{−2j²x²} for x ≥ 1, and 1 − (√(2π)/x)·Σ_{j≥1} e^{−(2j−1)²π²/(8x²)}
 *  below (the Jacobi-transformed series, which converges fast there). */
export function kolmogorovSurvival(x: number): number {
  if (!(x > 0)) return 1;
  if (x < 1) {
    let s = 0;
    for (let j = 1; j <= 20; j++) s += Math.exp(-((2 * j - 1) ** 2) * Math.PI * Math.PI / (8 * x * x));
    return 1 - (Math.sqrt(2 * Math.PI) / x) * s;
  }
  let s = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * x * x);
    s += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, 2 * s);
}

/** Probability that the CUSUM path reaches the lines ±a(√N + 2m/√N) under the null, from the
 *  crossing probability of a Brownian motion and the line a + 2a·t on [0, 1],
 *  1 − Φ(3a) + e^{−4a²}Φ(a), doubled for the two lines (Brown, Durbin & Evans 1975, §2.3; 0.0500
 *  at a = 0.948). */
export function cusumCrossingProbability(a: number): number {
  return Math.min(1, 2 * (1 - normCdf(3 * a) + Math.exp(-4 * a * a) * normCdf(a)));
}

// ── Linear algebra on the design [1, x₁ − x̄₁, …] ────────────────────────────────────────────

type Design = {
  k: number;
  n: number;
  /** y centred on its mean. */
  y: Float64Array;
  /** Row-major n × k design: 1, then the centred regressors. */
  x: Float64Array;
  /** Copies row t into `out`. */
  row(t: number, out: Float64Array): void;
};

function design(y: Float64Array, xs: readonly Float64Array[]): Design {
  const n = y.length;
  for (const x of xs) if (x.length !== n) throw new RangeError(`series lengths differ: ${x.length} vs ${n}`);
  const k = xs.length + 1;
  const centred = xs.map(centre);
  const x = new Float64Array(n * k);
  for (let t = 0; t < n; t++) {
    x[t * k] = 1;
    for (let j = 1; j < k; j++) x[t * k + j] = centred[j - 1]![t]!;
  }
  return { k, n, y: centre(y), x, row: (t, out) => out.set(x.subarray(t * k, t * k + k)) };
}

function centre(x: Float64Array): Float64Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i]!;
  m /= x.length || 1;
  return x.map((v) => v - m);
}

/** Running sums of xxᵀ and xy: entry t holds the sums over observations 0…t−1. */
type Prefix = { xtx: Float64Array[]; xty: Float64Array[] };

function prefixMoments(d: Design): Prefix {
  const { k, n } = d;
  const xtx = [new Float64Array(k * k)];
  const xty = [new Float64Array(k)];
  const row = new Float64Array(k);
  for (let t = 0; t < n; t++) {
    const a = Float64Array.from(xtx[t]!);
    const b = Float64Array.from(xty[t]!);
    d.row(t, row);
    addOuter(a, b, row, d.y[t]!, k);
    xtx.push(a);
    xty.push(b);
  }
  return { xtx, xty };
}

type SegmentFit = { coef: Float64Array; chol: Float64Array };

/** OLS on observations [from, to), or null when XᵀX is singular. */
function fitSegment(d: Design, from: number, to: number, prefix?: Prefix): SegmentFit | null {
  const { k } = d;
  let xtx: Float64Array;
  let xty: Float64Array;
  if (prefix) {
    xtx = prefix.xtx[to]!.map((v, i) => v - prefix.xtx[from]![i]!);
    xty = prefix.xty[to]!.map((v, i) => v - prefix.xty[from]![i]!);
  } else {
    xtx = new Float64Array(k * k);
    xty = new Float64Array(k);
    const row = new Float64Array(k);
    for (let t = from; t < to; t++) {
      d.row(t, row);
      addOuter(xtx, xty, row, d.y[t]!, k);
    }
  }
  const chol = cholesky({ size: k, values: xtx }, REGRESSOR_PIVOT);
  return chol === null ? null : { coef: solveCholesky(chol, k, xty), chol };
}

/** Residual sum of squares of `fit` on [from, to), and White's meat Σ e²xxᵀ when asked. */
function residualMoments(d: Design, fit: SegmentFit, from: number, to: number, meat: Float64Array | null): number {
  const { k, x, y } = d;
  const b = fit.coef;
  let ssr = 0;
  for (let t = from; t < to; t++) {
    const base = t * k;
    let e = y[t]!;
    for (let i = 0; i < k; i++) e -= x[base + i]! * b[i]!;
    const e2 = e * e;
    ssr += e2;
    if (meat) {
      for (let i = 0; i < k; i++) {
        const wi = e2 * x[base + i]!;
        for (let j = i; j < k; j++) meat[i * k + j] = meat[i * k + j]! + wi * x[base + j]!;
      }
    }
  }
  if (meat) for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) meat[i * k + j] = meat[j * k + i]!;
  return ssr;
}

/** SSR of the pooled fit, which the classical Chow statistic needs (null when it is not defined
 *  or not needed). */
function pooledSsr(d: Design, covariance: CovarianceKind): number | null {
  if (covariance !== 'classical') return null;
  const fit = fitSegment(d, 0, d.n);
  return fit === null ? null : residualMoments(d, fit, 0, d.n, null);
}

function chowStatistic(d: Design, prefix: Prefix, m: number, covariance: CovarianceKind, ssrPooled: number | null): number | null {
  const { k, n } = d;
  const f1 = fitSegment(d, 0, m, prefix);
  const f2 = fitSegment(d, m, n, prefix);
  if (f1 === null || f2 === null) return null;
  if (covariance === 'classical') {
    if (ssrPooled === null) return null;
    const unrestricted = residualMoments(d, f1, 0, m, null) + residualMoments(d, f2, m, n, null);
    if (!(unrestricted > 0)) return null;
    return Math.max(0, ssrPooled - unrestricted) / k / (unrestricted / (n - 2 * k));
  }
  const v = new Float64Array(k * k);
  for (const [fit, from, to] of [[f1, 0, m], [f2, m, n]] as const) {
    const meat = new Float64Array(k * k);
    residualMoments(d, fit, from, to, meat);
    const inv = inverseFromCholesky(fit.chol, k);
    const sandwich = multiply(multiply(inv, meat, k), inv, k);
    for (let i = 0; i < k * k; i++) v[i] = v[i]! + sandwich[i]!;
  }
  const lv = cholesky({ size: k, values: v }, REGRESSOR_PIVOT);
  if (lv === null) return null;
  const diff = f1.coef.map((c, i) => c - f2.coef[i]!);
  const z = forwardSubstitute(lv, k, diff);
  let w = 0;
  for (let i = 0; i < k; i++) w += z[i]! * z[i]!;
  return w / k;
}

function demeanedCrossProducts(xs: readonly Float64Array[], from: number, to: number): { s: Float64Array; mean: Float64Array } {
  const p = xs.length;
  const mean = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let t = from; t < to; t++) s += xs[j]![t]!;
    mean[j] = s / (to - from);
  }
  const s = new Float64Array(p * p);
  for (let t = from; t < to; t++) {
    for (let i = 0; i < p; i++) {
      const u = xs[i]![t]! - mean[i]!;
      for (let j = 0; j < p; j++) s[i * p + j] = s[i * p + j]! + u * (xs[j]![t]! - mean[j]!);
    }
  }
  return { s, mean };
}

/** Pivot tolerance of the regressions' normal equations: a pivot at or below 1e-12 of its
 *  diagonal entry means collinear or constant regressors. */
const REGRESSOR_PIVOT = 1e-12;

function addOuter(xtx: Float64Array, xty: Float64Array, row: Float64Array, y: number, k: number): void {
  for (let i = 0; i < k; i++) {
    xty[i] = xty[i]! + row[i]! * y;
    for (let j = 0; j < k; j++) xtx[i * k + j] = xtx[i * k + j]! + row[i]! * row[j]!;
  }
}

function dot(a: Float64Array, b: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += a[i]! * b[i]!;
  return s;
}

/** z with L·z = b. */
function forwardSubstitute(l: Float64Array, k: number, b: Float64Array): Float64Array {
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= l[i * k + p]! * z[p]!;
    z[i] = s / l[i * k + i]!;
  }
  return z;
}

/** x with L·Lᵀ·x = b. */
function solveCholesky(l: Float64Array, k: number, b: Float64Array): Float64Array {
  const z = forwardSubstitute(l, k, b);
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let p = i + 1; p < k; p++) s -= l[p * k + i]! * x[p]!;
    x[i] = s / l[i * k + i]!;
  }
  return x;
}

function inverseFromCholesky(l: Float64Array, k: number): Float64Array {
  const inv = new Float64Array(k * k);
  const e = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    e.fill(0);
    e[j] = 1;
    const col = solveCholesky(l, k, e);
    for (let i = 0; i < k; i++) inv[i * k + j] = col[i]!;
  }
  return inv;
}

function multiply(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const c = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * k + j]!;
      c[i * k + j] = s;
    }
  }
  return c;
}
