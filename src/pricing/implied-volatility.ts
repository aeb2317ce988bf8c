/* eslint-disable no-loss-of-precision -- constants are kept digit for digit as published; each rounds to the nearest double. */
/** Implied volatility of European options, to machine precision.
 *
 *  The price is normalised as in Jäckel, "Let's be rational", Wilmott (2015) 40–53: β = value /
 *  (e^{−rT}√(FK)), the intrinsic part removed, so that one solves b(x, s) = β for the total
 *  volatility s = σ√T of an out-of-the-money call (x = −|ln(F/K)| ≤ 0). As in that paper the
 *  (s, b) plane is cut at the inflection point s_c = √(2|x|) and at the tangents through it into
 *  a lower, two middle and an upper branch, and each branch is solved with Householder's
 *  third-order method on the objective that makes it nearly linear:
 *    lower  g = 1/ln b − 1/ln β          (b ~ e^{−x²/2s²} as s → 0)
 *    middle g = b − β                    (b convex below s_c, concave above)
 *    upper  g = ln(b_max − β) − ln(b_max − b)   (b → b_max = e^{x/2} as s → ∞)
 *  Initial guesses come from the branch asymptotics (Jäckel's f_lower for the lower branch, the
 *  large-s limit for the upper, the tangent at s_c in the middle) instead of his rational cubic
 *  interpolation; a monotone bracket [lo, hi] kept from every evaluation (b increases in s)
 *  guarantees convergence when a step would leave it. Typical cost: 2–4 iterations. */

import {
  discountedRootForwardStrike, logMoneyness, normalisedOtmCall, normalisedOtmCallComplement,
} from './black.js';
import { ImpliedVolatilityError } from './errors.js';
import { normInv } from './special.js';

const SQRT_TWO_PI_INV = 0.39894228040143267794;
const SQRT_THREE = 1.73205080756887729353;
/** 3√3 / (2π): inverse of the prefactor of Jäckel's lower map f_l(s) = 2π|x|/(3√3)·Φ(−|x|/(√3 s))³. */
const LOWER_MAP_FACTOR = 0.82699334313268807;
const MAX_ITERATIONS = 100;
/** Stop when a step is below this relative size: the next one would be lost in rounding. */
const STEP_TOLERANCE = 4e-16;

/** Relative rounding of the normalised intrinsic value 2·sinh(|x|/2) against a price computed
 *  as S·e^{−qT} − K·e^{−rT}: a few ulps each. */
const INTRINSIC_ROUNDING = 8 * 2 ** -52;

const LOWER = 0;
const MIDDLE = 1;
const UPPER = 2;

/** Total volatility s > 0 with b(x, s) = β for an out-of-the-money normalised call, x ≤ 0 and
 *  0 < β < e^{x/2} (the caller checks the bounds). */
export function normalisedImpliedTotalVolatility(beta: number, x: number): number {
  const bMax = Math.exp(0.5 * x);
  let s: number;
  let mode: number;
  if (x === 0) {
    // b(0, s) = 1 − 2Φ(−s/2): exact inverse as the start, then polish.
    s = -2 * normInv(0.5 * (bMax - beta));
    mode = beta > 0.5 ? UPPER : MIDDLE;
  } else {
    const sc = Math.sqrt(-2 * x);
    const bc = normalisedOtmCall(x, sc);
    // at s_c: h² = t² = |x|/2, so ∂b/∂s = e^{−|x|/2}/√(2π)
    const vc = SQRT_TWO_PI_INV * bMax;
    if (beta < bc) {
      const sl = sc - bc / vc;
      const bl = sl > 0 ? normalisedOtmCall(x, sl) : 0;
      if (beta < bl) {
        mode = LOWER;
        const u = Math.cbrt((LOWER_MAP_FACTOR * beta) / -x);
        s = u < 0.5 ? x / (SQRT_THREE * normInv(u)) : sl;
      } else {
        mode = MIDDLE;
        s = sc - (bc - beta) / vc;
      }
    } else {
      const su = sc + (bMax - bc) / vc;
      const bu = normalisedOtmCall(x, su);
      if (beta <= bu) {
        mode = MIDDLE;
        s = sc + (beta - bc) / vc;
      } else {
        mode = UPPER;
        s = -2 * normInv((bMax - beta) / (bMax + 1 / bMax));
      }
    }
  }
  return householder(beta, x, bMax, s, mode);
}

