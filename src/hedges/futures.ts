import { futuresSpec, type FuturesSpec } from '../domain/contracts.js';
import { isoDayNumber } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import type { Future } from '../domain/instruments.js';
import { column } from '../domain/market.js';
import { TRADING_DAYS_PER_YEAR } from '../scenarios/historical.js';
import { mean } from '../stats/descriptive.js';
import { quantileType7 } from '../stats/quantile.js';
import { olsRegression, type OlsFit } from '../stats/regression.js';
import {
  basisStatistics, lastTradingDays, nearbyExpiry, optimalContracts, pairedChanges, rollCarry, rollFlags, rollRule,
  rollSpreads, tailingFactor, tickSize, tradingCalendar, type BusinessDayTest, type RollRule,
} from './futures-math.js';
import type { HedgeContext, HedgeKind } from './types.js';

/** Below this R² of daily price changes a futures contract removes less than a quarter of the
 *  target's daily variance (in-sample, the variance reduction of a minimum-variance hedge is
 *  R²): it is not offered at all. */
const MIN_R_SQUARED = 0.25;
/** Below this R² it is offered with a cross-hedge warning (same level as the sector-ETF short). */
const LOW_R_SQUARED = 0.5;
/** Nearby contracts offered from the best-fitting family: the front month and the next. Further
 *  months fit the spot worse and are no cheaper to hold in the sample (docs/hedges-futures.md). */
const NEARBY_OFFERED = 2;

/** What one futures series tells about hedging the target over the lookback window. */
type Fit = {
  symbol: string;
  spec: FuturesSpec;
  rule: RollRule;
  rolls: Uint8Array;
  rollDays: number;
  fit: OlsFit;
};

/** Short (for a long holding) the futures contract whose daily price changes best track the
 *  target's, sized by the minimum-variance ratio estimated from price changes with the roll days
 *  of the nearby series left out, tailed for daily settlement; the basis and the roll carry are
 *  measured from the same history (Hull, Options, Futures and Other Derivatives, ch. 3). */
export const futuresHedge: HedgeKind = {
  kind: 'futures',
  summary: 'sell the futures contract that tracks the target best: minimum-variance ratio from price changes, tailed, with basis and roll carry',
  candidates(ctx: HedgeContext): Hedge[] {
    const from = Math.max(0, ctx.asOfIndex - ctx.lookbackDays);
    const to = ctx.asOfIndex;
    const target = column(ctx.history, ctx.target) as Float64Array;
    const fits = ctx.history.symbols.flatMap((symbol) => {
      const spec = futuresSpec(symbol);
      if (spec === undefined || symbol === ctx.target) return [];
      const fit = fitFutures(ctx, target, symbol, spec, from, to);
      return fit === undefined ? [] : [fit];
    });
    // The family is chosen on its front-most contract in the history; its first months follow.
    const fronts = fits.filter((f) => !fits.some((g) => g.spec.underlying === f.spec.underlying && g.spec.nearby < f.spec.nearby));
    const best = fronts.sort((a, b) => b.fit.rSquared - a.fit.rSquared)[0];
    if (best === undefined || best.fit.rSquared < MIN_R_SQUARED) return [];
    const family = fits
      .filter((f) => f.spec.underlying === best.spec.underlying)
      .sort((a, b) => a.spec.nearby - b.spec.nearby);
    const others = fronts.filter((f) => f !== best).slice(0, 3)
      .map((f) => `${f.symbol} R²=${f.fit.rSquared.toFixed(2)}`).join(', ');
    return family.slice(0, NEARBY_OFFERED).flatMap((f) => {
      const hedge = buildHedge(ctx, target, f, nextNearbySymbol(ctx, f.spec), from, to);
      if (hedge !== undefined && others !== '') hedge.parameters.otherFamilies = others;
      return hedge === undefined ? [] : [hedge];
    });
  },
};

/** The regression of the target's daily price changes on the futures' over the window, roll days
 *  left out; undefined when it cannot be estimated (too short, a constant series). */
