import { InputError } from '../domain/errors.js';
import { readPrices } from './prices.js';
import type { CapitalStructure, DateReadOptions } from './types.js';

/** Reads a capital-structure CSV `date,E,sE,F` (equity value, equity volatility as a decimal,
 *  default point) such as data/sample/reliance_equity_vol_debt_2011-2012.csv. The three columns
 *  must be present and share their dates; values must be positive. `options`: the order of slash
 *  dates and the latest date allowed. */
export function readCapitalStructure(text: string, file: string, options: DateReadOptions = {}): CapitalStructure {
  const { series } = readPrices(text, file, { ...options, symbols: ['E', 'sE', 'F'], mayGoNegative: false });
  const [e, s, f] = ['E', 'sE', 'F'].map((name) => series.find((x) => x.symbol === name));
  if (!e || !s || !f) throw new InputError({ file, expected: 'columns date,E,sE,F (equity value, equity volatility, default point)' });
  const all = [...new Set([...e.dates, ...s.dates, ...f.dates])].sort();
  for (const x of [e, s, f]) {
    if (x.dates.length === all.length) continue;
    const have = new Set(x.dates);
    const missing = all.find((d) => !have.has(d)) as string;
    throw new InputError({ file, column: x.symbol, value: missing, expected: 'a value on every date of the file (E, sE and F share their dates; this column is blank on that one)' });
  }
  return { file, dates: e.dates, equityValue: e.values, equityVolatility: s.values, defaultPoint: f.values };
}
