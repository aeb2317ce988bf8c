import { yearFraction } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import {
  contractsFor, nearestExpiry, optionCost, optionLeg, optionMarket, optionWarnings, pricingParameters, putReachingFloor,
  STANDARD_TERM_DAYS, type OptionMarket, type OptionQuoteView,
} from './option-pricing.js';
import type { HedgeContext, HedgeKind } from './types.js';

/** Floors of the grid, as fractions of spot (issue 6: 80–100 %). */
export const GRID_FLOORS = [0.8, 0.85, 0.9, 0.95, 1] as const;

/** The puts proposed out of the grid: two floors at the standard quarterly term (how much
 *  protection), and the 90 % floor at one and twelve months (for how long, and the cost per
 *  year of protection falling with the term). docs/hedges-options.md explains the choice. */
const PICKS = [
  { floor: 0.95, days: STANDARD_TERM_DAYS },
  { floor: 0.9, days: STANDARD_TERM_DAYS },
  { floor: 0.9, days: 30 },
  { floor: 0.9, days: 365 },
] as const;

/** One put of the grid. Money per share in the history's price basis; fractions of spot. */
export type PutGridPoint = {
  expiry: string;
  /** Calendar days from the as-of date to expiry. */
  days: number;
  /** The floor asked for, as a fraction of spot. */
  floor: number;
  /** The cheapest strike reaching it (the floor price). */
  strike: number;
  listedStrike: number;
  moneyness: number;
  /** Premium at mid, per share. */
  unitPremium: number;
  /** Premium at mid as a fraction of the holding's value. */
  premiumFraction: number;
  /** Premium plus half-spread plus commission, as a fraction of the value it protects. */
  costFraction: number;
  /** Premium at mid per year of protection, as a fraction of spot. */
  annualPremiumFraction: number;
  /** Lowest value per share the holding keeps to expiry, net of the whole cost: strike − cost. */
  effectiveFloor: number;
  volatility: number;
  source: 'chain' | 'model';
};

/** Every put of the grid: for each expiry on offer (1, 3, 6, 12 months for the model; the
 *  chain's expiries within a year) and each floor of 80–100 % of spot, the cheapest put that
 *  reaches it. For the report and the web UI; `protectivePut` proposes a few of these. */
export function putGrid(ctx: HedgeContext): PutGridPoint[] {
  const market = optionMarket(ctx);
  if (!market) return [];
  return market.expiries.flatMap((expiry) => GRID_FLOORS.flatMap((floor) => {
    const q = putReachingFloor(market, expiry, floor);
    return q ? [gridPoint(ctx, market, q, floor)] : [];
  }));
}

function gridPoint(ctx: HedgeContext, market: OptionMarket, q: OptionQuoteView, floor: number): PutGridPoint {
  const spot = market.spot;
  const costPerShare = q.mid + q.halfSpread + ctx.costs.commissionPerContract / market.contractShares;
  return {
    expiry: q.expiry, days: Math.round(yearFraction(ctx.snapshot.asOf, q.expiry) * 365), floor, strike: q.strike,
    listedStrike: q.listedStrike, moneyness: q.strike / spot, unitPremium: q.mid, premiumFraction: q.mid / spot,
    costFraction: costPerShare / spot, annualPremiumFraction: q.mid / spot / q.timeYears,
    effectiveFloor: q.strike - costPerShare, volatility: q.volatility, source: market.source,
  };
}

/** Buy puts on the holding: below the strike every dollar the shares lose the puts gain, for a
 *  premium paid up front. Priced from the target's option chain when one was quoted on the as-of
 *  date (bought at the ask), else by the model at the volatility estimated from history. */
export const protectivePut: HedgeKind = {
  kind: 'protective-put',
  summary: 'long puts on the target: a floor price for a premium paid up front',
  candidates(ctx: HedgeContext): Hedge[] {
    const market = optionMarket(ctx);
    if (!market) return [];
    const contracts = contractsFor(ctx, market);
    if (contracts < 1) return [];
    const seen = new Set<string>();
    return PICKS.flatMap(({ floor, days }) => {
      const expiry = nearestExpiry(market, ctx.snapshot.asOf, days);
      const quote = expiry === undefined ? undefined : putReachingFloor(market, expiry, floor);
      if (!quote || seen.has(`${quote.expiry} ${quote.strike}`)) return [];
      seen.add(`${quote.expiry} ${quote.strike}`);
      return [putHedge(ctx, market, quote, floor, contracts)];
    });
  },
};

function putHedge(ctx: HedgeContext, market: OptionMarket, q: OptionQuoteView, floor: number, contracts: number): Hedge {
  const point = gridPoint(ctx, market, q, floor);
  const cost = optionCost(ctx, market, [{ quote: q, contracts }]);
  const covered = contracts * market.contractShares;
  const holdingValue = ctx.targetQuantity * market.spot;
  const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 2 : 1)}%`;
  // Loss to expiry if the price ends at or below the strike: the covered shares fall to the
  // strike, the rest of the holding (if any) is unprotected, and the whole cost is spent.
  const maxLossCovered = (market.spot - q.strike) * covered + cost.total;
  const priced = market.source === 'chain'
    ? `bought at the ask of the ${ctx.snapshot.asOf} quotes (mid ${q.mid.toFixed(4)}, implied volatility ${pct(q.volatility)})`
    : `priced at the ${pct(q.volatility)} volatility measured over the last ${ctx.lookbackDays} trading days`;
  return {
    kind: 'protective-put',
    name: `Put ${Math.round(100 * point.moneyness)}% ${point.days}d`,
    legs: [optionLeg(ctx, market, q, contracts)],
    parameters: {
      strike: q.strike, listedStrike: q.listedStrike, expiry: q.expiry, days: point.days, timeYears: q.timeYears, contracts,
      sharesPerContract: market.contractShares, floor, moneyness: point.moneyness, floorPrice: q.strike,
      effectiveFloor: point.effectiveFloor, unitPremium: q.mid, premiumFraction: cost.premium / holdingValue,
      annualPremiumFraction: point.annualPremiumFraction, volatility: q.volatility, ...pricingParameters(ctx, market),
    },
    cost,
    rationale:
      `Buy ${contracts} puts expiring ${q.expiry} (${point.days} days) struck at ${q.strike.toFixed(2)}, ${pct(point.moneyness)} of the ` +
      `${market.spot.toFixed(2)} spot: the cheapest strike that floors the price at ${pct(floor)} or better. They cover ` +
      `${Math.round(covered)} of the ${ctx.targetQuantity} ${ctx.target} shares. Below the strike the puts gain what the shares lose, so ` +
      `the loss on the covered shares to expiry is capped at about ${Math.round(maxLossCovered).toLocaleString('en-US')} including the cost; ` +
      `above it the shares keep all their upside. The premium, ${pct(cost.premium / holdingValue)} of the holding ` +
      `(${pct(point.annualPremiumFraction)} a year), is ${priced}.`,
    warnings: optionWarnings(ctx, market, contracts, [q]),
  };
}
