import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenarios } from '../../src/scenarios/build.js';
import {
  SHOCK_BLOCK_UNITS, chiSquare, drawMonteCarloShocks, fillMonteCarloShocks, monteCarloScenarios, pooledDegreesOfFreedom,
} from '../../src/scenarios/monte-carlo.js';
import { createRng } from '../../src/stats/rng.js';
import { logReturns } from '../../src/stats/returns.js';
import { expectAllRel, expectRel, vectors } from './reference.js';
import { sampleHistory } from './sample-data.js';

const ref = vectors.monteCarlo;
const history = sampleHistory(ref.symbols, 757, '2024-11-29');

describe('Monte Carlo scenarios replayed in numpy (RandomState, same draw order)', () => {
  // Same draws, same formulas: only the summation order of L·z (BLAS vs a plain loop) and exp/log
  // implementations differ, a few ulps of a ~0.05 log return, so 1e-12 relative is generous while
  // any difference in the draws or the scaling would show at 1e-2 or more.
  for (const c of ref.cases) {
    it(`${c.dist}${c.nu ? ` ν=${c.nu}` : ''}, seed ${c.seed}, ${c.antithetic ? 'antithetic' : 'plain'}, ${c.mean ? 'sample mean' : 'zero mean'}`, () => {
      const s = buildScenarios(c.dist === 't' ? 'mc-t' : 'mc-normal', history, {
        horizonDays: ref.horizonDays, lookbackDays: 756, seed: c.seed, count: c.count, antithetic: c.antithetic,
        includeMean: c.mean, generator: 'numpy-legacy', ...(c.nu ? { degreesOfFreedom: c.nu } : {}),
      });
      expect(s.count).toBe(c.count);
      s.relatives.forEach((col, j) => expectAllRel(col, c.relatives[j], 1e-12, 0, `${ref.symbols[j]}`));
      expect(s.seed).toBe(c.seed);
      expect(s.describe).toContain(`seed ${c.seed}`);
      expect(s.describe).toContain('MT19937 polar normals');
    });
  }

  it('chiSquare draws equal RandomState.chisquare (Marsaglia–Tsang, numpy legacy) for ν from 2.5 to 250', () => {
    const rng = createRng(ref.chiSquare.seed);
    const draws = (ref.chiSquare.dfs as number[]).map((df) => chiSquare(rng, df));
    // identical arithmetic except libm's log in the rarely reached second acceptance test
    expectAllRel(draws, ref.chiSquare.draws, 1e-14);
  });

  it('pooled ν equals scipy.stats.t.fit on the pooled standardised returns of 12 real series', () => {
    const h = sampleHistory(ref.pooled.symbols, 757, '2024-11-29');
    const fit = pooledDegreesOfFreedom(h.columns.map((p) => logReturns(p)));
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.value.n).toBe(ref.pooled.n);
    // Both are maximum-likelihood optima (BFGS to gradient 1e-9 here, Nelder–Mead to xtol 1e-12
    // in scipy); the likelihood is flat in ν, so 1e-5 relative is what two optimisers agree to.
    expectRel(fit.value.degreesOfFreedom, ref.pooled.df, 1e-5);
    expectRel(fit.value.scale, ref.pooled.scale, 1e-6);
  });
});

