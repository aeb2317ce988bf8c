import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import type { PriceHistory } from '../../src/domain/market.js';
import { buildScenarios, SCENARIO_METHODS, type ScenarioMethod, type ScenarioOptions } from '../../src/scenarios/build.js';
import { historicalScenarios } from '../../src/scenarios/historical.js';
import { createRng } from '../../src/stats/rng.js';
import { sampleHistory, sampleSeries } from './sample-data.js';

const history = sampleHistory(['AAPL', 'JPM', 'XOM', 'AGG', 'SPY', 'CL01'], 900, '2024-11-29');
const base: ScenarioOptions = { horizonDays: 10, lookbackDays: 756, count: 200, seed: 12345, series: sampleSeries() };

describe('buildScenarios: one entry point for every method', () => {
  it('every method gives a complete ScenarioSet with a one-line description', () => {
    for (const method of SCENARIO_METHODS) {
      const s = buildScenarios(method, history, base);
      expect(s.methodId).toBe(method);
      expect(s.symbols).toEqual(history.symbols);
      expect(s.relatives).toHaveLength(history.symbols.length);
      for (const r of s.relatives) {
        expect(r).toHaveLength(s.count);
        expect(r.every((v) => Number.isFinite(v))).toBe(true);
      }
      expect(s.volShift).toHaveLength(s.count);
      expect(s.horizonDays).toBe(10);
      expect(s.elapsedYears).toBeCloseTo(10 / 252, 15);
      expect(s.describe).toContain('horizon 10 trading days');
      if (['historical', 'stress'].includes(method)) expect(s.seed).toBeNull();
      else {
        expect(s.count).toBe(200);
        expect(s.describe).toContain('200 scenarios, seed 12345');
      }
    }
  });

  it('historical delegates to historicalScenarios unchanged', () => {
    const s = buildScenarios('historical', history, { horizonDays: 10, lookbackDays: 756 });
    const h = historicalScenarios(history, { horizonDays: 10, lookbackDays: 756, endIndex: 899, overlapping: true });
    expect(s.relatives).toEqual(h.relatives);
    expect(s.windows).toEqual(h.windows);
    expect(buildScenarios('historical', history, { horizonDays: 10, lookbackDays: 756, overlapping: false }).count).toBe(75);
  });

  it('same inputs and seed → identical ScenarioSet, for every method', () => {
    fc.assert(fc.property(fc.constantFrom(...SCENARIO_METHODS), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (method, seed) => {
      const o = { ...base, seed, count: 30 };
      expect(buildScenarios(method, history, o)).toEqual(buildScenarios(method, history, o));
    }), { numRuns: 30 });
  });

  it('no look-ahead: prices after the as-of date change nothing', () => {
    const endIndex = 850;
    const altered: PriceHistory = { ...history, columns: history.columns.map((c) => c.map((p, t) => (t > endIndex ? p * 3 : p))) };
    for (const method of SCENARIO_METHODS) {
      const o = { ...base, endIndex, lookbackDays: 700 };
      expect(buildScenarios(method, altered, o).relatives).toEqual(buildScenarios(method, history, o).relatives);
    }
  });

  it('series listed as additive (or with a price ≤ 0) move by price changes: P·(relative − 1) is translation invariant', () => {
    const cl = history.symbols.indexOf('CL01');
    const shifted: PriceHistory = { ...history, columns: history.columns.map((c, j) => (j === cl ? c.map((p) => p + 500) : c)) };
    for (const method of ['fhs', 'bootstrap', 'mc-normal'] as const) {
      const o = { ...base, additiveSymbols: ['CL01'] };
      const a = buildScenarios(method, history, o);
      const b = buildScenarios(method, shifted, o);
      const pa = history.columns[cl]!.at(-1)!;
      const pb = shifted.columns[cl]!.at(-1)!;
      for (let i = 0; i < a.count; i++) {
        expect(pb * (b.relatives[cl]![i]! - 1)).toBeCloseTo(pa * (a.relatives[cl]![i]! - 1), 9);
      }
    }
    const negative: PriceHistory = { ...history, columns: history.columns.map((c, j) => (j === cl ? c.map((p) => p - 150) : c)) };
    const s = buildScenarios('bootstrap', negative, base);
    expect(s.notes).toEqual(['CL01: price ≤ 0 in the lookback; moved by price changes instead of log returns.']);
    expect(s.describe).toContain('price changes for additive series');
  });

  it('a covariance that is not positive definite is simulated from its clipped spectral factor, with a note', () => {
    const dup: PriceHistory = { ...history, symbols: [...history.symbols, 'AAPL2'], columns: [...history.columns, history.columns[0]!] };
    const s = buildScenarios('mc-normal', dup, base);
    expect(s.notes[0]).toMatch(/^The sample covariance is not positive definite \(smallest eigenvalue .*\): simulated with the nearest positive semi-definite matrix/);
    expect(s.describe).toContain('eigenvalue-clipped factor');
    // the duplicate moves exactly like the original (to rounding)
    for (let i = 0; i < s.count; i++) expect(s.relatives.at(-1)![i]).toBeCloseTo(s.relatives[0]![i]!, 12);
  });

  it('mc-t fits ν when not given, and raises a fitted ν below 3 to 3 with a note', () => {
    const fitted = buildScenarios('mc-t', history, base);
    expect(fitted.describe).toMatch(/multivariate Student-t, ν = \d+\.\d\d fitted to 4536 pooled standardised daily increments/);
    // Cauchy-like returns (ν ≈ 1): tan of uniform angles, deterministic from a seeded generator
    const rng = createRng(3);
    const n = 400;
    const prices = new Float64Array(n);
    prices[0] = 100;
    for (let t = 1; t < n; t++) prices[t] = prices[t - 1]! * Math.exp(0.001 * Math.tan(Math.PI * (rng.uniform() - 0.5)) / 50);
    const heavy: PriceHistory = { dates: history.dates.slice(0, n), symbols: ['H'], columns: [prices] };
    const s = buildScenarios('mc-t', heavy, { horizonDays: 10, lookbackDays: 399, count: 10 });
    expect(s.notes[0]).toMatch(/^The Student-t fit gave ν = [0-2]\.\d\d; ν = 3 was used/);
  });
});

