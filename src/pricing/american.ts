/** American options: regime routing, put–call symmetry, and Greeks.
 *
 *  Calls are priced as puts through the McDonald–Schroder (1998) symmetry
 *  C(S, K, r, q, σ, T) = P(K, S, q, r, σ, T). For the put (rate r, yield q):
 *    - r ≤ 0 and q ≥ r: early exercise is never optimal (the interest rK − qS earned by exercising
 *      is never positive in the exercise region), so the value is the European one;
 *    - q < r < 0: the exercise region is an interval between two boundaries (Battauz, De Donno &
 *      Sbuelz 2015; Andersen & Lake 2021); priced by the finite-difference solver;
 *    - otherwise (r > 0, or r = 0 with q < 0) a single boundary: the ALO fixed-point engine;
 *    - σ = 0: deterministic, the best exercise date is found in closed form.
 *  Greeks: delta and gamma are analytic (derivatives of the early-exercise-premium integral),
 *  theta follows from the Black–Scholes PDE in the continuation region
 *  (∂V/∂t = rV − (r−q)SΔ − ½σ²S²Γ; 0 in the exercise region), and vega, rho and dividendRho are
 *  central differences of the price (steps in docs/pricing.md and below). */

import { type AloScheme, aloPutInto } from './american-alo.js';
import { fdAmericanPutExtrapolated } from './american-fd.js';
import { bsmGreeksInto } from './black.js';

/** Production scheme: Chebyshev degree 9, 8 fixed-point and 32 premium quadrature points, at
 *  least 3 sweeps (more until the boundary settles). Over the parameter box it gives a
 *  median relative error of ~1e-11 and a 99th percentile of ~5e-7 against the converged engine
 *  (docs/pricing.md has the sweeps behind this choice). */
export const AMERICAN_SCHEME: AloScheme = { chebyshevDegree: 9, fixedPointNodes: 8, priceNodes: 32, sweeps: 3 };

/** Grid for the double-boundary fallback: Richardson over 400×200 and 800×400 — about 1e-7
 *  relative on our checks (1e-6 far out of the money) in ~0.1 s per value. */
const FD_GRID = { spaceSteps: 400, timeSteps: 200 };

/** Central-difference steps for the Greeks the boundary depends on: the truncation error
 *  h²·V'''/6 and the engine's smooth discretisation error divided by h are both ≲ 1e-7 relative. */
/** σ√T below which no grid or fixed-point scheme resolves the diffusion in double precision (the
 *  finite-difference grid and the ALO nodes then collapse onto a few ulps of ln S): the option is
 *  valued in its deterministic limit instead. The time value ignored is below 1e-8·S. */
const NEGLIGIBLE_DIFFUSION = 1e-8;

const NEGLIGIBLE_RATE = 1e-12;

const VOL_STEP = 1e-4;
const RATE_STEP = 1e-4;

const scratch = new Float64Array(7);
const european = new Float64Array(7);

function deterministicPut(spot: number, strike: number, rate: number, q: number, maturity: number): number {
  // max over t ∈ [0, T] of K·e^{−rt} − S·e^{−qt}; interior stationary point t* = ln(rK/(qS))/(r − q).
  const at = (t: number): number => strike * Math.exp(-rate * t) - spot * Math.exp(-q * t);
  let best = Math.max(at(0), at(maturity));
  if (rate !== q && rate * q > 0) {
    const t = Math.log((rate * strike) / (q * spot)) / (rate - q);
    if (t > 0 && t < maturity) best = Math.max(best, at(t));
  }
  return best > 0 ? best : 0;
}

/** Put value (and delta, gamma when withGreeks) into out[0..2], routed by regime. */
function putInto(spot: number, strike: number, rate: number, q: number, sigma: number, maturity: number,
  scheme: AloScheme, withGreeks: boolean, out: Float64Array): void {
  const exercised = strike - spot;
  if (!(maturity > 0) || !(sigma * Math.sqrt(maturity) >= NEGLIGIBLE_DIFFUSION)) {
    bsmGreeksInto(-1, spot, strike, rate, q, sigma, maturity, european, 0);
    // With (next to) no diffusion left the value is the best deterministic exercise date's, or
    // the European value, which then differs from it by less than S·σ√T.
    const value = maturity > 0 ? Math.max(deterministicPut(spot, strike, rate, q, maturity), european[0] as number) : Math.max(exercised, 0);
    out[0] = value;
    // Without volatility the value is piecewise smooth in S: exercised (−1), or the European limit.
    const inExercise = value === exercised && exercised > 0;
    out[1] = inExercise ? -1 : (european[1] as number);
    out[2] = inExercise ? 0 : (european[2] as number);
    return;
  }
  bsmGreeksInto(-1, spot, strike, rate, q, sigma, maturity, european, 0);
  // A rate below NEGLIGIBLE_RATE makes early exercise worth less than 1e-12·K·T, and the
  // fixed-point scheme divides by it.
  if ((rate <= 0 && q >= rate) || (rate > 0 && rate < NEGLIGIBLE_RATE)) {
    // Never exercised early; max() only absorbs the last-ulp rounding of an in-the-money value.
    out[0] = Math.max(european[0] as number, exercised);
    out[1] = european[1] as number;
    out[2] = european[2] as number;
    return;
  }
  if (q < rate && rate < 0) {
    const fd = fdAmericanPutExtrapolated(spot, strike, rate, q, sigma, maturity, FD_GRID);
    if (!(fd.value >= (european[0] as number))) {
      // Below the European value, which bounds it from below, the grid has not resolved the
      // option: at the domain's corners (r ≈ −1 for decades, a strike 1e5 below the spot) the
      // discounting e^{−rT} magnifies a far tail the grid cuts off, and the extrapolation over
      // two unconverged grids went negative (a call worth −99.999). The European value and
      // Greeks are the bound the American option is known to meet.
      out[0] = Math.max(european[0] as number, exercised);
      out[1] = european[1] as number;
      out[2] = european[2] as number;
      return;
    }
    out[0] = Math.max(fd.value, exercised);
    out[1] = fd.delta;
    out[2] = fd.gamma;
    return;
  }
  aloPutInto(scheme, spot, strike, rate, q, sigma, maturity, european[0] as number, european[1] as number,
    european[2] as number, withGreeks, out);
  if ((out[0] as number) < exercised) out[0] = exercised;
}

