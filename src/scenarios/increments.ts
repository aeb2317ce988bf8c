// Daily increments of every symbol over the lookback window, and the way a summed horizon
// increment becomes a price relative. Two kinds of series (issue 5; DESIGN.md "Minimum-variance
// hedge ratio"):
//   • multiplicative (stocks, ETFs, indices): the increment is the daily log return
//     ln(P_t / P_{t−1}); h of them add up to the horizon log return x and the relative is e^x;
//   • additive (futures, spreads, anything that can go negative, e.g. WTI's front month on
//     2020-04-20): the increment is the daily price change P_t − P_{t−1}; h of them add up to the
//     horizon change ΔP and the relative is (P + ΔP)/P with P today's price, so that
//     P·relative = P + ΔP and linear P&L stays q·ΔP.
// A column holding a price ≤ 0 anywhere in the window is treated as additive even when the
// caller did not list it: the importer only lets such prices through for series allowed to go
// negative (src/data/prices.ts), and their log returns do not exist.

import { InputError } from '../domain/errors.js';
import type { PriceHistory } from '../domain/market.js';

export type DailyIncrements = {
  symbols: string[];
  /** true: price differences (additive); false: log returns. */
  additive: boolean[];
  /** One Float64Array of `count` increments per symbol; increment t runs from window day t to
   *  t + 1, i.e. from history index start + t to start + t + 1. */
  columns: Float64Array[];
  /** Number of daily increments (= lookbackDays). */
  count: number;
  /** Prices on the as-of date, one per symbol. */
  lastPrices: Float64Array;
  /** Index in history.dates of the first price of the window. */
  start: number;
  /** Index in history.dates of the as-of date. */
  end: number;
  /** Symbols made additive because their window holds a price ≤ 0 without being listed. */
  autoAdditive: string[];
};

/** Increments of every history column over the `lookbackDays` days that end at `endIndex`.
 *  Kernel-level: indices are assumed valid (checked by buildScenarios). */
export function dailyIncrements(
  history: PriceHistory, endIndex: number, lookbackDays: number, additiveSymbols: readonly string[] = [],
): DailyIncrements {
  const start = endIndex - lookbackDays;
  const listed = new Set(additiveSymbols);
  const autoAdditive: string[] = [];
  const additive = history.symbols.map((symbol, j) => {
    if (listed.has(symbol)) return true;
    const prices = history.columns[j]!;
    for (let t = start; t <= endIndex; t++) {
      if (!(prices[t]! > 0)) {
        autoAdditive.push(symbol);
        return true;
      }
    }
    return false;
  });
  const columns = history.columns.map((prices, j) => {
    const out = new Float64Array(lookbackDays);
    if (additive[j]) {
      for (let t = 0; t < lookbackDays; t++) out[t] = prices[start + t + 1]! - prices[start + t]!;
    } else {
      for (let t = 0; t < lookbackDays; t++) out[t] = Math.log(prices[start + t + 1]! / prices[start + t]!);
    }
    return out;
  });
  const lastPrices = Float64Array.from(history.columns, (prices) => prices[endIndex]!);
  additive.forEach((isAdditive, j) => {
    if (isAdditive && lastPrices[j] === 0) {
      throw new InputError({
        column: history.symbols[j], value: '0',
        expected: `a non-zero price on the as-of date ${history.dates[endIndex]} (an additive series moves relative to it)`,
      });
    }
  });
  return {
    symbols: [...history.symbols], additive, columns, count: lookbackDays, lastPrices, start, end: endIndex, autoAdditive,
  };
}

/** Turns horizon increments into price relatives in place: e^x for log series, (P + x)/P for
 *  additive ones. `values` holds one symbol's horizon increments. */
export function incrementsToRelatives(values: Float64Array, additive: boolean, lastPrice: number): void {
  if (additive) {
    const inv = 1 / lastPrice;
    for (let i = 0; i < values.length; i++) values[i] = 1 + values[i]! * inv;
  } else {
    for (let i = 0; i < values.length; i++) values[i] = Math.exp(values[i]!);
  }
}

/** One relative from one horizon increment (the scalar form of incrementsToRelatives). */
export function incrementToRelative(x: number, additive: boolean, lastPrice: number): number {
  return additive ? 1 + x / lastPrice : Math.exp(x);
}
