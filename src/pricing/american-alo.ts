/** American put by the spectral fixed-point method of Andersen, Lake & Offengenden, "High-
 *  performance American option pricing", Journal of Computational Finance 20(1) (2016) 39–87
 *  (ALO), started from the QD+ boundary of Li, "Analytical approximations for the critical stock
 *  prices of American options", Quantitative Finance 10(8) (2010) 843–851.
 *
 *  Time to maturity τ. The put's exercise boundary B(τ) is carried as H = (ln(B(τ)/X))², with
 *  X = B(0+) = K·min(1, r/q), interpolated by a Chebyshev polynomial on n+1 Lobatto points
 *  z ∈ [−1, 1] with τ = T·((1+z)/2)^κ. ALO take κ = 2 (nodes uniform in √τ); κ = 3 clusters more
 *  nodes near expiry, where ln(B/X) behaves like √(τ·ln(1/τ)), and halves the error at equal n in
 *  our sweep (docs/pricing.md). Each node is updated by ALO's fixed point "FP-B" (eq. (3.6), the
 *  smooth-pasting form), B = K·e^{−(r−q)τ}·N(τ, B)/D(τ, B) with
 *    N = φ(d−(τ, B/K))/(σ√τ) + r ∫₀^τ e^{ru} φ(d−(τ−u, B(τ)/B(u)))/(σ√(τ−u)) du,
 *    D = Φ(d+(τ, B/K)) + φ(d+(τ, B/K))/(σ√τ)
 *        + q ∫₀^τ e^{qu} [Φ(d+(τ−u, B(τ)/B(u))) + φ(d+(τ−u, B(τ)/B(u)))/(σ√(τ−u))] du,
 *  which contracts about ten times per sweep; the sweeps are further accelerated by Anderson
 *  mixing (memory 1). (ALO's Jacobi–Newton step overshot in our tests, and with the plain
 *  u-quadrature FP-B diverged for q slightly above r; the quadrature below cured that.)
 *  The integrals over u ∈ [0, τ] use Gauss–Legendre in θ ∈ [0, π/2] with u = τ·cos⁴θ, which
 *  smooths both the 1/√(τ−u) kernel (τ − u ∝ θ² near θ = 0) and the √(u·ln u) behaviour of the
 *  boundary near expiry (u ∝ (π/2−θ)⁴); convergence in the number of points becomes spectral.
 *  Because every quadrature point sits at a T-independent position of the Chebyshev variable,
 *  z = (1+z_i)·(cos θ_j)^{4/κ} − 1, interpolation from node values to quadrature points is a
 *  constant matrix computed once per scheme.
 *
 *  The price is the European value plus the early exercise premium (Kim 1990; ALO eq. (2.7)):
 *  ∫₀^T [rK e^{−rm} Φ(−d−(m, S/B(T−m))) − qS e^{−qm} Φ(−d+(m, S/B(T−m)))] dm, whose spot
 *  derivatives give delta and gamma analytically (the boundary does not depend on S).
 *
 *  Valid for the single-boundary put: r > 0 (any q), or r = 0 with q < 0. The caller routes the
 *  other regimes (no early exercise, or the double boundary q < r < 0). */

import { chebyshevInterpolationRow, chebyshevLobatto, gaussLegendre } from './quadrature.js';
import { erfc, erfcxLarge, erfcxMiddle } from './special.js';

const SQRT_TWO_PI_INV = 0.3989422804014327;
const SQRT_HALF = 0.7071067811865476;
/** Node clustering exponent: τ = T·((1+z)/2)^κ. */
const KAPPA = 3;
/** Most boundary nodes a scheme may use (sizes the Anderson-mixing memory). */
export const MAX_CHEBYSHEV_DEGREE = 128;

/** Numerical settings: Chebyshev degree n (n+1 boundary nodes, n ≤ MAX_CHEBYSHEV_DEGREE),
 *  Gauss–Legendre points in the fixed-point integrals (l) and in the premium integral (p), and
 *  the minimum number of fixed-point sweeps (more follow until the boundary settles). */
