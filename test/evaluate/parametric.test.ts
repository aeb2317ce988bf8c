import fc from 'fast-check';
import { regularizedIncompleteBeta } from '../../src/stats/special.js';
import { describe, expect, it } from 'vitest';
import {
  parametricFromPnl, parametricVarEs, standardisedTail, studentTCdf, studentTQuantile, varianceCovarianceRisk,
} from '../../src/evaluate/parametric.js';
import { expectAllRel, expectRel, vectors } from '../scenarios/reference.js';

const tails = vectors.tails;
const vc = vectors.contributions.varianceCovariance;

describe('Student-t distribution against 40-digit mpmath', () => {
  // The reference is exact to double precision (mpmath at 40 digits); our continued fraction is
  // accurate to a few ulps, and inverting it amplifies that by the condition number p·g/(t·f)
  // of the quantile, below 10 here: 1e-13 relative. (scipy 1.10's t.ppf is off by 2e-12 at
  // ν = 2.5, which is why it is not the reference.)
  it('quantiles for ν from 2.5 to 100 and levels 90 % … 99.9 %', () => {
    (tails.nus as number[]).forEach((nu, k) => {
      const got = (tails.levels as number[]).map((p) => studentTQuantile(p, nu));
      expectAllRel(got, tails.ppf[k], 1e-13, 0, `ν=${nu} `);
      expectAllRel((tails.levels as number[]).map((p) => -studentTQuantile(1 - p, nu)), tails.ppf[k], 1e-13);
    });
  });

  it('distribution function, tails included', () => {
    (tails.nus as number[]).forEach((nu, k) => {
      const got = (tails.cdfPoints as number[]).map((x) => studentTCdf(x, nu));
      expectAllRel(got, tails.cdf[k], 1e-13, 0, `ν=${nu} `);
    });
  });

  it('I_x(a, b) identities: I_x(a, b) = 1 − I_{1−x}(b, a); I_x(1, 1) = x', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.2, max: 50, noNaN: true }),
      fc.double({ min: 0.2, max: 50, noNaN: true }), (x, a, b) => {
        expect(Math.abs(regularizedIncompleteBeta(x, 1 - x, a, b) - (1 - regularizedIncompleteBeta(1 - x, x, b, a)))).toBeLessThan(1e-13);
        expect(regularizedIncompleteBeta(x, 1 - x, 1, 1)).toBeCloseTo(x, 14);
      }));
  });

  it('quantile inverts the CDF', () => {
    fc.assert(fc.property(fc.double({ min: 0.0001, max: 0.9999, noNaN: true }), fc.double({ min: 0.5, max: 500, noNaN: true }), (p, nu) => {
      expectRel(studentTCdf(studentTQuantile(p, nu), nu), p, 1e-12);
    }));
  });
});

describe('standardised VaR and ES multipliers against numerical integration (mpmath.quad, 40 digits)', () => {
  it('normal: q* = Φ⁻¹(α), e* = φ(q*)/(1 − α)', () => {
    (tails.levels as number[]).forEach((p, i) => {
      const t = standardisedTail(p, { kind: 'normal' });
      expectRel(t.varMultiplier, tails.normalPpf[i], 1e-14);
      expectRel(t.esMultiplier, tails.esStandardNormal[i], 1e-14);
    });
  });

  it('Student-t: the closed-form ES of McNeil–Frey–Embrechts equals ∫ x g_ν(x) dx/(1 − α), scaled to unit variance', () => {
    (tails.nus as number[]).forEach((nu, k) => {
      const c = Math.sqrt((nu - 2) / nu);
      (tails.levels as number[]).forEach((p, i) => {
        const t = standardisedTail(p, { kind: 't', degreesOfFreedom: nu });
        expectRel(t.varMultiplier, c * tails.ppf[k][i], 1e-13);
        // logGamma's ~1e-15 and the quantile's 1e-13 propagate into the closed form
        expectRel(t.esMultiplier, c * tails.esStandardT[k][i], 1e-12, 0, `ν=${nu} p=${p} `);
      });
    });
  });

  it('ES ≥ VaR, t tails fatter than normal at 99 %, t → normal as ν → ∞', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 2.1, max: 1000, noNaN: true }), (p, nu) => {
      const t = standardisedTail(p, { kind: 't', degreesOfFreedom: nu });
      expect(t.esMultiplier).toBeGreaterThan(t.varMultiplier);
    }));
    expect(standardisedTail(0.99, { kind: 't', degreesOfFreedom: 4 }).esMultiplier).toBeGreaterThan(standardisedTail(0.99, { kind: 'normal' }).esMultiplier);
    const far = standardisedTail(0.99, { kind: 't', degreesOfFreedom: 1e6 });
    const normal = standardisedTail(0.99, { kind: 'normal' });
    expectRel(far.varMultiplier, normal.varMultiplier, 1e-5);
    expectRel(far.esMultiplier, normal.esMultiplier, 1e-5);
  });
});

