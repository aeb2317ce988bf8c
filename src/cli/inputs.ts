import { resolve } from 'node:path';
import { isoDateOption, latestDateToday, type DateReadOptions } from '../data/cells.js';
import { InputError } from '../domain/errors.js';
import type { AnalyzeInput } from '../pipeline/analyze.js';
import { loadInputs, loadInputsFromStore, SAMPLES } from '../pipeline/load-inputs.js';
import { choiceFlag } from './args.js';
import type { Io } from './io.js';

/** How dated files are read, for every command that reads the user's files. */
export const DATE_FLAGS = {
  'date-order': { type: 'string' },
  'latest-date': { type: 'string' },
} as const;

export const DATE_HELP = `  --date-order ORDER   month-first or day-first: how to read slash dates such as 03/04/2020 in
                       files where no date shows it (one with a number above 12 does)
  --latest-date DATE   refuse rows dated after DATE, YYYY-MM-DD (default: today, as the latest
                       time zone has it): a later date is a typo or the wrong file`;

/** The reading options `DATE_FLAGS` give, named by their flags in messages. */
export function dateReadOptions(values: { 'date-order'?: string; 'latest-date'?: string }, now: Date = new Date()): DateReadOptions {
  const given = values['latest-date'];
  return {
    ...(values['date-order'] === undefined ? {} : { dateOrder: choiceFlag('date-order', values['date-order'], ['month-first', 'day-first'] as const, 'month-first') }),
    latestDate: given === undefined ? latestDateToday(now) : isoDateOption(given, '--latest-date'),
    optionNames: { dateOrder: '--date-order', latestDate: given === undefined ? '--latest-date, today by default' : '--latest-date' },
  };
}

/** The flags that say where a portfolio and its market data come from, shared by every command
 *  that analyses a portfolio (analyze, screen, hedge, backtest, compare). */
export const INPUT_FLAGS = {
  sample: { type: 'string' },
  portfolio: { type: 'string' },
  prices: { type: 'string', multiple: true },
  rates: { type: 'string' },
  db: { type: 'string' },
  chain: { type: 'string', multiple: true },
  credit: { type: 'string' },
  'capital-structure': { type: 'string' },
  ...DATE_FLAGS,
} as const;

export const INPUT_HELP = `  --sample NAME        embedded sample: equity (default) or energy
  --portfolio FILE     holdings CSV: symbol,quantity[,cost_basis,currency]; a CASH row holds cash
  --prices FILE        price file (repeatable): wide adjusted close, Yahoo OHLCV, FRED, …
                       (docs/data-formats.md)
  --rates FILE         3-month T-bill CSV (FRED DTB3) for the risk-free rate (default: the sample's)
  --credit FILE        corporate/Treasury yields (FRED DBAA, DAAA, DGS10) for bond-index hedges
                       (default: the sample's)
  --capital-structure FILE  the target issuer's date,E,sE,F (equity value, equity volatility,
                       default point) for the Merton model
  --chain FILE         option chain (repeatable): Yahoo JSON or SPX-style CSV, used when quoted on
                       the as-of date
  --db PATH            read holdings, prices and rates from a store filled by 'microhedge import';
                       --portfolio then names a stored portfolio (default: the only one)
${DATE_HELP}`;

export type InputFlagValues = { [K in keyof typeof INPUT_FLAGS]?: (typeof INPUT_FLAGS)[K] extends { multiple: true } ? string[] : string };

/** Checks the combination of input flags and loads the portfolio and market data: an embedded
 *  sample, the user's files, or a DuckDB store. */
export async function loadCliInputs(values: InputFlagValues, io: Io): Promise<AnalyzeInput> {
  if (values.db !== undefined) {
    const extra = (['prices', 'rates', 'chain', 'credit', 'capital-structure'] as const).find((f) => values[f] !== undefined);
    if (extra) throw new InputError({ file: `--${extra}`, expected: 'no price, rate or chain files with --db (import them into the store first)' });
    const dateFlag = (['date-order', 'latest-date'] as const).find((f) => values[f] !== undefined);
    if (dateFlag) throw new InputError({ file: `--${dateFlag}`, expected: "no date-reading flag with --db (a store's dates were read when imported: give it to 'microhedge import')" });
  }
  if (values.db === undefined && (values.portfolio === undefined) !== (values.prices === undefined)) {
    throw new InputError({ file: values.portfolio === undefined ? '--portfolio' : '--prices', expected: '--portfolio and --prices given together (or neither, for the sample)' });
  }
  if (values.sample !== undefined && (values.portfolio !== undefined || values.db !== undefined)) {
    throw new InputError({ file: '--sample', expected: 'either an embedded sample or your own --portfolio/--db, not both' });
  }
  const at = (p: string) => resolve(io.cwd, p);
  if (values.db !== undefined) return loadInputsFromStore(at(values.db), values.portfolio);
  const sample = SAMPLES[choiceFlag('sample', values.sample, ['equity', 'energy'] as const, 'equity')];
  return loadInputs({
    portfolio: values.portfolio === undefined ? sample.portfolio : at(values.portfolio),
    prices: values.prices === undefined ? sample.prices : values.prices.map(at),
    rates: values.rates === undefined ? sample.rates : at(values.rates),
    chains: values.chain === undefined ? sample.chains : values.chain.map(at),
    credit: values.credit === undefined ? sample.credit : at(values.credit),
    ...(values['capital-structure'] === undefined ? {} : { capitalStructure: at(values['capital-structure']) }),
    cwd: io.cwd,
    dates: dateReadOptions(values),
  });
}
