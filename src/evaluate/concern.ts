// The concern screen (issue 11): which holding of a portfolio deserves a micro-hedge. For every
// holding, from the portfolio's own data, four groups of measures (definitions, windows and
// sources in docs/screen.md):
//   • concentration — share of the portfolio's value, and share of its expected shortfall: the
//     Euler contribution E[−X_i | L ≥ VaR_α] of src/evaluate/contributions.ts (Tasche 2000), which
//     sums to the ES over the holdings;
//   • diversification left — ES(X) − ES(X − X_i): what a hedge that cancelled the holding's P&L
//     exactly would remove from the portfolio's ES, the most a micro-hedge of it can do;
//   • volatility — the RiskMetrics EWMA (λ = 0.94) of daily log returns now, ranked among its own
//     daily values over the last years (percentile), against the portfolio's EWMA volatility, a
//     GARCH(1,1) next-day forecast (Bollerslev 1986) beside it, and the at-the-money implied
//     volatility over the EWMA one when an option chain of the holding is quoted on the as-of date;
//   • stretched price ("very expensive") from prices alone — distance above the 200-day simple
//     average, z-score of today's log price against an OLS trend line over the last five years,
//     and run-ups over one and three years. A price-based proxy, not a valuation model.
// Each measure has a threshold (a flag is raised when the measure reaches it) and a sentence in
// words. Holdings are ranked by a concern score, the share of ES the holding carries scaled up by
// its warning signs: score = max(0, ES share) × (1 + V + S) with V, S ∈ {0, 1} whether a volatility
// and a stretched-price flag is raised. Concentration is the base because a micro-hedge of a
// holding can only remove the risk that holding carries; a volatile or stretched holding that
// carries little of it is worth less of a hedge. Ties: larger ES share, then symbol.
//
// Histories. Scenario measures use analyze's own market model (prepare(): the holdings' common
// calendar over the lookback, historical or other scenarios), so the figures here equal those of
// analyze's report. Per-holding history measures use the holding's own price series up to the
// as-of date, so one young holding does not shorten every other holding's ten-year history; log
// returns are taken over the trailing run of strictly positive prices (WTI spot closed at −36.98
// on 2020-04-20; its volatility history starts after that day).

import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { yearFraction } from '../domain/dates.js';
import type { MarketSnapshot } from '../domain/market.js';
import { negativeCapableSymbol } from '../data/symbols.js';
import type { OptionChain, PriceSeries } from '../data/types.js';
import { futuresSpec } from '../domain/contracts.js';
import { DEFAULT_OPTIONS, prepare, type AnalyzeInput } from '../pipeline/prepare.js';
import { ImpliedVolatilityError, impliedVolatility } from '../pricing/index.js';
import type { ScenarioMethod } from '../scenarios/build.js';
import { ewmaVariance, RISKMETRICS_DAILY_LAMBDA } from '../stats/ewma.js';
import { fitGarch11, GARCH_MIN_OBSERVATIONS } from '../stats/garch.js';
import { olsRegression } from '../stats/regression.js';
import { logReturns } from '../stats/returns.js';
import { notEstimable, estimated, type Estimate } from '../stats/result.js';
import { portfolioComponents, riskContributions, tailRisk } from './contributions.js';

/** Trading days per year, for annualising daily variances (×252) and for the 1- and 3-year
 *  run-ups (252 and 756 trading days back). */
const TRADING_DAYS = 252;

/** Fewer than a year of daily values makes a percentile rank or a trend line meaningless. */
export const MIN_HISTORY_DAYS = 252;

/** Each EWMA value ranked has at least this many returns behind it: λ^250 = 1.9·10⁻⁷ at 0.94, so
 *  it is the document's infinite-sample estimate to seven digits, the same estimator as today's. */
export const EWMA_WARMUP_DAYS = 250;

/** The implied volatility is read from the listed expiry nearest to this many calendar days. */
const IMPLIED_TERM_DAYS = 30;

export const FLAG_IDS = [
  'value-share', 'risk-share', 'es-reduction',
  'volatility-percentile', 'volatility-ratio', 'implied-over-realised',
  'trend-z', 'above-average', 'run-up-1y', 'run-up-3y',
] as const;

export type FlagId = (typeof FLAG_IDS)[number];
export type ConcernFamily = 'concentration' | 'volatility' | 'stretched-price';

const FAMILY: Record<FlagId, ConcernFamily> = {
  'value-share': 'concentration', 'risk-share': 'concentration', 'es-reduction': 'concentration',
  'volatility-percentile': 'volatility', 'volatility-ratio': 'volatility', 'implied-over-realised': 'volatility',
  'trend-z': 'stretched-price', 'above-average': 'stretched-price', 'run-up-1y': 'stretched-price', 'run-up-3y': 'stretched-price',
};

/** A flag is raised when its measure is at or above the threshold. Shares, percentiles, distances
 *  and run-ups are decimals (0.10 = 10 %); ratios and z-scores are plain numbers. */
export type ConcernThresholds = Record<FlagId, number>;

/** Defaults, each argued in docs/screen.md. */
export const DEFAULT_THRESHOLDS: ConcernThresholds = {
  'value-share': 0.10,
  'risk-share': 0.20,
  'es-reduction': 0.50,
  'volatility-percentile': 0.90,
  'volatility-ratio': 3,
  'implied-over-realised': 1.5,
  'trend-z': 2,
  'above-average': 0.25,
  'run-up-1y': 0.50,
  'run-up-3y': 1,
};

