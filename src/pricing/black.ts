/* eslint-disable no-loss-of-precision -- constants are kept digit for digit as published; each rounds to the nearest double. */
/** Black–Scholes–Merton (continuous dividend yield) and Black-76 kernels.
 *
 *  Every value goes through the normalised Black function of Jäckel, "Let's be rational",
 *  Wilmott (2015) 40–53: with F = S·e^{(r−q)T}, x = ln(F/K) and s = σ√T the undiscounted call is
 *  √(FK)·b(x, s) with b(x, s) = e^{x/2}Φ(x/s + s/2) − e^{−x/2}Φ(x/s − s/2). In-the-money values are
 *  written as normalised intrinsic 2·sinh(|x|/2) plus an out-of-the-money time value (put–call
 *  parity), so the time value never comes out of a cancellation and prices are never negative.
 *  The out-of-the-money b is evaluated in three regions, each accurate to a few ulps:
 *  an asymptotic series far in the tail, a Taylor series in s/2 for small total volatility, and
 *  Cody's erfc/erfcx elsewhere (the region choice follows Jäckel's paper; the series are derived
 *  in docs/pricing.md).
 *
 *  Kernels take plain numbers, trust their inputs (validation is in ./validate.ts) and allocate
 *  nothing. `theta` = ±1 selects call/put. */

import { erf, erfc, erfcCentral, erfcx, erfcxPositive, tableExp } from './special.js';

const SQRT_HALF = 0.70710678118654752440;
const SQRT_TWO_PI_INV = 0.39894228040143267794;
const SQRT_HALF_PI = 1.25331413731550025121; // √(π/2)
const CODY_THRESHOLD = 0.46875;
/** b is summed by the asymptotic series when h + t ≤ this (the tail Mills-ratio series then
 *  converges to 1e-17 within ~25 terms). */
const ASYMPTOTIC_LIMIT = -10;
/** b is summed by the Taylor series in t = s/2 below this: the series needs ≤ 9 odd terms and
 *  the erfcx difference it replaces would lose more than 1.4 digits to cancellation. */
const SMALL_T_LIMIT = 0.21;

/** Y(h) = Φ(h)/φ(h) for h ≤ 0, via erfcx of a non-negative argument. */
function millsRatio(h: number): number {
  const y = -h * SQRT_HALF;
  return SQRT_HALF_PI * (y > CODY_THRESHOLD ? erfcxPositive(y) : Math.exp(y * y) * erfcCentral(y));
}

/** Asymptotic series for Y(h+t) − Y(h−t) when h + t ≤ −10, from Y(z) ~ Σ_k (−1)^k (2k−1)!!/|z|^{2k+1}
 *  (Abramowitz & Stegun 26.2.12). With A = 1/|h+t|, B = 1/|h−t| each difference A^n − B^n is
 *  (A−B)·R_n with R_n = Σ A^i B^{n−1−i} a sum of positive terms, so nothing cancels. */
function millsDifferenceAsymptotic(h: number, t: number): number {
  const a = -1 / (h + t);
  const b = -1 / (h - t);
  const a2 = a * a;
  const b2 = b * b;
  const apb = a + b;
  let r = 1; // R_1
  let bn = b; // B^n for n = 1
  let c = 1; // (−1)^k (2k−1)!!
  let sum = 1;
  let previous = Infinity;
  for (let k = 1; k < 60; k++) {
    r = a2 * r + bn * apb; // R_{n+2} = A²R_n + Bⁿ(A+B)
    bn *= b2;
    c *= -(2 * k - 1);
    const term = c * r;
    const size = Math.abs(term);
    if (size >= previous) break; // the asymptotic series has started to diverge
    sum += term;
    if (size <= 1e-17 * Math.abs(sum)) break;
    previous = size;
  }
  // A − B = 2t/((|h|−t)(|h|+t)), formed without subtracting nearly equal numbers.
  return ((2 * t) / ((h + t) * (h - t))) * sum;
}

/** 1/n for n = 1 … 15 (index n), the divisors of the Taylor recurrence below. */
const RECIPROCALS = Float64Array.from({ length: 16 }, (_, n) => (n === 0 ? 0 : 1 / n));