function fitFutures(ctx: HedgeContext, target: Float64Array, symbol: string, spec: FuturesSpec, from: number, to: number): Fit | undefined {
  const futures = column(ctx.history, symbol) as Float64Array;
  const rule = rollRule(spec);
  const dates = ctx.history.dates;
  // Business days from the futures' own, unaligned series: the aligned calendar follows the
  // holdings' exchange and can miss futures trading days (or add forward-filled ones).
  const rolls = rollFlags(dates, lastTradingDays(rule, futuresCalendar(ctx, symbol), isoDayNumber(dates[from] as string), isoDayNumber(dates[to] as string)));
  let rollDays = 0;
  for (let t = from + 1; t <= to; t++) rollDays += rolls[t] as number;
  const changes = pairedChanges(target, futures, rolls, from, to);
  const estimate = olsRegression(changes.spot, changes.futures);
  return estimate.ok ? { symbol, spec, rule, rolls, rollDays, fit: estimate.value } : undefined;
}

/** The exchange's business days, from the futures' own series when it was loaded. */
function futuresCalendar(ctx: HedgeContext, symbol: string): BusinessDayTest {
  return tradingCalendar(ctx.prices.find((s) => s.symbol === symbol)?.dates ?? ctx.history.dates);
}

/** The series of the next nearby contract of the same family, if one was loaded. */
function nextNearbySymbol(ctx: HedgeContext, spec: FuturesSpec): string | undefined {
  return ctx.history.symbols.find((s) => {
    const other = futuresSpec(s);
    return other !== undefined && other.underlying === spec.underlying && other.nearby === spec.nearby + 1;
  });
}

