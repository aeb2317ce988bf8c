/** American put by finite differences: Crank–Nicolson in x = ln S with a Rannacher start
 *  (Rannacher, Numer. Math. 43 (1984) 309–327: the first two steps are split into four implicit
 *  Euler half-steps to damp the payoff kink), the early-exercise complementarity problem
 *  min(A·V − b, V − payoff) = 0 solved exactly at each step by policy iteration (Howard's
 *  algorithm; Reisinger & Witte, SIAM J. Financial Math. 3 (2012) 459–478), time steps uniform in
 *  √τ (the exercise boundary moves like √τ near expiry), the European put solved on the same grid
 *  as a control variate (the closed form plus the grid's premium), and Richardson extrapolation
 *  over the grids (N, M) and (2N, 2M) for second-order error terms.
 *
 *  Slow but general: it needs no assumption on the shape of the exercise region, so it also
 *  prices the double-boundary put (q < r < 0, Andersen & Lake 2021) where the fixed-point method
 *  does not apply, and it is the independent check of that method (docs/pricing.md). */

import { bsmGreeksInto } from './black.js';

/** Grid of one solve: `spaceSteps` intervals in ln S, `timeSteps` steps in √τ. */
export type FdGrid = { spaceSteps: number; timeSteps: number };

/** Value, ∂V/∂S and ∂²V/∂S² at the spot. */
export type FdValue = { value: number; delta: number; gamma: number };

/** One Crank–Nicolson solve of the American put on the given grid (no extrapolation). The Greeks
 *  come from the same solve's nodes around the spot (central differences in x = ln S), so they
 *  share its discretisation; differencing separate solves at S ± h, each grid placed on its own
 *  spot, divided their different errors by h² (a gamma of −0.70 where it cannot be negative). */
