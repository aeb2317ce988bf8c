import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { buildScenarios } from '../../src/scenarios/build.js';
import { priceAsOf, STRESS_EPISODES } from '../../src/scenarios/stress.js';
import { expectRel, vectors } from './reference.js';
import { sampleHistory, sampleSeries } from './sample-data.js';

const ref = vectors.stress;
const history = sampleHistory(ref.symbols, 757, '2024-11-29');
const series = sampleSeries();

describe('stress episodes on the sample data, against pandas and statsmodels', () => {
  const s = buildScenarios('stress', history, { horizonDays: 10, lookbackDays: 756, series, volatilityIndex: 'VIX' });

  it('replays every episode with data, in order, and reports 1987 as having none', () => {
    expect(history.dates[0]).toBe(ref.firstDate);
    expect(s.labels).toEqual(STRESS_EPISODES.filter((e) => e.id !== 'crash-1987').map((e) => e.name));
    expect(s.stress?.skipped).toEqual([{ id: 'crash-1987', name: 'October 1987 crash', reason: 'no price data for any symbol between 1987-10-13 and 1987-10-19' }]);
    expect(s.describe).toContain('skipped: October 1987 crash');
    expect(s.seed).toBeNull();
  });

  it('moves equal the pandas as-of lookups; XLC (listed 2018) is proxied by its OLS β to SPY', () => {
    const episodes = STRESS_EPISODES.filter((e) => e.id !== 'crash-1987');
    episodes.forEach((e, i) => {
      const expected = ref.episodes[e.id];
      ref.symbols.forEach((symbol: string, j: number) => {
        // ratios of the same two prices (or β·ln ratio): rounding only
        expectRel(s.relatives[j]![i]!, expected.relatives[symbol], 1e-12, 0, `${e.id} ${symbol}: `);
      });
      expect(s.stress!.details[i]!.proxied.map((p) => p.symbol)).toEqual(expected.proxied);
      for (const p of s.stress!.details[i]!.proxied) expectRel(p.beta, ref.betas[p.symbol], 1e-9);
      // VIX change in points / 100 as an additive implied-volatility shift
      expectRel(s.volShift[i]!, expected.volShift, 1e-12);
    });
  });

  it('WTI front month through −37.63: moved by the price change, with a note', () => {
    const i = s.labels!.indexOf('WTI negative price, April 2020');
    const j = history.symbols.indexOf('CL01');
    const today = history.columns[j]!.at(-1)!;
    expect(today * (s.relatives[j]![i]! - 1)).toBeCloseTo(-37.63 - 20.48, 10);
    expect(s.notes).toContain('WTI negative price, April 2020: CL01 had prices ≤ 0 in the episode; moved by the price change instead of the log return.');
  });

  it("proxy rule 'refuse' skips the episodes where a symbol has no data", () => {
    const r = buildScenarios('stress', history, { horizonDays: 10, lookbackDays: 756, series, proxyRule: 'refuse' });
    expect(r.stress!.skipped.map((x) => x.id)).toEqual(['crash-1987', 'gfc-2008', 'downgrade-2011']);
    expect(r.stress!.skipped[1]!.reason).toBe("no data for XLC (proxy rule 'refuse')");
    expect(r.labels).toEqual(['COVID-19 crash 2020', '2022 rates shock', 'WTI negative price, April 2020']);
  });

  it('without a volatility index, implied volatilities are unchanged', () => {
    const r = buildScenarios('stress', history, { horizonDays: 10, lookbackDays: 756, series });
    expect(Array.from(r.volShift).every((v) => v === 0)).toBe(true);
  });

  it('without full series only the lookback is searched: every episode before it is skipped honestly', () => {
    expect(() => buildScenarios('stress', history, { horizonDays: 10, lookbackDays: 756, episodes: ['gfc-2008', 'covid-2020'] }))
      .toThrow(/gfc-2008: no price data for any symbol between 2008-09-12 and 2009-03-09/);
  });
});

