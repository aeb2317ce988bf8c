import type { Hedge } from '../domain/hedge.js';
import {
  contractsFor, nearestExpiry, optionCost, optionLeg, optionMarket, optionWarnings, pricingParameters, putReachingFloor,
  STANDARD_TERM_DAYS, type OptionMarket, type OptionQuoteView,
} from './option-pricing.js';
import type { HedgeContext, HedgeKind } from './types.js';

/** Protected bands proposed, as fractions of spot: the long put's floor and the short put's
 *  strike, 10 points apart (the first 5–15 % of a fall, or 10–20 %). */
const BANDS = [
  { floor: 0.95, shortAt: 0.85 },
  { floor: 0.9, shortAt: 0.8 },
] as const;

/** A listed short strike down to this fraction below the level asked for still counts. */
const SHORT_SLACK = 0.05;

/** The put to sell: the highest strike at or below `level`·spot (so the protected band is at
 *  least as wide as asked), within 5 % of it, below the long strike and with a bid above 0. */
export function shortPutAt(market: OptionMarket, expiry: string, level: number, below: number): OptionQuoteView | undefined {
  const target = level * market.spot;
  const strikes = market.strikes('put', expiry)
    .filter((k) => k <= target * (1 + 1e-12) && k >= target * (1 - SHORT_SLACK) && k < below);
  for (let i = strikes.length - 1; i >= 0; i--) {
    const q = market.quote('put', expiry, strikes[i] as number);
    if (q && q.bid > 0) return q;
  }
  return undefined;
}

/** A bear put spread on the holding: buy puts at the floor, sell puts further down. The sold
 *  puts pay for part of the bought ones; the price is that protection stops at the lower strike
 *  (a crash below it is lost again). */
export const putSpread: HedgeKind = {
  kind: 'put-spread',
  summary: 'long puts at a floor, short puts further down: cheaper protection over a band of prices',
  candidates(ctx: HedgeContext): Hedge[] {
    const market = optionMarket(ctx);
    if (!market) return [];
    const contracts = contractsFor(ctx, market);
    const expiry = nearestExpiry(market, ctx.snapshot.asOf, STANDARD_TERM_DAYS);
    if (contracts < 1 || expiry === undefined) return [];
    return BANDS.flatMap(({ floor, shortAt }) => {
      const long = putReachingFloor(market, expiry, floor);
      const short = long && shortPutAt(market, expiry, shortAt, long.strike);
      return long && short ? [spreadHedge(ctx, market, long, short, contracts)] : [];
    });
  },
};

function spreadHedge(ctx: HedgeContext, market: OptionMarket, long: OptionQuoteView, short: OptionQuoteView, contracts: number): Hedge {
  const cost = optionCost(ctx, market, [{ quote: long, contracts }, { quote: short, contracts: -contracts }]);
  const spot = market.spot;
  const holdingValue = ctx.targetQuantity * spot;
  const days = Math.round(long.timeYears * 365);
  const covered = contracts * market.contractShares;
  const netPremium = long.mid - short.mid;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const warnings = optionWarnings(ctx, market, contracts, [long, short]);
  return {
    kind: 'put-spread',
    name: `Put spread ${Math.round(100 * long.strike / spot)}/${Math.round(100 * short.strike / spot)} ${days}d`,
    legs: [optionLeg(ctx, market, long, contracts), optionLeg(ctx, market, short, -contracts)],
    parameters: {
      longStrike: long.strike, shortStrike: short.strike, listedLongStrike: long.listedStrike, listedShortStrike: short.listedStrike,
      expiry: long.expiry, days, timeYears: long.timeYears, contracts, sharesPerContract: market.contractShares,
      floorFraction: long.strike / spot, shortFraction: short.strike / spot, longPremium: long.mid, shortPremium: short.mid,
      netPremium, maxPayoff: (long.strike - short.strike) * covered, savingVersusPut: short.mid / long.mid,
      longVolatility: long.volatility, shortVolatility: short.volatility,
      ...pricingParameters(ctx, market),
    },
    cost,
    rationale:
      `Buy ${contracts} puts struck at ${long.strike.toFixed(2)} (${pct(long.strike / spot)} of spot) and sell ${contracts} struck at ` +
      `${short.strike.toFixed(2)} (${pct(short.strike / spot)}), both expiring ${long.expiry} (${days} days), on ${Math.round(covered)} of the ` +
      `${ctx.targetQuantity} ${ctx.target} shares. Between the two strikes the spread gains what the shares lose, up to ` +
      `${Math.round((long.strike - short.strike) * covered).toLocaleString('en-US')} at or below ${short.strike.toFixed(2)}; a fall beyond that ` +
      `is unprotected. Selling the lower put recovers ${pct(short.mid / long.mid)} of the bought put's premium, so the net premium is ` +
      `${netPremium.toFixed(4)} a share, ${pct(cost.premium / holdingValue)} of the holding.`,
    warnings,
  };
}
