import type { Hedge } from '../domain/hedge.js';
import { rankComparables, SECTOR_ETFS, shortCost } from './screen.js';
import { borrowFee, type HedgeContext, type HedgeKind } from './types.js';

/** Below this R² the ETF explains too little of the target's daily moves to be a dependable
 *  hedge; the candidate is still shown, with a warning. */
export const LOW_R_SQUARED = 0.5;

/** Short the sector ETF whose daily log returns correlate most with the target's over the
 *  lookback, sized by the minimum-variance ratio h* = OLS slope (Hull, Options, Futures and
 *  Other Derivatives, ch. 3): short h*·(target value) of the ETF. */
export const sectorEtfShort: HedgeKind = {
  kind: 'sector-etf-short',
  summary: "short the target's most correlated sector ETF, sized by the minimum-variance ratio",
  candidates(ctx: HedgeContext): Hedge[] {
    const ranked = rankComparables(ctx, SECTOR_ETFS.filter((s) => s !== ctx.target && ctx.history.symbols.includes(s)));
    const best = ranked[0];
    if (!best) return [];
    return [singleNameShort(ctx, best.symbol, ranked, 'sector-etf-short', {
      intro: `Of the sector ETFs, ${best.symbol} moved most closely with ${ctx.target}`,
      alternatives: ranked.slice(1, 4).map((c) => `${c.symbol} ρ=${c.rho.toFixed(2)}`).join(', '),
    })];
  },
};

/** A short of one security sized by the minimum-variance ratio against the target; shared by the
 *  sector-ETF and the comparable-share kinds. */
export function singleNameShort(
  ctx: HedgeContext, symbol: string, ranked: ReturnType<typeof rankComparables>, kind: string,
  text: { intro: string; alternatives: string },
): Hedge {
  const c = ranked.find((r) => r.symbol === symbol);
  if (!c) throw new Error(`${symbol} is not among the ranked comparables`);
  const ratio = c.fit.slope;
  const spot = ctx.snapshot.prices[ctx.target] as number;
  const price = ctx.snapshot.prices[symbol] as number;
  const targetValue = ctx.targetQuantity * spot;
  const shares = -Math.round((ratio * targetValue) / price);
  const shortValue = -shares * price;
  const { borrow, transaction } = shortCost(ctx, symbol, shares, price, borrowFee(ctx.costs, symbol));
  const total = borrow + transaction;
  const years = (ctx.lookbackDays / 252).toFixed(1);
  const warnings: string[] = [];
  if (c.fit.rSquared < LOW_R_SQUARED) {
    warnings.push(`${symbol} explains only ${(100 * c.fit.rSquared).toFixed(0)}% of ${ctx.target}'s daily variance (R²); ` +
      'most of the holding\'s own risk stays unhedged.');
  }
  if (ratio <= 0) warnings.push(`The estimated hedge ratio is not positive (${ratio.toFixed(3)}): shorting ${symbol} would add risk.`);
  return {
    kind,
    name: `Short ${symbol} ×${ratio.toFixed(2)}`,
    legs: [{ instrument: { kind: 'equity', symbol }, quantity: shares }],
    parameters: {
      hedge: symbol, hedgeRatio: ratio, hedgeRatioStdError: c.fit.slopeStdError, correlation: c.rho,
      rSquared: c.fit.rSquared, residualVolatility: c.residualVolatility, observations: c.fit.n, shortValue,
      alternatives: text.alternatives,
    },
    cost: { premium: 0, transaction, borrow, carry: 0, total, fractionOfTarget: total / targetValue },
    rationale:
      `${text.intro} over the last ${years} years (correlation ${c.rho.toFixed(2)} of daily log returns). Regressing ` +
      `${ctx.target}'s returns on ${symbol}'s gives a minimum-variance hedge ratio of ${ratio.toFixed(2)} ± ` +
      `${c.fit.slopeStdError.toFixed(2)} (one standard error), so ${Math.abs(shares).toLocaleString('en-US')} ${symbol} shares worth ` +
      `${Math.round(shortValue).toLocaleString('en-US')} are sold short. This removes the part of ${ctx.target}'s moves that ${symbol} ` +
      `shares; the rest (${(100 * (1 - c.fit.rSquared)).toFixed(0)}% of its daily variance, a residual volatility of ` +
      `${(100 * c.residualVolatility).toFixed(1)}% a year) remains.`,
    warnings,
    estimation: { method: 'ols', instruments: [symbol], returns: 'log', ratios: [ratio], lookbackDays: ctx.lookbackDays },
  };
}
