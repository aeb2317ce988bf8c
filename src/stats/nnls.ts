// Non-negative least squares: min ‖A·w − b‖² subject to w ≥ 0, by the active-set method of
// Lawson & Hanson, Solving Least Squares Problems (1974), ch. 23, worked on the normal equations
// (Gram matrix G = AᵀA, c = Aᵀb). For the few regressors of a hedge basket (≤ ~30) the Gram form
// is small and exact enough; the columns are returns of similar scale.

import { estimated, notEstimable, type Estimate } from './result.js';

export type NnlsFit = {
  /** Non-negative weight per column of A, in column order. */
  weights: Float64Array;
  /** Residual sum of squares ‖A·w − b‖². */
  residualSumOfSquares: number;
  iterations: number;
};

/** NNLS over columns `a[j]` (each a Float64Array of the same length as `b`). Fit an intercept by
 *  passing demeaned columns and a demeaned `b`. Not estimable when a column is constant (zero
 *  after demeaning) or the iteration limit (3·columns) is reached. */
export function nnls(a: readonly Float64Array[], b: Float64Array): Estimate<NnlsFit> {
  const n = a.length;
  const m = b.length;
  for (const col of a) if (col.length !== m) throw new RangeError(`column length ${col.length} differs from ${m}`);
  const g = new Float64Array(n * n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ai = a[i]!;
    let s = 0;
    for (let k = 0; k < m; k++) s += ai[k]! * b[k]!;
    c[i] = s;
    for (let j = 0; j <= i; j++) {
      const aj = a[j]!;
      let t = 0;
      for (let k = 0; k < m; k++) t += ai[k]! * aj[k]!;
      g[i * n + j] = t;
      g[j * n + i] = t;
    }
    if (g[i * n + i]! === 0) return notEstimable(`column ${i} is constant: its weight is undefined`);
  }
  let bb = 0;
  for (let k = 0; k < m; k++) bb += b[k]! * b[k]!;
  // Tolerance on the gradient, relative to the problem's scale (Lawson–Hanson use a similar one).
  const scale = Math.max(...Array.from({ length: n }, (_, i) => Math.sqrt(g[i * n + i]!))) * Math.sqrt(bb);
  const tol = 1e-12 * (scale || 1);

  const x = new Float64Array(n);
  const passive = new Array<boolean>(n).fill(false);
  const gradient = () => Float64Array.from(c, (ci, i) => ci - row(g, n, i, x));
  let iterations = 0;
  const maxIterations = 3 * n + 10;
  for (;;) {
    const w = gradient();
    let t = -1;
    for (let j = 0; j < n; j++) if (!passive[j] && w[j]! > tol && (t < 0 || w[j]! > w[t]!)) t = j;
    if (t < 0) break;
    passive[t] = true;
    for (;;) {
      if (++iterations > maxIterations) return notEstimable('non-negative least squares did not converge');
      const z = solvePassive(g, c, n, passive);
      let alpha = 1;
      let blocked = false;
      for (let j = 0; j < n; j++) {
        if (passive[j] && z[j]! <= 0) {
          blocked = true;
          alpha = Math.min(alpha, x[j]! / (x[j]! - z[j]!));
        }
      }
      if (!blocked) { x.set(z); break; }
      for (let j = 0; j < n; j++) {
        x[j] = x[j]! + alpha * (z[j]! - x[j]!);
        if (passive[j] && x[j]! <= tol * 1e-6) { passive[j] = false; x[j] = 0; }
      }
    }
  }
  // ‖b − Ax‖² = bᵀb − 2xᵀc + xᵀGx
  let rss = bb;
  for (let i = 0; i < n; i++) rss += -2 * x[i]! * c[i]! + x[i]! * row(g, n, i, x);
  return estimated({ weights: x, residualSumOfSquares: Math.max(0, rss), iterations });
}

function row(g: Float64Array, n: number, i: number, x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += g[i * n + j]! * x[j]!;
  return s;
}

/** Unconstrained least squares on the passive columns: G_PP·z_P = c_P by Cholesky; z = 0 off P. */
function solvePassive(g: Float64Array, c: Float64Array, n: number, passive: boolean[]): Float64Array {
  const idx = passive.flatMap((p, j) => (p ? [j] : []));
  const k = idx.length;
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = g[idx[i]! * n + idx[j]!]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      l[i * k + j] = i === j ? Math.sqrt(Math.max(s, Number.MIN_VALUE)) : s / l[j * k + j]!;
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = c[idx[i]!]!;
    for (let p = 0; p < i; p++) s -= l[i * k + p]! * y[p]!;
    y[i] = s / l[i * k + i]!;
  }
  const z = new Float64Array(n);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let p = i + 1; p < k; p++) s -= l[p * k + i]! * z[idx[p]!]!;
    z[idx[i]!] = s / l[i * k + i]!;
  }
  return z;
}
