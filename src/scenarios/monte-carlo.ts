// Monte Carlo joint scenarios from a covariance matrix of daily increments (log returns, or
// price changes for additive series, see ./increments.ts), scaled to the horizon by the
// square-root-of-time rule: over h trading days the increment has mean h·μ and covariance h·Σ
// (independent, identically distributed days; J.P. Morgan/Reuters, RiskMetrics — Technical
// Document, 4th ed., 1996, §6.3). The mean is zero unless asked for: a sample mean of a few
// years of daily returns is too noisy to move a 10-day tail figure in a trustworthy way
// (RiskMetrics §5.3.1.1), and a zero mean keeps the figures conservative.
//
//   normal:     X = h·μ + √h·A·Z,                   Z ~ N(0, I_k), A·Aᵀ = Σ
//   Student-t:  X = h·μ + √h·√((ν − 2)/V)·A·Z,       V ~ χ²_ν independent of Z
// The multivariate t (Demarta & McNeil 2005, "The t copula and related copulas", Int. Stat.
// Review 73(1), §2) shares one V across symbols, so large moves come together (tail
// dependence); the factor (ν − 2)/ν makes its covariance exactly h·Σ (ν > 2). The horizon move is
// drawn as one t with the daily ν: a sum of h independent daily t moves would be closer to
// normal, so this errs on the side of fatter 10-day tails.
//
// Antithetic variates (Glasserman, Monte Carlo Methods in Financial Engineering, 2003, §4.2):
// scenarios 2m and 2m + 1 use Z and −Z (and the same V), so each pair's increments average
// exactly h·μ.
//
// Generators (src/stats/rng.ts). By default the normals come from the ziggurat over
// xoshiro128** (`Xoshiro128`, ~5 ns a normal), one generator per block of SHOCK_BLOCK_UNITS
// units seeded with (seed, block), so blocks can be drawn in parallel. `generator:
// 'numpy-legacy'` draws instead from MT19937 with Marsaglia's polar method, bit for bit
// numpy.random.RandomState, ~6× slower: the stream the reference tests replay in numpy. Draw
// order, the same for both: for each scenario — for each antithetic pair when antithetic — k
// standard normals in symbol order, then, for the t, one χ²_ν draw (RandomState.chisquare's
// algorithm on the same stream).

import type { SymmetricMatrix } from '../stats/covariance.js';
import { isConstant, mean, standardDeviation } from '../stats/descriptive.js';
import { notEstimable, type Estimate } from '../stats/result.js';
import { createRng, type RandomSource, Xoshiro128 } from '../stats/rng.js';
import { fitStudentT, type StudentTFit } from '../stats/student-t.js';
import { covarianceFactor, type CovarianceFactor } from './linalg.js';

export type MonteCarloDistribution = { kind: 'normal' } | { kind: 't'; degreesOfFreedom: number };

export type MonteCarloModel = {
  /** Daily mean increment per symbol (zeros for the default zero-mean model). */
  meanDaily: Float64Array;
  /** Covariance of daily increments. */
  covarianceDaily: SymmetricMatrix;
  distribution: MonteCarloDistribution;
  /** Per symbol: increments are price changes (true) or log returns (false). */
  additive: readonly boolean[];
  /** Today's price per symbol (needed by additive series). */
  lastPrices: Float64Array;
};

export type MonteCarloDraw = {
  horizonDays: number;
  count: number;
  seed: number;
  /** Pairs Z and −Z; `count` must then be even. */
  antithetic: boolean;
  /** 'ziggurat' (default): xoshiro128** + ziggurat; 'numpy-legacy': MT19937 + polar, the stream
   *  of numpy.random.RandomState(seed). */
  generator?: MonteCarloGenerator;
};

export type MonteCarloGenerator = 'ziggurat' | 'numpy-legacy';

/** The seeded source of a run's draws. */
export function monteCarloSource(draw: Pick<MonteCarloDraw, 'seed' | 'generator'>): RandomSource {
  return draw.generator === 'numpy-legacy' ? createRng(draw.seed) : new Xoshiro128(draw.seed);
}

export type MonteCarloResult = {
  /** Price relatives, one Float64Array of `count` per symbol. */
  relatives: Float64Array[];
  factor: CovarianceFactor;
};

/** The random part of a run, in the documented draw order: one "unit" per scenario, or per
 *  antithetic pair. `z` holds k standard normals per unit (unit-major); `mix` the Student-t
 *  factor √((ν − 2)/V) per unit, or null for the normal. */
export type MonteCarloShocks = { units: number; z: Float64Array; mix: Float64Array | null };

/** Units per block of the ziggurat stream: block b (units [b·B, (b + 1)·B)) draws from its own
 *  generator, Xoshiro128(seed, b), so blocks can be drawn on any thread, in any order, and the
 *  scenarios do not depend on how the work is split. */
