// Real prices from data/sample for the scenario tests, parsed simply here on purpose (independent
// of src/data, like test/stats/reference-data.ts): the wide stock and ETF files, VIX closes, the
// EIA WTI spot series and the NYMEX WTI front month (CL01, which goes to −37.63 on 2020-04-20).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PriceHistory } from '../../src/domain/market.js';
import type { PriceSeriesLike } from '../../src/scenarios/stress.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every column of a CSV whose first column is an ISO date, blanks skipped; `rename` maps
 *  header names to symbols (others keep their header name). */
function readWide(file: string, columns?: Record<string, string>): PriceSeriesLike[] {
  const lines = readFileSync(`${root}data/sample/${file}`, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.replaceAll('"', ''));
  const wanted = header.slice(1).map((h, i) => ({ index: i + 1, symbol: columns === undefined ? h : columns[h] }))
    .filter((w): w is { index: number; symbol: string } => w.symbol !== undefined);
  const out = wanted.map((w) => ({ symbol: w.symbol, dates: [] as string[], values: [] as number[] }));
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map((c) => c.replaceAll('"', ''));
    wanted.forEach((w, k) => {
      const cell = cells[w.index];
      if (cell !== undefined && cell !== '' && cell !== 'NA') {
        out[k]!.dates.push(cells[0]!);
        out[k]!.values.push(Number(cell));
      }
    });
  }
  return out.map((s) => ({ symbol: s.symbol, dates: s.dates, values: Float64Array.from(s.values) }));
}

let cache: PriceSeriesLike[] | undefined;

/** Stocks (AAPL … XOM), sector ETFs (SPY … AGG), VIX, WTI (EIA spot) and CL01. */
export function sampleSeries(): PriceSeriesLike[] {
  cache ??= [
    ...readWide('stocks_19_2004-2024.csv'),
    ...readWide('sector_etfs_2004-2025.csv'),
    ...readWide('vix_daily_2004-2026.csv', { CLOSE: 'VIX' }),
    ...readWide('wti_spot_eia_2007-2026.csv', { Price: 'WTI' }),
    ...readWide('energy_futures_nearby_2007-2025.csv', { CL01: 'CL01' }),
  ];
  return cache;
}

/** Inner join of `symbols` on the dates all of them have, up to `endDate`, last `rows` rows. */
export function sampleHistory(symbols: readonly string[], rows: number, endDate = '9999-12-31'): PriceHistory {
  const all = sampleSeries();
  const picked = symbols.map((s) => {
    const series = all.find((x) => x.symbol === s);
    if (series === undefined) throw new Error(`no sample series ${s}`);
    return new Map(series.dates.map((d, i) => [d, series.values[i]!]));
  });
  const dates = [...picked[0]!.keys()].filter((d) => d <= endDate && picked.every((m) => m.has(d))).sort().slice(-rows);
  return { dates, symbols: [...symbols], columns: picked.map((m) => Float64Array.from(dates, (d) => m.get(d)!)) };
}

/** The sample portfolio's holdings (data/sample/portfolio.csv) and SPY, the stress proxy. */
export const PORTFOLIO_SYMBOLS = ['AAPL', 'JPM', 'XOM', 'PFE', 'WMT', 'T', 'GE', 'MA', 'SBUX', 'AMZN', 'GOOG', 'BAC', 'AGG', 'SPY'];
