import { InputError } from '../domain/errors.js';
import { defaultMayGoNegative, symbolFromFileName } from './symbols.js';
import { listNames, openDatedTable, readDatedColumns, requireColumn, type OpenTable } from './table.js';
import type { PriceLayout, PriceReadOptions, PriceReadResult, PriceSeries } from './types.js';
import { WarningList } from './warnings.js';

/** Default 'suspect-return' thresholds (simple one-day returns) and 'stale-price' run length. */
export const SUSPECT_RETURN_ABOVE = 1.0;
export const SUSPECT_RETURN_BELOW = -0.9;
export const STALE_RUN_LENGTH = 20;

type Pick = { index: number; symbol: string };

/** The value column of a two-column single-series file (`Date,Price`, `Date,Close`). */
const SINGLE_VALUE_NAMES = ['price', 'close', 'value'];

/** Reads a price CSV in any of the layouts of docs/data-formats.md, recognised from the header:
 *  wide (`date,AAPL,AMD,…`), Yahoo OHLCV (`Adj Close`), OHLC with `adjClose`/`adjclose`
 *  (FinancialModelingPrep, S&P index), OHLC with `CLOSE` only (VIX) and `Date,Price` (EIA; also
 *  `Date,Close`, `Date,Value`).
 *  One series per symbol, ascending dates, blank cells skipped (never filled). */
export function readPrices(text: string, file: string, options: PriceReadOptions = {}): PriceReadResult {
  const table = openDatedTable(text, file);
  const { layout, picks } = choosePicks(table, options);
  const mayGoNegative = picks.map((p) => allowsNegative(options, file, p.symbol));
  const read = readDatedColumns(table, picks.map((p) => p.index), 'a price (a number)', options, (value, raw, line, k) => {
    if (value <= 0 && !mayGoNegative[k]) {
      throw new InputError({ file, row: line, column: table.header[(picks[k] as Pick).index] as string, value: raw, expected: 'a positive price' });
    }
  });

  const warnings = new WarningList();
  const series: PriceSeries[] = [];
  picks.forEach((pick, k) => {
    const column = table.header[pick.index] as string;
    const s = compactSeries(file, column, pick.symbol, read.dates, read.lines, read.columns[k] as number[], warnings);
    if (s) {
      checkSeries(s.series, s.lines, options, warnings);
      series.push(s.series);
    } else if (options.symbols !== undefined) {
      throw new InputError({ file, column, expected: 'at least one price in the requested column' });
    } else {
      warnings.add({ file, column, kind: 'empty-series', message: `column ${column} holds no price; no series is read from it` });
    }
  });
  if (series.length === 0) throw new InputError({ file, expected: 'at least one price column with a value' });
  return { layout, series, warnings: warnings.result(file) };
}

function allowsNegative(options: PriceReadOptions, file: string, symbol: string): boolean {
  const m = options.mayGoNegative;
  if (m === undefined) return defaultMayGoNegative(file, symbol);
  return typeof m === 'boolean' ? m : m.includes(symbol);
}

/** The layout and the columns to read, from the header (names compared case-insensitively). */
function choosePicks(table: OpenTable, options: PriceReadOptions): { layout: PriceLayout; picks: Pick[] } {
  const { file, header, dateIndex } = table;
  const lower = header.map((h) => h.toLowerCase());
  const single = (layout: PriceLayout, name: string): { layout: PriceLayout; picks: Pick[] } => {
    const symbol = options.symbol ?? symbolFromFileName(file);
    if (symbol === undefined) {
      throw new InputError({ file, expected: 'a symbol for this single-series file: pass the symbol option (the file name does not name one)' });
    }
    const missing = options.symbols?.find((s) => s !== symbol);
    if (missing !== undefined) throw new InputError({ file, expected: `a symbol this file holds (${symbol})`, value: missing });
    return { layout, picks: [{ index: lower.indexOf(name), symbol }] };
  };
  if (lower.includes('adj close')) return single('yahoo-ohlcv', 'adj close');
  if (lower.includes('adjclose')) return single('ohlc-adjclose', 'adjclose');
  if (lower.includes('open') && lower.includes('close')) return single('ohlc-close', 'close');
  const only = header.length === 2 ? (lower[1 - dateIndex] as string) : '';
  if (SINGLE_VALUE_NAMES.includes(only)) return single('date-price', only);

  if (options.symbol !== undefined) {
    throw new InputError({ file: 'symbol', value: options.symbol, expected: `no symbol option for the wide file ${file} (its header names the symbols; use symbols to pick columns)` });
  }
  const names = header.filter((_, i) => i !== dateIndex);
  if (options.symbols === undefined) {
    return { layout: 'wide', picks: names.map((symbol) => ({ index: header.indexOf(symbol), symbol })) };
  }
  const picks = [...new Set(options.symbols)].map((symbol) => {
    const index = requireColumn(table, symbol);
    if (index === dateIndex) {
      throw new InputError({ file, row: table.headerLine, expected: `a price column this file holds (${listNames(names)})`, value: symbol });
    }
    return { index, symbol };
  });
  return { layout: 'wide', picks };
}

