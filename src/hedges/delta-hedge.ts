import { addCalendarDays, isoDayNumber, yearFraction } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import { normCdf, optionGreeks, priceOption } from '../pricing/index.js';
import { annualisedVolatility } from '../stats/descriptive.js';
import { logReturns } from '../stats/returns.js';
import { modelStrikeReaching, STANDARD_TERM_DAYS } from './option-pricing.js';
import type { HedgeContext, HedgeKind } from './types.js';

/** One replication run: which option, the model it is hedged with, how often, at what cost. */
export type ReplicationSettings = {
  type: 'call' | 'put';
  strike: number;
  /** Continuously compounded; the cash account earns it. */
  rate: number;
  /** Continuously compounded; the shares held earn it. */
  dividendYield: number;
  /** Volatility of the model the deltas come from (annualised decimal). */
  volatility: number;
  /** Rebalance when the model delta has drifted more than this from the delta held (shares per
   *  share of notional); 0 = rebalance at every price. */
  band: number;
  /** Half the bid–ask spread, as a fraction of the value traded. */
  halfSpread: number;
  /** Commission per share traded, in the price's currency. */
  commissionPerShare: number;
};

/** A run's outcome per share of notional, in currency at expiry. */
export type ReplicationResult = {
  /** Model value of the option at the start: the capital the replication starts from. */
  premium: number;
  /** Delta held at the start (shares per share of notional). */
  initialDelta: number;
  /** Replicating portfolio at expiry: shares held plus the cash account, after every cost. */
  value: number;
  /** The option's payoff at expiry. */
  payoff: number;
  /** value − payoff: what the replication missed by (negative = fell short). */
  trackingError: number;
  /** Half-spreads and commissions paid, the entry trade included (not compounded). */
  cost: number;
  /** Cost of the entry trade alone. */
  entryCost: number;
  /** Rebalancing trades after entry. */
  trades: number;
};

/** Delta-hedged replication of a European option along one price path (Hull, Options, Futures
 *  and Other Derivatives, §19.4 and Tables 19.2–19.3: the writer's hedge, here from the buyer's
 *  side). Start with the model premium in cash, buy Δ₀ shares (Δ < 0 for a put: sell), and at each
 *  later price before expiry move the holding to the model delta Δ = ±e^{−qτ}Φ(±d₁),
 *  d₁ = [ln(S/K) + (r − q + σ²/2)τ]/(σ√τ) — if it has drifted more than `band` from the delta
 *  held. The cash account accrues e^{rΔt}; shares held earn the yield q. Each trade pays
 *  |Δ change|·(S·halfSpread + commission). No trade at expiry: the shares held then are what a put
 *  exercise would deliver, so they are compared with the payoff as they are.
 *  `prices[i]` is the price when `yearsToExpiry[i]` years remain (descending to 0 at the last).
 *  Allocation-free apart from the result. */
export function replicateOption(prices: Float64Array, yearsToExpiry: Float64Array, s: ReplicationSettings): ReplicationResult {
  const n = prices.length;
  if (n < 2 || yearsToExpiry.length !== n) throw new RangeError('replicateOption needs ≥ 2 prices and one time to expiry per price');
  const sign = s.type === 'call' ? 1 : -1;
  const s0 = prices[0] as number;
  const t0 = yearsToExpiry[0] as number;
  const premium = priceOption({
    type: s.type, style: 'european', spot: s0, strike: s.strike, rate: s.rate, dividendYield: s.dividendYield, volatility: s.volatility, timeYears: t0,
  });
  let held = modelDelta(sign, s0, s.strike, s.rate, s.dividendYield, s.volatility, t0);
  const initialDelta = held;
  const entryCost = Math.abs(held) * (s0 * s.halfSpread + s.commissionPerShare);
  let cash = premium - held * s0 - entryCost;
  let cost = entryCost;
  let trades = 0;
  for (let i = 1; i < n; i++) {
    const price = prices[i] as number;
    const previous = prices[i - 1] as number;
    const dt = (yearsToExpiry[i - 1] as number) - (yearsToExpiry[i] as number);
    cash = cash * Math.exp(s.rate * dt) + held * previous * (Math.exp(s.dividendYield * dt) - 1);
    if (i === n - 1) break;
    const target = modelDelta(sign, price, s.strike, s.rate, s.dividendYield, s.volatility, yearsToExpiry[i] as number);
    const change = target - held;
    if (change !== 0 && Math.abs(change) > s.band) {
      const fee = Math.abs(change) * (price * s.halfSpread + s.commissionPerShare);
      cash -= change * price + fee;
      cost += fee;
      held = target;
      trades++;
    }
  }
  const last = prices[n - 1] as number;
  const value = held * last + cash;
  const payoff = Math.max(0, sign * (last - s.strike));
  return { premium, initialDelta, value, payoff, trackingError: value - payoff, cost, entryCost, trades };
}

