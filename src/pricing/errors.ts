/** Why no implied volatility exists for a price. */
export type ImpliedVolatilityFailure =
  /** The price is below the no-arbitrage lower bound (discounted intrinsic value for a European,
   *  intrinsic value for an American option). */
  | 'below-lower-bound'
  /** The price reaches or exceeds the upper bound (S·e^{−qT} for a call, K·e^{−rT} for a European
   *  put, K for an American put) that the value only approaches as volatility → ∞. */
  | 'above-upper-bound'
  /** The price equals the lower bound: the time value is zero, so volatility is not identified
   *  (any volatility small enough reproduces it; at expiry every volatility does). */
  | 'zero-time-value';

/** No volatility reproduces the given price. Thrown instead of returning 0 or an arbitrary number;
 *  `lowerBound` and `upperBound` are the no-arbitrage bounds the price was checked against. */
export class ImpliedVolatilityError extends Error {
  readonly reason: ImpliedVolatilityFailure;
  readonly price: number;
  readonly lowerBound: number;
  readonly upperBound: number;

  constructor(reason: ImpliedVolatilityFailure, price: number, lowerBound: number, upperBound: number) {
    super(`no implied volatility: ${describe(reason)} (price ${price}, bounds [${lowerBound}, ${upperBound}])`);
    this.name = 'ImpliedVolatilityError';
    this.reason = reason;
    this.price = price;
    this.lowerBound = lowerBound;
    this.upperBound = upperBound;
  }
}

function describe(reason: ImpliedVolatilityFailure): string {
  switch (reason) {
    case 'below-lower-bound':
      return 'price below the no-arbitrage lower bound';
    case 'above-upper-bound':
      return 'price at or above the upper bound reached only as volatility → ∞';
    case 'zero-time-value':
      return 'price equals the lower bound (zero time value), volatility not identified';
  }
}
