/** Where the option hedges (protective put, collar, put spread) get their prices: the loaded
 *  option chain of the target when it was quoted on the as-of date, else the model at the
 *  estimated volatility. Both are presented as the same `OptionMarket` (listed strikes and
 *  expiries with bid, ask, mid and volatility), so a hedge kind picks its legs without knowing
 *  which it is. Prices are per share in the price basis of the history, the one the evaluation
 *  values the legs in (see `priceBasis`). */

import { addCalendarDays, yearFraction } from '../domain/dates.js';
import type { HedgeCost } from '../domain/hedge.js';
import type { OptionInstrument } from '../domain/instruments.js';
import type { Position } from '../domain/portfolio.js';
import type { OptionChain } from '../data/types.js';
import { ImpliedVolatilityError, impliedVolatility, priceOption } from '../pricing/index.js';
import type { HedgeContext } from './types.js';

/** Shares per US equity option contract (the OCC standard). */
export const CONTRACT_SHARES = 100;

/** Exercise style of the options on the target: the chain's when one prices them, else
 *  American for stocks and ETFs (US listed equity and ETF options are American; OCC) and
 *  European for an index (SPX, NDX and RUT options are European and cash-settled). */
export function exerciseStyle(ctx: HedgeContext): OptionInstrument['style'] {
  const held = ctx.portfolio.positions.find((p) => p.instrument.symbol === ctx.target)?.instrument;
  return held?.kind === 'equity' && held.subtype === 'index' ? 'european' : 'american';
}

/** Protection terms of the model grid, in calendar days: about 1, 3, 6 and 12 months. */
export const TERM_DAYS = [30, 91, 182, 365] as const;

/** The term most candidates use: quarterly protection, the usual first choice for a holding. */
export const STANDARD_TERM_DAYS = 91;

/** Chain expiries beyond this many days are outside the 1–12-month grid (with a month of slack
 *  for the listed expiry nearest to a year). */
const MAX_CHAIN_DAYS = 400;

/** The smallest option price increment on US exchanges ($0.01): a model quote whose bid would
 *  be below it has no bid (nobody pays for a worthless option, so it cannot be sold). */
const MIN_TICK = 0.01;

/** Model strikes span this range of spot: wide enough for every floor of the grid and for a
 *  zero-cost call up to volatilities of about 150 % at three months. Quotes are priced only
 *  when asked for, so the range costs nothing. */
const MODEL_STRIKE_RANGE = [0.5, 3] as const;

/** One option on offer. Money per share in the history's price basis. */
export type OptionQuoteView = {
  type: 'call' | 'put';
  /** Strike in the history's price basis (the one the leg is valued with). */
  strike: number;
  /** Strike as listed in the chain (equal to `strike` for the model). */
  listedStrike: number;
  expiry: string;
  timeYears: number;
  bid: number;
  ask: number;
  mid: number;
  /** Half the bid–ask spread, per share: what crossing it costs on entry. */
  halfSpread: number;
  /** Implied by the mid quote (chain) or the model's estimate (model), for `style`. */
  volatility: number;
};

/** The options a hedge may use, all from one source. */
export type OptionMarket = {
  source: 'chain' | 'model';
  /** Exercise style the quotes are priced with and the legs are valued with. */
  style: OptionInstrument['style'];
  /** Where the prices come from and why, for the hedge's parameters. */
  description: string;
  /** The target's price on the as-of date, in the history's price basis. */
  spot: number;
  /** Chain price per history price (1 for the model): strikes and premiums of the chain are
   *  divided by it, and one contract covers 100·priceBasis history-basis shares. */
  priceBasis: number;
  /** History-basis shares one contract covers. */
  contractShares: number;
  /** Expiries on offer in the grid's range (1–12 months), ascending. */
  expiries: string[];
  /** Strikes with a usable quote of `type` at `expiry` (a bid and an ask, not crossed, a mid
   *  with an implied volatility), ascending, in the history's price basis. */
  strikes(type: 'call' | 'put', expiry: string): readonly number[];
  /** The quote at one of `strikes(type, expiry)` (priced on first request for the model). */
  quote(type: 'call' | 'put', expiry: string, strike: number): OptionQuoteView | undefined;
  /** Notes for every hedge priced here (quotes left out, a price-basis conversion). */
  notes: string[];
};

