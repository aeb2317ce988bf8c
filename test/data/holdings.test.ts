import { describe, expect, it } from 'vitest';
import { checkHoldingsCovered, readHoldings } from '../../src/data/holdings.js';
import { readPrices } from '../../src/data/prices.js';
import { equityPosition } from '../../src/domain/portfolio.js';
import { readSample } from './reference.js';

describe('readHoldings on data/sample/portfolio.csv', () => {
  const { portfolio, rows, warnings } = readHoldings(readSample('portfolio.csv'), 'portfolio.csv');

  it('reads 13 equity positions with cost basis and 50 000 USD of cash', () => {
    expect(warnings).toEqual([]);
    expect(portfolio.currency).toBe('USD');
    expect(portfolio.cash).toBe(50000);
    expect(portfolio.positions.map((p) => p.instrument.symbol)).toEqual(
      ['AAPL', 'JPM', 'XOM', 'PFE', 'WMT', 'T', 'GE', 'MA', 'SBUX', 'AMZN', 'GOOG', 'BAC', 'AGG'],
    );
    expect(portfolio.positions[0]).toEqual(equityPosition('AAPL', 3800, 45));
    expect(portfolio.positions.at(-1)).toEqual(equityPosition('AGG', 1700, 101));
    expect([rows.get('AAPL'), rows.get('AGG'), rows.get('CASH')]).toEqual([2, 14, 15]);
  });

  it('every holding has a price history in the sample price files', () => {
    const symbols = ['stocks_19_2004-2024.csv', 'sector_etfs_2004-2025.csv']
      .flatMap((f) => readPrices(readSample(f), f).series.map((s) => s.symbol));
    expect(() => checkHoldingsCovered(portfolio, symbols, 'portfolio.csv', rows)).not.toThrow();
  });

  it('names the first holding without prices, its row, and the others', () => {
    expect(() => checkHoldingsCovered(portfolio, ['AAPL', 'JPM', 'XOM'], 'portfolio.csv', rows)).toThrow(
      'portfolio.csv:5:symbol: expected a holding with a price history (none among the 3 loaded symbols; also without one: WMT, T, GE, MA, SBUX, AMZN, GOOG, BAC, AGG), got "PFE"',
    );
    expect(() => checkHoldingsCovered(portfolio, [], 'portfolio.csv')).toThrow(/^portfolio\.csv:symbol: expected a holding with a price history/);
  });
});

describe('readHoldings: optional columns and signs', () => {
  it('works with only symbol and quantity (any case, any order), shorts and fractions', () => {
    const { portfolio } = readHoldings('Quantity,Symbol\n-200,XOM\n10.5,BRK.B\n', 'h.csv', { currency: 'EUR' });
    expect(portfolio).toEqual({ positions: [equityPosition('XOM', -200), equityPosition('BRK.B', 10.5)], cash: 0, currency: 'EUR' });
  });

  it('warns about columns it does not use', () => {
    const { warnings } = readHoldings('symbol,quantity,note\nAAPL,1,core\n', 'h.csv');
    expect(warnings).toEqual([{ file: 'h.csv', row: 1, column: 'note', kind: 'ignored-column', message: 'column note is not a holdings column (symbol, quantity, cost_basis, currency); it is ignored' }]);
  });

  it('blank currency cells take the default; negative cash is a loan', () => {
    const { portfolio } = readHoldings('symbol,quantity,cost_basis,currency\nAAPL,1,,\nCASH,-500,,USD\n', 'h.csv');
    expect(portfolio).toEqual({ positions: [equityPosition('AAPL', 1)], cash: -500, currency: 'USD' });
  });

  it('refuses a malformed default currency', () => {
    expect(() => readHoldings('symbol,quantity\nAAPL,1\n', 'h.csv', { currency: 'usd' })).toThrow('currency: expected an ISO 4217 currency code such as USD, got "usd"');
  });
});
