// Shared by the stats and risk-metrics tests: the reference vectors written by
// test/reference/stats/make-vectors.py, and the same price rows read straight from the CSVs in
// data/sample (parsed simply here on purpose, independent of src/data).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of known shape, read in tests only
export const vectors: any = JSON.parse(readFileSync(`${root}test/reference/stats/vectors.json`, 'utf8'));

function readColumns(file: string, wanted: string[]): Map<string, number[]> {
  const lines = readFileSync(`${root}${file}`, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const idx = wanted.map((w) => header.indexOf(w));
  const rows = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const values = idx.map((i) => (cells[i] === '' ? NaN : Number(cells[i])));
    rows.set(cells[0]!, values);
  }
  return rows;
}

const STOCK_FILE = 'data/sample/stocks_19_2004-2024.csv';
const ETF_FILE = 'data/sample/sector_etfs_2004-2025.csv';
const ETFS = new Set(['XLK', 'XLF', 'XLE', 'SPY']);

export type ReferencePrices = { dates: string[]; bySymbol: Record<string, Float64Array>;
  AAPL: Float64Array; XLK: Float64Array; SPY: Float64Array };

/** Prices of the symbols make-vectors.py used (vectors.data.symbols), on its rows: inner join
 *  of the two files on date, rows where every symbol is present, the last `priceRows` rows. */
export function referencePrices(): ReferencePrices {
  const symbols = vectors.data.symbols as string[];
  const stockSymbols = symbols.filter((s) => !ETFS.has(s));
  const etfSymbols = symbols.filter((s) => ETFS.has(s));
  const stocks = readColumns(STOCK_FILE, stockSymbols);
  const etfs = readColumns(ETF_FILE, etfSymbols);
  const dates = [...stocks.keys()]
    .filter((d) => etfs.has(d) && [...stocks.get(d)!, ...etfs.get(d)!].every(Number.isFinite))
    .sort()
    .slice(-vectors.data.priceRows);
  const bySymbol: Record<string, Float64Array> = {};
  stockSymbols.forEach((s, j) => { bySymbol[s] = Float64Array.from(dates, (d) => stocks.get(d)![j]!); });
  etfSymbols.forEach((s, j) => { bySymbol[s] = Float64Array.from(dates, (d) => etfs.get(d)![j]!); });
  return { dates, bySymbol, AAPL: bySymbol.AAPL!, XLK: bySymbol.XLK!, SPY: bySymbol.SPY! };
}

/** Relative tolerance against numpy/statsmodels. Both sides work in IEEE double; the results
 *  differ only by summation order (numpy sums pairwise, we sum sequentially) and algorithm
 *  (statsmodels solves least squares by pseudo-inverse). Those rounding differences are bounded
 *  by about n·ε·κ ≈ 756 · 2.2e-16 · κ ≈ 2e-13·κ for condition number κ; 1e-9 leaves room for
 *  κ up to ~10³ while any formula slip (ddof, n−2 vs n, a wrong lag) shows up at 1e-3 or more. */
export const REL_TOL = 1e-9;

/** |actual − expected| ≤ rel·max(|expected|, floor). `floor` is the scale of the quantities that
 *  were subtracted to obtain `expected`, for values that are small by cancellation (a mean
 *  return near zero, an intercept). */
export function expectRel(actual: number, expected: number, rel = REL_TOL, floor = 0): void {
  const tol = rel * Math.max(Math.abs(expected), floor);
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`expected ${actual} to be within ${tol} of ${expected} (diff ${actual - expected})`);
  }
}

export function expectAllRel(actual: Float64Array | number[], expected: number[], rel = REL_TOL, floor = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i]!, expected[i]!, rel, floor);
}
