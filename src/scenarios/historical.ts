import type { PriceHistory, ScenarioSet } from '../domain/market.js';

export type HistoricalOptions = {
  /** Trading days from today to the horizon. */
  horizonDays: number;
  /** Trading days of history the windows are drawn from, ending at `endIndex`. */
  lookbackDays: number;
  /** Index in `history.dates` of the as-of date (the last day a window may end on). */
  endIndex: number;
  /** Overlapping windows start every day; non-overlapping every `horizonDays` days, counted
   *  back from the as-of date so the most recent window always ends on it. */
  overlapping: boolean;
  /** Per symbol (history order): move by the window's price CHANGE instead of its ratio — for
   *  series that can be zero or negative (futures, spot crude), where a ratio is meaningless. */
  additive?: readonly boolean[];
};

/** Historical joint scenarios (DESIGN.md): window i runs from t_i to t_i + h and gives every
 *  symbol the price relative P(t_i + h) / P(t_i) — or, for an additive symbol, the relative
 *  1 + (P(t_i + h) − P(t_i)) / P(asOf) that moves today's price by the window's change. Windows
 *  lie inside the lookback, which ends at the as-of date. Linear legs then have P&L
 *  q·P(asOf)·(relative − 1). */
export function historicalScenarios(history: PriceHistory, o: HistoricalOptions): ScenarioSet {
  const firstStart = Math.max(0, o.endIndex - o.lookbackDays);
  const step = o.overlapping ? 1 : o.horizonDays;
  const starts: number[] = [];
  for (let t = o.endIndex - o.horizonDays; t >= firstStart; t -= step) starts.push(t);
  starts.reverse();
  const count = starts.length;
  const relatives = history.columns.map((prices, j) => {
    const out = new Float64Array(count);
    const today = prices[o.endIndex] as number;
    const additive = o.additive?.[j] === true;
    for (let i = 0; i < count; i++) {
      const t = starts[i] as number;
      const later = prices[t + o.horizonDays] as number;
      const earlier = prices[t] as number;
      out[i] = additive ? 1 + (later - earlier) / today : later / earlier;
    }
    return out;
  });
  return {
    method: o.overlapping ? 'historical (overlapping windows)' : 'historical (non-overlapping windows)',
    symbols: [...history.symbols],
    count,
    relatives,
    volShift: new Float64Array(count),
    elapsedYears: o.horizonDays / TRADING_DAYS_PER_YEAR,
    horizonDays: o.horizonDays,
    windows: {
      start: starts.map((t) => history.dates[t] as string),
      end: starts.map((t) => history.dates[t + o.horizonDays] as string),
    },
  };
}

/** Trading days in a year, used to turn a horizon in trading days into years of calendar time
 *  (10 trading days ≈ 14.5 calendar days ≈ 0.0397 years). */
export const TRADING_DAYS_PER_YEAR = 252;
