// Merton (1974) structural model of a firm's capital structure: equity is a call on the firm's
// assets V with strike the default point F (debt due at T). Given the observed equity value E and
// equity volatility σ_E, solve the two equations (Hull, Options, Futures and Other Derivatives,
// 9th ed., §24.6, eqs. 24.3–24.4)
//   E = V·N(d1) − F·e^{−rT}·N(d2),    σ_E·E = N(d1)·σ_V·V,
//   d1 = (ln(V/F) + (r + σ_V²/2)·T) / (σ_V·√T),  d2 = d1 − σ_V·√T,
// for the asset value V and asset volatility σ_V. Debt is then worth D = V − E.

import { normCdf, normPdf } from './special.js';

export type MertonInput = {
  /** Market value of equity, in currency. */
  equityValue: number;
  /** Annualised volatility of equity, decimal. */
  equityVolatility: number;
  /** Debt due at the horizon (the default point), in currency. */
  defaultPoint: number;
  /** Continuously compounded risk-free rate. */
  rate: number;
  /** Years to the debt's maturity (commonly 1). */
  timeYears: number;
};

export type MertonFit = {
  assetValue: number;
  assetVolatility: number;
  d1: number;
  d2: number;
  /** Risk-neutral probability that assets end below the default point, N(−d2). */
  defaultProbability: number;
  /** Market value of the debt, V − E. */
  debtValue: number;
  /** Continuously compounded yield spread of the debt over the risk-free rate:
   *  −ln(D / (F·e^{−rT})) / T. */
  creditSpread: number;
  /** Change in debt value per unit change in equity value when the assets move (volatility
   *  fixed): ∂D/∂E = (1 − N(d1)) / N(d1). Positive: in this model the bond moves WITH the stock. */
  debtPerEquity: number;
  /** Elasticity of debt to equity, (∂D/∂E)·E/D: % move of the debt per 1 % move of the equity. */
  debtElasticity: number;
  iterations: number;
};

/** Solves Merton's equations by Newton's method in (V, σ_V), started from V = E + F·e^{−rT} and
 *  σ_V = σ_E·E/V. Returns null when it does not converge (the reason is then that the inputs
 *  admit no solution, e.g. a non-positive value). Inputs are assumed valid and positive. */
export function mertonFromEquity(m: MertonInput): MertonFit | null {
  const { equityValue: E, equityVolatility: sE, defaultPoint: F, rate: r, timeYears: T } = m;
  const sqrtT = Math.sqrt(T);
  const pvF = F * Math.exp(-r * T);
  let V = E + pvF;
  let sV = (sE * E) / V;
  for (let iter = 1; iter <= 100; iter++) {
    const d1 = (Math.log(V / F) + (r + 0.5 * sV * sV) * T) / (sV * sqrtT);
    const d2 = d1 - sV * sqrtT;
    const n1 = normCdf(d1);
    const n2 = normCdf(d2);
    const p1 = normPdf(d1);
    // Residuals of the two equations, scaled by E so both are O(1).
    const f1 = (V * n1 - pvF * n2 - E) / E;
    const f2 = (n1 * sV * V - sE * E) / E;
    // Jacobian: ∂E/∂V = N(d1), ∂E/∂σ_V = V·φ(d1)·√T (vega); for g = N(d1)·σ_V·V,
    // ∂d1/∂V = 1/(V σ_V √T), ∂d1/∂σ_V = −d2/σ_V.
    const j11 = n1 / E;
    const j12 = (V * p1 * sqrtT) / E;
    const j21 = (sV * n1 + p1 / sqrtT) / E;
    const j22 = (V * n1 - p1 * V * d2) / E;
    const det = j11 * j22 - j12 * j21;
    const dV = (f1 * j22 - f2 * j12) / det;
    const dS = (j11 * f2 - j21 * f1) / det;
    // Damped so the iterate stays positive.
    V = Math.max(V - dV, 0.5 * V);
    sV = Math.max(sV - dS, 0.5 * sV);
    if (Math.abs(dV) <= 1e-14 * V && Math.abs(dS) <= 1e-14 * Math.max(sV, 1e-8)) {
      return summarise(V, sV, m, iter);
    }
  }
  return null;
}

function summarise(V: number, sV: number, m: MertonInput, iterations: number): MertonFit {
  const { equityValue: E, defaultPoint: F, rate: r, timeYears: T } = m;
  const d1 = (Math.log(V / F) + (r + 0.5 * sV * sV) * T) / (sV * Math.sqrt(T));
  const d2 = d1 - sV * Math.sqrt(T);
  const debtValue = V - E;
  const n1 = normCdf(d1);
  const debtPerEquity = (1 - n1) / n1;
  return {
    assetValue: V, assetVolatility: sV, d1, d2,
    defaultProbability: normCdf(-d2),
    debtValue,
    creditSpread: -Math.log(debtValue / (F * Math.exp(-r * T))) / T,
    debtPerEquity,
    debtElasticity: (debtPerEquity * E) / debtValue,
    iterations,
  };
}
