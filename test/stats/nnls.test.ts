import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignPrices } from '../../src/data/align.js';
import { readPrices } from '../../src/data/prices.js';
import { nnls } from '../../src/stats/nnls.js';
import { olsRegression } from '../../src/stats/regression.js';
import { logReturns } from '../../src/stats/returns.js';

type Case = { target: string; hedges: string[]; firstDate: string; lastDate: string; weights: number[]; residualSumOfSquares: number; n: number };
const vectors = JSON.parse(readFileSync('test/reference/hedges/nnls-vectors.json', 'utf8')) as { cases: Case[] };

function demeaned(x: Float64Array): Float64Array {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  return x.map((v) => v - m);
}

describe('nnls against scipy.optimize.nnls on real returns (test/reference/hedges)', () => {
  const read = (f: string) => readPrices(readFileSync(`data/sample/${f}`, 'utf8'), f).series;
  const series = [...read('stocks_19_2004-2024.csv'), ...read('sector_etfs_2004-2025.csv')];

  it.each(vectors.cases.map((c) => [c.target, c] as const))('%s basket', (_, c) => {
    const { history } = alignPrices(series.filter((s) => [c.target, ...c.hedges].includes(s.symbol)), { required: [c.target, ...c.hedges], to: c.lastDate });
    const col = (s: string) => demeaned(logReturns(history.columns[history.symbols.indexOf(s)]!.subarray(history.dates.length - c.n - 1)));
    const fit = nnls(c.hedges.map(col), col(c.target));
    if (!fit.ok) throw new Error(fit.reason);
    // Both solve the same small, well-conditioned problem; they differ by rounding in the
    // normal equations (ours) vs Householder QR (scipy): 1e-9 absolute on weights of order 0.01–1.
    c.weights.forEach((w, j) => expect(fit.value.weights[j]).toBeCloseTo(w, 9));
    expect(fit.value.residualSumOfSquares).toBeCloseTo(c.residualSumOfSquares, 12);
  });
});

describe('nnls properties', () => {
  const problem = fc.integer({ min: 1, max: 6 }).chain((k) => fc.record({
    cols: fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }), { minLength: k, maxLength: k }),
    b: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
  }));

  it('satisfies the Kuhn–Tucker conditions: w ≥ 0, gradient 0 on positive weights, ≤ 0 on zero ones', () => {
    fc.assert(fc.property(problem, ({ cols, b }) => {
      const a = cols.map((c) => Float64Array.from(c));
      const fit = nnls(a, Float64Array.from(b));
      if (!fit.ok) return;
      const w = fit.value.weights;
      const residual = Float64Array.from(b, (bi, k) => bi - a.reduce((s, col, j) => s + col[k]! * w[j]!, 0));
      a.forEach((col, j) => {
        const g = col.reduce((s, v, k) => s + v * residual[k]!, 0);
        expect(w[j]).toBeGreaterThanOrEqual(0);
        if (w[j]! > 0) expect(Math.abs(g)).toBeLessThan(1e-8);
        else expect(g).toBeLessThan(1e-8);
      });
    }));
  });

  it('equals OLS (through the origin on demeaned data) when the OLS slope is positive', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
      fc.double({ min: 0.1, max: 3, noNaN: true }), (xs, beta) => {
        const x = demeaned(Float64Array.from(xs));
        if (x.every((v) => Math.abs(v) < 1e-6)) return;
        const y = demeaned(x.map((v, k) => beta * v + 0.1 * Math.sin(k)));
        const ols = olsRegression(y, x);
        const fit = nnls([x], y);
        if (!ols.ok || !fit.ok || ols.value.slope <= 0) return;
        expect(fit.value.weights[0]).toBeCloseTo(ols.value.slope, 9);
      }));
  });
});
