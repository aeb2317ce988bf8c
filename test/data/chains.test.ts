import { describe, expect, it } from 'vitest';
import { readOptionChainCsv, readYahooOptionChain } from '../../src/data/chains.js';
import { readSample, reference, sum, SUM_RELATIVE_TOLERANCE } from './reference.js';

const yahooText = readSample('aapl_chain_2016-09-06.json');
const yahoo = reference.chains.yahoo;
const spx = reference.chains.spx;

function expectSum(values: number[], expected: number): void {
  expect(Math.abs(sum(values) - expected)).toBeLessThanOrEqual(SUM_RELATIVE_TOLERANCE * Math.abs(expected));
}

describe('readYahooOptionChain on the AAPL chain of 2016-09-06', () => {
  const { chain, warnings } = readYahooOptionChain(yahooText, 'aapl_chain_2016-09-06.json');

  it('has 38 calls + 38 puts on AAPL at 107.68, American, expiring 2016-09-09', () => {
    expect(warnings).toEqual([]);
    expect([chain.underlying, chain.quoteDate, chain.underlyingPrice, chain.style, chain.source])
      .toEqual(['AAPL', '2016-09-06', 107.68, 'american', 'aapl_chain_2016-09-06.json']);
    expect(chain.quotes.filter((q) => q.type === 'call')).toHaveLength(38);
    expect(chain.quotes.filter((q) => q.type === 'put')).toHaveLength(38);
    expect([yahoo.calls, yahoo.puts, yahoo.underlyingPrice, yahoo.quoteDate, yahoo.expiry]).toEqual([38, 38, 107.68, '2016-09-06', '2016-09-09']);
    expect(new Set(chain.quotes.map((q) => q.expiry))).toEqual(new Set([yahoo.expiry]));
    // ACT/365F: 3 days from Tuesday's close to Friday's expiry.
    expect(new Set(chain.quotes.map((q) => q.timeYears))).toEqual(new Set([3 / 365]));
    expect(yahoo.timeYears).toBe(3 / 365);
  });

  it('keeps every field of the contracts (first call, last put, sums vs the json module)', () => {
    const first = yahoo.firstCall;
    expect(chain.quotes[0]).toEqual({
      type: 'call', strike: first.strike, expiry: '2016-09-09', timeYears: 3 / 365, bid: first.bid, ask: first.ask,
      last: first.lastPrice, impliedVolatility: first.impliedVolatility, volume: first.volume, openInterest: first.openInterest,
    });
    expect(chain.quotes[0]).toMatchObject({ strike: 80, bid: 25.55, ask: 28.4, last: 29.19, impliedVolatility: 2.3418010205078117 });
    const lastPut = yahoo.lastPut;
    expect(chain.quotes.at(-1)).toMatchObject({ type: 'put', strike: lastPut.strike, bid: lastPut.bid, ask: lastPut.ask });
    expectSum(chain.quotes.map((q) => q.strike), yahoo.strikeSum);
    expectSum(chain.quotes.map((q) => q.bid), yahoo.bidSum);
    expectSum(chain.quotes.map((q) => q.ask), yahoo.askSum);
    expectSum(chain.quotes.map((q) => q.impliedVolatility ?? Number.NaN), yahoo.ivSum);
  });

  it('takes underlying and style overrides', () => {
    const { chain: c } = readYahooOptionChain(yahooText, 'x.json', { underlying: 'AAPL.O', style: 'european' });
    expect([c.underlying, c.style]).toEqual(['AAPL.O', 'european']);
  });

  it('leaves out contracts without a bid or ask, and warns on crossed quotes', () => {
    const doc = JSON.parse(yahooText);
    const calls = doc.optionChain.result[0].options[0].calls;
    delete calls[0].bid;
    calls[1].ask = null;
    calls[2].ask = calls[2].bid - 0.5;
    const { chain: c, warnings: w } = readYahooOptionChain(JSON.stringify(doc), 'x.json');
    expect(c.quotes).toHaveLength(74);
    expect(w).toEqual([
      { file: 'x.json', column: 'optionChain.result[0].options[0].calls[0]', kind: 'incomplete-quote', message: 'call 80 has no bid; left out of the chain' },
      { file: 'x.json', column: 'optionChain.result[0].options[0].calls[1]', kind: 'incomplete-quote', message: 'call 90 has no ask; left out of the chain' },
      {
        file: 'x.json', column: 'optionChain.result[0].options[0].calls[2]', kind: 'crossed-quote', value: '12.8/12.3',
        message: 'call 93 expiring 2016-09-09 has ask 12.3 below bid 12.8',
      },
    ]);
  });
});

describe('readOptionChainCsv on the SPX chain of 2010-09-17 (CBOE via ifrogs)', () => {
  const { chain, warnings } = readOptionChainCsv(readSample('spx_chain_2010-09-17.csv'), 'spx_chain_2010-09-17.csv');

  it('has 481 European quotes on SPX at 1125.59', () => {
    expect(warnings).toEqual([]);
    expect([chain.underlying, chain.quoteDate, chain.underlyingPrice, chain.style, chain.quotes.length])
      .toEqual(['SPX', spx.quoteDate, spx.underlyingPrice, 'european', spx.rows]);
    expect([spx.rows, spx.underlyingPrice]).toEqual([481, 1125.59]);
    expectSum(chain.quotes.map((q) => q.strike), spx.strikeSum);
    expectSum(chain.quotes.map((q) => q.bid), spx.bidSum);
    expectSum(chain.quotes.map((q) => q.ask), spx.askSum);
  });

  it('dates each leg quote date + round(maturity·365) days, with its own risk-free rate', () => {
    for (const leg of Object.values(spx.legs)) {
      const quotes = chain.quotes.filter((q) => q.expiry === leg.expiry);
      expect(quotes).toHaveLength(leg.rows);
      expect(quotes.filter((q) => q.type === 'call')).toHaveLength(leg.calls);
      expect(new Set(quotes.map((q) => q.timeYears))).toEqual(new Set([leg.timeYears]));
      // 29/365 and 64/365 equal the file's maturities to within the 15 digits it prints.
      expect(Math.abs(leg.timeYears - leg.maturity)).toBeLessThan(1e-14);
      expect(new Set(quotes.map((q) => q.riskFree))).toEqual(new Set([leg.riskFree]));
    }
    // Saturday expiries of that era (AM-settled on the Friday): October 16 and November 20, 2010.
    expect(Object.values(spx.legs).map((l) => l.expiry).sort()).toEqual(['2010-10-16', '2010-11-20']);
  });

  it('accepts an expiry column instead of maturity, call/put words, and a style override', () => {
    const text = 'quote_date,type,strike,underlying,bid,ask,expiry\n2024-01-02,Call,100,101.5,2.1,2.3,2024-02-16\n2024-01-02,put,100,101.5,,1.2,2024-02-16\n';
    const { chain: c, warnings: w } = readOptionChainCsv(text, 'xyz.csv', { underlying: 'XYZ', style: 'american' });
    expect(c).toEqual({
      underlying: 'XYZ', quoteDate: '2024-01-02', underlyingPrice: 101.5, style: 'american', source: 'xyz.csv',
      quotes: [{ type: 'call', strike: 100, expiry: '2024-02-16', timeYears: 45 / 365, bid: 2.1, ask: 2.3 }],
    });
    expect(w).toEqual([{ file: 'xyz.csv', row: 3, column: 'bid', kind: 'incomplete-quote', message: 'put 100 has no bid; left out of the chain' }]);
  });
});