/** BSM delta ∂V/∂S = θ·e^{−qτ}·Φ(θ·d₁) with θ = ±1 (call/put), for τ > 0 and σ > 0 (Hull §19.2;
 *  Haug 2007 §2.1). Written out here so the replication loop calls no allocating API. */
function modelDelta(sign: number, spot: number, strike: number, rate: number, dividendYield: number, volatility: number, tau: number): number {
  const vt = volatility * Math.sqrt(tau);
  const d1 = (Math.log(spot / strike) + (rate - dividendYield) * tau) / vt + vt / 2;
  return sign * Math.exp(-dividendYield * tau) * normCdf(sign * d1);
}

/** How the historical backtest of a delta-hedged put is run. */
export type BacktestSettings = {
  /** Calendar days each replicated put lives. */
  termDays: number;
  /** Strike as a fraction of the price at each start. */
  moneyness: number;
  /** Trading days between consecutive start dates. */
  everyDays: number;
  /** Calendar years of history before the as-of date the starts may use. */
  years: number;
  /** Trading days of log returns before each start that estimate its volatility. */
  volatilityWindow: number;
  rate: number;
  band: number;
  halfSpread: number;
  commissionPerShare: number;
};

/** One historical run; money as fractions of the price at its start. */
export type BacktestRun = {
  start: string;
  end: string;
  /** Trading days from start to expiry. */
  tradingDays: number;
  volatility: number;
  premium: number;
  trackingError: number;
  cost: number;
  entryCost: number;
  trades: number;
  /** Buying the put instead: payoff − premium·e^{rT}. */
  putPnl: number;
  /** The replication's gain: value − premium·e^{rT} (= putPnl + trackingError). */
  hedgePnl: number;
};

/** Averages over the runs; fractions of the start price (i.e. of the holding's value). */
export type BacktestSummary = {
  runs: number;
  firstStart: string;
  lastEnd: string;
  meanTrackingError: number;
  /** Sample standard deviation (n − 1) of the tracking error; 0 with one run. */
  trackingErrorStd: number;
  worstTrackingError: number;
  meanCost: number;
  /** Rebalancing cost (entry excluded) per trading day of a run. */
  meanRebalanceCostPerDay: number;
  meanTrades: number;
  meanPremium: number;
  meanPutPnl: number;
  meanHedgePnl: number;
};

/** Replicates a put over history, ex ante at every start: strike `moneyness`·S at the start,
 *  volatility from the `volatilityWindow` daily log returns before it, expiry on the first
 *  trading date at least `termDays` calendar days later, all on or before `asOf` (no look-ahead).
 *  Starts step back `everyDays` trading days from the last run that ends by `asOf`, as far as
 *  `years` before it. `prices` (positive, one per ISO date, ascending) may extend past `asOf`. */
export function backtestDeltaHedge(dates: readonly string[], prices: Float64Array, asOf: string, s: BacktestSettings): BacktestRun[] {
  let last = dates.length - 1;
  while (last >= 0 && (dates[last] as string) > asOf) last--;
  const earliest = addCalendarDays(asOf, -Math.floor(s.years * 365.25));
  const endOf = (start: number): number => {
    const expiry = addCalendarDays(dates[start] as string, s.termDays);
    let j = start + 1;
    while (j <= last && (dates[j] as string) < expiry) j++;
    return j;
  };
  let start = last;
  while (start >= 0 && endOf(start) > last) start--;
  const starts: number[] = [];
  for (; start >= s.volatilityWindow && (dates[start] as string) >= earliest; start -= s.everyDays) starts.push(start);
  starts.reverse();

  return starts.flatMap((i) => {
    const end = endOf(i);
    const volatility = annualisedVolatility(logReturns(prices.subarray(i - s.volatilityWindow, i + 1)));
    if (!(volatility > 0)) return [];
    const path = prices.subarray(i, end + 1);
    const endDay = isoDayNumber(dates[end] as string);
    const years = new Float64Array(path.length);
    for (let k = 0; k < path.length; k++) years[k] = (endDay - isoDayNumber(dates[i + k] as string)) / 365;
    const s0 = path[0] as number;
    const r = replicateOption(path, years, {
      type: 'put', strike: s.moneyness * s0, rate: s.rate, dividendYield: 0, volatility, band: s.band,
      halfSpread: s.halfSpread, commissionPerShare: s.commissionPerShare,
    });
    const growth = Math.exp(s.rate * (years[0] as number));
    return [{
      start: dates[i] as string, end: dates[end] as string, tradingDays: path.length - 1, volatility, premium: r.premium / s0,
      trackingError: r.trackingError / s0, cost: r.cost / s0, entryCost: r.entryCost / s0, trades: r.trades,
      putPnl: (r.payoff - r.premium * growth) / s0, hedgePnl: (r.value - r.premium * growth) / s0,
    }];
  });
}

