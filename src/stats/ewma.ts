// Exponentially weighted moving average (EWMA) variance and covariance, the RiskMetrics model
// (J.P. Morgan/Reuters, RiskMetrics — Technical Document, 4th ed., 1996, §5.2.1, eq. 5.1 and
// Table 5.1: λ = 0.94 for daily data). Two conventions of that document are kept:
//   • zero mean: daily returns are not demeaned (their mean is small against their noise and
//     estimating it adds error, ibid. §5.3.1.1);
//   • weights λ^i on the i-th most recent observation.
// The weights are normalised over the sample, σ²_T = Σ_{i=0}^{T} λ^i r²_{T−i} / Σ_{i=0}^{T} λ^i,
// which is the document's (1 − λ) Σ λ^i r²_{T−i} with its infinite-sample normaliser 1/(1 − λ)
// replaced by the exact finite one; the two agree once λ^{T+1} is negligible (≈ 250 days at
// 0.94) and the normalised form needs no arbitrary start value. It equals
// pandas `Series.ewm(alpha = 1 − λ, adjust = True).mean()` of r².
//
// Kernels: inputs are finite; 0 < λ < 1 is checked (RangeError) because a wrong λ is silent.

import type { SymmetricMatrix } from './covariance.js';

/** RiskMetrics decay factor for daily returns. */
export const RISKMETRICS_DAILY_LAMBDA = 0.94;

/** Running EWMA variance: out[t] is the estimate from r_0..r_t (per period, not annualised),
 *  i.e. the forecast of the variance of r_{t+1}. Same length as `returns`. */
export function ewmaVariance(returns: Float64Array, lambda = RISKMETRICS_DAILY_LAMBDA): Float64Array {
  checkLambda(lambda);
  const out = new Float64Array(returns.length);
  let weighted = 0;
  let weights = 0;
  for (let t = 0; t < returns.length; t++) {
    const r = returns[t]!;
    weighted = lambda * weighted + r * r;
    weights = lambda * weights + 1;
    out[t] = weighted / weights;
  }
  return out;
}

/** EWMA volatility from the whole sample, annualised by √periodsPerYear (decimal, 0.25 = 25 %).
 *  Requires at least one return. */
export function ewmaVolatility(
  returns: Float64Array, lambda = RISKMETRICS_DAILY_LAMBDA, periodsPerYear = 252,
): number {
  return Math.sqrt(ewmaCovariance(returns, returns, lambda) * periodsPerYear);
}

/** EWMA covariance of two return series over the whole sample (per period, zero mean,
 *  normalised weights): Σ λ^i x_{T−i} y_{T−i} / Σ λ^i. Equal lengths, at least one return. */
export function ewmaCovariance(x: Float64Array, y: Float64Array, lambda = RISKMETRICS_DAILY_LAMBDA): number {
  checkLambda(lambda);
  if (x.length !== y.length) throw new RangeError(`series lengths differ: ${x.length} vs ${y.length}`);
  if (x.length === 0) throw new RangeError('EWMA needs at least one observation');
  let weighted = 0;
  let weights = 0;
  for (let t = 0; t < x.length; t++) {
    weighted = lambda * weighted + x[t]! * y[t]!;
    weights = lambda * weights + 1;
  }
  return weighted / weights;
}

/** EWMA covariance matrix of k return series of equal length (per period). Positive
 *  semi-definite by construction: it is a weighted sum of outer products r_t r_tᵀ. */
export function ewmaCovarianceMatrix(columns: readonly Float64Array[], lambda = RISKMETRICS_DAILY_LAMBDA): SymmetricMatrix {
  checkLambda(lambda);
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  if (k === 0 || n === 0) throw new RangeError('EWMA covariance needs at least one series and one observation');
  for (const c of columns) if (c.length !== n) throw new RangeError(`series lengths differ: ${c.length} vs ${n}`);
  // Weights computed once; the sum runs oldest-to-newest like the scalar recursion.
  const w = new Float64Array(n);
  let total = 0;
  let wt = 1;
  for (let t = n - 1; t >= 0; t--) {
    w[t] = wt;
    total += wt;
    wt *= lambda;
  }
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const ci = columns[i]!;
    for (let j = i; j < k; j++) {
      const cj = columns[j]!;
      let s = 0;
      for (let t = 0; t < n; t++) s += w[t]! * ci[t]! * cj[t]!;
      values[i * k + j] = s / total;
      values[j * k + i] = s / total;
    }
  }
  return { size: k, values };
}

function checkLambda(lambda: number): void {
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`EWMA decay λ must be in (0, 1), got ${lambda}`);
}
