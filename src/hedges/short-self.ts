import type { Hedge } from '../domain/hedge.js';
import { isShare } from './screen.js';
import { borrowFee, type HedgeContext, type HedgeKind } from './types.js';

/** Fractions of the holding sold short. */
const FRACTIONS = [0.25, 0.5, 1] as const;

/** Short the target itself ("against the box"): the reference point every other hedge is
 *  compared with. A full short removes the holding's price risk exactly and leaves only costs. */
export const shortSelf: HedgeKind = {
  kind: 'short-self',
  summary: 'short part or all of the target itself: exact, the reference point',
  candidates(ctx: HedgeContext): Hedge[] {
    const price = ctx.snapshot.prices[ctx.target] as number;
    const holdingValue = ctx.targetQuantity * price;
    // A spot commodity or an index cannot be borrowed and sold; futures do that job (futures.ts).
    if (ctx.targetQuantity <= 0 || !isShare(ctx.target)) return [];
    const fee = borrowFee(ctx.costs, ctx.target);
    return FRACTIONS.map((fraction) => {
      const shares = Math.round(fraction * ctx.targetQuantity);
      const value = shares * price;
      const borrow = value * fee * (ctx.horizonDays / 252);
      const transaction = value * ctx.costs.shareHalfSpread + shares * ctx.costs.commissionPerShare;
      const total = borrow + transaction;
      return {
        kind: 'short-self',
        name: `Short ${ctx.target} ${Math.round(fraction * 100)}%`,
        legs: [{ instrument: { kind: 'equity', symbol: ctx.target }, quantity: -shares }],
        parameters: { fraction, shares, shortValue: value, borrowFeeAnnual: fee },
        cost: { premium: 0, transaction, borrow, carry: 0, total, fractionOfTarget: total / holdingValue },
        rationale:
          `Sell short ${shares.toLocaleString('en-US')} ${ctx.target} shares (${Math.round(fraction * 100)}% of the holding) while keeping ` +
          `the shares held. Every move of ${ctx.target} on the shorted part is offset one for one, so ` +
          `${Math.round(fraction * 100)}% of the holding's price risk goes away exactly, upside included; what it costs is the ` +
          `borrow fee (${(100 * fee).toFixed(2)}% a year) and the trading spread. It is the benchmark: a hedge with other ` +
          'instruments is worth its basis risk only if it is cheaper, allowed when this is not, or keeps upside this gives away.',
        warnings: [
          'A short against a long holding of the same shares can count as a sale for tax purposes (in the US a "constructive ' +
          'sale", IRC §1259) and may be barred for employee or restricted stock; check before using it.',
        ],
      };
    });
  },
};
