import { InputError } from '../domain/errors.js';
import { isoDayNumber } from '../domain/dates.js';
import { isoDateOption, type DateReadOptions } from './cells.js';
import { openDatedTable, readDatedColumns, requireColumn } from './table.js';
import type { RateReadResult, RateSeries } from './types.js';
import { WarningList } from './warnings.js';

/** Quoting basis of the FRED series we know (FRED series notes; Federal Reserve H.15). */
const UNITS: Record<string, string> = {
  DTB3: '3-month Treasury bill, secondary market, bank-discount basis, decimal per year (not continuously compounded: use tbillDiscountToContinuous)',
  DGS10: '10-year Treasury constant-maturity yield, bond-equivalent basis, decimal per year',
  DGS2: '2-year Treasury constant-maturity yield, bond-equivalent basis, decimal per year',
  DFF: 'effective federal funds rate, money-market (actual/360) basis, decimal per year',
  DAAA: "Moody's seasoned Aaa corporate bond yield, decimal per year",
  DBAA: "Moody's seasoned Baa corporate bond yield, decimal per year",
  BAA10Y: "Moody's Baa yield minus the 10-year Treasury yield (a spread), decimal per year",
};
const UNKNOWN_UNIT = 'decimal per year, read as percent; quoting basis not known';

/** Reads a FRED-style CSV (`observation_date,DTB3` or `date,DAAA,DBAA,…`): one series per
 *  value column, percent → decimal, and blank or `.` cells (holidays) skipped, not filled.
 *  `names` picks columns (each must exist). Rates may be zero or negative. `options`: the order
 *  of slash dates and the latest date allowed. */
export function readRates(text: string, file: string, names?: readonly string[], options: DateReadOptions = {}): RateReadResult {
  const table = openDatedTable(text, file);
  const picks = names === undefined
    ? table.header.map((_, i) => i).filter((i) => i !== table.dateIndex)
    : [...new Set(names)].map((n) => requireColumn(table, n));
  const read = readDatedColumns(table, picks, 'a rate in percent (a number)', options);
  const warnings = new WarningList();
  const series: RateSeries[] = [];
  picks.forEach((index, k) => {
    const name = table.header[index] as string;
    const raw = read.columns[k] as number[];
    const dates: string[] = [];
    const values: number[] = [];
    raw.forEach((v, i) => {
      if (Number.isNaN(v)) return;
      dates.push(read.dates[i] as string);
      values.push(v / 100);
    });
    if (dates.length === 0) {
      warnings.add({ file, column: name, kind: 'empty-series', message: `column ${name} holds no rate; no series is read from it` });
      return;
    }
    series.push({ name, dates, values: Float64Array.from(values), unit: UNITS[name] ?? UNKNOWN_UNIT, source: { file, column: name } });
  });
  if (series.length === 0) throw new InputError({ file, expected: 'at least one rate column with a value' });
  return { series, warnings: warnings.result(file) };
}

/** Continuously compounded rate (decimal, ACT/365F) of a T-bill quoted on a bank-discount basis
 *  in percent. The U.S. Treasury quotes bills by their discount rate d on a 360-day year, so the
 *  price per 1 of face is P = 1 − d·days/360 (TreasuryDirect, "Understanding Pricing and
 *  Interest Rates"; FRED DTB3 is "Discount Basis"); the bill grows 1/P in days/365 years, so
 *  r = −ln(P) / (days/365). A 3-month bill has 91 days to maturity. */
export function tbillDiscountToContinuous(discountPct: number, days = 91): number {
  if (!Number.isInteger(days) || days <= 0) {
    throw new InputError({ file: 'days', value: String(days), expected: 'a whole number of days to maturity, at least 1' });
  }
  const price = 1 - (discountPct / 100) * (days / 360);
  if (!Number.isFinite(discountPct) || price <= 0) {
    throw new InputError({ file: 'discountPct', value: String(discountPct), expected: `a bank-discount rate in percent below ${(36000 / days).toFixed(2)}` });
  }
  return -Math.log(price) / (days / 365);
}

/** Calendar days an observation may be older than the as-of date and still be "in force". */
export const MAX_RATE_STALE_DAYS = 10;

/** The observation in force on `asOf`: the last one on or before it, no more than
 *  `maxStaleDays` calendar days old (holidays and weekends carry the previous value). */
export function rateOnOrBefore(series: RateSeries, asOf: string, maxStaleDays = MAX_RATE_STALE_DAYS): { date: string; value: number } {
  isoDateOption(asOf, 'asOf');
  const { dates } = series;
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[mid] as string) <= asOf) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  const date = dates[i];
  if (date === undefined || isoDayNumber(asOf) - isoDayNumber(date) > maxStaleDays) {
    const latest = date === undefined ? `the series starts on ${dates[0]}` : `the latest before it is ${date}`;
    throw new InputError({
      file: series.source.file, column: series.name, value: asOf,
      expected: `an observation on or at most ${maxStaleDays} calendar days before the as-of date (${latest})`,
    });
  }
  return { date, value: series.values[i] as number };
}