export function fdAmericanPut(spot: number, strike: number, rate: number, q: number, sigma: number,
  maturity: number, grid: FdGrid): FdValue {
  const n = grid.spaceSteps;
  const sqrtT = Math.sqrt(maturity);
  // Domain: 6σ√T either side of the spot, and the drift μT = (r − q − ½σ²)T beyond that on its own
  // side only; widened to include the strike with the same margins. Against the drift, ln S reaches
  // 6σ√T + |μ|t at time t with a probability below that of 6σ at T; a margin of |μ|T there (the
  // domain was ±(6σ√T + |r − q|T)) spent a third of the cells at r = −0.5, q = −0.99, T = 30.
  const mu = rate - q - 0.5 * sigma * sigma;
  const halfUp = 6 * sigma * sqrtT + Math.max(mu, 0) * maturity + 1e-12;
  const halfDown = 6 * sigma * sqrtT + Math.max(-mu, 0) * maturity + 1e-12;
  const x0 = Math.log(spot);
  const lnK = Math.log(strike);
  const hi = Math.max(x0 + halfUp, lnK + halfUp);
  const dxTarget = (hi - Math.min(x0 - halfDown, lnK - halfDown)) / n;
  // At least one cell below the spot: a spot closer than a cell to the domain's lower end (deep in
  // the money with little volatility) would otherwise shrink the cells, and multiply their count,
  // by the ratio of the two.
  const lo = Math.min(x0 - Math.max(halfDown, dxTarget), lnK - halfDown);
  // Place the spot exactly on a node so no interpolation is needed at the end.
  const below = Math.ceil((x0 - lo) / dxTarget);
  const dx = (x0 - lo) / below;
  const xMin = x0 - below * dx;
  const size = Math.ceil((hi - xMin) / dx) + 1;
  const payoff = new Float64Array(size);
  const s = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    s[i] = Math.exp(xMin + i * dx);
    payoff[i] = Math.max(strike - (s[i] as number), 0);
  }
  // Average the payoff over each cell around the kink (smoothing, Pooley–Vetzal–Forsyth 2003).
  const kinkCell = Math.floor((lnK - xMin) / dx + 0.5);
  if (kinkCell > 0 && kinkCell < size - 1) {
    const a = xMin + (kinkCell - 0.5) * dx;
    const b = xMin + (kinkCell + 0.5) * dx;
    // ∫_a^b max(K − e^x, 0) dx / dx
    const upper = Math.min(b, lnK);
    payoff[kinkCell] = upper > a ? (strike * (upper - a) - (Math.exp(upper) - Math.exp(a))) / dx : 0;
  }
  const v = Float64Array.from(payoff);
  // The European put on the same grid, the control variate: the American value is the closed-form
  // European one plus the grid's premium v − w, so the grid's error in the large smooth part both
  // share cancels. Deep in the money (S/K = 1e-9 at r = −0.5, q = −0.99, T = 30) the put is
  // ≈ K·e^{−rτ} − S·e^{−qτ}, whose gamma is ≈ 0 but whose nodes' central differences in ln S are
  // off by S·e^{−qτ}·Δx²/12: divided by S², gamma came out −3e13.
  const w = Float64Array.from(payoff);
  const never = new Uint8Array(size);
  // Operator L V = ½σ² V_xx + μ V_x − r V, central differences with the diffusion exponentially
  // fitted (Il'in–Allen–Southwell: ½σ² becomes ½σ²·ρ·coth ρ, ρ = μΔx/σ²). Where the drift
  // dominates (|ρ| > 1) plain central differences give a neighbour a negative weight: the matrix is
  // no M-matrix, the exercise policy iteration loses its guarantee, and at r = −0.5, q = −0.99,
  // T = 30 (ρ = 1.25 on the 400-cell grid) the value came out 21 % low. The fitted weights are never
  // negative, and ρ·coth ρ = 1 + O(ρ²) keeps the scheme second order.
  const rho = (mu * dx) / (sigma * sigma);
  const fitting = Math.abs(rho) < 1e-8 ? 1 : rho / Math.tanh(rho);
  const diffusion = (0.5 * sigma * sigma * fitting) / (dx * dx);
  const drift = mu / (2 * dx);
  const lower = diffusion - drift; // coefficient of V_{i−1}
  const upperCoef = diffusion + drift; // V_{i+1}
  const diag = -2 * diffusion - rate; // V_i
  const rhs = new Float64Array(size);
  const rhsW = new Float64Array(size);
  const a = new Float64Array(size);
  const bDiag = new Float64Array(size);
  const c = new Float64Array(size);
  const work = new Float64Array(size);
  const exercise = new Uint8Array(size);
  const m = grid.timeSteps;
  // Rannacher: the first two CN steps become four implicit half-steps.
  const steps: { from: number; to: number; implicit: boolean }[] = [];
  for (let k = 0; k < m; k++) {
    const t0 = maturity * (k / m) * (k / m);
    const t1 = maturity * ((k + 1) / m) * ((k + 1) / m);
    if (k < 2) {
      const mid = 0.5 * (t0 + t1);
      steps.push({ from: t0, to: mid, implicit: true }, { from: mid, to: t1, implicit: true });
    } else {
      steps.push({ from: t0, to: t1, implicit: false });
    }
  }
  for (const step of steps) {
    const dt = step.to - step.from;
    const theta = step.implicit ? 1 : 0.5;
    const tau = step.to;
    // Boundary values at τ: deep in the money the put is max(K − S, K·e^{−rτ} − S·e^{−qτ}); far out 0.
    const sLo = s[0] as number;
    const leftValue = Math.max(strike - sLo, strike * Math.exp(-rate * tau) - sLo * Math.exp(-q * tau));
    for (let i = 1; i < size - 1; i++) {
      const lv = lower * (v[i - 1] as number) + diag * (v[i] as number) + upperCoef * (v[i + 1] as number);
      rhs[i] = (v[i] as number) + (1 - theta) * dt * lv;
      const lw = lower * (w[i - 1] as number) + diag * (w[i] as number) + upperCoef * (w[i + 1] as number);
      rhsW[i] = (w[i] as number) + (1 - theta) * dt * lw;
      a[i] = -theta * dt * lower;
      bDiag[i] = 1 - theta * dt * diag;
      c[i] = -theta * dt * upperCoef;
    }
    rhs[0] = leftValue;
    rhs[size - 1] = 0;
    rhsW[0] = strike * Math.exp(-rate * tau) - sLo * Math.exp(-q * tau);
    rhsW[size - 1] = 0;
    solveLcp(a, bDiag, c, rhs, payoff, v, exercise, work, size);
    thomas(a, bDiag, c, rhsW, payoff, never, w, work, size);
  }
  // Where the spot and its neighbours are exercised the value is the payoff K − S, whose gamma is
  // 0: the control variate would add the European grid's own discretisation error there (gammas of
  // −1e-6 deep in the money at σ = 0.05).
  if (exercise[below - 1] === 1 && exercise[below] === 1 && exercise[below + 1] === 1) {
    return { value: strike - spot, delta: -1, gamma: 0 };
  }
  const premium = (i: number) => (v[i] as number) - (w[i] as number);
  const [pm, p0, pp] = [premium(below - 1), premium(below), premium(below + 1)];
  const px = (pp - pm) / (2 * dx);
  const pxx = (pp - 2 * p0 + pm) / (dx * dx);
  bsmGreeksInto(-1, spot, strike, rate, q, sigma, maturity, european, 0);
  return {
    value: (european[0] as number) + p0,
    delta: (european[1] as number) + px / spot,
    gamma: (european[2] as number) + (pxx - px) / (spot * spot),
  };
}

