/** Batch forms over struct-of-arrays input: one validation pass at the boundary, then a tight loop
 *  over the kernels writing into Float64Array outputs (nothing allocated per option). */

import { InputError } from '../domain/errors.js';
import { americanGreeksInto, americanPrice } from './american.js';
import { GREEK_COUNT, bsmGreeksInto, bsmPrice } from './black.js';
import { ImpliedVolatilityError, type ImpliedVolatilityFailure } from './errors.js';
import { americanImpliedVolatility, bsmImpliedVolatilityCode } from './implied-volatility.js';

/** N options as columns. `isCall[i]` 1 = call, 0 = put; `isAmerican[i]` 1 = American (omitted:
 *  all European). Units as in OptionSpec. */
export type OptionBatch = {
  isCall: Uint8Array;
  isAmerican?: Uint8Array;
  spot: Float64Array;
  strike: Float64Array;
  rate: Float64Array;
  dividendYield: Float64Array;
  volatility: Float64Array;
  timeYears: Float64Array;
};

/** Columns of Greeks, one entry per option (units as in OptionGreeks). */
export type GreeksBatch = {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
  rho: Float64Array;
  dividendRho: Float64Array;
};

/** Prices to invert: the batch without volatilities, plus a price column. */
export type ImpliedVolatilityBatch = Omit<OptionBatch, 'volatility'> & { price: Float64Array };

/** Failure codes of impliedVolatilities: 0 solved, then the ImpliedVolatilityFailure reasons
 *  (in the order of the European kernel's negative codes −1, −2, −3). */
export const IMPLIED_VOLATILITY_FAILURES: readonly (ImpliedVolatilityFailure | 'solved')[] = [
  'solved', 'below-lower-bound', 'above-upper-bound', 'zero-time-value',
];

type Column = { name: string; values: Float64Array; ok: (v: number) => boolean; expected: string };

function checkColumns(where: string, n: number, columns: Column[], flags: [string, Uint8Array | undefined][]): void {
  for (const c of columns) {
    if (!(c.values instanceof Float64Array) || c.values.length !== n) {
      throw new InputError({ file: where, column: c.name, expected: `a Float64Array of length ${n}` });
    }
    const values = c.values;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (!(Number.isFinite(v) && c.ok(v))) {
        throw new InputError({ file: where, column: `${c.name}[${i}]`, value: String(v), expected: c.expected });
      }
    }
  }
  for (const [name, flag] of flags) {
    if (flag === undefined) continue;
    if (!(flag instanceof Uint8Array) || flag.length !== n) {
      throw new InputError({ file: where, column: name, expected: `a Uint8Array of length ${n}` });
    }
    for (let i = 0; i < n; i++) {
      if ((flag[i] as number) > 1) {
        throw new InputError({ file: where, column: `${name}[${i}]`, value: String(flag[i]), expected: '0 or 1' });
      }
    }
  }
}

const positive = (v: number): boolean => v > 0;
const nonNegative = (v: number): boolean => v >= 0;
const any = (): boolean => true;

/** Checks every column of a batch (lengths, finiteness, ranges, 0/1 flags) and returns its size;
 *  InputError names the function, the column and the index of the first bad value. */
export function checkBatch(where: string, b: Omit<OptionBatch, 'volatility'> & { volatility?: Float64Array }): number {
  if (!(b.isCall instanceof Uint8Array)) throw new InputError({ file: where, column: 'isCall', expected: 'a Uint8Array' });
  const n = b.isCall.length;
  const columns: Column[] = [
    { name: 'spot', values: b.spot, ok: positive, expected: 'a finite number > 0' },
    { name: 'strike', values: b.strike, ok: positive, expected: 'a finite number > 0' },
    { name: 'rate', values: b.rate, ok: any, expected: 'a finite number' },
    { name: 'dividendYield', values: b.dividendYield, ok: any, expected: 'a finite number' },
    { name: 'timeYears', values: b.timeYears, ok: nonNegative, expected: 'a finite number ≥ 0' },
  ];
  if (b.volatility !== undefined) {
    columns.push({ name: 'volatility', values: b.volatility, ok: nonNegative, expected: 'a finite number ≥ 0' });
  }
  checkColumns(where, n, columns, [['isCall', b.isCall], ['isAmerican', b.isAmerican]]);
  return n;
}

/** True when the numbers of one option are valid (finite; spot, strike > 0; volatility, time ≥ 0):
 *  the comparisons are false for NaN, so one branch covers every bad case. Small, so that the
 *  pricing loops inline it. */
export function validInputs(s: number, k: number, r: number, q: number, v: number, t: number): boolean {
  return s > 0 && s < Infinity && k > 0 && k < Infinity && v >= 0 && v < Infinity && t >= 0 && t < Infinity
    && r > -Infinity && r < Infinity && q > -Infinity && q < Infinity;
}

