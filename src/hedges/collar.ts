import type { Hedge } from '../domain/hedge.js';
import { priceOption } from '../pricing/index.js';
import {
  contractsFor, nearestExpiry, optionCost, optionLeg, optionMarket, optionWarnings, pricingParameters, putReachingFloor, STANDARD_TERM_DAYS, type OptionMarket, type OptionQuoteView,
} from './option-pricing.js';
import type { HedgeContext, HedgeKind } from './types.js';

/** Floors of the zero-cost collars proposed, as fractions of spot. */
const ZERO_COST_FLOORS = [0.95, 0.9] as const;

/** The collar proposed besides: the 95 % floor with the cap lifted to 110 % of spot, for a net
 *  premium. Next to the zero-cost 95 % collar it prices the upside a zero cost gives away. */
const FIXED_COLLAR = { floor: 0.95, cap: 1.1 } as const;

/** A listed call strike up to this fraction above the cap asked for still counts as that cap. */
const CAP_SLACK = 0.05;

/** Everything of an option but its strike and type. */
export type OptionTerms = {
  style: 'european' | 'american'; spot: number; rate: number; dividendYield: number; volatility: number; timeYears: number;
};

/** The call strike K* whose model premium (`priceOption`) equals `putPremium`: the strike of the
 *  exactly zero-cost collar. The call premium falls strictly from S·e^{−qT} (K → 0)
 *  to 0 (K → ∞), so K* is unique when 0 < putPremium < S·e^{−qT}; otherwise null. Found by
 *  bisection on ln K to the last bit (the premium is monotone, so bisection cannot fail).
 *  Check for European exercise (put–call parity, Hull, Options, Futures and Other Derivatives, eq. 11.6 with dividend
 *  yield eq. 17.3): c − p = S·e^{−qT} − K·e^{−rT}, so for a put struck at the forward
 *  F = S·e^{(r−q)T} the zero-cost call strike is F itself. */
