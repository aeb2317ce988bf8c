// One entry point for every scenario generator: buildScenarios(method, history, options). It is
// the boundary where options from the CLI, the server or an API caller are validated (bad values
// raise InputError naming the option, the value and what was expected); the generators behind it
// are kernels that trust their inputs. Methods, defaults and formulas: docs/scenarios.md.

import { InputError } from '../domain/errors.js';
import type { PriceHistory, ScenarioSet } from '../domain/market.js';
import { covarianceMatrix, ledoitWolf, type SymmetricMatrix } from '../stats/covariance.js';
import { mean } from '../stats/descriptive.js';
import { ewmaCovarianceMatrix, RISKMETRICS_DAILY_LAMBDA } from '../stats/ewma.js';
import { bootstrapScenarios, defaultBlockLength, type BootstrapScheme } from './bootstrap.js';
import { filteredHistoricalScenarios, type VolatilityFilter } from './filtered.js';
import { historicalScenarios, TRADING_DAYS_PER_YEAR } from './historical.js';
import { dailyIncrements, type DailyIncrements } from './increments.js';
import { monteCarloScenarios, pooledDegreesOfFreedom, type MonteCarloDistribution, type MonteCarloGenerator } from './monte-carlo.js';
import {
  STRESS_EPISODES, stressScenarios, type PriceSeriesLike, type ProxyRule, type StressResult, type UserShock,
} from './stress.js';

export type ScenarioMethod = 'historical' | 'fhs' | 'bootstrap' | 'mc-normal' | 'mc-t' | 'stress';

export const SCENARIO_METHODS: readonly ScenarioMethod[] = ['historical', 'fhs', 'bootstrap', 'mc-normal', 'mc-t', 'stress'];

export type CovarianceMethod = 'sample' | 'ewma' | 'ledoit-wolf';

export type ScenarioOptions = {
  /** Trading days from the as-of date to the horizon (integer ≥ 1). */
  horizonDays: number;
  /** Trading days of history used for estimation and resampling, ending at the as-of date. */
  lookbackDays: number;
  /** Index of the as-of date in history.dates; default the last date. */
  endIndex?: number;
  /** Seed of every random draw, integer in [0, 2³² − 1]; default DEFAULT_SEED. */
  seed?: number;
  /** Number of scenarios of the random methods; default DEFAULT_SCENARIO_COUNT. */
  count?: number;
  /** Symbols whose increments are price changes rather than log returns (futures and anything
   *  that can go negative); symbols with a price ≤ 0 in the lookback are added automatically. */
  additiveSymbols?: readonly string[];
  /** historical: overlapping windows (default) or non-overlapping. */
  overlapping?: boolean;
  /** fhs: volatility filter, default 'ewma'. */
  volatilityFilter?: VolatilityFilter;
  /** EWMA decay for the fhs filter and the 'ewma' covariance; default 0.94 (RiskMetrics). */
  ewmaLambda?: number;
  /** bootstrap: scheme, default 'stationary'. */
  bootstrapScheme?: BootstrapScheme;
  /** bootstrap: mean (stationary) or exact (moving-block) block length in days; default
   *  round(lookbackDays^{1/3}). */
  blockLength?: number;
  /** mc-normal / mc-t: covariance estimator of daily increments, default 'sample'. */
  covariance?: CovarianceMethod;
  /** mc-normal / mc-t: add the sample mean of daily increments × horizon; default false (zero mean). */
  includeMean?: boolean;
  /** mc-normal / mc-t: antithetic pairs Z, −Z; default false; needs an even count. */
  antithetic?: boolean;
  /** Monte Carlo normals: 'ziggurat' (default, xoshiro128**) or 'numpy-legacy' (MT19937 + polar,
   *  numpy.random.RandomState's stream). */
  generator?: MonteCarloGenerator;
  /** mc-t: degrees of freedom ν > 2; default fitted to the pooled standardised increments. */
  degreesOfFreedom?: number;
  /** stress: ids of STRESS_EPISODES to replay; default all of them. */
  episodes?: readonly string[];
  /** stress: user-defined shocks, added after the episodes. */
  shocks?: readonly UserShock[];
  /** stress: full price histories for the episode windows (src/data PriceSeries fit). */
  series?: readonly PriceSeriesLike[];
  /** stress: proxy symbol for symbols without episode data, default 'SPY'. */
  proxySymbol?: string;
  /** stress: 'beta' (default) or 'refuse'. */
  proxyRule?: ProxyRule;
  /** stress: symbol of a volatility index in points (e.g. VIX) driving the implied-vol shift. */
  volatilityIndex?: string;
};

