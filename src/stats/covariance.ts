// Covariance matrices of k return series: the sample estimator and Ledoit–Wolf shrinkage
// towards a scaled identity. Matrices are dense, row-major, full (both triangles stored) so
// that callers can index values[i·size + j] without caring about symmetry.

import { mean } from './descriptive.js';
import { estimated, notEstimable, type Estimate } from './result.js';

/** A k × k symmetric matrix, row-major: element (i, j) is values[i·size + j]. */
export type SymmetricMatrix = { size: number; values: Float64Array };

/** Sample covariance matrix with n − 1 in the denominator (numpy.cov(X, rowvar=False)), two-pass
 *  (means first). Columns of equal length n ≥ 2. */
export function covarianceMatrix(columns: readonly Float64Array[]): SymmetricMatrix {
  const { k, n } = shape(columns, 2);
  const centred = centredColumns(columns);
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const a = centred[i]!;
      const b = centred[j]!;
      let s = 0;
      for (let t = 0; t < n; t++) s += a[t]! * b[t]!;
      values[i * k + j] = s / (n - 1);
      values[j * k + i] = s / (n - 1);
    }
  }
  return { size: k, values };
}

/** Correlation matrix from a covariance matrix: C_ij / √(C_ii·C_jj), diagonal exactly 1,
 *  off-diagonal clamped to [−1, 1] against rounding. Not estimable if a variance is ≤ 0. */
export function correlationFromCovariance(cov: SymmetricMatrix): Estimate<SymmetricMatrix> {
  const k = cov.size;
  const sd = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const v = cov.values[i * k + i]!;
    if (!(v > 0)) return notEstimable(`correlation is undefined: series ${i + 1} has zero variance`);
    sd[i] = Math.sqrt(v);
  }
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      values[i * k + j] = i === j ? 1 : Math.min(1, Math.max(-1, cov.values[i * k + j]! / (sd[i]! * sd[j]!)));
    }
  }
  return estimated({ size: k, values });
}

export type LedoitWolfEstimate = {
  /** (1 − δ)·S + δ·μ·I, where S is the maximum-likelihood (divide-by-n) sample covariance. */
  covariance: SymmetricMatrix;
  /** Shrinkage intensity δ ∈ [0, 1]: 0 keeps S, 1 replaces it by the target. */
  shrinkage: number;
  /** μ = tr(S)/k, the average variance: the target is μ·I. */
  targetVariance: number;
};

/** Ledoit–Wolf shrinkage of the sample covariance towards μ·I with the asymptotically optimal
 *  intensity: Ledoit & Wolf (2004), "A well-conditioned estimator for large-dimensional
 *  covariance matrices", J. Multivariate Analysis 88(2), 365–411, Lemmas 3.2–3.4 and eq. (14).
 *  With X the centred n × k data, S = XᵀX/n, ‖A‖² = tr(AAᵀ)/k:
 *    m = tr(S)/k,  d² = ‖S − mI‖²,  b̄² = (1/n²) Σ_t ‖x_t x_tᵀ − S‖²,  b² = min(b̄², d²),
 *    δ = b²/d²,  Σ̂ = (1 − δ)S + δ·m·I.
 *  As in the paper (and scikit-learn's `ledoit_wolf`, which this matches), S divides by n, not
 *  n − 1. b̄² is evaluated as (Σ_t ‖x_t‖⁴/n − ‖S‖²_F)/(k·n), an O(nk) form of the same sum.
 *  Columns of equal length n ≥ 2. A single series (k = 1) is returned unshrunk (δ = 0), as is a
 *  sample whose S already equals m·I (d² = 0). */
export function ledoitWolf(columns: readonly Float64Array[]): LedoitWolfEstimate {
  const { k, n } = shape(columns, 2);
  const centred = centredColumns(columns);
  const s = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const a = centred[i]!;
      const b = centred[j]!;
      let acc = 0;
      for (let t = 0; t < n; t++) acc += a[t]! * b[t]!;
      s[i * k + j] = acc / n;
      s[j * k + i] = acc / n;
    }
  }
  let trace = 0;
  for (let i = 0; i < k; i++) trace += s[i * k + i]!;
  const m = trace / k;
  let frobenius2 = 0;
  for (let i = 0; i < k * k; i++) frobenius2 += s[i]! * s[i]!;
  // d² = ‖S − mI‖² = (‖S‖²_F − 2m·tr S + k·m²)/k = (‖S‖²_F − k·m²)/k.
  const d2 = (frobenius2 - k * m * m) / k;
  let fourth = 0;
  for (let t = 0; t < n; t++) {
    let norm2 = 0;
    for (let i = 0; i < k; i++) norm2 += centred[i]![t]! ** 2;
    fourth += norm2 * norm2;
  }
  const bBar2 = (fourth / n - frobenius2) / (k * n);
  const b2 = Math.min(bBar2, d2);
  const shrinkage = k === 1 || !(d2 > 0) ? 0 : Math.min(1, Math.max(0, b2 / d2));
  const values = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) values[i] = (1 - shrinkage) * s[i]!;
  for (let i = 0; i < k; i++) values[i * k + i] = values[i * k + i]! + shrinkage * m;
  return { covariance: { size: k, values }, shrinkage, targetVariance: m };
}

function shape(columns: readonly Float64Array[], minRows: number): { k: number; n: number } {
  const k = columns.length;
  if (k === 0) throw new RangeError('a covariance matrix needs at least one series');
  const n = columns[0]!.length;
  for (const c of columns) if (c.length !== n) throw new RangeError(`series lengths differ: ${c.length} vs ${n}`);
  if (n < minRows) throw new RangeError(`a covariance matrix needs at least ${minRows} observations, got ${n}`);
  return { k, n };
}

function centredColumns(columns: readonly Float64Array[]): Float64Array[] {
  return columns.map((c) => {
    const m = mean(c);
    return c.map((v) => v - m);
  });
}
