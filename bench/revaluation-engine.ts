/** The revaluation work of bench/revaluation.ts, shared by the main thread (single-threaded runs)
 *  and bench/revaluation-worker.ts: P&L vectors of the base portfolio, the target holding and 20
 *  hedges over a slice of scenarios, then VaR/ES 95/99 of "whole portfolio + hedge" and "target +
 *  hedge" — exactly the work of risk_numpy.py's revalue_and_measure(). Option legs are repriced
 *  by the product's horizon revaluation (europeanValuesAtHorizon, src/evaluate/
 *  option-revaluation.ts: per-contract constants formed once, ln and √ of the relatives once per
 *  underlying, then one normalised-Black kernel per scenario);
 *  VaR/ES come from tailRisk
 *  (src/evaluate/contributions.ts: type-7 quantile and mean of losses ≥ VaR, like np.quantile
 *  and the script's mask). Buffers are views of SharedArrayBuffers so workers share them. */

import { tailRisks, type TailRisk } from '../src/evaluate/contributions.js';
import { type UnderlyingMoves, europeanValuesAtHorizon, underlyingMoves } from '../src/evaluate/option-revaluation.js';
import type { MonteCarloDraw, MonteCarloModel } from '../src/scenarios/monte-carlo.js';

export type BenchLeg =
  | { kind: 'option'; underlying: number; call: boolean; strike: number; expiryYears: number; quantity: number }
  | { kind: 'stock'; index: number; quantity: number };

/** bench/revaluation-portfolio.json, written by bench/peers/revaluation_portfolio.py. */
export type BenchPortfolio = {
  source: string;
  horizonDays: number;
  rate: number;
  target: number;
  spots: number[];
  volatilities: number[];
  dividendYields: number[];
  correlation: number[];
  shares: number[];
  options: BenchLeg[];
  hedges: { name: string; legs: BenchLeg[] }[];
};

/** Shared buffers: `shocks` the k standard normals of each scenario; `relatives` k columns of n
 *  scenarios; `pnl` n values for the base portfolio (row 0), the target holding (row 1) and each
 *  hedge's legs (rows 2…). */
export type SharedBuffers = { n: number; shocks: SharedArrayBuffer; relatives: SharedArrayBuffer; pnl: SharedArrayBuffer };

/** Seed of the benchmark's scenarios. */
export const BENCH_SEED = 7;

/** The script's model as daily increments: mean −σ²/2 per day (of 252), covariance
 *  σ_iσ_jC_ij/252, so that h days give exactly its −σ²h/2 and σ√h·L·Z with h = 10/252 years. */
export function benchModel(p: BenchPortfolio): MonteCarloModel {
  const k = p.spots.length;
  const sd = p.volatilities.map((v) => v / Math.sqrt(252));
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) values[i * k + j] = sd[i]! * sd[j]! * p.correlation[i * k + j]!;
  return {
    meanDaily: Float64Array.from(p.volatilities, (v) => (-0.5 * v * v) / 252),
    covarianceDaily: { size: k, values },
    distribution: { kind: 'normal' },
    additive: p.spots.map(() => false),
    lastPrices: Float64Array.from(p.spots),
  };
}

export function benchDraw(p: BenchPortfolio, n: number): MonteCarloDraw {
  return { horizonDays: p.horizonDays, count: n, seed: BENCH_SEED, antithetic: false };
}

/** Metric sets: for each of base + hedges (index 0 = unhedged), "whole" then "target"; each set
 *  is VaR95, ES95, VaR99, ES99. */
export const METRICS_PER_SET = 4;
const LEVELS = [0.95, 0.99];

type OptionLeg = Extract<BenchLeg, { kind: 'option' }>;

/** Same contract = same underlying, type, strike and expiry. */
function contractKey(leg: OptionLeg): string {
  return `${leg.underlying}|${leg.call}|${leg.strike}|${leg.expiryYears}`;
}

export class Revaluer {
  /** Views of the shared relatives, one column per stock. */
  readonly relatives: Float64Array[];
  private readonly pnl: Float64Array[];
  /** ln and √ of the relatives of each option underlying over the current slice. */
  private readonly moves = new Map<number, UnderlyingMoves>();
  /** Their buffers, kept from slice to slice. */
  private readonly movesBuffers = new Map<number, [Float64Array, Float64Array]>();
  private readonly scratch: Float64Array;
  private readonly losses: Float64Array;
  private readonly horizonYears: number;
  /** Distinct option contracts, their value today, and per contract a column of its value change
   *  per unit over the current slice (filled once per slice when `shareContracts`). */
  private readonly contracts = new Map<string, { leg: OptionLeg; today: number; change: Float64Array }>();

