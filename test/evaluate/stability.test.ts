import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { alignPrices } from '../../src/data/align.js';
import { readPricesFile } from '../../src/data/detect.js';
import {
  chowTest, cusumCrossingProbability, CUSUM_A_5, driftTest, fSurvival, kolmogorovSurvival, olsCusumTest, recursiveCusumTest,
  recursiveResiduals, studentTTwoSidedPValue, supFTest, type CovarianceKind,
} from '../../src/evaluate/stability.js';
import { regularizedIncompleteBeta } from '../../src/stats/special.js';
import { olsRegression } from '../../src/stats/regression.js';
import type { Estimate } from '../../src/stats/result.js';
import { logReturns } from '../../src/stats/returns.js';
import { createRng, type Rng } from '../../src/stats/rng.js';

// Reference values: test/reference/evaluation/make-vectors.py (statsmodels 0.13, scipy 1.10).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of known shape, read in tests only
const vectors: any = JSON.parse(readFileSync(join(process.cwd(), 'test/reference/evaluation/vectors.json'), 'utf8'));
const SAMPLE = join(process.cwd(), 'data', 'sample');

function value<T>(e: Estimate<T>): T {
  if (!e.ok) throw new Error(e.reason);
  return e.value;
}

/** |a − e| ≤ rel·max(|e|, floor). */
function near(actual: number, expected: number, rel: number, floor = 0): void {
  const tol = rel * Math.max(Math.abs(expected), floor);
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`expected ${actual} within ${tol} of ${expected}`);
}

describe('distribution functions against scipy', () => {
  // The continued fraction converges to ~1e-15 relative; the front factor carries lnΓ's ~1e-15
  // absolute error times (a + b) ≈ 400 at most: 1e-12 relative, with an absolute floor of 1e-15
  // for values that are themselves that small.
  it('regularised incomplete beta (scipy.special.betainc)', () => {
    for (const c of vectors.distributions.incompleteBeta) near(regularizedIncompleteBeta(c.x, 1 - c.x, c.a, c.b), c.value, 1e-12, 1e-15);
  });
  it('F survival (scipy.stats.f.sf)', () => {
    for (const c of vectors.distributions.fSurvival) near(fSurvival(c.f, c.d1, c.d2), c.value, 1e-12, 1e-15);
  });
  it('two-sided Student t p-value (2·scipy.stats.t.sf(|t|))', () => {
    for (const c of vectors.distributions.tTwoSided) near(studentTTwoSidedPValue(c.t, c.df), c.value, 1e-12, 1e-15);
  });
  it('Kolmogorov survival (scipy.stats.kstwobign.sf), both series', () => {
    for (const c of vectors.distributions.kolmogorov) near(kolmogorovSurvival(c.x), c.value, 1e-12, 1e-15);
  });
  it('CUSUM crossing probability: 5 % at a = 0.948, 1 % at 1.143, 10 % at 0.850 (Brown, Durbin & Evans 1975)', () => {
    for (const c of vectors.distributions.cusumCrossing) near(cusumCrossingProbability(c.a), c.value, 1e-13);
    expect(cusumCrossingProbability(CUSUM_A_5)).toBeCloseTo(0.05, 3);
    expect(cusumCrossingProbability(1.143)).toBeCloseTo(0.01, 3);
    expect(cusumCrossingProbability(0.85)).toBeCloseTo(0.1, 2);
  });
  it('rejects arguments outside the domain', () => {
    expect(() => regularizedIncompleteBeta(1.2, -0.2, 1, 1)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0.5, 0, 1)).toThrow(RangeError);
    expect(fSurvival(0, 2, 10)).toBe(1);
    expect(kolmogorovSurvival(0)).toBe(1);
  });
});

type Case = { name: string; y: Float64Array; xs: Float64Array[] };

