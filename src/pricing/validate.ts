/** Validation at the public pricing boundary: bad input becomes an InputError naming the API
 *  function (as `file`), the field (as `column`), the value and what was expected. The kernels
 *  behind it trust their inputs. */

import { InputError } from '../domain/errors.js';

/** The fields of an option every public pricing function checks. */
export type OptionFields = {
  type: unknown;
  style: unknown;
  spot: unknown;
  strike: unknown;
  rate: unknown;
  dividendYield: unknown;
  timeYears: unknown;
};

function fail(where: string, column: string, value: unknown, expected: string): never {
  throw new InputError({ file: where, column, value: String(value), expected });
}

/** A finite number satisfying `ok`, else InputError. */
export function checkNumber(where: string, column: string, value: unknown,
  ok: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) fail(where, column, value, expected);
  return value;
}

/** The domain the pricers are tested on (fast-check properties in test/bad-inputs): beyond it
 *  the closed forms overflow or underflow (e^{−rT}, σ√T) into NaN. No traded option comes near. */
export const OPTION_LIMITS = {
  /** Years to expiry, at most. */
  timeYears: 100,
  /** |rate| and |dividend yield|, continuously compounded decimals, at most (±100 %). */
  rate: 1,
  /** Annualised volatility, decimal, at most (1,000 %). */
  volatility: 10,
} as const;

const positive = (v: number): boolean => v > 0;
const rateLike = (v: number): boolean => Math.abs(v) <= OPTION_LIMITS.rate;

/** Checks type, style, spot, strike, rate, dividendYield and timeYears. */
export function checkOptionFields(where: string, o: OptionFields): void {
  if (o === null || typeof o !== 'object') fail(where, 'option', o, 'an option object');
  if (o.type !== 'call' && o.type !== 'put') fail(where, 'type', o.type, '"call" or "put"');
  if (o.style !== 'european' && o.style !== 'american') {
    fail(where, 'style', o.style, '"european" or "american"');
  }
  checkNumber(where, 'spot', o.spot, positive, 'a finite number > 0');
  checkNumber(where, 'strike', o.strike, positive, 'a finite number > 0');
  checkNumber(where, 'rate', o.rate, rateLike, 'a continuously compounded decimal from −1 to 1');
  checkNumber(where, 'dividendYield', o.dividendYield, rateLike, 'a continuously compounded decimal from −1 to 1');
  checkNumber(where, 'timeYears', o.timeYears, (v) => v >= 0 && v <= OPTION_LIMITS.timeYears, `years from 0 to ${OPTION_LIMITS.timeYears}`);
}

/** Volatility: finite and ≥ 0 (decimal, annualised). */
export function checkVolatility(where: string, volatility: unknown): number {
  return checkNumber(where, 'volatility', volatility, (v) => v >= 0 && v <= OPTION_LIMITS.volatility,
    `an annualised decimal from 0 to ${OPTION_LIMITS.volatility}`);
}

/** An option price given to an implied-volatility solver: finite and ≥ 0. */
export function checkPrice(where: string, price: unknown): number {
  return checkNumber(where, 'price', price, (v) => v >= 0, 'a finite number ≥ 0');
}