/** A ScenarioSet plus what the report prints about it. */
export type BuiltScenarios = ScenarioSet & {
  methodId: ScenarioMethod;
  /** One line: method, model choices, lookback, horizon, count, seed. */
  describe: string;
  /** Fallbacks and data gaps worth reading (empty when there are none). */
  notes: string[];
  /** The seed used, or null for methods that draw nothing (historical, stress). */
  seed: number | null;
  /** Per-scenario names (stress only). */
  labels?: string[];
  /** Stress only: per-scenario details and the episodes that could not be built. */
  stress?: Pick<StressResult, 'details' | 'skipped'>;
};

export const DEFAULT_SEED = 1;
/** Default number of random scenarios: 100,000 keeps the Monte Carlo standard error of a 99 %
 *  VaR near 1 % of its value (the quantile's s.e. is √(α(1−α)/N)/f(q)) at a cost of well under a
 *  second to generate and revalue (docs/performance.md). */
export const DEFAULT_SCENARIO_COUNT = 100_000;
/** Upper bound on count × symbols (8 bytes each: 400 MB). */
export const MAX_SCENARIO_VALUES = 50_000_000;
/** Fitted ν below this is raised to it (with a note): covariance matching needs ν > 2 and as
 *  ν → 2 almost every scenario shrinks to nothing while a rare one explodes. Daily equity
 *  returns typically fit ν ≈ 3–6. */
export const MIN_FITTED_DEGREES_OF_FREEDOM = 3;

/** Joint scenarios at the horizon by `method` (see docs/scenarios.md). Same inputs and seed →
 *  identical ScenarioSet. */