describe('stability tests against statsmodels', () => {
  const cases: Case[] = [];
  beforeAll(async () => {
    const stocks = await readPricesFile(join(SAMPLE, 'stocks_19_2004-2024.csv'), { symbols: ['AAPL'] });
    const etfs = await readPricesFile(join(SAMPLE, 'sector_etfs_2004-2025.csv'), { symbols: ['XLK', 'SPY'] });
    const { history } = alignPrices([...stocks.series, ...etfs.series], { required: ['AAPL', 'XLK', 'SPY'], to: '2024-11-29' });
    expect(history.dates[history.dates.length - 1]).toBe(vectors.stability.rows.last);
    const tail = (c: Float64Array) => logReturns(c.subarray(c.length - vectors.stability.rows.count));
    const [aapl, xlk, spy] = history.columns.map(tail) as [Float64Array, Float64Array, Float64Array];
    const synthetic = vectors.stability.cases[2].data;
    cases.push(
      { name: vectors.stability.cases[0].name, y: aapl, xs: [xlk] },
      { name: vectors.stability.cases[1].name, y: aapl, xs: [xlk, spy] },
      { name: vectors.stability.cases[2].name, y: Float64Array.from(synthetic.y), xs: [Float64Array.from(synthetic.x)] },
    );
  });

  // Both sides solve small least-squares problems in double precision, statsmodels by
  // pseudo-inverse, here by Cholesky of the centred normal equations: agreement to ~1e-12 is
  // expected; 1e-9 relative leaves room for the conditioning of the first few recursive fits
  // (two or three observations) while any formula slip shows at 1e-3.
  it.each([0, 1, 2])('case %i: recursive residuals, CUSUM path and statistic (recursive_olsresiduals)', (i) => {
    const ref = vectors.stability.cases[i];
    const c = cases[i]!;
    const rr = value(recursiveResiduals(c.y, c.xs));
    expect(rr.firstIndex).toBe(ref.cusum.firstIndex);
    expect(rr.residuals.length).toBe(ref.cusum.recursiveResiduals.length);
    const scale = Math.max(...ref.cusum.recursiveResiduals.map(Math.abs));
    ref.cusum.recursiveResiduals.forEach((w: number, j: number) => near(rr.residuals[j]!, w, 1e-9, scale));
    const t = value(recursiveCusumTest(c.y, c.xs));
    ref.cusum.path.forEach((w: number, j: number) => near(t.path[j]!, w, 1e-9, 1));
    near(t.statistic, ref.cusum.statistic, 1e-9);
    near(t.pValue, ref.cusum.pValue, 1e-8, 1e-12);
    expect(t.peakIndex).toBe(ref.cusum.peakIndex);
    expect(t.crossingIndex).toBe(ref.cusum.crossingIndex);
    expect(t.flagged).toBe(ref.cusum.statistic > CUSUM_A_5);
  });

  it.each([0, 1, 2])('case %i: OLS-CUSUM (breaks_cusumolsresid, ddof = k)', (i) => {
    const ref = vectors.stability.cases[i].olsCusum;
    const t = value(olsCusumTest(cases[i]!.y, cases[i]!.xs));
    near(t.statistic, ref.statistic, 1e-9);
    near(t.pValue, ref.pValue, 1e-8, 1e-12);
  });

  it.each([0, 1, 2])('case %i: Chow at a given date, classical and HC0 (f_test / wald_test on the interacted model)', (i) => {
    const ref = vectors.stability.cases[i].chow;
    for (const cov of ['classical', 'hc0'] as CovarianceKind[]) {
      const t = value(chowTest(cases[i]!.y, cases[i]!.xs, ref.breakIndex, cov));
      near(t.statistic, ref[cov].statistic, 1e-9);
      near(t.pValue, ref[cov].pValue, 1e-7, 1e-300);
      expect(t.dfNumerator).toBe(cases[i]!.xs.length + 1);
    }
  });

  it.each([0, 1, 2])('case %i: sup-F over the middle 70 %, classical and HC0 (brute force over segment fits)', (i) => {
    const ref = vectors.stability.cases[i].supF;
    for (const cov of ['classical', 'hc0'] as CovarianceKind[]) {
      const t = value(supFTest(cases[i]!.y, cases[i]!.xs, cov));
      near(t.statistic, ref[cov].statistic, 1e-9);
      expect(t.breakIndex).toBe(ref[cov].breakIndex);
      expect([t.firstCandidate, t.lastCandidate]).toEqual([ref[cov].firstCandidate, ref[cov].lastCandidate]);
    }
  });

  it.each([0, 1, 2])('case %i: drift of the slopes between two windows', (i) => {
    const ref = vectors.stability.cases[i].drift;
    const [[a0, a1], [b0, b1]] = ref.windows as [[number, number], [number, number]];
    const t = value(driftTest(cases[i]!.xs, { start: a0, end: a1, estimates: ref.before, stdErrors: ref.beforeSe },
      { start: b0, end: b1, estimates: ref.after, stdErrors: ref.afterSe }));
    ref.z.forEach((z: number, j: number) => near(t.z[j]!, z, 1e-9));
    ref.correlation.forEach((r: number, j: number) => near(t.correlation[j]!, r, 1e-9, 1e-12));
    near(t.statistic, ref.statistic, 1e-9);
    near(t.critical, ref.critical, 1e-12);
    near(t.pValue, ref.pValue, 1e-7, 1e-300);
  });
});

