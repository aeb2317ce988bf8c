/** What a thing IS, never how it is valued (pricers live in src/pricing). Units: dates ISO
 *  `YYYY-MM-DD`; prices in the instrument's currency per unit; multipliers in currency per point. */

export type Equity = {
  kind: 'equity';
  symbol: string;
  /** 'stock', 'etf' or 'index' — informational; all are valued from their price series. */
  subtype?: 'stock' | 'etf' | 'index';
  currency?: string;
};

export type Future = {
  kind: 'future';
  symbol: string;
  /** Symbol of the underlying's price series (e.g. 'SPX' for the E-mini). */
  underlying: string;
  /** Currency per 1.00 of futures price per contract (E-mini S&P 500: 50). */
  multiplier: number;
  expiry: string;
};

export type OptionInstrument = {
  kind: 'option';
  symbol: string;
  underlying: string;
  type: 'call' | 'put';
  style: 'european' | 'american';
  strike: number;
  expiry: string;
  /** Shares per contract (US equity options: 100). Quantities in a Position count contracts. */
  multiplier: number;
};

export type Bond = {
  kind: 'bond';
  symbol: string;
  issuer: string;
  /** Annual coupon rate as a decimal (0.05 = 5 %). */
  coupon: number;
  maturity: string;
  /** Coupons per year. */
  frequency: 1 | 2 | 4 | 12;
  /** Face value per unit. */
  face: number;
};

export type Instrument = Equity | Future | OptionInstrument | Bond;

/** Units a position's quantity is multiplied by to get currency per 1.00 of price. */
export function unitsPerQuantity(i: Instrument): number {
  return i.kind === 'future' || i.kind === 'option' ? i.multiplier : 1;
}
