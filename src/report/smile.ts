import type { OptionMarket } from '../hedges/option-pricing.js';

/** The implied-volatility smile of the target's loaded chain, by expiry: out-of-the-money puts
 *  below spot and calls at and above it (the liquid side of each strike), strikes in the price
 *  history's basis. */
export type Smile = {
  source: string;
  expiries: { expiry: string; days: number; points: { type: 'call' | 'put'; strike: number; moneyness: number; impliedVolatility: number }[] }[];
};

/** One quote with an implied volatility, as the smile reads it. */
export type SmileQuote = { type: 'call' | 'put'; strike: number; expiry: string; timeYears: number; impliedVolatility: number };

/** The smile of quotes on an underlying at `spot`: per expiry, out-of-the-money puts below spot
 *  and calls at and above it (the liquid side of each strike), by strike; expiries with fewer than
 *  three such quotes are left out. */
export function smileOfQuotes(quotes: readonly SmileQuote[], spot: number): Smile['expiries'] {
  return [...new Set(quotes.map((q) => q.expiry))].sort().map((expiry) => {
    const side = quotes
      .filter((q) => q.expiry === expiry && (q.type === 'put' ? q.strike < spot : q.strike >= spot))
      .sort((a, b) => (a.type === b.type ? a.strike - b.strike : a.type === 'put' ? -1 : 1));
    const days = Math.round((side[0]?.timeYears ?? 0) * 365);
    return { expiry, days, points: side.map((q) => ({ type: q.type, strike: q.strike, moneyness: q.strike / spot, impliedVolatility: q.impliedVolatility })) };
  }).filter((e) => e.points.length >= 3);
}

/** The smile of a chain-priced option market; null when options are priced by the model. */
export function smileOf(market: OptionMarket | null): Smile | null {
  if (market === null || market.source !== 'chain') return null;
  const quotes = market.expiries.flatMap((expiry) => (['put', 'call'] as const).flatMap((type) => market.strikes(type, expiry).flatMap((strike) => {
    const q = market.quote(type, expiry, strike);
    return q === undefined ? [] : [{ type, strike, expiry, timeYears: q.timeYears, impliedVolatility: q.volatility }];
  })));
  const expiries = smileOfQuotes(quotes, market.spot);
  return expiries.length === 0 ? null : { source: market.description, expiries };
}
