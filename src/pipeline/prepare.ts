import { alignPrices } from '../data/align.js';
import { rateOnOrBefore, tbillDiscountToContinuous } from '../data/rates.js';
import { negativeCapableSymbol } from '../data/symbols.js';
import type { AlignmentReport, CapitalStructure, ImportWarning, OptionChain, PriceSeries, RateSeries } from '../data/types.js';
import { futuresSpec } from '../domain/contracts.js';
import { InputError } from '../domain/errors.js';
import { MAX_CONFIDENCE_LEVELS } from './config.js';
import type { MarketSnapshot } from '../domain/market.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { CostAssumptions, HedgeConstraints, HedgeContext } from '../hedges/types.js';
import { buildScenarios, type BuiltScenarios, type ScenarioMethod } from '../scenarios/build.js';
import type { UserShock } from '../scenarios/stress.js';
import { annualisedVolatility } from '../stats/descriptive.js';
import { logReturns } from '../stats/returns.js';

// The inputs, options and market model of an analysis: everything before the hedges. Apart from
// analyze.ts so that modules analyze itself uses (the concern screen) can build on it too.

export type AnalyzeInput = {
  portfolio: Portfolio;
  /** Prices of the holdings and of every instrument a hedge may use, as read (not aligned). */
  prices: PriceSeries[];
  /** 3-month T-bill quotes (bank-discount basis, decimals) for the risk-free rate. */
  tbill: RateSeries;
  /** Option chains (of the target, of an index) that hedges may be priced from. */
  chains: OptionChain[];
  /** What the importers flagged, for the report. */
  warnings: ImportWarning[];
  /** Bond indices among `prices` that stand for credit (corporate or Treasury bonds). */
  creditProxies: CreditProxy[];
  /** The target issuer's capital structure over time, for the Merton model, if supplied. */
  capitalStructure?: CapitalStructure;
};

export type CreditProxy = { symbol: string; description: string };

export type AnalyzeOptions = {
  /** Holding to hedge; default: the largest by value (the concentrated position). */
  target?: string;
  /** Default: the last date of the history. */
  asOf?: string;
  horizonDays: number;
  /** Trading days of history for estimation and historical scenarios. */
  lookbackDays: number;
  confidence: number[];
  seed: number;
  /** How the joint scenarios are built (docs/scenarios.md). */
  scenarioMethod: ScenarioMethod;
  /** Scenarios drawn by the random methods (bootstrap, fhs, Monte Carlo). */
  scenarioCount: number;
  /** Extra user-defined shocks for the stress method (symbol → move). */
  shocks?: UserShock[];
  costs: CostAssumptions;
  constraints: HedgeConstraints;
  /** Hedge kinds to evaluate (registry names); undefined = every registered kind. */
  hedgeKinds?: string[];
};

/** A borrow fee set for a symbol with no price series applies to nothing: a typo (`APPL`) or a
 *  config file shared by several books. Said in the report rather than refused, for the latter. */
function unpricedFees(fees: Readonly<Record<string, number>>, prices: readonly PriceSeries[]): string[] {
  const priced = new Set(prices.map((s) => s.symbol));
  const unpriced = Object.keys(fees).filter((s) => !priced.has(s));
  return unpriced.length === 0 ? [] : [
    `costs.borrowFeeBySymbol names ${unpriced.join(', ')}, which ${unpriced.length === 1 ? 'has' : 'have'} no price series among the inputs: ${unpriced.length === 1 ? 'its fee applies' : 'their fees apply'} to nothing.`,
  ];
}

/** Fewer historical windows than this make a 99 % tail figure meaningless. */
const MIN_SCENARIOS = 30;

/** Defaults documented in docs/model-notes.md. */
export const DEFAULT_OPTIONS: AnalyzeOptions = {
  horizonDays: 10,
  lookbackDays: 756,
  confidence: [0.95, 0.99],
  seed: 1,
  scenarioMethod: 'historical',
  scenarioCount: 100_000,
  constraints: { noShortTarget: false },
  costs: {
    borrowFeeAnnual: 0.005,
    borrowFeeBySymbol: {},
    shareHalfSpread: 0.0001,
    commissionPerShare: 0.005,
    optionHalfSpread: 0.02,
    commissionPerContract: 0.65,
  },
};

/** The market model and scenarios every hedge is built from and judged on. */
export type Prepared = {
  ctx: HedgeContext;
  scenarios: BuiltScenarios;
  rateSource: string;
  volatilityMethod: string;
  alignment: AlignmentReport;
  dataNotes: string[];
};

/** Aligns the prices on the holdings' common calendar over the lookback window, validates the
 *  as-of date and target against it, estimates the market model (prices, volatility, rate) and
 *  builds the historical scenarios. */
/** Where a long analysis is: its stage and, for stages made of steps, how many are done. */
export type AnalyzeProgress = { stage: string; done: number; total: number };