export type ScreenOptions = {
  /** Default: the holdings' last common date. */
  asOf?: string;
  /** Trading days of the risk horizon of the ES. */
  horizonDays: number;
  /** Trading days of history for the scenarios (as analyze). */
  lookbackDays: number;
  /** Confidence level of the ES, e.g. 0.95. */
  confidence: number;
  scenarioMethod: ScenarioMethod;
  scenarioCount: number;
  seed: number;
  /** Trading days of daily EWMA values the current one is ranked among. */
  volatilityHistoryDays: number;
  /** Trading days of the log-price trend line. */
  trendDays: number;
  /** Trading days of the simple moving average. */
  averageDays: number;
  thresholds: ConcernThresholds;
};

export const DEFAULT_SCREEN_OPTIONS: ScreenOptions = {
  horizonDays: DEFAULT_OPTIONS.horizonDays,
  lookbackDays: DEFAULT_OPTIONS.lookbackDays,
  confidence: 0.95,
  scenarioMethod: DEFAULT_OPTIONS.scenarioMethod,
  scenarioCount: DEFAULT_OPTIONS.scenarioCount,
  seed: DEFAULT_OPTIONS.seed,
  volatilityHistoryDays: 10 * TRADING_DAYS,
  trendDays: 5 * TRADING_DAYS,
  averageDays: 200,
  thresholds: DEFAULT_THRESHOLDS,
};

/** Where each option may lie; the CLI and the server check their inputs against the same. */
export const SCREEN_LIMITS = {
  horizonDays: [1, 250],
  lookbackDays: [40, 10_000],
  volatilityHistoryDays: [MIN_HISTORY_DAYS, 25 * TRADING_DAYS],
  trendDays: [MIN_HISTORY_DAYS, 25 * TRADING_DAYS],
  averageDays: [2, 5 * TRADING_DAYS],
} as const satisfies Record<string, readonly [number, number]>;

const nullableNumber = z.number().nullable();

const flagSchema = z.object({
  id: z.enum(FLAG_IDS),
  family: z.enum(['concentration', 'volatility', 'stretched-price']),
  value: z.number().describe('the measure, in the unit of its threshold'),
  threshold: z.number(),
  raised: z.boolean().describe('value ≥ threshold'),
  sentence: z.string(),
});

const holdingConcernSchema = z.object({
  symbol: z.string(),
  rank: z.number().int().positive().describe('1 = the most concerning'),
  score: z.number().nonnegative().describe('max(0, ES share) × (1 + volatility flag raised + stretched-price flag raised)'),
  quantity: z.number(),
  price: z.number(),
  value: z.number().describe('market value on the as-of date, currency'),
  concentration: z.object({
    valueShare: z.number().describe('value / portfolio value (cash included)'),
    esContribution: z.number().describe('Euler contribution to ES, currency (they sum to the ES)'),
    esShare: nullableNumber.describe('esContribution / ES; null when the ES is not a loss'),
    esWithout: z.number().describe('ES of the portfolio without this holding, currency'),
    esReduction: z.number().describe('ES − esWithout: what cancelling the holding\'s P&L would remove'),
    esReductionShare: nullableNumber.describe('esReduction / ES'),
  }),
  volatility: z.object({
    ewma: nullableNumber.describe('RiskMetrics EWMA volatility now, annualised decimal'),
    garch: nullableNumber.describe('GARCH(1,1) next-day volatility forecast, annualised decimal'),
    percentile: nullableNumber.describe('share of the daily EWMA values over the history at or below today\'s'),
    historyFrom: z.string().nullable(),
    historyDays: z.number().int().nullable(),
    historyYears: nullableNumber,
    ratioToPortfolio: nullableNumber.describe('EWMA volatility / the portfolio\'s'),
    implied: z.object({
      value: z.number().describe('at-the-money implied volatility, annualised decimal'),
      expiry: z.string(),
      strike: z.number().describe('as listed in the chain'),
      source: z.string(),
    }).nullable(),
    impliedToRealised: nullableNumber.describe('implied / EWMA volatility'),
  }),
  stretch: z.object({
    aboveAverage: nullableNumber.describe('price / simple moving average − 1'),
    fallToAverage: nullableNumber.describe('1 − average / price: the fall back to the average'),
    trendFrom: z.string().nullable(),
    trendYears: nullableNumber,
    trendZ: nullableNumber.describe('residual of today\'s log price from its OLS trend / residual standard deviation'),
    fallToTrend: nullableNumber.describe('1 − trend value / price: the fall back to the trend line'),
    runUp1y: nullableNumber.describe('price / price 252 trading days earlier − 1'),
    runUp3y: nullableNumber.describe('price / price 756 trading days earlier − 1'),
  }),
  flags: z.array(flagSchema).describe('every measure that could be computed, raised or not'),
  summary: z.string(),
  notes: z.array(z.string()).describe('why a measure could not be computed'),
});

export const concernScreenSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  horizonDays: z.number().int().positive(),
  confidence: z.number(),
  portfolio: z.object({
    value: z.number().describe('holdings + cash, currency'),
    cash: z.number(),
    var: z.number().describe('VaR at the confidence level over the horizon, currency'),
    es: z.number().describe('expected shortfall, currency'),
    ewmaVolatility: nullableNumber.describe('EWMA volatility of today\'s portfolio mix, annualised decimal'),
  }),
  scenarios: z.object({ description: z.string(), count: z.number().int().positive() }),
  settings: z.object({
    volatilityHistoryDays: z.number().int(), trendDays: z.number().int(), averageDays: z.number().int(),
    thresholds: z.record(z.enum(FLAG_IDS), z.number()),
  }),
  holdings: z.array(holdingConcernSchema).describe('ranked, most concerning first'),
  top: z.object({ symbol: z.string(), why: z.string() }),
  method: z.string(),
  priceProxy: z.string(),
  notes: z.array(z.string()),
});

