// GARCH(1,1) with a constant mean, fitted by Gaussian maximum likelihood (Bollerslev 1986,
// "Generalized autoregressive conditional heteroskedasticity", J. Econometrics 31(3)):
//   r_t = μ + ε_t,   σ²_t = ω + α·ε²_{t−1} + β·σ²_{t−1},
//   ℓ = −½ Σ_t [ln 2π + ln σ²_t + ε²_t/σ²_t].
// Start-up follows Sheppard's `arch` package (arch_model(..., mean="Constant", vol="GARCH")):
// the unobserved ε²_{−1} and σ²_{−1} are both replaced by a "backcast", the EWMA (λ = 0.94) of
// the first min(75, n) squared residuals of the sample mean, weights normalised, held fixed
// during the optimisation. So σ²_0 = ω + (α + β)·backcast.
//
// The optimisation runs on returns divided by their sample standard deviation c (parameters
// of order 1, as arch also recommends rescaling), then maps back: μ = c·μ_z, ω = c²·ω_z,
// ℓ = ℓ_z − n·ln c (exact identities of the model). Constraints ω > 0, α, β ≥ 0, α + β < 1
// (covariance stationarity) are built in by the smooth reparametrisation
//   ω_z = e^a,  α + β = logistic(b),  α = (α + β)·logistic(c),
// and the likelihood is maximised by BFGS with its analytic gradient (recursions for
// ∂σ²_t/∂θ below) from three starting points; the best optimum is kept.

import { isConstant, mean, standardDeviation } from './descriptive.js';
import { minimizeBfgs } from './optimize.js';
import { estimated, notEstimable, type Estimate } from './result.js';

export type GarchParameters = {
  /** Constant mean return per period. */
  mu: number;
  /** Variance intercept per period² (ω). */
  omega: number;
  /** Weight of the last squared shock. */
  alpha: number;
  /** Weight of the last conditional variance. */
  beta: number;
};

export type GarchFit = GarchParameters & {
  /** Maximised Gaussian log-likelihood of the returns, in their own units. */
  logLikelihood: number;
  /** α + β < 1: how slowly a shock to variance decays (half-life ln ½ / ln(α + β) periods). */
  persistence: number;
  /** Long-run variance per period V_L = ω/(1 − α − β). */
  longRunVariance: number;
  /** σ²_T, the conditional variance of the last observed return. */
  lastVariance: number;
  /** σ²_{T+1} = ω + α·ε²_T + β·σ²_T, the variance forecast for the next period. */
  nextVariance: number;
  /** The start-up value used for ε²_{−1} and σ²_{−1}. */
  backcast: number;
  n: number;
  /** max |∂ℓ/∂θ| on the optimiser's scale at the optimum, and whether it met the tolerance. */
  gradientNorm: number;
  converged: boolean;
};

/** Fewer observations than this do not pin down three variance parameters. */
export const GARCH_MIN_OBSERVATIONS = 100;

/** arch's backcast: Σ_{i<τ} w_i ε_i² with w_i ∝ 0.94^i, τ = min(75, n). */
export function garchBackcast(residuals: Float64Array): number {
  const tau = Math.min(75, residuals.length);
  let weighted = 0;
  let total = 0;
  let w = 1;
  for (let i = 0; i < tau; i++) {
    weighted += w * residuals[i]! * residuals[i]!;
    total += w;
    w *= 0.94;
  }
  return weighted / total;
}

/** Conditional variances σ²_0..σ²_{n−1} of `returns` under `params`, started from `backcast`
 *  (default: garchBackcast of the residuals from the sample mean, as in the fit). */
export function garchVariances(returns: Float64Array, params: GarchParameters, backcast = defaultBackcast(returns)): Float64Array {
  const out = new Float64Array(returns.length);
  let previousShock2 = backcast;
  let previousVariance = backcast;
  for (let t = 0; t < returns.length; t++) {
    const v = params.omega + params.alpha * previousShock2 + params.beta * previousVariance;
    out[t] = v;
    const e = returns[t]! - params.mu;
    previousShock2 = e * e;
    previousVariance = v;
  }
  return out;
}