function householder(beta: number, x: number, bMax: number, start: number, mode: number): number {
  const x2 = x * x;
  const lnBeta = Math.log(beta);
  const complementTarget = bMax - beta;
  let lo = 0;
  let hi = Infinity;
  let s = start > 0 && Number.isFinite(start) ? start : 1;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const t = 0.5 * s;
    const h = x / s;
    const v = SQRT_TWO_PI_INV * Math.exp(-0.5 * (h * h + t * t)); // ∂b/∂s
    const w = x2 / (s * s * s) - 0.25 * s; // b''/b'
    const w3 = w * w - (3 * x2) / (s * s * s * s) - 0.25; // b'''/b'
    let nu: number; // Newton step −g/g'
    let h2: number; // g''/g'
    let h3: number; // g'''/g'
    if (mode === UPPER) {
      const c = normalisedOtmCallComplement(x, s);
      if (c > complementTarget) lo = s; else hi = s;
      const vc = v / c;
      nu = (Math.log(c) - Math.log(complementTarget)) / vc;
      h2 = vc + w;
      h3 = 2 * vc * vc + 3 * vc * w + w3;
    } else {
      const b = normalisedOtmCall(x, s);
      if (b < beta) lo = s; else hi = s;
      if (mode === LOWER) {
        const L = Math.log(b);
        const r2 = -(L + 2) / (b * L); // F''/F' for F(b) = 1/ln b
        const r3 = (2 * L * L + 6 * L + 6) / (b * b * L * L); // F'''/F'
        nu = ((1 / L - 1 / lnBeta) * b * L * L) / v;
        h2 = r2 * v + w;
        h3 = r3 * v * v + 3 * r2 * v * w + w3;
      } else {
        nu = (beta - b) / v;
        h2 = w;
        h3 = w3;
      }
    }
    const step = (nu * (1 + 0.5 * h2 * nu)) / (1 + nu * (h2 + (h3 * nu) / 6));
    let next = s + step;
    if (!(next > lo && next < hi)) {
      // The step left the bracket (or was not finite): bisect, geometrically while it is wide.
      if (lo === 0) next = hi === Infinity ? 2 * s : 0.5 * hi;
      else if (hi === Infinity) next = 2 * lo;
      else next = hi > 2 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
      if (next === lo || next === hi) return next;
    } else if (Math.abs(step) <= STEP_TOLERANCE * next) {
      return next;
    }
    s = next;
  }
  return s;
}

/** Failure codes returned by bsmImpliedVolatilityCode (negative, so they cannot be volatilities). */
export const IV_BELOW_LOWER_BOUND = -1;
export const IV_ABOVE_UPPER_BOUND = -2;
export const IV_ZERO_TIME_VALUE = -3;

/** European implied volatility for θ = +1 call / −1 put from a discounted price, or a negative
 *  failure code (IV_…) when the price is outside (lower bound, upper bound) or equals the lower
 *  bound. Throws nothing, so batches pay no exception cost; inputs are trusted. */
export function bsmImpliedVolatilityCode(theta: number, price: number, spot: number, strike: number,
  rate: number, dividendYield: number, timeYears: number): number {
  const x = logMoneyness(spot, strike) + (rate - dividendYield) * timeYears;
  const beta = price / discountedRootForwardStrike(spot, strike, rate, dividendYield, timeYears);
  const xt = theta * x;
  const intrinsic = xt > 0 ? 2 * Math.sinh(0.5 * xt) : 0;
  const otm = -Math.abs(x);
  const timeValue = beta - intrinsic;
  // A time value within the rounding of the intrinsic value (a few ulps) carries no information.
  const zeroBand = INTRINSIC_ROUNDING * intrinsic;
  if (timeValue < -zeroBand) return IV_BELOW_LOWER_BOUND;
  if (timeValue <= zeroBand) return IV_ZERO_TIME_VALUE;
  // Upper bound e^{θx/2}: S·e^{−qT} (call) or K·e^{−rT} (put), normalised. At T = 0 only the
  // intrinsic value is attainable.
  if (beta >= intrinsic + Math.exp(0.5 * otm) || !(timeYears > 0)) return IV_ABOVE_UPPER_BOUND;
  return normalisedImpliedTotalVolatility(timeValue, otm) / Math.sqrt(timeYears);
}