/** Taylor series Y(h+t) − Y(h−t) = 2 Σ_{k odd} c_k t^k for small t, c_n = Y^{(n)}(h)/n!, from
 *  Y' = 1 + hY and Y^{(n+1)} = hY^{(n)} + nY^{(n−1)} (Φ' = φ, φ' = −zφ), i.e. c_1 = 1 + hc_0 and
 *  c_{n+1} = (hc_n + c_{n−1})/(n+1). Two steps are taken at once, c_{n+2} =
 *  ((h²/(n+1) + 1)c_n + (h/(n+1))c_{n−1})/(n+2), so each odd term costs one multiply-add of
 *  latency. The series is summed through t¹⁵ with no test for convergence: in the whole region
 *  (t < 0.21, −10 − t < h ≤ 0) the first omitted term is below 4e-19 of the sum (the t¹⁵ term
 *  itself reaches 1.5e-16; grid of step 0.0005 in t and 0.005 in h, docs/pricing.md), and a fixed
 *  count avoids the mispredicted exit branch, which cost more than the terms themselves. */
function millsDifferenceTaylor(h: number, t: number): number {
  const h2 = h * h;
  let cPrev = millsRatio(h); // c_{n−1}
  let c = 1 + h * cPrev; // c_n, n = 1
  const t2 = t * t;
  let power = t; // t^n
  let sum = c * t;
  for (let n = 1; n < 15; n += 2) {
    const a = RECIPROCALS[n + 1] as number;
    const cNext = (h * c + cPrev) * a;
    c = ((h2 * a + 1) * c + h * a * cPrev) * (RECIPROCALS[n + 2] as number);
    cPrev = cNext;
    power *= t2;
    sum += c * power;
  }
  return 2 * sum;
}

/** Normalised out-of-the-money call b(x, s) for x ≤ 0, s ≥ 0: the undiscounted call value divided
 *  by √(FK). Relative accuracy a few ulps in every region; 0 only when the value underflows. */
export function normalisedOtmCall(x: number, s: number): number {
  if (!(s > 0)) return 0;
  const t = 0.5 * s;
  if (x === 0) return erf(t * SQRT_HALF); // Φ(t) − Φ(−t)
  const h = x / s;
  // Every region carries the factor e^{−(h²+t²)/2} (the density at the forward), formed once.
  // This dispatcher stays small so that the JIT can inline it into the pricing loops.
  const damp = tableExp(-0.5 * (h * h + t * t));
  if (h + t <= ASYMPTOTIC_LIMIT) return SQRT_TWO_PI_INV * damp * millsDifferenceAsymptotic(h, t);
  if (t < SMALL_T_LIMIT) return SQRT_TWO_PI_INV * damp * millsDifferenceTaylor(h, t);
  return normalisedOtmCallByErfcx(x, h, t, damp);
}

/** b(x, s) for x < 0 outside the series regions, by Cody's erfc/erfcx; h = x/s, t = s/2 and
 *  damp = e^{−(h²+t²)/2}. */
function normalisedOtmCallByErfcx(x: number, h: number, t: number, damp: number): number {
  // 2b = e^{x/2}·erfc(q1) − e^{−x/2}·erfc(q2), q1 = −(h+t)/√2, q2 = (t−h)/√2 > 0. Since
  // e^{±x/2}·e^{−q²} = e^{−(h²+t²)/2} for q = q1, q2, every erfc(q) = e^{−q²}·erfcx(q) term shares
  // `damp`, which also keeps both factors from under- or overflowing; for q1 < −0.46875,
  // erfc(q1) = 2 − e^{−q1²}·erfcx(−q1). Cody's erfc is used as is near 0. (The e^{±x/2} of the
  // less frequent branches are left to Math.exp: the JIT's inlining budget goes to the hot path.)
  const q1 = -(h + t) * SQRT_HALF;
  const q2 = (t - h) * SQRT_HALF;
  let term1: number;
  if (q1 > CODY_THRESHOLD) term1 = damp * erfcxPositive(q1);
  else if (q1 < -CODY_THRESHOLD) term1 = 2 * Math.exp(0.5 * x) - damp * erfcxPositive(-q1);
  else term1 = Math.exp(0.5 * x) * erfcCentral(q1);
  const term2 = q2 > CODY_THRESHOLD ? damp * erfcxPositive(q2) : Math.exp(-0.5 * x) * erfcCentral(q2);
  const b = 0.5 * (term1 - term2);
  return b > 0 ? b : 0;
}

