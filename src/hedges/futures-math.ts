// Pure helpers for futures hedges: hedge ratio and contract count, tailing, the index-futures
// beta adjustment, exchange roll calendars of the nearby series, basis statistics and the roll
// spread. Formulas and conventions: Hull, Options, Futures and Other Derivatives (9th ed.),
// ch. 3 ("Hedging strategies using futures": §3.3 basis risk, §3.4 cross hedging, §3.5 stock
// index futures, §3.6 stack and roll); docs/hedges-futures.md explains every choice.
//
// Kernels: they take plain numbers and typed arrays and trust their inputs (validation happens
// where data enter, in src/data); index ranges are the caller's to get right.

import { isoDayNumber, isoFromDayNumber, dayNumber } from '../domain/dates.js';
import type { FuturesSpec } from '../domain/contracts.js';

/** Minimum-variance hedge ratio from its moments, h* = ρ·σ_S/σ_F (Hull §3.4): units of
 *  futures per unit of exposure, when σ_S and σ_F are standard deviations of price changes
 *  over the hedge period. */
export function hedgeRatioFromMoments(correlation: number, sigmaSpot: number, sigmaFutures: number): number {
  return (correlation * sigmaSpot) / sigmaFutures;
}

/** Optimal number of contracts N* = h*·Q_A/Q_F (Hull §3.4): Q_A units exposed, Q_F units per
 *  contract (the multiplier). Not rounded; the sign follows h*·Q_A (sell when positive and the
 *  exposure is a long holding). */
export function optimalContracts(hedgeRatio: number, exposureUnits: number, unitsPerContract: number): number {
  return (hedgeRatio * exposureUnits) / unitsPerContract;
}

/** Contracts from values, N* = ĥ·V_A/V_F (Hull §3.4, "Tailing the hedge"): V_A the dollar value
 *  of the position, V_F the dollar value of one futures contract (futures price × multiplier),
 *  ĥ estimated from one-day percentage changes. This form adjusts for daily settlement. */
export function contractsFromValues(hedgeRatio: number, positionValue: number, contractValue: number): number {
  return (hedgeRatio * positionValue) / contractValue;
}

/** Tailing factor e^{−r·T}: futures gains are settled daily and earn interest until the end of
 *  the hedge, T years away, so e^{−r·T} as many contracts give the same exposure at T as an
 *  untailed hedge would without that interest (Figlewski, Landskroner & Silber, "Tailing the
 *  hedge: why and how", Journal of Futures Markets 11(2), 1991). */
export function tailingFactor(rateContinuous: number, years: number): number {
  return Math.exp(-rateContinuous * years);
}

/** Index futures to move a portfolio's beta from β to β*: N = (β* − β)·V_P/V_F with V_F = F ×
 *  multiplier (Hull §3.5, "Changing the beta of a portfolio"; β* = 0 removes the market
 *  exposure, N = −β·V_P/V_F). Negative = sell. */
export function betaAdjustmentContracts(
  targetBeta: number, currentBeta: number, portfolioValue: number, futuresPrice: number, multiplier: number,
): number {
  return ((targetBeta - currentBeta) * portfolioValue) / (futuresPrice * multiplier);
}

// ---------------------------------------------------------------------------------------------
// Roll calendars. A nearby series (CL01 = the front month, CL02 = the next…) changes contract on
// the first trading day after the front contract's last trading day; the exchanges' rules give
// that day from the delivery month. Business days are the days the futures series itself has a
// price (so exchange holidays are respected) and, beyond its last price, every weekday.

/** Whether a day number (days since 1970-01-01) is a business day of the exchange. */
export type BusinessDayTest = (day: number) => boolean;

/** Last trading day (day number) of the contract for delivery in `deliveryMonth` (1–12). */
type LastTradingDay = (deliveryYear: number, deliveryMonth: number, isBusinessDay: BusinessDayTest) => number;

export type RollRule = {
  /** Contract months per year: every nearby series rolls this often. */
  rollsPerYear: number;
  /** The rule in words, and its source, for reports. */
  description: string;
  lastTradingDay: LastTradingDay;
};

/** The `n`-th business day strictly before `day` (n = 1: the business day before). */
function businessDayBefore(day: number, n: number, isBusinessDay: BusinessDayTest): number {
  let d = day;
  for (let k = 0; k < n; k++) {
    d -= 1;
    while (!isBusinessDay(d)) d -= 1;
  }
  return d;
}

/** First day of the month `offset` months from year/month (offset may be negative). */
function firstOfMonth(year: number, month: number, offset: number): number {
  const m = year * 12 + (month - 1) + offset;
  return dayNumber(Math.floor(m / 12), (m % 12) + 1, 1);
}

