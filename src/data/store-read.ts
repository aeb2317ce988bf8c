import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { equityPosition, type Portfolio } from '../domain/portfolio.js';
import { isoFromDayNumber } from '../domain/dates.js';
import { CASH_SYMBOL } from './holdings.js';
import type { OptionChain, OptionQuote, PriceSeries, RateSeries } from './types.js';

/** Reads of the store's tables (docs/store.md), over a connection the caller serialises. They
 *  rebuild exactly what the readers produced: same dates, bit-identical values, optional fields
 *  absent where the source had none. */

/** A row of the `imports` table. */
export type ImportRecord = { file: string; sha256: string; kind: string; rows: number; importedAt: string };

export type StoreContents = {
  chains: { underlying: string; quoteDate: string; quotes: number }[];
  rates: { name: string; first: string; last: string; rows: number }[];
  portfolios: { name: string; positions: number }[];
};

/** Every stored price series ordered by symbol, or those of `symbols` (absent ones left out;
 *  the caller decides whether that is an error). */
export async function readPrices(c: DuckDBConnection, symbols?: readonly string[]): Promise<PriceSeries[]> {
  const filter = symbols === undefined ? '' : 'WHERE list_contains($1, symbol)';
  const params = symbols === undefined ? [] : [listValue([...symbols])];
  const types = symbols === undefined ? [] : [LIST(VARCHAR)];
  // Per-symbol facts first (row counts, and the files the rows came from in order of their first
  // date), then only dates and values row by row: strings per row are what reading costs most.
  const groups = (await c.runAndReadAll(
    `SELECT symbol, source_file, source_column, count(*)::INTEGER, min(date) AS first
       FROM prices ${filter} GROUP BY symbol, source_file, source_column ORDER BY symbol, first`,
    params, types,
  )).getRows();
  const [dayCol, valueCol] = columnsOf(await c.runAndReadAll(
    `SELECT CAST(date - DATE '1970-01-01' AS INTEGER), value FROM prices ${filter} ORDER BY symbol, date`,
    params, types,
  ), 2) as [number[], number[]];
  const series: PriceSeries[] = [];
  let row = 0;
  for (let g = 0; g < groups.length;) {
    const symbol = String(groups[g]?.[0]);
    const files: string[] = [];
    const columns: string[] = [];
    let count = 0;
    for (; g < groups.length && groups[g]?.[0] === symbol; g += 1) {
      const [, file, column, n] = groups[g] as [string, string, string, number];
      if (!files.includes(file)) files.push(file);
      if (!columns.includes(column)) columns.push(column);
      count += n;
    }
    const dates = new Array<string>(count);
    const values = new Float64Array(count);
    for (let i = 0; i < count; i += 1, row += 1) {
      dates[i] = isoFromDayNumber(dayCol[row] as number);
      values[i] = valueCol[row] as number;
    }
    // A series upserted from two files names both, in the order of their first dates.
    series.push({ symbol, dates, values, source: { file: files.join(' + '), column: columns.join(' + ') } });
  }
  return series;
}

export async function readSymbols(c: DuckDBConnection): Promise<string[]> {
  return (await c.runAndReadAll('SELECT DISTINCT symbol FROM prices ORDER BY symbol')).getRows().map((r) => String(r[0]));
}

/** The chain of `underlying` quoted on `quoteDate` (ISO), or its latest one without a date. */
export async function readChain(c: DuckDBConnection, underlying: string, quoteDate?: string): Promise<OptionChain | null> {
  const dateFilter = quoteDate === undefined
    ? 'quote_date = (SELECT max(quote_date) FROM option_quotes WHERE underlying = $1)'
    : 'quote_date = CAST($2 AS DATE)';
  const rows = (await c.runAndReadAll(
    `SELECT CAST(quote_date AS VARCHAR), style, underlying_price, source_file, type, strike, CAST(expiry AS VARCHAR),
            time_years, bid, ask, last, implied_volatility, volume, open_interest, risk_free
       FROM option_quotes WHERE underlying = $1 AND ${dateFilter} ORDER BY seq`,
    quoteDate === undefined ? [underlying] : [underlying, quoteDate],
    quoteDate === undefined ? [VARCHAR] : [VARCHAR, VARCHAR],
  )).getRows();
  const first = rows[0];
  if (first === undefined) return null;
  const quotes = rows.map((r): OptionQuote => {
    const q: OptionQuote = {
      type: r[4] as OptionQuote['type'],
      strike: r[5] as number,
      expiry: r[6] as string,
      timeYears: r[7] as number,
      bid: r[8] as number,
      ask: r[9] as number,
    };
    if (r[10] !== null) q.last = r[10] as number;
    if (r[11] !== null) q.impliedVolatility = r[11] as number;
    if (r[12] !== null) q.volume = r[12] as number;
    if (r[13] !== null) q.openInterest = r[13] as number;
    if (r[14] !== null) q.riskFree = r[14] as number;
    return q;
  });
  return {
    underlying,
    quoteDate: first[0] as string,
    underlyingPrice: first[2] as number,
    style: first[1] as OptionChain['style'],
    quotes,
    source: first[3] as string,
  };
}

