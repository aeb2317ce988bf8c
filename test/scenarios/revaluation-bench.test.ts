// The benchmark's revaluation engine (bench/revaluation-engine.ts) must compute what the numpy
// peer computes: on the same scenarios (microhedge's MT19937 Monte Carlo draws replayed in numpy), the 42
// VaR/ES sets of risk_numpy.revalue_and_measure, written by make-vectors.py.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Revaluer, benchModel, METRICS_PER_SET, type BenchPortfolio } from '../../bench/revaluation-engine.js';
import { monteCarloScenarios } from '../../src/scenarios/monte-carlo.js';
import { expectAllRel, vectors } from './reference.js';

const ref = vectors.revaluationBench;
const portfolio = JSON.parse(readFileSync(fileURLToPath(new URL('../../bench/revaluation-portfolio.json', import.meta.url)), 'utf8')) as BenchPortfolio;

describe('revaluation benchmark engine against risk_numpy.py on the same scenarios', () => {
  for (const shareContracts of [false, true]) {
    it(`VaR/ES 95/99 of all 42 sets to 1e-9${shareContracts ? ', each distinct contract repriced once' : ''}`, () => {
      const n = ref.count as number;
      const k = portfolio.spots.length;
      const buffers = {
        n, shocks: new SharedArrayBuffer(8), relatives: new SharedArrayBuffer(8 * k * n),
        pnl: new SharedArrayBuffer(8 * (2 + portfolio.hedges.length) * n),
      };
      const revaluer = new Revaluer(portfolio, buffers, shareContracts);
      monteCarloScenarios(benchModel(portfolio), { horizonDays: portfolio.horizonDays, count: n, seed: ref.seed, antithetic: false, generator: 'numpy-legacy' }, revaluer.relatives);
      revaluer.pnlRange(0, n / 2);
      revaluer.pnlRange(n / 2, n);
      const sets = 2 * (1 + portfolio.hedges.length);
      const metrics = revaluer.metrics(Array.from({ length: sets }, (_, s) => s));
      expect(metrics).toHaveLength(METRICS_PER_SET * sets);
      // numpy's BSM uses log, ndtr and exp on the same inputs; our pricer is accurate to a few
      // ulps, the plain formula to ~1e-13 of the spot for these moneyness ranges: P&L sums agree
      // to ~1e-11 of the portfolio value, so 1e-9 of each figure is a comfortable bound that a
      // wrong leg, sign or time to expiry would miss by orders of magnitude.
      expectAllRel(metrics, ref.metrics, 1e-9);
      expect(revaluer.repricedPerScenario).toBe(shareContracts ? 22 : 34);
    });
  }
});
