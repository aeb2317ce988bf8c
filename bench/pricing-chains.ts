/** Implied volatilities of the two real chains in data/sample, from mid prices, with the quotes
 *  that have none and why. Shared by test/pricing/chains.test.ts and by `npm run bench`, which
 *  prints the report quoted in docs/pricing.md.
 *
 *  Market inputs, all from the sample data:
 *  - AAPL 2016-09-06 (Yahoo, American, expiry 2016-09-09): rate from the 3-month T-bill on the
 *    quote date (FRED DTB3 0.32 % bank discount → continuous, ACT/365F); dividend yield 0 — AAPL's
 *    ex-dividend dates in 2016 were 4 Aug and 3 Nov, none before this expiry.
 *  - SPX 2010-09-17 (CBOE, European, two expiries): rate as given per quote in the file; the
 *    dividend yield per expiry is implied by put–call parity at the strike where |C − P| is
 *    smallest (the forward-selection rule of the CBOE VIX white paper):
 *    F = K + e^{rT}(C − P), q = r − ln(F/S)/T. */

import { existsSync, readFileSync } from 'node:fs';
import { readOptionChainCsv, readYahooOptionChain } from '../src/data/index.js';
import type { OptionChain, OptionQuote } from '../src/data/types.js';
import { ImpliedVolatilityError, impliedVolatility, priceOption } from '../src/pricing/index.js';

export type ChainQuoteResult = {
  quote: OptionQuote;
  mid: number;
  rate: number;
  dividendYield: number;
  /** Implied volatility from the mid, or null with `reason`. */
  volatility: number | null;
  reason: string | null;
  /** Model value at the implied volatility (equals the mid up to rounding), or null. */
  repriced: number | null;
};

export type ChainReport = { chain: OptionChain; results: ChainQuoteResult[] };

/** data/sample/ from bench/ (tests, run from source) or from dist/bench/ (npm run bench). */
const SAMPLE = [new URL('../data/sample/', import.meta.url), new URL('../../data/sample/', import.meta.url)]
  .find((u) => existsSync(u)) ?? new URL('../../data/sample/', import.meta.url);

/** 3-month T-bill bank-discount yield d (decimal) → continuously compounded ACT/365F rate. */
export function billDiscountToContinuous(discount: number, days = 91): number {
  return -Math.log(1 - (discount * days) / 360) / (days / 365);
}

function impliedDividendYield(quotes: OptionQuote[], spot: number, rate: number, t: number): number {
  const mid = (q: OptionQuote): number => 0.5 * (q.bid + q.ask);
  let best: { strike: number; diff: number } | null = null;
  for (const c of quotes) {
    if (c.type !== 'call') continue;
    const p = quotes.find((o) => o.type === 'put' && o.strike === c.strike && o.expiry === c.expiry);
    if (p === undefined || c.bid <= 0 || p.bid <= 0) continue;
    const diff = mid(c) - mid(p);
    if (best === null || Math.abs(diff) < Math.abs(best.diff)) best = { strike: c.strike, diff };
  }
  if (best === null) return 0;
  const forward = best.strike + Math.exp(rate * t) * best.diff;
  return rate - Math.log(forward / spot) / t;
}

function solve(chain: OptionChain, quote: OptionQuote, rate: number, dividendYield: number): ChainQuoteResult {
  const mid = 0.5 * (quote.bid + quote.ask);
  const spec = { type: quote.type, style: chain.style, spot: chain.underlyingPrice, strike: quote.strike, rate,
    dividendYield, timeYears: quote.timeYears };
  try {
    const volatility = impliedVolatility({ ...spec, price: mid });
    return { quote, mid, rate, dividendYield, volatility, reason: null,
      repriced: priceOption({ ...spec, volatility }) };
  } catch (e) {
    if (!(e instanceof ImpliedVolatilityError)) throw e;
    return { quote, mid, rate, dividendYield, volatility: null,
      reason: `${e.reason}: mid ${mid} vs bounds [${e.lowerBound.toPrecision(6)}, ${e.upperBound.toPrecision(6)}]`,
      repriced: null };
  }
}

export function aaplReport(): ChainReport {
  const file = 'aapl_chain_2016-09-06.json';
  const { chain } = readYahooOptionChain(readFileSync(new URL(file, SAMPLE), 'utf8'), file);
  const rate = billDiscountToContinuous(0.0032);
  return { chain, results: chain.quotes.map((q) => solve(chain, q, rate, 0)) };
}

export function spxReport(): ChainReport {
  const file = 'spx_chain_2010-09-17.csv';
  const { chain } = readOptionChainCsv(readFileSync(new URL(file, SAMPLE), 'utf8'), file);
  const yields = new Map<string, number>();
  for (const expiry of new Set(chain.quotes.map((q) => q.expiry))) {
    const quotes = chain.quotes.filter((q) => q.expiry === expiry);
    const first = quotes[0] as OptionQuote;
    yields.set(expiry, impliedDividendYield(quotes, chain.underlyingPrice, first.riskFree ?? 0, first.timeYears));
  }
  return { chain, results: chain.quotes.map((q) => solve(chain, q, q.riskFree ?? 0, yields.get(q.expiry) ?? 0)) };
}

function printReport(report: ChainReport): void {
  const { chain, results } = report;
  const solved = results.filter((r) => r.volatility !== null);
  process.stdout.write(`${chain.underlying} ${chain.quoteDate} (${chain.style}), spot ${chain.underlyingPrice}: `
    + `${results.length} quotes, ${solved.length} implied volatilities, ${results.length - solved.length} without\n`);
  for (const r of results.filter((x) => x.volatility === null)) {
    process.stdout.write(`  ${r.quote.type} ${r.quote.strike} ${r.quote.expiry} bid ${r.quote.bid} ask ${r.quote.ask}: ${r.reason}\n`);
  }
}

/** Both chains' reports, as printed at the end of `npm run bench`. */
export function printChainReports(): void {
  process.stdout.write('\nReal chains: implied volatility from mid prices\n');
  printReport(aaplReport());
  printReport(spxReport());
}
