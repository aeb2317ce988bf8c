import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../domain/errors.js';
import { checkHoldingsCovered, readHoldings } from '../data/holdings.js';
import { readPrices } from '../data/prices.js';
import { readRates } from '../data/rates.js';
import { openStore } from '../data/store.js';
import type { Portfolio } from '../domain/portfolio.js';
import { detectAndRead, readTextFile } from '../data/detect.js';
import type { ImportWarning, OptionChain, PriceSeries } from '../data/types.js';
import type { AnalyzeInput } from './analyze.js';

const SAMPLE_DIR = join(packageRoot(), 'data', 'sample');

/** The embedded sample (data/sample, see its PROVENANCE.md): a 13-holding US portfolio with 31 %
 *  in AAPL; 19 stocks, SPY and the sector ETFs to 2024-11-29; the 3-month T-bill. */
export const SAMPLE = {
  portfolio: join(SAMPLE_DIR, 'portfolio.csv'),
  prices: [join(SAMPLE_DIR, 'stocks_19_2004-2024.csv'), join(SAMPLE_DIR, 'sector_etfs_2004-2025.csv')],
  rates: join(SAMPLE_DIR, 'tbill_3m_dtb3_2000-2026.csv'),
  chains: [] as string[],
};

/** Absolute paths, and the directory file names in messages are shown relative to. */
export type InputFiles = { portfolio: string; prices: string[]; rates: string; chains: string[]; cwd: string };

/** Reads and validates the files `analyze` needs: holdings, prices (every holding must have a
 *  series), the T-bill rate. Alignment happens in `analyze`, which knows the window it needs. */
export async function loadInputs(files: InputFiles): Promise<AnalyzeInput> {
  const displayName = (path: string) => {
    const r = relative(files.cwd, path);
    return r.startsWith('..') ? path : r;
  };
  const readText = (path: string) => readTextFile(path, displayName(path));
  const holdings = readHoldings(await readText(files.portfolio), displayName(files.portfolio));
  const series: PriceSeries[] = [];
  const warnings: ImportWarning[] = [...holdings.warnings];
  for (const path of files.prices) {
    const result = readPrices(await readText(path), displayName(path));
    warnings.push(...result.warnings);
    series.push(...result.series);
  }
  const portfolioFile = displayName(files.portfolio);
  checkHoldingsCovered(holdings.portfolio, series.map((s) => s.symbol), portfolioFile, holdings.rows);

  const rates = readRates(await readText(files.rates), displayName(files.rates), ['DTB3']);
  const tbill = rates.series[0];
  if (!tbill) throw new InputError({ file: displayName(files.rates), expected: 'a DTB3 column (FRED 3-month T-bill)' });
  warnings.push(...rates.warnings);

  const chains: OptionChain[] = [];
  for (const path of files.chains) {
    const result = detectAndRead(await readText(path), displayName(path));
    if (result.kind !== 'chain') {
      throw new InputError({ file: displayName(path), expected: `an option chain (Yahoo JSON or a CSV with a strike column), not a ${result.kind} file` });
    }
    chains.push(result.chain);
    warnings.push(...result.warnings);
  }
  return { portfolio: holdings.portfolio, prices: series, tbill, chains, warnings };
}

/** The same inputs from a DuckDB store filled by `microhedge import`: the named portfolio (or
 *  the only one stored), every stored price series, and the DTB3 rate series. */
export async function loadInputsFromStore(dbPath: string, portfolioName?: string): Promise<AnalyzeInput> {
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
    return { portfolio, prices, tbill, chains, warnings: [] };
  } finally {
    await store.close();
  }
}

/** The directory holding microhedge's package.json, found from this module's location, which
 *  differs between the built package (dist/src/…) and the sources run by the tests (src/…). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('microhedge: package.json not found above the installed sources');
    dir = parent;
  }
  return dir;
}
