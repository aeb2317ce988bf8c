/* eslint-disable no-loss-of-precision -- constants are kept digit for digit as published; each rounds to the nearest double. */
/** Special functions the pricers stand on: erf, erfc, the scaled erfcx(x) = e^{x²}·erfc(x), the
 *  standard normal density, distribution and quantile.
 *
 *  erf/erfc/erfcx are W. J. Cody's rational Chebyshev approximations, "Rational Chebyshev
 *  approximations for the error function", Math. Comp. 23 (1969) 631–637, with the coefficients
 *  and the exp(−y²) splitting of Netlib SPECFUN CALERF (relative error below 1e-16 on every
 *  interval, and no loss of relative accuracy in the far tail, which is what deep out-of-the-money
 *  option values need). The quantile is M. J. Wichura's AS 241 PPND16, Applied Statistics 37
 *  (1988) 477–484 (relative accuracy about 1e-16). */

const SQRT_PI_INV = 0.56418958354775628695; // 1/√π
const SQRT_HALF = 0.70710678118654752440; // 1/√2
const SQRT_TWO_PI_INV = 0.39894228040143267794; // 1/√(2π)
const CODY_THRESHOLD = 0.46875;
/** Beyond this erfc underflows to 0 in double precision (CALERF's XBIG). */
const ERFC_UNDERFLOW = 26.543;
/** Below −this erfcx overflows (CALERF's XNEG). */
const ERFCX_OVERFLOW = 26.628;
/** Above this erfcx(x) = 1/(x√π) to double precision (CALERF's XHUGE). */
const ERFCX_ASYMPTOTIC = 6.71e7;

/** 2^(j/128), j = 0 … 127: the table of tableExp. */
const EXP_TABLE = Float64Array.from({ length: 128 }, (_, j) => 2 ** (j / 128));
/** 2^m for m = −1022 … 1023 (index m + 1022): the exponent scaling of tableExp. */
const POW2_TABLE = Float64Array.from({ length: 2046 }, (_, i) => 2 ** (i - 1022));
const EXP_INV_STEP = 128 / Math.LN2;
/** ln2/128 split so that k·EXP_STEP_HI is exact for |k| < 2^21 (the high part of ln 2 has 21
 *  trailing zero bits: 0x3FE62E42FEE00000). */
const EXP_STEP_HI = 6.93147180369123816490e-01 / 128;
const EXP_STEP_LO = 1.90821492927058770002e-10 / 128;
/** 1.5·2^52: adding it rounds a double of magnitude < 2^51 to an integer. */
const ROUNDING_SHIFTER = 6755399441055744;

/** e^x within about one ulp, by Tang's table-driven method ("Table-driven implementation of the
 *  exponential function in IEEE floating-point arithmetic", ACM TOMS 15 (1989) 144–157):
 *  x = (128m + j)·ln2/128 + r with |r| ≤ ln2/256, e^x = 2^m·2^{j/128}·e^r, e^r by its Taylor
 *  polynomial of degree 5 (truncation below 6e-19). Math.exp is a call into the runtime that the
 *  JIT cannot inline; this inlines into the option kernels at a third of its cost. Outside
 *  (−708, 709), where results leave the normal range, and for NaN, it defers to Math.exp. */
export function tableExp(x: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x);
  const k = x * EXP_INV_STEP + ROUNDING_SHIFTER - ROUNDING_SHIFTER;
  const ki = k | 0;
  const r = x - k * EXP_STEP_HI - k * EXP_STEP_LO;
  const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120))));
  const t = EXP_TABLE[ki & 127] as number;
  return (t + t * p) * (POW2_TABLE[(ki >> 7) + 1022] as number);
}

/** erf on |x| ≤ 0.46875: x·P(x²)/Q(x²). */
function erfSmall(x: number): number {
  const z = x * x;
  const num = (((0.185777706184603153 * z + 3.16112374387056560) * z + 113.864154151050156) * z
    + 377.485237685302021) * z + 3209.37758913846947;
  const den = (((z + 23.6012909523441209) * z + 244.024637934444173) * z
    + 1282.61652607737228) * z + 2844.23683343917062;
  return (x * num) / den;
}

/** erfc(x) for |x| ≤ 0.46875 (the option kernels' central region; 1 − erf loses nothing there). */
export function erfcCentral(x: number): number {
  return 1 - erfSmall(x);
}

/** erfcx(y) on 0.46875 ≤ y ≤ 4. Both polynomials by Estrin's scheme (pairs combined with y², y⁴,
 *  y⁸), which halves the chain of dependent multiply-adds of Horner's rule; every coefficient is
 *  positive, so no order of summation loses accuracy. */