export const SHOCK_BLOCK_UNITS = 1024;

/** Draws every random number of a run into `into` (at least units·k values, e.g. a
 *  SharedArrayBuffer view) and `mixInto` (t only, at least units values) when given. Kept apart
 *  from applyMonteCarloShocks so the arithmetic can be split over worker threads while the
 *  result stays the same; fillMonteCarloShocks draws a part of them. */
export function drawMonteCarloShocks(model: MonteCarloModel, draw: MonteCarloDraw, into?: Float64Array,
  mixInto?: Float64Array): MonteCarloShocks {
  const k = model.covarianceDaily.size;
  const units = draw.antithetic ? draw.count / 2 : draw.count;
  const z = into?.subarray(0, units * k) ?? new Float64Array(units * k);
  const mix = model.distribution.kind === 'normal' ? null : (mixInto?.subarray(0, units) ?? new Float64Array(units));
  const shocks = { units, z, mix };
  fillMonteCarloShocks(model, draw, shocks, 0, units);
  return shocks;
}

/** Draws the shocks of units [start, end) into `shocks`. The ziggurat stream is drawn block by
 *  block, so `start` must be a multiple of SHOCK_BLOCK_UNITS and `end` one too or the last unit;
 *  'numpy-legacy' is one sequential stream and only draws the whole range. */
export function fillMonteCarloShocks(model: MonteCarloModel, draw: MonteCarloDraw, shocks: MonteCarloShocks,
  start: number, end: number): void {
  if (draw.generator === 'numpy-legacy') {
    if (start !== 0 || end !== shocks.units) throw new RangeError('the numpy-legacy stream is drawn whole, on one thread');
    drawUnits(model, createRng(draw.seed), shocks, 0, end);
    return;
  }
  if (start % SHOCK_BLOCK_UNITS !== 0 || (end % SHOCK_BLOCK_UNITS !== 0 && end !== shocks.units)) {
    throw new RangeError(`shock ranges start and end on blocks of ${SHOCK_BLOCK_UNITS} units, got [${start}, ${end})`);
  }
  for (let b = start / SHOCK_BLOCK_UNITS; b * SHOCK_BLOCK_UNITS < end; b++) {
    drawUnits(model, new Xoshiro128(draw.seed, b), shocks, b * SHOCK_BLOCK_UNITS, Math.min(end, (b + 1) * SHOCK_BLOCK_UNITS));
  }
}

/** Units [start, end) from one source, in the documented order. */
function drawUnits(model: MonteCarloModel, rng: RandomSource, shocks: MonteCarloShocks, start: number, end: number): void {
  const k = model.covarianceDaily.size;
  const { z, mix } = shocks;
  if (mix === null || model.distribution.kind === 'normal') {
    rng.fillNormal(z.subarray(start * k, end * k));
    return;
  }
  const nu = model.distribution.degreesOfFreedom;
  for (let u = start; u < end; u++) {
    for (let l = 0; l < k; l++) z[u * k + l] = rng.normal();
    mix[u] = Math.sqrt((nu - 2) / chiSquare(rng, nu));
  }
}

/** Relatives of the scenarios of units [start, end) (scenarios 2u and 2u + 1 of each unit when
 *  antithetic) into `out` (k columns of `count`): x = h·μ ± √h·mix·A·z, then e^x, or 1 + x/P for
 *  additive series. Allocates only a few k-vectors and a k × 256 scratch block. */