/** As bsmImpliedVolatilityCode, but throws ImpliedVolatilityError (with the bounds) on failure. */
export function bsmImpliedVolatility(theta: number, price: number, spot: number, strike: number,
  rate: number, dividendYield: number, timeYears: number): number {
  const sigma = bsmImpliedVolatilityCode(theta, price, spot, strike, rate, dividendYield, timeYears);
  if (sigma >= 0) return sigma;
  const x = logMoneyness(spot, strike) + (rate - dividendYield) * timeYears;
  const scale = discountedRootForwardStrike(spot, strike, rate, dividendYield, timeYears);
  const lowerBound = scale * (theta * x > 0 ? 2 * Math.sinh(0.5 * theta * x) : 0);
  const upperBound = timeYears > 0 ? lowerBound + scale * Math.exp(-0.5 * Math.abs(x)) : lowerBound;
  const reason = sigma === IV_BELOW_LOWER_BOUND ? 'below-lower-bound'
    : sigma === IV_ZERO_TIME_VALUE ? 'zero-time-value' : 'above-upper-bound';
  throw new ImpliedVolatilityError(reason, price, lowerBound, upperBound);
}

/** Largest volatility the American solver brackets to: beyond it the value is within rounding of
 *  its upper bound for any realistic contract. */
const AMERICAN_MAX_VOLATILITY = 1000;

/** American implied volatility by Brent's method (Brent, Algorithms for Minimization without
 *  Derivatives, 1973, ch. 4) on σ ↦ value(σ) − price, bracketed between 0 (the deterministic
 *  value, the lower bound) and a volatility whose value exceeds the price. The European implied
 *  volatility of the same price, when it exists, seeds the bracket. Throws ImpliedVolatilityError
 *  as the European solver does; bounds: value at σ = 0 (≥ intrinsic) and S (call) or K (put). */
export function americanImpliedVolatility(theta: number, price: number, spot: number, strike: number,
  rate: number, dividendYield: number, timeYears: number,
  value: (volatility: number) => number): number {
  const lowerBound = value(0);
  const upperBound = theta > 0 ? spot : strike;
  const band = INTRINSIC_ROUNDING * Math.max(lowerBound, 1e-300);
  if (price < lowerBound - band) throw new ImpliedVolatilityError('below-lower-bound', price, lowerBound, upperBound);
  if (price <= lowerBound + band || !(timeYears > 0)) {
    throw new ImpliedVolatilityError(price <= lowerBound + band ? 'zero-time-value' : 'above-upper-bound', price,
      lowerBound, upperBound);
  }
  if (price >= upperBound) throw new ImpliedVolatilityError('above-upper-bound', price, lowerBound, upperBound);
  let guess = 0.3;
  try {
    guess = bsmImpliedVolatility(theta, price, spot, strike, rate, dividendYield, timeYears);
  } catch (e) {
    if (!(e instanceof ImpliedVolatilityError)) throw e;
  }
  // Bracket [a, b] with value(a) < price ≤ value(b).
  let a = 0;
  let fa = lowerBound - price;
  let b = Math.max(guess, 1e-4);
  let fb = value(b) - price;
  while (fb < 0) {
    a = b;
    fa = fb;
    b *= 2;
    if (b > AMERICAN_MAX_VOLATILITY) throw new ImpliedVolatilityError('above-upper-bound', price, lowerBound, upperBound);
    fb = value(b) - price;
  }
  return brent(a, fa, b, fb, value, price);
}

/** Brent's root finder on a bracket with fa < 0 ≤ fb; stops at 4ε relative in σ or an exact zero. */
function brent(a0: number, fa0: number, b0: number, fb0: number, value: (v: number) => number, price: number): number {
  let a = a0;
  let fa = fa0;
  let b = b0;
  let fb = fb0;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < 200; iteration++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 4 * 2 ** -52 * Math.abs(b) + 1e-300;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation, or secant when only two points are distinct.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = value(b) - price;
  }
  return b;
}
