import { americanPrice } from '../pricing/american.js';
import { bsmPrice, logMoneyness, normalisedBlack } from '../pricing/black.js';

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
 *  (europeanValuesAtHorizon when the volatility is the same in every scenario).
 *  American options with many scenarios and one volatility are priced on a log-spot grid and
 *  interpolated by a natural cubic spline (error below 1e-6 of the strike, test/evaluate);
 *  otherwise one solve per scenario. */
export function optionValuesAtHorizon(o: HorizonOption, spots: Float64Array, vols: Float64Array, out: Float64Array): void {
  const n = spots.length;
  if (o.remainingYears <= 0) {
    for (let i = 0; i < n; i++) out[i] = Math.max(0, o.theta * ((spots[i] as number) - o.strike));
    return;
  }
  if (!o.american && n > 0 && constant(vols)) {
    europeanValuesAtHorizon(o, vols[0] as number, spots, out);
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

/** European values of one contract at many spots under one volatility, the batch form of
 *  bsmPrice: what does not depend on the spot — σ√τ, the carry (r − q)τ and the scale
 *  √K·e^{−(r+q)τ/2} of e^{−rτ}√(FK) — is formed once, so each spot costs one logarithm, one square
 *  root and the normalised Black function (the same kernel as bsmPrice; values agree with it to
 *  a few ulps, the scale being √S·√K instead of √(S·K)). Inputs are trusted (remainingYears > 0). */
export function europeanValuesAtHorizon(o: HorizonOption, volatility: number, spots: Float64Array, out: Float64Array): void {
  const n = spots.length;
  const tau = o.remainingYears;
  const s = volatility * Math.sqrt(tau);
  if (!(s > 0)) {
    for (let i = 0; i < n; i++) out[i] = bsmPrice(o.theta, spots[i] as number, o.strike, o.rate, o.dividendYield, volatility, tau);
    return;
  }
  const { theta, strike } = o;
  const carry = (o.rate - o.dividendYield) * tau;
  const scale = Math.sqrt(strike) * Math.exp(-0.5 * (o.rate + o.dividendYield) * tau);
  for (let i = 0; i < n; i++) {
    const spot = spots[i] as number;
    out[i] = Math.sqrt(spot) * scale * normalisedBlack(logMoneyness(spot, strike) + carry, s, theta);
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