// ── Known breaks and no breaks, with the project's seeded generator ─────────────────────────

/** y = 0.0002 + β_t·x + σ_e·e with x ~ N(0, 0.01²), e ~ N(0, 1), β_t = before/after the break. */
function relationship(rng: Rng, n: number, opts: { breakAt?: number; after?: number; shiftAfter?: number } = {}): Case {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    x[t] = 0.01 * rng.normal();
    const late = opts.breakAt !== undefined && t >= opts.breakAt;
    const beta = late ? (opts.after ?? 1) : 1;
    y[t] = 0.0002 + (late ? (opts.shiftAfter ?? 0) : 0) + beta * x[t]! + 0.005 * rng.normal();
  }
  return { name: 'synthetic', y, xs: [x] };
}

describe('a synthetic series with a known break is flagged; one without is not', () => {
  it('a ratio falling from 1.0 to 0.6 two-thirds through 600 days: sup-F (both covariances) flags it near the true date', () => {
    const c = relationship(createRng(20240229), 600, { breakAt: 400, after: 0.6 });
    for (const cov of ['classical', 'hc0'] as CovarianceKind[]) {
      const t = value(supFTest(c.y, c.xs, cov));
      expect(t.flagged).toBe(true);
      expect(Math.abs(t.breakIndex - 400)).toBeLessThan(30);
    }
    const fits = [olsRegression(c.y.subarray(0, 300), c.xs[0]!.subarray(0, 300)), olsRegression(c.y.subarray(300), c.xs[0]!.subarray(300))].map(value);
    const drift = value(driftTest(c.xs, { start: 0, end: 300, estimates: [fits[0]!.slope], stdErrors: [fits[0]!.slopeStdError] },
      { start: 300, end: 600, estimates: [fits[1]!.slope], stdErrors: [fits[1]!.slopeStdError] }));
    expect(drift.flagged).toBe(true);
  });

  it('a jump of the level (intercept +0.002 a day) from day 300 of 600: the CUSUM crosses its 5 % line after it', () => {
    const c = relationship(createRng(7), 600, { breakAt: 300, shiftAfter: 0.002 });
    const t = value(recursiveCusumTest(c.y, c.xs));
    expect(t.flagged).toBe(true);
    expect(t.crossingIndex).toBeGreaterThan(300);
    expect(value(olsCusumTest(c.y, c.xs)).flagged).toBe(true);
  });

  it('the same relationship without a break is flagged by none of the tests', () => {
    const c = relationship(createRng(20240229), 600);
    expect(value(recursiveCusumTest(c.y, c.xs)).flagged).toBe(false);
    expect(value(olsCusumTest(c.y, c.xs)).flagged).toBe(false);
    expect(value(supFTest(c.y, c.xs, 'classical')).flagged).toBe(false);
    expect(value(supFTest(c.y, c.xs, 'hc0')).flagged).toBe(false);
    expect(value(chowTest(c.y, c.xs, 300)).pValue).toBeGreaterThan(0.05);
  });

  it('size: over 200 seeded samples without a break each test rejects close to 5 % of the time', () => {
    // With 200 draws the rejection count of a 5 % test is Binomial(200, 0.05): mean 10, and
    // 0…22 covers 99.9 %. The asymptotic CUSUM and sup-F tests are somewhat conservative at
    // n = 300, so only the upper side is held to the binomial bound.
    const rng = createRng(99);
    const counts = { cusum: 0, supF: 0, drift: 0 };
    for (let s = 0; s < 200; s++) {
      const c = relationship(rng, 300);
      if (value(recursiveCusumTest(c.y, c.xs)).flagged) counts.cusum++;
      if (value(supFTest(c.y, c.xs, 'classical')).flagged) counts.supF++;
      const a = value(olsRegression(c.y.subarray(0, 200), c.xs[0]!.subarray(0, 200)));
      const b = value(olsRegression(c.y.subarray(100), c.xs[0]!.subarray(100)));
      if (value(driftTest(c.xs, { start: 0, end: 200, estimates: [a.slope], stdErrors: [a.slopeStdError] },
        { start: 100, end: 300, estimates: [b.slope], stdErrors: [b.slopeStdError] })).flagged) counts.drift++;
    }
    for (const k of ['cusum', 'supF', 'drift'] as const) expect(counts[k]).toBeLessThanOrEqual(22);
    expect(counts.drift).toBeGreaterThanOrEqual(2);
  });
});

