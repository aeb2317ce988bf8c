// Stress scenarios: named historical episodes replayed on today's portfolio, plus user-defined
// shocks. Each episode is one scenario. A symbol's move is its own cumulative move over the
// episode window — from its last price on or before `start` to its last price on or before
// `end` — turned into a relative for today's price the same way as every other generator
// (./increments.ts): ln(P_end/P_start) → e^x for multiplicative series, P_end − P_start →
// (P + ΔP)/P for additive ones (and for any series whose episode prices are ≤ 0, e.g. WTI's
// front month on 2020-04-20). A price counts as "on" a date only if it is at most
// STRESS_MAX_STALE_DAYS calendar days older (weekends, holidays); otherwise the symbol has no
// data in that episode.
//
// Proxy rule for a symbol without data in an episode (documented in docs/scenarios.md):
//   'beta'   (default) its move is β × the proxy's move, β the OLS slope (with intercept) of the
//            symbol's daily increments on the proxy's over the lookback (the CAPM-style
//            single-index mapping of Sharpe 1963; Jorion, Value at Risk, 3rd ed., §14.2 on
//            mapping positions to risk factors in stress tests). The proxy (default SPY) must
//            itself have data in the episode; otherwise the episode is skipped and reported.
//   'refuse' the episode is skipped and reported with the symbols that lack data.
// Nothing is invented: an episode no symbol and no proxy covers (1987 in the sample data, which
// starts in 2004) is listed as skipped with its reason.
//
// Implied volatilities: if a volatility index series is named (e.g. VIX) and has data in the
// episode, every option's implied volatility moves by the index's change in points / 100 (an
// additive shift, ScenarioSet.volShift); otherwise they are left unchanged, and the notes say so.
// The moves are applied over the analysis horizon, whatever the episode's length: the question
// is "what if that happened again before the horizon", not a replay of its calendar.

import { isoDayNumber } from '../domain/dates.js';
import { olsRegression } from '../stats/regression.js';
import { incrementToRelative, type DailyIncrements } from './increments.js';

export type StressEpisode = {
  id: string;
  name: string;
  /** Close the move is measured from (ISO date). */
  start: string;
  /** Close the move is measured to (ISO date). */
  end: string;
  /** Why these dates: what the window spans, with the S&P 500 or WTI move for orientation. */
  description: string;
};

/** Built-in episodes. Dates are closes; the move runs from `start` to `end`. Index levels quoted
 *  are S&P 500 closes (Yahoo ^GSPC) and NYMEX WTI front-month settlements. */
export const STRESS_EPISODES: readonly StressEpisode[] = [
  {
    id: 'crash-1987', name: 'October 1987 crash', start: '1987-10-13', end: '1987-10-19',
    description: 'Black Monday week: S&P 500 314.52 → 224.84 (−28.5 %), −20.5 % on 19 Oct alone.',
  },
  {
    id: 'gfc-2008', name: 'Financial crisis 2008–09', start: '2008-09-12', end: '2009-03-09',
    description: 'Friday before the Lehman bankruptcy to the bear-market low: S&P 500 1251.70 → 676.53 (−46 %).',
  },
  {
    id: 'downgrade-2011', name: 'August 2011 debt-ceiling and US downgrade sell-off', start: '2011-07-22', end: '2011-08-08',
    description: 'Last close before the slide to the first trading day after S&P downgraded the US: S&P 500 1345.02 → 1119.46 (−16.8 %).',
  },
  {
    id: 'covid-2020', name: 'COVID-19 crash 2020', start: '2020-02-19', end: '2020-03-23',
    description: 'Record close to the pandemic low: S&P 500 3386.15 → 2237.40 (−33.9 %).',
  },
  {
    id: 'rates-2022', name: '2022 rates shock', start: '2022-01-03', end: '2022-10-12',
    description: 'Record close to the 2022 low as the Fed raised rates from 0.25 % to 3.25 %: S&P 500 4796.56 → 3577.03 (−25.4 %); 10-year Treasury yield 1.63 % → 3.95 %; long bonds fell about a third.',
  },
  {
    id: 'wti-negative-2020', name: 'WTI negative price, April 2020', start: '2020-03-31', end: '2020-04-20',
    description: 'WTI front month 20.48 → −37.63 on the May contract\'s last full trading day; additive (price-difference) moves for series that go negative.',
  },
];

