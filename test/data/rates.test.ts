import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateOnOrBefore, readRates, tbillDiscountToContinuous } from '../../src/data/rates.js';
import type { RateSeries } from '../../src/data/types.js';
import { readSample, reference, sum, SUM_RELATIVE_TOLERANCE } from './reference.js';

describe('readRates against pandas (make-data-reference.py)', () => {
  for (const [file, facts] of Object.entries(reference.rates)) {
    it(file, () => {
      const { series, warnings } = readRates(readSample(file), file);
      expect(warnings).toEqual([]);
      expect(series.map((s) => s.name)).toEqual(facts.map((f) => f.name));
      series.forEach((s, k) => {
        const f = facts[k]!;
        expect([s.dates.length, s.dates[0], s.dates.at(-1)]).toEqual([f.count, f.firstDate, f.lastDate]);
        // value/100 on both sides of the same double: exact.
        expect([s.values[0], s.values.at(-1)]).toEqual([f.firstValue, f.lastValue]);
        expect(Math.abs(sum(s.values) - f.sum)).toBeLessThanOrEqual(SUM_RELATIVE_TOLERANCE * Math.abs(f.sum));
        expect(s.source).toEqual({ file, column: s.name });
      });
    });
  }

  it('skips FRED holiday blanks and "." instead of filling them', () => {
    const dtb3 = readRates(readSample('tbill_3m_dtb3_2000-2026.csv'), 'dtb3.csv').series[0]!;
    // 2000-01-17 (Martin Luther King day) is blank in the file.
    expect(dtb3.dates.slice(9, 11)).toEqual(['2000-01-14', '2000-01-18']);
    expect(reference.rates['tbill_3m_dtb3_2000-2026.csv']![0]!.skipped).toBe(283);
    expect(dtb3.unit).toMatch(/^3-month Treasury bill, secondary market, bank-discount basis/);
    const dotted = readRates('observation_date,DGS10\n2020-01-01,.\n2020-01-02,1.88\n', 'dgs10.csv').series[0]!;
    expect([dotted.dates, [...dotted.values]]).toEqual([['2020-01-02'], [1.88 / 100]]);
  });

  it('picks columns by name, and names the ones that are missing', () => {
    const text = readSample('yields_spreads_daily_2004-2026.csv');
    expect(readRates(text, 'y.csv', ['DGS2', 'DFF']).series.map((s) => s.name)).toEqual(['DGS2', 'DFF']);
    expect(() => readRates(text, 'y.csv', ['DGS30'])).toThrow('y.csv:1: expected a column this file holds (date, DAAA, DBAA, BAA10Y, DGS10, DGS2, DFF), got "DGS30"');
  });

  it('accepts zero and negative rates', () => {
    const { series } = readRates('date,X\n2020-01-02,0\n2020-01-03,-0.25\n', 'x.csv');
    expect([...series[0]!.values]).toEqual([0, -0.0025]);
  });
});

describe('tbillDiscountToContinuous against QuantLib InterestRate.impliedRate', () => {
  it.each(reference.tbill)('d = $discountPct %, $days days', ({ discountPct, days, continuous }) => {
    // Two logs of the same double: agreement to a few ulps of the rate; 1e-14 absolute covers it.
    expect(Math.abs(tbillDiscountToContinuous(discountPct, days) - continuous)).toBeLessThan(1e-14);
  });

  it('defaults to a 91-day bill: 5.27 % discount → 5.3791… % continuous', () => {
    // Hand check: P = 1 − 0.0527·91/360 = 0.98667861…; −ln P · 365/91 = 0.0537910…
    expect(tbillDiscountToContinuous(5.27)).toBeCloseTo(0.0537910, 7);
    expect(tbillDiscountToContinuous(5.27)).toBe(tbillDiscountToContinuous(5.27, 91));
  });

  it('is increasing in the discount rate and above it (discount basis understates the yield)', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 30, noNaN: true }), fc.integer({ min: 1, max: 364 }), (d, days) => {
      const r = tbillDiscountToContinuous(d, days);
      return r > (d / 100) * (365 / 360) * 0.999 && tbillDiscountToContinuous(d * 1.01, days) > r;
    }));
  });

  it('refuses a discount that would make the price non-positive, and bad day counts', () => {
    expect(() => tbillDiscountToContinuous(400)).toThrow('discountPct: expected a bank-discount rate in percent below 395.60, got "400"');
    expect(() => tbillDiscountToContinuous(Number.NaN)).toThrow('discountPct: expected a bank-discount rate in percent below 395.60, got "NaN"');
    expect(() => tbillDiscountToContinuous(5, 0)).toThrow('days: expected a whole number of days to maturity, at least 1, got "0"');
  });
});

describe('rateOnOrBefore', () => {
  const series: RateSeries = {
    name: 'DTB3', dates: ['2020-01-02', '2020-01-03', '2020-01-06'], values: new Float64Array([0.0152, 0.0151, 0.015]),
    unit: 'test', source: { file: 'dtb3.csv', column: 'DTB3' },
  };

  it('returns the observation on the date, or the last before it (weekends, holidays)', () => {
    expect(rateOnOrBefore(series, '2020-01-03')).toEqual({ date: '2020-01-03', value: 0.0151 });
    expect(rateOnOrBefore(series, '2020-01-05')).toEqual({ date: '2020-01-03', value: 0.0151 });
    expect(rateOnOrBefore(series, '2020-01-16')).toEqual({ date: '2020-01-06', value: 0.015 });
  });

  it('refuses an as-of date more than 10 days after the last observation or before the first', () => {
    expect(() => rateOnOrBefore(series, '2020-01-17')).toThrow(
      'dtb3.csv:DTB3: expected an observation on or at most 10 calendar days before the as-of date (the latest before it is 2020-01-06), got "2020-01-17"',
    );
    expect(() => rateOnOrBefore(series, '2019-12-31')).toThrow(
      'dtb3.csv:DTB3: expected an observation on or at most 10 calendar days before the as-of date (the series starts on 2020-01-02), got "2019-12-31"',
    );
    expect(() => rateOnOrBefore(series, '2020-1-5')).toThrow('asOf: expected a date YYYY-MM-DD, got "2020-1-5"');
  });

  it('on the real DTB3 file: the rate in force on 2024-11-29 (day after Thanksgiving)', () => {
    const dtb3 = readRates(readSample('tbill_3m_dtb3_2000-2026.csv'), 'dtb3.csv').series[0]!;
    const { date, value } = rateOnOrBefore(dtb3, '2024-11-29');
    const line = readSample('tbill_3m_dtb3_2000-2026.csv').split('\n').find((l) => l.startsWith(`${date},`));
    expect(date <= '2024-11-29').toBe(true);
    expect(value).toBe(Number(line?.split(',')[1]) / 100);
  });

  it('matches a linear scan on random queries', () => {
    const dtb3 = readRates(readSample('tbill_3m_dtb3_2000-2026.csv'), 'dtb3.csv').series[0]!;
    fc.assert(fc.property(fc.integer({ min: 0, max: dtb3.dates.length - 1 }), fc.integer({ min: 0, max: 3 }), (i, shift) => {
      const asOf = new Date(Date.parse(`${dtb3.dates[i]}T00:00:00Z`) + shift * 86_400_000).toISOString().slice(0, 10);
      let k = -1;
      dtb3.dates.forEach((d, j) => { if (d <= asOf) k = j; });
      return rateOnOrBefore(dtb3, asOf).date === dtb3.dates[k];
    }));
  });
});
