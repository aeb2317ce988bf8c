import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayNumber, isoFromDayNumber } from '../../src/domain/dates.js';
import { readChain, readHoldings, readPrices, readRates } from '../../src/data/store-read.js';
import { ensureSchema, STORE_TABLES } from '../../src/data/store-schema.js';
import { writeImport } from '../../src/data/store-write.js';
import type { OptionChain, OptionQuote, PriceSeries, RateSeries } from '../../src/data/types.js';
import { equityPosition, type Portfolio } from '../../src/domain/portfolio.js';

// Properties of the write/read layer over arbitrary reader-shaped data: whatever a reader can
// produce comes back identical — every double bit for bit (−0, subnormals, the largest finite
// values), every date, every optional field present or absent as it was.

let instance: DuckDBInstance;
let c: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  c = await instance.connect();
  await ensureSchema(c, ':memory:', false);
});
afterAll(() => {
  c.closeSync();
  instance.closeSync();
});

async function clear(): Promise<void> {
  for (const table of STORE_TABLES) if (table !== 'schema_version') await c.run(`DELETE FROM ${table}`);
}

async function inTransaction(write: () => Promise<unknown>): Promise<void> {
  await c.run('BEGIN TRANSACTION');
  await write();
  await c.run('COMMIT');
}

function bits(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const FIRST_DAY = dayNumber(1900, 1, 1);
const LAST_DAY = dayNumber(2199, 12, 31);
/** Ascending distinct ISO dates, as every reader outputs them. */
const isoDates = (maxLength: number) => fc.uniqueArray(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), { maxLength })
  .map((days) => days.sort((a, b) => a - b).map(isoFromDayNumber));
/** Names as they occur in files: tickers, FRED names, file names with spaces, quotes, accents. */
const name = fc.oneof(fc.stringMatching(/^[A-Z][A-Z0-9.^=-]{0,7}$/), fc.constantFrom("l'Oréal \"pref\"", 'Société Générale', 'ES=F', '^GSPC'));

const priceSeries = fc.record({ symbol: name, dates: isoDates(40), file: name, column: name }).chain(({ symbol, dates, file, column }) =>
  fc.array(anyDouble, { minLength: dates.length, maxLength: dates.length })
    .map((values): PriceSeries => ({ symbol, dates, values: Float64Array.from(values), source: { file, column } })));

describe('store write/read properties', () => {
  it('price series round-trip bit for bit', async () => {
    await fc.assert(fc.asyncProperty(fc.uniqueArray(priceSeries, { selector: (s) => s.symbol, minLength: 1, maxLength: 4 }), async (series) => {
      await clear();
      await inTransaction(() => writeImport(c, { kind: 'prices', file: 'f.csv', layout: 'wide', series, warnings: [] }));
      const loaded = await readPrices(c);
      const expected = series.filter((s) => s.dates.length > 0).sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
      expect(loaded.map((s) => [s.symbol, s.dates, s.source])).toStrictEqual(expected.map((s) => [s.symbol, s.dates, s.source]));
      expect(loaded.map((s) => bits(s.values))).toEqual(expected.map((s) => bits(s.values)));
    }), { numRuns: 40 });
  });

  it('writing the same series twice is the same as writing it once (upsert)', async () => {
    await fc.assert(fc.asyncProperty(priceSeries, async (s) => {
      await clear();
      const result = { kind: 'prices' as const, file: 'f.csv', layout: 'wide' as const, series: [s], warnings: [] };
      await inTransaction(() => writeImport(c, result));
      const once = await readPrices(c);
      await inTransaction(() => writeImport(c, result));
      const twice = await readPrices(c);
      expect(twice.map((x) => [x.symbol, x.dates, bits(x.values)])).toEqual(once.map((x) => [x.symbol, x.dates, bits(x.values)]));
    }), { numRuns: 25 });
  });

  it('rate series round-trip bit for bit, unit and source included', async () => {
    const rateSeries = priceSeries.chain((p) => name.map((unit): RateSeries => ({ name: p.symbol, dates: p.dates, values: p.values, unit, source: p.source })));
    await fc.assert(fc.asyncProperty(rateSeries, async (r) => {
      await clear();
      await inTransaction(() => writeImport(c, { kind: 'rates', file: 'r.csv', series: [r], warnings: [] }));
      const loaded = await readRates(c, r.name);
      if (r.dates.length === 0) {
        expect(loaded).toBeNull();
        return;
      }
      expect(loaded && { ...loaded, values: bits(loaded.values) }).toStrictEqual({ ...r, values: bits(r.values) });
    }), { numRuns: 25 });
  });

  it('option chains round-trip with optional fields absent or present as they were', async () => {
    const optional = fc.option(anyDouble, { nil: undefined });
    const quote = fc.record({
      type: fc.constantFrom('call' as const, 'put' as const),
      strike: anyDouble, expiryOffset: fc.integer({ min: 0, max: 3000 }), timeYears: anyDouble, bid: anyDouble, ask: anyDouble,
      last: optional, impliedVolatility: optional, volume: optional, openInterest: optional, riskFree: optional,
    });
    const chain = fc.record({
      underlying: name, quoteDay: fc.integer({ min: FIRST_DAY, max: LAST_DAY - 3000 }), underlyingPrice: anyDouble,
      style: fc.constantFrom('american' as const, 'european' as const), quotes: fc.array(quote, { minLength: 1, maxLength: 12 }), source: name,
    }).map(({ quoteDay, quotes, ...rest }): OptionChain => ({
      ...rest,
      quoteDate: isoFromDayNumber(quoteDay),
      quotes: quotes.map(({ expiryOffset, ...q }) => {
        // Absent, not undefined: the shape the readers build.
        const out = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Omit<OptionQuote, 'expiry'>;
        return { ...out, expiry: isoFromDayNumber(quoteDay + expiryOffset) };
      }),
    }));
    await fc.assert(fc.asyncProperty(chain, async (ch) => {
      await clear();
      await inTransaction(() => writeImport(c, { kind: 'chain', file: ch.source, chain: ch, warnings: [] }));
      const loaded = await readChain(c, ch.underlying, ch.quoteDate);
      expect(loaded).toStrictEqual(ch);
      // toStrictEqual compares numbers with Object.is (so −0 ≠ 0); the bits of one field say it outright.
      expect(bits(Float64Array.from(loaded?.quotes.map((q) => q.strike) ?? []))).toBe(bits(Float64Array.from(ch.quotes.map((q) => q.strike))));
    }), { numRuns: 40 });
  });

  it('portfolios round-trip: positions in order, cost basis absent or present, cash and currency', async () => {
    const position = fc.record({
      symbol: fc.stringMatching(/^[A-Z][A-Z0-9.]{0,5}$/).filter((s) => s !== 'CASH'),
      quantity: anyDouble.filter((q) => q !== 0),
      costBasis: fc.option(fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    });
    const portfolio = fc.record({
      positions: fc.uniqueArray(position, { selector: (p) => p.symbol, maxLength: 10 }),
      cash: anyDouble,
      currency: fc.stringMatching(/^[A-Z]{3}$/),
    }).map((p): Portfolio => ({ ...p, positions: p.positions.map((x) => equityPosition(x.symbol, x.quantity, x.costBasis)) }));
    await fc.assert(fc.asyncProperty(portfolio, name, async (p, portfolioName) => {
      await clear();
      await inTransaction(() => writeImport(c, { kind: 'holdings', file: `${portfolioName}.csv`, portfolio: p, rows: new Map(), warnings: [] }));
      expect(await readHoldings(c, portfolioName)).toStrictEqual(p);
    }), { numRuns: 40 });
  });
});