function buildHedge(
  ctx: HedgeContext, target: Float64Array, f: Fit, next: string | undefined, from: number, to: number,
): Hedge | undefined {
  const { spec, fit, rule } = f;
  const futures = column(ctx.history, f.symbol) as Float64Array;
  const spot = ctx.snapshot.prices[ctx.target] as number;
  const price = ctx.snapshot.prices[f.symbol] as number;
  const targetValue = ctx.targetQuantity * spot;
  const horizonYears = ctx.horizonDays / TRADING_DAYS_PER_YEAR;

  const untailed = optimalContracts(fit.slope, ctx.targetQuantity, spec.multiplier);
  const tail = tailingFactor(ctx.snapshot.rate, horizonYears);
  const quantity = -Math.round(untailed * tail);
  if (quantity === 0) return undefined;
  const contracts = Math.abs(quantity);
  const notional = contracts * spec.multiplier * price;

  const tick = tickSize(spec);
  const commission = ctx.costs.commissionPerContract;
  // Entry: half a tick (liquid front months trade one tick wide) and one commission per contract.
  const transaction = contracts * (0.5 * tick * spec.multiplier + commission);

  const warnings: string[] = [];
  const dates = ctx.history.dates;
  const basis = basisStatistics(target, futures, f.rolls, dates, from, to, ctx.horizonDays);
  // The hedger is hurt by the basis moving against the side it holds: a long holding hedged
  // with short futures loses when S − F falls (Hull §3.3, "strengthening/weakening of the basis").
  const longTarget = ctx.targetQuantity > 0;
  const worstBasis = longTarget ? basis.worstFall : basis.worstRise;
  const worstWindow = longTarget ? basis.worstFallWindow : basis.worstRiseWindow;
  const hedgedUnits = contracts * spec.multiplier;

  const rolled = rollCost(ctx, f, next, quantity, notional, from, to);
  if (rolled.warning !== undefined) warnings.push(rolled.warning);
  const expiry = nearbyExpiry(rule, futuresCalendar(ctx, f.symbol), ctx.snapshot.asOf, spec.nearby);

  if (fit.rSquared < LOW_R_SQUARED) {
    warnings.push(`${f.symbol} explains only ${(100 * fit.rSquared).toFixed(0)}% of ${ctx.target}'s daily price variance (R²): a cross hedge that leaves most of the risk.`);
  }
  if (fit.slope <= 0) warnings.push(`The estimated hedge ratio is not positive (${fit.slope.toFixed(3)}): selling ${f.symbol} would add risk.`);

  const margin = marginEstimate(futures, f.rolls, from, to, hedgedUnits);
  const instrument: Future = { kind: 'future', symbol: f.symbol, underlying: spec.underlying, multiplier: spec.multiplier, expiry };
  const total = transaction + rolled.carry;
  const decimals = priceDecimals(tick);
  const years = (ctx.lookbackDays / TRADING_DAYS_PER_YEAR).toFixed(1);
  return {
    kind: 'futures',
    name: `${quantity < 0 ? 'Sell' : 'Buy'} ${contracts} ${f.symbol}`,
    legs: [{ instrument, quantity }],
    parameters: {
      contract: f.symbol, description: spec.description, exchange: spec.exchange, multiplier: spec.multiplier,
      futuresPrice: price, hedgeRatio: fit.slope, hedgeRatioStdError: fit.slopeStdError, rSquared: fit.rSquared,
      observations: fit.n, optimalContracts: untailed, tailingFactor: tail, contracts, notional,
      marginEstimate: margin, marginRule: 'informational: the 99th percentile of 2-day price moves over the lookback (roll days left out) × the contracts\' size, a SPAN-like scan range; the exchange sets the real figure',
      basisNow: basis.last, basisDailyStdDev: basis.dailyChangeStdDev, basisWorstMove: worstBasis,
      basisWorstMoveAmount: worstBasis * hedgedUnits, basisWorstWindow: `${worstWindow[0]} to ${worstWindow[1]}`,
      expiry, rollRule: rule.description, rollDaysExcluded: f.rollDays, ...rolled.parameters,
    },
    cost: { premium: 0, transaction, borrow: 0, carry: rolled.carry, total, fractionOfTarget: total / targetValue },
    rationale:
      `Regressing ${ctx.target}'s daily price changes on ${f.symbol}'s over the last ${years} years ` +
      `(${fit.n} days${f.rollDays > 0 ? `, leaving out the ${f.rollDays} days on which the nearby series jumps to the next contract` : ''}) ` +
      `gives a minimum-variance hedge ratio h* = ${fit.slope.toFixed(3)} ± ${fit.slopeStdError.toFixed(3)} with R² = ${fit.rSquared.toFixed(3)}. ` +
      `For ${Math.abs(ctx.targetQuantity).toLocaleString('en-US')} units of ${ctx.target} and ${spec.size} per contract that is N* = h*·Q_A/Q_F = ${untailed.toFixed(2)} contracts, ` +
      `tailed by e^(−rT) = ${tail.toFixed(4)} for daily settlement over the horizon: ${quantity < 0 ? 'sell' : 'buy'} ${contracts} ${f.symbol} ` +
      `(${money(notional)} notional). Basis risk: the basis ${ctx.target} − ${f.symbol} is ${basis.last.toFixed(decimals)} today and moves by ` +
      `${basis.dailyChangeStdDev.toFixed(decimals)} a day (standard deviation); its worst ${ctx.horizonDays}-day move against this hedge was ` +
      `${worstBasis.toFixed(decimals)} (${worstWindow[0]} to ${worstWindow[1]}), ${money(Math.abs(worstBasis * hedgedUnits))} on the hedged quantity. ${rolled.text} Margin, informational: about ${money(margin)} would be ` +
      'posted with the exchange (a 2-day 99 % move on these contracts), cash tied up rather than spent.',
    warnings,
    estimation: { method: 'ols', instruments: [f.symbol], returns: 'differences', ratios: [fit.slope], lookbackDays: ctx.lookbackDays },
  };
}

/** Initial margin a clearing member would ask, estimated the way SPAN sizes its price scan range
 *  (CME, "SPAN methodology"): a 2-day move at 99 % confidence, here the 99th percentile of the
 *  absolute 2-day price changes over the lookback (changes spanning a roll left out), times the
 *  units held. Informational: it ties up cash but is not a cost. */
