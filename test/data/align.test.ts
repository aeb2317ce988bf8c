import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignPrices } from '../../src/data/align.js';
import { readPrices } from '../../src/data/prices.js';
import type { AlignResult, PriceSeries } from '../../src/data/types.js';
import { readSample, reference, sum, SUM_RELATIVE_TOLERANCE } from './reference.js';

// The series make-data-reference.py aligns (file, column, symbol).
const INPUTS: [string, string, string][] = [
  ['stocks_19_2004-2024.csv', 'AAPL', 'AAPL'],
  ['stocks_19_2004-2024.csv', 'BABA', 'BABA'],
  ['stocks_19_2004-2024.csv', 'XOM', 'XOM'],
  ['sector_etfs_2004-2025.csv', 'XLK', 'XLK'],
  ['sector_etfs_2004-2025.csv', 'SPY', 'SPY'],
  ['sector_etfs_2004-2025.csv', 'XLC', 'XLC'],
  ['energy_futures_nearby_2007-2025.csv', 'CL01', 'CL01'],
  ['energy_futures_nearby_2007-2025.csv', 'BRN01', 'BRN01'],
  ['wti_spot_eia_2007-2026.csv', 'Price', 'WTI'],
  ['etf_total_return_indices_2004-2023.csv', 'LQD', 'LQD'],
  ['etf_total_return_indices_2004-2023.csv', 'HYG', 'HYG'],
  ['es_emini_front_2007-2023.csv', 'adjClose', 'ES'],
  ['sp500_index_2004-2020.csv', 'adjclose', 'SPX'],
  ['vix_daily_2004-2026.csv', 'CLOSE', 'VIX'],
];

function loadInputs(): PriceSeries[] {
  const cache = new Map<string, PriceSeries[]>();
  return INPUTS.map(([file, column, symbol]) => {
    if (!cache.has(file)) cache.set(file, readPrices(readSample(file), file).series);
    const s = cache.get(file)?.find((x) => x.source.column === column);
    if (s === undefined || s.symbol !== symbol) throw new Error(`${file}:${column} is not ${symbol}`);
    return s;
  });
}

describe('alignPrices on real data against the pandas implementation of the policy', () => {
  const inputs = loadInputs();
  for (const ref of reference.alignment) {
    it(`required ${ref.required.join('+')}, maxFillDays ${ref.maxFillDays}, ${ref.from}…${ref.to}`, () => {
      const { history, report } = alignPrices(inputs, { required: ref.required, maxFillDays: ref.maxFillDays, from: ref.from, to: ref.to });
      expect(report.calendar).toEqual({ ...ref.calendar, required: ref.required });
      expect(history.dates.length).toBe(ref.calendar.days);
      expect(history.symbols).toEqual(ref.symbols);
      expect(report.dropped.map((d) => ({ symbol: d.symbol, reason: d.reason }))).toEqual(ref.dropped);
      expect(report.filled).toEqual(ref.filled);
      history.symbols.forEach((symbol, j) => {
        const column = history.columns[j]!;
        const check = ref.checks[symbol]!;
        expect(Math.abs(sum(column) - check.sum)).toBeLessThanOrEqual(SUM_RELATIVE_TOLERANCE * Math.abs(check.sum));
        expect(Array.from(column).filter((_, i) => i % 50 === 0)).toEqual(check.every50);
      });
    });
  }

  it('explains each drop in words', () => {
    const { report } = alignPrices(inputs, { required: ['AAPL', 'XLK'], from: '2010-01-01', to: '2024-11-29' });
    expect(report.dropped.find((d) => d.symbol === 'BABA')?.detail).toBe('first price on 2014-09-19, after the calendar start 2010-01-04');
    expect(report.dropped.find((d) => d.symbol === 'SPX')?.detail)
      .toBe('last price on 2020-04-17, more than 5 calendar dates before the calendar end 2024-11-29');
    const strict = alignPrices(inputs, { required: ['AAPL', 'XLK'], maxFillDays: 0, from: '2019-01-01', to: '2023-06-09' });
    // EIA published no Cushing spot price for Friday 2019-07-05 (the NYSE was open).
    expect(strict.report.dropped.find((d) => d.symbol === 'WTI')).toEqual({
      symbol: 'WTI', reason: 'gap-too-long', detail: 'no price on more than 0 consecutive calendar dates from 2019-07-05',
    });
    expect(strict.report.policy).toMatch(/^The calendar is the dates on which every required symbol/);
  });
});