/** Gaussian log-likelihood of `returns` under `params` (start-up as in garchVariances). */
export function garchLogLikelihood(returns: Float64Array, params: GarchParameters, backcast = defaultBackcast(returns)): number {
  const variances = garchVariances(returns, params, backcast);
  let ll = 0;
  for (let t = 0; t < returns.length; t++) {
    const e = returns[t]! - params.mu;
    ll += Math.log(variances[t]!) + (e * e) / variances[t]!;
  }
  return -0.5 * (returns.length * Math.log(2 * Math.PI) + ll);
}

/** Maximum-likelihood GARCH(1,1) fit of per-period (e.g. daily log) returns. Not estimable
 *  with fewer than GARCH_MIN_OBSERVATIONS returns or constant returns. */
export function fitGarch11(returns: Float64Array): Estimate<GarchFit> {
  const n = returns.length;
  if (n < GARCH_MIN_OBSERVATIONS) {
    return notEstimable(`GARCH(1,1) needs at least ${GARCH_MIN_OBSERVATIONS} returns, got ${n}`);
  }
  if (isConstant(returns)) return notEstimable('GARCH(1,1) is undefined: the returns are constant');
  const c = standardDeviation(returns);
  if (!(c > 0)) return notEstimable('GARCH(1,1) is undefined: the returns are constant');
  const z = returns.map((r) => r / c);
  const mz = mean(z);
  const backcastZ = garchBackcast(z.map((v) => v - mz));
  const objective = garchObjective(z, backcastZ);

  let best: { x: Float64Array; value: number; gradientNorm: number; converged: boolean } | null = null;
  for (const [alpha, beta] of [[0.05, 0.9], [0.1, 0.8], [0.03, 0.95]] as const) {
    const persistence = alpha + beta;
    // sample variance of z is 1, so ω_z = 1 − α − β starts at the sample's long-run variance
    const x0 = Float64Array.of(mz, Math.log(1 - persistence), logit(persistence), logit(alpha / persistence));
    const result = minimizeBfgs(objective, x0, { gradientTolerance: 1e-9, maxIterations: 1000 });
    if (Number.isFinite(result.value) && (best === null || result.value < best.value)) best = result;
  }
  if (best === null) return notEstimable('GARCH(1,1) likelihood could not be evaluated');
  const pz = fromUnconstrained(best.x);
  const params: GarchParameters = { mu: pz.mu * c, omega: pz.omega * c * c, alpha: pz.alpha, beta: pz.beta };
  const backcast = backcastZ * c * c;
  const variances = garchVariances(returns, params, backcast);
  const lastVariance = variances[n - 1]!;
  const lastShock = returns[n - 1]! - params.mu;
  const persistence = params.alpha + params.beta;
  return estimated({
    ...params,
    logLikelihood: -best.value - n * Math.log(c),
    persistence,
    longRunVariance: params.omega / (1 - persistence),
    lastVariance,
    nextVariance: params.omega + params.alpha * lastShock * lastShock + params.beta * lastVariance,
    backcast,
    n,
    gradientNorm: best.gradientNorm,
    converged: best.converged,
  });
}

export type GarchTermStructure = {
  /** E[σ²_{T+h}] for h = 1..horizonDays, per period: V_L + (α+β)^{h−1}·(σ²_{T+1} − V_L). */
  varianceByPeriod: Float64Array;
  /** Σ_h E[σ²_{T+h}]: the expected variance of the horizon's cumulative return. */
  horizonVariance: number;
  /** √(horizonVariance · periodsPerYear / horizonDays): the annualised volatility to quote for
   *  the horizon (decimal). */
  annualisedVolatility: number;
};

/** Variance term structure of a fitted GARCH(1,1) over the next `horizonDays` periods: the
 *  expected conditional variance decays geometrically at rate α + β from σ²_{T+1} to V_L
 *  (Hull, Options, Futures and Other Derivatives, ch. 23 "Using GARCH(1,1) to forecast future
 *  volatility"; the discrete sum, not Hull's continuous-time approximation). */
