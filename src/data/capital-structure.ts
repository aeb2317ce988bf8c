import { InputError } from '../domain/errors.js';
import { readPrices } from './prices.js';
import type { CapitalStructure } from './types.js';

/** Reads a capital-structure CSV `date,E,sE,F` (equity value, equity volatility as a decimal,
 *  default point) such as data/sample/reliance_equity_vol_debt_2011-2012.csv. The three columns
 *  must be present and share their dates; values must be positive. */
export function readCapitalStructure(text: string, file: string): CapitalStructure {
  const { series } = readPrices(text, file, { symbols: ['E', 'sE', 'F'], mayGoNegative: false });
  const [e, s, f] = ['E', 'sE', 'F'].map((name) => series.find((x) => x.symbol === name));
  if (!e || !s || !f) throw new InputError({ file, expected: 'columns date,E,sE,F (equity value, equity volatility, default point)' });
  if (s.dates.length !== e.dates.length || f.dates.length !== e.dates.length || e.dates.some((d, i) => d !== s.dates[i] || d !== f.dates[i])) {
    throw new InputError({ file, expected: 'E, sE and F on the same dates (no blank cells)' });
  }
  return { file, dates: e.dates, equityValue: e.values, equityVolatility: s.values, defaultPoint: f.values };
}