/** How many calendar days a price may be older than the date it stands for (a long weekend plus
 *  a holiday week is 4–5 days; a series that stopped or had not started is much older). */
export const STRESS_MAX_STALE_DAYS = 7;

/** The shape of a price series this module reads: src/data's PriceSeries fits it. */
export type PriceSeriesLike = { symbol: string; dates: readonly string[]; values: Float64Array };

/** A user-defined scenario: symbol → move as a decimal (−0.2 = down 20 %), optionally an
 *  additive implied-volatility shift (0.05 = +5 vol points). Symbols not named move by the proxy
 *  rule when the proxy is named and the rule is 'beta', else stay unchanged. */
export type UserShock = { name: string; moves: Record<string, number>; volShift?: number };

export type ProxyRule = 'beta' | 'refuse';

export type StressOptions = {
  episodes: readonly StressEpisode[];
  shocks: readonly UserShock[];
  /** Full price histories (not only the lookback), one per symbol; buildScenarios completes
   *  them with the price history's own columns for symbols not given. */
  series: readonly PriceSeriesLike[];
  proxySymbol: string;
  proxyRule: ProxyRule;
  /** Symbol of a volatility index quoted in points (VIX), looked up in `series`. */
  volatilityIndex?: string;
};

export type StressScenarioDetail = {
  label: string;
  kind: 'episode' | 'shock';
  /** Episode window (episodes only). */
  start?: string;
  end?: string;
  /** Symbols whose move came from the proxy rule, with their β. */
  proxied: { symbol: string; beta: number }[];
};

export type StressResult = {
  relatives: Float64Array[];
  volShift: Float64Array;
  details: StressScenarioDetail[];
  /** Episodes that produced no scenario, with the reason. */
  skipped: { id: string; name: string; reason: string }[];
  notes: string[];
};

/** Price on or before `date` (at most STRESS_MAX_STALE_DAYS older), or undefined. */
export function priceAsOf(series: PriceSeriesLike, date: string): number | undefined {
  const dates = series.dates;
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! <= date) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return undefined;
  if (isoDayNumber(date) - isoDayNumber(dates[found]!) > STRESS_MAX_STALE_DAYS) return undefined;
  return series.values[found];
}

type Move = { increment: number; additive: boolean };

/** Cumulative move of one series over an episode, or undefined without data at both ends. */
function episodeMove(series: PriceSeriesLike | undefined, episode: StressEpisode, additive: boolean): Move | undefined {
  if (series === undefined) return undefined;
  const p0 = priceAsOf(series, episode.start);
  const p1 = priceAsOf(series, episode.end);
  if (p0 === undefined || p1 === undefined) return undefined;
  if (additive || !(p0 > 0) || !(p1 > 0)) return { increment: p1 - p0, additive: true };
  return { increment: Math.log(p1 / p0), additive: false };
}

