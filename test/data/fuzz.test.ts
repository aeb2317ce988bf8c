import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapitalStructure } from '../../src/data/capital-structure.js';
import { readOptionChainCsv, readYahooOptionChain } from '../../src/data/chains.js';
import { detectAndRead } from '../../src/data/detect.js';
import { decodeText } from '../../src/data/encoding.js';
import { readHoldings } from '../../src/data/holdings.js';
import { readOptionRows } from '../../src/data/option-specs.js';
import { readPrices } from '../../src/data/prices.js';
import { readRates } from '../../src/data/rates.js';
import type { ImportResult } from '../../src/data/types.js';
import { InputError } from '../../src/domain/errors.js';
import { readSample } from './reference.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** What every successful read guarantees, whatever the input. */
function valid(r: ImportResult): boolean {
  const datedOk = (dates: string[], values: Float64Array): boolean =>
    dates.length > 0 && dates.length === values.length && values.every(Number.isFinite)
    && dates.every((d, i) => ISO.test(d) && (i === 0 || d > (dates[i - 1] as string)));
  switch (r.kind) {
    case 'prices':
      return r.series.length > 0 && r.series.every((s) => datedOk(s.dates, s.values));
    case 'rates':
      return r.series.length > 0 && r.series.every((s) => datedOk(s.dates, s.values));
    case 'chain':
      return Number.isFinite(r.chain.underlyingPrice) && r.chain.quotes.length > 0 && r.chain.quotes.every((q) =>
        [q.strike, q.bid, q.ask, q.timeYears, q.last ?? 0, q.impliedVolatility ?? 0, q.volume ?? 0, q.openInterest ?? 0, q.riskFree ?? 0].every(Number.isFinite)
        && q.timeYears >= 0 && ISO.test(q.expiry));
    case 'holdings':
      return Number.isFinite(r.portfolio.cash) && r.portfolio.positions.every((p) =>
        Number.isFinite(p.quantity) && p.quantity !== 0 && (p.costBasis === undefined || (Number.isFinite(p.costBasis) && p.costBasis > 0)));
  }
}

/** Reads `text`; true when it either gives a valid result or throws an InputError. Any other
 *  exception (a TypeError, a RangeError from inside) fails the property with its stack. */
function readsCleanly(text: string, file: string): boolean {
  try {
    return valid(detectAndRead(text, file));
  } catch (e) {
    if (e instanceof InputError) return true;
    throw e;
  }
}

const csvChar = fc.constantFrom(...',,,\n\n\r"".-/0123456789 eENA\uFEFFx'.split(''), 'date', 'null', 'NaN', '2020-01-0', '1/2/2020', 'symbol', 'quantity', 'strike');
const csvText = fc.array(csvChar, { maxLength: 120 }).map((parts) => parts.join(''));

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0.01, max: 1e4, noNaN: true }).map(String) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 0, noNaN: true }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('', 'NA', '.', 'null', '"1,5"', 'abc', '1e999', '-0', ' 7 ', '"3"', 'c', 'p', 'USD') },
);
const HEADERS = [
  'date,A,B', 'Date,Open,High,Low,Close,Adj Close,Volume', 'observation_date,DTB3', 'date,CL01', 'Date,Price',
  'symbol,quantity,cost_basis,currency', 'quote_date,type,strike,underlying,bid,ask,maturity',
];
const JUNK_DATES = ['2020-02-30', '13/1/2020', '1/13/2020', '2020/01/02', '', 'CASH'];

/** Tables that look like real files (right cell counts, dates in order, either direction) with
 *  occasional defects, so that the fuzzing reaches past the header and the first row. */
const tableText = fc.constantFrom(...HEADERS).chain((header) => {
  const width = header.split(',').length;
  const row = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(cell, { minLength: width - 1, maxLength: width - 1 }), fc.nat(30));
  return fc.tuple(fc.constant(header), fc.array(row, { maxLength: 15 }), fc.boolean(), fc.constantFrom('\n', '\r\n'));
}).map(([header, rows, newestFirst, eol]) => {
  let day = Date.UTC(2020, 0, 1);
  const lines = rows.map(([step, cells, defect]) => {
    day += step * 86_400_000;
    const date = defect === 0 ? JUNK_DATES[step % JUNK_DATES.length]! : new Date(day).toISOString().slice(0, 10);
    return [date, ...(defect === 1 ? cells.slice(1) : cells)].join(',');
  });
  if (newestFirst) lines.reverse();
  return [header, ...lines].join(eol);
});

const finite = (xs: ArrayLike<number>): boolean => Array.from(xs).every(Number.isFinite);

