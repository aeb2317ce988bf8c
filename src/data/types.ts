import type { PriceHistory } from '../domain/market.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { DateReadOptions } from './cells.js';

export type { DateOrder, DateReadOptions } from './cells.js';

/** One symbol's observed prices from one file: ascending ISO dates, no gaps filled, every value
 *  finite (negative only for series allowed to go negative, see `mayGoNegative`). */
export type PriceSeries = {
  symbol: string;
  dates: string[];
  values: Float64Array;
  /** Where the values came from: the file as the user named it and the column read. */
  source: { file: string; column: string };
};

/** One rate series (FRED style): ascending dates, holidays skipped (never filled), values as
 *  decimals per year (5.27 % in the file → 0.0527). `unit` says which quoting basis. */
export type RateSeries = {
  name: string;
  dates: string[];
  values: Float64Array;
  unit: string;
  source: { file: string; column: string };
};

export type OptionQuote = {
  type: 'call' | 'put';
  strike: number;
  /** ISO `YYYY-MM-DD`. */
  expiry: string;
  /** ACT/365F from the chain's quote date to `expiry`. */
  timeYears: number;
  bid: number;
  ask: number;
  last?: number;
  /** As quoted by the source, annualised decimal. */
  impliedVolatility?: number;
  volume?: number;
  openInterest?: number;
  /** Decimal per year, as given by the source for this quote's maturity. */
  riskFree?: number;
};

export type OptionChain = {
  underlying: string;
  quoteDate: string;
  underlyingPrice: number;
  style: 'american' | 'european';
  quotes: OptionQuote[];
  /** The file the chain was read from. */
  source: string;
};

/** What an importer noticed but did not refuse. Listed in docs/data-formats.md. */
export type ImportWarningKind =
  /** A price ≤ 0 in a series allowed to go negative: log returns are undefined there. */
  | 'negative-price'
  /** A one-day simple return above +100 % or below −90 % (defaults): check the source. */
  | 'suspect-return'
  /** The same price on many consecutive rows: a stale or back-filled quote. */
  | 'stale-price'
  /** Blank cells inside or after a series (its dates are skipped, nothing is filled). */
  | 'missing-values'
  /** A column with no value at all; no series is produced for it. */
  | 'empty-series'
  /** An option quote whose ask is below its bid. */
  | 'crossed-quote'
  /** An option contract without a bid or an ask; it is left out of the chain. */
  | 'incomplete-quote'
  /** A column the reader does not use. */
  | 'ignored-column'
  /** More warnings of one kind in one column than are listed individually. */
  | 'more-warnings';

export type ImportWarning = {
  file: string;
  /** 1-based file line, header = line 1 (also for newest-first files). */
  row?: number;
  column?: string;
  value?: string;
  kind: ImportWarningKind;
  message: string;
};

/** Which price layout the header was recognised as (docs/data-formats.md, "Prices"). */
export type PriceLayout =
  | 'wide'
  | 'yahoo-ohlcv'
  | 'ohlc-adjclose'
  | 'ohlc-close'
  | 'date-price';

export type PriceReadOptions = DateReadOptions & {
  /** Symbol of a single-series file (OHLC layouts, `Date,Price`); default: from the file name. */
  symbol?: string;
  /** Columns of a wide file to read (default: all); each must exist in the file. For a
   *  single-series file, the one symbol it holds must be among them. */
  symbols?: readonly string[];
  /** Series whose prices may be zero or negative (futures, spreads): `true` = every series,
   *  `false` = none, a list = those symbols. Default: see `defaultMayGoNegative`. */
  mayGoNegative?: boolean | readonly string[];
  /** Thresholds for 'suspect-return' warnings, as simple returns (defaults 1.0 and −0.9). */
  suspectReturnAbove?: number;
  suspectReturnBelow?: number;
  /** Consecutive identical prices that raise a 'stale-price' warning (default 20). */
  staleRunLength?: number;
};

export type PriceReadResult = {
  layout: PriceLayout;
  series: PriceSeries[];
  warnings: ImportWarning[];
};

export type RateReadResult = { series: RateSeries[]; warnings: ImportWarning[] };

export type ChainReadOptions = DateReadOptions & {
  /** Underlying symbol (default: from the file: Yahoo's `underlyingSymbol`, or the file name). */
  underlying?: string;
  /** Override the exercise style (defaults: Yahoo US equity → american, SPX CSV → european). */
  style?: 'american' | 'european';
};

export type ChainReadResult = { chain: OptionChain; warnings: ImportWarning[] };

export type HoldingsReadOptions = {
  /** Currency when the file has no currency column (default USD). */
  currency?: string;
};

export type HoldingsReadResult = {
  portfolio: Portfolio;
  /** File line of each holding's row, by symbol (CASH included), for later error messages. */
  rows: Map<string, number>;
  warnings: ImportWarning[];
};

export type ReadOptions = PriceReadOptions & ChainReadOptions & HoldingsReadOptions;

/** Any input file, read by the reader its content calls for (`detectAndRead`). */
export type ImportResult =
  | ({ kind: 'prices'; file: string } & PriceReadResult)
  | ({ kind: 'rates'; file: string } & RateReadResult)
  | ({ kind: 'chain'; file: string } & ChainReadResult)
  | ({ kind: 'holdings'; file: string } & HoldingsReadResult);

export type AlignOptions = {
  /** Symbols that define the calendar (target and hedge instruments): never filled. */
  required: readonly string[];
  /** Longest run of calendar days a non-required symbol may be forward-filled over (default 5). */
  maxFillDays?: number;
  /** Inclusive ISO bounds of the calendar. */
  from?: string;
  to?: string;
};

export type DropReason = 'starts-after-calendar-start' | 'gap-too-long' | 'ends-before-calendar-end';

export type AlignmentReport = {
  /** The policy in words, for the report reader. */
  policy: string;
  maxFillDays: number;
  calendar: { start: string; end: string; days: number; required: string[] };
  /** Every non-required symbol kept that needed forward-filling. */
  filled: { symbol: string; count: number; longestGap: number; dates: string[] }[];
  /** Every symbol left out of the history, and why. */
  dropped: { symbol: string; reason: DropReason; detail: string }[];
};

export type AlignResult = { history: PriceHistory; report: AlignmentReport };

/** An issuer's capital structure over time (Merton model inputs): market value of equity E,
 *  annualised equity volatility sE (decimal), default point F (debt due within the model's
 *  horizon), all in the issuer's currency. */
export type CapitalStructure = {
  file: string;
  dates: string[];
  equityValue: Float64Array;
  equityVolatility: Float64Array;
  defaultPoint: Float64Array;
};
