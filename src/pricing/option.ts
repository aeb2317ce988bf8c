/** Public pricing API over the flat OptionSpec: validation at this boundary, then the kernels. */

import { GREEK_COUNT, bsmGreeksInto, bsmPrice } from './black.js';
import { bsmImpliedVolatility } from './implied-volatility.js';
import { checkOptionFields, checkPrice, checkVolatility } from './validate.js';

/** An option on a spot asset with continuous dividend yield. Units: rate and dividendYield
 *  continuously compounded decimals, volatility annualised decimal, timeYears a year fraction
 *  (ACT/365F unless the contract says otherwise). */
export type OptionSpec = {
  type: 'call' | 'put';
  style: 'european' | 'american';
  spot: number;
  strike: number;
  rate: number;
  dividendYield: number;
  volatility: number;
  timeYears: number;
};

/** Value and sensitivities. delta ∂V/∂S, gamma ∂²V/∂S², vega ∂V/∂σ per 1.00 of volatility,
 *  theta ∂V/∂t per year of calendar time passing, rho ∂V/∂r and dividendRho ∂V/∂q per 1.00. */
export type OptionGreeks = {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
  dividendRho: number;
};

/** What impliedVolatility needs: the option without its volatility, plus its price. */
export type ImpliedVolatilityInput = Omit<OptionSpec, 'volatility'> & { price: number };

const scratch = new Float64Array(GREEK_COUNT);

function checkSpec(where: string, o: OptionSpec): void {
  checkOptionFields(where, o);
  checkVolatility(where, o.volatility);
}

function requireEuropean(style: OptionSpec['style']): void {
  if (style === 'american') {
    throw new Error('American pricing is not available in this build of src/pricing yet');
  }
}

/** Value of the option (European: Black–Scholes–Merton with continuous dividend yield). Throws
 *  InputError for NaN/infinite fields, spot or strike ≤ 0, volatility or timeYears < 0, or an
 *  unknown type/style. */
export function priceOption(o: OptionSpec): number {
  checkSpec('priceOption', o);
  requireEuropean(o.style);
  return bsmPrice(o.type === 'call' ? 1 : -1, o.spot, o.strike, o.rate, o.dividendYield, o.volatility, o.timeYears);
}

/** Value and Greeks (closed forms for European options). Same validation as priceOption. */
export function optionGreeks(o: OptionSpec): OptionGreeks {
  checkSpec('optionGreeks', o);
  requireEuropean(o.style);
  bsmGreeksInto(o.type === 'call' ? 1 : -1, o.spot, o.strike, o.rate, o.dividendYield, o.volatility,
    o.timeYears, scratch, 0);
  return greeksFrom(scratch, 0);
}

/** Reads one GREEK_COUNT block written by a Greeks kernel into the public record. */
export function greeksFrom(values: Float64Array, offset: number): OptionGreeks {
  return {
    price: values[offset] as number,
    delta: values[offset + 1] as number,
    gamma: values[offset + 2] as number,
    vega: values[offset + 3] as number,
    theta: values[offset + 4] as number,
    rho: values[offset + 5] as number,
    dividendRho: values[offset + 6] as number,
  };
}

/** The volatility that reproduces `price` (machine precision on well-conditioned cases). Throws
 *  ImpliedVolatilityError (with a `reason`) when none exists, InputError for bad fields. */
export function impliedVolatility(o: ImpliedVolatilityInput): number {
  checkOptionFields('impliedVolatility', o);
  const price = checkPrice('impliedVolatility', o.price);
  requireEuropean(o.style);
  return bsmImpliedVolatility(o.type === 'call' ? 1 : -1, price, o.spot, o.strike, o.rate, o.dividendYield,
    o.timeYears);
}
