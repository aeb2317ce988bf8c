import type { OptionMarket } from '../hedges/option-pricing.js';

/** The implied-volatility smile of the target's loaded chain, by expiry: out-of-the-money puts
 *  below spot and calls at and above it (the liquid side of each strike), strikes in the price
 *  history's basis. */
export type Smile = {
  source: string;
  expiries: { expiry: string; days: number; points: { type: 'call' | 'put'; strike: number; moneyness: number; impliedVolatility: number }[] }[];
};

/** The smile of a chain-priced option market; null when options are priced by the model. */
export function smileOf(market: OptionMarket | null): Smile | null {
  if (market === null || market.source !== 'chain') return null;
  const expiries = market.expiries.map((expiry) => {
    const side = (type: 'call' | 'put', keep: (k: number) => boolean) => market.strikes(type, expiry).filter(keep).flatMap((strike) => {
      const q = market.quote(type, expiry, strike);
      return q === undefined ? [] : [{ type, strike, moneyness: strike / market.spot, impliedVolatility: q.volatility, timeYears: q.timeYears }];
    });
    const points = [...side('put', (k) => k < market.spot), ...side('call', (k) => k >= market.spot)];
    const days = Math.round((points[0]?.timeYears ?? 0) * 365);
    return { expiry, days, points: points.map(({ timeYears: _, ...p }) => p) };
  }).filter((e) => e.points.length >= 3);
  return expiries.length === 0 ? null : { source: market.description, expiries };
}