export type ConcernFlag = z.infer<typeof flagSchema>;
export type HoldingConcern = z.infer<typeof holdingConcernSchema>;
export type ConcernScreen = z.infer<typeof concernScreenSchema>;

function priceProxy(o: ScreenOptions): string {
  return 'The stretched-price measures read the price history alone: how far a price has run from its own past (its ' +
    `${o.averageDays}-day average, its trend over ${o.trendDays} trading days, its price one and three years ago). They ` +
    'are a proxy for "very expensive", not a valuation model: no earnings, cash flows, multiples or rates enter them, ' +
    'and a price far above its trend can stay there.';
}

/** Screens every holding of `input.portfolio` (see the file comment). Pure and deterministic:
 *  same inputs, same screen. */
export function screenHoldings(input: AnalyzeInput, options: ScreenOptions): ConcernScreen {
  checkOptions(options);
  const { ctx, scenarios } = prepare(input, {
    ...DEFAULT_OPTIONS,
    horizonDays: options.horizonDays, lookbackDays: options.lookbackDays, confidence: [options.confidence],
    scenarioMethod: options.scenarioMethod, scenarioCount: options.scenarioCount, seed: options.seed,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  const { portfolio, snapshot } = ctx;
  const asOf = snapshot.asOf;
  const level = options.confidence;

  const components = portfolioComponents(portfolio, snapshot, scenarios);
  const contributions = riskContributions(components, [level]).levels[0]!;
  const total = new Float64Array(scenarios.count);
  for (const c of components) for (let s = 0; s < total.length; s++) total[s] = total[s]! + c.pnl[s]!;
  const es = contributions.es;
  const holdingsValue = components.reduce((sum, c) => sum + (c.value ?? 0), 0);
  const portfolioValue = holdingsValue + portfolio.cash;
  if (!(portfolioValue > 0)) {
    throw new InputError({ file: 'portfolio', value: portfolioValue.toFixed(2), expected: 'a portfolio worth more than 0 on the as-of date (holdings plus cash): shares of its value are undefined otherwise' });
  }
  const notes: string[] = [];
  if (!(es > 0)) notes.push(`The portfolio's ${describeEs(options)} is not a loss (${es.toFixed(2)}): ES shares are not defined.`);

  // Today's mix held over the recent common history: the holdings' columns of analyze's history.
  const weights = components.map((c) => (c.value ?? 0) / portfolioValue);
  const columns = components.map((c) => ctx.history.columns[ctx.history.symbols.indexOf(c.name)]!);
  // Which holdings move by price changes, as prepare() decides for the scenarios.
  const additive = components.map((c) => futuresSpec(c.name) !== undefined || negativeCapableSymbol(c.name));
  const portfolioVol = portfolioEwmaVolatility(columns, weights, additive, ctx.asOfIndex);
  if (!portfolioVol.ok) notes.push(portfolioVol.reason);
  const portfolioEwma = portfolioVol.ok ? portfolioVol.value : null;

  const scratch = new Float64Array(scenarios.count);
  const without = new Float64Array(scenarios.count);
  const unranked = components.map((c, i) => {
    for (let s = 0; s < without.length; s++) without[s] = total[s]! - c.pnl[s]!;
    const esWithout = tailRisk(without, level, scratch).es;
    const contribution = contributions.components[i]!;
    const position = portfolio.positions[i]!;
    const series = input.prices.find((p) => p.symbol === c.name)!;
    return measureHolding({
      symbol: c.name, quantity: position.quantity, price: snapshot.prices[c.name]!, value: c.value ?? 0,
      valueShare: (c.value ?? 0) / portfolioValue, esContribution: contribution.componentEs,
      es, esWithout, series, asOf, portfolioEwma, options, snapshot,
      chains: input.chains.filter((ch) => ch.underlying === c.name && ch.quoteDate === asOf),
    });
  });
  const holdings = rank(unranked);
  const screen: ConcernScreen = {
    asOf, currency: portfolio.currency, horizonDays: options.horizonDays, confidence: level,
    portfolio: { value: portfolioValue, cash: portfolio.cash, var: contributions.var, es, ewmaVolatility: portfolioEwma },
    scenarios: { description: scenarios.describe, count: scenarios.count },
    settings: {
      volatilityHistoryDays: options.volatilityHistoryDays, trendDays: options.trendDays, averageDays: options.averageDays,
      thresholds: { ...options.thresholds },
    },
    holdings,
    top: { symbol: holdings[0]!.symbol, why: whyTop(holdings, options) },
    method: methodLine(options, scenarios.count),
    priceProxy: priceProxy(options),
    notes: [...notes, ...scenarios.notes],
  };
  return concernScreenSchema.parse(screen);
}

type HoldingInput = {
  symbol: string; quantity: number; price: number; value: number; valueShare: number;
  esContribution: number; es: number; esWithout: number;
  series: PriceSeries; asOf: string; portfolioEwma: number | null;
  options: ScreenOptions; snapshot: MarketSnapshot; chains: OptionChain[];
};

function measureHolding(h: HoldingInput): HoldingConcern {
  const { symbol, options } = h;
  const notes: string[] = [];
  const esDefined = h.es > 0;
  const esReduction = h.es - h.esWithout;
  const concentration = {
    valueShare: h.valueShare,
    esContribution: h.esContribution,
    esShare: esDefined ? h.esContribution / h.es : null,
    esWithout: h.esWithout,
    esReduction,
    esReductionShare: esDefined ? esReduction / h.es : null,
  };

  const end = lastIndexOnOrBefore(h.series.dates, h.asOf);
  const prices = h.series.values.subarray(0, end + 1);
  const dates = h.series.dates;
  const start = trailingPositiveStart(prices);
  if (start > 0) {
    notes.push(`${symbol} closed at ${prices[start - 1]} on ${dates[start - 1]}: its volatility and trend use the prices after that day.`);
  }
  const positive = prices.subarray(start);
  const returns = logReturns(positive);

  const rankEstimate = ewmaVolatilityRank(returns, options.volatilityHistoryDays);
  let ewma: number | null = null;
  let percentile: number | null = null;
  let historyFrom: string | null = null;
  let historyDays: number | null = null;
  let historyYears: number | null = null;
  if (rankEstimate.ok) {
    ewma = Math.sqrt(TRADING_DAYS * rankEstimate.value.variance);
    percentile = rankEstimate.value.percentile;
    historyDays = rankEstimate.value.compared;
    // Return k (0-based) ends on price k + 1 of the positive run.
    historyFrom = dates[start + returns.length - historyDays + 1]!;
    historyYears = yearFraction(historyFrom, h.asOf);
  } else {
    notes.push(`${symbol}: no volatility percentile: ${rankEstimate.reason}.`);
    if (returns.length > 0) ewma = Math.sqrt(TRADING_DAYS * ewmaVariance(returns)[returns.length - 1]!);
  }
  const garchReturns = returns.subarray(Math.max(0, returns.length - options.volatilityHistoryDays));
  let garch: number | null = null;
  if (garchReturns.length >= GARCH_MIN_OBSERVATIONS) {
    const fit = fitGarch11(garchReturns);
    if (fit.ok) garch = Math.sqrt(TRADING_DAYS * fit.value.nextVariance);
    else notes.push(`${symbol}: no GARCH(1,1) forecast: ${fit.reason}.`);
  } else {
    notes.push(`${symbol}: no GARCH(1,1) forecast: ${garchReturns.length} daily returns, at least ${GARCH_MIN_OBSERVATIONS} needed.`);
  }
  const ratioToPortfolio = ewma !== null && h.portfolioEwma !== null && h.portfolioEwma > 0 ? ewma / h.portfolioEwma : null;

  const implied = h.chains.length > 0 ? atTheMoneyVolatility(h.chains[0]!, h.snapshot.rate) : null;
  if (h.chains.length > 0 && implied === null) notes.push(`${symbol}: the option chain of ${h.asOf} has no quote with an implied volatility.`);
  const impliedToRealised = implied !== null && ewma !== null && ewma > 0 ? implied.value / ewma : null;

  const average = movingAverageGap(prices, options.averageDays);
  if (average === null) notes.push(`${symbol}: no ${options.averageDays}-day average: ${prices.length} prices, or a non-positive average.`);
  const trend = logTrendDeviation(positive.subarray(Math.max(0, positive.length - options.trendDays)));
  if (!trend.ok) notes.push(`${symbol}: no trend z-score: ${trend.reason}.`);
  const trendDays = Math.min(options.trendDays, positive.length);
  const trendFrom = trend.ok ? dates[start + positive.length - trendDays]! : null;
  const runUp1y = runUp(prices, TRADING_DAYS);
  const runUp3y = runUp(prices, 3 * TRADING_DAYS);
  for (const [years, value] of [[1, runUp1y], [3, runUp3y]] as const) {
    if (value === null) notes.push(`${symbol}: no ${years}-year run-up: fewer than ${years * TRADING_DAYS + 1} prices or a non-positive start.`);
  }
  const stretch = {
    aboveAverage: average?.aboveAverage ?? null,
    fallToAverage: average?.fallToAverage ?? null,
    trendFrom,
    trendYears: trendFrom === null ? null : yearFraction(trendFrom, h.asOf),
    trendZ: trend.ok ? trend.value.z : null,
    fallToTrend: trend.ok ? trend.value.fallToTrend : null,
    runUp1y,
    runUp3y,
  };
  const volatility = {
    ewma, garch, percentile, historyFrom, historyDays, historyYears, ratioToPortfolio,
    implied: implied === null ? null : { value: implied.value, expiry: implied.expiry, strike: implied.strike, source: implied.source },
    impliedToRealised,
  };
  const draft: Draft = { symbol, concentration, volatility, stretch };
  const flags = evaluateFlags(draft, h.portfolioEwma, options);
  return {
    symbol, rank: 0, score: score(concentration.esShare, flags), quantity: h.quantity, price: h.price, value: h.value,
    concentration, volatility, stretch, flags, summary: summarise(draft, flags, options), notes,
  };
}

/** The measures of one holding, before flags and ranking. */
type Draft = Pick<HoldingConcern, 'symbol' | 'concentration' | 'volatility' | 'stretch'>;

/** Every flag whose measure could be computed, with its sentence. */
function evaluateFlags(d: Draft, portfolioEwma: number | null, o: ScreenOptions): ConcernFlag[] {
  const { symbol, concentration: c, volatility: v, stretch: p } = d;
  const t = o.thresholds;
  const es = describeEs(o);
  const flags: ConcernFlag[] = [];
  const add = (id: FlagId, value: number | null, sentence: (raised: boolean) => string) => {
    if (value === null) return;
    const raised = value >= t[id];
    flags.push({ id, family: FAMILY[id], value, threshold: t[id], raised, sentence: sentence(raised) });
  };
  add('value-share', c.valueShare, () => `${symbol} is ${pct(c.valueShare)} of the portfolio's value (flag at ${pct(t['value-share'])}).`);
  add('risk-share', c.esShare, () => `${symbol} carries ${pct(c.esShare!)} of the portfolio's ${es} (flag at ${pct(t['risk-share'])}).`);
  add('es-reduction', c.esReductionShare, (raised) => raised
    ? `Cancelling ${symbol}'s P&L would cut the portfolio's ${es} by ${pct(c.esReductionShare!)}: a micro-hedge of ${symbol} ` +
      `is nearly a hedge of the whole portfolio (flag at ${pct(t['es-reduction'])}).`
    : `Cancelling ${symbol}'s P&L would cut the portfolio's ${es} by ${pct(c.esReductionShare!)}, the most a micro-hedge of it ` +
      `can remove (flag at ${pct(t['es-reduction'])}).`);
  add('volatility-percentile', v.percentile, () => `Its volatility (EWMA ${pct(v.ewma!)}) is ${percentilePhrase(v.percentile!, v.historyDays!)} ` +
    `of its last ${years(v.historyYears!)} (flag at the ${ordinal(t['volatility-percentile'])}).`);
  add('volatility-ratio', v.ratioToPortfolio, () => `Its volatility is ${times(v.ratioToPortfolio!)} the portfolio's ` +
    `${pct(portfolioEwma!)} (flag at ${times(t['volatility-ratio'])}).`);
  add('implied-over-realised', v.impliedToRealised, () => `Its options price ${pct(v.implied!.value)} implied volatility ` +
    `(at the money, ${v.implied!.expiry} expiry) against ${pct(v.ewma!)} realised (EWMA): ${times(v.impliedToRealised!)} ` +
    `(flag at ${times(t['implied-over-realised'])}).`);
  add('trend-z', p.trendZ, () => {
    const side = p.trendZ! >= 0 ? 'above' : 'below';
    const back = p.fallToTrend! >= 0 ? `a return to the trend would be a fall of ${pct(p.fallToTrend!)}`
      // trend / price − 1 = e^{−residual} − 1 = −fallToTrend.
      : `the trend line is ${pct(-p.fallToTrend!)} above today's price`;
    return `Its log price is ${Math.abs(p.trendZ!).toFixed(1)} standard deviations ${side} its ${years(p.trendYears!, true)} trend; ` +
      `${back} (flag at ${t['trend-z'].toFixed(1)}).`;
  });
  add('above-average', p.aboveAverage, () => p.aboveAverage! >= 0
    ? `It trades ${pct(p.aboveAverage!)} above its ${o.averageDays}-day average; falling back to it would be a ${pct(p.fallToAverage!)} ` +
      `drop (flag at ${pct(t['above-average'])}).`
    : `It trades ${pct(-p.aboveAverage!)} below its ${o.averageDays}-day average (flag at ${pct(t['above-average'])} above).`);
  add('run-up-1y', p.runUp1y, () => `It ${moved(p.runUp1y!)} over the last year (flag at ${pct(t['run-up-1y'])}).`);
  add('run-up-3y', p.runUp3y, () => `It ${moved(p.runUp3y!)} over the last three years (flag at ${pct(t['run-up-3y'])}).`);
  return flags;
}

function score(esShare: number | null, flags: readonly ConcernFlag[]): number {
  const raised = (family: ConcernFamily) => (flags.some((f) => f.raised && f.family === family) ? 1 : 0);
  return Math.max(0, esShare ?? 0) * (1 + raised('volatility') + raised('stretched-price'));
}

/** Highest score first; ties by larger ES share, then by symbol, so the order never depends on
 *  the order of the holdings file. */
function rank(holdings: HoldingConcern[]): HoldingConcern[] {
  const sorted = [...holdings].sort((a, b) => b.score - a.score
    || (b.concentration.esShare ?? -Infinity) - (a.concentration.esShare ?? -Infinity)
    || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return sorted.map((h, i) => ({ ...h, rank: i + 1 }));
}

/** "XOM is 12% of value but 31% of 10-day 95% ES; its volatility is in the 92nd percentile of its
 *  last 10 years; …" — the holding in one sentence, raised flags included. */
function summarise(d: Draft, flags: readonly ConcernFlag[], o: ScreenOptions): string {
  const { symbol, concentration: c, volatility: v } = d;
  const t = o.thresholds;
  const isRaised = (id: FlagId) => flags.some((f) => f.id === id && f.raised);
  const lines = [
    ...(isRaised('value-share') ? [`the ${pct(t['value-share'])} value line`] : []),
    ...(isRaised('risk-share') ? [`the ${pct(t['risk-share'])} ES line`] : []),
  ];
  const over = lines.length > 0 ? `, above ${lines.join(' and ')}` : '';
  const parts: string[] = [];
  parts.push(c.esShare === null
    ? `${symbol} is ${pct(c.valueShare)} of value${over}`
    // "but" only when the rounded figures read differently.
    : `${symbol} is ${pct(c.valueShare)} of value ${Math.round(100 * c.esShare) > Math.round(100 * c.valueShare) ? 'but' : 'and'} ` +
      `${pct(c.esShare)} of ${describeEs(o)}${over}`);
  if (v.percentile !== null) {
    parts.push(`its volatility is ${percentilePhrase(v.percentile, v.historyDays!)} of its last ${years(v.historyYears!)}` +
      (isRaised('volatility-percentile') ? `, above the ${ordinal(t['volatility-percentile'])}` : ''));
  }
  parts.push(...raisedPhrases(d, flags, ['value-share', 'risk-share', 'volatility-percentile'], o));
  if (!flags.some((f) => f.raised)) parts.push('no flag at the thresholds set');
  return `${parts.join('; ')}.`;
}

/** Short phrases for the raised flags, in FLAG_IDS order, leaving out `skip`. */
function raisedPhrases(d: Draft, flags: readonly ConcernFlag[], skip: readonly FlagId[], o: ScreenOptions): string[] {
  const { symbol, concentration: c, volatility: v, stretch: p } = d;
  const phrase: Record<FlagId, () => string> = {
    'value-share': () => `${pct(c.valueShare)} of the portfolio's value`,
    'risk-share': () => `${pct(c.esShare!)} of its ES`,
    'es-reduction': () => `cancelling its P&L would cut portfolio ES by ${pct(c.esReductionShare!)}: a micro-hedge of ${symbol} is nearly a hedge of the whole portfolio`,
    'volatility-percentile': () => `volatility ${percentilePhrase(v.percentile!, v.historyDays!)} of its last ${years(v.historyYears!)}`,
    'volatility-ratio': () => `volatility ${times(v.ratioToPortfolio!)} the portfolio's`,
    'implied-over-realised': () => `implied volatility ${times(v.impliedToRealised!)} the realised`,
    'trend-z': () => `log price ${Math.abs(p.trendZ!).toFixed(1)} standard deviations ${p.trendZ! >= 0 ? 'above' : 'below'} its ` +
      `${years(p.trendYears!, true)} trend${p.fallToTrend! > 0 ? ` (a ${pct(p.fallToTrend!)} fall back to it)` : ''}`,
    'above-average': () => `${pct(p.aboveAverage!)} above its ${o.averageDays}-day average`,
    'run-up-1y': () => `up ${pct(p.runUp1y!)} in a year`,
    'run-up-3y': () => `up ${pct(p.runUp3y!)} in three years`,
  };
  return flags.filter((f) => f.raised && !skip.includes(f.id)).map((f) => phrase[f.id]());
}

function whyTop(ranked: readonly HoldingConcern[], o: ScreenOptions): string {
  const top = ranked[0]!;
  const draft: Draft = { symbol: top.symbol, concentration: top.concentration, volatility: top.volatility, stretch: top.stretch };
  const es = describeEs(o);
  const esShare = top.concentration.esShare;
  const carries = esShare === null ? `is ${pct(top.concentration.valueShare)} of the portfolio's value`
    : `carries ${pct(esShare)} of the portfolio's ${es} with ${pct(top.concentration.valueShare)} of its value`;
  if (!ranked.some((h) => h.flags.some((f) => f.raised))) {
    return `No holding raises a flag at the thresholds set; ${top.symbol} ranks first only because it ${carries}.`;
  }
  const reasons = raisedPhrases(draft, top.flags, ['value-share', 'risk-share'], o);
  const bound = top.concentration.esReductionShare === null || top.flags.some((f) => f.id === 'es-reduction' && f.raised) ? ''
    : `; a hedge cancelling its P&L would cut portfolio ES by ${pct(top.concentration.esReductionShare)} at most`;
  return `${top.symbol} ranks first (concern score ${top.score.toFixed(2)}): it ${carries}` +
    `${reasons.length > 0 ? `; ${reasons.join('; ')}` : ''}${bound}.`;
}

function methodLine(o: ScreenOptions, scenarioCount: number): string {
  return `Concentration: share of the portfolio's value (cash included) and Euler contribution to the ${describeEs(o)} ` +
    `(mean loss of the holding over the ${scenarioCount} scenarios' tail where the portfolio loses its VaR or more; the ` +
    'contributions sum to the ES); diversification left: ES minus the ES of the portfolio without the holding. ' +
    `Volatility: RiskMetrics EWMA (λ = ${RISKMETRICS_DAILY_LAMBDA}) of daily log returns × √${TRADING_DAYS}, ranked among ` +
    `its daily values over the last ${o.volatilityHistoryDays} trading days (each with ≥ ${EWMA_WARMUP_DAYS} returns behind ` +
    'it); GARCH(1,1) next-day forecast fitted on the same returns; the portfolio\'s EWMA volatility with today\'s weights ' +
    `held daily; at-the-money implied volatility of the expiry nearest ${IMPLIED_TERM_DAYS} days when a chain is quoted on the ` +
    `as-of date. Stretched price: distance from the ${o.averageDays}-day simple average; z-score of today's log price ` +
    `against an OLS trend over the last ${o.trendDays} trading days (residual / residual standard deviation); run-ups over ` +
    `${TRADING_DAYS} and ${3 * TRADING_DAYS} trading days. Score: max(0, ES share) × (1 + a volatility flag raised + a ` +
    'stretched-price flag raised); ties by ES share, then symbol.';
}

function checkOptions(o: ScreenOptions): void {
  for (const [name, [min, max]] of Object.entries(SCREEN_LIMITS)) {
    const value = o[name as keyof typeof SCREEN_LIMITS];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InputError({ file: name, value: String(value), expected: `an integer from ${min} to ${max}` });
    }
  }
  if (o.lookbackDays < o.horizonDays + 30) {
    throw new InputError({
      file: 'lookbackDays', value: String(o.lookbackDays),
      expected: `at least the horizon + 30 trading days (${o.horizonDays + 30}), for 30 scenarios or more`,
    });
  }
  if (!(o.confidence > 0.5 && o.confidence < 1)) {
    throw new InputError({ file: 'confidence', value: String(o.confidence), expected: 'a confidence level strictly between 0.5 and 1' });
  }
  for (const id of FLAG_IDS) {
    const value = o.thresholds[id];
    if (!Number.isFinite(value)) throw new InputError({ file: `threshold ${id}`, value: String(value), expected: 'a finite number' });
  }
}

// ---- Kernels (exported for the reference tests) ----

/** Index of the first price of the trailing run of strictly positive prices (0 when all are). */
export function trailingPositiveStart(prices: Float64Array): number {
  let i = prices.length;
  while (i > 0 && prices[i - 1]! > 0) i--;
  return i;
}

export type VolatilityRank = {
  /** Today's EWMA variance per day. */
  variance: number;
  /** Share of the ranked daily values ≤ today's (scipy percentileofscore kind='weak' / 100). */
  percentile: number;
  /** Daily values ranked, today's included. */
  compared: number;
};

/** Today's EWMA variance of `returns` (the last one) and its percentile rank among the daily EWMA
 *  values of the last `historyDays` days, each computed from at least EWMA_WARMUP_DAYS returns:
 *  the recursion starts EWMA_WARMUP_DAYS − 1 returns before the first value ranked. */
export function ewmaVolatilityRank(returns: Float64Array, historyDays: number, lambda = RISKMETRICS_DAILY_LAMBDA): Estimate<VolatilityRank> {
  const n = returns.length;
  const compared = Math.min(historyDays, n - (EWMA_WARMUP_DAYS - 1));
  if (compared < MIN_HISTORY_DAYS) {
    return notEstimable(`${n} daily returns, at least ${MIN_HISTORY_DAYS + EWMA_WARMUP_DAYS - 1} needed ` +
      `(${MIN_HISTORY_DAYS} values ranked, each from ${EWMA_WARMUP_DAYS} returns)`);
  }
  const variances = ewmaVariance(returns.subarray(n - (compared + EWMA_WARMUP_DAYS - 1)), lambda);
  const today = variances[variances.length - 1]!;
  let atOrBelow = 0;
  for (let i = variances.length - compared; i < variances.length; i++) if (variances[i]! <= today) atOrBelow++;
  return estimated({ variance: today, percentile: atOrBelow / compared, compared });
}

/** Today's log price against an OLS line through the log prices (on 0, 1, …, n − 1): z = the last
 *  residual / the residual standard deviation √(SSR/(n − 2)) (statsmodels OLS), and the fall back
 *  to the line, 1 − exp(−residual). Positive prices; at least MIN_HISTORY_DAYS of them. */
export function logTrendDeviation(prices: Float64Array): Estimate<{ z: number; fallToTrend: number }> {
  const n = prices.length;
  if (n < MIN_HISTORY_DAYS) return notEstimable(`${n} positive prices, at least ${MIN_HISTORY_DAYS} needed`);
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = Math.log(prices[i]!);
    x[i] = i;
  }
  const fit = olsRegression(y, x);
  if (!fit.ok) return fit;
  if (!(fit.value.residualStdDev > 0)) return notEstimable('the log prices lie exactly on a line');
  const residual = y[n - 1]! - fit.value.intercept - fit.value.slope * (n - 1);
  return estimated({ z: residual / fit.value.residualStdDev, fallToTrend: 1 - Math.exp(-residual) });
}

/** Today's price against its simple average over the last `days` prices: price / average − 1 and
 *  the fall back to the average, 1 − average / price. Null with fewer prices than `days` or a
 *  non-positive price or average. */
export function movingAverageGap(prices: Float64Array, days: number): { aboveAverage: number; fallToAverage: number } | null {
  const n = prices.length;
  if (n < days) return null;
  let sum = 0;
  for (let i = n - days; i < n; i++) sum += prices[i]!;
  const average = sum / days;
  const last = prices[n - 1]!;
  if (!(average > 0 && last > 0)) return null;
  return { aboveAverage: last / average - 1, fallToAverage: 1 - average / last };
}

/** price / price `days` observations earlier − 1; null without that many or from a non-positive
 *  start. */
export function runUp(prices: Float64Array, days: number): number | null {
  const n = prices.length;
  if (n <= days) return null;
  const from = prices[n - 1 - days]!;
  return from > 0 ? prices[n - 1]! / from - 1 : null;
}

/** EWMA volatility (annualised) of a portfolio holding `weights` of each column (today's mix,
 *  rebalanced daily; cash is the weight left over, with zero return) over the last
 *  EWMA_WARMUP_DAYS daily returns ending at `endIndex`: log(1 + Σ_i w_i·m_i,t) with m the daily
 *  simple return, or for an `additive` column (prices that can go negative) the daily price
 *  change over today's price — the conventions of the historical scenarios. */
export function portfolioEwmaVolatility(
  columns: readonly Float64Array[], weights: readonly number[], additive: readonly boolean[], endIndex: number,
): Estimate<number> {
  const first = Math.max(0, endIndex - EWMA_WARMUP_DAYS);
  if (endIndex - first < 1) return notEstimable('no portfolio volatility: fewer than two common dates');
  for (let j = 0; j < columns.length; j++) {
    if (additive[j]) continue;
    for (let t = first; t <= endIndex; t++) {
      if (!(columns[j]![t]! > 0)) return notEstimable('no portfolio volatility: a holding has a non-positive price in the last year');
    }
  }
  const returns = new Float64Array(endIndex - first);
  for (let t = first + 1; t <= endIndex; t++) {
    let r = 0;
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j]!;
      r += weights[j]! * (additive[j] ? (c[t]! - c[t - 1]!) / c[endIndex]! : c[t]! / c[t - 1]! - 1);
    }
    returns[t - first - 1] = Math.log1p(r);
  }
  return estimated(Math.sqrt(TRADING_DAYS * ewmaVariance(returns)[returns.length - 1]!));
}