export function zeroCostCallStrike(terms: OptionTerms, putPremium: number): number | null {
  const call = (strike: number) => priceOption({ type: 'call', strike, ...terms });
  if (!(putPremium > 0) || putPremium >= terms.spot * Math.exp(-terms.dividendYield * terms.timeYears)) return null;
  let lo = terms.spot;
  while (call(lo) <= putPremium) {
    lo /= 2;
    if (lo < terms.spot * 1e-12) return null;
  }
  let hi = terms.spot;
  while (call(hi) > putPremium) {
    hi *= 2;
    if (hi > terms.spot * 1e12) return null;
  }
  for (let i = 0; i < 2000 && hi - lo > Number.EPSILON * hi; i++) {
    const mid = Math.sqrt(lo * hi);
    if (mid <= lo || mid >= hi) break;
    if (call(mid) > putPremium) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The zero-cost call on offer: the lowest strike above the put's whose mid premium does not
 *  exceed the put's (and that can be sold: a bid above 0). Call premiums fall with the strike, so
 *  this is the listed strike at or just above the exact zero-cost strike K*: the collar never
 *  gives up more upside than a zero cost requires, and the net premium paid lies in
 *  [0, C(K₋) − C(K)] where K₋ is the next lower listed strike, at most (K − K₋)·e^{−rT}
 *  (|∂C/∂K| = e^{−rT}Φ(d₂) < e^{−rT}). */
export function zeroCostCall(market: OptionMarket, put: OptionQuoteView): OptionQuoteView | undefined {
  for (const strike of market.strikes('call', put.expiry)) {
    if (strike <= put.strike) continue;
    const c = market.quote('call', put.expiry, strike);
    if (c && c.mid <= put.mid && c.bid > 0) return c;
  }
  return undefined;
}

/** Long puts and short calls on the holding: a floor paid for (wholly, in the zero-cost collar)
 *  by giving up the upside above the call strike. */
export const collar: HedgeKind = {
  kind: 'collar',
  summary: 'long puts and short calls on the target: a floor financed by a cap on the upside',
  candidates(ctx: HedgeContext): Hedge[] {
    const market = optionMarket(ctx);
    if (!market) return [];
    const contracts = contractsFor(ctx, market);
    const expiry = nearestExpiry(market, ctx.snapshot.asOf, STANDARD_TERM_DAYS);
    if (contracts < 1 || expiry === undefined) return [];
    const hedges: Hedge[] = [];
    for (const floor of ZERO_COST_FLOORS) {
      const put = putReachingFloor(market, expiry, floor);
      const call = put && zeroCostCall(market, put);
      if (put && call) hedges.push(collarHedge(ctx, market, put, call, contracts, floor, true));
    }
    const put = putReachingFloor(market, expiry, FIXED_COLLAR.floor);
    const level = FIXED_COLLAR.cap * market.spot;
    const capStrike = market.strikes('call', expiry).find((k) => k >= level * (1 - 1e-12) && k <= level * (1 + CAP_SLACK));
    const cap = capStrike === undefined ? undefined : market.quote('call', expiry, capStrike);
    const call = cap && cap.bid > 0 ? cap : undefined;
    if (put && call && !hedges.some((h) => h.parameters.callStrike === call.strike && h.parameters.putStrike === put.strike)) {
      hedges.push(collarHedge(ctx, market, put, call, contracts, FIXED_COLLAR.floor, false));
    }
    return hedges;
  },
};

function collarHedge(
  ctx: HedgeContext, market: OptionMarket, put: OptionQuoteView, call: OptionQuoteView, contracts: number, floor: number, zeroCost: boolean,
): Hedge {
  const cost = optionCost(ctx, market, [{ quote: put, contracts }, { quote: call, contracts: -contracts }]);
  const spot = market.spot;
  const holdingValue = ctx.targetQuantity * spot;
  const days = Math.round(put.timeYears * 365);
  const netPremium = put.mid - call.mid;
  const covered = contracts * market.contractShares;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const exact = zeroCost && market.source === 'model'
    ? zeroCostCallStrike({
      style: market.style, spot, rate: ctx.snapshot.rate, dividendYield: ctx.snapshot.dividendYields[ctx.target] ?? 0, volatility: call.volatility,
      timeYears: call.timeYears,
    }, put.mid)
    : null;
  const warnings = optionWarnings(ctx, market, contracts, [put, call]);
  if (call.strike <= spot) {
    warnings.push(`The call strike ${call.strike.toFixed(2)} is at or below spot: the collar gives up all the upside from today.`);
  }
  const why = zeroCost
    ? `Zero-cost (ZC): the call strike is the lowest ${market.source === 'chain' ? 'listed' : 'on the strike grid'} whose premium does not exceed the put's, ` +
      `so the premiums cancel up to ${Math.abs(netPremium).toFixed(4)} a share ${netPremium >= 0 ? 'paid' : 'received'} ` +
      `(${pct(Math.abs(netPremium) / spot)} of spot); spreads and commissions, ${Math.round(cost.transaction).toLocaleString('en-US')}, are the cost.`
    : `Net premium ${netPremium >= 0 ? 'paid' : 'received'}: ${Math.abs(netPremium).toFixed(4)} a share (${pct(Math.abs(netPremium) / spot)} of spot).`;
  return {
    kind: 'collar',
    // "ZC" (zero-cost) keeps the name within the 21 characters of the terminal table.
    name: `${zeroCost ? 'ZC collar' : 'Collar'} ${Math.round(100 * put.strike / spot)}/${Math.round(100 * call.strike / spot)} ${days}d`,
    legs: [optionLeg(ctx, market, put, contracts), optionLeg(ctx, market, call, -contracts)],
    parameters: {
      putStrike: put.strike, callStrike: call.strike, listedPutStrike: put.listedStrike, listedCallStrike: call.listedStrike,
      expiry: put.expiry, days, timeYears: put.timeYears, contracts, sharesPerContract: market.contractShares, floor,
      floorFraction: put.strike / spot, capFraction: call.strike / spot, putPremium: put.mid, callPremium: call.mid,
      netPremium, putVolatility: put.volatility, callVolatility: call.volatility, zeroCost: zeroCost ? 'yes' : 'no',
      ...(exact === null ? {} : { callStrikeExact: exact }),
      ...pricingParameters(ctx, market),
    },
    cost,
    rationale:
      `Buy ${contracts} puts struck at ${put.strike.toFixed(2)} (${pct(put.strike / spot)} of spot) and sell ${contracts} calls struck at ` +
      `${call.strike.toFixed(2)} (${pct(call.strike / spot)}), both expiring ${put.expiry} (${days} days), on ${Math.round(covered)} of the ` +
      `${ctx.targetQuantity} ${ctx.target} shares. To expiry the covered shares are worth between ${put.strike.toFixed(2)} and ` +
      `${call.strike.toFixed(2)} each: the loss below the floor is given up for the gain above the cap. ${why} ` +
      `${market.source === 'chain' ? 'Quotes' : `Premiums at the ${pct(put.volatility)} estimated volatility`}: put ` +
      `${put.mid.toFixed(4)}, call ${call.mid.toFixed(4)} a share; together ${pct(cost.premium / holdingValue)} of the holding. ` +
      'The short calls are covered by the shares held, so they need no margin beyond the shares.',
    warnings,
  };
}
