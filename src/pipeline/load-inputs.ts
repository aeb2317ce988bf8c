import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../domain/errors.js';
import { checkHoldingsCovered, readHoldings } from '../data/holdings.js';
import { readPrices } from '../data/prices.js';
import { readRates } from '../data/rates.js';
import type { Portfolio } from '../domain/portfolio.js';
import { detectAndRead, readTextFile } from '../data/detect.js';
import type { DateReadOptions, ImportWarning, OptionChain, PriceSeries, RateSeries } from '../data/types.js';
import { isoDayNumber } from '../domain/dates.js';
import { constantMaturityIndex } from '../pricing/bonds.js';
import { readCapitalStructure } from '../data/capital-structure.js';
import type { AnalyzeInput, CreditProxy } from './analyze.js';

const SAMPLE_DIR = join(packageRoot(), 'data', 'sample');

const sampleFile = (name: string) => join(SAMPLE_DIR, name);
const EQUITY_PRICES = ['stocks_19_2004-2024.csv', 'sector_etfs_2004-2025.csv'].map(sampleFile);

/** The embedded samples (data/sample, see its PROVENANCE.md), as the files `analyze` reads. */
export const SAMPLES = {
  /** 13 US holdings with 31 % in AAPL; 19 stocks, SPY and the sector ETFs to 2024-11-29. */
  equity: {
    portfolio: sampleFile('portfolio.csv'),
    prices: EQUITY_PRICES,
    rates: sampleFile('tbill_3m_dtb3_2000-2026.csv'),
    chains: [] as string[],
    credit: sampleFile('yields_spreads_daily_2004-2026.csv'),
  },
  /** An energy book: 40,000 barrels of crude inventory valued at the EIA WTI Cushing spot, oil
   *  producers and other shares; hedge instruments include the NYMEX CL nearby futures. */
  energy: {
    portfolio: sampleFile('energy-portfolio.csv'),
    prices: [...EQUITY_PRICES, sampleFile('wti_spot_eia_2007-2026.csv'), sampleFile('energy_futures_nearby_2007-2025.csv')],
    rates: sampleFile('tbill_3m_dtb3_2000-2026.csv'),
    chains: [] as string[],
    credit: sampleFile('yields_spreads_daily_2004-2026.csv'),
  },
};

/** The default sample. */
export const SAMPLE = SAMPLES.equity;

/** Absolute paths, and the directory file names in messages are shown relative to. */
export type InputFiles = {
  portfolio: string;
  prices: string[];
  rates: string;
  chains: string[];
  /** FRED-style corporate and Treasury yields (DBAA, DAAA, DGS10), turned into bond indices. */
  credit?: string;
  /** The target issuer's capital structure: date, E (equity value), sE (equity volatility),
   *  F (default point), for the Merton model. */
  capitalStructure?: string;
  cwd: string;
  /** The order of slash dates and the latest date allowed in every dated file. */
  dates?: DateReadOptions;
};

/** Yield series turned into 10-year constant-maturity bond total-return indices: credit
 *  proxies a hedge may be long or short (tradable through bond ETFs such as LQD or IEF). */
const CREDIT_PROXIES: readonly { yieldSeries: string; symbol: string; description: string }[] = [
  { yieldSeries: 'DBAA', symbol: 'BAA-BOND', description: "10-year Baa corporate bond index built from Moody's Baa yield (DBAA)" },
  { yieldSeries: 'DAAA', symbol: 'AAA-BOND', description: "10-year Aaa corporate bond index built from Moody's Aaa yield (DAAA)" },
  { yieldSeries: 'DGS10', symbol: 'UST10-BOND', description: '10-year constant-maturity Treasury bond index built from DGS10' },
];

/** Reads and validates the files `analyze` needs: holdings, prices (every holding must have a
 *  series), the T-bill rate. Alignment happens in `analyze`, which knows the window it needs. */