describe('drift test: the correlation of overlapping-window estimates', () => {
  it('matches the Monte Carlo correlation of the two OLS slopes (fixed regressor, 2000 draws of the noise)', () => {
    const rng = createRng(5);
    const n = 300;
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const before = { start: 0, end: 200 };
    const after = { start: 100, end: 300 };
    const slopes: [number[], number[]] = [[], []];
    const y = new Float64Array(n);
    for (let s = 0; s < 2000; s++) {
      for (let t = 0; t < n; t++) y[t] = 0.5 * x[t]! + rng.normal();
      for (const [i, w] of [before, after].entries()) slopes[i]!.push(value(olsRegression(y.subarray(w.start, w.end), x.subarray(w.start, w.end))).slope);
    }
    const m = slopes.map((s) => s.reduce((a, b) => a + b, 0) / s.length);
    let cov = 0;
    let va = 0;
    let vb = 0;
    for (let s = 0; s < 2000; s++) {
      const da = slopes[0]![s]! - m[0]!;
      const db = slopes[1]![s]! - m[1]!;
      cov += da * db; va += da * da; vb += db * db;
    }
    const empirical = cov / Math.sqrt(va * vb);
    const t = value(driftTest([x], { ...before, estimates: [0], stdErrors: [1] }, { ...after, estimates: [1], stdErrors: [1] }));
    // The formula's correlation is about 0.5 (100 of 200 observations shared); the Monte Carlo
    // estimate of a correlation near 0.5 from 2000 draws has a standard error of about 0.017.
    expect(Math.abs(t.correlation[0]! - empirical)).toBeLessThan(0.06);
    expect(t.correlation[0]!).toBeGreaterThan(0.4);
    // Disjoint windows share nothing.
    const disjoint = value(driftTest([x], { start: 0, end: 150, estimates: [0], stdErrors: [1] }, { start: 150, end: 300, estimates: [1], stdErrors: [1] }));
    expect(disjoint.correlation[0]).toBe(0);
    expect(disjoint.z[0]).toBeCloseTo(1 / Math.SQRT2, 14);
  });

  it('identical windows have no difference to test', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const w = { start: 0, end: 50, estimates: [1], stdErrors: [0.1] };
    expect(driftTest([x], w, w).ok).toBe(false);
  });
});

