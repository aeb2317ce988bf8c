/** Option pricing core: Black–Scholes–Merton, implied volatility, Greeks. */

export type { ImpliedVolatilityInput, OptionGreeks, OptionSpec } from './option.js';
export { impliedVolatility, optionGreeks, priceOption } from './option.js';
export type { ImpliedVolatilityFailure } from './errors.js';
export { ImpliedVolatilityError } from './errors.js';
export { erf, erfc, erfcx, normCdf, normInv, normPdf } from './special.js';
