import { VARCHAR, dateValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Portfolio } from '../domain/portfolio.js';
import { isoDayNumber } from '../domain/dates.js';
import { CASH_SYMBOL } from './holdings.js';
import { baseName } from './symbols.js';
import type { ImportResult, OptionChain, PriceSeries, RateSeries } from './types.js';

/** What writing one parsed file changed (the file-independent part of `ImportedFile`). */
export type WrittenFile = {
  names: string[];
  rows: number;
  firstDate: string | null;
  lastDate: string | null;
  replaced: { name: string; previousSource: string; rows: number }[];
};

/** Writes one parsed file inside the caller's open transaction. Price and rate observations are
 *  upserted by (symbol, date) / (name, date); a chain replaces the stored chain of the same
 *  underlying and quote date; a portfolio replaces the stored portfolio of the same name
 *  (a chain or a portfolio is a snapshot: merging two would invent positions or quotes). */
export async function writeImport(c: DuckDBConnection, result: ImportResult): Promise<WrittenFile> {
  switch (result.kind) {
    case 'prices':
      return writeObservations(c, 'prices', 'symbol', result.series.map((s) => ({ name: s.symbol, series: s, unit: null })));
    case 'rates':
      return writeObservations(c, 'rates', 'name', result.series.map((s) => ({ name: s.name, series: s, unit: s.unit })));
    case 'chain':
      return writeChain(c, result.chain);
    case 'holdings':
      return writeHoldings(c, portfolioName(result.file), result.portfolio, result.file);
  }
}

/** The name a holdings file is stored under: its base name (`portfolio.csv` → `portfolio`). */
export function portfolioName(file: string): string {
  return baseName(file);
}

type Observations = { name: string; series: PriceSeries | RateSeries; unit: string | null };

/** Staging tables live in the connection's temp catalog: rows are appended there in bulk (the
 *  appender cannot upsert), then moved with one INSERT OR REPLACE. */
const STAGING: Record<'prices' | 'rates', string> = {
  prices: `CREATE TEMP TABLE IF NOT EXISTS stage_prices (
             symbol VARCHAR, date DATE, value DOUBLE, source_file VARCHAR, source_column VARCHAR)`,
  rates: `CREATE TEMP TABLE IF NOT EXISTS stage_rates (
            name VARCHAR, date DATE, value DOUBLE, unit VARCHAR, source_file VARCHAR, source_column VARCHAR)`,
};

