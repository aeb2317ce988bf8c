import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AMERICAN_GRID_THRESHOLD, europeanValuesAtHorizon, optionValuesAtHorizon, underlyingMoves } from '../../src/evaluate/option-revaluation.js';
import { bsmPrice } from '../../src/pricing/black.js';
import { priceOption } from '../../src/pricing/index.js';

describe('option values at the horizon', () => {
  it('American options on many scenarios: the spline matches one solve per scenario within 1e-6 of the strike', () => {
    fc.assert(fc.property(
      fc.record({
        call: fc.boolean(), strikeRatio: fc.double({ min: 0.7, max: 1.3, noNaN: true }),
        rate: fc.double({ min: -0.01, max: 0.08, noNaN: true }), q: fc.double({ min: 0, max: 0.06, noNaN: true }),
        vol: fc.double({ min: 0.1, max: 0.8, noNaN: true }), t: fc.double({ min: 0.02, max: 2, noNaN: true }),
        seed: fc.integer({ min: 1, max: 1000 }),
      }),
      ({ call, strikeRatio, rate, q, vol, t, seed }) => {
        const n = AMERICAN_GRID_THRESHOLD + 500;
        const spots = new Float64Array(n);
        let x = seed;
        for (let i = 0; i < n; i++) {
          x = (x * 48271) % 2147483647; // Park–Miller: a deterministic spread of spots
          spots[i] = 100 * Math.exp(0.6 * (x / 2147483647 - 0.5));
        }
        const out = new Float64Array(n);
        const strike = 100 * strikeRatio;
        optionValuesAtHorizon({ theta: call ? 1 : -1, american: true, strike, rate, dividendYield: q, remainingYears: t },
          spots, new Float64Array(n).fill(vol), out);
        for (let i = 0; i < n; i += 97) {
          const direct = priceOption({ type: call ? 'call' : 'put', style: 'american', spot: spots[i]!, strike, rate, dividendYield: q, volatility: vol, timeYears: t });
          expect(Math.abs(out[i]! - direct)).toBeLessThan(1e-6 * strike);
        }
      }), { numRuns: 15 });
  });

  it('expired options are worth their intrinsic value; European options use the closed form', () => {
    const spots = Float64Array.from([80, 100, 120]);
    const out = new Float64Array(3);
    optionValuesAtHorizon({ theta: -1, american: true, strike: 100, rate: 0.03, dividendYield: 0, remainingYears: 0 }, spots, new Float64Array(3).fill(0.2), out);
    expect(Array.from(out)).toEqual([20, 0, 0]);
    optionValuesAtHorizon({ theta: 1, american: false, strike: 100, rate: 0.03, dividendYield: 0.01, remainingYears: 0.5 }, spots, Float64Array.from([0.2, 0.3, 0.4]), out);
    [0.2, 0.3, 0.4].forEach((v, i) => {
      expect(out[i]).toBe(priceOption({ type: 'call', style: 'european', spot: spots[i]!, strike: 100, rate: 0.03, dividendYield: 0.01, volatility: v, timeYears: 0.5 }));
    });
  });

  it('europeanValuesAtHorizon (per-contract constants, shared ln/√ of the relatives) equals bsmPrice at S₀·relative', () => {
    // x = ln(S₀/K) + carry + ln(relative) carries a few ε of absolute error, as ln(S/K) of the
    // rounded spot S₀·relative does, so values agree to V·|∂lnV/∂x|·O(ε): the pricing core's own
    // bar, 1e-12 relative or 1e-15·max(S, K) absolute, holds with room over realistic contracts.
    fc.assert(fc.property(
      fc.boolean(), fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }),
      fc.double({ min: -0.01, max: 0.1, noNaN: true }), fc.double({ min: 0, max: 0.08, noNaN: true }),
      fc.double({ min: 0.05, max: 1.5, noNaN: true }), fc.double({ min: 1 / 52, max: 5, noNaN: true }),
      (call, spot, moneyness, rate, dividendYield, volatility, remainingYears) => {
        const relatives = Float64Array.from({ length: 64 }, (_, i) => Math.exp(0.6 * (i - 32) / 32));
        const out = new Float64Array(64);
        const theta = call ? 1 : -1;
        const strike = spot * moneyness;
        europeanValuesAtHorizon({ theta, american: false, strike, rate, dividendYield, remainingYears }, volatility,
          underlyingMoves(spot, relatives), out);
        relatives.forEach((r, i) => {
          const s = spot * r;
          const expected = bsmPrice(theta, s, strike, rate, dividendYield, volatility, remainingYears);
          expect(Math.abs(out[i]! - expected)).toBeLessThanOrEqual(Math.max(1e-12 * expected, 1e-15 * Math.max(s, strike)));
        });
      },
    ), { numRuns: 200 });
  });
});
