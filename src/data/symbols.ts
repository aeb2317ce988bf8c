/** How a single-series file's name becomes a symbol, and which series may go negative by
 *  default. Kept small and explicit on purpose; docs/data-formats.md lists the same table. */

type FileRule = { pattern: RegExp; symbol?: string; mayGoNegative?: boolean };

/** First match wins; applied to the base name without directories. */
const FILE_RULES: readonly FileRule[] = [
  { pattern: /^es_emini/i, symbol: 'ES' },
  // EIA Cushing spot went to −36.98 on 2020-04-20.
  { pattern: /^wti_spot/i, symbol: 'WTI', mayGoNegative: true },
  { pattern: /^sp500_index/i, symbol: 'SPX' },
  { pattern: /^spx_chain/i, symbol: 'SPX' },
  { pattern: /^vix_daily/i, symbol: 'VIX' },
  // WTI cash vs one futures contract and their difference (a basis): all may be negative.
  { pattern: /^wti_cash_vs_/i, mayGoNegative: true },
];

/** `XLK_yahoo_ohlcv_2019-2025.csv` → XLK: Yahoo downloads named after their ticker. */
const YAHOO_PREFIX = /^([A-Za-z0-9.^=-]{1,15})_yahoo/i;
/** `AAPL.csv`, `ES=F.csv`: the whole base name is a ticker. */
const TICKER_NAME = /^[A-Za-z0-9.^=-]{1,15}$/;

/** Nearby commodity futures columns (NYMEX CL, ICE Brent BRN, NG, HO, RB: `CL01`…): futures
 *  prices can be zero or negative (CL01 settled at −37.63 on 2020-04-20). */
const NEGATIVE_CAPABLE_SYMBOL = /^(?:WTI|(?:CL|BRN|NG|HO|RB)\d{2})$/;

export function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The symbol a single-series file's name stands for, or undefined when it names none. */
export function symbolFromFileName(file: string): string | undefined {
  const name = baseName(file);
  const rule = FILE_RULES.find((r) => r.pattern.test(name) && r.symbol !== undefined);
  if (rule) return rule.symbol;
  const yahoo = YAHOO_PREFIX.exec(name);
  if (yahoo) return (yahoo[1] as string).toUpperCase();
  return TICKER_NAME.test(name) ? name.toUpperCase() : undefined;
}

/** Whether `symbol` read from `file` may hold prices ≤ 0 when the caller did not say. */
export function defaultMayGoNegative(file: string, symbol: string): boolean {
  const name = baseName(file);
  if (FILE_RULES.some((r) => r.mayGoNegative === true && r.pattern.test(name))) return true;
  return negativeCapableSymbol(symbol);
}

/** Spot crude and nearby energy futures: prices that can be zero or negative, so they move by
 *  price changes, not ratios (returns, scenarios). */
export function negativeCapableSymbol(symbol: string): boolean {
  return NEGATIVE_CAPABLE_SYMBOL.test(symbol);
}

/** FRED series names that make a CSV a rates file (besides an `observation_date` column). */
export const FRED_SERIES: ReadonlySet<string> = new Set(['DTB3', 'DGS10', 'DGS2', 'DAAA', 'DBAA', 'BAA10Y', 'DFF']);
