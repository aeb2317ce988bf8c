import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePortfolios, holdingsCsv, longCsv, universeOn } from '../../src/batch/generate.js';
import { readHoldings } from '../../src/data/holdings.js';
import { splitLongCsv } from '../../src/batch/sources.js';

const universe = ['AAPL', 'MSFT', 'XOM', 'JPM', 'SPY', 'XLK', 'GOOG', 'PFE'].map((symbol, i) => ({ symbol, price: 20 + 35 * i }));

describe('generatePortfolios', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const a = generatePortfolios(universe, { count: 20, seed: 10 });
    expect(generatePortfolios(universe, { count: 20, seed: 10 })).toEqual(a);
    expect(generatePortfolios(universe, { count: 20, seed: 11 })).not.toEqual(a);
    expect(a.map((p) => p.id).slice(0, 2)).toEqual(['client-01', 'client-02']);
  });

  it('draws valid holdings files of distinct symbols, sized to the drawn weights (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }), (seed, min, extra) => {
      const portfolios = generatePortfolios(universe, { count: 5, seed, minHoldings: min, maxHoldings: min + extra });
      for (const p of portfolios) {
        const symbols = p.holdings.map((h) => h.symbol);
        expect(new Set(symbols).size).toBe(symbols.length);
        expect(symbols.length).toBeGreaterThanOrEqual(min);
        expect(symbols.length).toBeLessThanOrEqual(Math.min(min + extra, universe.length));
        const read = readHoldings(holdingsCsv(p), `${p.id}.csv`);
        expect(read.portfolio.positions.map((x) => x.instrument.symbol)).toEqual(symbols);
        const price = (s: string) => universe.find((u) => u.symbol === s)!.price;
        const value = p.holdings.reduce((v, h) => v + h.quantity * price(h.symbol), 0) + p.cash;
        // The lead holding's weight was drawn in [5 %, 60 %] (all but the cash, ≥ 90 %, when it is
        // alone); rounding to whole shares moves it by less than one share's price.
        const lead = p.holdings[0]!;
        const weight = (lead.quantity * price(lead.symbol)) / value;
        const share = price(lead.symbol) / value;
        const [low, high] = symbols.length === 1 ? [0.9, 1] : [0.05, 0.6];
        expect(weight).toBeGreaterThan(low - 2 * share);
        expect(weight).toBeLessThan(high + 2 * share);
        expect(value).toBeGreaterThan(0.9e5);
        expect(value).toBeLessThan(1.1e7);
      }
      const long = splitLongCsv(longCsv(portfolios), 'clients.csv');
      expect(long.map((t) => readHoldings(t.text, t.file).portfolio)).toEqual(portfolios.map((p) => readHoldings(holdingsCsv(p), 'x').portfolio));
    }), { numRuns: 100 });
  });
});

describe('universeOn', () => {
  it('keeps the series with a price on the date, with that price', () => {
    const series = [
      { symbol: 'A', dates: ['2024-01-02', '2024-01-03'], values: new Float64Array([1, 2]), source: { file: 'f', column: 'A' } },
      { symbol: 'B', dates: ['2024-01-02'], values: new Float64Array([5]), source: { file: 'f', column: 'B' } },
    ];
    expect(universeOn(series, '2024-01-03')).toEqual([{ symbol: 'A', price: 2 }]);
  });
});