/** Means, spread and worst case of a backtest's runs; null without runs. */
export function summarizeBacktest(runs: readonly BacktestRun[]): BacktestSummary | null {
  const n = runs.length;
  const first = runs[0];
  const final = runs[n - 1];
  if (!first || !final) return null;
  const mean = (f: (r: BacktestRun) => number) => runs.reduce((a, r) => a + f(r), 0) / n;
  const meanTrackingError = mean((r) => r.trackingError);
  const squares = runs.reduce((a, r) => a + (r.trackingError - meanTrackingError) ** 2, 0);
  return {
    runs: n, firstStart: first.start, lastEnd: final.end, meanTrackingError,
    trackingErrorStd: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    worstTrackingError: Math.min(...runs.map((r) => r.trackingError)),
    meanCost: mean((r) => r.cost), meanRebalanceCostPerDay: mean((r) => (r.cost - r.entryCost) / r.tradingDays),
    meanTrades: mean((r) => r.trades), meanPremium: mean((r) => r.premium), meanPutPnl: mean((r) => r.putPnl),
    meanHedgePnl: mean((r) => r.hedgePnl),
  };
}

/** The put replicated: the 95 % floor over the standard quarter, as the first protective put. */
const REPLICATED = { floor: 0.95, days: STANDARD_TERM_DAYS } as const;

/** Rebalance when the delta has drifted by 0.05 (5 % of the holding): the daily rebalancing it
 *  replaces trades nearly every day for little extra accuracy (the backtest reports both). */
const BAND = 0.05;

/** Backtest: a start every quarter (63 trading days) over the last 10 years, each put's
 *  volatility from the year (252 trading days) before its start. */
const BACKTEST = { everyDays: 63, years: 10, volatilityWindow: 252 } as const;

/** Replicate a put on the holding by selling part of it: hold the put's delta in shares (sell
 *  |Δ|·N of the N shares) and adjust as the price moves. No premium is paid; the protection
 *  comes from selling after falls and buying back after rises, which costs spreads and
 *  commissions and misses when the price gaps. The same-scenario evaluation sees the position on
 *  the as-of date (a static sale); what rebalancing adds, and how well it tracked the put on
 *  history, is the backtest in the parameters. */