export function prepare(input: AnalyzeInput, options: AnalyzeOptions, onProgress: (p: AnalyzeProgress) => void = () => undefined): Prepared {
  const { portfolio } = input;
  checkPortfolio(portfolio);
  checkConfidence(options.confidence);
  const required = portfolio.positions.map((p) => p.instrument.symbol);
  // The holdings alone fix the calendar; aligning the other series only over the window the
  // analysis uses keeps a hedge instrument with a shorter history (XLC, a futures contract).
  const heldSeries = input.prices.filter((s) => required.includes(s.symbol));
  checkOverlap(required, heldSeries);
  const calendar = alignPrices(heldSeries, { required }).history.dates;
  const calendarAsOf = resolveAsOf(calendar, options.asOf);
  if (calendarAsOf < options.horizonDays + MIN_SCENARIOS) {
    throw new InputError({
      file: '--as-of', value: calendar[calendarAsOf],
      expected: `at least ${options.horizonDays + MIN_SCENARIOS} trading days of common history before the as-of date ` +
        `(the holdings' common history starts on ${calendar[0]})`,
    });
  }
  const lookbackDays = Math.min(options.lookbackDays, calendarAsOf);
  // Sorted so the report does not depend on the order the files were given in.
  const sorted = [...input.prices].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const { history, report: alignment } = alignPrices(sorted, {
    required, from: calendar[calendarAsOf - lookbackDays], to: calendar[calendarAsOf],
  });
  const asOfIndex = history.dates.length - 1;
  const asOf = history.dates[asOfIndex] as string;
  const dataNotes = [
    ...alignment.filled.map((f) => `${f.symbol}: ${f.count} missing prices filled with the previous day's (longest gap ${f.longestGap} days).`),
    ...alignment.dropped.map((d) => `${d.symbol} left out: ${d.detail}.`),
    ...(lookbackDays < options.lookbackDays
      ? [`Only ${lookbackDays} trading days of common history precede ${asOf}; the lookback was shortened from ${options.lookbackDays}.`]
      : []),
    ...unpricedFees(options.costs.borrowFeeBySymbol, input.prices),
  ];
  const prices: Record<string, number> = {};
  history.symbols.forEach((s, j) => { prices[s] = history.columns[j]![asOfIndex]!; });

  const target = options.target ?? largestHolding(portfolio, prices);
  const held = portfolio.positions.find((p) => p.instrument.symbol === target);
  if (!held) {
    throw new InputError({
      file: '--target', value: target,
      expected: `a symbol held in the portfolio (${portfolio.positions.map((p) => p.instrument.symbol).join(', ')})`,
    });
  }

  const tbill = rateOnOrBefore(input.tbill, asOf);
  const rate = {
    value: tbillDiscountToContinuous(100 * tbill.value),
    source: `${input.tbill.name} ${(100 * tbill.value).toFixed(2)}% discount on ${tbill.date}, ${input.tbill.source.file}`,
  };
  // Every symbol whose lookback prices are all positive gets a lognormal volatility (options on
  // it can be priced); a series that touched zero or below (crude in April 2020) gets none.
  const volatilities: Record<string, number> = {};
  const dividendYields: Record<string, number> = {};
  history.symbols.forEach((symbol, j) => {
    const window = history.columns[j]!.subarray(asOfIndex - lookbackDays, asOfIndex + 1);
    if (!window.every((p) => p > 0)) return;
    volatilities[symbol] = annualisedVolatility(logReturns(window));
    // Adjusted-close series carry dividends inside the price; no yield is known separately.
    dividendYields[symbol] = 0;
  });
  const snapshot: MarketSnapshot = { asOf, prices, rate: rate.value, volatilities, dividendYields };
  checkShocks(options, history.symbols);
  onProgress({ stage: scenarioStage(options), done: 0, total: 1 });
  const scenarios = buildScenarios(options.scenarioMethod, history, {
    horizonDays: options.horizonDays, lookbackDays, seed: options.seed, count: options.scenarioCount,
    // Futures and spot crude move by price changes in every method, so a hedge and its target
    // are moved alike (the hedge ratio is estimated on price changes too).
    additiveSymbols: history.symbols.filter((s) => futuresSpec(s) !== undefined || negativeCapableSymbol(s)),
    // Stress episodes replay history far older than the lookback.
    series: input.prices,
    ...(options.shocks === undefined ? {} : { shocks: options.shocks }),
  });
  const ctx: HedgeContext = {
    portfolio, target, targetQuantity: held.quantity, snapshot, history, asOfIndex, lookbackDays,
    horizonDays: options.horizonDays, costs: options.costs, prices: input.prices, chains: input.chains,
    creditProxies: input.creditProxies.filter((c) => history.symbols.includes(c.symbol)),
    ...(input.capitalStructure === undefined ? {} : { capitalStructure: input.capitalStructure }),
  };
  return {
    ctx, scenarios, rateSource: rate.source, alignment, dataNotes: [...dataNotes, ...scenarios.notes],
    volatilityMethod: volatilities[target] === undefined
      ? `none: ${target} has a price at or below zero in the lookback, where log returns are undefined; no option on it is priced`
      : `sample standard deviation of ${lookbackDays} daily log returns × √252`,
  };
}