  /** `shareContracts`: reprice each distinct contract once per scenario and reuse the result for
   *  every leg holding it (22 contracts for the 34 option legs here); false reprices every leg,
   *  exactly the work of the numpy script. */
  constructor(private readonly p: BenchPortfolio, buffers: SharedBuffers, private readonly shareContracts = false) {
    const n = buffers.n;
    const k = p.spots.length;
    this.relatives = Array.from({ length: k }, (_, j) => new Float64Array(buffers.relatives, 8 * j * n, n));
    this.pnl = Array.from({ length: 2 + p.hedges.length }, (_, r) => new Float64Array(buffers.pnl, 8 * r * n, n));
    this.scratch = new Float64Array(n);
    this.losses = new Float64Array(n);
    this.horizonYears = p.horizonDays / 252;
    for (const leg of [...p.options, ...p.hedges.flatMap((h) => h.legs)]) {
      if (leg.kind !== 'option' || this.contracts.has(contractKey(leg))) continue;
      const today = this.price(leg, underlyingMoves(p.spots[leg.underlying]!, Float64Array.of(1)), leg.expiryYears, new Float64Array(1))[0]!;
      this.contracts.set(contractKey(leg), { leg, today, change: new Float64Array(shareContracts ? n : 0) });
    }
  }

  /** Values of an option contract in the scenarios of `moves` with `timeYears` to expiry, into `out`. */
  private price(leg: OptionLeg, moves: UnderlyingMoves, timeYears: number, out: Float64Array): Float64Array {
    const u = leg.underlying;
    europeanValuesAtHorizon({ theta: leg.call ? 1 : -1, american: false, strike: leg.strike, rate: this.p.rate,
      dividendYield: this.p.dividendYields[u]!, remainingYears: timeYears }, this.p.volatilities[u]!, moves, out);
    return out;
  }

  /** Value change per unit of a contract over scenarios [start, end), into out[0 … end − start). */
  private reprice(leg: OptionLeg, start: number, end: number, out: Float64Array): void {
    const m = end - start;
    const values = this.price(leg, this.moves.get(leg.underlying)!, leg.expiryYears - this.horizonYears, out.subarray(0, m));
    const today = this.contracts.get(contractKey(leg))!.today;
    for (let i = 0; i < m; i++) values[i] = values[i]! - today;
  }

  /** Adds one leg's P&L over scenarios [start, end) to `out`. */
  private addLeg(leg: BenchLeg, out: Float64Array, start: number, end: number): void {
    if (leg.kind === 'stock') {
      const rel = this.relatives[leg.index]!;
      const exposure = leg.quantity * this.p.spots[leg.index]!;
      for (let s = start; s < end; s++) out[s] = out[s]! + exposure * (rel[s]! - 1);
      return;
    }
    let change: Float64Array;
    if (this.shareContracts) {
      change = this.contracts.get(contractKey(leg))!.change;
    } else {
      change = this.scratch;
      this.reprice(leg, start, end, change);
    }
    const q = leg.quantity;
    for (let i = 0, s = start; s < end; i++, s++) out[s] = out[s]! + q * change[i]!;
  }

  /** Fills every P&L row over scenarios [start, end). */
  pnlRange(start: number, end: number): void {
    const p = this.p;
    this.moves.clear();
    for (const c of this.contracts.values()) {
      const u = c.leg.underlying;
      if (this.moves.has(u)) continue;
      let buffers = this.movesBuffers.get(u);
      if (buffers === undefined) {
        buffers = [new Float64Array(this.scratch.length), new Float64Array(this.scratch.length)];
        this.movesBuffers.set(u, buffers);
      }
      this.moves.set(u, underlyingMoves(p.spots[u]!, this.relatives[u]!.subarray(start, end), ...buffers));
    }
    if (this.shareContracts) for (const c of this.contracts.values()) this.reprice(c.leg, start, end, c.change);
    const [base, target] = this.pnl as [Float64Array, Float64Array];
    base.fill(0, start, end);
    target.fill(0, start, end);
    p.shares.forEach((q, j) => this.addLeg({ kind: 'stock', index: j, quantity: q }, base, start, end));
    this.addLeg({ kind: 'stock', index: p.target, quantity: p.shares[p.target]! }, target, start, end);
    for (const o of p.options) this.addLeg(o, base, start, end);
    p.hedges.forEach((h, k) => {
      const row = this.pnl[2 + k]!;
      row.fill(0, start, end);
      for (const leg of h.legs) this.addLeg(leg, row, start, end);
    });
  }

  /** Option contracts repriced per scenario: distinct ones when shared, else every leg. */
  get repricedPerScenario(): number {
    return this.shareContracts ? this.contracts.size : this.p.options.length + this.p.hedges.flatMap((h) => h.legs).filter((l) => l.kind === 'option').length;
  }

  /** VaR95, ES95, VaR99, ES99 of each requested metric set; set 2h is "whole + hedge h" and
   *  2h + 1 "target + hedge h", h = 0 meaning no hedge. */
  metrics(sets: readonly number[]): Float64Array {
    const out = new Float64Array(METRICS_PER_SET * sets.length);
    const v = this.scratch;
    sets.forEach((set, i) => {
      const hedge = set >> 1;
      const own = this.pnl[set & 1]!;
      if (hedge === 0) v.set(own);
      else {
        const legs = this.pnl[1 + hedge]!;
        for (let s = 0; s < v.length; s++) v[s] = own[s]! + legs[s]!;
      }
      const [a, b] = tailRisks(v, LEVELS, this.losses) as [TailRisk, TailRisk];
      out.set([a.var, a.es, b.var, b.es], METRICS_PER_SET * i);
    });
    return out;
  }
}