export async function readRates(c: DuckDBConnection, name: string): Promise<RateSeries | null> {
  const [dayCol, valueCol, unitCol, fileCol, columnCol] = columnsOf(await c.runAndReadAll(
    `SELECT CAST(date - DATE '1970-01-01' AS INTEGER), value, unit, source_file, source_column
       FROM rates WHERE name = $1 ORDER BY date`,
    [name], [VARCHAR],
  ), 5) as [number[], number[], string[], string[], string[]];
  if (dayCol.length === 0) return null;
  return {
    name,
    dates: dayCol.map(isoFromDayNumber),
    values: Float64Array.from(valueCol),
    unit: distinct(unitCol).join(' + '),
    source: { file: distinct(fileCol).join(' + '), column: distinct(columnCol).join(' + ') },
  };
}

export async function readHoldings(c: DuckDBConnection, name: string): Promise<Portfolio | null> {
  const rows = (await c.runAndReadAll(
    'SELECT symbol, quantity, cost_basis, currency FROM holdings WHERE portfolio = $1 ORDER BY seq',
    [name], [VARCHAR],
  )).getRows();
  const first = rows[0];
  if (first === undefined) return null;
  // Every row carries the portfolio's one currency; the CASH row carries the cash.
  const portfolio: Portfolio = { positions: [], cash: 0, currency: first[3] as string };
  for (const [symbol, quantity, costBasis] of rows) {
    if (symbol === CASH_SYMBOL) portfolio.cash = quantity as number;
    else portfolio.positions.push(equityPosition(symbol as string, quantity as number, costBasis === null ? undefined : (costBasis as number)));
  }
  return portfolio;
}

export async function readContents(c: DuckDBConnection): Promise<StoreContents> {
  const chains = (await c.runAndReadAll(
    'SELECT underlying, CAST(quote_date AS VARCHAR), count(*)::INTEGER FROM option_quotes GROUP BY ALL ORDER BY ALL',
  )).getRows();
  const rates = (await c.runAndReadAll(
    'SELECT name, CAST(min(date) AS VARCHAR), CAST(max(date) AS VARCHAR), count(*)::INTEGER FROM rates GROUP BY name ORDER BY name',
  )).getRows();
  // One row per portfolio is its CASH row, not a position.
  const portfolios = (await c.runAndReadAll(
    'SELECT portfolio, (count(*) - 1)::INTEGER FROM holdings GROUP BY portfolio ORDER BY portfolio',
  )).getRows();
  return {
    chains: chains.map(([underlying, quoteDate, quotes]) => ({ underlying: String(underlying), quoteDate: String(quoteDate), quotes: Number(quotes) })),
    rates: rates.map(([name, first, last, rows]) => ({ name: String(name), first: String(first), last: String(last), rows: Number(rows) })),
    portfolios: portfolios.map(([name, positions]) => ({ name: String(name), positions: Number(positions) })),
  };
}

export async function readImports(c: DuckDBConnection): Promise<ImportRecord[]> {
  const rows = (await c.runAndReadAll(
    `SELECT file, sha256, kind, rows, strftime(imported_at, '%Y-%m-%dT%H:%M:%S.%gZ') FROM imports ORDER BY imported_at, file`,
  )).getRows();
  return rows.map(([file, sha256, kind, n, importedAt]) => ({
    file: String(file), sha256: String(sha256), kind: String(kind), rows: Number(n), importedAt: String(importedAt),
  }));
}

/** The result's columns, also when it has no rows (DuckDB then returns no column arrays). */
function columnsOf(reader: DuckDBResultReader, count: number): unknown[][] {
  const columns = reader.getColumns();
  return Array.from({ length: count }, (_, i) => columns[i] ?? []);
}

/** Distinct values in order of first appearance. */
function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