describe('Monte Carlo properties', () => {
  const k = 4;
  const cov = Float64Array.of(
    4e-4, 1e-4, 5e-5, -2e-5,
    1e-4, 2.5e-4, 6e-5, 0,
    5e-5, 6e-5, 1e-4, 1e-5,
    -2e-5, 0, 1e-5, 9e-5,
  );
  const model = (distribution: { kind: 'normal' } | { kind: 't'; degreesOfFreedom: number }) => ({
    meanDaily: new Float64Array(k), covarianceDaily: { size: k, values: cov }, distribution,
    additive: [false, false, false, false], lastPrices: Float64Array.of(100, 50, 20, 10),
  });

  // The sample covariance of N iid draws has standard error
  //   normal:  √((Σ_ij² + Σ_ii·Σ_jj)/N)
  //   t_ν:     √(((ν−2)/(ν−4)·(Σ_ii·Σ_jj + 2Σ_ij²) − Σ_ij²)/N)   (ν > 4; fourth moments of the t)
  // Every element must be within 5 standard errors: a false failure has probability < 1e-5 over
  // the 10 distinct elements, while a wrong scaling (h instead of √h, a missing (ν−2)/ν) is off
  // by tens of standard errors at N = 200,000.
  const cases = (['ziggurat', 'numpy-legacy'] as const).flatMap((generator) =>
    [{ kind: 'normal' as const }, { kind: 't' as const, degreesOfFreedom: 8 }].map((dist) => ({ generator, dist })));
  for (const { generator, dist } of cases) {
    it(`sample covariance of ${dist.kind} log relatives converges to h·Σ (N = 200,000, ${generator} normals)`, () => {
      const h = 10;
      const n = 200_000;
      const { relatives } = monteCarloScenarios(model(dist), { horizonDays: h, count: n, seed: 99, antithetic: false, generator });
      const x = relatives.map((r) => r.map(Math.log));
      for (let i = 0; i < k; i++) {
        for (let j = i; j < k; j++) {
          let s = 0;
          for (let t = 0; t < n; t++) s += x[i]![t]! * x[j]![t]!;
          const estimate = s / n; // zero mean is known
          const sij = h * cov[i * k + j]!;
          const sii = h * cov[i * k + i]!;
          const sjj = h * cov[j * k + j]!;
          const nu = dist.kind === 't' ? dist.degreesOfFreedom : Infinity;
          const kurt = dist.kind === 't' ? (nu - 2) / (nu - 4) : 1;
          const se = Math.sqrt((kurt * (sii * sjj + 2 * sij * sij) - sij * sij) / n);
          expect(Math.abs(estimate - sij)).toBeLessThan(5 * se);
        }
      }
    });
  }

  it('antithetic pairs have exactly opposite log returns (zero mean) and share the t mixing draw', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.boolean(), (seed, t) => {
      const { relatives } = monteCarloScenarios(model(t ? { kind: 't', degreesOfFreedom: 4 } : { kind: 'normal' }),
        { horizonDays: 5, count: 200, seed, antithetic: true });
      for (const r of relatives) {
        let sum = 0;
        for (let i = 0; i < 200; i += 2) {
          expect(Math.abs(Math.log(r[i]!) + Math.log(r[i + 1]!))).toBeLessThan(1e-15);
          sum += Math.log(r[i]!) + Math.log(r[i + 1]!);
        }
        expect(Math.abs(sum / 200)).toBeLessThan(1e-15);
      }
    }), { numRuns: 30 });
  });

  it('same seed → identical scenarios; another seed → different ones', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 2 }), (seed) => {
      const a = monteCarloScenarios(model({ kind: 't', degreesOfFreedom: 5 }), { horizonDays: 10, count: 50, seed, antithetic: false });
      const b = monteCarloScenarios(model({ kind: 't', degreesOfFreedom: 5 }), { horizonDays: 10, count: 50, seed, antithetic: false });
      const c = monteCarloScenarios(model({ kind: 't', degreesOfFreedom: 5 }), { horizonDays: 10, count: 50, seed: seed + 1, antithetic: false });
      expect(a.relatives).toEqual(b.relatives);
      expect(a.relatives).not.toEqual(c.relatives);
    }), { numRuns: 20 });
  });

  it('ziggurat shocks drawn in any split of whole blocks (any thread, any order) equal the whole draw', () => {
    for (const dist of [{ kind: 'normal' as const }, { kind: 't' as const, degreesOfFreedom: 6 }]) {
      const units = 3 * SHOCK_BLOCK_UNITS + 100;
      const draw = { horizonDays: 10, count: units, seed: 11, antithetic: false };
      const whole = drawMonteCarloShocks(model(dist), draw);
      const parts = { units, z: new Float64Array(units * k), mix: dist.kind === 'normal' ? null : new Float64Array(units) };
      fillMonteCarloShocks(model(dist), draw, parts, 2 * SHOCK_BLOCK_UNITS, units); // the last part first
      fillMonteCarloShocks(model(dist), draw, parts, 0, 2 * SHOCK_BLOCK_UNITS);
      expect(parts.z).toEqual(whole.z);
      expect(parts.mix).toEqual(whole.mix);
      expect(() => fillMonteCarloShocks(model(dist), draw, parts, 100, units)).toThrow(RangeError);
      expect(() => fillMonteCarloShocks(model(dist), { ...draw, generator: 'numpy-legacy' }, parts, 0, SHOCK_BLOCK_UNITS))
        .toThrow(RangeError);
    }
  });

  it('additive series: P·(relative − 1) is a normal price change with variance h·Σ_jj', () => {
    const m = { ...model({ kind: 'normal' }), additive: [true, false, false, false], lastPrices: Float64Array.of(-5, 50, 20, 10) };
    const n = 100_000;
    const { relatives } = monteCarloScenarios(m, { horizonDays: 10, count: n, seed: 5, antithetic: false });
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (-5 * (relatives[0]![i]! - 1)) ** 2;
    const variance = 10 * cov[0]!;
    // the variance of a sample variance of normals is 2σ⁴/N: 5 standard errors
    expect(Math.abs(ss / n - variance)).toBeLessThan(5 * variance * Math.sqrt(2 / n));
  });
});
