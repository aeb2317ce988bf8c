import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covarianceMatrix } from '../../src/stats/covariance.js';
import { logReturns } from '../../src/stats/returns.js';
import { cholesky, covarianceFactor, symmetricEigen } from '../../src/scenarios/linalg.js';
import { expectAllRel, vectors } from './reference.js';
import { sampleHistory } from './sample-data.js';

const ref = vectors.linalg;

function product(a: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += a[i * k + l]! * a[j * k + l]!;
    out[i * k + j] = s;
  }
  return out;
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

describe('Cholesky and eigen-decomposition against numpy.linalg', () => {
  const history = sampleHistory(ref.symbols, 757, ref.lastDate);
  const cov = covarianceMatrix(history.columns.map((p) => logReturns(p)));

  it('uses the same rows as make-vectors.py and reproduces numpy.cov', () => {
    expect(history.dates[0]).toBe(ref.firstDate);
    expectAllRel(cov.values, ref.covariance, 1e-12, maxAbs(ref.covariance));
  });

  // LAPACK's blocked dpotrf sums in another order; the factor of a matrix with condition number
  // κ is then perturbed by about κ·ε relative to its largest entry. κ here is ≈ 10³ (AGG's
  // variance is ~30× below the stocks'), so 1e-11 of the largest entry leaves a 50× margin.
  it('Cholesky factor equals numpy.linalg.cholesky of a real 12-asset covariance', () => {
    const l = cholesky(cov);
    expect(l).not.toBeNull();
    expectAllRel(l!, ref.cholesky, 1e-11, maxAbs(ref.cholesky));
  });

  it('Jacobi eigenvalues equal numpy.linalg.eigvalsh; vectors are orthonormal eigenvectors', () => {
    const k = cov.size;
    const { values, vectors: v } = symmetricEigen(cov);
    expectAllRel(values, ref.eigenvalues, 1e-11, maxAbs(ref.eigenvalues));
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let dot = 0;
        for (let i = 0; i < k; i++) dot += v[i * k + a]! * v[i * k + b]!;
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-13);
      }
      for (let i = 0; i < k; i++) {
        let av = 0;
        for (let j = 0; j < k; j++) av += cov.values[i * k + j]! * v[j * k + a]!;
        expect(Math.abs(av - values[a]! * v[i * k + a]!)).toBeLessThan(1e-13 * values[k - 1]!);
      }
    }
  });

  it('a matrix with a negative eigenvalue falls back to the clipped spectral factor (numpy eigh + clip)', () => {
    const m = { size: 3, values: Float64Array.from(ref.notPsd) };
    expect(cholesky(m)).toBeNull();
    const f = covarianceFactor(m);
    expect(f.method).toBe('eigenvalue-clipping');
    expect(f.clippedCount).toBe(1);
    expect(f.minEigenvalue).toBeCloseTo(ref.notPsdEigenvalues[0], 12);
    expectAllRel(product(f.values, 3), ref.notPsdRepaired, 1e-13, 1);
  });

  it('a singular (duplicated series) covariance is simulated exactly through the spectral factor', () => {
    const m = { size: 3, values: Float64Array.from(ref.singular) };
    expect(cholesky(m)).toBeNull();
    const f = covarianceFactor(m);
    expect(f.method).toBe('eigenvalue-clipping');
    expectAllRel(product(f.values, 3), ref.singular, 1e-12, maxAbs(ref.singular));
  });

  it('properties: L·Lᵀ = M and Q·Λ·Qᵀ = M for random positive-definite M', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 8 }).chain((k) => fc.tuple(fc.constant(k),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: k * k, maxLength: k * k }))),
      ([k, entries]) => {
        const b = Float64Array.from(entries);
        const m = product(b, k);
        for (let i = 0; i < k; i++) m[i * k + i] = m[i * k + i]! + 0.5;
        const scale = maxAbs(m);
        const l = cholesky({ size: k, values: m });
        expect(l).not.toBeNull();
        expectAllRel(product(l!, k), m, 1e-12, scale);
        const { values, vectors: q } = symmetricEigen({ size: k, values: m });
        const back = new Float64Array(k * k);
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
          let s = 0;
          for (let a = 0; a < k; a++) s += q[i * k + a]! * values[a]! * q[j * k + a]!;
          back[i * k + j] = s;
        }
        expectAllRel(back, m, 1e-12, scale);
        for (let a = 1; a < k; a++) expect(values[a]!).toBeGreaterThanOrEqual(values[a - 1]!);
      },
    ));
  });
});