const european = new Float64Array(7);

/** Thomas algorithm for the tridiagonal system with the rows where `exercise` is 1 replaced by
 *  V_i = g_i (rows 0 and size−1 are Dirichlet: V = rhs). */
function thomas(a: Float64Array, b: Float64Array, c: Float64Array, rhs: Float64Array, g: Float64Array,
  exercise: Uint8Array, v: Float64Array, work: Float64Array, size: number): void {
  let prevC = 0;
  let prevD = rhs[0] as number;
  work[0] = 0;
  v[0] = prevD;
  const cp = work;
  const dp = v;
  for (let i = 1; i < size - 1; i++) {
    let ai = a[i] as number;
    let bi = b[i] as number;
    let ci = c[i] as number;
    let di = rhs[i] as number;
    if (exercise[i] === 1) {
      ai = 0;
      bi = 1;
      ci = 0;
      di = g[i] as number;
    }
    const denom = bi - ai * prevC;
    prevC = ci / denom;
    prevD = (di - ai * prevD) / denom;
    cp[i] = prevC;
    dp[i] = prevD;
  }
  v[size - 1] = rhs[size - 1] as number;
  for (let i = size - 2; i >= 1; i--) v[i] = (dp[i] as number) - (cp[i] as number) * (v[i + 1] as number);
}

/** min(M·V − rhs, V − g) = 0 for tridiagonal M (rows 1…size−2; rows 0 and size−1 are Dirichlet),
 *  by policy iteration from the previous exercise set: exact in finitely many steps for M-matrices
 *  (Bokanowski, Maroso & Zidani, SIAM J. Numer. Anal. 47 (2009) 3001–3026). */
function solveLcp(a: Float64Array, b: Float64Array, c: Float64Array, rhs: Float64Array, g: Float64Array,
  v: Float64Array, exercise: Uint8Array, work: Float64Array, size: number): void {
  for (let iteration = 0; iteration < 100; iteration++) {
    thomas(a, b, c, rhs, g, exercise, v, work, size);
    // New policy: exercise where continuing would be worth less than the payoff's residual. Where
    // the two agree to rounding the policy stays: with values from 1 to 1e8 on one grid (K·e^{−rτ}
    // at r = −0.5) rounding flipped such ties back and forth until the 100-iteration cap, in 62 of
    // 800 steps of one solve.
    let changed = false;
    for (let i = 1; i < size - 1; i++) {
      const residual = (a[i] as number) * (v[i - 1] as number) + (b[i] as number) * (v[i] as number)
        + (c[i] as number) * (v[i + 1] as number) - (rhs[i] as number);
      const gap = (v[i] as number) - (g[i] as number);
      const rounding = 1e-12 * (Math.abs(rhs[i] as number) + Math.abs(g[i] as number) + Math.abs(v[i] as number));
      const next = gap < residual - rounding ? 1 : residual < gap - rounding ? 0 : exercise[i] as number;
      if (next !== exercise[i]) {
        exercise[i] = next;
        changed = true;
      }
    }
    if (!changed) return;
  }
}

/** Richardson extrapolation of two solves, (N, M) and (2N, 2M), assuming O(Δx² + Δ√τ²) error,
 *  of the value and of its Greeks alike. */
export function fdAmericanPutExtrapolated(spot: number, strike: number, rate: number, q: number, sigma: number,
  maturity: number, grid: FdGrid): FdValue {
  const coarse = fdAmericanPut(spot, strike, rate, q, sigma, maturity, grid);
  const fine = fdAmericanPut(spot, strike, rate, q, sigma, maturity,
    { spaceSteps: 2 * grid.spaceSteps, timeSteps: 2 * grid.timeSteps });
  const extrapolate = (f: number, c: number) => f + (f - c) / 3;
  return {
    value: extrapolate(fine.value, coarse.value),
    delta: extrapolate(fine.delta, coarse.delta),
    gamma: extrapolate(fine.gamma, coarse.gamma),
  };
}