describe('variance–covariance VaR/ES of the sample portfolio, against numpy/scipy', () => {
  const names = vectors.contributions.symbols as string[];
  const k = names.length;
  for (const c of vc.cases) {
    it(`${c.distribution}${c.nu ? ` ν=${c.nu}` : ''} at ${c.level}: totals and exact Euler components`, () => {
      const r = varianceCovarianceRisk({
        names, exposures: Float64Array.from(vc.exposures), covariance: { size: k, values: Float64Array.from(vc.covariance) },
        distribution: c.distribution === 'normal' ? { kind: 'normal' } : { kind: 't', degreesOfFreedom: c.nu }, levels: [c.level],
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expectRel(r.value.volatility, vc.volatility, 1e-13);
      const l = r.value.levels[0]!;
      // multipliers from mpmath, wᵀΣw from numpy: 1e-12 relative
      expectRel(l.var, c.var, 1e-12);
      expectRel(l.es, c.es, 1e-12);
      expectAllRel(l.components.map((x) => x.componentVar), c.componentVar, 1e-12, c.var);
      expectAllRel(l.components.map((x) => x.componentEs), c.componentEs, 1e-12, c.es);
      expectRel(l.components.reduce((s, x) => s + x.componentVar, 0), l.var, 1e-13);
      expectRel(l.components.reduce((s, x) => s + x.componentEs, 0), l.es, 1e-13);
      expect(r.value.method).toMatch(/^parametric (normal|Student-t \(ν = 5\)) \(variance–covariance, delta-linear\)$/);
    });
  }

  it('zero variance is not estimable rather than NaN', () => {
    const r = varianceCovarianceRisk({ names: ['a'], exposures: Float64Array.of(0), covariance: { size: 1, values: Float64Array.of(1) }, distribution: { kind: 'normal' } });
    expect(r).toEqual({ ok: false, reason: 'the portfolio has zero variance under this covariance: there is no risk to allocate' });
  });
});

describe('parametric figures from a P&L sample', () => {
  const pnl = Float64Array.from({ length: 500 }, (_, i) => 1000 * Math.sin(i * 0.7) + 50 * Math.cos(i * 3.1));

  it('normal: −mean + sd·Φ⁻¹(α), labelled as parametric', () => {
    const r = parametricFromPnl(pnl, 'normal');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value;
    expect(m.method).toBe('parametric normal (mean and standard deviation of 500 scenario P&Ls)');
    m.var.forEach((v, i) => {
      const t = standardisedTail(v.level, { kind: 'normal' });
      expectRel(v.value, -m.meanPnl + m.volatility * t.varMultiplier, 1e-15);
      expectRel(m.es[i]!.value, -m.meanPnl + m.volatility * t.esMultiplier, 1e-15);
    });
  });

  it('Student-t: moment-matched with a given ν, or maximum likelihood', () => {
    const given = parametricFromPnl(pnl, 't', { degreesOfFreedom: 5 });
    expect(given.ok && given.value.method.startsWith('parametric Student-t (ν = 5 given')).toBe(true);
    const fitted = parametricFromPnl(pnl, 't');
    expect(fitted.ok).toBe(true);
    if (!fitted.ok) return;
    expect(fitted.value.method).toMatch(/^parametric Student-t \(maximum likelihood: ν = /);
    fitted.value.var.forEach((v, i) => expect(fitted.value.es[i]!.value).toBeGreaterThan(v.value));
    expect(parametricFromPnl(Float64Array.of(1, 2, 3), 't')).toEqual({ ok: false, reason: 'Student-t fit needs at least 30 values, got 3' });
  });

  it('parametricVarEs: translation and scaling behave like a risk measure', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (mu, sd) => {
      const a = parametricVarEs(mu, sd, { kind: 't', degreesOfFreedom: 4 });
      const b = parametricVarEs(mu + 10, 2 * sd, { kind: 't', degreesOfFreedom: 4 });
      a.var.forEach((v, i) => {
        expectRel(b.var[i]!.value + 10, 2 * v.value + mu, 1e-9, sd);
        expect(a.es[i]!.value).toBeGreaterThan(v.value);
      });
    }));
  });
});