/** American value; θ = +1 call, −1 put. Inputs trusted (validated at the public boundary). */
export function americanPrice(theta: number, spot: number, strike: number, rate: number, dividendYield: number,
  volatility: number, timeYears: number, scheme: AloScheme = AMERICAN_SCHEME): number {
  if (theta > 0) putInto(strike, spot, dividendYield, rate, volatility, timeYears, scheme, false, scratch);
  else putInto(spot, strike, rate, dividendYield, volatility, timeYears, scheme, false, scratch);
  return scratch[0] as number;
}

/** American value and Greeks into out[offset … offset+6] (order of black.ts GREEK_COUNT). */
export function americanGreeksInto(theta: number, spot: number, strike: number, rate: number, dividendYield: number,
  volatility: number, timeYears: number, out: Float64Array, offset: number,
  scheme: AloScheme = AMERICAN_SCHEME): void {
  let value: number;
  let delta: number;
  let gamma: number;
  if (theta > 0) {
    // Symmetry: C(S, K) = P(K, S) with r ↔ q. Degree-one homogeneity of P in (spot, strike) gives
    // ∂C/∂S = ∂P/∂K = (P − K·∂P/∂K′)/S and ∂²C/∂S² = K²·∂²P/∂K′²/S², K′ the put's spot (= K).
    putInto(strike, spot, dividendYield, rate, volatility, timeYears, scheme, true, scratch);
    value = scratch[0] as number;
    delta = (value - strike * (scratch[1] as number)) / spot;
    gamma = (strike * strike * (scratch[2] as number)) / (spot * spot);
  } else {
    putInto(spot, strike, rate, dividendYield, volatility, timeYears, scheme, true, scratch);
    value = scratch[0] as number;
    delta = scratch[1] as number;
    gamma = scratch[2] as number;
  }
  const exercised = theta * (spot - strike);
  // With no volatility the diffusion term is 0 whatever gamma is (+∞ at a kink, where 0·∞ gave NaN).
  const diffusion = volatility > 0 ? 0.5 * volatility * volatility * spot * spot * gamma : 0;
  const continuationTheta = rate * value - (rate - dividendYield) * spot * delta - diffusion;
  // In the money at expiry the option is exercised now unless waiting pays: when the continuation
  // value would rise as time passes (θ(qS − rK) > 0: a put's interest on the strike beats the
  // dividends forgone), the exercise region reaches down to T = 0 and the value is the payoff,
  // whose theta is 0. Before expiry the exercise region is where the value meets the payoff.
  const inExercise = exercised > 0 && (timeYears > 0 ? value <= exercised : continuationTheta > 0);
  out[offset] = value;
  out[offset + 1] = inExercise ? theta : delta;
  out[offset + 2] = inExercise ? 0 : gamma;
  out[offset + 4] = inExercise ? 0 : continuationTheta;
  const price = (v: number, r: number, q: number): number =>
    americanPrice(theta, spot, strike, r, q, v, timeYears, scheme);
  const hv = VOL_STEP * Math.max(volatility, 0.01);
  const volDown = Math.max(volatility - hv, 0);
  out[offset + 3] = (price(volatility + hv, rate, dividendYield) - price(volDown, rate, dividendYield))
    / (volatility + hv - volDown);
  out[offset + 5] = (price(volatility, rate + RATE_STEP, dividendYield) - price(volatility, rate - RATE_STEP, dividendYield))
    / (2 * RATE_STEP);
  out[offset + 6] = (price(volatility, rate, dividendYield + RATE_STEP) - price(volatility, rate, dividendYield - RATE_STEP))
    / (2 * RATE_STEP);
}