/** The target's chain if it was quoted on the as-of date, else the model at the volatility
 *  estimated from history. */
export function optionMarket(ctx: HedgeContext): OptionMarket | null {
  const spot = ctx.snapshot.prices[ctx.target] as number;
  const ofTarget = ctx.chains.filter((c) => c.underlying === ctx.target);
  const chain = ofTarget.find((c) => c.quoteDate === ctx.snapshot.asOf);
  if (chain) return chainMarket(ctx, chain, spot);
  // No lognormal volatility (the target's price touched zero or below in the lookback): the
  // model cannot price options on it.
  if (ctx.snapshot.volatilities[ctx.target] === undefined) return null;
  const why = ofTarget.length === 0
    ? 'no option chain of the target was loaded'
    : `the ${ctx.target} chain${ofTarget.length > 1 ? 's' : ''} loaded ${ofTarget.length > 1 ? 'are' : 'is'} quoted on ` +
      `${ofTarget.map((c) => c.quoteDate).join(', ')}, not on the as-of date ${ctx.snapshot.asOf}`;
  return modelMarket(ctx, spot, why);
}

function modelMarket(ctx: HedgeContext, spot: number, why: string): OptionMarket {
  const volatility = ctx.snapshot.volatilities[ctx.target] as number;
  const dividendYield = ctx.snapshot.dividendYields[ctx.target] ?? 0;
  const style = exerciseStyle(ctx);
  const step = strikeStep(spot);
  const strikes: number[] = [];
  for (let k = Math.ceil(MODEL_STRIKE_RANGE[0] * spot / step); k * step <= MODEL_STRIKE_RANGE[1] * spot; k++) {
    strikes.push(roundStrike(k * step));
  }
  const expiries = TERM_DAYS.map((d) => addCalendarDays(ctx.snapshot.asOf, d));
  const cache = new Map<string, OptionQuoteView>();
  return {
    source: 'model', style,
    description: `Black–Scholes–Merton (${style} exercise) at the ${(100 * volatility).toFixed(1)}% volatility ` +
      `estimated from history, bid/ask ±${(100 * ctx.costs.optionHalfSpread).toFixed(1)}% of the premium (no bid below $0.01); ${why}`,
    spot, priceBasis: 1, contractShares: CONTRACT_SHARES, expiries, notes: [],
    strikes: (_type, expiry) => (expiries.includes(expiry) ? strikes : []),
    quote(type, expiry, strike) {
      if (!expiries.includes(expiry)) return undefined;
      const key = `${type} ${expiry} ${strike}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const timeYears = yearFraction(ctx.snapshot.asOf, expiry);
      const mid = priceOption({ type, style, spot, strike, rate: ctx.snapshot.rate, dividendYield, volatility, timeYears });
      const halfSpread = mid * ctx.costs.optionHalfSpread;
      const bid = mid - halfSpread >= MIN_TICK ? mid - halfSpread : 0;
      const q = { type, strike, listedStrike: strike, expiry, timeYears, bid, ask: mid + halfSpread, mid, halfSpread, volatility };
      cache.set(key, q);
      return q;
    },
  };
}

function chainMarket(ctx: HedgeContext, chain: OptionChain, spot: number): OptionMarket {
  const basis = chain.underlyingPrice / spot;
  const dividendYield = ctx.snapshot.dividendYields[ctx.target] ?? 0;
  const byKey = new Map<string, OptionQuoteView[]>();
  let unusable = 0;
  for (const q of chain.quotes) {
    if (q.timeYears <= 0 || q.timeYears * 365 > MAX_CHAIN_DAYS) continue;
    const mid = (q.bid + q.ask) / 2;
    if (q.ask < q.bid || q.ask <= 0) {
      unusable++;
      continue;
    }
    let volatility: number;
    try {
      // The quotes were made against the chain's own spot: solve there, in the chain's units.
      volatility = impliedVolatility({
        type: q.type, style: chain.style, spot: chain.underlyingPrice, strike: q.strike,
        rate: q.riskFree ?? ctx.snapshot.rate, dividendYield, timeYears: q.timeYears, price: mid,
      });
    } catch (e) {
      if (!(e instanceof ImpliedVolatilityError)) throw e;
      unusable++;
      continue;
    }
    const key = `${q.type} ${q.expiry}`;
    const list = byKey.get(key) ?? [];
    list.push({
      type: q.type, strike: q.strike / basis, listedStrike: q.strike, expiry: q.expiry, timeYears: q.timeYears,
      bid: q.bid / basis, ask: q.ask / basis, mid: mid / basis, halfSpread: (q.ask - q.bid) / 2 / basis, volatility,
    });
    byKey.set(key, list);
  }
  for (const list of byKey.values()) list.sort((a, b) => a.strike - b.strike);
  const expiries = [...new Set([...byKey.keys()].map((k) => k.slice(k.indexOf(' ') + 1)))].sort();
  const notes: string[] = [];
  if (unusable > 0) {
    notes.push(`${unusable} quote${unusable > 1 ? 's' : ''} of the chain within a year left out: crossed, no ask, or a mid ` +
      'with no implied volatility (below intrinsic value or at zero time value).');
  }
  // A relative gap this large is not a quote-time difference but a different price basis: the
  // history is split- and dividend-adjusted, the chain is in the prices traded that day.
  if (Math.abs(Math.log(basis)) > 0.01) {
    notes.push(`The chain's underlying price, ${chain.underlyingPrice}, is ${basis.toFixed(4)} × the history's ${spot.toFixed(4)} ` +
      '(the price history is adjusted for later splits and dividends): strikes and premiums are divided by ' +
      `${basis.toFixed(4)} and each contract covers ${(CONTRACT_SHARES * basis).toFixed(2)} history-basis shares.`);
  }
  return {
    source: 'chain', style: chain.style,
    description: `${chain.source}: ${ctx.target} option quotes of ${chain.quoteDate} (${chain.style} exercise), bought at the ask and sold ` +
      `at the bid; premium at mid, implied volatility of the mid by Black–Scholes–Merton (${chain.style} exercise)`,
    spot, priceBasis: basis, contractShares: CONTRACT_SHARES * basis, expiries, notes,
    strikes: (type, expiry) => (byKey.get(`${type} ${expiry}`) ?? []).map((q) => q.strike),
    quote: (type, expiry, strike) => (byKey.get(`${type} ${expiry}`) ?? []).find((q) => q.strike === strike),
  };
}

/** A listed-looking strike interval for the model: the 1, 2.5 or 5 × 10ⁿ nearest (in ratio) to 1 %
 *  of spot, so a $237 stock gets $2.50 strikes and a $108 one $1 strikes, as US equity options
 *  are commonly listed (CBOE strike-interval programs), and a rescaled series keeps the same
 *  relative spacing. */
export function strikeStep(spot: number): number {
  const target = 0.01 * spot;
  const decade = 10 ** Math.floor(Math.log10(target));
  let best = decade;
  for (const m of [1, 2.5, 5, 10]) {
    if (Math.abs(Math.log((m * decade) / target)) < Math.abs(Math.log(best / target))) best = m * decade;
  }
  return best;
}

/** The lowest strike of the model grid at or above `floor`·spot: what `putReachingFloor` picks
 *  when the model prices the options. */
export function modelStrikeReaching(spot: number, floor: number): number {
  const step = strikeStep(spot);
  return roundStrike(Math.ceil((floor * spot) / step - 1e-9) * step);
}

/** k·step carries binary rounding (0.1·3 = 0.30000000000000004); 12 significant digits are
 *  exact for every strike a grid produces. */
function roundStrike(x: number): number {
  return Number(x.toPrecision(12));
}

/** The listed expiry nearest to `days` calendar days after the as-of date. */
export function nearestExpiry(market: OptionMarket, asOf: string, days: number): string | undefined {
  let best: string | undefined;
  for (const e of market.expiries) {
    if (best === undefined || Math.abs(yearFraction(asOf, e) * 365 - days) < Math.abs(yearFraction(asOf, best) * 365 - days)) best = e;
  }
  return best;
}

/** A listed strike more than this fraction above a floor no longer reaches "that" floor: it is a
 *  different, dearer hedge (a sparse chain may list nothing between 80 % and 100 %). */
const FLOOR_SLACK = 0.05;

/** The cheapest put that reaches a floor: the lowest strike at or above `floor`·spot (a lower
 *  put strike is always cheaper), if one lies within 5 % above the floor. */
export function putReachingFloor(market: OptionMarket, expiry: string, floor: number): OptionQuoteView | undefined {
  const level = floor * market.spot;
  const strike = market.strikes('put', expiry).find((k) => k >= level * (1 - 1e-12) && k <= level * (1 + FLOOR_SLACK));
  return strike === undefined ? undefined : market.quote('put', expiry, strike);
}

/** Every usable quote of `type` at `expiry`, ascending by strike (prices them all: for tests and
 *  reports, not for the candidates' searches). */
export function allQuotes(market: OptionMarket, type: 'call' | 'put', expiry: string): OptionQuoteView[] {
  return market.strikes(type, expiry).flatMap((k) => market.quote(type, expiry, k) ?? []);
}

/** Whole contracts on the holding (never more than it, so a hedge never becomes a bet). */
export function contractsFor(ctx: HedgeContext, market: OptionMarket): number {
  return Math.floor((ctx.targetQuantity + 1e-9) / market.contractShares);
}

/** One option leg: the instrument in the history's price basis, named by its listed terms. */
export function optionLeg(ctx: HedgeContext, market: OptionMarket, q: OptionQuoteView, contracts: number): Position {
  const instrument: OptionInstrument = {
    kind: 'option', symbol: `${ctx.target} ${q.expiry} ${q.type === 'put' ? 'P' : 'C'}${q.listedStrike}`,
    underlying: ctx.target, type: q.type, style: market.style, strike: q.strike, expiry: q.expiry,
    multiplier: market.contractShares,
  };
  // A leg priced from a chain is valued at its own implied volatility, so the scenarios start
  // from the price paid rather than from the historical estimate.
  return { instrument, quantity: contracts, ...(market.source === 'chain' ? { valuationVolatility: q.volatility } : {}) };
}

/** Cost of entering option legs (signed contracts): the premium at mid (negative when
 *  received), and as transaction cost the half-spread crossed on every leg plus the commission
 *  per contract. `quotes[i]` is the quote of `legs[i]`. */
export function optionCost(ctx: HedgeContext, market: OptionMarket, legs: { quote: OptionQuoteView; contracts: number }[]): HedgeCost {
  let premium = 0;
  let transaction = 0;
  for (const { quote, contracts } of legs) {
    premium += contracts * market.contractShares * quote.mid;
    transaction += Math.abs(contracts) * (market.contractShares * quote.halfSpread + ctx.costs.commissionPerContract);
  }
  const holdingValue = ctx.targetQuantity * market.spot;
  const total = premium + transaction;
  return { premium, transaction, borrow: 0, carry: 0, total, fractionOfTarget: total / holdingValue };
}

/** Parameters every option hedge reports about its prices. */
export function pricingParameters(ctx: HedgeContext, market: OptionMarket): Record<string, number | string> {
  return {
    source: market.source,
    pricing: market.description,
    style: market.style,
    valuationVolatility: market.source === 'chain' ? 'each leg at its mid implied volatility' : ctx.snapshot.volatilities[ctx.target] as number,
    ...(market.source === 'chain' ? { priceBasis: market.priceBasis } : {}),
  };
}

/** Warnings every option hedge shares: shares left uncovered, legs that expire before the risk
 *  horizon, and chain volatilities the evaluation does not use. */
export function optionWarnings(ctx: HedgeContext, market: OptionMarket, contracts: number, quotes: OptionQuoteView[]): string[] {
  const warnings = [...market.notes];
  const covered = contracts * market.contractShares;
  const left = ctx.targetQuantity - covered;
  if (left > 1e-6) {
    warnings.push(`${formatShares(left)} shares are left unhedged: options cover ${formatShares(market.contractShares)} shares each.`);
  }
  const horizonYears = ctx.horizonDays / 252;
  if (quotes.some((q) => q.timeYears < horizonYears)) {
    warnings.push(`An option leg expires before the ${ctx.horizonDays}-day risk horizon: the evaluation values it at its payoff ` +
      'and the holding is unprotected for the rest of the horizon.');
  }
  return warnings;
}

function formatShares(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