/** Column lengths only (values are checked row by row while pricing); returns the batch size. */
export function checkBatchShape(where: string, b: OptionBatch): number {
  if (!(b.isCall instanceof Uint8Array)) throw new InputError({ file: where, column: 'isCall', expected: 'a Uint8Array' });
  const n = b.isCall.length;
  for (const [name, c] of [['spot', b.spot], ['strike', b.strike], ['rate', b.rate], ['dividendYield', b.dividendYield],
    ['volatility', b.volatility], ['timeYears', b.timeYears]] as const) {
    if (!(c instanceof Float64Array) || c.length !== n) {
      throw new InputError({ file: where, column: name, expected: `a Float64Array of length ${n}` });
    }
  }
  if (b.isAmerican !== undefined && (!(b.isAmerican instanceof Uint8Array) || b.isAmerican.length !== n)) {
    throw new InputError({ file: where, column: 'isAmerican', expected: `a Uint8Array of length ${n}` });
  }
  return n;
}

/** Values of every option in the batch, into `out` (allocated when omitted). Rows are validated as
 *  they are priced; the first bad one raises InputError naming its column and index. */
export function priceOptions(batch: OptionBatch, out?: Float64Array): Float64Array {
  const n = checkBatchShape('priceOptions', batch);
  const result = out ?? new Float64Array(n);
  const { isCall, isAmerican, spot, strike, rate, dividendYield, volatility, timeYears } = batch;
  for (let i = 0; i < n; i++) {
    const s = spot[i] as number;
    const k = strike[i] as number;
    const r = rate[i] as number;
    const q = dividendYield[i] as number;
    const v = volatility[i] as number;
    const t = timeYears[i] as number;
    const call = isCall[i] as number;
    const american = isAmerican === undefined ? 0 : isAmerican[i] as number;
    if (!(validInputs(s, k, r, q, v, t) && call <= 1 && american <= 1)) checkBatch('priceOptions', batch);
    const theta = call === 1 ? 1 : -1;
    result[i] = american === 1 ? americanPrice(theta, s, k, r, q, v, t) : bsmPrice(theta, s, k, r, q, v, t);
  }
  return result;
}

/** Greeks of every option, into `out` columns (allocated when omitted). */
export function optionGreeksBatch(batch: OptionBatch, out?: GreeksBatch): GreeksBatch {
  const n = checkBatch('optionGreeksBatch', batch);
  const g = out ?? {
    price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n), vega: new Float64Array(n),
    theta: new Float64Array(n), rho: new Float64Array(n), dividendRho: new Float64Array(n),
  };
  const block = new Float64Array(GREEK_COUNT);
  const { isCall, isAmerican, spot, strike, rate, dividendYield, volatility, timeYears } = batch;
  for (let i = 0; i < n; i++) {
    const theta = isCall[i] === 1 ? 1 : -1;
    const kernel = isAmerican !== undefined && isAmerican[i] === 1 ? americanGreeksInto : bsmGreeksInto;
    kernel(theta, spot[i] as number, strike[i] as number, rate[i] as number, dividendYield[i] as number,
      volatility[i] as number, timeYears[i] as number, block, 0);
    g.price[i] = block[0] as number;
    g.delta[i] = block[1] as number;
    g.gamma[i] = block[2] as number;
    g.vega[i] = block[3] as number;
    g.theta[i] = block[4] as number;
    g.rho[i] = block[5] as number;
    g.dividendRho[i] = block[6] as number;
  }
  return g;
}

/** Implied volatilities; where none exists the volatility is NaN and `failure[i]` says why (an
 *  index into IMPLIED_VOLATILITY_FAILURES), so no NaN is ever unexplained. */
export function impliedVolatilities(batch: ImpliedVolatilityBatch,
  out?: { volatility: Float64Array; failure: Uint8Array }): { volatility: Float64Array; failure: Uint8Array } {
  const n = checkBatch('impliedVolatilities', batch);
  checkColumns('impliedVolatilities', n,
    [{ name: 'price', values: batch.price, ok: nonNegative, expected: 'a finite number ≥ 0' }], []);
  const result = out ?? { volatility: new Float64Array(n), failure: new Uint8Array(n) };
  const { isCall, isAmerican, spot, strike, rate, dividendYield, timeYears, price } = batch;
  for (let i = 0; i < n; i++) {
    const theta = isCall[i] === 1 ? 1 : -1;
    const s = spot[i] as number;
    const k = strike[i] as number;
    const r = rate[i] as number;
    const q = dividendYield[i] as number;
    const t = timeYears[i] as number;
    if (isAmerican === undefined || isAmerican[i] !== 1) {
      // European: the non-throwing kernel; its codes −1, −2, −3 index the failure list.
      const sigma = bsmImpliedVolatilityCode(theta, price[i] as number, s, k, r, q, t);
      result.volatility[i] = sigma >= 0 ? sigma : Number.NaN;
      result.failure[i] = sigma >= 0 ? 0 : -sigma;
      continue;
    }
    try {
      result.volatility[i] = americanImpliedVolatility(theta, price[i] as number, s, k, r, q, t,
        (v) => americanPrice(theta, s, k, r, q, v, t));
      result.failure[i] = 0;
    } catch (e) {
      if (!(e instanceof ImpliedVolatilityError)) throw e;
      result.volatility[i] = Number.NaN;
      result.failure[i] = IMPLIED_VOLATILITY_FAILURES.indexOf(e.reason);
    }
  }
  return result;
}