export function garchTermStructure(
  fit: Pick<GarchFit, 'omega' | 'alpha' | 'beta' | 'nextVariance'>, horizonDays: number, periodsPerYear = 252,
): GarchTermStructure {
  if (!Number.isInteger(horizonDays) || horizonDays < 1) {
    throw new RangeError(`horizon must be a positive whole number of periods, got ${horizonDays}`);
  }
  const persistence = fit.alpha + fit.beta;
  const longRun = fit.omega / (1 - persistence);
  const varianceByPeriod = new Float64Array(horizonDays);
  let decay = 1;
  let total = 0;
  for (let h = 0; h < horizonDays; h++) {
    const v = longRun + decay * (fit.nextVariance - longRun);
    varianceByPeriod[h] = v;
    total += v;
    decay *= persistence;
  }
  return {
    varianceByPeriod,
    horizonVariance: total,
    annualisedVolatility: Math.sqrt((total * periodsPerYear) / horizonDays),
  };
}

function defaultBackcast(returns: Float64Array): number {
  const m = mean(returns);
  return garchBackcast(returns.map((r) => r - m));
}

function logistic(u: number): number {
  return 1 / (1 + Math.exp(-u));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function fromUnconstrained(x: Float64Array): GarchParameters {
  const persistence = logistic(x[2]!);
  const share = logistic(x[3]!);
  return { mu: x[0]!, omega: Math.exp(x[1]!), alpha: persistence * share, beta: persistence * (1 - share) };
}

/** −ℓ(z) and its gradient in the unconstrained coordinates (μ, a, b, c). With
 *  d_t = ∂σ²_t/∂(μ, ω, α, β):  d_0 = (0, 1, B, B),
 *  d_t = (−2α·ε_{t−1}, 1, ε²_{t−1}, σ²_{t−1}) + β·d_{t−1},
 *  ∂ℓ/∂θ = −½ Σ_t [(1/σ²_t − ε²_t/σ⁴_t)·d_t + (2ε_t/σ²_t)·∂ε_t/∂θ],  ∂ε_t/∂μ = −1. */
function garchObjective(z: Float64Array, backcast: number) {
  return (x: Float64Array, gradient: Float64Array): number => {
    const { mu, omega, alpha, beta } = fromUnconstrained(x);
    let previousShock = 0;
    let previousShock2 = backcast;
    let previousVariance = backcast;
    let dMu = 0;
    let dOmega = 0;
    let dAlpha = 0;
    let dBeta = 0;
    let ll = 0;
    let gMu = 0;
    let gOmega = 0;
    let gAlpha = 0;
    let gBeta = 0;
    for (let t = 0; t < z.length; t++) {
      const v = omega + alpha * previousShock2 + beta * previousVariance;
      if (t === 0) {
        dMu = 0;
        dOmega = 1;
        dAlpha = backcast;
        dBeta = backcast;
      } else {
        dMu = -2 * alpha * previousShock + beta * dMu;
        dOmega = 1 + beta * dOmega;
        dAlpha = previousShock2 + beta * dAlpha;
        dBeta = previousVariance + beta * dBeta;
      }
      const e = z[t]! - mu;
      const e2 = e * e;
      ll += Math.log(v) + e2 / v;
      const w = 1 / v - e2 / (v * v);
      gMu += w * dMu - (2 * e) / v;
      gOmega += w * dOmega;
      gAlpha += w * dAlpha;
      gBeta += w * dBeta;
      previousShock = e;
      previousShock2 = e2;
      previousVariance = v;
    }
    // g* accumulate ∂(−2ℓ)/∂θ without the constant; the objective is −ℓ = ½(n ln 2π + ll).
    const persistence = alpha + beta;
    const share = persistence > 0 ? alpha / persistence : 0;
    const dPersistence = persistence * (1 - persistence);
    const dShare = share * (1 - share);
    gradient[0] = 0.5 * gMu;
    gradient[1] = 0.5 * gOmega * omega;
    gradient[2] = 0.5 * (gAlpha * share + gBeta * (1 - share)) * dPersistence;
    gradient[3] = 0.5 * (gAlpha - gBeta) * persistence * dShare;
    return 0.5 * (z.length * Math.log(2 * Math.PI) + ll);
  };
}