function marginEstimate(futures: Float64Array, rolls: Uint8Array, from: number, to: number, units: number): number {
  const moves: number[] = [];
  for (let t = from + 2; t <= to; t++) {
    if (rolls[t] || rolls[t - 1]) continue;
    moves.push(Math.abs((futures[t] as number) - (futures[t - 2] as number)));
  }
  if (moves.length < 2) return 0;
  moves.sort((a, b) => a - b);
  return quantileType7(Float64Array.from(moves), 0.99) * units;
}

/** Carry of holding `quantity` contracts by rolling them, over the horizon: the roll carry read
 *  from today's spread to the next contract, plus trading the rolls; with its parameters and
 *  its sentence for the rationale. */
function rollCost(
  ctx: HedgeContext, f: Fit, next: string | undefined, quantity: number, notional: number, from: number, to: number,
): { carry: number; parameters: Record<string, number>; text: string; warning?: string } {
  const { spec, rule } = f;
  const horizonYears = ctx.horizonDays / TRADING_DAYS_PER_YEAR;
  const tick = tickSize(spec);
  // Each roll closes and reopens every contract: one tick across the calendar spread and two
  // commissions per contract, prorated to the horizon like the carry.
  const rollTrading = Math.abs(quantity) * (tick * spec.multiplier + 2 * ctx.costs.commissionPerContract) * rule.rollsPerYear * horizonYears;
  if (next === undefined) {
    const missing = `${spec.symbol.replace(/\d+$/, '')}${String(spec.nearby + 1).padStart(2, '0')}`;
    return {
      carry: rollTrading, parameters: { rollTradingCost: rollTrading },
      text: 'The roll carry is unknown (the next contract\'s prices are not loaded).',
      warning: `The next contract's series (${missing}) is not loaded: the roll carry is unknown and left out; only the cost of trading the rolls is counted.`,
    };
  }
  const price = ctx.snapshot.prices[f.symbol] as number;
  const spreadNow = (ctx.snapshot.prices[next] as number) - price;
  const futures = column(ctx.history, f.symbol) as Float64Array;
  const past = rollSpreads(futures, column(ctx.history, next) as Float64Array, f.rolls, ctx.history.dates, from, to);
  const carry = rollCarry(quantity, spec.multiplier, spreadNow, rule.rollsPerYear, horizonYears);
  const annualRate = rollCarry(quantity, spec.multiplier, spreadNow, rule.rollsPerYear, 1) / notional;
  const parameters: Record<string, number> = { rollSpreadNow: spreadNow, rollCarryAnnual: annualRate, rollTradingCost: rollTrading };
  const decimals = priceDecimals(tick);
  let history = '.';
  if (past.spreads.length > 0) {
    parameters.rollSpreadMean = mean(past.spreads);
    parameters.rollsInLookback = past.spreads.length;
    history = `; over the lookback the spread averaged ${parameters.rollSpreadMean.toFixed(decimals)} at ${past.spreads.length} rolls.`;
  }
  const pays = carry > 0;
  return {
    carry: carry + rollTrading,
    parameters,
    text:
      `${f.symbol} is rolled into the next contract ${rule.rollsPerYear} times a year. Today the curve is in ${spreadNow < 0 ? 'backwardation' : 'contango'}: ` +
      `${next} is ${Math.abs(spreadNow).toFixed(decimals)} ${spreadNow < 0 ? 'below' : 'above'} ${f.symbol}, so a ` +
      `${quantity < 0 ? 'short' : 'long'} rolled position ${pays ? 'loses' : 'earns'} about ${(100 * Math.abs(annualRate)).toFixed(1)}% of its notional a year ` +
      `(${money(Math.abs(carry))} over the ${ctx.horizonDays}-day horizon, ${pays ? 'charged' : 'credited'} as carry)${history}`,
  };
}

/** Decimals that show a price to its tick (0.01 → 2, 0.0001 → 4, 0.25 → 2). */
function priceDecimals(tick: number): number {
  return Math.max(2, Math.ceil(-Math.log10(tick) - 1e-9));
}

function money(amount: number): string {
  return Math.round(amount).toLocaleString('en-US');
}