export type AloScheme = {
  chebyshevDegree: number;
  fixedPointNodes: number;
  priceNodes: number;
  sweeps: number;
};

/** Precomputed scheme constants and reusable work arrays (no allocation per option). */
type Prepared = {
  n: number;
  l: number;
  p: number;
  sweeps: number;
  /** √(τ_i/T) = ((1 + z_i)/2)^{κ/2} for the n nodes with τ > 0. */
  nodeRoot: Float64Array;
  fp: AngularRule;
  /** n·l rows × n columns: H at quadrature point (i, j) from H at nodes 0…n−1 (H = 0 at τ = 0). */
  fpMatrix: Float64Array;
  price: AngularRule;
  /** p rows × n columns: H at T − m_j from the node values. */
  priceMatrix: Float64Array;
  sqrtH: Float64Array;
  sqrtHNext: Float64Array;
  hNodes: Float64Array;
  hPoints: Float64Array;
  volPoint: Float64Array;
  /** Per quadrature point, per option: 1/(σ√m), the constant part of d+, and the weights of the
   *  N integrand (φ(d−)) and of the two D integrand terms (Φ(d+), φ(d+)). */
  inverseVol: Float64Array;
  offset: Float64Array;
  weightN: Float64Array;
  weightDCdf: Float64Array;
  weightDPdf: Float64Array;
};

/** Quadrature over an interval split as u/τ = cos^{2a}θ (remaining part) and m/τ = 1 − cos^{2a}θ
 *  (elapsed part), θ ∈ [0, π/2] Gauss–Legendre: √m ∝ θ near θ = 0 (smooth 1/√m kernels) and
 *  u ∝ (π/2 − θ)^{2a} near θ = π/2 (the boundary's √(u·ln u) behaviour near expiry becomes
 *  (π/2 − θ)^a·√ln, smooth enough for fast convergence when a ≥ 2). */
type AngularRule = {
  /** u/τ = cos^{2a}θ. */
  remaining: Float64Array;
  /** √(m/τ) = sinθ·√(Σ_{k<a} cos^{2k}θ), without cancellation. */
  rootElapsed: Float64Array;
  /** Gauss weight × d(m/τ)/dθ = w·2a·cos^{2a−1}θ·sinθ. */
  weight: Float64Array;
  /** (u/τ)^{1/κ}: the Chebyshev variable's scale factor at the point. */
  chebyshev: Float64Array;
};

function angularRule(count: number, power: number): AngularRule {
  const g = gaussLegendre(count);
  const remaining = new Float64Array(count);
  const rootElapsed = new Float64Array(count);
  const weight = new Float64Array(count);
  const chebyshev = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const theta = (Math.PI / 4) * (1 + (g.nodes[j] as number));
    const c = Math.cos(theta);
    const sn = Math.sin(theta);
    let sum = 0;
    for (let k = 0; k < power; k++) sum += c ** (2 * k);
    remaining[j] = c ** (2 * power);
    rootElapsed[j] = sn * Math.sqrt(sum);
    weight[j] = (Math.PI / 4) * (g.weights[j] as number) * 2 * power * c ** (2 * power - 1) * sn;
    chebyshev[j] = c ** ((2 * power) / KAPPA);
  }
  return { remaining, rootElapsed, weight, chebyshev };
}

/** Exponent a of the angular rules: 2 for both the fixed-point and the premium integrals. */
const FP_POWER = 2;
const PRICE_POWER = 2;

const prepared = new WeakMap<AloScheme, Prepared>();