/** e^{x/2} − b(x, s) for x ≤ 0: the distance of the normalised OTM call from its supremum,
 *  = e^{x/2}Φ(−h−t) + e^{−x/2}Φ(h−t), a sum of positive terms (no cancellation as s → ∞). */
export function normalisedOtmCallComplement(x: number, s: number): number {
  if (!(s > 0)) return Math.exp(0.5 * x);
  const t = 0.5 * s;
  const h = x / s;
  const p1 = (h + t) * SQRT_HALF; // e^{x/2}·½erfc(p1)
  const q2 = (t - h) * SQRT_HALF; // e^{−x/2}·½erfc(q2)
  const damp = Math.exp(-0.5 * (h * h + t * t));
  const term1 = p1 < CODY_THRESHOLD ? Math.exp(0.5 * x) * erfc(p1) : damp * erfcx(p1);
  const term2 = q2 < CODY_THRESHOLD ? Math.exp(-0.5 * x) * erfc(q2) : damp * erfcx(q2);
  return 0.5 * (term1 + term2);
}

/** sinh(y) for y ≥ 0 within a few ulps: the odd Taylor series through y¹³ up to 1/2 (truncation
 *  below 5e-17 relative), (e^y − e^{−y})/2 beyond, where the difference loses at most
 *  coth(1/2) ≈ 2.2 ulps. Cheaper than Math.sinh for the arguments option values mostly meet. */
function sinhPositive(y: number): number {
  if (y > 0.5) {
    const e = Math.exp(y);
    return 0.5 * (e - 1 / e);
  }
  const z = y * y;
  return y + y * z * (1 / 6 + z * (1 / 120 + z * (1 / 5040 + z * (1 / 362880 + z * (1 / 39916800
    + z / 6227020800)))));
}

/** Normalised value for either type: θ = +1 call, −1 put; in the money = intrinsic + OTM value. */
export function normalisedBlack(x: number, s: number, theta: number): number {
  const xt = theta * x;
  if (!(xt > 0)) return normalisedOtmCall(xt, s);
  const intrinsic = 2 * sinhPositive(0.5 * xt);
  // Deep in the money the time value b(−xt, s) ≤ φ(10)/10 ≈ 7.7e-24 is below half an ulp of an
  // intrinsic value ≥ xt > 1e-6, so the tail series would not change the sum.
  if (xt > 1e-6 && 0.5 * s - xt / s <= ASYMPTOTIC_LIMIT) return intrinsic;
  return intrinsic + normalisedOtmCall(-xt, s);
}

/** e^{−rT}·√(FK) = √(S·K)·e^{−(r+q)T/2}, with √S·√K when S·K leaves the double range. */
export function discountedRootForwardStrike(spot: number, strike: number, rate: number, dividendYield: number,
  timeYears: number): number {
  const product = spot * strike;
  const root = product < 1e300 && product > 1e-300 ? Math.sqrt(product) : Math.sqrt(spot) * Math.sqrt(strike);
  return root * tableExp(-0.5 * (rate + dividendYield) * timeYears);
}

/** ln(S/K) without the rounding of S/K when S ≈ K: there S − K is exact (Sterbenz) and log1p keeps
 *  the full relative accuracy of a small log-moneyness, which the Greeks of near-the-money options
 *  with tiny σ√T depend on. Beyond |S/K − 1| = 1/16 the relative error of ln(S/K) is already
 *  below 20ε, and the cheaper log is used. */
export function logMoneyness(spot: number, strike: number): number {
  const d = spot - strike;
  return Math.abs(d) <= 0.0625 * strike ? Math.log1p(d / strike) : Math.log(spot / strike);
}