/** Library callers build portfolios in code; the readers' checks (src/data/holdings.ts) are
 *  repeated here so that no NaN reaches a report. */
function checkPortfolio(portfolio: Portfolio): void {
  if (portfolio.positions.length === 0) {
    throw new InputError({ file: 'portfolio', expected: 'at least one holding besides cash (cash alone has nothing to hedge)' });
  }
  for (const p of portfolio.positions) {
    if (!Number.isFinite(p.quantity) || p.quantity === 0) {
      throw new InputError({ file: 'portfolio', column: p.instrument.symbol, value: String(p.quantity), expected: 'a finite, non-zero quantity (negative: short)' });
    }
  }
  if (!Number.isFinite(portfolio.cash)) throw new InputError({ file: 'portfolio', column: 'cash', value: String(portfolio.cash), expected: 'a finite amount of cash' });
}

function checkConfidence(levels: readonly number[]): void {
  if (levels.length === 0 || levels.length > MAX_CONFIDENCE_LEVELS) {
    throw new InputError({ file: 'confidence', value: levels.join(','), expected: `from 1 to ${MAX_CONFIDENCE_LEVELS} confidence levels` });
  }
  const bad = levels.find((c) => !(c > 0.5 && c < 1));
  if (bad !== undefined) throw new InputError({ file: 'confidence', value: String(bad), expected: 'confidence levels strictly between 0.5 and 1' });
}

/** Every holding needs a price history, and holdings whose histories share no date cannot be
 *  valued together on any day. */
function checkOverlap(required: readonly string[], series: readonly PriceSeries[]): void {
  const missing = required.find((symbol) => !series.some((s) => s.symbol === symbol));
  if (missing !== undefined) throw new InputError({ file: 'portfolio', value: missing, expected: 'holdings with a price history (none was loaded for this one)' });
  const ranges = series.map((s) => ({ symbol: s.symbol, first: s.dates[0] ?? '', last: s.dates[s.dates.length - 1] ?? '' }));
  const latestStart = ranges.reduce((a, b) => (b.first > a.first ? b : a), ranges[0]!);
  const earliestEnd = ranges.reduce((a, b) => (b.last < a.last ? b : a), ranges[0]!);
  if (latestStart.first > earliestEnd.last) {
    throw new InputError({
      file: 'portfolio', value: `${earliestEnd.symbol},${latestStart.symbol}`,
      expected: `holdings whose price histories overlap (${earliestEnd.symbol}'s ends on ${earliestEnd.last}, before ${latestStart.symbol}'s starts on ${latestStart.first})`,
    });
  }
}

/** What the scenario stage does, in the progress line. */
function scenarioStage(o: AnalyzeOptions): string {
  const drawn: Record<string, string> = { fhs: 'filtered historical', bootstrap: 'bootstrap', 'mc-normal': 'Monte Carlo (normal)', 'mc-t': 'Monte Carlo (Student-t)' };
  const method = drawn[o.scenarioMethod];
  return method === undefined ? `${o.scenarioMethod} scenarios` : `${method} scenarios: drawing ${o.scenarioCount.toLocaleString('en-US')}`;
}

/** User shocks are stress scenarios: with another method they would be dropped unseen. */
function checkShocks(options: AnalyzeOptions, symbols: readonly string[]): void {
  if (options.shocks === undefined || options.shocks.length === 0) return;
  if (options.scenarioMethod !== 'stress') {
    throw new InputError({
      file: '--shock', expected: `--scenarios stress with user shocks (the ${options.scenarioMethod} method has no user shocks)`,
    });
  }
  const unknown = options.shocks.flatMap((s) => Object.keys(s.moves)).find((symbol) => !symbols.includes(symbol));
  if (unknown !== undefined) {
    throw new InputError({ file: '--shock', value: unknown, expected: `symbols with a price history on the as-of date (${symbols.join(', ')})` });
  }
}

function resolveAsOf(calendar: string[], asOf: string | undefined): number {
  const last = calendar.length - 1;
  if (asOf === undefined) return last;
  const i = calendar.indexOf(asOf);
  if (i < 0) {
    throw new InputError({
      file: '--as-of', value: asOf,
      expected: `a trading date in the holdings' common history, ${calendar[0]} to ${calendar[last]}`,
    });
  }
  return i;
}

function largestHolding(portfolio: Portfolio, prices: Record<string, number>): string {
  let best: { symbol: string; value: number } | undefined;
  for (const p of portfolio.positions) {
    const value = Math.abs(p.quantity * (prices[p.instrument.symbol] ?? 0));
    if (!best || value > best.value) best = { symbol: p.instrument.symbol, value };
  }
  if (!best) throw new InputError({ file: 'portfolio', expected: 'at least one holding' });
  return best.symbol;
}