export type AtTheMoney = { value: number; expiry: string; strike: number; source: string };

/** At-the-money implied volatility of a chain: the expiry nearest IMPLIED_TERM_DAYS calendar days
 *  (ties: the later one), the listed strike nearest the chain's underlying price among those with a
 *  usable quote (ties: the lower), the mean of the call's and the put's implied volatilities of
 *  the mid (either alone when only one solves). Solved as optionMarket does: the chain's exercise
 *  style and spot, the quote's rate else `rate`, no dividend yield (adjusted-close convention). */
export function atTheMoneyVolatility(chain: OptionChain, rate: number): AtTheMoney | null {
  const solved = new Map<string, { expiry: string; days: number; strike: number; vols: number[] }>();
  for (const q of chain.quotes) {
    if (!(q.timeYears > 0) || q.ask < q.bid || !(q.ask > 0)) continue;
    let volatility: number;
    try {
      volatility = impliedVolatility({
        type: q.type, style: chain.style, spot: chain.underlyingPrice, strike: q.strike,
        rate: q.riskFree ?? rate, dividendYield: 0, timeYears: q.timeYears, price: (q.bid + q.ask) / 2,
      });
    } catch (e) {
      if (!(e instanceof ImpliedVolatilityError)) throw e;
      continue;
    }
    const key = `${q.expiry} ${q.strike}`;
    const entry = solved.get(key) ?? { expiry: q.expiry, days: q.timeYears * 365, strike: q.strike, vols: [] };
    entry.vols.push(volatility);
    solved.set(key, entry);
  }
  const entries = [...solved.values()];
  if (entries.length === 0) return null;
  // The expiry first (nearest the term, the later on a tie), then the strike within it.
  const distance = (days: number) => Math.abs(days - IMPLIED_TERM_DAYS);
  const term = entries.reduce((a, e) => (distance(e.days) < distance(a.days) || (distance(e.days) === distance(a.days) && e.days > a.days) ? e : a));
  const money = (strike: number) => Math.abs(strike - chain.underlyingPrice);
  const best = entries.filter((e) => e.expiry === term.expiry)
    .reduce((a, e) => (money(e.strike) < money(a.strike) || (money(e.strike) === money(a.strike) && e.strike < a.strike) ? e : a));
  const value = best.vols.reduce((s, v) => s + v, 0) / best.vols.length;
  return { value, expiry: best.expiry, strike: best.strike, source: `${chain.source} (${chain.style}, quoted ${chain.quoteDate})` };
}

