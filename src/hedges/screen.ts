import { futuresSpec } from '../domain/contracts.js';
import { column } from '../domain/market.js';
import { correlation, standardDeviation } from '../stats/descriptive.js';
import { olsRegression, type OlsFit } from '../stats/regression.js';
import { logReturns } from '../stats/returns.js';
import type { HedgeContext } from './types.js';

/** The Select Sector SPDR ETFs (XLC since 2018). */
export const SECTOR_ETFS: readonly string[] = ['XLB', 'XLC', 'XLE', 'XLF', 'XLI', 'XLK', 'XLP', 'XLU', 'XLV', 'XLY'];
/** Broad-market and bond funds: hedges of the whole portfolio (the macro-hedge), not comparables. */
const MARKET_FUNDS: ReadonlySet<string> = new Set(['SPY', 'AGG', 'VTI', 'IWM', 'BND', 'LQD', 'HYG', 'TLT', 'IEF', 'SHY', 'BIL']);
/** Series that cannot be sold short as shares: indices and spot commodity prices. */
const NOT_SHARES: ReadonlySet<string> = new Set(['SPX', 'VIX', 'WTI']);

/** How closely one candidate tracked the target over the lookback (daily log returns). */
export type Comparable = {
  symbol: string;
  /** Correlation of daily log returns. */
  rho: number;
  /** OLS fit of the target's returns on the candidate's: slope = minimum-variance ratio h*. */
  fit: OlsFit;
  /** Annualised volatility of the target's returns left after the hedge, σ_t·√(1 − ρ²)·√252. */
  residualVolatility: number;
};

/** The lookback's daily log returns of `symbol` (lookback + 1 prices ending at the as-of date). */
export function lookbackReturns(ctx: HedgeContext, symbol: string): Float64Array {
  const prices = column(ctx.history, symbol);
  if (!prices) throw new Error(`no aligned history for ${symbol}`);
  return logReturns(prices.subarray(ctx.asOfIndex - ctx.lookbackDays, ctx.asOfIndex + 1));
}

/** Shares and ETFs in the aligned history that could be sold short against the target: not the
 *  target, not futures, indices, spot commodities or bond indices, not broad-market funds. */
export function shortableUniverse(ctx: HedgeContext): string[] {
  const credit = new Set(ctx.creditProxies.map((c) => c.symbol));
  return ctx.history.symbols.filter((s) => s !== ctx.target && isShare(s) && !MARKET_FUNDS.has(s) && !credit.has(s));
}

/** Whether a price series is of shares one can borrow and sell short (not an index, a spot
 *  commodity or a futures series). */
export function isShare(symbol: string): boolean {
  return !NOT_SHARES.has(symbol) && futuresSpec(symbol) === undefined;
}

/** Ranks `symbols` by correlation with the target over the lookback, highest first; symbols
 *  whose regression cannot be estimated (constant prices) are left out. */
export function rankComparables(ctx: HedgeContext, symbols: readonly string[]): Comparable[] {
  const target = lookbackReturns(ctx, ctx.target);
  const targetVol = standardDeviation(target) * Math.sqrt(252);
  return symbols.flatMap((symbol) => {
    const x = lookbackReturns(ctx, symbol);
    const rho = correlation(target, x);
    const fit = olsRegression(target, x);
    if (!rho.ok || !fit.ok) return [];
    return [{ symbol, rho: rho.value, fit: fit.value, residualVolatility: targetVol * Math.sqrt(Math.max(0, 1 - rho.value ** 2)) }];
  }).sort((a, b) => b.rho - a.rho);
}

/** The cost of shorting `value` of `symbol` to the horizon: borrow, half-spread, commission. */
export function shortCost(ctx: HedgeContext, symbol: string, shares: number, price: number, borrowFeeAnnual: number) {
  const value = Math.abs(shares) * price;
  const borrow = value * borrowFeeAnnual * (ctx.horizonDays / 252);
  const transaction = value * ctx.costs.shareHalfSpread + Math.abs(shares) * ctx.costs.commissionPerShare;
  return { borrow, transaction };
}
