// Small dense linear algebra for scenario generation: the Cholesky factor of a covariance
// matrix and, when the matrix is not positive definite, a spectral factor of its nearest
// positive semi-definite matrix. Matrices are the stats module's SymmetricMatrix (row-major,
// both triangles stored); sizes are the number of symbols (tens), so O(k³) is negligible.

import type { SymmetricMatrix } from '../stats/covariance.js';

/** A pivot smaller than this fraction of its diagonal element means the column is a linear
 *  combination of the previous ones to within 1 − R² = 1e-10 (Cholesky's pivot d_j/a_jj is
 *  exactly 1 − R² of regressing series j on the earlier ones). Below it the factor's entries
 *  would amplify rounding errors by 1/√(d_j/a_jj) > 10⁵, so the spectral factor is used instead. */
export const CHOLESKY_RELATIVE_PIVOT = 1e-10;

/** Lower-triangular L with L·Lᵀ = m (row-major k × k, upper triangle zero), or null when a pivot
 *  is not above `relativePivot` × its diagonal element (not numerically positive
 *  definite). Cholesky–Banachiewicz order (Golub & Van Loan, Matrix Computations, 4th ed.,
 *  Algorithm 4.2.1). */
export function cholesky(m: SymmetricMatrix, relativePivot = CHOLESKY_RELATIVE_PIVOT): Float64Array | null {
  const k = m.size;
  const a = m.values;
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      if (i === j) {
        const diagonal = a[i * k + i]!;
        if (!(diagonal > 0) || !(s > relativePivot * diagonal)) return null;
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j]!;
      }
    }
  }
  return l;
}

export type SymmetricEigen = {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Row-major k × k; column j (vectors[i·k + j], i = 0..k−1) is the unit eigenvector of values[j]. */
  vectors: Float64Array;
};

/** Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 *  Matrix Computations, 4th ed., §8.5.2–8.5.3, with the rotation of Rutishauser's formulas as in
 *  Numerical Recipes 3rd ed. §11.1). Converges quadratically; sweeps stop when the off-diagonal
 *  mass is below 1e-30 of the matrix's squared Frobenius norm, or after 100 sweeps. */
export function symmetricEigen(m: SymmetricMatrix): SymmetricEigen {
  const k = m.size;
  const a = Float64Array.from(m.values);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  let norm2 = 0;
  for (let i = 0; i < k * k; i++) norm2 += a[i]! * a[i]!;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q]! * a[p * k + q]!;
    if (!(off > 1e-30 * norm2)) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q]!;
        if (apq === 0) continue;
        const app = a[p * k + p]!;
        const aqq = a[q * k + q]!;
        // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0, θ = (aqq − app)/(2apq)
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          // A ← Jᵀ A J, applied to columns p, q then rows p, q
          const arp = a[r * k + p]!;
          const arq = a[r * k + q]!;
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r]!;
          const aqr = a[q * k + r]!;
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p]!;
          const vrq = v[r * k + q]!;
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => a[x * k + x]! - a[y * k + y]!);
  const values = Float64Array.from(order, (i) => a[i * k + i]!);
  const vectors = new Float64Array(k * k);
  order.forEach((from, to) => {
    for (let r = 0; r < k; r++) vectors[r * k + to] = v[r * k + from]!;
  });
  return { values, vectors };
}

export type CovarianceFactor = {
  size: number;
  /** Row-major k × k matrix A with A·Aᵀ = the covariance actually simulated. */
  values: Float64Array;
  /** 'cholesky': A is lower triangular and A·Aᵀ equals the input. 'eigenvalue-clipping': the
   *  input was not positive definite; A = Q·diag(√max(λ, 0)), so A·Aᵀ is the input with its
   *  negative eigenvalues set to zero — the nearest positive semi-definite matrix in the
   *  Frobenius norm (Higham 1988, "Computing a nearest symmetric positive semidefinite matrix",
   *  Linear Algebra Appl. 103; the spectral repair of Rebonato & Jäckel 1999). */
  method: 'cholesky' | 'eigenvalue-clipping';
  lowerTriangular: boolean;
  /** Fallback only: the smallest eigenvalue of the input and how many eigenvalues were < 0. */
  minEigenvalue?: number;
  clippedCount?: number;
};

/** A factor A of the covariance m for drawing X = A·Z, Z standard normal: Cholesky when m is
 *  numerically positive definite, else the clipped spectral factor (never NaN, never silent:
 *  the caller reports `method`). */
export function covarianceFactor(m: SymmetricMatrix): CovarianceFactor {
  const l = cholesky(m);
  if (l !== null) return { size: m.size, values: l, method: 'cholesky', lowerTriangular: true };
  const k = m.size;
  const { values, vectors } = symmetricEigen(m);
  const a = new Float64Array(k * k);
  let clippedCount = 0;
  for (let j = 0; j < k; j++) {
    const lambda = values[j]!;
    if (lambda < 0) clippedCount++;
    const root = lambda > 0 ? Math.sqrt(lambda) : 0;
    for (let i = 0; i < k; i++) a[i * k + j] = vectors[i * k + j]! * root;
  }
  return {
    size: k, values: a, method: 'eigenvalue-clipping', lowerTriangular: false,
    minEigenvalue: values[0]!, clippedCount,
  };
}
