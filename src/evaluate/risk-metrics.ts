// Historical risk figures of a P&L sample (one value per scenario, in currency). Conventions
// from DESIGN.md: losses L = −P&L; VaR_α is the type-7 α-quantile of L (linear interpolation
// between order statistics, numpy's default); ES_α is the mean of the losses ≥ VaR_α.
//
// Signs: VaR and ES are reported as losses, positive when the tail loses money. When even the
// α-tail of the sample is a gain (e.g. a deep in-the-money hedge over a falling market) they are
// negative, and are reported as such: clamping them to 0 would hide that the position made
// money in every tail scenario. `worst` is the largest loss, 0 when no scenario loses.

import { quantileType7 } from '../stats/quantile.js';

/** One risk figure at one confidence level. Levels are kept as data (not as object keys) so the
 *  figures round-trip through JSON unchanged and stay in the order they were asked for. */
export type LevelValue = { level: number; value: number };

export type RiskMetrics = {
  /** Mean P&L (currency). */
  mean: number;
  /** Sample standard deviation of P&L (ddof = 1, currency). */
  volatility: number;
  /** Largest loss as a positive amount, 0 if no scenario loses. */
  worst: number;
  /** Fraction of scenarios with a strictly negative P&L. */
  probabilityOfLoss: number;
  /** Historical value at risk per level, as a loss (see the sign note above). */
  var: LevelValue[];
  /** Historical expected shortfall per level, as a loss; ES_α ≥ VaR_α. */
  es: LevelValue[];
  /** Number of scenarios. */
  n: number;
};

export const DEFAULT_RISK_LEVELS: readonly number[] = [0.95, 0.99];

/** Risk figures of `pnl` (at least 2 values, all finite; levels strictly between 0 and 1).
 *  Allocates one sorted copy of the losses per call. */
export function riskMetrics(pnl: Float64Array, levels: readonly number[] = DEFAULT_RISK_LEVELS): RiskMetrics {
  const n = pnl.length;
  if (n < 2) throw new RangeError(`risk metrics need at least 2 scenarios, got ${n}`);
  for (const level of levels) {
    if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  }

  const losses = new Float64Array(n);
  let sum = 0;
  let lossCount = 0;
  for (let i = 0; i < n; i++) {
    const x = pnl[i]!;
    losses[i] = -x;
    sum += x;
    if (x < 0) lossCount++;
  }
  const meanPnl = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = pnl[i]! - meanPnl;
    ss += d * d;
  }
  losses.sort();

  const varValues: LevelValue[] = [];
  const esValues: LevelValue[] = [];
  for (const level of levels) {
    const v = quantileType7(losses, level);
    varValues.push({ level, value: v });
    esValues.push({ level, value: tailMean(losses, v, level) });
  }
  return {
    mean: meanPnl,
    volatility: Math.sqrt(ss / (n - 1)),
    worst: Math.max(0, losses[n - 1]!),
    probabilityOfLoss: lossCount / n,
    var: varValues,
    es: esValues,
    n,
  };
}

/** The figure at `level` in a list produced by `riskMetrics`, or undefined if not computed. */
export function atLevel(values: readonly LevelValue[], level: number): number | undefined {
  return values.find((v) => v.level === level)?.value;
}

/** Mean of sorted[k..] where k is the first index with sorted[k] ≥ threshold. The threshold is
 *  the type-7 quantile at `level`, which lies in [sorted[⌊h⌋], sorted[⌊h⌋+1]], so the search
 *  starts at ⌊h⌋ and only walks over ties; the set is never empty. */
function tailMean(sorted: Float64Array, threshold: number, level: number): number {
  const n = sorted.length;
  let k = Math.floor((n - 1) * level);
  while (k > 0 && sorted[k - 1]! >= threshold) k--;
  while (sorted[k]! < threshold) k++;
  let s = 0;
  for (let i = k; i < n; i++) s += sorted[i]!;
  // Every term is ≥ threshold, so the mean is too; summation rounding can still land it an ulp
  // below (e.g. a tail of equal losses), which must not show as ES < VaR.
  return Math.max(threshold, s / (n - k));
}