describe('buildScenarios: bad options are InputErrors naming the option, the value and what was expected', () => {
  const cases: [ScenarioMethod, Partial<ScenarioOptions>, string][] = [
    ['historical', { horizonDays: 0 }, 'horizonDays: expected a whole number of trading days, 1 or more, got "0"'],
    ['historical', { horizonDays: 2.5 }, 'horizonDays: expected a whole number of trading days, 1 or more, got "2.5"'],
    ['historical', { lookbackDays: 900 }, 'lookbackDays: expected a whole number of trading days from the horizon (10) to the 899 days of history before 2024-11-29, got "900"'],
    ['historical', { lookbackDays: 5 }, 'lookbackDays: expected a whole number of trading days from the horizon (10) to the 899 days of history before 2024-11-29, got "5"'],
    ['historical', { lookbackDays: 10 }, 'lookbackDays: expected a lookback giving at least 2 overlapping windows of 10 days, got "10"'],
    ['historical', { endIndex: 900 }, 'endIndex: expected an index of the history\'s dates, 0 to 899, got "900"'],
    ['mc-normal', { seed: -1 }, 'seed: expected a whole number from 0 to 4294967295, got "-1"'],
    ['mc-normal', { seed: 1.5 }, 'seed: expected a whole number from 0 to 4294967295, got "1.5"'],
    ['mc-normal', { count: 1 }, 'count: expected a whole number of scenarios from 2 to 8333333 (for 6 symbols), got "1"'],
    ['mc-normal', { count: 9_000_000 }, 'count: expected a whole number of scenarios from 2 to 8333333 (for 6 symbols), got "9000000"'],
    ['mc-normal', { count: 201, antithetic: true }, 'count: expected an even number of scenarios with antithetic pairs, got "201"'],
    ['mc-normal', { covariance: 'robust' as never }, 'covariance: expected sample, ewma or ledoit-wolf, got "robust"'],
    ['mc-normal', { covariance: 'ewma', ewmaLambda: 1 }, 'ewmaLambda: expected a decay factor strictly between 0 and 1, got "1"'],
    ['mc-t', { degreesOfFreedom: 2 }, 'degreesOfFreedom: expected a number of degrees of freedom above 2 (the covariance must exist), got "2"'],
    ['fhs', { volatilityFilter: 'egarch' as never }, 'volatilityFilter: expected ewma or garch, got "egarch"'],
    ['bootstrap', { bootstrapScheme: 'circular' as never }, 'bootstrapScheme: expected stationary or moving-block, got "circular"'],
    ['bootstrap', { bootstrapScheme: 'moving-block', blockLength: 2.5 }, 'blockLength: expected a whole number of days from 1 to the 756 days of the lookback, got "2.5"'],
    ['bootstrap', { blockLength: 0.5 }, 'blockLength: expected a mean block length from 1 to the 756 days of the lookback, got "0.5"'],
    ['bootstrap', { additiveSymbols: ['ZZZ'] }, 'additiveSymbols: expected a symbol of the price history (AAPL, JPM, XOM, AGG, SPY, CL01), got "ZZZ"'],
    ['stress', { proxyRule: 'guess' as never }, 'proxyRule: expected beta or refuse, got "guess"'],
    ['stress', { episodes: [], shocks: [] }, 'episodes: expected at least one episode or one user-defined shock'],
    ['mc-x' as ScenarioMethod, {}, 'method: expected one of historical, fhs, bootstrap, mc-normal, mc-t, stress, got "mc-x"'],
  ];
  for (const [method, options, message] of cases) {
    it(`${method} ${JSON.stringify(options)}`, () => {
      let error: unknown;
      try {
        buildScenarios(method, history, { ...base, ...options });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(message);
    });
  }
});