/** One scenario per episode with data (in the order given), then one per user shock. */
export function stressScenarios(increments: DailyIncrements, o: StressOptions): StressResult {
  const k = increments.symbols.length;
  const bySymbol = new Map(o.series.map((s) => [s.symbol, s]));
  const seriesOf = (j: number): PriceSeriesLike | undefined => bySymbol.get(increments.symbols[j]!);
  const proxyIndex = increments.symbols.indexOf(o.proxySymbol);
  const betas = increments.columns.map((c, j) => {
    if (proxyIndex < 0 || j === proxyIndex) return undefined;
    const fit = olsRegression(c, increments.columns[proxyIndex]!);
    return fit.ok ? fit.value.slope : undefined;
  });
  const notes: string[] = [];
  const skipped: StressResult['skipped'] = [];
  const rows: { values: Float64Array; volShift: number; detail: StressScenarioDetail }[] = [];
  const volIndex = o.volatilityIndex === undefined ? undefined : bySymbol.get(o.volatilityIndex);
  if (o.volatilityIndex !== undefined && volIndex === undefined) {
    notes.push(`No ${o.volatilityIndex} series was given: implied volatilities are unchanged in every episode.`);
  }

  for (const episode of o.episodes) {
    const moves = increments.symbols.map((_, j) => episodeMove(seriesOf(j), episode, increments.additive[j]!));
    const missing = increments.symbols.filter((_, j) => moves[j] === undefined);
    const values = new Float64Array(k);
    const proxied: StressScenarioDetail['proxied'] = [];
    let reason: string | undefined;
    if (missing.length === k) {
      reason = `no price data for any symbol between ${episode.start} and ${episode.end}`;
    } else if (missing.length > 0 && o.proxyRule === 'refuse') {
      reason = `no data for ${missing.join(', ')} (proxy rule 'refuse')`;
    } else if (missing.length > 0) {
      const proxyMove = proxyIndex < 0 ? undefined : moves[proxyIndex];
      if (proxyMove === undefined) {
        reason = proxyIndex < 0
          ? `no data for ${missing.join(', ')} and the proxy ${o.proxySymbol} is not in the price history`
          : `no data for ${missing.join(', ')} and none for the proxy ${o.proxySymbol} either`;
      } else {
        // The proxy's move in the units of its own increments (log return or price change);
        // they differ only when a multiplicative proxy's episode prices were ≤ 0.
        const proxyIncrement = proxyMove.additive === increments.additive[proxyIndex]
          ? proxyMove.increment
          : Math.log(1 + proxyMove.increment / increments.lastPrices[proxyIndex]!);
        const unproxyable = missing.filter((s) => betas[increments.symbols.indexOf(s)] === undefined);
        if (!Number.isFinite(proxyIncrement)) {
          reason = `no data for ${missing.join(', ')} and the proxy ${o.proxySymbol}'s move (${proxyMove.increment}) has no log-return equivalent`;
        } else if (unproxyable.length > 0) {
          reason = `no data for ${unproxyable.join(', ')} and no β to ${o.proxySymbol} could be estimated for it`;
        } else {
          for (const s of missing) {
            const j = increments.symbols.indexOf(s);
            const beta = betas[j]!;
            moves[j] = { increment: beta * proxyIncrement, additive: increments.additive[j]! };
            proxied.push({ symbol: s, beta });
          }
        }
      }
    }
    if (reason !== undefined) {
      skipped.push({ id: episode.id, name: episode.name, reason });
      continue;
    }
    moves.forEach((m, j) => {
      values[j] = incrementToRelative(m!.increment, m!.additive, increments.lastPrices[j]!);
    });
    let volShift = 0;
    if (volIndex !== undefined) {
      const v0 = priceAsOf(volIndex, episode.start);
      const v1 = priceAsOf(volIndex, episode.end);
      if (v0 !== undefined && v1 !== undefined) volShift = (v1 - v0) / 100;
      else notes.push(`${episode.name}: no ${o.volatilityIndex} data; implied volatilities unchanged.`);
    }
    const switched = increments.symbols.filter((_, j) => moves[j]!.additive && !increments.additive[j]);
    if (switched.length > 0) {
      notes.push(`${episode.name}: ${switched.join(', ')} had prices ≤ 0 in the episode; moved by the price change instead of the log return.`);
    }
    rows.push({ values, volShift, detail: { label: episode.name, kind: 'episode', start: episode.start, end: episode.end, proxied } });
  }

  for (const shock of o.shocks) {
    const values = new Float64Array(k).fill(1);
    const proxied: StressScenarioDetail['proxied'] = [];
    const proxyMove = shock.moves[o.proxySymbol];
    for (let j = 0; j < k; j++) {
      const move = shock.moves[increments.symbols[j]!];
      if (move !== undefined) {
        values[j] = 1 + move;
      } else if (proxyMove !== undefined && o.proxyRule === 'beta' && betas[j] !== undefined) {
        const proxyIncrement = increments.additive[proxyIndex]
          ? proxyMove * increments.lastPrices[proxyIndex]!
          : Math.log1p(proxyMove);
        values[j] = incrementToRelative(betas[j]! * proxyIncrement, increments.additive[j]!, increments.lastPrices[j]!);
        proxied.push({ symbol: increments.symbols[j]!, beta: betas[j]! });
      }
    }
    rows.push({ values, volShift: shock.volShift ?? 0, detail: { label: shock.name, kind: 'shock', proxied } });
  }

  const count = rows.length;
  const relatives = Array.from({ length: k }, (_, j) => Float64Array.from(rows, (r) => r.values[j]!));
  return {
    relatives,
    volShift: Float64Array.from(rows, (r) => r.volShift),
    details: rows.map((r) => r.detail),
    skipped,
    notes: count === 0 ? [...notes, 'No stress scenario could be built.'] : notes,
  };
}