function prepare(s: AloScheme): Prepared {
  const cached = prepared.get(s);
  if (cached) return cached;
  if (!(Number.isInteger(s.chebyshevDegree) && s.chebyshevDegree >= 2 && s.chebyshevDegree <= MAX_CHEBYSHEV_DEGREE)) {
    throw new RangeError(`AloScheme.chebyshevDegree must be an integer in [2, ${MAX_CHEBYSHEV_DEGREE}]`);
  }
  const n = s.chebyshevDegree;
  const l = s.fixedPointNodes;
  const p = s.priceNodes;
  const z = chebyshevLobatto(n);
  const nodeRoot = new Float64Array(n);
  for (let i = 0; i < n; i++) nodeRoot[i] = Math.pow(0.5 * (1 + (z[i] as number)), KAPPA / 2);
  const fp = angularRule(l, FP_POWER);
  const pr = angularRule(p, PRICE_POWER);
  const row = new Float64Array(n + 1);
  const fpMatrix = new Float64Array(n * l * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < l; j++) {
      chebyshevInterpolationRow(z, (1 + (z[i] as number)) * (fp.chebyshev[j] as number) - 1, row);
      fpMatrix.set(row.subarray(0, n), (i * l + j) * n);
    }
  }
  const priceMatrix = new Float64Array(p * n);
  for (let j = 0; j < p; j++) {
    chebyshevInterpolationRow(z, 2 * (pr.chebyshev[j] as number) - 1, row);
    priceMatrix.set(row.subarray(0, n), j * n);
  }
  const result: Prepared = {
    n, l, p, sweeps: s.sweeps, nodeRoot,
    fp, fpMatrix, price: pr, priceMatrix,
    sqrtH: new Float64Array(n), sqrtHNext: new Float64Array(n), hNodes: new Float64Array(n),
    hPoints: new Float64Array(n * l), volPoint: new Float64Array(n * l), inverseVol: new Float64Array(n * l),
    offset: new Float64Array(n * l), weightN: new Float64Array(n * l), weightDCdf: new Float64Array(n * l),
    weightDPdf: new Float64Array(n * l),
  };
  prepared.set(s, result);
  return result;
}

/** Φ(d) given g = e^{−d²/2}: ½·erfc(−d/√2) with erfc(y) = e^{−y²}·erfcx(y) for |y| > 0.46875, so
 *  one exponential serves both Φ and φ (Cody's erfc is used as is near 0). */
function cdfFromGaussian(d: number, g: number): number {
  const y = -d * SQRT_HALF;
  const a = y < 0 ? -y : y;
  if (a <= 0.46875) return 0.5 * erfc(y);
  const tail = 0.5 * g * (a <= 4 ? erfcxMiddle(a) : erfcxLarge(a));
  return y > 0 ? tail : 1 - tail;
}

/** B(0+) of the put: K·min(1, r/q) when q > r > 0, else K. */
export function putBoundaryAtExpiry(strike: number, rate: number, dividendYield: number): number {
  return dividendYield > rate && rate > 0 ? (strike * rate) / dividendYield : strike;
}

/** QD+ (Li 2010) exercise boundary of the put at time to maturity τ > 0: Halley's method on Li's
 *  equation f(S) = (1 − e^{−qτ}Φ(−d+))S − β(K − S − p(S)) + a·Θ(S) = 0 (p the European put, Θ its
 *  time decay), written with h = (1 − e^{−rτ})/r so that r → 0 stays regular. Only a starting
 *  point for the fixed point (itself ~1e-3 from the true boundary), so 1e-6 relative is plenty. */