describe('properties', () => {
  const sample = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), scaleY: fc.double({ min: 0.01, max: 100, noNaN: true }),
    scaleX: fc.double({ min: 0.01, max: 100, noNaN: true }), shift: fc.double({ min: -1, max: 1, noNaN: true }) });

  it('every statistic is invariant to rescaling y or x and to shifting either by a constant', () => {
    fc.assert(fc.property(sample, ({ seed, scaleY, scaleX, shift }) => {
      const c = relationship(createRng(seed), 120, { breakAt: 70, after: 0.7 });
      const y2 = c.y.map((v) => scaleY * v + shift);
      const x2 = [c.xs[0]!.map((v) => scaleX * v - shift)];
      const pairs: [number, number][] = [
        [value(recursiveCusumTest(c.y, c.xs)).statistic, value(recursiveCusumTest(y2, x2)).statistic],
        [value(olsCusumTest(c.y, c.xs)).statistic, value(olsCusumTest(y2, x2)).statistic],
        [value(chowTest(c.y, c.xs, 60)).statistic, value(chowTest(y2, x2, 60)).statistic],
        [value(chowTest(c.y, c.xs, 60, 'hc0')).statistic, value(chowTest(y2, x2, 60, 'hc0')).statistic],
        [value(supFTest(c.y, c.xs)).statistic, value(supFTest(y2, x2)).statistic],
      ];
      for (const [a, b] of pairs) near(b, a, 1e-7);
    }), { numRuns: 40 });
  });

  it('the recursive residuals add up to the full-sample SSR (Brown, Durbin & Evans 1975, eq. 7)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const rng = createRng(seed);
      const x1 = Float64Array.from({ length: 80 }, () => rng.normal());
      const x2 = Float64Array.from({ length: 80 }, () => rng.normal());
      const y = x1.map((v, i) => 0.3 + 0.8 * v - 0.2 * x2[i]! + rng.normal());
      const rr = value(recursiveResiduals(y, [x1, x2]));
      const ssrRecursive = rr.residuals.reduce((s, w) => s + w * w, 0);
      const ssr = fullSsr(y, [x1, x2]);
      near(ssrRecursive, ssr, 1e-9);
    }), { numRuns: 50 });
  });

  it('Chow F at every date never exceeds the sup-F', () => {
    const c = relationship(createRng(3), 200, { breakAt: 120, after: 0.5 });
    const sup = value(supFTest(c.y, c.xs));
    for (let m = sup.firstCandidate; m <= sup.lastCandidate; m += 7) expect(value(chowTest(c.y, c.xs, m)).statistic).toBeLessThanOrEqual(sup.statistic + 1e-9);
    expect(value(chowTest(c.y, c.xs, sup.breakIndex)).statistic).toBeCloseTo(sup.statistic, 9);
  });

  it('degenerate inputs are not estimable, and lengths must agree', () => {
    const x = new Float64Array(40).fill(1);
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 3);
    expect(recursiveResiduals(y, [x]).ok).toBe(false);
    expect(supFTest(y, [x]).ok).toBe(false);
    expect(chowTest(y, [Float64Array.from({ length: 40 }, (_, i) => i)], 1).ok).toBe(false);
    expect(() => olsCusumTest(y, [new Float64Array(39)])).toThrow(RangeError);
  });
});

/** SSR of y on [1, xs] by the normal equations in plain arithmetic (2 regressors). */
function fullSsr(y: Float64Array, xs: [Float64Array, Float64Array]): number {
  const n = y.length;
  const m = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / n;
  const [a, b] = xs.map((x) => { const mx = m(x); return x.map((v) => v - mx); }) as [Float64Array, Float64Array];
  const my = m(y);
  const yc = y.map((v) => v - my);
  let saa = 0; let sab = 0; let sbb = 0; let say = 0; let sby = 0;
  for (let t = 0; t < n; t++) { saa += a[t]! ** 2; sab += a[t]! * b[t]!; sbb += b[t]! ** 2; say += a[t]! * yc[t]!; sby += b[t]! * yc[t]!; }
  const det = saa * sbb - sab * sab;
  const ba = (sbb * say - sab * sby) / det;
  const bb = (saa * sby - sab * say) / det;
  let ssr = 0;
  for (let t = 0; t < n; t++) ssr += (yc[t]! - ba * a[t]! - bb * b[t]!) ** 2;
  return ssr;
}
