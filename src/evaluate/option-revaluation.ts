import { americanPrice } from '../pricing/american.js';
import { bsmPrice, discountedRootForwardStrike, logMoneyness, normalisedBlack } from '../pricing/black.js';

/** Scenarios above which American options are revalued through a spline in log-spot instead of
 *  one fixed-point solve per scenario; below it direct pricing is cheap enough. */
export const AMERICAN_GRID_THRESHOLD = 2048;
/** Nodes of that spline: every 0.1–0.3 % of log-spot over a typical scenario range. */
const GRID_NODES = 1025;

export type HorizonOption = {
  /** +1 call, −1 put. */
  theta: number;
  american: boolean;
  strike: number;
  rate: number;
  dividendYield: number;
  /** Time left to expiry at the horizon, in years (≤ 0: expired, worth its intrinsic value). */
  remainingYears: number;
};

/** Value at the horizon of one option per scenario: `spots[i]` the underlying there, `vols[i]`
 *  the volatility there. Writes into `out`. European options use the closed form per scenario
 *  (see europeanValuesAtHorizon for many contracts under one volatility per contract).
 *  American options with many scenarios and one volatility are priced on a log-spot grid and
 *  interpolated by a natural cubic spline (error below 1e-6 of the strike, test/evaluate);
 *  otherwise one solve per scenario. */
export function optionValuesAtHorizon(o: HorizonOption, spots: Float64Array, vols: Float64Array, out: Float64Array): void {
  const n = spots.length;
  if (o.remainingYears <= 0) {
    for (let i = 0; i < n; i++) out[i] = Math.max(0, o.theta * ((spots[i] as number) - o.strike));
    return;
  }
  const price = o.american ? americanPrice : bsmPrice;
  if (!o.american || n <= AMERICAN_GRID_THRESHOLD || !constant(vols)) {
    for (let i = 0; i < n; i++) {
      out[i] = price(o.theta, spots[i] as number, o.strike, o.rate, o.dividendYield, vols[i] as number, o.remainingYears);
    }
    return;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) { lo = Math.min(lo, spots[i] as number); hi = Math.max(hi, spots[i] as number); }
  const x0 = Math.log(lo) - 1e-9;
  const h = (Math.log(hi) + 1e-9 - x0) / (GRID_NODES - 1);
  const y = new Float64Array(GRID_NODES);
  for (let k = 0; k < GRID_NODES; k++) {
    y[k] = price(o.theta, Math.exp(x0 + k * h), o.strike, o.rate, o.dividendYield, vols[0] as number, o.remainingYears);
  }
  const m = naturalSplineMoments(y, h);
  for (let i = 0; i < n; i++) {
    const t = (Math.log(spots[i] as number) - x0) / h;
    const k = Math.min(GRID_NODES - 2, Math.max(0, Math.floor(t)));
    const a = k + 1 - t;
    const b = t - k;
    out[i] = a * (y[k] as number) + b * (y[k + 1] as number) +
      ((a * a * a - a) * (m[k] as number) + (b * b * b - b) * (m[k + 1] as number)) * (h * h) / 6;
  }
}

/** An underlying's scenario moves as the European batch kernel uses them: ln and √ of each price
 *  relative, computed once per underlying and shared by every contract written on it. */
export type UnderlyingMoves = { spot: number; logRelatives: Float64Array; rootRelatives: Float64Array };

/** `logInto`, `rootInto`: buffers of at least relatives.length values to fill (allocated when omitted). */
export function underlyingMoves(spot: number, relatives: Float64Array, logInto?: Float64Array, rootInto?: Float64Array): UnderlyingMoves {
  const n = relatives.length;
  const logRelatives = logInto?.subarray(0, n) ?? new Float64Array(n);
  const rootRelatives = rootInto?.subarray(0, n) ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = relatives[i] as number;
    logRelatives[i] = Math.log(r);
    rootRelatives[i] = Math.sqrt(r);
  }
  return { spot, logRelatives, rootRelatives };
}

/** European values at the horizon of one contract in every scenario, under one volatility: the
 *  batch form of bsmPrice for revaluation. Whatever does not depend on the scenario — σ√τ, the
 *  log-moneyness today plus the carry, ln(S₀/K) + (r − q)τ, and the scale √(S₀K)·e^{−(r+q)τ/2}
 *  of e^{−rτ}√(FK) — is formed once per contract, and ln and √ of the relatives once per
 *  underlying (UnderlyingMoves), so a scenario costs the normalised Black function (bsmPrice's
 *  kernel) and two multiplications. x = ln(S₀/K) + (r − q)τ + ln(relative) carries an absolute
 *  error of a few ε, as ln(S/K) of the rounded scenario spot S = S₀·relative does. Inputs are
 *  trusted (remainingYears > 0, a positive spot and relatives). */
export function europeanValuesAtHorizon(o: HorizonOption, volatility: number, moves: UnderlyingMoves, out: Float64Array): void {
  const { spot, logRelatives, rootRelatives } = moves;
  const n = logRelatives.length;
  const tau = o.remainingYears;
  const s = volatility * Math.sqrt(tau);
  if (!(s > 0)) {
    for (let i = 0; i < n; i++) {
      out[i] = bsmPrice(o.theta, spot * Math.exp(logRelatives[i] as number), o.strike, o.rate, o.dividendYield, volatility, tau);
    }
    return;
  }
  const theta = o.theta;
  const x0 = logMoneyness(spot, o.strike) + (o.rate - o.dividendYield) * tau;
  const scale = discountedRootForwardStrike(spot, o.strike, o.rate, o.dividendYield, tau);
  for (let i = 0; i < n; i++) {
    out[i] = scale * (rootRelatives[i] as number) * normalisedBlack(x0 + (logRelatives[i] as number), s, theta);
  }
}

function constant(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** Second derivatives of the natural cubic spline through equally spaced values (tridiagonal
 *  system solved by the Thomas algorithm; Press et al., Numerical Recipes, §3.3). */
function naturalSplineMoments(y: Float64Array, h: number): Float64Array {
  const n = y.length;
  const m = new Float64Array(n);
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  for (let k = 1; k < n - 1; k++) {
    const rhs = (6 / (h * h)) * ((y[k + 1] as number) - 2 * (y[k] as number) + (y[k - 1] as number));
    const denom = 4 - (c[k - 1] as number);
    c[k] = 1 / denom;
    d[k] = (rhs - (d[k - 1] as number)) / denom;
  }
  for (let k = n - 2; k >= 1; k--) m[k] = (d[k] as number) - (c[k] as number) * (m[k + 1] as number);
  return m;
}
