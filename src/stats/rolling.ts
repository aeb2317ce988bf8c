// Rolling simple OLS (y on x with intercept) over every window of `window` consecutive
// observations, in O(n): the window's means and co-moments Cxx = Σ(x − x̄)², Cxy, Cyy are
// slid one observation at a time with Welford-type updates (Welford 1962, Technometrics 4(3);
// the add-one/drop-one form, e.g. Chan, Golub & LeVeque 1983, §3), never with raw sums Σx²,
// whose difference Σx² − n·x̄² cancels catastrophically when the mean is large against the
// spread. Each update still rounds with an error of order ε times the co-moments of the
// windows it passed through, so the co-moments are recomputed exactly (two-pass):
//   • every `window` steps, bounding the number of accumulated updates (one extra pass over
//     the data in total);
//   • whenever Cxx or Cyy has fallen below 1/COLLAPSE_RATIO of its largest value since the last
//     recomputation (a volatile stretch leaving the window), because the error inherited from
//     the large values would otherwise dominate the small ones.
// So the relative error of each window's co-moments stays below ≈ window·ε·COLLAPSE_RATIO
// (5e-11 at window 250). Each collapse costs one O(window) recomputation; real return series
// collapse rarely, keeping the total O(n).
//
// Per window the statistics follow statsmodels (RollingOLS, same as olsRegression): slope =
// Cxy/Cxx, intercept = ȳ − slope·x̄, SSR = Cyy − slope·Cxy, scale = SSR/(w − 2). SSR by that
// difference loses ≈ ε/(1 − R²) relative precision, harmless unless R² is within 1e-6 of 1.

const COLLAPSE_RATIO = 1e3;

export type RollingOls = {
  window: number;
  /** Index (into the input series) of the last observation of the first window: window − 1.
   *  Output element i covers inputs [i, i + window − 1]. */
  firstEnd: number;
  slope: Float64Array;
  intercept: Float64Array;
  slopeStdError: Float64Array;
  rSquared: Float64Array;
  /** √(SSR/(window − 2)), units of y per period. */
  residualStdDev: Float64Array;
  /** Output indices of windows where x or y is constant: their entries are NaN (not a silent
   *  NaN: listed here, with `reason`). Empty for ordinary return data. */
  notEstimable: number[];
  reason: string | null;
};

/** Rolling OLS of y on x (equal lengths) over windows of `window` observations (3 ≤ window,
 *  integer). Outputs have length max(0, n − window + 1). */
export function rollingOls(y: Float64Array, x: Float64Array, window: number): RollingOls {
  if (x.length !== y.length) throw new RangeError(`series lengths differ: ${y.length} vs ${x.length}`);
  if (!Number.isInteger(window) || window < 3) {
    throw new RangeError(`rolling window must be an integer ≥ 3, got ${window}`);
  }
  const n = x.length;
  const m = Math.max(0, n - window + 1);
  const out: RollingOls = {
    window,
    firstEnd: window - 1,
    slope: new Float64Array(m),
    intercept: new Float64Array(m),
    slopeStdError: new Float64Array(m),
    rSquared: new Float64Array(m),
    residualStdDev: new Float64Array(m),
    notEstimable: [],
    reason: null,
  };
  // The window ending at t is constant in x iff no change x[i] ≠ x[i−1] happened inside it.
  let lastChangeX = 0;
  let lastChangeY = 0;
  for (let i = 1; i < window && i < n; i++) {
    if (x[i] !== x[i - 1]) lastChangeX = i;
    if (y[i] !== y[i - 1]) lastChangeY = i;
  }

  let mx = 0;
  let my = 0;
  let cxx = 0;
  let cxy = 0;
  let cyy = 0;
  let peakXX = 0;
  let peakYY = 0;
  let updatesSinceExact = window;
  for (let i = 0; i < m; i++) {
    const end = i + window - 1;
    if (i > 0) {
      if (x[end] !== x[end - 1]) lastChangeX = end;
      if (y[end] !== y[end - 1]) lastChangeY = end;
    }
    if (updatesSinceExact < window) {
      // Slide: add (x[end], y[end]), drop (x[i−1], y[i−1]). With d = new − old,
      // ΔC_uv = d_u·(v_new − v̄') + (u_old − ū)·d_v  (exact algebra for fixed window size).
      const xn = x[end]!;
      const yn = y[end]!;
      const xo = x[i - 1]!;
      const yo = y[i - 1]!;
      const dx = xn - xo;
      const dy = yn - yo;
      const mx1 = mx + dx / window;
      const my1 = my + dy / window;
      cxx += dx * (xn - mx1 + xo - mx);
      cyy += dy * (yn - my1 + yo - my);
      cxy += dx * (yn - my1) + (xo - mx) * dy;
      mx = mx1;
      my = my1;
      updatesSinceExact++;
      peakXX = Math.max(peakXX, cxx);
      peakYY = Math.max(peakYY, cyy);
    }
    if (updatesSinceExact >= window || cxx * COLLAPSE_RATIO < peakXX || cyy * COLLAPSE_RATIO < peakYY) {
      // Exact two-pass recomputation (also the start).
      mx = 0;
      my = 0;
      for (let t = i; t <= end; t++) { mx += x[t]!; my += y[t]!; }
      mx /= window;
      my /= window;
      cxx = 0;
      cxy = 0;
      cyy = 0;
      for (let t = i; t <= end; t++) {
        const dx = x[t]! - mx;
        const dy = y[t]! - my;
        cxx += dx * dx;
        cxy += dx * dy;
        cyy += dy * dy;
      }
      peakXX = cxx;
      peakYY = cyy;
      updatesSinceExact = 0;
    }

    if (lastChangeX <= i || lastChangeY <= i || !(cxx > 0 && cyy > 0)) {
      out.notEstimable.push(i);
      out.slope[i] = NaN;
      out.intercept[i] = NaN;
      out.slopeStdError[i] = NaN;
      out.rSquared[i] = NaN;
      out.residualStdDev[i] = NaN;
      continue;
    }
    const b = cxy / cxx;
    const ssr = Math.max(0, cyy - b * cxy);
    const scale = ssr / (window - 2);
    out.slope[i] = b;
    out.intercept[i] = my - b * mx;
    out.slopeStdError[i] = Math.sqrt(scale / cxx);
    out.rSquared[i] = Math.min(1, Math.max(0, 1 - ssr / cyy));
    out.residualStdDev[i] = Math.sqrt(scale);
  }
  if (out.notEstimable.length > 0) {
    out.reason = 'x or y is constant over the window: slope or R² undefined';
  }
  return out;
}
