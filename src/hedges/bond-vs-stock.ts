import { isoDayNumber } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import { mertonFromEquity, type MertonFit } from '../pricing/merton.js';
import { rankComparables, shortCost } from './screen.js';
import { borrowFee, type HedgeContext, type HedgeKind } from './types.js';

/** Below this correlation (in absolute value) the bond and the stock are treated as unrelated. */
const WEAK_CORRELATION = 0.2;

/** A bond against the stock: the security the brief expects to "move the other way". Two views:
 *  - structural (Merton 1974), when the issuer's capital structure is supplied: debt and equity
 *    are claims on the same assets, so ∂D/∂E = (1 − N(d1))/N(d1) > 0 — the issuer's own bonds
 *    move WITH its stock when the assets move, and only against it when asset volatility moves;
 *  - empirical: the minimum-variance ratio of the stock's daily log returns on a credit proxy's
 *    (a constant-maturity Baa/Aaa/Treasury bond index) over the lookback, traded long or short as
 *    the sign says. The report says plainly when history shows no opposite move. */
export const bondVsStock: HedgeKind = {
  kind: 'bond-vs-stock',
  summary: 'a bond (credit proxy, or the issuer\'s debt via Merton) against the stock, sized by history',
  candidates(ctx: HedgeContext): Hedge[] {
    const ranked = rankComparables(ctx, ctx.creditProxies.map((c) => c.symbol));
    // The proxy with the strongest relation either way; sign decides long or short.
    const best = [...ranked].sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho))[0];
    if (!best) return [];
    const proxy = ctx.creditProxies.find((c) => c.symbol === best.symbol)!;
    const merton = mertonAtAsOf(ctx);

    const spot = ctx.snapshot.prices[ctx.target] as number;
    const targetValue = ctx.targetQuantity * spot;
    const price = ctx.snapshot.prices[best.symbol] as number;
    const ratio = best.fit.slope;
    const units = -Math.round((ratio * targetValue) / price);
    const { borrow, transaction } = shortCost(ctx, best.symbol, units, price, units < 0 ? borrowFee(ctx.costs, best.symbol) : 0);
    const total = borrow + transaction;
    const opposite = best.rho <= -WEAK_CORRELATION;
    const warnings: string[] = [];
    if (!opposite) {
      warnings.push(`History does not show ${best.symbol} moving against ${ctx.target}: the correlation of daily returns ` +
        `was ${best.rho.toFixed(2)} over the lookback, so this is ${Math.abs(best.rho) < WEAK_CORRELATION ? 'barely a hedge at all' : 'a short of a bond that moves with the stock, not an offsetting holding'}.`);
    }
    if (merton && merton.debtElasticity < 0.05) {
      warnings.push(`By the Merton model the issuer's own debt moves only ${(100 * merton.debtElasticity).toFixed(2)}% per 1% move of its ` +
        'equity (little leverage): its bonds cannot hedge its stock.');
    }
    return [{
      kind: 'bond-vs-stock',
      name: `${units < 0 ? 'Short' : 'Long'} ${best.symbol} ×${Math.abs(ratio).toFixed(2)}`,
      // A bond index is held through a bond fund, so the leg is a fund position valued by the
      // index's own returns.
      legs: [{ instrument: { kind: 'equity', subtype: 'etf', symbol: best.symbol }, quantity: units }],
      parameters: {
        proxy: best.symbol, proxyDescription: proxy.description, hedgeRatio: ratio, hedgeRatioStdError: best.fit.slopeStdError,
        correlation: best.rho, rSquared: best.fit.rSquared,
        ...(merton === undefined ? { merton: ctx.capitalStructure ? `no capital-structure row within ${MAX_STALE_DAYS} days before the as-of date` : 'no capital structure supplied for the issuer' } : {
          mertonAssetValue: merton.assetValue, mertonAssetVolatility: merton.assetVolatility,
          mertonDefaultProbability: merton.defaultProbability, mertonDebtPerEquity: merton.debtPerEquity,
          mertonDebtElasticity: merton.debtElasticity, mertonCreditSpread: merton.creditSpread,
        }),
      },
      cost: { premium: 0, transaction, borrow, carry: 0, total, fractionOfTarget: total / targetValue },
      rationale:
        `A bond is the classic candidate for a security that moves against a stock. Over the lookback, ${ctx.target}'s daily ` +
        `returns had a correlation of ${best.rho.toFixed(2)} with the ${proxy.description}; the minimum-variance ratio is ` +
        `${ratio.toFixed(2)} ± ${best.fit.slopeStdError.toFixed(2)}, so the hedge is ${units < 0 ? 'short' : 'long'} ` +
        `${Math.round(Math.abs(units) * price).toLocaleString('en-US')} of it (through a bond fund in practice). ` +
        (merton === undefined
          ? 'No current capital structure was supplied for the issuer, so its own bonds are not modelled; '
          : `The Merton model of the issuer (assets ${merton.assetValue.toPrecision(4)}, asset volatility ` +
            `${(100 * merton.assetVolatility).toFixed(1)}%, default probability ${(100 * merton.defaultProbability).toPrecision(2)}%) gives ` +
            `∂D/∂E = ${merton.debtPerEquity.toPrecision(3)}: its debt moves with its equity, not against it; `) +
        `it explains ${(100 * best.fit.rSquared).toFixed(0)}% of the stock's daily variance.`,
      warnings,
      estimation: { method: 'ols', instruments: [best.symbol], returns: 'log', ratios: [ratio], lookbackDays: ctx.lookbackDays },
    }];
  },
};

/** Calendar days a capital-structure row may be older than the as-of date. */
const MAX_STALE_DAYS = 31;

/** Merton fit on the capital structure in force on the as-of date (the last row on or before
 *  it, at most MAX_STALE_DAYS old), with a one-year horizon at the snapshot's rate. */
function mertonAtAsOf(ctx: HedgeContext): MertonFit | undefined {
  const cs = ctx.capitalStructure;
  if (!cs) return undefined;
  let i = -1;
  for (let k = 0; k < cs.dates.length && (cs.dates[k] as string) <= ctx.snapshot.asOf; k++) i = k;
  if (i < 0 || isoDayNumber(ctx.snapshot.asOf) - isoDayNumber(cs.dates[i] as string) > MAX_STALE_DAYS) return undefined;
  return mertonFromEquity({
    equityValue: cs.equityValue[i] as number, equityVolatility: cs.equityVolatility[i] as number,
    defaultPoint: cs.defaultPoint[i] as number, rate: ctx.snapshot.rate, timeYears: 1,
  }) ?? undefined;
}