/** ICE moved Brent expiry to the last business day of the second month before delivery from the
 *  March 2016 contract on (the sample's BRN01 rolls on the first business day of each month from
 *  February 2016, around the 16th before: docs/hedges-futures.md). Year·12 + month index. */
const BRENT_NEW_RULE_FROM = 2016 * 12 + 2;

// Exchange rules (contract specifications, "Termination of trading"):
// NYMEX WTI Light Sweet Crude (CL): 3 business days before the 25th calendar day of the month
//   before delivery; 4 business days before it when the 25th is not a business day.
// NYMEX Henry Hub Natural Gas (NG): 3 business days before the first day of the delivery month.
// NYMEX NY Harbor ULSD (HO) and RBOB Gasoline (RB): the last business day of the month before.
// CME E-mini S&P 500 (ES): quarterly (Mar, Jun, Sep, Dec), last trade on the third Friday of the
//   contract month. (The sample's continuous ES series switches on that Friday or the next
//   trading day, the vendor's choice: docs/hedges-futures.md.)
// ICE Brent (BRN): from the Mar-2016 contract, the last business day of the second month before
//   delivery; before, the business day before the 15th calendar day before the first day of the
//   delivery month (the business day before that when the 15th day is not a business day).
const RULES: Record<string, RollRule> = {
  SPX: {
    rollsPerYear: 4,
    description: 'CME ES: quarterly (Mar, Jun, Sep, Dec), last trade on the third Friday of the contract month',
    lastTradingDay: (y, m, isBusinessDay) => {
      // Only quarterly months list; another month's "contract" is the next quarter's.
      const quarterMonth = Math.ceil(m / 3) * 3;
      const first = firstOfMonth(y, quarterMonth, 0);
      const thirdFriday = first + ((5 - weekday(first) + 7) % 7) + 14;
      return isBusinessDay(thirdFriday) ? thirdFriday : businessDayBefore(thirdFriday, 1, isBusinessDay);
    },
  },
  WTI: {
    rollsPerYear: 12,
    description: 'NYMEX CL: last trade 3 business days before the 25th of the month before delivery (4 if the 25th is not a business day)',
    lastTradingDay: (y, m, isBusinessDay) => {
      const the25th = firstOfMonth(y, m, -1) + 24;
      return businessDayBefore(the25th, isBusinessDay(the25th) ? 3 : 4, isBusinessDay);
    },
  },
  HENRYHUB: {
    rollsPerYear: 12,
    description: 'NYMEX NG: last trade 3 business days before the first day of the delivery month',
    lastTradingDay: (y, m, isBusinessDay) => businessDayBefore(firstOfMonth(y, m, 0), 3, isBusinessDay),
  },
  ULSD: {
    rollsPerYear: 12,
    description: 'NYMEX HO: last trade on the last business day of the month before delivery',
    lastTradingDay: (y, m, isBusinessDay) => businessDayBefore(firstOfMonth(y, m, 0), 1, isBusinessDay),
  },
  RBOB: {
    rollsPerYear: 12,
    description: 'NYMEX RB: last trade on the last business day of the month before delivery',
    lastTradingDay: (y, m, isBusinessDay) => businessDayBefore(firstOfMonth(y, m, 0), 1, isBusinessDay),
  },
  BRENT: {
    rollsPerYear: 12,
    description: 'ICE Brent: last trade on the last business day of the second month before delivery (before Mar-2016: the business day before the 15th day before the delivery month)',
    lastTradingDay: (y, m, isBusinessDay) => {
      if (y * 12 + (m - 1) >= BRENT_NEW_RULE_FROM) return businessDayBefore(firstOfMonth(y, m, -1), 1, isBusinessDay);
      const fifteenth = firstOfMonth(y, m, 0) - 15;
      const anchor = isBusinessDay(fifteenth) ? fifteenth : businessDayBefore(fifteenth, 1, isBusinessDay);
      return businessDayBefore(anchor, 1, isBusinessDay);
    },
  },
};

/** The roll rule of a futures series' contract family. Every family of src/domain/contracts.ts
 *  has one; a family added there without a rule here is a programming error. */
export function rollRule(spec: FuturesSpec): RollRule {
  const rule = RULES[spec.underlying];
  if (rule === undefined) throw new Error(`no roll calendar for ${spec.description} (${spec.symbol})`);
  return rule;
}

/** Business days from a series' own trading dates (ascending ISO): inside the series' range a
 *  day is a business day iff the series has a price on it; outside, iff it is a weekday. */
