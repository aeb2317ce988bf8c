import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapPath, defaultBlockLength } from '../../src/scenarios/bootstrap.js';
import { buildScenarios } from '../../src/scenarios/build.js';
import { createRng } from '../../src/stats/rng.js';
import { expectAllRel, vectors } from './reference.js';
import { sampleHistory } from './sample-data.js';

const ref = vectors.bootstrap;
const history = sampleHistory(ref.symbols, 757, '2024-11-29');

describe('block bootstrap replayed in numpy (RandomState, same draw order)', () => {
  for (const c of ref.cases) {
    it(`${c.scheme}, block ${c.block}, seed ${c.seed}`, () => {
      const s = buildScenarios('bootstrap', history, {
        horizonDays: ref.horizonDays, lookbackDays: 756, seed: c.seed, count: c.count, bootstrapScheme: c.scheme, blockLength: c.block,
      });
      // Same dates, so the relatives differ only by the order of 10 additions: 1e-13 relative.
      s.relatives.forEach((col, j) => expectAllRel(col, c.relatives[j], 1e-13, 0, `${ref.symbols[j]}`));
      const rng = createRng(c.seed);
      const dates = new Int32Array(ref.horizonDays);
      for (const expected of c.firstPaths) {
        bootstrapPath(rng, c.scheme, 756, c.block, dates);
        expect(Array.from(dates)).toEqual(expected);
      }
    });
  }
});

describe('block bootstrap properties', () => {
  // Stationary bootstrap block lengths are geometric with mean b = 1/p and standard deviation
  // √(1 − p)/p, so over B ≈ L/b blocks the mean length has standard error √(1 − p)/(p√B). A
  // fresh start equal to the continuation (probability 1/n) merges two blocks, a bias of b/n
  // (1 % of b at most here) that the 5-standard-error band absorbs.
  for (const b of [2, 5.5, 9, 20]) {
    it(`stationary: mean block length is ${b} within sampling error`, () => {
      const n = 756;
      const length = 200_000;
      const dates = new Int32Array(length);
      bootstrapPath(createRng(17), 'stationary', n, b, dates);
      let blocks = 1;
      for (let d = 1; d < length; d++) if (dates[d] !== (dates[d - 1]! + 1) % n) blocks++;
      const p = 1 / b;
      const se = Math.sqrt(1 - p) / p / Math.sqrt(length / b);
      expect(Math.abs(length / blocks - b)).toBeLessThan(5 * se + b / n);
    });
  }

  it('moving-block: paths are runs of exactly b consecutive days starting within 0..n − b', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1000 }), (b, h, seed) => {
      const n = 40;
      const dates = new Int32Array(h);
      bootstrapPath(createRng(seed), 'moving-block', n, b, dates);
      for (let d = 0; d < h; d++) {
        if (d % b === 0) {
          expect(dates[d]!).toBeGreaterThanOrEqual(0);
          expect(dates[d]!).toBeLessThanOrEqual(n - b);
        } else {
          expect(dates[d]).toBe(dates[d - 1]! + 1);
        }
      }
    }));
  });

  it('default block length is round(n^{1/3}): 9 for 756 days, 1 at least', () => {
    expect(defaultBlockLength(756)).toBe(9);
    expect(defaultBlockLength(1)).toBe(1);
    const s = buildScenarios('bootstrap', history, { horizonDays: 10, lookbackDays: 756, count: 10 });
    expect(s.describe).toContain('mean block length 9 days');
    expect(s.describe).toContain('seed 1');
  });

  it('same seed → identical scenarios; relatives invariant to the price scale', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.double({ min: 0.01, max: 100, noNaN: true }),
      fc.constantFrom('stationary' as const, 'moving-block' as const), (seed, scale, scheme) => {
        const o = { horizonDays: 10, lookbackDays: 300, seed, count: 40, bootstrapScheme: scheme };
        const a = buildScenarios('bootstrap', history, o);
        const b = buildScenarios('bootstrap', history, o);
        expect(a.relatives).toEqual(b.relatives);
        const scaled = buildScenarios('bootstrap', { ...history, columns: history.columns.map((c) => c.map((p) => p * scale)) }, o);
        scaled.relatives.forEach((col, j) => expectAllRel(col, a.relatives[j]!, 1e-12));
      }), { numRuns: 25 });
  });
});