describe('alignPrices: input errors', () => {
  const s = (symbol: string, dates: string[], values: number[], file = 'f.csv'): PriceSeries =>
    ({ symbol, dates, values: new Float64Array(values), source: { file, column: symbol } });
  const a = s('A', ['2020-01-02', '2020-01-03'], [1, 2]);
  const b = s('B', ['2020-01-06', '2020-01-07'], [1, 2]);

  it.each([
    [[a], { required: ['Z'] }, 'required: expected a symbol among the loaded series (A), got "Z"'],
    [[a], { required: [] }, 'required: expected at least one required symbol (the target)'],
    [[a, b], { required: ['A', 'B'] }, 'required: expected symbols whose prices share at least one date, got "A,B"'],
    [[a], { required: ['A'], from: '2021-01-01' }, 'required: expected symbols whose prices share at least one date between 2021-01-01 and the end, got "A"'],
    [[a, s('A', ['2020-01-02'], [1], 'g.csv')], { required: ['A'] }, 'g.csv:A: expected each symbol in one series only (A is also read from f.csv), got "A"'],
    [[a], { required: ['A'], maxFillDays: 1.5 }, 'maxFillDays: expected a whole number of days, 0 or more, got "1.5"'],
    [[a], { required: ['A'], from: '2020-02-01', to: '2020-01-01' }, 'to: expected a date on or after from (2020-02-01), got "2020-01-01"'],
    [[a], { required: ['A'], from: '2020-13-01' }, 'from: expected a date YYYY-MM-DD, got "2020-13-01"'],
    [[s('A', ['2020-01-03', '2020-01-02'], [1, 2])], { required: ['A'] }, 'f.csv:A: expected dates in ascending order, after 2020-01-03, got "2020-01-02"'],
    [[s('A', ['2020-01-02'], [Number.NaN])], { required: ['A'] }, 'f.csv:A: expected a finite price on 2020-01-02, got "NaN"'],
    [[s('A', [], [])], { required: ['A'] }, 'f.csv:A: expected at least one price for A'],
  ] as const)('case %#', (series, options, message) => {
    expect(() => alignPrices(series as unknown as PriceSeries[], options as never)).toThrow(message);
  });
});

// ------------------------------------------------------------------ properties (fast-check)

const GRID = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2021, 0, 4 + i)).toISOString().slice(0, 10));

/** 2–5 series on random subsets of a 30-day grid; the first one is the required target. */
const seriesSet = fc.integer({ min: 2, max: 5 }).chain((k) => fc.tuple(
  ...Array.from({ length: k }, (_, j) => fc.tuple(
    fc.subarray(GRID, { minLength: j === 0 ? 10 : 1 }),
    fc.array(fc.double({ min: -50, max: 500, noNaN: true }), { minLength: 30, maxLength: 30 }),
  ).map(([dates, values]): PriceSeries => ({
    symbol: `S${j}`, dates, values: Float64Array.from(values.slice(0, dates.length)), source: { file: 'p.csv', column: `S${j}` },
  }))),
));

function columnOf(r: AlignResult, symbol: string): number[] | undefined {
  const j = r.history.symbols.indexOf(symbol);
  return j < 0 ? undefined : Array.from(r.history.columns[j]!);
}

describe('alignPrices: properties', () => {
  it('dates strictly ascending, columns finite and full length, fills within the limit', () => {
    fc.assert(fc.property(seriesSet, fc.integer({ min: 0, max: 6 }), (series, maxFillDays) => {
      const r = alignPrices(series, { required: ['S0'], maxFillDays });
      const d = r.history.dates;
      return d.every((x, i) => i === 0 || x > d[i - 1]!)
        && r.history.columns.every((c) => c.length === d.length && c.every(Number.isFinite))
        && r.report.filled.every((f) => f.longestGap <= maxFillDays && f.count === f.dates.length)
        && r.history.symbols.length + r.report.dropped.length === series.length;
    }));
  });

  it('never invents a value: each cell is one of that symbol\'s input prices, on or before the date', () => {
    fc.assert(fc.property(seriesSet, (series) => {
      const r = alignPrices(series, { required: ['S0'], maxFillDays: 3 });
      return r.history.symbols.every((symbol, j) => {
        const s = series.find((x) => x.symbol === symbol)!;
        return r.history.dates.every((date, i) => {
          const k = s.dates.findLastIndex((x) => x <= date);
          return k >= 0 && r.history.columns[j]![i] === s.values[k];
        });
      });
    }));
  });

  it('aligning already-aligned series is the identity', () => {
    fc.assert(fc.property(seriesSet, (series) => {
      const dates = series[0]!.dates;
      const aligned = series.map((s, j) => ({ ...s, dates, values: Float64Array.from(dates, (_, i) => (s.values[i] ?? j) + 1) }));
      const r = alignPrices(aligned, { required: ['S0'] });
      return r.history.dates.join() === dates.join()
        && r.report.filled.length === 0 && r.report.dropped.length === 0
        && aligned.every((s, j) => r.history.symbols[j] === s.symbol && columnOf(r, s.symbol)!.every((v, i) => v === s.values[i]));
    }));
  });

  it('the input order changes neither what is dropped nor any column', () => {
    fc.assert(fc.property(seriesSet, fc.func(fc.integer()), (series, key) => {
      const shuffled = [...series].sort((x, y) => key(x.symbol) - key(y.symbol) || x.symbol.localeCompare(y.symbol));
      const r1 = alignPrices(series, { required: ['S0'], maxFillDays: 2 });
      const r2 = alignPrices(shuffled, { required: ['S0'], maxFillDays: 2 });
      const dropped = (r: AlignResult): string => r.report.dropped.map((d) => `${d.symbol}:${d.reason}`).sort().join();
      return dropped(r1) === dropped(r2)
        && r1.history.dates.join() === r2.history.dates.join()
        && r1.history.symbols.every((sym) => columnOf(r2, sym)?.join() === columnOf(r1, sym)!.join());
    }));
  });

  it('with two required symbols the calendar is the intersection of their dates, both columns exact', () => {
    fc.assert(fc.property(seriesSet, (series) => {
      const [s0, s1] = series as [PriceSeries, PriceSeries];
      const common = s0.dates.filter((d) => s1.dates.includes(d));
      fc.pre(common.length > 0);
      const r = alignPrices(series, { required: ['S0', 'S1'] });
      return r.history.dates.join() === common.join()
        && [s0, s1].every((s) => columnOf(r, s.symbol)!.every((v, i) => v === s.values[s.dates.indexOf(common[i]!)]));
    }));
  });
});
