// Block bootstrap of joint daily increments (./increments.ts): a horizon path of h days is a
// sequence of dates drawn from the lookback in blocks of consecutive days, the SAME dates for
// every symbol (so cross-sectional dependence is kept, and within a block the serial dependence
// of returns and of their volatility too); the h daily increments are summed and turned into a
// relative. Two schemes:
//
//   stationary (Politis & Romano 1994, "The stationary bootstrap", JASA 89(428), 1303–1313):
//     the first date is uniform on 0..n−1; each next date is, with probability p = 1/b, a new
//     uniform date, else the day after the previous one, wrapping from n − 1 to 0. Block lengths
//     are geometric with mean b and the resampled series is stationary.
//   moving-block (Künsch 1989, "The jackknife and the bootstrap for general stationary
//     observations", Ann. Statist. 17(3), 1217–1241): blocks of exactly b consecutive dates,
//     each starting uniformly on 0..n−b; a path concatenates ⌈h/b⌉ blocks and keeps h dates.
//
// Default block length b = round(n^{1/3}) (9 for three years of daily data): the order of the
// MSE-optimal block length for variance and distribution estimation (Hall, Horowitz & Jing 1995,
// "On blocking rules for the bootstrap with dependent data", Biometrika 82(3), 561–574), with
// constant 1 as a plain default; it is configurable because the optimal constant depends on the
// unknown autocorrelation.
//
// Draw order (src/stats/rng.ts is numpy.random.RandomState bit for bit), per scenario:
//   stationary:   randint(n); then for days 2..h: random_sample(), and randint(n) only when
//                 that uniform is < 1/b;
//   moving-block: randint(n − b + 1) at the start of each block.

import { createRng, type Rng } from '../stats/rng.js';
import { incrementsToRelatives, type DailyIncrements } from './increments.js';

export type BootstrapScheme = 'stationary' | 'moving-block';

export type BootstrapOptions = {
  scheme: BootstrapScheme;
  /** Mean block length (stationary, ≥ 1) or exact block length (moving-block, integer 1..n). */
  blockLength: number;
  horizonDays: number;
  count: number;
  seed: number;
};

/** round(n^{1/3}), at least 1: the documented default block length for n daily increments. */
export function defaultBlockLength(n: number): number {
  return Math.max(1, Math.round(Math.cbrt(n)));
}

/** Fills `dates` (length h) with one bootstrap path of dates in 0..n−1. Kernel: allocation-free. */
export function bootstrapPath(
  rng: Rng, scheme: BootstrapScheme, n: number, blockLength: number, dates: Int32Array,
): void {
  const h = dates.length;
  if (scheme === 'stationary') {
    const p = 1 / blockLength;
    let t = rng.integer(n);
    dates[0] = t;
    for (let d = 1; d < h; d++) {
      t = rng.uniform() < p ? rng.integer(n) : (t + 1 === n ? 0 : t + 1);
      dates[d] = t;
    }
    return;
  }
  const starts = n - blockLength + 1;
  for (let d = 0; d < h; d += blockLength) {
    const s = rng.integer(starts);
    const end = Math.min(h, d + blockLength);
    for (let e = d; e < end; e++) dates[e] = s + (e - d);
  }
}

/** Bootstrap relatives for every symbol of `increments`. */
export function bootstrapScenarios(increments: DailyIncrements, o: BootstrapOptions): Float64Array[] {
  const k = increments.columns.length;
  const n = increments.count;
  const rng = createRng(o.seed);
  const dates = new Int32Array(o.horizonDays);
  const columns = Array.from({ length: k }, () => new Float64Array(o.count));
  for (let i = 0; i < o.count; i++) {
    bootstrapPath(rng, o.scheme, n, o.blockLength, dates);
    for (let j = 0; j < k; j++) {
      const r = increments.columns[j]!;
      let x = 0;
      for (let d = 0; d < dates.length; d++) x += r[dates[d]!]!;
      columns[j]![i] = x;
    }
  }
  columns.forEach((c, j) => incrementsToRelatives(c, increments.additive[j]!, increments.lastPrices[j]!));
  return columns;
}