export function erfcxMiddle(y: number): number {
  const y2 = y * y;
  const y4 = y2 * y2;
  const num = (1230.33935479799725 + 2051.07837782607147 * y) + y2 * (1712.04761263407058 + 881.952221241769090 * y)
    + y4 * ((298.635138197400131 + 66.1191906371416295 * y) + y2 * (8.88314979438837594 + 0.564188496988670089 * y))
    + y4 * y4 * 2.15311535474403846e-8;
  const den = (1230.33935480374942 + 3439.36767414372164 * y) + y2 * (4362.61909014324716 + 3290.79923573345963 * y)
    + y4 * ((1621.38957456669019 + 537.181101862009858 * y) + y2 * (117.693950891312499 + 15.7449261107098347 * y))
    + y4 * y4;
  return num / den;
}

/** erfcx(y) for y > 4 (asymptotic rational form in z = 1/y², Estrin's scheme as above). */
export function erfcxLarge(y: number): number {
  if (y >= ERFCX_ASYMPTOTIC) return SQRT_PI_INV / y;
  const z = 1 / (y * y);
  const z2 = z * z;
  const num = (0.000658749161529837803 + 0.0160837851487422766 * z) + z2 * (0.125781726111229246
    + 0.360344899949804439 * z) + z2 * z2 * (0.305326634961232344 + 0.0163153871373020978 * z);
  const den = (0.00233520497626869185 + 0.0605183413124413191 * z) + z2 * (0.527905102951428412
    + 1.87295284992346047 * z) + z2 * z2 * (2.56852019228982242 + z);
  return (SQRT_PI_INV - (z * num) / den) / y;
}

/** erfcx(y) for y > 0.46875, where it is a plain rational function: the form the option kernels
 *  call, small enough for the JIT to inline into them. */
export function erfcxPositive(y: number): number {
  return y <= 4 ? erfcxMiddle(y) : erfcxLarge(y);
}

/** e^{−y²} computed as e^{−a²}·e^{−(y−a)(y+a)} with a = y rounded down to 1/16, so that the
 *  rounding error of y² is not amplified by the exponential (CALERF's splitting). */
function expMinusSquare(y: number): number {
  const a = Math.trunc(y * 16) / 16;
  return Math.exp(-a * a) * Math.exp(-(y - a) * (y + a));
}

/** The error function erf(x) = 2/√π ∫₀ˣ e^{−t²} dt. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= CODY_THRESHOLD) return erfSmall(x);
  const r = 1 - erfcPositive(y);
  return x < 0 ? -r : r;
}

/** erfc(y) for y > 0.46875, relative accuracy preserved down to underflow. */
function erfcPositive(y: number): number {
  if (y >= ERFC_UNDERFLOW) return 0;
  return expMinusSquare(y) * erfcxPositive(y);
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in relative terms for x > 0. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= CODY_THRESHOLD) return erfcCentral(x);
  const r = erfcPositive(y);
  return x < 0 ? 2 - r : r;
}

/** The scaled complementary error function erfcx(x) = e^{x²}·erfc(x); +∞ below −26.628. */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  if (y <= CODY_THRESHOLD) return Math.exp(x * x) * (1 - erfSmall(x));
  const r = erfcxPositive(y);
  if (x > 0) return r;
  if (x < -ERFCX_OVERFLOW) return Infinity;
  const a = Math.trunc(x * 16) / 16;
  const e = Math.exp(a * a) * Math.exp((x - a) * (x + a));
  return e + e - r;
}

/** Standard normal density φ(z). */
export function normPdf(z: number): number {
  return SQRT_TWO_PI_INV * Math.exp(-0.5 * z * z);
}

/** Standard normal distribution Φ(z) = ½·erfc(−z/√2), relative accuracy kept in the lower tail. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT_HALF);
}

/** Standard normal quantile Φ⁻¹(p), Wichura's AS 241 (PPND16); −∞/+∞ at p = 0/1. The caller
 *  guarantees 0 ≤ p ≤ 1. */
export function normInv(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    const num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
      + 133.14166789178437745) * r + 3.3871328727963666080);
    const den = (((((((5226.4952788528545610 * r + 28729.085735721942674) * r + 39307.895800092710610) * r
      + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.18700749205790830) * r
      + 42.313330701600911252) * r + 1);
    return (q * num) / den;
  }
  const tail = q < 0 ? p : 1 - p;
  if (tail <= 0) return q < 0 ? -Infinity : Infinity;
  let r = Math.sqrt(-Math.log(tail));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r
      + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.76949722146069140550) * r
      + 4.63033784615654529590) * r + 1.42343711074968357734)
      / (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r
        + 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940) * r
        + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r
      + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580) * r
      + 5.46378491116411436990) * r + 6.65790464350110377720)
      / (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r
        + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
        + 5.99832206555887937690e-1) * r + 1);
  }
  return q < 0 ? -x : x;
}
