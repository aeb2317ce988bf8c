import { InputError } from '../domain/errors.js';
import type { PriceHistory } from '../domain/market.js';
import { isoDateOption } from './cells.js';
import { listNames } from './table.js';
import type { AlignmentReport, AlignOptions, AlignResult, DropReason, PriceSeries } from './types.js';

export const DEFAULT_MAX_FILL_DAYS = 5;

function policyText(maxFillDays: number): string {
  return 'The calendar is the dates on which every required symbol (the target and the hedge '
    + 'instruments) has a price; required symbols are never filled. Every other symbol takes, on '
    + 'each calendar date, its last price on or before that date (forward fill) over runs of at '
    + `most ${maxFillDays} calendar dates without a price of its own; each fill is counted and `
    + 'dated below. A symbol with no price on or before the first calendar date, or with a longer '
    + 'run (inside or at the end), is dropped and listed with the reason. Nothing is back-filled '
    + 'or interpolated.';
}

/** Puts price series on one calendar (policy in `policyText` and docs/data-formats.md).
 *  History columns: the required symbols in the order given, then the kept others in input
 *  order; every value is one of the input values for that symbol. */
export function alignPrices(series: readonly PriceSeries[], options: AlignOptions): AlignResult {
  const maxFillDays = options.maxFillDays ?? DEFAULT_MAX_FILL_DAYS;
  if (!Number.isInteger(maxFillDays) || maxFillDays < 0) {
    throw new InputError({ file: 'maxFillDays', value: String(maxFillDays), expected: 'a whole number of days, 0 or more' });
  }
  const from = options.from === undefined ? undefined : isoDateOption(options.from, 'from');
  const to = options.to === undefined ? undefined : isoDateOption(options.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new InputError({ file: 'to', value: to, expected: `a date on or after from (${from})` });
  }

  const bySymbol = new Map<string, PriceSeries>();
  for (const s of series) {
    checkSeries(s);
    const other = bySymbol.get(s.symbol);
    if (other !== undefined) {
      throw new InputError({
        file: s.source.file, column: s.source.column, value: s.symbol,
        expected: `each symbol in one series only (${s.symbol} is also read from ${other.source.file})`,
      });
    }
    bySymbol.set(s.symbol, s);
  }
  const required = [...new Set(options.required)];
  if (required.length === 0) throw new InputError({ file: 'required', expected: 'at least one required symbol (the target)' });
  const requiredSeries = required.map((symbol) => {
    const s = bySymbol.get(symbol);
    if (s === undefined) {
      throw new InputError({ file: 'required', value: symbol, expected: `a symbol among the loaded series (${listNames([...bySymbol.keys()])})` });
    }
    return s;
  });

  const calendar = commonDates(requiredSeries, from, to);
  if (calendar.length === 0) {
    const range = from === undefined && to === undefined ? '' : ` between ${from ?? 'the start'} and ${to ?? 'the end'}`;
    throw new InputError({ file: 'required', value: required.join(','), expected: `symbols whose prices share at least one date${range}` });
  }

  const symbols: string[] = [...required];
  const columns: Float64Array[] = requiredSeries.map((s) => exactColumn(s, calendar));
  const report: AlignmentReport = {
    policy: policyText(maxFillDays),
    maxFillDays,
    calendar: { start: calendar[0] as string, end: calendar[calendar.length - 1] as string, days: calendar.length, required },
    filled: [],
    dropped: [],
  };
  for (const s of series) {
    if (required.includes(s.symbol)) continue;
    const r = fillColumn(s, calendar, maxFillDays);
    if ('reason' in r) {
      report.dropped.push({ symbol: s.symbol, reason: r.reason, detail: r.detail });
      continue;
    }
    symbols.push(s.symbol);
    columns.push(r.column);
    if (r.filledDates.length > 0) {
      report.filled.push({ symbol: s.symbol, count: r.filledDates.length, longestGap: r.longestGap, dates: r.filledDates });
    }
  }
  const history: PriceHistory = { dates: calendar, symbols, columns };
  return { history, report };
}

/** Series handed in through the API get the guarantees the readers give: ascending dates,
 *  one value per date, finite values. */
function checkSeries(s: PriceSeries): void {
  if (s.dates.length === 0) throw new InputError({ file: s.source.file, column: s.source.column, expected: `at least one price for ${s.symbol}` });
  if (s.dates.length !== s.values.length) {
    throw new InputError({ file: s.source.file, column: s.source.column, expected: `as many values as dates (${s.dates.length})`, value: String(s.values.length) });
  }
  for (let i = 0; i < s.dates.length; i++) {
    if (!Number.isFinite(s.values[i])) {
      throw new InputError({ file: s.source.file, column: s.source.column, value: String(s.values[i]), expected: `a finite price on ${s.dates[i]}` });
    }
    if (i > 0 && (s.dates[i] as string) <= (s.dates[i - 1] as string)) {
      throw new InputError({ file: s.source.file, column: s.source.column, value: s.dates[i], expected: `dates in ascending order, after ${s.dates[i - 1]}` });
    }
  }
}

/** Dates present in every series, within [from, to]: a merge of sorted lists. */
function commonDates(series: readonly PriceSeries[], from: string | undefined, to: string | undefined): string[] {
  let common = (series[0] as PriceSeries).dates.filter((d) => (from === undefined || d >= from) && (to === undefined || d <= to));
  for (const s of series.slice(1)) {
    const next: string[] = [];
    let j = 0;
    for (const d of common) {
      while (j < s.dates.length && (s.dates[j] as string) < d) j++;
      if (s.dates[j] === d) next.push(d);
    }
    common = next;
  }
  return common;
}

/** A required series on the calendar (it has a price on every calendar date by construction). */
function exactColumn(s: PriceSeries, calendar: readonly string[]): Float64Array {
  const out = new Float64Array(calendar.length);
  let j = 0;
  calendar.forEach((d, i) => {
    while ((s.dates[j] as string) < d) j++;
    out[i] = s.values[j] as number;
  });
  return out;
}

type Filled = { column: Float64Array; filledDates: string[]; longestGap: number };
type Dropped = { reason: DropReason; detail: string };

/** As-of fill of one series onto the calendar, or why it cannot be filled within the limit. */
function fillColumn(s: PriceSeries, calendar: readonly string[], maxFillDays: number): Filled | Dropped {
  const out = new Float64Array(calendar.length);
  const filledDates: string[] = [];
  let longestGap = 0;
  let run = 0;
  let j = 0;
  const n = s.dates.length;
  for (let i = 0; i < calendar.length; i++) {
    const d = calendar[i] as string;
    while (j < n && (s.dates[j] as string) <= d) j++;
    if (j === 0) {
      return { reason: 'starts-after-calendar-start', detail: `first price on ${s.dates[0]}, after the calendar start ${calendar[0]}` };
    }
    out[i] = s.values[j - 1] as number;
    if (s.dates[j - 1] === d) {
      run = 0;
      continue;
    }
    run++;
    filledDates.push(d);
    if (run > longestGap) longestGap = run;
    if (run > maxFillDays) {
      if (j === n) {
        return {
          reason: 'ends-before-calendar-end',
          detail: `last price on ${s.dates[n - 1]}, more than ${maxFillDays} calendar dates before the calendar end ${calendar[calendar.length - 1]}`,
        };
      }
      return {
        reason: 'gap-too-long',
        detail: `no price on more than ${maxFillDays} consecutive calendar dates from ${calendar[i - run + 1]}`,
      };
    }
  }
  return { column: out, filledDates, longestGap };
}