export function tradingCalendar(dates: readonly string[]): BusinessDayTest {
  const days = new Set(dates.map(isoDayNumber));
  const first = dates.length > 0 ? isoDayNumber(dates[0] as string) : Infinity;
  const last = dates.length > 0 ? isoDayNumber(dates[dates.length - 1] as string) : -Infinity;
  return (day) => (day >= first && day <= last ? days.has(day) : isWeekday(day));
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 (day 0) was a Thursday. */
function weekday(day: number): number {
  return ((((day % 7) + 7) % 7) + 4) % 7;
}

function isWeekday(day: number): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** Last trading days (day numbers, ascending) of every contract of `rule` whose last trading day
 *  falls in [fromDay, toDay]. */
export function lastTradingDays(rule: RollRule, isBusinessDay: BusinessDayTest, fromDay: number, toDay: number): number[] {
  const from = isoFromDayNumber(fromDay);
  const to = isoFromDayNumber(toDay);
  // Contracts stop trading at most three months before delivery, so the delivery months to try
  // run from the month of `fromDay` to three months after that of `toDay`.
  const start = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1;
  const end = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1 + 3;
  // A Set: quarterly rules map three delivery months to one contract.
  const out = new Set<number>();
  for (let m = start; m <= end; m++) {
    const day = rule.lastTradingDay(Math.floor(m / 12), (m % 12) + 1, isBusinessDay);
    if (day >= fromDay && day <= toDay) out.add(day);
  }
  return [...out].sort((a, b) => a - b);
}

/** The last trading day (ISO) of the contract a nearby series holds on `asOf`: the n-th last
 *  trading day on or after `asOf` (n = 1 for the front month). */
export function nearbyExpiry(rule: RollRule, isBusinessDay: BusinessDayTest, asOf: string, nearby: number): string {
  const from = isoDayNumber(asOf);
  // Each contract cycle adds at most 31 days per month of it; one spare cycle covers the front's.
  const daysPerCycle = 31 * (12 / rule.rollsPerYear);
  const days = lastTradingDays(rule, isBusinessDay, from, from + daysPerCycle * (nearby + 1));
  return isoFromDayNumber(days[nearby - 1] as number);
}

/** roll[t] = 1 when a nearby series changes contract between dates[t−1] and dates[t], i.e. a
 *  last trading day L has dates[t−1] ≤ L < dates[t] (the series holds the old contract up to
 *  and including L). roll[0] = 0. */
export function rollFlags(dates: readonly string[], lastTrading: readonly number[]): Uint8Array {
  const flags = new Uint8Array(dates.length);
  let k = 0;
  for (let t = 1; t < dates.length; t++) {
    const previous = isoDayNumber(dates[t - 1] as string);
    const current = isoDayNumber(dates[t] as string);
    while (k < lastTrading.length && (lastTrading[k] as number) < previous) k++;
    if (k < lastTrading.length && (lastTrading[k] as number) < current) flags[t] = 1;
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Price changes, basis and roll statistics over a window [from, to] of aligned indices.

/** Daily price changes of two aligned series over (from, to], leaving out the days flagged in
 *  `exclude` (roll days: the nearby series jumps from one contract to the next). */
export function pairedChanges(
  spot: Float64Array, futures: Float64Array, exclude: Uint8Array, from: number, to: number,
): { spot: Float64Array; futures: Float64Array } {
  let n = 0;
  for (let t = from + 1; t <= to; t++) if (exclude[t] !== 1) n++;
  const ds = new Float64Array(n);
  const df = new Float64Array(n);
  let i = 0;
  for (let t = from + 1; t <= to; t++) {
    if (exclude[t] === 1) continue;
    ds[i] = (spot[t] as number) - (spot[t - 1] as number);
    df[i] = (futures[t] as number) - (futures[t - 1] as number);
    i++;
  }
  return { spot: ds, futures: df };
}

export type BasisStatistics = {
  /** Basis S − F on the last day of the window (Hull's definition: spot minus futures). */
  last: number;
  mean: number;
  /** Standard deviation (n − 1) of the basis level over the window. */
  stdDev: number;
  /** Standard deviation (n − 1) of daily basis changes, roll days left out: the day-to-day basis
   *  risk of a one-for-one hedge. */
  dailyChangeStdDev: number;
  /** Most negative and most positive change of the basis over `horizonDays` trading days
   *  (overlapping windows inside the window, roll days included: both legs are held through
   *  them). A long holding hedged with short futures loses when the basis falls. */
  worstFall: number;
  worstRise: number;
  /** ISO start and end of the windows with the worst fall and rise. */
  worstFallWindow: [string, string];
  worstRiseWindow: [string, string];
  horizonDays: number;
  /** Days in the window, and daily changes used for `dailyChangeStdDev`. */
  days: number;
  changes: number;
};

/** Statistics of the basis b = S − F over the aligned window [from, to] (needs at least three
 *  days and `horizonDays` < to − from). */
export function basisStatistics(
  spot: Float64Array, futures: Float64Array, rolls: Uint8Array, dates: readonly string[],
  from: number, to: number, horizonDays: number,
): BasisStatistics {
  const days = to - from + 1;
  let sum = 0;
  for (let t = from; t <= to; t++) sum += (spot[t] as number) - (futures[t] as number);
  const mean = sum / days;
  let squares = 0;
  for (let t = from; t <= to; t++) {
    const d = (spot[t] as number) - (futures[t] as number) - mean;
    squares += d * d;
  }
  let changes = 0;
  let changeSum = 0;
  for (let t = from + 1; t <= to; t++) {
    if (rolls[t] === 1) continue;
    changes++;
    changeSum += basisChange(spot, futures, t - 1, t);
  }
  const changeMean = changeSum / changes;
  let changeSquares = 0;
  for (let t = from + 1; t <= to; t++) {
    if (rolls[t] === 1) continue;
    const d = basisChange(spot, futures, t - 1, t) - changeMean;
    changeSquares += d * d;
  }
  let worstFall = Infinity;
  let worstRise = -Infinity;
  let fallStart = from;
  let riseStart = from;
  for (let t = from; t + horizonDays <= to; t++) {
    const move = basisChange(spot, futures, t, t + horizonDays);
    if (move < worstFall) { worstFall = move; fallStart = t; }
    if (move > worstRise) { worstRise = move; riseStart = t; }
  }
  const window = (t: number): [string, string] => [dates[t] as string, dates[t + horizonDays] as string];
  return {
    last: (spot[to] as number) - (futures[to] as number),
    mean,
    stdDev: Math.sqrt(squares / (days - 1)),
    dailyChangeStdDev: Math.sqrt(changeSquares / (changes - 1)),
    worstFall, worstRise, worstFallWindow: window(fallStart), worstRiseWindow: window(riseStart),
    horizonDays, days, changes,
  };
}

function basisChange(spot: Float64Array, futures: Float64Array, a: number, b: number): number {
  return ((spot[b] as number) - (futures[b] as number)) - ((spot[a] as number) - (futures[a] as number));
}

export type RollSpreads = {
  /** Calendar spread F_next − F_held on the last day before each roll in the window, in price
   *  units (positive = contango: the next contract is dearer). */
  spreads: Float64Array;
  /** ISO dates the spreads were read on (each contract's last trading day in the history). */
  dates: string[];
};

/** The spread between the contract a nearby series holds and the next one, read on the day
 *  before every roll inside (from, to]: what a position rolled that day paid or earned. */
export function rollSpreads(
  held: Float64Array, next: Float64Array, rolls: Uint8Array, dates: readonly string[], from: number, to: number,
): RollSpreads {
  const at: number[] = [];
  for (let t = from + 1; t <= to; t++) if (rolls[t] === 1) at.push(t - 1);
  return {
    spreads: Float64Array.from(at, (t) => (next[t] as number) - (held[t] as number)),
    dates: at.map((t) => dates[t] as string),
  };
}

/** Carry of a futures position held by rolling, over `years`, in currency (positive = the holder
 *  pays): quantity (signed contracts) × multiplier × spread per roll × rolls. A rolled long
 *  sells the expiring contract and buys the next, dearer one in contango: over time the price it
 *  holds drifts down to the spot and it loses the spread at each roll; a short earns it. In
 *  backwardation the signs flip (the "roll yield": Erb & Harvey, "The strategic and tactical
 *  value of commodity futures", Financial Analysts Journal 62(2), 2006). */
export function rollCarry(quantity: number, multiplier: number, spreadPerRoll: number, rollsPerYear: number, years: number): number {
  return quantity * multiplier * spreadPerRoll * rollsPerYear * years;
}

/** Minimum price increments (CME Group and ICE contract specifications): E-mini S&P 500 0.25
 *  index points, WTI and Brent $0.01 per barrel, Henry Hub $0.001 per MMBtu, ULSD and RBOB
 *  $0.0001 per gallon. Liquid front months trade one tick wide. */
const TICK_SIZES: Record<string, number> = { SPX: 0.25, WTI: 0.01, BRENT: 0.01, HENRYHUB: 0.001, ULSD: 0.0001, RBOB: 0.0001 };

/** The contract's minimum price increment, in price units. */
export function tickSize(spec: FuturesSpec): number {
  const tick = TICK_SIZES[spec.underlying];
  if (tick === undefined) throw new Error(`no tick size known for ${spec.symbol}`);
  return tick;
}
