import type { Hedge } from '../domain/hedge.js';
import { mean, variance } from '../stats/descriptive.js';
import { nnls } from '../stats/nnls.js';
import { lookbackReturns, rankComparables, shortableUniverse, shortCost } from './screen.js';
import { borrowFee, type HedgeContext, type HedgeKind } from './types.js';

/** Candidates entering the regression (the most correlated), and names kept in the basket. */
const CANDIDATES = 10;
const MAX_NAMES = 4;

/** Short a basket of peers and sector ETFs whose weighted returns best track the target's:
 *  non-negative least squares (Lawson–Hanson) of the target's daily log returns on the
 *  candidates', with an intercept, keeping at most MAX_NAMES names (largest weights, refitted). */
export const basketShort: HedgeKind = {
  kind: 'basket-short',
  summary: 'short a basket of peers and ETFs from a non-negative regression, at most 4 names',
  candidates(ctx: HedgeContext): Hedge[] {
    const pool = rankComparables(ctx, shortableUniverse(ctx)).filter((c) => c.rho > 0).slice(0, CANDIDATES).map((c) => c.symbol);
    if (pool.length < 2) return [];
    const y = demeaned(lookbackReturns(ctx, ctx.target));
    const fitOn = (symbols: string[]) => {
      const fit = nnls(symbols.map((s) => demeaned(lookbackReturns(ctx, s))), y);
      return fit.ok ? fit.value : undefined;
    };
    const first = fitOn(pool);
    if (!first) return [];
    const names = pool.map((s, j) => ({ s, w: first.weights[j]! })).filter((x) => x.w > 0)
      .sort((a, b) => b.w - a.w).slice(0, MAX_NAMES).map((x) => x.s);
    const fit = names.length > 0 ? fitOn(names) : undefined;
    if (!fit || names.length < 2) return [];

    const spot = ctx.snapshot.prices[ctx.target] as number;
    const targetValue = ctx.targetQuantity * spot;
    let borrow = 0;
    let transaction = 0;
    const legs = names.map((symbol, j) => {
      const price = ctx.snapshot.prices[symbol] as number;
      const shares = -Math.round((fit.weights[j]! * targetValue) / price);
      const c = shortCost(ctx, symbol, shares, price, borrowFee(ctx.costs, symbol));
      borrow += c.borrow;
      transaction += c.transaction;
      return { instrument: { kind: 'equity' as const, symbol }, quantity: shares };
    });
    const rSquared = 1 - fit.residualSumOfSquares / (variance(y) * (y.length - 1));
    const residualVolatility = Math.sqrt(fit.residualSumOfSquares / (y.length - names.length - 1)) * Math.sqrt(252);
    const total = borrow + transaction;
    const mix = names.map((s, j) => `${(fit.weights[j]!).toFixed(2)} ${s}`).join(' + ');
    return [{
      kind: 'basket-short',
      name: `Short basket ${names.join('/')}`,
      legs,
      parameters: {
        basket: mix, names: names.join(','), rSquared, residualVolatility, observations: y.length,
        screened: pool.join(','), totalWeight: fit.weights.reduce((s, w) => s + w, 0),
      },
      cost: { premium: 0, transaction, borrow, carry: 0, total, fractionOfTarget: total / targetValue },
      rationale:
        `A regression of ${ctx.target}'s daily log returns on those of its ${pool.length} most correlated peers and ETFs, ` +
        `with weights kept non-negative (a basket one can actually short), picks ${mix} per dollar of ${ctx.target}. ` +
        `Together they explain ${(100 * rSquared).toFixed(0)}% of its daily variance, leaving a residual volatility of ` +
        `${(100 * residualVolatility).toFixed(1)}% a year. A basket spreads the basis risk of any one name, at the price of ` +
        'more borrow and more positions to manage; the weights are estimated in sample and drift out of it.',
      warnings: [],
      estimation: { method: 'nnls', instruments: names, returns: 'log', ratios: Array.from(fit.weights), lookbackDays: ctx.lookbackDays },
    }];
  },
};

function demeaned(x: Float64Array): Float64Array {
  const m = mean(x);
  return x.map((v) => v - m);
}
