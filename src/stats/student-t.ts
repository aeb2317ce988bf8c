// Location-scale Student-t fitted by maximum likelihood, the usual model for the fat tails of
// daily returns (Praetz 1972, "The distribution of share price changes", J. Business 45(1);
// Blattberg & Gonedes 1974). Density of x with ν degrees of freedom, location m, scale s:
//   f(x) = Γ((ν+1)/2) / (Γ(ν/2)·√(νπ)·s) · (1 + z²/ν)^{−(ν+1)/2},  z = (x − m)/s,
// the parametrisation of scipy.stats.t(df=ν, loc=m, scale=s), whose `fit` this reproduces. The
// variance is s²·ν/(ν − 2) for ν > 2; ν → ∞ is the normal distribution.
//
// The fit maximises ℓ over (ln ν, m, ln s) by BFGS with the analytic gradient
//   ∂ℓ_i/∂ν = ½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2ν) − ½ln u + (ν+1)z²/(2ν²u),   u = 1 + z²/ν,
//   ∂ℓ_i/∂m = (ν+1)z/(ν s u),   ∂ℓ_i/∂s = −1/s + (ν+1)z²/(ν s u),
// on data divided by their standard deviation c (then m ← c·m, s ← c·s, ℓ ← ℓ − n·ln c).

import { isConstant, mean, standardDeviation } from './descriptive.js';
import { minimizeBfgs } from './optimize.js';
import { estimated, notEstimable, type Estimate } from './result.js';
import { digamma, logGamma } from './special.js';

export type StudentTParameters = { degreesOfFreedom: number; location: number; scale: number };

export type StudentTFit = StudentTParameters & {
  logLikelihood: number;
  n: number;
  gradientNorm: number;
  converged: boolean;
};

/** Fewer observations than this say little about the tails. */
export const STUDENT_T_MIN_OBSERVATIONS = 30;

/** Σ_i ln f(x_i) under the location-scale t (scipy.stats.t.logpdf(x, df, loc, scale).sum()). */
export function studentTLogLikelihood(x: Float64Array, p: StudentTParameters): number {
  const nu = p.degreesOfFreedom;
  const constant = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(p.scale);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const z = (x[i]! - p.location) / p.scale;
    sum += Math.log1p((z * z) / nu);
  }
  return x.length * constant - ((nu + 1) / 2) * sum;
}

/** Maximum-likelihood fit of ν, location and scale. Not estimable with fewer than
 *  STUDENT_T_MIN_OBSERVATIONS values or constant data. A very large ν (hundreds or more) means
 *  the sample shows no fat tails: the likelihood is then flat in ν and `converged` may be false
 *  while location and scale are still well determined. */
export function fitStudentT(x: Float64Array): Estimate<StudentTFit> {
  const n = x.length;
  if (n < STUDENT_T_MIN_OBSERVATIONS) {
    return notEstimable(`Student-t fit needs at least ${STUDENT_T_MIN_OBSERVATIONS} values, got ${n}`);
  }
  if (isConstant(x)) return notEstimable('Student-t fit is undefined: the data are constant');
  const c = standardDeviation(x);
  if (!(c > 0)) return notEstimable('Student-t fit is undefined: the data are constant');
  const z = x.map((v) => v / c);
  const mz = mean(z);
  const objective = (u: Float64Array, gradient: Float64Array): number => {
    const nu = Math.exp(u[0]!);
    const m = u[1]!;
    const s = Math.exp(u[2]!);
    let sumLog = 0;
    let dNu = 0;
    let dM = 0;
    let dS = 0;
    for (let i = 0; i < n; i++) {
      const zi = (z[i]! - m) / s;
      const q = (zi * zi) / nu;
      const w = 1 + q;
      sumLog += Math.log1p(q);
      dNu += q / w;
      dM += zi / w;
      dS += q / w;
    }
    const ll = n * (logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(s))
      - ((nu + 1) / 2) * sumLog;
    // Σ_i (ν+1)z²/(2ν²u) = (ν+1)/(2ν)·Σ q/u;  Σ (ν+1)z/(ν s u) = (ν+1)/(ν s)·Σ z/u;
    // Σ (ν+1)z²/(ν s u) = (ν+1)/s·Σ q/u.
    const gNu = n * (0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 0.5 / nu) - 0.5 * sumLog
      + ((nu + 1) / (2 * nu)) * dNu;
    const gM = ((nu + 1) / (nu * s)) * dM;
    const gS = -n / s + ((nu + 1) / s) * dS;
    gradient[0] = -gNu * nu;
    gradient[1] = -gM;
    gradient[2] = -gS * s;
    return -ll;
  };
  let best: { x: Float64Array; value: number; gradientNorm: number; converged: boolean } | null = null;
  for (const nu0 of [4, 8, 30]) {
    // scale that gives the sample variance (1 on this scale) at ν0: s² = (ν − 2)/ν
    const x0 = Float64Array.of(Math.log(nu0), mz, 0.5 * Math.log((nu0 - 2) / nu0));
    const result = minimizeBfgs(objective, x0, { gradientTolerance: 1e-9, maxIterations: 1000 });
    if (Number.isFinite(result.value) && (best === null || result.value < best.value)) best = result;
  }
  if (best === null) return notEstimable('Student-t likelihood could not be evaluated');
  return estimated({
    degreesOfFreedom: Math.exp(best.x[0]!),
    location: best.x[1]! * c,
    scale: Math.exp(best.x[2]!) * c,
    logLikelihood: -best.value - n * Math.log(c),
    n,
    gradientNorm: best.gradientNorm,
    converged: best.converged,
  });
}
