// Facts written by test/reference/data/make-data-reference.py (pandas, QuantLib) and paths of
// the real sample data, shared by the importer tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const sample = (name: string): string => `${root}data/sample/${name}`;
export const fixture = (name: string): string => `${root}test/fixtures/${name}`;
export const readSample = (name: string): string => readFileSync(sample(name), 'utf8');
export const readFixture = (name: string): string => readFileSync(fixture(name), 'utf8');

export type SeriesFacts = {
  symbol: string;
  column: string;
  count: number;
  firstDate: string;
  firstValue: number;
  lastDate: string;
  lastValue: number;
  sum: number;
  blankInside: number;
  blankAfter: number;
  nonPositive: { date: string; row: number; value: number }[];
  suspectReturns: { date: string; row: number; return: number }[];
  staleRuns: { row: number; start: string; end: string; length: number }[];
};

export type RateFacts = {
  name: string; count: number; firstDate: string; firstValue: number; lastDate: string; lastValue: number; sum: number; skipped: number;
};

export type AlignmentFacts = {
  required: string[];
  maxFillDays: number;
  from: string;
  to: string;
  calendar: { start: string; end: string; days: number };
  symbols: string[];
  filled: { symbol: string; count: number; longestGap: number; dates: string[] }[];
  dropped: { symbol: string; reason: string }[];
  checks: Record<string, { sum: number; every50: number[] }>;
};

type YahooContract = {
  strike: number; bid: number; ask: number; lastPrice: number; impliedVolatility: number; volume: number; openInterest: number;
};

export type YahooFacts = {
  quoteDate: string; expiry: string; underlyingPrice: number; calls: number; puts: number; timeYears: number;
  strikeSum: number; bidSum: number; askSum: number; ivSum: number; firstCall: YahooContract; lastPut: YahooContract;
};

export type SpxFacts = {
  rows: number; quoteDate: string; underlyingPrice: number; strikeSum: number; bidSum: number; askSum: number;
  legs: Record<string, { rows: number; expiry: string; timeYears: number; maturity: number; riskFree: number; calls: number; puts: number }>;
};

export type Reference = {
  prices: Record<string, { rows: number; series: SeriesFacts[] }>;
  rrcFixture: { rows: number; RRC: SeriesFacts };
  rates: Record<string, RateFacts[]>;
  chains: { yahoo: YahooFacts; spx: SpxFacts };
  tbill: { discountPct: number; days: number; continuous: number }[];
  alignment: AlignmentFacts[];
};

export const reference: Reference = JSON.parse(readFileSync(`${root}test/reference/data/reference.json`, 'utf8')) as Reference;

/** Sums in the order pandas does for a float64 Series without NaN (numpy pairwise summation
 *  differs from a left-to-right sum by a few ulps): compare sums with this relative tolerance. */
export const SUM_RELATIVE_TOLERANCE = 1e-12;

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s;
}