/** Drops the blanks of one column (before the first price silently: not yet listed; inside and
 *  after with one 'missing-values' warning); undefined when the column has no price at all. */
function compactSeries(
  file: string, column: string, symbol: string, dates: string[], lines: number[], raw: number[], warnings: WarningList,
): { series: PriceSeries; lines: number[] } | undefined {
  let first = 0;
  while (first < raw.length && Number.isNaN(raw[first])) first++;
  if (first === raw.length) return undefined;
  let last = raw.length - 1;
  while (Number.isNaN(raw[last])) last--;
  const keptDates: string[] = [];
  const keptLines: number[] = [];
  const values: number[] = [];
  let inside = 0;
  let firstBlankLine = 0;
  for (let i = first; i <= last; i++) {
    const v = raw[i] as number;
    if (Number.isNaN(v)) {
      if (inside++ === 0) firstBlankLine = lines[i] as number;
      continue;
    }
    keptDates.push(dates[i] as string);
    keptLines.push(lines[i] as number);
    values.push(v);
  }
  const after = raw.length - 1 - last;
  if (inside + after > 0) {
    const parts = [
      ...(inside > 0 ? [`${inside} blank cell${inside === 1 ? '' : 's'} between its first and last price`] : []),
      ...(after > 0 ? [`${after} after its last price (${dates[last]})`] : []),
    ];
    warnings.add({
      file, column, kind: 'missing-values', value: String(inside + after),
      ...(inside > 0 ? { row: firstBlankLine } : { row: lines[last + 1] as number }),
      message: `${symbol} has ${parts.join(' and ')}; those dates are skipped, nothing is filled at import`,
    });
  }
  return {
    series: { symbol, dates: keptDates, values: Float64Array.from(values), source: { file, column } },
    lines: keptLines,
  };
}

/** Warnings on a read series: prices ≤ 0 (only possible where allowed), one-day simple returns
 *  beyond the thresholds (between two positive prices), and long runs of one repeated price. */
function checkSeries(s: PriceSeries, lines: number[], options: PriceReadOptions, warnings: WarningList): void {
  const above = options.suspectReturnAbove ?? SUSPECT_RETURN_ABOVE;
  const below = options.suspectReturnBelow ?? SUSPECT_RETURN_BELOW;
  const staleRun = options.staleRunLength ?? STALE_RUN_LENGTH;
  const { file, column } = s.source;
  const v = s.values;
  let runStart = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (x <= 0) {
      warnings.add({
        file, row: lines[i] as number, column, value: String(x), kind: 'negative-price',
        message: `${s.symbol} is ${x === 0 ? 'zero' : 'negative'} on ${s.dates[i]}: log returns are undefined there (use price changes)`,
      });
    }
    if (i === 0) continue;
    const prev = v[i - 1] as number;
    if (prev > 0 && x > 0) {
      const r = x / prev - 1;
      if (r > above || r < below) {
        warnings.add({
          file, row: lines[i] as number, column, value: String(x), kind: 'suspect-return',
          message: `${s.symbol} moves ${r > 0 ? '+' : ''}${(r * 100).toFixed(1)} % in one row, from ${prev} on ${s.dates[i - 1]} to ${x} on ${s.dates[i]}: check the source`,
        });
      }
    }
    if (x !== prev) {
      staleWarning(s, lines, runStart, i, staleRun, warnings);
      runStart = i;
    }
  }
  staleWarning(s, lines, runStart, v.length, staleRun, warnings);
}

function staleWarning(s: PriceSeries, lines: number[], start: number, end: number, minRun: number, warnings: WarningList): void {
  const n = end - start;
  if (n < minRun) return;
  const { file, column } = s.source;
  warnings.add({
    file, row: lines[start] as number, column, value: String(s.values[start]), kind: 'stale-price',
    message: `${s.symbol} repeats ${s.values[start]} on ${n} consecutive rows from ${s.dates[start]} to ${s.dates[end - 1]}: a stale or back-filled quote?`,
  });
}
