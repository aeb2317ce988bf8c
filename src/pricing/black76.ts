/** Black (1976) options on futures/forwards: the BSM kernels with the forward F as the underlying
 *  and a cost of carry of zero (q = r), Haug (2007) §1.1.4. Delta is ∂V/∂F, rho is ∂V/∂r with F
 *  held fixed (= −T·V), theta is ∂V/∂t per year with F fixed. European exercise. */

import { GREEK_COUNT, bsmGreeksInto, bsmPrice } from './black.js';
import { bsmImpliedVolatility } from './implied-volatility.js';
import { checkNumber, checkPrice, checkVolatility } from './validate.js';

export type FuturesOptionSpec = {
  type: 'call' | 'put';
  /** Futures or forward price for the option's expiry. */
  forward: number;
  strike: number;
  /** Discount rate to the option's payment date, continuously compounded. */
  rate: number;
  volatility: number;
  timeYears: number;
};

export type FuturesOptionGreeks = {
  price: number;
  /** ∂V/∂F */
  delta: number;
  /** ∂²V/∂F² */
  gamma: number;
  vega: number;
  theta: number;
  /** ∂V/∂r with F fixed. */
  rho: number;
};

const scratch = new Float64Array(GREEK_COUNT);

function check(where: string, o: Omit<FuturesOptionSpec, 'volatility'>): number {
  if (o === null || typeof o !== 'object') checkNumber(where, 'option', o, () => false, 'an option object');
  if (o.type !== 'call' && o.type !== 'put') checkNumber(where, 'type', o.type, () => false, '"call" or "put"');
  checkNumber(where, 'forward', o.forward, (v) => v > 0, 'a finite number > 0');
  checkNumber(where, 'strike', o.strike, (v) => v > 0, 'a finite number > 0');
  checkNumber(where, 'rate', o.rate, () => true, 'a finite number (continuously compounded decimal)');
  checkNumber(where, 'timeYears', o.timeYears, (v) => v >= 0, 'a finite number ≥ 0 (years)');
  return o.type === 'call' ? 1 : -1;
}

/** Black-76 value. Throws InputError on bad fields. */
export function black76Price(o: FuturesOptionSpec): number {
  const theta = check('black76Price', o);
  checkVolatility('black76Price', o.volatility);
  return bsmPrice(theta, o.forward, o.strike, o.rate, o.rate, o.volatility, o.timeYears);
}

/** Black-76 value and Greeks (closed forms). Throws InputError on bad fields. */
export function black76Greeks(o: FuturesOptionSpec): FuturesOptionGreeks {
  const theta = check('black76Greeks', o);
  checkVolatility('black76Greeks', o.volatility);
  bsmGreeksInto(theta, o.forward, o.strike, o.rate, o.rate, o.volatility, o.timeYears, scratch, 0);
  return {
    price: scratch[0] as number,
    delta: scratch[1] as number,
    gamma: scratch[2] as number,
    vega: scratch[3] as number,
    theta: scratch[4] as number,
    // With q = r the BSM rho and dividend rho add up to the derivative with F fixed.
    rho: (scratch[5] as number) + (scratch[6] as number),
  };
}

/** Black-76 implied volatility; ImpliedVolatilityError when none exists. */
export function black76ImpliedVolatility(o: Omit<FuturesOptionSpec, 'volatility'> & { price: number }): number {
  const theta = check('black76ImpliedVolatility', o);
  const price = checkPrice('black76ImpliedVolatility', o.price);
  return bsmImpliedVolatility(theta, price, o.forward, o.strike, o.rate, o.rate, o.timeYears);
}
