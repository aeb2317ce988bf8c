import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import {
  type ImpliedVolatilityInput, ImpliedVolatilityError, type OptionSpec, impliedVolatility, optionGreeks, priceOption,
} from '../../src/pricing/index.js';

const EPS = 2 ** -52;

function failureOf(o: ImpliedVolatilityInput): string {
  try {
    impliedVolatility(o);
  } catch (e) {
    if (e instanceof ImpliedVolatilityError) return e.reason;
    throw e;
  }
  return 'solved';
}

const specArb = fc.record({
  type: fc.constantFrom<'call' | 'put'>('call', 'put'),
  style: fc.constant<'european'>('european'),
  spot: fc.double({ min: 1, max: 1000, noNaN: true }),
  moneyness: fc.double({ min: 0.5, max: 2, noNaN: true }),
  rate: fc.double({ min: -0.01, max: 0.1, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.08, noNaN: true }),
  volatility: fc.double({ min: 0.01, max: 5, noNaN: true }),
  timeYears: fc.double({ min: 1 / (365 * 24 * 60), max: 10, noNaN: true }),
}).map(({ moneyness, ...o }): OptionSpec => ({ ...o, strike: o.spot * moneyness }));

describe('European implied volatility', () => {
  it('round-trips price → IV → price over a random grid (σ to 1e-12 where well conditioned)', () => {
    fc.assert(fc.property(specArb, (o) => {
      const { price, vega } = optionGreeks(o);
      // With a time value below ~1e-280 the price carries too few digits to identify σ.
      const intrinsic = Math.max(0, (o.type === 'call' ? 1 : -1)
        * (o.spot * Math.exp(-o.dividendYield * o.timeYears) - o.strike * Math.exp(-o.rate * o.timeYears)));
      fc.pre(price - intrinsic > 1e-280 * o.spot);
      let sigma: number;
      try {
        sigma = impliedVolatility({ ...o, price });
      } catch (e) {
        // Only legitimate when the time value is lost in the rounding of the intrinsic value (here
        // formed as S·e^{−qT} − K·e^{−rT}, itself uncertain by ~ε·(S+K)).
        expect(e).toBeInstanceOf(ImpliedVolatilityError);
        expect(price - intrinsic).toBeLessThanOrEqual(8 * EPS * price + 2 * EPS * (o.spot + o.strike));
        return;
      }
      // The IV of a price known to ~2 ulps is known to ~2ε·price/vega; well conditioned = that is small.
      const conditioning = (4 * EPS * price) / vega;
      if (conditioning < 1e-13) expect(Math.abs(sigma - o.volatility)).toBeLessThanOrEqual(1e-12);
      // Repricing error: a few ulps of the price plus the price change from rounding σ (vega·ulp(σ)).
      const repriced = priceOption({ ...o, volatility: sigma });
      expect(Math.abs(repriced - price)).toBeLessThanOrEqual(16 * EPS * price + 4 * EPS * vega * sigma + 1e-300);
    }), { numRuns: 5000 });
  });

  it('solves tiny time values (1e-30·S), 1-minute expiries and σ up to 5', () => {
    const base = { style: 'european' as const, spot: 100, rate: 0.03, dividendYield: 0.01 };
    const tiny = { ...base, type: 'call' as const, strike: 150, timeYears: 0.25, price: 1e-30 * 100 };
    const sTiny = impliedVolatility(tiny);
    expect(priceOption({ ...tiny, volatility: sTiny }) / tiny.price - 1).toBeLessThan(1e-12);
    const minute = 1 / (365 * 24 * 60);
    for (const v of [0.05, 0.3, 1, 5]) {
      for (const strike of [99.99, 100, 100.01]) {
        const o: OptionSpec = { ...base, type: 'put', strike, timeYears: minute, volatility: v };
        expect(impliedVolatility({ ...o, price: priceOption(o) })).toBeCloseTo(v, 11);
      }
      // At σ√T = 11 the call is within 1e-6 of its upper bound S·e^{−qT}: σ is then only
      // determined to ε·price/vega, which is the tolerance.
      const long: OptionSpec = { ...base, type: 'call', strike: 120, timeYears: 5, volatility: v };
      const { price, vega } = optionGreeks(long);
      expect(Math.abs(impliedVolatility({ ...long, price }) - v)).toBeLessThanOrEqual(1e-12 + (4 * EPS * price) / vega);
    }
  });

  it('recovers a published volatility: Hull Example 20.x call 1.875, S=21 K=20 r=0.1 T=0.25 → σ ≈ 0.235', () => {
    // Hull, Options, Futures and Other Derivatives (10th ed.), §15.11: "the implied volatility is 0.235".
    expect(impliedVolatility({ type: 'call', style: 'european', spot: 21, strike: 20, rate: 0.1, dividendYield: 0,
      timeYears: 0.25, price: 1.875 })).toBeCloseTo(0.235, 3);
  });

  it('throws ImpliedVolatilityError with a reason when no volatility exists', () => {
    const o = { type: 'put' as const, style: 'european' as const, spot: 90, strike: 100, rate: 0.05,
      dividendYield: 0, timeYears: 1 };
    const lower = 100 * Math.exp(-0.05) - 90;
    expect(failureOf({ ...o, price: lower * 0.999 })).toBe('below-lower-bound');
    expect(failureOf({ ...o, price: lower })).toBe('zero-time-value');
    expect(failureOf({ ...o, price: 100 * Math.exp(-0.05) })).toBe('above-upper-bound');
    expect(failureOf({ ...o, price: 200 })).toBe('above-upper-bound');
    expect(failureOf({ ...o, type: 'call', price: 0 })).toBe('zero-time-value');
    expect(failureOf({ ...o, timeYears: 0, price: 10 })).toBe('zero-time-value');
    expect(failureOf({ ...o, timeYears: 0, price: 11 })).toBe('above-upper-bound');
    try {
      impliedVolatility({ ...o, price: 1 });
    } catch (e) {
      expect(e).toBeInstanceOf(ImpliedVolatilityError);
      expect((e as ImpliedVolatilityError).lowerBound).toBeCloseTo(lower, 12);
    }
  });

  it('rejects bad input with InputError', () => {
    const o = { type: 'put' as const, style: 'european' as const, spot: 90, strike: 100, rate: 0.05,
      dividendYield: 0, timeYears: 1 };
    for (const bad of [{ price: Number.NaN }, { price: -1 }, { spot: -90 }, { timeYears: -1 }]) {
      expect(() => impliedVolatility({ ...o, ...{ price: 5 }, ...bad })).toThrow(InputError);
    }
  });
});
