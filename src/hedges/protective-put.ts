import { addCalendarDays, yearFraction } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import type { OptionInstrument } from '../domain/instruments.js';
import { priceOption } from '../pricing/index.js';
import type { HedgeContext, HedgeKind } from './types.js';

/** Floors as a fraction of spot, and the protection term in calendar days (≈ 3 months). */
const MONEYNESS = [0.95, 0.9] as const;
const TERM_DAYS = 91;
/** US single-stock options are for 100 shares. They are exercisable early; until the American
 *  pricer of issue 4 lands they are priced as European, which for a put on a non-dividend
 *  price series slightly understates the premium (the report says so). */
const CONTRACT_SHARES = 100;

/** Buy puts on the whole holding: below the strike every dollar the shares lose the puts gain.
 *  Priced by the model at the volatility estimated from history (no chain loaded). */
export const protectivePut: HedgeKind = {
  kind: 'protective-put',
  summary: 'long puts on the target: a floor price for a premium paid up front',
  candidates(ctx: HedgeContext): Hedge[] {
    const spot = ctx.snapshot.prices[ctx.target] as number;
    const volatility = ctx.snapshot.volatilities[ctx.target] as number;
    const dividendYield = ctx.snapshot.dividendYields[ctx.target] ?? 0;
    const expiry = addCalendarDays(ctx.snapshot.asOf, TERM_DAYS);
    const timeYears = yearFraction(ctx.snapshot.asOf, expiry);
    const contracts = Math.floor(ctx.targetQuantity / CONTRACT_SHARES);
    if (contracts < 1) return [];
    const holdingValue = ctx.targetQuantity * spot;

    return MONEYNESS.map((m) => {
      // Strikes are listed in whole dollars for most names; round so the contract is one a
      // broker would actually quote.
      const strike = Math.round(spot * m);
      const instrument: OptionInstrument = {
        kind: 'option', symbol: `${ctx.target} ${expiry} P${strike}`, underlying: ctx.target,
        type: 'put', style: 'european', strike, expiry, multiplier: CONTRACT_SHARES,
      };
      const unitPrice = priceOption({
        type: 'put', style: 'european', spot, strike, rate: ctx.snapshot.rate, dividendYield, volatility, timeYears,
      });
      const premium = unitPrice * CONTRACT_SHARES * contracts;
      const transaction = premium * ctx.costs.optionHalfSpread + contracts * ctx.costs.commissionPerContract;
      const total = premium + transaction;
      const covered = contracts * CONTRACT_SHARES;
      return {
        kind: 'protective-put',
        name: `Put ${Math.round(m * 100)}% ${TERM_DAYS}d`,
        legs: [{ instrument, quantity: contracts }],
        parameters: {
          strike, expiry, contracts, moneyness: m, volatility, timeYears, unitPrice,
          pricing: 'Black–Scholes–Merton (European exercise) at the volatility estimated from history',
        },
        cost: { premium, transaction, borrow: 0, carry: 0, total, fractionOfTarget: total / holdingValue },
        rationale:
          `Buy ${contracts} ${TERM_DAYS}-day puts struck at ${strike} (${Math.round(m * 100)}% of the ${spot.toFixed(2)} spot) ` +
          `on ${covered} of the ${ctx.targetQuantity} ${ctx.target} shares. Below ${strike} the puts gain what the shares lose, ` +
          `so the loss to expiry is capped near ${Math.round((spot - strike) * covered + total).toLocaleString('en-US')} including the premium; ` +
          `above it the shares keep all their upside. The premium, ${(100 * total / holdingValue).toFixed(2)}% of the holding, ` +
          `is priced at the ${(100 * volatility).toFixed(1)}% volatility measured over the last ${ctx.lookbackDays} trading days.`,
        warnings: covered < ctx.targetQuantity
          ? [`${ctx.targetQuantity - covered} shares are left unhedged: options cover ${CONTRACT_SHARES} shares each.`]
          : [],
      };
    });
  },
};