export function buildScenarios(method: ScenarioMethod, history: PriceHistory, options: ScenarioOptions): BuiltScenarios {
  if (!SCENARIO_METHODS.includes(method)) {
    throw new InputError({ file: 'method', value: String(method), expected: `one of ${SCENARIO_METHODS.join(', ')}` });
  }
  const o = validateCommon(history, options);
  const asOf = history.dates[o.endIndex]!;
  const base = {
    symbols: [...history.symbols],
    elapsedYears: o.horizonDays / TRADING_DAYS_PER_YEAR,
    horizonDays: o.horizonDays,
    methodId: method,
  };
  const window = `${o.lookbackDays} trading days to ${asOf}`;
  const horizon = `horizon ${o.horizonDays} trading day${o.horizonDays === 1 ? '' : 's'}`;

  const additive = validateSymbols(history, options.additiveSymbols ?? [], 'additiveSymbols');
  const increments = dailyIncrements(history, o.endIndex, o.lookbackDays, additive);
  const notes = increments.autoAdditive.length > 0
    ? [`${increments.autoAdditive.join(', ')}: price ≤ 0 in the lookback; moved by price changes instead of log returns.`]
    : [];
  const units = increments.additive.some((a) => a) ? 'daily increments (log returns; price changes for additive series)' : 'daily log returns';

  if (method === 'historical') {
    const overlapping = options.overlapping ?? true;
    const s = historicalScenarios(history, { horizonDays: o.horizonDays, lookbackDays: o.lookbackDays, endIndex: o.endIndex, overlapping, additive: increments.additive });
    if (s.count < 2) {
      throw new InputError({
        file: 'lookbackDays', value: String(o.lookbackDays),
        expected: `a lookback giving at least 2 ${overlapping ? 'overlapping' : 'non-overlapping'} windows of ${o.horizonDays} days`,
      });
    }
    return {
      ...s, methodId: method, seed: null, notes,
      describe: `${s.method}: ${s.count} windows of ${o.horizonDays} days in the ${window}, ${horizon}; no random draws`,
    };
  }

  if (method === 'stress') return buildStress(history, options, o, increments, notes, base, window, horizon);

  const seed = validateSeed(options.seed);
  const count = validateCount(options.count, history.symbols.length);
  const tail = `${horizon}, ${count.toLocaleString('en-US')} scenarios, seed ${seed}`;

  if (method === 'fhs') {
    const filter = options.volatilityFilter ?? 'ewma';
    if (filter !== 'ewma' && filter !== 'garch') {
      throw new InputError({ file: 'volatilityFilter', value: String(filter), expected: 'ewma or garch' });
    }
    const lambda = validateLambda(options.ewmaLambda);
    const r = filteredHistoricalScenarios(increments, { horizonDays: o.horizonDays, count, seed, filter, lambda });
    const filterText = filter === 'ewma' ? `EWMA λ=${lambda}` : 'GARCH(1,1) (EWMA fallback where a fit fails)';
    return {
      ...base, method: `filtered historical simulation (${filter === 'ewma' ? 'EWMA' : 'GARCH(1,1)'})`,
      count, relatives: r.relatives, volShift: new Float64Array(count), seed, notes: [...notes, ...r.notes],
      describe: `filtered historical simulation: ${units} over ${window} devolatilised by ${filterText}, ` +
        `revolatilised to today's volatility, ${o.horizonDays}-day paths of jointly resampled residual dates; ${tail}`,
    };
  }

  if (method === 'bootstrap') {
    const scheme = options.bootstrapScheme ?? 'stationary';
    if (scheme !== 'stationary' && scheme !== 'moving-block') {
      throw new InputError({ file: 'bootstrapScheme', value: String(scheme), expected: 'stationary or moving-block' });
    }
    const blockLength = validateBlockLength(options.blockLength, scheme, increments.count);
    const relatives = bootstrapScenarios(increments, { scheme, blockLength, horizonDays: o.horizonDays, count, seed });
    return {
      ...base, method: `${scheme} block bootstrap`, count, relatives, volShift: new Float64Array(count), seed, notes,
      describe: `${scheme} block bootstrap (${scheme === 'stationary' ? 'mean ' : ''}block length ${blockLength} days) of joint ` +
        `${units} over ${window}, summed over the horizon; ${tail}`,
    };
  }

  // Monte Carlo
  const covarianceMethod = options.covariance ?? 'sample';
  if (!['sample', 'ewma', 'ledoit-wolf'].includes(covarianceMethod)) {
    throw new InputError({ file: 'covariance', value: String(covarianceMethod), expected: 'sample, ewma or ledoit-wolf' });
  }
  const antithetic = options.antithetic ?? false;
  if (antithetic && count % 2 !== 0) {
    throw new InputError({ file: 'count', value: String(count), expected: 'an even number of scenarios with antithetic pairs' });
  }
  if (increments.count < 2) {
    throw new InputError({ file: 'lookbackDays', value: String(o.lookbackDays), expected: 'at least 2 days to estimate a covariance' });
  }
  const lambda = validateLambda(options.ewmaLambda);
  const { matrix, text: covarianceText } = estimateCovariance(increments.columns, covarianceMethod, lambda);
  const includeMean = options.includeMean ?? false;
  const meanDaily = includeMean ? Float64Array.from(increments.columns, (c) => mean(c)) : new Float64Array(increments.columns.length);
  let distribution: MonteCarloDistribution = { kind: 'normal' };
  let distributionText = 'multivariate normal';
  if (method === 'mc-t') {
    const { degreesOfFreedom, text, note } = chooseDegreesOfFreedom(options.degreesOfFreedom, increments);
    distribution = { kind: 't', degreesOfFreedom };
    distributionText = `multivariate Student-t, ${text}`;
    if (note !== undefined) notes.push(note);
  }
  const result = monteCarloScenarios(
    { meanDaily, covarianceDaily: matrix, distribution, additive: increments.additive, lastPrices: increments.lastPrices },
    { horizonDays: o.horizonDays, count, seed, antithetic, generator: options.generator ?? 'ziggurat' },
  );
  const f = result.factor;
  if (f.method === 'eigenvalue-clipping') {
    notes.push(`The ${covarianceText} is not positive definite (smallest eigenvalue ${f.minEigenvalue!.toExponential(3)}, ` +
      `${f.clippedCount} negative): simulated with the nearest positive semi-definite matrix, negative eigenvalues set to 0.`);
  }
  return {
    ...base, method: `Monte Carlo (${method === 'mc-t' ? 'multivariate Student-t' : 'multivariate normal'})`,
    count, relatives: result.relatives, volShift: new Float64Array(count), seed, notes,
    describe: `Monte Carlo, ${distributionText}: ${covarianceText} of ${units} over ${window} × ${o.horizonDays} ` +
      `(square-root-of-time), ${includeMean ? 'sample mean × horizon' : 'zero mean'}, ` +
      `${f.method === 'cholesky' ? 'Cholesky factor' : 'eigenvalue-clipped factor'}${antithetic ? ', antithetic pairs' : ''}, ` +
      `${options.generator === 'numpy-legacy' ? 'MT19937 polar normals (numpy RandomState)' : 'ziggurat normals (xoshiro128**)'}; ${tail}`,
  };
}

type Common = { horizonDays: number; lookbackDays: number; endIndex: number };

