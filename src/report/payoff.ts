import { yearFraction } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import type { MarketSnapshot } from '../domain/market.js';
import type { OptionInstrument } from '../domain/instruments.js';
import type { Position } from '../domain/portfolio.js';
import { priceOption } from '../pricing/index.js';

/** P&L of the holding with an option hedge against the underlying's price, in currency: the
 *  classic payoff diagram, at the options' expiry (intrinsic values) and at the risk horizon
 *  (the options repriced by the model with the time left, at today's volatility). Costs are
 *  included, so the hedged lines sit below the unhedged one by the cost where the options expire
 *  worthless. */
export type Payoff = {
  underlying: string;
  spot: number;
  /** True when the underlying is the hedged holding (its P&L is in every line); false for a
   *  macro hedge on an index, whose lines are the legs alone. */
  includesHolding: boolean;
  expiry: string;
  points: { price: number; unhedged: number; atHorizon: number; atExpiry: number }[];
};

/** Underlying prices from 60 % to 140 % of spot, 49 points 1⅔ % of spot apart. */
const GRID = Array.from({ length: 49 }, (_, i) => 0.6 + (0.8 * i) / 48);

/** The payoff of a hedge whose legs are options on one underlying; null for any other hedge. */
export function payoffOf(hedge: Hedge, target: string, targetQuantity: number, snapshot: MarketSnapshot, elapsedYears: number): Payoff | null {
  const legs = hedge.legs.filter((l): l is Position & { instrument: OptionInstrument } => l.instrument.kind === 'option');
  if (legs.length === 0 || legs.length !== hedge.legs.length) return null;
  const underlying = legs[0]!.instrument.underlying;
  if (legs.some((l) => l.instrument.underlying !== underlying)) return null;
  const spot = snapshot.prices[underlying];
  const baseVolatility = snapshot.volatilities[underlying];
  if (spot === undefined || baseVolatility === undefined) return null;
  const q = snapshot.dividendYields[underlying] ?? 0;
  const holding = underlying === target ? targetQuantity : 0;
  const expiry = legs.map((l) => l.instrument.expiry).sort()[0]!;
  const value = (leg: (typeof legs)[number], price: number, years: number) => priceOption({
    type: leg.instrument.type, style: leg.instrument.style, strike: leg.instrument.strike, rate: snapshot.rate,
    dividendYield: q, volatility: leg.valuationVolatility ?? baseVolatility, spot: price, timeYears: Math.max(0, years),
  });
  const today = legs.map((l) => value(l, spot, yearFraction(snapshot.asOf, l.instrument.expiry)));
  const points = GRID.map((f) => {
    const price = spot * f;
    const unhedged = holding === 0 ? 0 : holding * (price - spot);
    const legsAt = (years: (l: (typeof legs)[number]) => number) =>
      legs.reduce((sum, l, i) => sum + l.quantity * l.instrument.multiplier * (value(l, price, years(l)) - (today[i] as number)), 0);
    return {
      price,
      unhedged,
      atHorizon: unhedged + legsAt((l) => yearFraction(snapshot.asOf, l.instrument.expiry) - elapsedYears) - hedge.cost.total,
      atExpiry: unhedged + legsAt(() => 0) - hedge.cost.total,
    };
  });
  return { underlying, spot, includesHolding: holding !== 0, expiry, points };
}
