/** A dates × symbols matrix of prices on one shared calendar. Each column is one symbol's
 *  Float64Array (column-major), every value finite; dates ascending ISO `YYYY-MM-DD`. */
export type PriceHistory = {
  dates: string[];
  symbols: string[];
  columns: Float64Array[];
};

/** The market on the as-of date. Rates and yields are continuously compounded decimals;
 *  volatilities annualised decimals. */
export type MarketSnapshot = {
  asOf: string;
  prices: Record<string, number>;
  volatilities: Record<string, number>;
  /** Flat risk-free rate, continuously compounded. */
  rate: number;
  dividendYields: Record<string, number>;
};

/** N joint outcomes at one horizon. `relatives[j][i]` is symbol j's price at the horizon divided
 *  by its price today in scenario i (column-major per symbol like PriceHistory). */
export type ScenarioSet = {
  method: string;
  symbols: string[];
  count: number;
  relatives: Float64Array[];
  /** Additive shift of every implied volatility in each scenario (0 = unchanged). */
  volShift: Float64Array;
  /** Time elapsed to the horizon, in years. */
  elapsedYears: number;
  /** Trading days in the horizon. */
  horizonDays: number;
  /** For historical scenarios: the start and end date of each window, for the report. */
  windows?: { start: string[]; end: string[] };
};

export function column(history: PriceHistory, symbol: string): Float64Array | undefined {
  const j = history.symbols.indexOf(symbol);
  return j < 0 ? undefined : history.columns[j];
}