function validateCommon(history: PriceHistory, options: ScenarioOptions): Common {
  const n = history.dates.length;
  if (history.symbols.length === 0 || history.columns.length !== history.symbols.length) {
    throw new InputError({ file: 'history', expected: 'a price history with at least one symbol and one column per symbol' });
  }
  const endIndex = options.endIndex ?? n - 1;
  if (!Number.isInteger(endIndex) || endIndex < 0 || endIndex >= n) {
    throw new InputError({ file: 'endIndex', value: String(endIndex), expected: `an index of the history's dates, 0 to ${n - 1}` });
  }
  const horizonDays = options.horizonDays;
  if (!Number.isInteger(horizonDays) || horizonDays < 1) {
    throw new InputError({ file: 'horizonDays', value: String(horizonDays), expected: 'a whole number of trading days, 1 or more' });
  }
  const lookbackDays = options.lookbackDays;
  if (!Number.isInteger(lookbackDays) || lookbackDays < horizonDays || lookbackDays > endIndex) {
    throw new InputError({
      file: 'lookbackDays', value: String(lookbackDays),
      expected: `a whole number of trading days from the horizon (${horizonDays}) to the ${endIndex} days of history before ${history.dates[endIndex]}`,
    });
  }
  return { horizonDays, lookbackDays, endIndex };
}

function validateSymbols(history: PriceHistory, symbols: readonly string[], option: string): string[] {
  for (const s of symbols) {
    if (!history.symbols.includes(s)) {
      throw new InputError({ file: option, value: s, expected: `a symbol of the price history (${history.symbols.join(', ')})` });
    }
  }
  return [...symbols];
}

function validateSeed(seed: number | undefined): number {
  const s = seed ?? DEFAULT_SEED;
  if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
    throw new InputError({ file: 'seed', value: String(s), expected: 'a whole number from 0 to 4294967295' });
  }
  return s;
}

function validateCount(count: number | undefined, symbols: number): number {
  const c = count ?? DEFAULT_SCENARIO_COUNT;
  const max = Math.floor(MAX_SCENARIO_VALUES / symbols);
  if (!Number.isInteger(c) || c < 2 || c > max) {
    throw new InputError({ file: 'count', value: String(c), expected: `a whole number of scenarios from 2 to ${max} (for ${symbols} symbols)` });
  }
  return c;
}

function validateLambda(lambda: number | undefined): number {
  const l = lambda ?? RISKMETRICS_DAILY_LAMBDA;
  if (!(l > 0 && l < 1)) throw new InputError({ file: 'ewmaLambda', value: String(l), expected: 'a decay factor strictly between 0 and 1' });
  return l;
}

function validateBlockLength(blockLength: number | undefined, scheme: BootstrapScheme, n: number): number {
  const b = blockLength ?? defaultBlockLength(n);
  const ok = scheme === 'stationary' ? b >= 1 && b <= n : Number.isInteger(b) && b >= 1 && b <= n;
  if (!ok) {
    throw new InputError({
      file: 'blockLength', value: String(b),
      expected: `${scheme === 'stationary' ? 'a mean block length' : 'a whole number of days'} from 1 to the ${n} days of the lookback`,
    });
  }
  return b;
}

function estimateCovariance(columns: Float64Array[], method: CovarianceMethod, lambda: number): { matrix: SymmetricMatrix; text: string } {
  if (method === 'ewma') return { matrix: ewmaCovarianceMatrix(columns, lambda), text: `EWMA covariance (λ=${lambda}, zero mean)` };
  if (method === 'ledoit-wolf') {
    const lw = ledoitWolf(columns);
    return { matrix: lw.covariance, text: `Ledoit–Wolf covariance (shrinkage ${lw.shrinkage.toFixed(3)})` };
  }
  return { matrix: covarianceMatrix(columns), text: 'sample covariance' };
}

function chooseDegreesOfFreedom(given: number | undefined, increments: DailyIncrements): { degreesOfFreedom: number; text: string; note?: string } {
  if (given !== undefined) {
    if (!(given > 2) || !Number.isFinite(given)) {
      throw new InputError({ file: 'degreesOfFreedom', value: String(given), expected: 'a number of degrees of freedom above 2 (the covariance must exist)' });
    }
    return { degreesOfFreedom: given, text: `ν = ${given} (given)` };
  }
  const fit = pooledDegreesOfFreedom(increments.columns);
  if (!fit.ok) {
    throw new InputError({ file: 'degreesOfFreedom', expected: `a value given explicitly: it cannot be fitted (${fit.reason})` });
  }
  const nu = fit.value.degreesOfFreedom;
  if (nu < MIN_FITTED_DEGREES_OF_FREEDOM) {
    return {
      degreesOfFreedom: MIN_FITTED_DEGREES_OF_FREEDOM, text: `ν = ${MIN_FITTED_DEGREES_OF_FREEDOM} (fitted ${nu.toFixed(2)}, raised to the floor)`,
      note: `The Student-t fit gave ν = ${nu.toFixed(2)}; ν = ${MIN_FITTED_DEGREES_OF_FREEDOM} was used (the lowest the generator accepts from a fit).`,
    };
  }
  return { degreesOfFreedom: nu, text: `ν = ${nu.toFixed(2)} fitted to ${fit.value.n} pooled standardised daily increments` };
}

