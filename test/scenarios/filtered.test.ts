import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenarios } from '../../src/scenarios/build.js';
import { ewmaFilter, garchFilter } from '../../src/scenarios/filtered.js';
import { fitGarch11 } from '../../src/stats/garch.js';
import { logReturns } from '../../src/stats/returns.js';
import { expectAllRel, expectRel, vectors } from './reference.js';
import { sampleHistory } from './sample-data.js';

const ref = vectors.fhs;
const history = sampleHistory(ref.symbols, 757, '2024-11-29');

describe('filtered historical simulation (EWMA) replayed in numpy', () => {
  it('filter: residuals and today\'s variance equal the numpy recursion', () => {
    history.columns.forEach((prices, j) => {
      const f = ewmaFilter(logReturns(prices), ref.lambda);
      // the same recursion in the same order: only the initial mean of r² is summed differently
      // (numpy sums pairwise); residuals are of order 1, hence the floor of 1
      expectRel(f.nextVariance, ref.nextVariance[j], 1e-12);
      expectAllRel(f.residuals.subarray(0, 5), ref.firstResiduals[j], 1e-12, 1);
    });
  });

  it('scenarios: same dates, same path-wise volatility updating, relatives to 1e-12', () => {
    const s = buildScenarios('fhs', history, { horizonDays: ref.horizonDays, lookbackDays: 756, seed: ref.seed, count: ref.count });
    s.relatives.forEach((col, j) => expectAllRel(col, ref.relatives[j], 1e-12, 0, `${ref.symbols[j]}`));
    expect(s.describe).toContain('EWMA λ=0.94');
  });
});

describe('filtered historical simulation properties', () => {
  const r = logReturns(history.columns[0]!);

  it('GARCH filter: μ + σ_t·z_t gives back every return; the forecast is the fit\'s σ²_{T+1}', () => {
    const { filtered, fallbackReason } = garchFilter(r);
    expect(fallbackReason).toBeUndefined();
    const fit = fitGarch11(r);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(filtered.nextVariance).toBe(fit.value.nextVariance);
    let variance = fit.value.backcast;
    let shock2 = fit.value.backcast;
    for (let t = 0; t < r.length; t++) {
      variance = fit.value.omega + fit.value.alpha * shock2 + fit.value.beta * variance;
      expectRel(filtered.mean + Math.sqrt(variance) * filtered.residuals[t]!, r[t]!, 1e-10, 1e-3);
      shock2 = (r[t]! - fit.value.mu) ** 2;
    }
  });

  it('one-day FHS scenarios are today\'s volatility times a historical residual (revolatilisation)', () => {
    for (const filter of ['ewma', 'garch'] as const) {
      const s = buildScenarios('fhs', history, { horizonDays: 1, lookbackDays: 756, seed: 3, count: 300, volatilityFilter: filter });
      history.symbols.forEach((_, j) => {
        const f = filter === 'ewma' ? ewmaFilter(logReturns(history.columns[j]!)) : garchFilter(logReturns(history.columns[j]!)).filtered;
        const allowed = Array.from(f.residuals, (z) => f.mean + Math.sqrt(f.nextVariance) * z);
        for (const rel of s.relatives[j]!) {
          const x = Math.log(rel);
          expect(allowed.some((a) => Math.abs(a - x) <= 1e-14)).toBe(true);
        }
      });
    }
  });

  it('one-day FHS variance is σ²_{T+1}·mean(z²) within sampling error', () => {
    const n = 100_000;
    const s = buildScenarios('fhs', history, { horizonDays: 1, lookbackDays: 756, seed: 4, count: n });
    const f = ewmaFilter(r);
    let z2 = 0;
    let z4 = 0;
    for (const z of f.residuals) {
      z2 += z * z;
      z4 += z ** 4;
    }
    z2 /= f.residuals.length;
    z4 /= f.residuals.length;
    let ss = 0;
    for (const rel of s.relatives[0]!) ss += Math.log(rel) ** 2;
    const expected = f.nextVariance * z2;
    // the mean of n iid draws of σ²z² has standard error σ²·√((E z⁴ − (E z²)²)/n)
    const se = f.nextVariance * Math.sqrt((z4 - z2 * z2) / n);
    expect(Math.abs(ss / n - expected)).toBeLessThan(5 * se);
  });

  it('GARCH falls back to EWMA with a note when the lookback is too short to fit', () => {
    const s = buildScenarios('fhs', history, { horizonDays: 5, lookbackDays: 60, seed: 1, count: 20, volatilityFilter: 'garch' });
    expect(s.notes).toHaveLength(history.symbols.length);
    expect(s.notes[0]).toMatch(/^AAPL: GARCH\(1,1\) needs at least 100 returns, got 60; filtered by EWMA λ=0.94 instead\.$/);
  });

  it('a symbol without price changes stays put; same seed → identical; price scale does not matter', () => {
    const flat = { ...history, symbols: [...history.symbols, 'FLAT'], columns: [...history.columns, new Float64Array(757).fill(10)] };
    const s = buildScenarios('fhs', flat, { horizonDays: 10, lookbackDays: 756, seed: 8, count: 50 });
    expect(Array.from(s.relatives.at(-1)!).every((v) => v === 1)).toBe(true);
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, scale) => {
      const o = { horizonDays: 10, lookbackDays: 500, seed, count: 30 };
      const a = buildScenarios('fhs', history, o);
      expect(buildScenarios('fhs', history, o).relatives).toEqual(a.relatives);
      const scaled = buildScenarios('fhs', { ...history, columns: history.columns.map((c) => c.map((p) => p * scale)) }, o);
      scaled.relatives.forEach((col, j) => expectAllRel(col, a.relatives[j]!, 1e-12));
    }), { numRuns: 20 });
  });
});
