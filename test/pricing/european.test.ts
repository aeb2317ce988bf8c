import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { type OptionSpec, optionGreeks, priceOption } from '../../src/pricing/index.js';

type Reference = OptionSpec & {
  price: number; delta: number; gamma: number; vega: number; theta: number; rho: number; dividendRho: number;
};

const reference = JSON.parse(
  readFileSync(new URL('../reference/pricing/european.json', import.meta.url), 'utf8'),
) as { cases: Omit<Reference, 'style'>[] };

const GREEKS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho', 'dividendRho'] as const;

/** The accuracy bar: 1e-12 relative, or 1e-15·max(S, K) absolute (for values that are
 *  tiny, or that are sums of terms of opposite sign such as theta near its zero). Gamma is per
 *  unit of spot squared, so its absolute floor scales with 1/S. */
function within(actual: number, expected: number, o: OptionSpec, greek: string): boolean {
  const scale = Math.max(o.spot, o.strike);
  const floor = greek === 'gamma' ? 1e-15 * scale / (o.spot * o.spot) : greek === 'delta' ? 1e-15 : 1e-15 * scale;
  return Math.abs(actual - expected) <= Math.max(1e-12 * Math.abs(expected), floor);
}

describe('European BSM against mpmath (60 digits) closed forms', () => {
  it(`matches price and every Greek on ${reference.cases.length} cases within 1e-12 relative`, () => {
    const failures: string[] = [];
    for (const c of reference.cases) {
      const o: OptionSpec = { ...c, style: 'european' };
      const g = optionGreeks(o);
      expect(priceOption(o)).toBe(g.price);
      for (const k of GREEKS) {
        if (!within(g[k], c[k], o, k)) failures.push(`${k} ${JSON.stringify(c)} got ${g[k]}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

const put = (o: Partial<OptionSpec>): OptionSpec => ({
  type: 'put', style: 'european', spot: 100, strike: 100, rate: 0.05, dividendYield: 0, volatility: 0.2,
  timeYears: 1, ...o,
});
const call = (o: Partial<OptionSpec>): OptionSpec => ({ ...put(o), type: 'call' });

describe('published worked examples', () => {
  // Haug, The Complete Guide to Option Pricing Formulas, 2nd ed. (2007), §1.1.1: Black–Scholes
  // S=60 K=65 T=0.25 r=0.08 σ=0.30 → call 2.1334 (table rounded to 4 decimals, hence 5e-5).
  it('Haug §1.1.1 Black–Scholes call 2.1334', () => {
    expect(priceOption(call({ spot: 60, strike: 65, timeYears: 0.25, rate: 0.08, volatility: 0.3 })))
      .toBeCloseTo(2.1334, 4);
  });
  // Haug (2007) §1.1.2 Merton (1973): S=100 K=95 T=0.5 r=0.10 q=0.05 σ=0.20 → put 2.4648.
  it('Haug §1.1.2 Merton put 2.4648', () => {
    expect(priceOption(put({ spot: 100, strike: 95, timeYears: 0.5, rate: 0.1, dividendYield: 0.05 })))
      .toBeCloseTo(2.4648, 4);
  });
  // Haug (2007) §1.1.6 Garman–Kohlhagen: S=1.56 K=1.60 T=0.5 r=0.06 r_f=0.08 σ=0.12 → call 0.0291.
  it('Haug §1.1.6 Garman–Kohlhagen call 0.0291', () => {
    expect(priceOption(call({ spot: 1.56, strike: 1.6, timeYears: 0.5, rate: 0.06, dividendYield: 0.08,
      volatility: 0.12 }))).toBeCloseTo(0.0291, 4);
  });
  // Haug (2007) §2.1: futures-option deltas S=105 K=100 T=0.5 r=0.10 b=0 σ=0.36 → 0.5946 / −0.3566;
  // gamma S=55 K=60 T=0.75 r=b=0.10 σ=0.30 → 0.0278; put theta S=430 K=405 T=0.0833 r=0.07
  // b=0.02 σ=0.20 → −31.1924 per year; call rho S=72 K=75 T=1 r=b=0.09 σ=0.19 → 38.7325.
  it('Haug §2.1 Greeks examples', () => {
    const fut = { spot: 105, strike: 100, timeYears: 0.5, rate: 0.1, dividendYield: 0.1, volatility: 0.36 };
    expect(optionGreeks(call(fut)).delta).toBeCloseTo(0.5946, 4);
    expect(optionGreeks(put(fut)).delta).toBeCloseTo(-0.3566, 4);
    expect(optionGreeks(call({ spot: 55, strike: 60, timeYears: 0.75, rate: 0.1, volatility: 0.3 })).gamma)
      .toBeCloseTo(0.0278, 4);
    expect(optionGreeks(put({ spot: 430, strike: 405, timeYears: 0.0833, rate: 0.07, dividendYield: 0.05 })).theta)
      .toBeCloseTo(-31.1924, 4);
    expect(optionGreeks(call({ spot: 72, strike: 75, timeYears: 1, rate: 0.09, volatility: 0.19 })).rho)
      .toBeCloseTo(38.7325, 4);
  });
  // Hull, Options, Futures and Other Derivatives (10th ed.), Example 15.6: S=42 K=40 r=0.10 σ=0.20
  // T=0.5 → call 4.76, put 0.81; Example 17.1 (index): S=930 K=900 r=0.08 q=0.03 σ=0.20 T=2/12 →
  // call 51.83; §19 (Table 19.x): S=49 K=50 r=0.05 σ=0.20 T=20/52 → value 2.40, delta 0.522,
  // gamma 0.066, vega 12.1, theta −4.31 per year, rho 8.91.
  it('Hull worked examples', () => {
    expect(priceOption(call({ spot: 42, strike: 40, rate: 0.1, timeYears: 0.5 }))).toBeCloseTo(4.76, 2);
    expect(priceOption(put({ spot: 42, strike: 40, rate: 0.1, timeYears: 0.5 }))).toBeCloseTo(0.81, 2);
    expect(priceOption(call({ spot: 930, strike: 900, rate: 0.08, dividendYield: 0.03, timeYears: 2 / 12 })))
      .toBeCloseTo(51.83, 2);
    const g = optionGreeks(call({ spot: 49, strike: 50, rate: 0.05, timeYears: 20 / 52 }));
    expect(g.price).toBeCloseTo(2.4, 2);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.vega).toBeCloseTo(12.1, 1);
    expect(g.theta).toBeCloseTo(-4.31, 2);
    expect(g.rho).toBeCloseTo(8.91, 2);
  });
});

describe('limits', () => {
  it('T = 0 gives intrinsic value', () => {
    expect(priceOption(call({ spot: 110, timeYears: 0 }))).toBe(110 - 100);
    expect(priceOption(put({ spot: 110, timeYears: 0 }))).toBe(0);
    expect(priceOption(put({ spot: 90, timeYears: 0 }))).toBeCloseTo(10, 13);
  });
  it('σ = 0 gives discounted forward intrinsic; Greeks are the limits, never NaN', () => {
    const o = call({ volatility: 0, dividendYield: 0.01 });
    const fwdIntrinsic = 100 * Math.exp(-0.01) - 100 * Math.exp(-0.05);
    expect(priceOption(o)).toBeCloseTo(fwdIntrinsic, 12);
    const g = optionGreeks(o);
    expect(g.delta).toBeCloseTo(Math.exp(-0.01), 15);
    expect(g.gamma).toBe(0);
    expect(g.vega).toBe(0);
    for (const v of Object.values(g)) expect(Number.isNaN(v)).toBe(false);
    const atForward = optionGreeks(call({ volatility: 0, rate: 0 }));
    expect(atForward.gamma).toBe(Infinity);
    expect(atForward.delta).toBe(0.5);
    const expiringAtTheMoney = optionGreeks(call({ timeYears: 0 }));
    expect(expiringAtTheMoney.theta).toBe(-Infinity);
    expect(expiringAtTheMoney.price).toBe(0);
  });
  it('deep out of the money stays positive and relative-accurate; deep in the money → forward intrinsic', () => {
    const tiny = priceOption(call({ strike: 200, volatility: 0.1, timeYears: 0.1 }));
    expect(tiny).toBeGreaterThan(0);
    expect(tiny).toBeLessThan(1e-50);
    const deep = priceOption(put({ strike: 1000, volatility: 0.1, timeYears: 0.1 }));
    expect(deep).toBeCloseTo(1000 * Math.exp(-0.005) - 100, 10);
  });
  it('negative rates are allowed', () => {
    const o = put({ rate: -0.01, dividendYield: 0.02 });
    const parity = priceOption({ ...o, type: 'call' }) - priceOption(o);
    expect(parity).toBeCloseTo(100 * Math.exp(-0.02) - 100 * Math.exp(0.01), 12);
  });
});

const specArb = fc.record({
  type: fc.constantFrom<'call' | 'put'>('call', 'put'),
  style: fc.constant<'european'>('european'),
  spot: fc.double({ min: 1, max: 1000, noNaN: true }),
  strike: fc.double({ min: 1, max: 1000, noNaN: true }),
  rate: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.1, noNaN: true }),
  volatility: fc.double({ min: 0.01, max: 3, noNaN: true }),
  timeYears: fc.double({ min: 1e-4, max: 10, noNaN: true }),
});

describe('properties', () => {
  it('put–call parity C − P = S·e^{−qT} − K·e^{−rT}, and bounds', () => {
    fc.assert(fc.property(specArb, (o) => {
      const c = priceOption({ ...o, type: 'call' });
      const p = priceOption({ ...o, type: 'put' });
      const fwd = o.spot * Math.exp(-o.dividendYield * o.timeYears) - o.strike * Math.exp(-o.rate * o.timeYears);
      const scale = Math.max(o.spot, o.strike);
      expect(Math.abs(c - p - fwd)).toBeLessThanOrEqual(1e-13 * scale);
      expect(c).toBeGreaterThanOrEqual(Math.max(fwd, 0) - 1e-13 * scale);
      expect(p).toBeGreaterThanOrEqual(Math.max(-fwd, 0) - 1e-13 * scale);
      expect(c).toBeLessThanOrEqual(o.spot * Math.exp(-o.dividendYield * o.timeYears) * (1 + 1e-15));
    }), { numRuns: 2000 });
  });

  it('every Greek matches a central finite difference of the price', () => {
    // Step h = 1e-5·max(|p|, unit), for spot 1e-4·S·σ√T (the scale on which the value bends).
    // Truncation error is O(h²) ≲ 1e-6 relative; rounding error is ε·V/h for first and 4ε·V/h²
    // for second differences, so the bar is 1e-5 relative plus those.
    fc.assert(fc.property(specArb.filter((o) => o.volatility * Math.sqrt(o.timeYears) > 0.02), (o) => {
      const g = optionGreeks(o);
      const mid = priceOption(o);
      const noise = 1e-15 * Math.max(o.spot, o.strike);
      const spotStep = 1e-4 * o.spot * o.volatility * Math.sqrt(o.timeYears);
      const check = (k: keyof OptionSpec, unit: number, value: number, sign: number): void => {
        const base = o[k] as number;
        const h = k === 'spot' ? spotStep : 1e-5 * Math.max(Math.abs(base), unit);
        const up = priceOption({ ...o, [k]: base + h });
        const down = priceOption({ ...o, [k]: base - h });
        const fd = sign * (up - down) / (2 * h);
        expect(Math.abs(value - fd)).toBeLessThanOrEqual(1e-5 * Math.abs(value) + 10 * noise / h);
      };
      check('spot', 1, g.delta, 1);
      check('volatility', 0.01, g.vega, 1);
      check('rate', 0.01, g.rho, 1);
      check('dividendYield', 0.01, g.dividendRho, 1);
      check('timeYears', 1e-8, g.theta, -1); // theta = −∂V/∂T: calendar time passing shortens T
      const h = spotStep;
      const fdGamma = (priceOption({ ...o, spot: o.spot + h }) - 2 * mid + priceOption({ ...o, spot: o.spot - h })) / (h * h);
      expect(Math.abs(g.gamma - fdGamma)).toBeLessThanOrEqual(1e-4 * Math.abs(g.gamma) + 40 * noise / (h * h));
    }), { numRuns: 500 });
  });

  it('prices are never negative or NaN, even at extremes', () => {
    fc.assert(fc.property(fc.record({
      type: fc.constantFrom<'call' | 'put'>('call', 'put'),
      style: fc.constant<'european'>('european'),
      spot: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
      strike: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
      rate: fc.double({ min: -0.1, max: 0.5, noNaN: true }),
      dividendYield: fc.double({ min: -0.1, max: 0.5, noNaN: true }),
      volatility: fc.double({ min: 0, max: 10, noNaN: true }),
      timeYears: fc.double({ min: 0, max: 50, noNaN: true }),
    }), (o) => {
      const g = optionGreeks(o);
      expect(g.price).toBeGreaterThanOrEqual(0);
      for (const v of Object.values(g)) expect(Number.isNaN(v)).toBe(false);
    }), { numRuns: 3000 });
  });
});

describe('bad input', () => {
  const cases: [string, Partial<Record<keyof OptionSpec, unknown>>][] = [
    ['spot', { spot: Number.NaN }], ['spot', { spot: -1 }], ['spot', { spot: 0 }],
    ['strike', { strike: Infinity }], ['volatility', { volatility: -0.2 }], ['timeYears', { timeYears: -1 }],
    ['rate', { rate: Number.NaN }], ['type', { type: 'straddle' }], ['style', { style: 'bermudan' }],
    ['dividendYield', { dividendYield: '0.01' }],
  ];
  for (const [column, patch] of cases) {
    it(`rejects ${column} = ${String(Object.values(patch)[0])} with an InputError naming it`, () => {
      const o = { ...put({}), ...patch } as OptionSpec;
      for (const f of [priceOption, optionGreeks]) {
        let caught: unknown;
        try { f(o); } catch (e) { caught = e; }
        expect(caught).toBeInstanceOf(InputError);
        expect((caught as InputError).details.column).toBe(column);
      }
    });
  }
});
