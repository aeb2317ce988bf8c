// Rolling simple OLS (y on x with intercept) over every window of `window` consecutive
// observations, in O(n): the window's means and co-moments Cxx = Σ(x − x̄)², Cxy, Cyy are
// slid one observation at a time with Welford-type updates (Welford 1962, Technometrics 4(3);
// the add-one/drop-one form, e.g. Chan, Golub & LeVeque 1983, §3), never with raw sums Σx²,
// whose difference Σx² − n·x̄² cancels catastrophically when the mean is large against the
// spread. Sliding updates still accumulate rounding, so the co-moments are recomputed exactly
// (two-pass) every `window` steps: the error is bounded by that of ≤ window updates, and the
// extra work is one more pass over the data, keeping the whole computation O(n).
//
// Per window the statistics follow statsmodels (RollingOLS, same as olsRegression): slope =
// Cxy/Cxx, intercept = ȳ − slope·x̄, SSR = Cyy − slope·Cxy, scale = SSR/(w − 2). SSR by that
// difference loses ≈ ε/(1 − R²) relative precision, harmless unless R² is within 1e-6 of 1.

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
  for (let i = 0; i < m; i++) {
    const end = i + window - 1;
    if (i > 0) {
      if (x[end] !== x[end - 1]) lastChangeX = end;
      if (y[end] !== y[end - 1]) lastChangeY = end;
    }
    if (i % window === 0) {
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
    } else {
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