export const deltaHedge: HedgeKind = {
  kind: 'delta-hedge',
  summary: 'replicate a put by selling the put\'s delta in shares and rebalancing on a delta band',
  candidates(ctx: HedgeContext): Hedge[] {
    const volatility = ctx.snapshot.volatilities[ctx.target];
    // No lognormal volatility (a price at or below zero in the lookback): no put to replicate.
    if (ctx.targetQuantity <= 0 || volatility === undefined) return [];
    const spot = ctx.snapshot.prices[ctx.target] as number;
    const dividendYield = ctx.snapshot.dividendYields[ctx.target] ?? 0;
    const rate = ctx.snapshot.rate;
    // The strike rule of the protective put (the lowest grid strike reaching the floor), so the
    // two can be compared as buying versus replicating the same put.
    const strike = modelStrikeReaching(spot, REPLICATED.floor);
    const expiry = addCalendarDays(ctx.snapshot.asOf, REPLICATED.days);
    const timeYears = yearFraction(ctx.snapshot.asOf, expiry);
    // A replicating strategy trades to a payoff at expiry, so what it replicates is the European
    // put (an early-exercise right has no replicating delta of its own).
    const greeks = optionGreeks({ type: 'put', style: 'european', spot, strike, rate, dividendYield, volatility, timeYears });
    const shares = Math.round(greeks.delta * ctx.targetQuantity);
    if (shares === 0) return [];

    const { dates, values } = targetSeries(ctx);
    const settings = {
      termDays: REPLICATED.days, moneyness: strike / spot, ...BACKTEST, rate,
      halfSpread: ctx.costs.shareHalfSpread, commissionPerShare: ctx.costs.commissionPerShare,
    };
    const band = summarizeBacktest(backtestDeltaHedge(dates, values, ctx.snapshot.asOf, { ...settings, band: BAND }));
    const daily = summarizeBacktest(backtestDeltaHedge(dates, values, ctx.snapshot.asOf, { ...settings, band: 0 }));

    const holdingValue = ctx.targetQuantity * spot;
    const entry = Math.abs(shares) * (spot * ctx.costs.shareHalfSpread + ctx.costs.commissionPerShare);
    const rebalancing = band ? band.meanRebalanceCostPerDay * ctx.horizonDays * holdingValue : 0;
    const transaction = entry;
    const pct = (x: number, digits = 2) => `${(100 * x).toFixed(digits)}%`;
    const backtestParameters = (prefix: string, b: BacktestSummary | null): Record<string, number> => b === null ? {} : {
      [`${prefix}MeanTrackingError`]: b.meanTrackingError, [`${prefix}TrackingErrorStd`]: b.trackingErrorStd,
      [`${prefix}WorstTrackingError`]: b.worstTrackingError, [`${prefix}MeanCost`]: b.meanCost, [`${prefix}MeanTrades`]: b.meanTrades,
      [`${prefix}MeanHedgePnl`]: b.meanHedgePnl,
    };
    const backtestText = band && daily
      ? `Backtested on ${band.runs} quarterly starts from ${band.firstStart} to ${band.lastEnd} (each put struck ${pct(strike / spot, 1)} of the ` +
        `price at its start, volatility from the year before), the band strategy ended on average ${pct(Math.abs(band.meanTrackingError))} of the ` +
        `holding ${band.meanTrackingError >= 0 ? 'above' : 'below'} the put's payoff, with a ${pct(band.trackingErrorStd)} standard deviation ` +
        `(worst ${pct(band.worstTrackingError)}), ${band.meanTrades.toFixed(1)} trades and ${pct(band.meanCost, 3)} in costs per quarter; ` +
        `rebalancing daily instead: ${pct(daily.trackingErrorStd)} standard deviation, ${daily.meanTrades.toFixed(1)} trades, ${pct(daily.meanCost, 3)} in costs.`
      : 'There is not enough price history before the as-of date for a backtest (a year for the volatility plus a quarter).';
    return [{
      kind: 'delta-hedge',
      name: `Delta hedge ${Math.round(100 * strike / spot)}% ${REPLICATED.days}d`,
      legs: [{ instrument: { kind: 'equity', symbol: ctx.target }, quantity: shares }],
      parameters: {
        strike, expiry, timeYears, moneyness: strike / spot, putDelta: greeks.delta, putGamma: greeks.gamma, sharesSold: -shares,
        volatility, putPremium: greeks.price, putPremiumFraction: greeks.price / spot, band: BAND,
        entryCost: entry, expectedRebalancingCost: rebalancing,
        model: 'Black–Scholes–Merton deltas of the European put at the volatility estimated from history; the shares sold are held, so no borrow',
        ...(band ? { backtestRuns: band.runs, backtestPeriod: `${band.firstStart} to ${band.lastEnd}`, backtestMeanPutPnl: band.meanPutPnl } : {}),
        ...backtestParameters('band', band),
        ...backtestParameters('daily', daily),
      },
      // Rebalancing is a running cost, accrued to the horizon like carry; the entry trade is paid once.
      cost: { premium: 0, transaction, borrow: 0, carry: rebalancing, total: transaction + rebalancing, fractionOfTarget: (transaction + rebalancing) / holdingValue },
      rationale:
        `Replicate a ${REPLICATED.days}-day put struck at ${strike.toFixed(2)} (${pct(strike / spot, 1)} of spot) instead of buying it: its delta ` +
        `is ${greeks.delta.toFixed(3)}, so sell ${-shares} of the ${ctx.targetQuantity} ${ctx.target} shares now and rebalance whenever the ` +
        `delta moves by more than ${BAND}: sell more as the price falls, buy back as it rises. No premium is paid (the European put ` +
        `replicated is worth ${pct(greeks.price / spot)} of the holding); the cost is trading, ${Math.round(entry).toLocaleString('en-US')} now and about ` +
        `${Math.round(rebalancing).toLocaleString('en-US')} of rebalancing over the ${ctx.horizonDays}-day horizon. The risk figures value the ` +
        `position held today; a gap through the strike between rebalances is not protected. ${backtestText}`,
      warnings: band ? [] : ['No backtest: too little price history before the as-of date.'],
    }];
  },
};

/** The target's prices as loaded (more history than the lookback), else the aligned window. */
function targetSeries(ctx: HedgeContext): { dates: readonly string[]; values: Float64Array } {
  const loaded = ctx.prices.find((p) => p.symbol === ctx.target);
  if (loaded) return loaded;
  const j = ctx.history.symbols.indexOf(ctx.target);
  return { dates: ctx.history.dates, values: ctx.history.columns[j] as Float64Array };
}