export function applyMonteCarloShocks(
  model: MonteCarloModel, factor: CovarianceFactor, shocks: MonteCarloShocks, draw: MonteCarloDraw,
  out: Float64Array[], start: number, end: number,
): void {
  const k = factor.size;
  const a = factor.values;
  const rootH = Math.sqrt(draw.horizonDays);
  const { z, mix } = shocks;
  const antithetic = draw.antithetic;
  const drift = Float64Array.from(model.meanDaily, (m) => m * draw.horizonDays);
  const inverse = Float64Array.from(model.lastPrices, (p) => 1 / p);
  const additive = Uint8Array.from(model.additive, (v) => (v ? 1 : 0));
  const width = Int32Array.from({ length: k }, (_, j) => (factor.lowerTriangular ? j + 1 : k));
  // A·z over a chunk of units at a time, with the chunk's shocks transposed to one row per symbol:
  // x_j += A_jl·z_l is then a loop over contiguous arrays (what V8 compiles best), and each x_j
  // still adds its terms in the order l = 0, 1, …, as a dot product would.
  const shocksBySymbol = new Float64Array(k * APPLY_CHUNK);
  const x = new Float64Array(APPLY_CHUNK);
  for (let u0 = start; u0 < end; u0 += APPLY_CHUNK) {
    const m = Math.min(APPLY_CHUNK, end - u0);
    for (let u = 0; u < m; u++) {
      const base = (u0 + u) * k;
      for (let l = 0; l < k; l++) shocksBySymbol[l * APPLY_CHUNK + u] = z[base + l]!;
    }
    for (let j = 0; j < k; j++) {
      x.fill(0);
      const row = j * k;
      const w = width[j]!;
      for (let l = 0; l < w; l++) {
        const ajl = a[row + l]!;
        const offset = l * APPLY_CHUNK;
        // four units per step: independent additions the processor overlaps
        let u = 0;
        for (; u + 3 < m; u += 4) {
          x[u] = x[u]! + ajl * shocksBySymbol[offset + u]!;
          x[u + 1] = x[u + 1]! + ajl * shocksBySymbol[offset + u + 1]!;
          x[u + 2] = x[u + 2]! + ajl * shocksBySymbol[offset + u + 2]!;
          x[u + 3] = x[u + 3]! + ajl * shocksBySymbol[offset + u + 3]!;
        }
        for (; u < m; u++) x[u] = x[u]! + ajl * shocksBySymbol[offset + u]!;
      }
      const column = out[j]!;
      const d = drift[j]!;
      const isAdditive = additive[j] === 1;
      for (let u = 0; u < m; u++) {
        const unit = u0 + u;
        const s = x[u]! * (mix === null ? rootH : rootH * mix[unit]!);
        const i = antithetic ? 2 * unit : unit;
        if (isAdditive) {
          column[i] = 1 + (d + s) * inverse[j]!;
          if (antithetic) column[i + 1] = 1 + (d - s) * inverse[j]!;
        } else {
          column[i] = Math.exp(d + s);
          if (antithetic) column[i + 1] = Math.exp(d - s);
        }
      }
    }
  }
}

/** Units per chunk of applyMonteCarloShocks: k rows of this many shocks stay in the L1 cache. */
const APPLY_CHUNK = 256;

/** Joint horizon relatives under the model (see the file comment for the formulas and the draw
 *  order). Kernel: inputs are trusted (buildScenarios validates them). Writes into `out` (k
 *  columns of at least `count` values, e.g. views of a SharedArrayBuffer) when given, else
 *  allocates the columns. */
export function monteCarloScenarios(model: MonteCarloModel, draw: MonteCarloDraw, out?: Float64Array[]): MonteCarloResult {
  const k = model.covarianceDaily.size;
  const factor = covarianceFactor(model.covarianceDaily);
  const columns = out ?? Array.from({ length: k }, () => new Float64Array(draw.count));
  const shocks = drawMonteCarloShocks(model, draw);
  applyMonteCarloShocks(model, factor, shocks, draw, columns, 0, shocks.units);
  return { relatives: out === undefined ? columns : columns.map((c) => c.subarray(0, draw.count)), factor };
}

/** χ²_ν draw as 2·Gamma(ν/2), for ν > 2 (shape > 1), by Marsaglia & Tsang (2000), "A simple
 *  method for generating gamma variables", ACM TOMS 26(3), with the squeeze 1 − 0.0331·x⁴ —
 *  exactly numpy's legacy_standard_gamma (RandomState.chisquare), so on the MT19937 stream the
 *  draws replay in numpy. */
export function chiSquare(rng: RandomSource, degreesOfFreedom: number): number {
  const shape = degreesOfFreedom / 2;
  if (!(shape > 1)) throw new RangeError(`chiSquare needs ν > 2, got ${degreesOfFreedom}`);
  const b = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * b);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * (x * x) * (x * x)) return 2 * b * v;
    if (Math.log(u) < 0.5 * x * x + b * (1 - v + Math.log(v))) return 2 * b * v;
  }
}

/** One ν for the multivariate t: the Student-t maximum-likelihood fit (src/stats/student-t.ts)
 *  to all symbols' daily increments pooled after each is standardised by its own mean and
 *  standard deviation. A multivariate t has t_ν margins with one common ν, so the pooled fit is
 *  the composite (independence) likelihood estimate of that ν from the margins (Varin, Reid &
 *  Firth 2011, "An overview of composite likelihood methods", Statistica Sinica 21, §2); it
 *  ignores cross-sectional dependence, which leaves the estimate consistent but its standard
 *  error understated. Constant columns carry no information and are left out. */
export function pooledDegreesOfFreedom(columns: readonly Float64Array[]): Estimate<StudentTFit> {
  const parts = columns.filter((c) => c.length >= 2 && !isConstant(c));
  if (parts.length === 0) return notEstimable('no symbol has moving prices to fit the Student-t degrees of freedom to');
  const pooled = new Float64Array(parts.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of parts) {
    const m = mean(c);
    const sd = standardDeviation(c);
    for (let t = 0; t < c.length; t++) pooled[offset + t] = (c[t]! - m) / sd;
    offset += c.length;
  }
  return fitStudentT(pooled);
}
