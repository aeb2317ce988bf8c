import { latestDateToday, type DateReadOptions } from '../data/cells.js';
import { detectAndRead } from '../data/detect.js';
import { checkHoldingsCovered } from '../data/holdings.js';
import type { HoldingsReadResult, ImportWarning, OptionChain, PriceSeries, RateSeries } from '../data/types.js';
import { InputError } from '../domain/errors.js';
import type { AnalyzeInput } from '../pipeline/analyze.js';
import type { UploadDates, UploadedFile } from './schemas.js';

/** What an uploaded file was read as, for the page to list. */
export type UploadedKind = { name: string; kind: 'holdings' | 'prices' | 'rates' | 'chain'; detail: string };

/** The uploads as read, before the defaults complete them. */
export type ReadUploads = Omit<AnalyzeInput, 'tbill' | 'creditProxies'> & { tbill?: RateSeries; kinds: UploadedKind[] };

/** Reads uploaded files in memory (nothing is written to disk and no uploaded name is used as a
 *  path): each file goes to the reader `detectAndRead` picks from its content, as `microhedge
 *  import` does. Exactly one holdings CSV and at least one price file are required, and every
 *  holding needs a price series (as for `analyze --portfolio --prices`). A FRED DTB3 file
 *  replaces the default T-bill rate; option chains are used when quoted on the as-of date. `dates`
 *  says how slash dates are read and the latest date allowed (default: today, `latestDateToday`). The
 *  files alone are checked here, so a bad one is reported before anything else is loaded;
 *  `withDefaults` completes them. */
export function readUploads(files: readonly UploadedFile[], dates: UploadDates = {}, now: Date = new Date()): ReadUploads {
  const options: DateReadOptions = {
    ...(dates.dateOrder === undefined ? {} : { dateOrder: dates.dateOrder }),
    latestDate: dates.latestDate ?? latestDateToday(now),
    optionNames: { dateOrder: 'dateOrder', latestDate: dates.latestDate === undefined ? 'latestDate, today by default' : 'latestDate' },
  };
  let holdings: { file: string; result: HoldingsReadResult } | undefined;
  const series: PriceSeries[] = [];
  const chains: OptionChain[] = [];
  const warnings: ImportWarning[] = [];
  const kinds: UploadedKind[] = [];
  let tbill: RateSeries | undefined;
  const names = new Set<string>();
  for (const file of files) {
    if (names.has(file.name)) {
      throw new InputError({ file: file.name, expected: 'each file uploaded once (two files have this name)' });
    }
    names.add(file.name);
    const read = detectAndRead(file.text, file.name, options);
    warnings.push(...read.warnings);
    switch (read.kind) {
      case 'holdings':
        if (holdings !== undefined) {
          throw new InputError({ file: file.name, expected: `one holdings file only (${holdings.file} is one already)` });
        }
        holdings = { file: file.name, result: read };
        kinds.push({ name: file.name, kind: 'holdings', detail: `${read.portfolio.positions.length} holdings` });
        break;
      case 'prices':
        series.push(...read.series);
        kinds.push({ name: file.name, kind: 'prices', detail: read.series.map((s) => s.symbol).join(', ') });
        break;
      case 'rates': {
        const dtb3 = read.series.find((s) => s.name === 'DTB3');
        if (dtb3 === undefined) {
          throw new InputError({
            file: file.name, value: read.series.map((s) => s.name).join(', '),
            expected: 'a FRED DTB3 (3-month T-bill) series: the only rate file the web app takes; the sample\'s corporate and Treasury yields are used',
          });
        }
        tbill = dtb3;
        kinds.push({ name: file.name, kind: 'rates', detail: 'DTB3 3-month T-bill' });
        break;
      }
      case 'chain':
        chains.push(read.chain);
        kinds.push({ name: file.name, kind: 'chain', detail: `${read.chain.underlying} options quoted on ${read.chain.quoteDate}` });
        break;
    }
  }
  if (holdings === undefined) {
    throw new InputError({ file: 'files', expected: 'a holdings CSV among the files (columns symbol,quantity[,cost_basis][,currency])' });
  }
  if (series.length === 0) {
    throw new InputError({ file: 'files', expected: `at least one price file besides the holdings ${holdings.file} (docs/data-formats.md)` });
  }
  checkHoldingsCovered(holdings.result.portfolio, series.map((s) => s.symbol), holdings.file, holdings.result.rows);
  return { portfolio: holdings.result.portfolio, prices: series, chains, warnings, kinds, ...(tbill === undefined ? {} : { tbill }) };
}

/** Completes read uploads as the CLI does without `--rates`/`--credit`: with the sample's T-bill
 *  rate and credit proxies (bond indices built from its yields), unless a file brought a DTB3
 *  series or a price series of a proxy's name. */
export function withDefaults(read: ReadUploads, defaults: AnalyzeInput): { input: AnalyzeInput; kinds: UploadedKind[] } {
  const own = new Set(read.prices.map((s) => s.symbol));
  const proxies = defaults.creditProxies.filter((p) => !own.has(p.symbol));
  const credit = defaults.prices.filter((s) => proxies.some((p) => p.symbol === s.symbol));
  const { kinds, tbill, ...rest } = read;
  return { input: { ...rest, prices: [...read.prices, ...credit], tbill: tbill ?? defaults.tbill, creditProxies: proxies }, kinds };
}

/** An import warning as one line: where, then what. */
export function describeWarning(w: ImportWarning): string {
  const where = [w.file, w.row, w.column].filter((p) => p !== undefined).join(':');
  return `${where}: ${w.message}`;
}