async function writeObservations(
  c: DuckDBConnection,
  table: 'prices' | 'rates',
  key: 'symbol' | 'name',
  items: Observations[],
): Promise<WrittenFile> {
  const stage = `stage_${table}`;
  await c.run(STAGING[table]);
  await c.run(`DELETE FROM temp.main.${stage}`);
  const appender = await c.createAppender(stage, 'main', 'temp');
  let rows = 0;
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  try {
    for (const { name, series, unit } of items) {
      const { dates, values, source } = series;
      for (let i = 0; i < dates.length; i += 1) {
        appender.appendVarchar(name);
        appender.appendDate(dateValue(dayNumberOf(dates[i] as string)));
        appender.appendDouble(values[i] as number);
        if (unit !== null) appender.appendVarchar(unit);
        appender.appendVarchar(source.file);
        appender.appendVarchar(source.column);
        appender.endRow();
      }
      rows += dates.length;
      const first = dates[0];
      const last = dates[dates.length - 1];
      if (first !== undefined && (firstDate === null || first < firstDate)) firstDate = first;
      if (last !== undefined && (lastDate === null || last > lastDate)) lastDate = last;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const replaced = await replacedRows(c, `
    SELECT s.${key}, t.source_file, count(*)::INTEGER
      FROM temp.main.${stage} s JOIN main.${table} t USING (${key}, date)
     WHERE t.source_file <> s.source_file
     GROUP BY ALL ORDER BY ALL`);
  await c.run(`INSERT OR REPLACE INTO main.${table} BY NAME SELECT * FROM temp.main.${stage}`);
  await c.run(`DELETE FROM temp.main.${stage}`);
  return { names: items.map((i) => i.name), rows, firstDate, lastDate, replaced };
}

async function writeChain(c: DuckDBConnection, chain: OptionChain): Promise<WrittenFile> {
  const key = [chain.underlying, chain.quoteDate];
  const replaced = await replacedRows(c, `
    SELECT underlying, source_file, count(*)::INTEGER FROM option_quotes
     WHERE underlying = $1 AND quote_date = CAST($2 AS DATE) AND source_file <> $3
     GROUP BY ALL ORDER BY ALL`, [...key, chain.source]);
  await c.run('DELETE FROM option_quotes WHERE underlying = $1 AND quote_date = CAST($2 AS DATE)', key);
  const appender = await c.createAppender('option_quotes');
  const quoteDay = dateValue(dayNumberOf(chain.quoteDate));
  let lastExpiry = chain.quoteDate;
  try {
    chain.quotes.forEach((q, seq) => {
      appender.appendVarchar(chain.underlying);
      appender.appendDate(quoteDay);
      appender.appendInteger(seq);
      appender.appendVarchar(chain.style);
      appender.appendDouble(chain.underlyingPrice);
      appender.appendVarchar(q.type);
      appender.appendDouble(q.strike);
      appender.appendDate(dateValue(dayNumberOf(q.expiry)));
      appender.appendDouble(q.timeYears);
      appender.appendDouble(q.bid);
      appender.appendDouble(q.ask);
      appendOptionalDouble(appender, q.last);
      appendOptionalDouble(appender, q.impliedVolatility);
      appendOptionalDouble(appender, q.volume);
      appendOptionalDouble(appender, q.openInterest);
      appendOptionalDouble(appender, q.riskFree);
      appender.appendVarchar(chain.source);
      appender.endRow();
      if (q.expiry > lastExpiry) lastExpiry = q.expiry;
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return { names: [chain.underlying], rows: chain.quotes.length, firstDate: chain.quoteDate, lastDate: lastExpiry, replaced };
}

async function writeHoldings(c: DuckDBConnection, name: string, portfolio: Portfolio, file: string): Promise<WrittenFile> {
  const replaced = await replacedRows(c, `
    SELECT portfolio, source_file, count(*)::INTEGER FROM holdings
     WHERE portfolio = $1 AND source_file <> $2 GROUP BY ALL ORDER BY ALL`, [name, file]);
  await c.run('DELETE FROM holdings WHERE portfolio = $1', [name]);
  const appender = await c.createAppender('holdings');
  const append = (seq: number, symbol: string, quantity: number, costBasis: number | undefined): void => {
    appender.appendVarchar(name);
    appender.appendInteger(seq);
    appender.appendVarchar(symbol);
    appender.appendDouble(quantity);
    appendOptionalDouble(appender, costBasis);
    appender.appendVarchar(portfolio.currency);
    appender.appendVarchar(file);
    appender.endRow();
  };
  try {
    portfolio.positions.forEach((p, seq) => {
      const { instrument } = p;
      // The holdings format holds equities in the portfolio's one currency; anything else here
      // is a caller's bug, not something to store half-described.
      if (instrument.kind !== 'equity' || (instrument.currency ?? portfolio.currency) !== portfolio.currency || instrument.subtype !== undefined) {
        throw new Error(`holdings store: position ${seq} (${instrument.symbol}) is not a plain equity in ${portfolio.currency}`);
      }
      append(seq, instrument.symbol, p.quantity, p.costBasis);
    });
    // Cash is always written (0 when the file had no CASH row), as the CSV format's CASH row.
    append(portfolio.positions.length, CASH_SYMBOL, portfolio.cash, undefined);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return { names: [name], rows: portfolio.positions.length + 1, firstDate: null, lastDate: null, replaced };
}

function appendOptionalDouble(appender: DuckDBAppender, value: number | undefined): void {
  if (value === undefined) appender.appendNull();
  else appender.appendDouble(value);
}

async function replacedRows(c: DuckDBConnection, sql: string, params: string[] = []): Promise<WrittenFile['replaced']> {
  const reader = await c.runAndReadAll(sql, params, params.map(() => VARCHAR));
  return reader.getRows().map(([name, previousSource, rows]) => ({ name: String(name), previousSource: String(previousSource), rows: Number(rows) }));
}

/** Days since 1970-01-01 of a reader-produced ISO date; anything else is a bug upstream, and
 *  must not reach the table as a garbage date. */
function dayNumberOf(iso: string): number {
  const day = isoDayNumber(iso);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !Number.isInteger(day)) throw new Error(`store: not an ISO date from a reader: ${JSON.stringify(iso)}`);
  return day;
}