export async function loadInputs(files: InputFiles): Promise<AnalyzeInput> {
  const displayName = (path: string) => {
    const r = relative(files.cwd, path);
    return r.startsWith('..') ? path : r;
  };
  const readText = (path: string) => readTextFile(path, displayName(path));
  const dates = files.dates ?? {};
  const holdings = readHoldings(await readText(files.portfolio), displayName(files.portfolio));
  const series: PriceSeries[] = [];
  const warnings: ImportWarning[] = [...holdings.warnings];
  for (const path of files.prices) {
    const result = readPrices(await readText(path), displayName(path), dates);
    warnings.push(...result.warnings);
    series.push(...result.series);
  }
  const portfolioFile = displayName(files.portfolio);
  checkHoldingsCovered(holdings.portfolio, series.map((s) => s.symbol), portfolioFile, holdings.rows);

  const rates = readRates(await readText(files.rates), displayName(files.rates), ['DTB3'], dates);
  const tbill = rates.series[0];
  if (!tbill) throw new InputError({ file: displayName(files.rates), expected: 'a DTB3 column (FRED 3-month T-bill)' });
  warnings.push(...rates.warnings);

  const chains: OptionChain[] = [];
  for (const path of files.chains) {
    const result = detectAndRead(await readText(path), displayName(path), dates);
    if (result.kind !== 'chain') {
      throw new InputError({ file: displayName(path), expected: `an option chain (Yahoo JSON or a CSV with a strike column), not a ${result.kind} file` });
    }
    chains.push(result.chain);
    warnings.push(...result.warnings);
  }
  let creditProxies: CreditProxy[] = [];
  if (files.credit !== undefined) {
    const yields = readRates(await readText(files.credit), displayName(files.credit), undefined, dates);
    warnings.push(...yields.warnings);
    const credit = creditSeries(yields.series);
    series.push(...credit.series);
    creditProxies = credit.proxies;
  }
  const capitalStructure = files.capitalStructure === undefined ? undefined
    : readCapitalStructure(await readText(files.capitalStructure), displayName(files.capitalStructure), dates);
  return {
    portfolio: holdings.portfolio, prices: series, tbill, chains, warnings, creditProxies,
    ...(capitalStructure === undefined ? {} : { capitalStructure }),
  };
}

/** The credit proxies that `yields` allow: bond total-return indices as price series. */
function creditSeries(yields: readonly RateSeries[]): { series: PriceSeries[]; proxies: CreditProxy[] } {
  const series: PriceSeries[] = [];
  const proxies: CreditProxy[] = [];
  for (const proxy of CREDIT_PROXIES) {
    const y = yields.find((r) => r.name === proxy.yieldSeries);
    if (!y) continue;
    series.push({
      symbol: proxy.symbol, dates: y.dates, values: constantMaturityIndex(y.dates.map(isoDayNumber), y.values, 10),
      source: { file: y.source.file, column: `${y.name} → bond index` },
    });
    proxies.push({ symbol: proxy.symbol, description: proxy.description });
  }
  return { series, proxies };
}

/** The same inputs from a DuckDB store filled by `microhedge import`: the named portfolio (or
 *  the only one stored), every stored price series, the DTB3 rate series, and the credit
 *  proxies its stored yields allow. */
export async function loadInputsFromStore(dbPath: string, portfolioName?: string): Promise<AnalyzeInput> {
  // Loaded here, not at the top: DuckDB's native module takes a noticeable share of a second to
  // load, which file-based runs and --help should not pay.
  const { openStore } = await import('../data/store.js');
  const store = await openStore(dbPath, { readOnly: true });
  try {
    const contents = await store.listContents();
    const names = contents.portfolios.map((p) => p.name);
    const name = portfolioName ?? (names.length === 1 ? names[0] : undefined);
    if (name === undefined || !names.includes(name)) {
      throw new InputError({
        file: '--portfolio', ...(portfolioName === undefined ? {} : { value: portfolioName }),
        expected: names.length === 0
          ? `a store holding a portfolio (none in ${dbPath}: import a holdings CSV first)`
          : `the name of a stored portfolio: ${names.join(', ')}`,
      });
    }
    const portfolio = await store.loadHoldings(name) as Portfolio;
    const prices = await store.loadPrices();
    checkHoldingsCovered(portfolio, prices.map((s) => s.symbol), `${dbPath} (portfolio ${name})`);
    const tbill = await store.loadRates('DTB3');
    if (tbill === null) {
      throw new InputError({ file: dbPath, expected: 'a DTB3 rate series in the store (import the FRED 3-month T-bill CSV)' });
    }
    const chains = (await Promise.all(contents.chains.map((c) => store.loadChain(c.underlying, c.quoteDate))))
      .filter((c): c is OptionChain => c !== null);
    const yields = (await Promise.all(CREDIT_PROXIES.map((p) => store.loadRates(p.yieldSeries)))).filter((r): r is RateSeries => r !== null);
    const credit = creditSeries(yields);
    return { portfolio, prices: [...prices, ...credit.series], tbill, chains, warnings: [], creditProxies: credit.proxies };
  } finally {
    await store.close();
  }
}

/** The directory holding microhedge's package.json, found from this module's location, which
 *  differs between the built package (dist/src/…) and the sources run by the tests (src/…). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('microhedge: package.json not found above the installed sources');
    dir = parent;
  }
  return dir;
}
