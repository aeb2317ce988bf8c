import type { Instrument } from './instruments.js';

/** An instrument held in a signed quantity (negative = short). Options and futures count
 *  contracts; equities count shares; bonds count units of `face`. */
export type Position = {
  instrument: Instrument;
  quantity: number;
  /** Price paid per unit, if known (informational: P&L is measured from the as-of date). */
  costBasis?: number;
  /** Options only: the volatility this leg is valued at — its own implied volatility when it was
   *  priced from a chain — instead of the snapshot's volatility of the underlying. */
  valuationVolatility?: number;
};

export type Portfolio = {
  positions: Position[];
  /** Cash in the base currency; it has no risk at the horizon. */
  cash: number;
  currency: string;
};

export function equityPosition(symbol: string, quantity: number, costBasis?: number): Position {
  return {
    instrument: { kind: 'equity', symbol },
    quantity,
    ...(costBasis === undefined ? {} : { costBasis }),
  };
}