function qdPlusBoundary(strike: number, rate: number, dividendYield: number, sigma: number, tau: number,
  upper: number): number {
  const sigma2 = sigma * sigma;
  const v = sigma * Math.sqrt(tau);
  const dr = Math.exp(-rate * tau);
  const dq = Math.exp(-dividendYield * tau);
  const hr = rate === 0 ? tau : -Math.expm1(-rate * tau) / rate;
  const omega = (2 * (rate - dividendYield)) / sigma2;
  const disc = Math.sqrt((omega - 1) * (omega - 1) + 8 / (sigma2 * hr));
  const lambda = 0.5 * (-(omega - 1) - disc);
  const a = -2 / (sigma2 * disc); // Li's α/(r·e^{−rτ})
  const beta = (a * dr) / hr - (2 * a * dr) / (sigma2 * hr * hr * disc * disc) - lambda;
  const lnKdr = Math.log(strike * dr);
  let s = upper;
  for (let iteration = 0; iteration < 30; iteration++) {
    const dp = (Math.log(s * dq) - lnKdr) / v + 0.5 * v;
    const dm = dp - v;
    const gp = Math.exp(-0.5 * dp * dp);
    const phiP = SQRT_TWO_PI_INV * gp;
    const cdfMinusP = cdfFromGaussian(-dp, gp); // Φ(−d+)
    const cdfMinusM = cdfFromGaussian(-dm, Math.exp(-0.5 * dm * dm)); // Φ(−d−)
    const npv = dr * strike * cdfMinusM - s * dq * cdfMinusP;
    const theta = rate * strike * dr * cdfMinusM - dividendYield * s * dq * cdfMinusP - (sigma2 * s * dq * phiP) / (2 * v);
    const charm = -dq * (phiP * ((rate - dividendYield) / v - dm / (2 * tau)) + dividendYield * cdfMinusP);
    const f = (1 - dq * cdfMinusP) * s - beta * (strike - s - npv) + a * theta;
    const df = 1 - dq * cdfMinusP + (dq * phiP) / v + beta * (1 - dq * cdfMinusP) + a * charm;
    // Halley's step with f'' (gamma and colour of the European put; QuantLib's QdPlus evaluator).
    const gamma = (phiP * dq) / (v * s);
    const colour = gamma * (dividendYield + ((rate - dividendYield) * dp) / v + (1 - dp * dm) / (2 * tau));
    const d2f = dq * (phiP / (s * v) - (phiP * dp) / (s * v * v)) + beta * gamma + a * colour;
    const newton = f / df;
    const halley = newton / (1 - (0.5 * newton * d2f) / df);
    let next = s - (Number.isFinite(halley) ? halley : newton);
    if (!(next > 0)) next = 0.5 * s;
    if (next > upper) next = upper;
    const done = Math.abs(next - s) <= 1e-6 * s;
    s = next;
    if (done) break;
  }
  return s;
}

/** Extra sweeps stop once no node's ln B moves by more than this in a sweep (the next sweep then
 *  moves it ~10× less); most options stop at the scheme's minimum, slowly contracting ones (low
 *  volatility, long maturity, high rate: up to 5e-5 error after 4 sweeps) take a few more. Never
 *  beyond MAX_SWEEPS. */
const SWEEP_TOLERANCE = 1e-6;
const MAX_SWEEPS = 16;

/** Anderson-mixing memory: previous iterate and previous map value. */
const previousIterate = new Float64Array(MAX_CHEBYSHEV_DEGREE);
const previousImage = new Float64Array(MAX_CHEBYSHEV_DEGREE);