/** BSM value of a European option with continuous dividend yield. θ = +1 call, −1 put. */
export function bsmPrice(theta: number, spot: number, strike: number, rate: number,
  dividendYield: number, volatility: number, timeYears: number): number {
  const s = volatility * Math.sqrt(timeYears);
  if (!(s > 0)) return forwardIntrinsic(theta, spot, strike, rate, dividendYield, timeYears);
  const x = logMoneyness(spot, strike) + (rate - dividendYield) * timeYears;
  return discountedRootForwardStrike(spot, strike, rate, dividendYield, timeYears) * normalisedBlack(x, s, theta);
}

/** The value with no optionality left (σ√T = 0): the discounted forward intrinsic value, formed
 *  directly so that at T = 0 the payoff max(θ(S − K), 0) comes out exactly. */
function forwardIntrinsic(theta: number, spot: number, strike: number, rate: number, dividendYield: number,
  timeYears: number): number {
  const value = theta * (spot * Math.exp(-dividendYield * timeYears) - strike * Math.exp(-rate * timeYears));
  return value > 0 ? value : 0;
}

/** Number of values `bsmGreeksInto` writes: price, delta, gamma, vega, theta, rho, dividendRho. */
export const GREEK_COUNT = 7;

/** BSM value and Greeks written to out[offset … offset+6] in the order of GREEK_COUNT. Units:
 *  delta ∂V/∂S, gamma ∂²V/∂S², vega ∂V/∂σ, theta ∂V/∂t (calendar time passing, per year),
 *  rho ∂V/∂r, dividendRho ∂V/∂q. Closed forms: Hull, Options, Futures and Other Derivatives
 *  (10th ed.) §19 / Haug (2007) §2.1. With zero total volatility (σ = 0 or T = 0) the limits
 *  σ√T → 0 are returned; exactly at the forward money there gamma is +∞ and, at T = 0 with
 *  σ > 0, theta is −∞ (the limits are unbounded), never NaN. */
export function bsmGreeksInto(theta: number, spot: number, strike: number, rate: number,
  dividendYield: number, volatility: number, timeYears: number, out: Float64Array, offset: number): void {
  const x = logMoneyness(spot, strike) + (rate - dividendYield) * timeYears;
  const sqrtT = Math.sqrt(timeYears);
  const s = volatility * sqrtT;
  const scale = discountedRootForwardStrike(spot, strike, rate, dividendYield, timeYears);
  const discQ = Math.exp(-dividendYield * timeYears);
  const discR = Math.exp(-rate * timeYears);
  out[offset] = bsmPrice(theta, spot, strike, rate, dividendYield, volatility, timeYears);
  let cdf1: number; // Φ(θ·d1)
  let cdf2: number; // Φ(θ·d2)
  let density: number; // S·e^{−qT}·φ(d1) = K·e^{−rT}·φ(d2)
  let decay: number; // −S·e^{−qT}·φ(d1)·σ/(2√T)
  let gamma: number;
  if (s > 0) {
    const h = x / s;
    const t = 0.5 * s;
    cdf1 = 0.5 * erfc(-theta * (h + t) * SQRT_HALF);
    cdf2 = 0.5 * erfc(-theta * (h - t) * SQRT_HALF);
    density = scale * SQRT_TWO_PI_INV * Math.exp(-0.5 * (h * h + t * t));
    gamma = density / spot / spot / s; // divided one factor at a time: S²·s may underflow
    decay = (-density * volatility) / (2 * sqrtT);
  } else {
    const side = theta * x;
    cdf1 = side > 0 ? 1 : side < 0 ? 0 : 0.5;
    cdf2 = cdf1;
    const atForward = x === 0;
    density = atForward ? spot * discQ * SQRT_TWO_PI_INV : 0;
    gamma = atForward ? Infinity : 0;
    decay = atForward && volatility > 0 ? -Infinity : 0;
  }
  out[offset + 1] = theta * discQ * cdf1;
  out[offset + 2] = gamma;
  out[offset + 3] = density * sqrtT;
  out[offset + 4] = decay + theta * (dividendYield * spot * discQ * cdf1 - rate * strike * discR * cdf2);
  out[offset + 5] = theta * strike * timeYears * discR * cdf2;
  out[offset + 6] = -theta * spot * timeYears * discQ * cdf1;
}