function buildStress(
  history: PriceHistory, options: ScenarioOptions, o: Common, increments: DailyIncrements, notes: string[],
  base: Pick<BuiltScenarios, 'symbols' | 'elapsedYears' | 'horizonDays' | 'methodId'>, window: string, horizon: string,
): BuiltScenarios {
  const ids = options.episodes ?? STRESS_EPISODES.map((e) => e.id);
  const episodes = ids.map((id) => {
    const e = STRESS_EPISODES.find((x) => x.id === id);
    if (e === undefined) throw new InputError({ file: 'episodes', value: id, expected: `one of ${STRESS_EPISODES.map((x) => x.id).join(', ')}` });
    return e;
  });
  const shocks = options.shocks ?? [];
  shocks.forEach((shock, i) => {
    const where = `shocks[${i}]`;
    if (typeof shock.name !== 'string' || shock.name === '') throw new InputError({ file: where, column: 'name', expected: 'a name for the shock' });
    const entries = Object.entries(shock.moves ?? {});
    if (entries.length === 0) throw new InputError({ file: where, column: 'moves', expected: 'at least one symbol → move' });
    for (const [symbol, move] of entries) {
      if (!history.symbols.includes(symbol)) {
        throw new InputError({ file: where, column: symbol, expected: `a symbol of the price history (${history.symbols.join(', ')})` });
      }
      const additive = increments.additive[history.symbols.indexOf(symbol)]!;
      if (!Number.isFinite(move) || (!additive && !(move > -1))) {
        throw new InputError({
          file: where, column: symbol, value: String(move),
          expected: additive ? 'a finite move as a decimal' : 'a move as a decimal above −1 (−100 %): prices stay positive',
        });
      }
    }
    if (shock.volShift !== undefined && !Number.isFinite(shock.volShift)) {
      throw new InputError({ file: where, column: 'volShift', value: String(shock.volShift), expected: 'a finite volatility shift as a decimal' });
    }
  });
  if (episodes.length === 0 && shocks.length === 0) {
    throw new InputError({ file: 'episodes', expected: 'at least one episode or one user-defined shock' });
  }
  const proxyRule = options.proxyRule ?? 'beta';
  if (proxyRule !== 'beta' && proxyRule !== 'refuse') throw new InputError({ file: 'proxyRule', value: String(proxyRule), expected: 'beta or refuse' });
  const proxySymbol = options.proxySymbol ?? 'SPY';
  const given = options.series ?? [];
  const seen = new Set(given.map((s) => s.symbol));
  const series: PriceSeriesLike[] = [
    ...given,
    ...history.symbols.filter((s) => !seen.has(s)).map((symbol) => ({
      symbol, dates: history.dates, values: history.columns[history.symbols.indexOf(symbol)]!,
    })),
  ];
  const r = stressScenarios(increments, {
    episodes, shocks, series, proxySymbol, proxyRule,
    ...(options.volatilityIndex === undefined ? {} : { volatilityIndex: options.volatilityIndex }),
  });
  const count = r.volShift.length;
  if (count === 0) {
    throw new InputError({
      file: 'episodes', value: ids.join(','),
      expected: `an episode with price data or a user-defined shock (${r.skipped.map((s) => `${s.id}: ${s.reason}`).join('; ')})`,
    });
  }
  const skippedText = r.skipped.length > 0 ? `; skipped: ${r.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}` : '';
  return {
    ...base, method: 'stress (historical episodes and user shocks)', count, relatives: r.relatives, volShift: r.volShift,
    seed: null, notes: [...notes, ...r.notes], labels: r.details.map((d) => d.label),
    stress: { details: r.details, skipped: r.skipped },
    describe: `stress: ${count} scenario${count === 1 ? '' : 's'} (${r.details.map((d) => d.label).join('; ')}) applied over the ${horizon}; ` +
      `missing data proxied by ${proxyRule === 'beta' ? `β to ${proxySymbol} estimated over ${window}` : 'nothing (episodes with gaps skipped)'}` +
      `${skippedText}; no random draws`,
  };
}
