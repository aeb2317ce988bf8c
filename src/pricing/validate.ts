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

const positive = (v: number): boolean => v > 0;
const nonNegative = (v: number): boolean => v >= 0;
const any = (): boolean => true;

/** Checks type, style, spot, strike, rate, dividendYield and timeYears. */
export function checkOptionFields(where: string, o: OptionFields): void {
  if (o === null || typeof o !== 'object') fail(where, 'option', o, 'an option object');
  if (o.type !== 'call' && o.type !== 'put') fail(where, 'type', o.type, '"call" or "put"');
  if (o.style !== 'european' && o.style !== 'american') {
    fail(where, 'style', o.style, '"european" or "american"');
  }
  checkNumber(where, 'spot', o.spot, positive, 'a finite number > 0');
  checkNumber(where, 'strike', o.strike, positive, 'a finite number > 0');
  checkNumber(where, 'rate', o.rate, any, 'a finite number (continuously compounded decimal)');
  checkNumber(where, 'dividendYield', o.dividendYield, any, 'a finite number (continuously compounded decimal)');
  checkNumber(where, 'timeYears', o.timeYears, nonNegative, 'a finite number ≥ 0 (years)');
}

/** Volatility: finite and ≥ 0 (decimal, annualised). */
export function checkVolatility(where: string, volatility: unknown): number {
  return checkNumber(where, 'volatility', volatility, nonNegative, 'a finite number ≥ 0 (annualised decimal)');
}

/** An option price given to an implied-volatility solver: finite and ≥ 0. */
export function checkPrice(where: string, price: unknown): number {
  return checkNumber(where, 'price', price, nonNegative, 'a finite number ≥ 0');
}