/** Leaves √H at the n nodes with τ > 0 in p.sqrtH (the boundary; independent of S). */
function solveBoundary(p: Prepared, strike: number, rate: number, q: number, sigma: number, maturity: number,
  lnX: number, x: number): void {
  const { n, l, nodeRoot, fp, sqrtH, volPoint, inverseVol, offset, weightN, weightDCdf, weightDPdf } = p;
  const sqrtT = Math.sqrt(maturity);
  for (let i = 0; i < n; i++) {
    const sqrtTau = sqrtT * (nodeRoot[i] as number);
    const tau = sqrtTau * sqrtTau;
    sqrtH[i] = Math.max(0, lnX - Math.log(qdPlusBoundary(strike, rate, q, sigma, tau, x)));
    for (let j = 0; j < l; j++) {
      const k = i * l + j;
      const u = tau * (fp.remaining[j] as number);
      const rootM = sqrtTau * (fp.rootElapsed[j] as number);
      const vm = sigma * rootM;
      const inv = 1 / vm;
      volPoint[k] = vm;
      inverseVol[k] = inv;
      offset[k] = (rate - q) * rootM * rootM * inv + 0.5 * vm;
      const jacobian = tau * (fp.weight[j] as number); // du
      weightN[k] = jacobian * Math.exp(rate * u) * inv * SQRT_TWO_PI_INV;
      const wq = q === 0 ? 0 : jacobian * Math.exp(q * u);
      weightDCdf[k] = wq;
      weightDPdf[k] = wq * inv * SQRT_TWO_PI_INV;
    }
  }
  const { fpMatrix, hNodes, hPoints, sqrtHNext } = p;
  const lnK = Math.log(strike);
  const rows = n * l;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    for (let i = 0; i < n; i++) hNodes[i] = (sqrtH[i] as number) * (sqrtH[i] as number);
    for (let r = 0; r < rows; r++) {
      let acc = 0;
      const base = r * n;
      for (let k = 0; k < n; k++) acc += (fpMatrix[base + k] as number) * (hNodes[k] as number);
      hPoints[r] = acc > 0 ? Math.sqrt(acc) : 0; // √H at the quadrature point
    }
    for (let i = 0; i < n; i++) {
      const sqrtTau = sqrtT * (nodeRoot[i] as number);
      const tau = sqrtTau * sqrtTau;
      const sHi = sqrtH[i] as number;
      const v = sigma * sqrtTau;
      const dp = (lnX - sHi - lnK + (rate - q) * tau) / v + 0.5 * v;
      const dm = dp - v;
      let nInt = 0;
      let dInt = 0;
      const base = i * l;
      for (let j = 0; j < l; j++) {
        const k = base + j;
        // d+ at (τ − u, B(τ)/B(u)), with ln(B(τ)/B(u)) = √H(u) − √H(τ)
        const dpj = ((hPoints[k] as number) - sHi) * (inverseVol[k] as number) + (offset[k] as number);
        const dmj = dpj - (volPoint[k] as number);
        nInt += (weightN[k] as number) * Math.exp(-0.5 * dmj * dmj);
        if (q !== 0) {
          const gpj = Math.exp(-0.5 * dpj * dpj);
          dInt += (weightDCdf[k] as number) * cdfFromGaussian(dpj, gpj) + (weightDPdf[k] as number) * gpj;
        }
      }
      const gp = Math.exp(-0.5 * dp * dp);
      const nVal = (SQRT_TWO_PI_INV * Math.exp(-0.5 * dm * dm)) / v + rate * nInt;
      const dVal = cdfFromGaussian(dp, gp) + (SQRT_TWO_PI_INV * gp) / v + q * dInt;
      const next = (strike * Math.exp(-(rate - q) * tau) * nVal) / dVal;
      sqrtHNext[i] = next >= x ? 0 : lnX - Math.log(next);
    }
    if (sweep === 0) {
      for (let i = 0; i < n; i++) {
        previousIterate[i] = sqrtH[i] as number;
        previousImage[i] = sqrtHNext[i] as number;
        sqrtH[i] = sqrtHNext[i] as number;
      }
      continue;
    }
    // Anderson mixing, memory 1 (Walker & Ni, SIAM J. Numer. Anal. 49 (2011) 1715–1735):
    // y ← g − γ(g − g_prev) with γ minimising |f − γ(f − f_prev)|, f = g − y the residual.
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const f = (sqrtHNext[i] as number) - (sqrtH[i] as number);
      const df = f - ((previousImage[i] as number) - (previousIterate[i] as number));
      num += df * f;
      den += df * df;
    }
    const gamma = den > 0 ? num / den : 0;
    let change = 0;
    for (let i = 0; i < n; i++) {
      const g = sqrtHNext[i] as number;
      previousIterate[i] = sqrtH[i] as number;
      const y = g - gamma * (g - (previousImage[i] as number));
      previousImage[i] = g;
      const next = y > 0 ? y : 0;
      change = Math.max(change, Math.abs(next - (sqrtH[i] as number)));
      sqrtH[i] = next;
    }
    // At least the scheme's sweeps; beyond them, stop once ln B moves by less than the tolerance.
    if (sweep + 1 >= p.sweeps && change <= SWEEP_TOLERANCE) return;
  }
}

