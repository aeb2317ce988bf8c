// Public API of the importers (re-exports only). The DuckDB store lives beside them in store*.ts.
export { alignPrices, DEFAULT_MAX_FILL_DAYS } from './align.js';
export { readOptionChainCsv, readYahooOptionChain } from './chains.js';
export { MAX_INPUT_BYTES, MAX_INPUT_LINES } from './csv.js';
export { LARGEST_MAGNITUDE, SMALLEST_MAGNITUDE } from './cells.js';
export { decodeText } from './encoding.js';
export {
  detectAndRead, detectKind, readHoldingsFile, readInputFile, readOptionChainFile, readPricesFile, readRatesFile, readTextFile,
  type InputKind,
} from './detect.js';
export { CASH_SYMBOL, checkHoldingsCovered, readHoldings } from './holdings.js';
export { readPrices, STALE_RUN_LENGTH, SUSPECT_RETURN_ABOVE, SUSPECT_RETURN_BELOW } from './prices.js';
export { MAX_RATE_STALE_DAYS, rateOnOrBefore, readRates, tbillDiscountToContinuous } from './rates.js';
export { symbolFromFileName } from './symbols.js';
export type * from './types.js';
