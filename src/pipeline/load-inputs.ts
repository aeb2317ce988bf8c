import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../domain/errors.js';
import { alignPrices } from '../data/align.js';
import { checkHoldingsCovered, readHoldings } from '../data/holdings.js';
import { readPrices } from '../data/prices.js';
import { readRates } from '../data/rates.js';
import type { ImportWarning, PriceSeries } from '../data/types.js';
import { SECTOR_ETFS } from '../hedges/sector-etf-short.js';
import type { AnalyzeInput } from './analyze.js';

const SAMPLE_DIR = join(packageRoot(), 'data', 'sample');

/** The embedded sample (data/sample, see its PROVENANCE.md): a 13-holding US portfolio with 31 %
 *  in AAPL, 19 stocks and the sector ETFs to 2024-11-29, and the 3-month T-bill. */
export const SAMPLE = {
  portfolio: join(SAMPLE_DIR, 'portfolio.csv'),
  prices: [join(SAMPLE_DIR, 'stocks_19_2004-2024.csv'), join(SAMPLE_DIR, 'sector_etfs_2004-2025.csv')],
  rates: join(SAMPLE_DIR, 'tbill_3m_dtb3_2000-2026.csv'),
};

/** Absolute paths, and the directory file names in messages are shown relative to. */
export type InputFiles = { portfolio: string; prices: string[]; rates: string; cwd: string };

/** Reads and validates the files `analyze` needs and aligns the prices on one calendar. The
 *  holdings define the calendar (a date is kept only if every holding has a price); other
 *  series are hedge instruments, filled over short gaps or dropped, as the report will say. */
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
    for (const s of result.series) {
      const earlier = series.find((x) => x.symbol === s.symbol);
      if (earlier) {
        throw new InputError({
          file: s.source.file, column: s.source.column, value: s.symbol,
          expected: `each symbol in one price file only (also in ${earlier.source.file})`,
        });
      }
      series.push(s);
    }
  }
  const portfolioFile = displayName(files.portfolio);
  checkHoldingsCovered(holdings.portfolio, series.map((s) => s.symbol), portfolioFile, holdings.rows);

  const required = holdings.portfolio.positions.map((p) => p.instrument.symbol);
  const wanted = new Set<string>([...required, ...SECTOR_ETFS, 'SPY']);
  const { history, report } = alignPrices(series.filter((s) => wanted.has(s.symbol)), { required });

  const rates = readRates(await readText(files.rates), displayName(files.rates), ['DTB3']);
  const tbill = rates.series[0];
  if (!tbill) throw new InputError({ file: displayName(files.rates), expected: 'a DTB3 column (FRED 3-month T-bill)' });
  warnings.push(...rates.warnings);

  return {
    portfolio: holdings.portfolio,
    history,
    tbill,
    dataPolicy: report.policy,
    dataNotes: [
      ...report.filled.map((f) => `${f.symbol}: ${f.count} missing prices filled with the previous day's (longest gap ${f.longestGap} days).`),
      ...report.dropped.map((d) => `${d.symbol} left out: ${d.detail}.`),
    ],
    dataWarnings: warnings.map((w) => `${w.file}${w.row === undefined ? '' : `:${w.row}`}${w.column === undefined ? '' : `:${w.column}`}: ${w.message}`),
  };
}

async function readTextFile(path: string, name: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError({ file: name, expected: code === 'ENOENT' ? 'an existing file' : `a readable file (${code ?? 'unknown error'})` });
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