describe('user-defined shocks', () => {
  it('named symbols move by the given decimal, others by β × the proxy, with an implied-vol shift', () => {
    const r = buildScenarios('stress', history, {
      horizonDays: 10, lookbackDays: 756, episodes: [],
      shocks: [{ name: 'market −20 %, AAPL −35 %', moves: { SPY: -0.2, AAPL: -0.35 }, volShift: 0.1 }],
    });
    expect(r.count).toBe(1);
    expect(r.labels).toEqual(['market −20 %, AAPL −35 %']);
    const at = (symbol: string) => r.relatives[history.symbols.indexOf(symbol)]![0]!;
    expect(at('SPY')).toBeCloseTo(0.8, 15);
    expect(at('AAPL')).toBeCloseTo(0.65, 15);
    expectRel(at('JPM'), Math.exp(ref.betas.JPM * Math.log(0.8)), 1e-9);
    expect(r.volShift[0]).toBe(0.1);
    // CL01 is multiplicative in this lookback (all prices > 0), so it too follows its β
    expectRel(at('CL01'), Math.exp(ref.betas.CL01 * Math.log(0.8)), 1e-9);
  });

  it('without the proxy in the shock, unnamed symbols stay unchanged', () => {
    const r = buildScenarios('stress', history, { horizonDays: 10, lookbackDays: 756, episodes: [], shocks: [{ name: 'XOM +10 %', moves: { XOM: 0.1 } }] });
    history.symbols.forEach((symbol, j) => expect(r.relatives[j]![0]).toBe(symbol === 'XOM' ? 1.1 : 1));
  });

  it('bad shocks are InputErrors naming the shock, the symbol and the value', () => {
    const bad = (shock: { name: string; moves: Record<string, number>; volShift?: number }) => () =>
      buildScenarios('stress', history, { horizonDays: 10, lookbackDays: 756, episodes: [], shocks: [shock] });
    expect(bad({ name: 'x', moves: { NOPE: -0.1 } })).toThrow(InputError);
    expect(bad({ name: 'x', moves: { NOPE: -0.1 } })).toThrow(/^shocks\[0\]:NOPE: expected a symbol of the price history/);
    expect(bad({ name: 'x', moves: { AAPL: -1 } })).toThrow('shocks[0]:AAPL: expected a move as a decimal above −1 (−100 %): prices stay positive, got "-1"');
    expect(bad({ name: 'x', moves: {} })).toThrow('shocks[0]:moves: expected at least one symbol → move');
    expect(bad({ name: 'x', moves: { AAPL: 0.1 }, volShift: Number.NaN })).toThrow(/volShift/);
    expect(() => buildScenarios('stress', history, { horizonDays: 10, lookbackDays: 756, episodes: ['crash-2099'] }))
      .toThrow(/^episodes: expected one of crash-1987, gfc-2008/);
  });
});

describe('priceAsOf', () => {
  const s = { symbol: 'X', dates: ['2020-01-02', '2020-01-03', '2020-01-06', '2020-02-03'], values: Float64Array.of(1, 2, 3, 4) };
  it('takes the last price on or before the date, at most 7 calendar days old', () => {
    expect(priceAsOf(s, '2020-01-01')).toBeUndefined();
    expect(priceAsOf(s, '2020-01-03')).toBe(2);
    expect(priceAsOf(s, '2020-01-05')).toBe(2);
    expect(priceAsOf(s, '2020-01-13')).toBe(3);
    expect(priceAsOf(s, '2020-01-14')).toBeUndefined();
    expect(priceAsOf(s, '2021-01-01')).toBeUndefined();
  });
  it('finds the 2008 and 2020 closes in the real series', () => {
    const spy = series.find((x) => x.symbol === 'SPY')!;
    expect(priceAsOf(spy, '2009-03-09')! / priceAsOf(spy, '2008-09-12')!).toBeLessThan(0.6);
  });
});
