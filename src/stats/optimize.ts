// Unconstrained minimisation for the maximum-likelihood fits (GARCH, Student-t): BFGS with a
// line search satisfying the strong Wolfe conditions (Nocedal & Wright, Numerical Optimization,
// 2nd ed., Algorithm 6.1 with the initial scaling (6.20), line search Algorithms 3.5–3.6 with
// cubic interpolation (3.59)). Constraints are handled by the callers through smooth
// reparametrisations, so a plain unconstrained method suffices.

/** Objective: returns f(x) and writes ∇f(x) into `gradient`. May return a non-finite value for
 *  points outside its domain; the line search then steps back. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export type MinimizeOptions = {
  /** Stop when max |∂f/∂x_i| ≤ this. */
  gradientTolerance?: number;
  /** Stop when the quasi-Newton model predicts a decrease ½·gᵀHg ≤ this × max(1, |f|): the
   *  objective cannot be lowered by more than its own rounding (default 1e-13, a few hundred ε;
   *  sums of n terms carry about n·ε relative error). Used once BFGS has made as many updates
   *  as there are variables, so that H reflects the curvature. */
  relativeDecreaseTolerance?: number;
  maxIterations?: number;
};

export type MinimizeResult = {
  x: Float64Array;
  value: number;
  /** max |∂f/∂x_i| at x. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  /** True when the gradient or the predicted-decrease tolerance was met; false when the
   *  search stopped for another reason (`message` says which), in which case x is still the
   *  best point found. */
  converged: boolean;
  message: string;
};

const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_SEARCH = 40;

export function minimizeBfgs(f: Objective, x0: Float64Array, options: MinimizeOptions = {}): MinimizeResult {
  const gtol = options.gradientTolerance ?? 1e-8;
  const decreaseTolerance = options.relativeDecreaseTolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 500;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const h = new Float64Array(n * n); // inverse Hessian approximation, row-major
  const p = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  const trial = { x: new Float64Array(n), g: new Float64Array(n), value: 0 };
  let evaluations = 1;
  let value = f(x, g);
  if (!Number.isFinite(value)) {
    return { x, value, gradientNorm: NaN, iterations: 0, evaluations, converged: false, message: 'objective is not finite at the start' };
  }
  setIdentity(h, n);
  let iterations = 0;
  let updates = 0;
  let message = 'iteration limit reached';
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(g) <= gtol) {
      converged = true;
      message = 'gradient tolerance met';
      break;
    }
    // p = −H g; fall back to steepest descent if H has lost positive definiteness numerically.
    multiply(h, g, p, n);
    let slope = 0;
    for (let i = 0; i < n; i++) { p[i] = -p[i]!; slope += p[i]! * g[i]!; }
    if (!(slope < 0)) {
      setIdentity(h, n);
      slope = 0;
      for (let i = 0; i < n; i++) { p[i] = -g[i]!; slope -= g[i]! * g[i]!; }
    }
    if (updates >= n && -0.5 * slope <= decreaseTolerance * Math.max(1, Math.abs(value))) {
      converged = true;
      message = 'predicted decrease below the rounding of the objective';
      break;
    }
    const initialStep = iterations === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const search = lineSearch(f, x, value, slope, p, initialStep, trial);
    evaluations += search.evaluations;
    if (!search.ok) {
      message = 'line search could not decrease the objective further';
      break;
    }
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = trial.x[i]! - x[i]!;
      y[i] = trial.g[i]! - g[i]!;
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
    }
    x.set(trial.x);
    g.set(trial.g);
    value = trial.value;
    if (sy > 1e-12 * Math.sqrt(yy * dot(s, s))) {
      if (iterations === 0) {
        // (6.20): scale the initial identity to the curvature just observed.
        setIdentity(h, n);
        for (let i = 0; i < n; i++) h[i * n + i] = sy / yy;
      }
      bfgsUpdate(h, s, y, hy, sy, n);
      updates++;
    }
  }
  return { x, value, gradientNorm: maxAbs(g), iterations, evaluations, converged, message };
}

type Trial = { x: Float64Array; g: Float64Array; value: number };

/** Strong-Wolfe line search along p from x (Nocedal & Wright Alg. 3.5). On success `trial`
 *  holds the accepted point, its value and gradient. */
