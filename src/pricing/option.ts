/** Public pricing API over the flat OptionSpec: validation at this boundary, then the kernels. */

import { americanGreeksInto, americanPrice } from './american.js';
import { GREEK_COUNT, bsmGreeksInto, bsmPrice } from './black.js';
import { americanImpliedVolatility, bsmImpliedVolatility } from './implied-volatility.js';
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
  /** Present only when a Greek is not a finite number, saying why: exactly at the forward with no
   *  diffusion left (σ√T = 0) the value has a kink, so gamma is +∞ (a point mass, JSON null) and,
   *  at expiry with σ > 0, theta is −∞ (the time value ∝ √T vanishes with an infinite slope).
   *  Both are the true limits; neither is a number to size a hedge with. */
  note?: string;
};

/** Why `g` holds a Greek that is not finite (see OptionGreeks.note), or undefined. */
function unboundedNote(g: OptionGreeks): string | undefined {
  const gamma = Number.isFinite(g.gamma);
  const theta = Number.isFinite(g.theta);
  if (gamma && theta) return undefined;
  const which = [gamma ? '' : 'gamma is +∞ (a point mass)', theta ? '' : 'theta is −∞ (the time value vanishes at expiry with an infinite slope)']
    .filter((w) => w !== '').join(' and ');
  return `at the forward with no diffusion left (σ√T = 0) the value has a kink: ${which}, not a number to hedge with`;
}

/** What impliedVolatility needs: the option without its volatility, plus its price. */
export type ImpliedVolatilityInput = Omit<OptionSpec, 'volatility'> & { price: number };

const scratch = new Float64Array(GREEK_COUNT);

function checkSpec(where: string, o: OptionSpec): void {
  checkOptionFields(where, o);
  checkVolatility(where, o.volatility);
}

/** Value of the option: European by Black–Scholes–Merton with continuous dividend yield,
 *  American by the Andersen–Lake–Offengenden fixed point (finite differences in the
 *  double-boundary regime; see american.ts). Throws InputError for NaN/infinite fields, spot or
 *  strike ≤ 0, volatility or timeYears < 0, or an unknown type/style. */
export function priceOption(o: OptionSpec): number {
  checkSpec('priceOption', o);
  const theta = o.type === 'call' ? 1 : -1;
  return o.style === 'european'
    ? bsmPrice(theta, o.spot, o.strike, o.rate, o.dividendYield, o.volatility, o.timeYears)
    : americanPrice(theta, o.spot, o.strike, o.rate, o.dividendYield, o.volatility, o.timeYears);
}

/** Value and Greeks: closed forms for European options; for American options analytic delta and
 *  gamma, theta from the pricing PDE, and central-difference vega/rho/dividendRho. Same
 *  validation as priceOption. */
export function optionGreeks(o: OptionSpec): OptionGreeks {
  checkSpec('optionGreeks', o);
  const theta = o.type === 'call' ? 1 : -1;
  if (o.style === 'european') {
    bsmGreeksInto(theta, o.spot, o.strike, o.rate, o.dividendYield, o.volatility, o.timeYears, scratch, 0);
  } else {
    americanGreeksInto(theta, o.spot, o.strike, o.rate, o.dividendYield, o.volatility, o.timeYears, scratch, 0);
  }
  const g = greeksFrom(scratch, 0);
  const note = unboundedNote(g);
  return note === undefined ? g : { ...g, note };
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
  const theta = o.type === 'call' ? 1 : -1;
  if (o.style === 'european') {
    return bsmImpliedVolatility(theta, price, o.spot, o.strike, o.rate, o.dividendYield, o.timeYears);
  }
  return americanImpliedVolatility(theta, price, o.spot, o.strike, o.rate, o.dividendYield, o.timeYears,
    (v) => americanPrice(theta, o.spot, o.strike, o.rate, o.dividendYield, v, o.timeYears));
}
