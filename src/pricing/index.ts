/** Option pricing core: Black–Scholes–Merton and Black-76, American options (Andersen–Lake–
 *  Offengenden fixed point, finite-difference fallback), implied volatility, Greeks, batch forms. */

export type { ImpliedVolatilityInput, OptionGreeks, OptionSpec } from './option.js';
export { impliedVolatility, optionGreeks, priceOption } from './option.js';
export type { FuturesOptionGreeks, FuturesOptionSpec } from './black76.js';
export { black76Greeks, black76ImpliedVolatility, black76Price } from './black76.js';
export type { GreeksBatch, ImpliedVolatilityBatch, OptionBatch } from './batch.js';
export { IMPLIED_VOLATILITY_FAILURES, impliedVolatilities, optionGreeksBatch, priceOptions } from './batch.js';
export { priceEuropeanParallel, sharedOptionBatch } from './parallel.js';
export type { ImpliedVolatilityFailure } from './errors.js';
export { ImpliedVolatilityError } from './errors.js';
export { erf, erfc, erfcx, normCdf, normInv, normPdf } from './special.js';