function lineSearch(
  f: Objective, x: Float64Array, f0: number, slope0: number, p: Float64Array, step1: number, trial: Trial,
): { ok: boolean; evaluations: number } {
  let evaluations = 0;
  const evaluate = (alpha: number): { value: number; slope: number } => {
    for (let i = 0; i < x.length; i++) trial.x[i] = x[i]! + alpha * p[i]!;
    evaluations++;
    const v = f(trial.x, trial.g);
    trial.value = v;
    return { value: Number.isFinite(v) ? v : Infinity, slope: Number.isFinite(v) ? dot(trial.g, p) : NaN };
  };
  let prev = { alpha: 0, value: f0, slope: slope0 };
  let alpha = step1;
  for (let i = 0; i < MAX_LINE_SEARCH; i++) {
    const cur = evaluate(alpha);
    if (cur.value > f0 + C1 * alpha * slope0 || (i > 0 && cur.value >= prev.value)) {
      return { ok: zoom(prev, { alpha, ...cur }), evaluations };
    }
    if (Math.abs(cur.slope) <= -C2 * slope0) return { ok: true, evaluations };
    if (cur.slope >= 0) return { ok: zoom({ alpha, ...cur }, prev), evaluations };
    prev = { alpha, ...cur };
    alpha *= 2;
  }
  return { ok: false, evaluations };

  // Alg. 3.6: shrink [lo, hi] (lo: lowest value so far satisfying sufficient decrease).
  function zoom(lo: Point, hi: Point): boolean {
    for (let j = 0; j < MAX_LINE_SEARCH; j++) {
      const a = interpolate(lo, hi);
      const cur = evaluate(a);
      if (cur.value > f0 + C1 * a * slope0 || cur.value >= lo.value) {
        hi = { alpha: a, ...cur };
      } else {
        if (Math.abs(cur.slope) <= -C2 * slope0) return true;
        if (cur.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = { alpha: a, ...cur };
      }
      if (Math.abs(hi.alpha - lo.alpha) <= 1e-16 * Math.max(1, Math.abs(lo.alpha))) break;
    }
    // Interval exhausted: accept lo if it decreased the objective at all (the Wolfe curvature
    // condition cannot be met at machine precision), else report failure.
    if (lo.alpha > 0 && lo.value < f0) {
      evaluate(lo.alpha);
      return true;
    }
    return false;
  }
}

type Point = { alpha: number; value: number; slope: number };

/** Minimiser of the cubic through (lo, hi) values and slopes (N&W 3.59), kept inside the
 *  middle 80 % of the interval; bisection when the cubic is unusable (non-finite end). */
function interpolate(lo: Point, hi: Point): number {
  const width = hi.alpha - lo.alpha;
  const safeLo = lo.alpha + 0.1 * width;
  const safeHi = hi.alpha - 0.1 * width;
  if (Number.isFinite(hi.value) && Number.isFinite(hi.slope)) {
    const d1 = lo.slope + hi.slope - 3 * (lo.value - hi.value) / (lo.alpha - hi.alpha);
    const disc = d1 * d1 - lo.slope * hi.slope;
    if (disc >= 0) {
      const d2 = Math.sign(hi.alpha - lo.alpha) * Math.sqrt(disc);
      const a = hi.alpha - (hi.alpha - lo.alpha) * (hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2);
      if (Number.isFinite(a)) return Math.min(Math.max(a, Math.min(safeLo, safeHi)), Math.max(safeLo, safeHi));
    }
  }
  return lo.alpha + 0.5 * width;
}

/** H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ with ρ = 1/(yᵀs)  (N&W 6.17), expanded as
 *  H − ρ(Hy sᵀ + s (Hy)ᵀ) + (ρ² yᵀHy + ρ) ssᵀ. */
function bfgsUpdate(h: Float64Array, s: Float64Array, y: Float64Array, hy: Float64Array, sy: number, n: number): void {
  const rho = 1 / sy;
  multiply(h, y, hy, n);
  const yhy = dot(y, hy);
  const c = rho * rho * yhy + rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h[i * n + j] = h[i * n + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + c * s[i]! * s[j]!;
    }
  }
}

function multiply(m: Float64Array, v: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += m[i * n + j]! * v[j]!;
    out[i] = acc;
  }
}

function setIdentity(m: Float64Array, n: number): void {
  m.fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}
