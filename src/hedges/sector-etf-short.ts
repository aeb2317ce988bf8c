import type { Hedge } from '../domain/hedge.js';
import { column } from '../domain/market.js';
import { correlation } from '../stats/descriptive.js';
import { olsRegression } from '../stats/regression.js';
import { logReturns } from '../stats/returns.js';
import { borrowFee, type HedgeContext, type HedgeKind } from './types.js';

/** The Select Sector SPDR ETFs (XLC since 2018). SPY is the market, kept for the macro-hedge. */
export const SECTOR_ETFS = ['XLB', 'XLC', 'XLE', 'XLF', 'XLI', 'XLK', 'XLP', 'XLU', 'XLV', 'XLY'] as const;

/** Below this R² the ETF explains too little of the target's daily moves to be a dependable
 *  hedge; the candidate is still shown, with a warning. */
const LOW_R_SQUARED = 0.5;

/** Short the sector ETF whose daily log returns correlate most with the target's over the
 *  lookback, sized by the minimum-variance ratio h* = OLS slope (Hull, Options, Futures and
 *  Other Derivatives, ch. 3): short h*·(target value) of the ETF. */
export const sectorEtfShort: HedgeKind = {
  kind: 'sector-etf-short',
  summary: "short the target's most correlated sector ETF, sized by the minimum-variance ratio",
  candidates(ctx: HedgeContext): Hedge[] {
    const window = (symbol: string) => {
      const prices = column(ctx.history, symbol) as Float64Array;
      const from = Math.max(0, ctx.asOfIndex - ctx.lookbackDays);
      return logReturns(prices.subarray(from, ctx.asOfIndex + 1));
    };
    const target = window(ctx.target);
    const ranked = SECTOR_ETFS
      .filter((s) => s !== ctx.target && ctx.history.symbols.includes(s))
      .flatMap((symbol) => {
        const rho = correlation(target, window(symbol));
        return rho.ok ? [{ symbol, rho: rho.value }] : [];
      })
      .sort((a, b) => b.rho - a.rho);
    const best = ranked[0];
    if (!best) return [];

    const estimate = olsRegression(target, window(best.symbol));
    if (!estimate.ok) return [];
    const fit = estimate.value;
    const ratio = fit.slope;
    const spot = ctx.snapshot.prices[ctx.target] as number;
    const etfPrice = ctx.snapshot.prices[best.symbol] as number;
    const targetValue = ctx.targetQuantity * spot;
    const shares = -Math.round((ratio * targetValue) / etfPrice);
    const shortValue = -shares * etfPrice;
    const borrow = shortValue * borrowFee(ctx.costs, best.symbol) * (ctx.horizonDays / 252);
    const transaction = shortValue * ctx.costs.shareHalfSpread + -shares * ctx.costs.commissionPerShare;
    const total = borrow + transaction;
    const years = (ctx.lookbackDays / 252).toFixed(1);
    const warnings: string[] = [];
    if (fit.rSquared < LOW_R_SQUARED) {
      warnings.push(`${best.symbol} explains only ${(100 * fit.rSquared).toFixed(0)}% of ${ctx.target}'s daily variance (R²); ` +
        'most of the holding\'s own risk stays unhedged.');
    }
    if (ratio <= 0) warnings.push(`The estimated hedge ratio is not positive (${ratio.toFixed(3)}): shorting ${best.symbol} would add risk.`);

    return [{
      kind: 'sector-etf-short',
      name: `Short ${best.symbol} ×${ratio.toFixed(2)}`,
      legs: [{ instrument: { kind: 'equity', symbol: best.symbol, subtype: 'etf' }, quantity: shares }],
      parameters: {
        etf: best.symbol, hedgeRatio: ratio, hedgeRatioStdError: fit.slopeStdError, correlation: best.rho,
        rSquared: fit.rSquared, observations: fit.n, shortValue,
        alternatives: ranked.slice(1, 4).map((c) => `${c.symbol} ρ=${c.rho.toFixed(2)}`).join(', '),
      },
      cost: { premium: 0, transaction, borrow, carry: 0, total, fractionOfTarget: total / targetValue },
      rationale:
        `Of the sector ETFs, ${best.symbol} moved most closely with ${ctx.target} over the last ${years} years ` +
        `(correlation ${best.rho.toFixed(2)} of daily log returns). Regressing ${ctx.target}'s returns on ${best.symbol}'s gives a ` +
        `minimum-variance hedge ratio of ${ratio.toFixed(2)} ± ${fit.slopeStdError.toFixed(2)} (one standard error), so ` +
        `${Math.abs(shares)} ${best.symbol} shares worth ${Math.round(shortValue).toLocaleString('en-US')} are sold short. This removes the sector and market ` +
        `part of the risk; what is specific to ${ctx.target} (${(100 * (1 - fit.rSquared)).toFixed(0)}% of its daily variance) remains.`,
      warnings,
    }];
  },
};