/** American put value, and when `withGreeks` also delta and gamma, written to out[0..2]. Trusts
 *  its inputs: σ > 0, T > 0, a single-boundary regime (r > 0, or r = 0 with q < 0), and the
 *  European value/delta/gamma of the same put. */
export function aloPutInto(scheme: AloScheme, spot: number, strike: number, rate: number, q: number,
  sigma: number, maturity: number, europeanPrice: number, europeanDelta: number, europeanGamma: number,
  withGreeks: boolean, out: Float64Array): void {
  const p = prepare(scheme);
  const x = putBoundaryAtExpiry(strike, rate, q);
  const lnX = Math.log(x);
  solveBoundary(p, strike, rate, q, sigma, maturity, lnX, x);
  const { n, sqrtH, hNodes, priceMatrix, price } = p;
  // Exercise region: at or below B(T) the put is worth its intrinsic value. (Where intrinsic is
  // below the European value the spot cannot be in it; that only happens when a degenerate
  // regime, e.g. r = 0 with q → 0⁻, leaves the computed boundary meaningless.)
  if (spot <= Math.exp(lnX - (sqrtH[0] as number)) && strike - spot >= europeanPrice) {
    out[0] = strike - spot;
    out[1] = -1;
    out[2] = 0;
    return;
  }
  for (let i = 0; i < n; i++) hNodes[i] = (sqrtH[i] as number) * (sqrtH[i] as number);
  const lnS = Math.log(spot);
  const sqrtT = Math.sqrt(maturity);
  let premium = 0;
  let premiumDelta = 0;
  let premiumGamma = 0;
  for (let j = 0; j < p.p; j++) {
    let acc = 0;
    const base = j * n;
    for (let k = 0; k < n; k++) acc += (priceMatrix[base + k] as number) * (hNodes[k] as number);
    const lnB = lnX - (acc > 0 ? Math.sqrt(acc) : 0); // ln B(T − m)
    const sqrtM = sqrtT * (price.rootElapsed[j] as number);
    const m = sqrtM * sqrtM;
    const vm = sigma * sqrtM;
    const dp = (lnS - lnB + (rate - q) * m) / vm + 0.5 * vm;
    const dm = dp - vm;
    const gp = Math.exp(-0.5 * dp * dp);
    const gm = Math.exp(-0.5 * dm * dm);
    const discR = Math.exp(-rate * m);
    const discQ = q === 0 ? 1 : Math.exp(-q * m);
    const cdfMinusP = cdfFromGaussian(-dp, gp);
    const cdfMinusM = cdfFromGaussian(-dm, gm);
    const jacobian = maturity * (price.weight[j] as number); // dm
    premium += jacobian * (rate * strike * discR * cdfMinusM - q * spot * discQ * cdfMinusP);
    if (withGreeks) {
      // ∂/∂S: −e^{−rm}(rK − qB)φ(d−)/(Sσ√m) − q e^{−qm}Φ(−d+), using S·e^{−qm}φ(d+) = B·e^{−rm}φ(d−)
      const kernel = jacobian / vm; // dm/(σ√m)
      const carry = discR * (rate * strike - q * Math.exp(lnB)) * SQRT_TWO_PI_INV * gm;
      premiumDelta += (-kernel * carry) / spot - jacobian * q * discQ * cdfMinusP;
      premiumGamma += (kernel * carry * (1 + dm / vm)) / (spot * spot) + (kernel * q * discQ * SQRT_TWO_PI_INV * gp) / spot;
    }
  }
  out[0] = europeanPrice + premium;
  out[1] = europeanDelta + premiumDelta;
  out[2] = europeanGamma + premiumGamma;
}