/** Every importer on the same text, each asked directly (not through detection), with what its
 *  result guarantees: finite numbers only, ISO dates. */
const IMPORTERS: [string, (text: string) => boolean][] = [
  ['detect', (t) => valid(detectAndRead(t, 'fuzz.csv'))],
  ['prices', (t) => valid({ kind: 'prices', file: 'f', ...readPrices(t, 'XYZ.csv', { mayGoNegative: true }) })],
  ['rates', (t) => valid({ kind: 'rates', file: 'f', ...readRates(t, 'r.csv') })],
  ['holdings', (t) => valid({ kind: 'holdings', file: 'f', ...readHoldings(t, 'h.csv') })],
  ['chain-csv', (t) => valid({ kind: 'chain', file: 'f', ...readOptionChainCsv(t, 'c.csv', { underlying: 'SPX' }) })],
  ['chain-json', (t) => valid({ kind: 'chain', file: 'f', ...readYahooOptionChain(t, 'c.json') })],
  ['options', (t) => readOptionRows(t, 'o.csv', 'volatility').every((r) => finite([r.spot, r.strike, r.rate, r.dividendYield, r.timeYears, r.volatility ?? 0]))],
  ['capital-structure', (t) => {
    const c = readCapitalStructure(t, 'cap.csv');
    return finite(c.equityValue) && finite(c.equityVolatility) && finite(c.defaultPoint) && c.dates.every((d) => ISO.test(d));
  }],
];

/** True when every importer either gives a valid result or throws an InputError on `text`. */
function allReadCleanly(text: string): boolean {
  return IMPORTERS.every(([, read]) => {
    try {
      return read(text);
    } catch (e) {
      if (e instanceof InputError) return true;
      throw e;
    }
  });
}

describe('fuzzing every importer: arbitrary text or bytes give an InputError or a valid result', () => {
  it('arbitrary Unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), allReadCleanly), { numRuns: 500 });
  });

  it('arbitrary bytes, decoded as a file is', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      let text: string;
      try {
        text = decodeText(bytes, 'fuzz.bin');
      } catch (e) {
        if (e instanceof InputError) return true;
        throw e;
      }
      return allReadCleanly(text);
    }), { numRuns: 1000 });
  });

  it('CSV-ish text with every delimiter, line end and locale number', () => {
    const part = fc.constantFrom(',', ';', '\t', '\n', '\r', '\r\n', '"', '1', '1.500', '1,5', '1.234,5', '03/04/2020', '13/4/2020', '2020-01-02',
      'date', 'symbol', 'quantity', 'strike', 'type', 'spot', 'E', 'sE', 'F', 'NA', '-', 'e400', '\uFEFF', '\u0000', '\uFFFD');
    fc.assert(fc.property(fc.array(part, { maxLength: 60 }).map((p) => p.join('')), allReadCleanly), { numRuns: 1500 });
  });

  it('real headers with rows of random cells, separated by semicolons or tabs', () => {
    const text = fc.tuple(tableText, fc.constantFrom(';', '\t')).map(([t, d]) => t.replaceAll(',', d));
    fc.assert(fc.property(text, allReadCleanly), { numRuns: 1000 });
  });
});

describe('fuzzing the readers: an InputError or a valid result, never another exception', () => {
  it('random CSV-ish text', () => {
    fc.assert(fc.property(csvText, (text) => readsCleanly(text, 'fuzz.csv')), { numRuns: 2000 });
  });

  it('random rows under real headers', () => {
    fc.assert(fc.property(tableText, (text) => readsCleanly(text, 'XYZ.csv')), { numRuns: 2000 });
  });

  it('any prefix of a real CSV file', () => {
    const text = readSample('energy_futures_nearby_2007-2025.csv').slice(0, 20_000);
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length }), (n) => readsCleanly(text.slice(0, n), 'energy.csv')), { numRuns: 300 });
  });

  it('the Yahoo chain JSON cut anywhere or with one character replaced', () => {
    const json = readSample('aapl_chain_2016-09-06.json');
    fc.assert(fc.property(
      fc.integer({ min: 0, max: json.length - 1 }),
      fc.constantFrom('', '}', '"', '-', '0', 'x', ',', 'null'),
      fc.boolean(),
      (at, replacement, cut) => readsCleanly(cut ? json.slice(0, at) : json.slice(0, at) + replacement + json.slice(at + 1), 'aapl.json'),
    ), { numRuns: 1000 });
  });

  it('a valid-looking table is read exactly (sanity check of the generator)', () => {
    const r = detectAndRead('date,A\n2020-01-02,1\n2020-01-03,2\n', 'f.csv');
    expect(valid(r)).toBe(true);
  });
});