function lastIndexOnOrBefore(dates: readonly string[], asOf: string): number {
  let i = dates.length - 1;
  while (i >= 0 && dates[i]! > asOf) i--;
  return i;
}

// ---- Words ----

function describeEs(o: ScreenOptions): string {
  return `${o.horizonDays}-day ${Number((100 * o.confidence).toFixed(2))}% ES`;
}

/** Whole percent with a true minus sign: 0.307 → "31%", −0.012 → "−1%". */
function pct(x: number): string {
  const n = Math.round(100 * x);
  return `${n < 0 ? '−' : ''}${Math.abs(n)}%`;
}

function times(x: number): string {
  return `${x.toFixed(1)}×`;
}

function moved(x: number): string {
  return x >= 0 ? `rose ${pct(x)}` : `fell ${pct(-x)}`;
}

/** "10 years" when within 0.05 of a whole number, else "3.6 years"; as an adjective "10-year". */
function years(y: number, adjective = false): string {
  const whole = Math.round(y);
  const count = Math.abs(y - whole) < 0.05 ? String(whole) : y.toFixed(1);
  if (adjective) return `${count}-year`;
  return `${count} year${count === '1' ? '' : 's'}`;
}

/** "the highest" or "the lowest" when today's value tops or bottoms the ranked ones; otherwise
 *  the nearest percentile from the 1st to the 99th (0.998 is not "the 100th"). */
function percentilePhrase(p: number, ranked: number): string {
  if (p >= 1) return 'the highest';
  if (p * ranked <= 1) return 'the lowest';
  return `in the ${ordinal(Math.min(0.99, Math.max(0.01, p)))} percentile`;
}

/** 0.92 → "92nd", 0.11 → "11th", 0.9 → "90th". */
function ordinal(p: number): string {
  const n = Math.round(100 * p);
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}
