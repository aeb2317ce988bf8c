// Filtered historical simulation (FHS): Barone-Adesi, Giannopoulos & Vosper (1999), "VaR without
// correlations for portfolios of derivative securities", J. Futures Markets 19(5), 583–602; with
// the EWMA volatility of Hull & White (1998), "Incorporating volatility updating into the
// historical simulation method for value-at-risk", J. Risk 1(1), 5–19.
//
// 1. Filter each symbol's daily increments r_t (./increments.ts) by its conditional volatility:
//      z_t = (r_t − μ)/σ_t,
//    σ_t known at t − 1 from either
//      EWMA (RiskMetrics, μ = 0):  σ²_{t+1} = λσ²_t + (1 − λ)r²_t,  σ²_0 = mean of r² over the
//                                  window (so no residual is lost to a burn-in), λ = 0.94;
//      GARCH(1,1) (src/stats/garch.ts, Gaussian MLE, constant mean μ):
//                                  σ²_{t+1} = ω + α(r_t − μ)² + βσ²_t.
//    The residuals z_t are roughly iid with unit variance; their joint vector on one date keeps
//    that day's cross-sectional dependence ("without correlations": no matrix is estimated).
// 2. Revolatilise to today: a horizon path draws h dates τ_1..τ_h uniformly with replacement —
//    the SAME dates for every symbol — and rebuilds day by day
//      ε_k = σ_{T+k}·z_{τ_k},  r_{T+k} = μ + ε_k,  σ²_{T+k+1} from the model's recursion,
//    starting from today's forecast σ²_{T+1}: volatility is updated along the path as in
//    Barone-Adesi et al. (1999), §2, so a large drawn shock raises the next days' volatility.
// 3. The horizon increment Σ_k r_{T+k} becomes a relative (e^x, or (P + x)/P if additive).
//
// Draw order (src/stats/rng.ts is numpy.random.RandomState bit for bit): for each scenario, h
// calls of RandomState.randint(n) giving τ_1..τ_h, n = number of residual dates.

import { fitGarch11, garchVariances } from '../stats/garch.js';
import { createRng } from '../stats/rng.js';
import { RISKMETRICS_DAILY_LAMBDA } from '../stats/ewma.js';
import { incrementsToRelatives, type DailyIncrements } from './increments.js';

export type VolatilityFilter = 'ewma' | 'garch';

/** One symbol's filtered series and the recursion that moves its variance forward. */
export type FilteredSeries = {
  /** Standardised residuals z_t, one per daily increment. */
  residuals: Float64Array;
  /** Constant daily mean μ (0 for EWMA). */
  mean: number;
  /** Today's forecast σ²_{T+1}, per day. */
  nextVariance: number;
  /** σ²_{next} = omega + alpha·ε² + beta·σ²; EWMA is omega = 0, alpha = 1 − λ, beta = λ. */
  omega: number;
  alpha: number;
  beta: number;
  /** Which filter was applied (after any fallback), for the report. */
  model: string;
};

/** EWMA filter of one increment series (see the file comment). A series with no movement at all
 *  gets zero residuals and zero variance: it stays where it is in every scenario. */
export function ewmaFilter(r: Float64Array, lambda = RISKMETRICS_DAILY_LAMBDA): FilteredSeries {
  const n = r.length;
  let variance = 0;
  for (let t = 0; t < n; t++) variance += r[t]! * r[t]!;
  variance /= n;
  const residuals = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    residuals[t] = variance > 0 ? r[t]! / Math.sqrt(variance) : 0;
    variance = lambda * variance + (1 - lambda) * r[t]! * r[t]!;
  }
  return { residuals, mean: 0, nextVariance: variance, omega: 0, alpha: 1 - lambda, beta: lambda, model: `EWMA λ=${lambda}` };
}

/** GARCH(1,1) filter of one increment series, or the EWMA filter with the reason when the fit is
 *  not estimable or did not converge. */
export function garchFilter(r: Float64Array, fallbackLambda = RISKMETRICS_DAILY_LAMBDA): { filtered: FilteredSeries; fallbackReason?: string } {
  const fit = fitGarch11(r);
  if (!fit.ok) return { filtered: ewmaFilter(r, fallbackLambda), fallbackReason: fit.reason };
  const g = fit.value;
  if (!g.converged) {
    return {
      filtered: ewmaFilter(r, fallbackLambda),
      fallbackReason: `GARCH(1,1) likelihood maximisation did not converge (gradient ${g.gradientNorm.toExponential(2)})`,
    };
  }
  const variances = garchVariances(r, g, g.backcast);
  const residuals = new Float64Array(r.length);
  for (let t = 0; t < r.length; t++) residuals[t] = (r[t]! - g.mu) / Math.sqrt(variances[t]!);
  return {
    filtered: {
      residuals, mean: g.mu, nextVariance: g.nextVariance, omega: g.omega, alpha: g.alpha, beta: g.beta,
      model: `GARCH(1,1) α=${g.alpha.toFixed(3)} β=${g.beta.toFixed(3)}`,
    },
  };
}

export type FilteredHistoricalOptions = {
  horizonDays: number;
  count: number;
  seed: number;
  filter: VolatilityFilter;
  /** EWMA decay (also the fallback's when a GARCH fit fails). */
  lambda: number;
};

export type FilteredHistoricalResult = {
  relatives: Float64Array[];
  filters: FilteredSeries[];
  /** One sentence per symbol whose GARCH fit fell back to EWMA. */
  notes: string[];
};

/** FHS relatives for every symbol of `increments` (see the file comment). */
export function filteredHistoricalScenarios(increments: DailyIncrements, o: FilteredHistoricalOptions): FilteredHistoricalResult {
  const notes: string[] = [];
  const filters = increments.columns.map((r, j) => {
    if (o.filter === 'ewma') return ewmaFilter(r, o.lambda);
    const { filtered, fallbackReason } = garchFilter(r, o.lambda);
    if (fallbackReason !== undefined) notes.push(`${increments.symbols[j]}: ${fallbackReason}; filtered by EWMA λ=${o.lambda} instead.`);
    return filtered;
  });
  const k = filters.length;
  const n = increments.count;
  const h = o.horizonDays;
  const rng = createRng(o.seed);
  const dates = new Int32Array(h);
  const columns = Array.from({ length: k }, () => new Float64Array(o.count));
  for (let i = 0; i < o.count; i++) {
    for (let d = 0; d < h; d++) dates[d] = rng.integer(n);
    for (let j = 0; j < k; j++) {
      const f = filters[j]!;
      const z = f.residuals;
      let variance = f.nextVariance;
      let x = 0;
      for (let d = 0; d < h; d++) {
        const shock = Math.sqrt(variance) * z[dates[d]!]!;
        x += f.mean + shock;
        variance = f.omega + f.alpha * shock * shock + f.beta * variance;
      }
      columns[j]![i] = x;
    }
  }
  columns.forEach((c, j) => incrementsToRelatives(c, increments.additive[j]!, increments.lastPrices[j]!));
  return { relatives: columns, filters, notes };
}
