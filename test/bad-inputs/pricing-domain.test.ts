import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optionGreeks, type OptionSpec } from '../../src/pricing/index.js';
import { OPTION_LIMITS } from '../../src/pricing/validate.js';

// Inside the domain the pricing boundary accepts (src/pricing/validate.ts), every price and Greek
// is a finite number: random options, seeded. This is the property that found an American call
// worth 2.13 at T = 1e-84 and a finite-difference grid of millions of nodes (a hang) for a deep
// in-the-money put with σ = 1e-6.

const L = OPTION_LIMITS;
/** Times to expiry from a second to the limit, and expiry itself. */
const time = fc.oneof(fc.constant(0), fc.double({ min: 3e-8, max: L.timeYears, noNaN: true }));
const volatility = fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: L.volatility, noNaN: true }));
const rate = fc.oneof(fc.constant(0), fc.double({ min: -L.rate, max: L.rate, noNaN: true }));
const price = fc.double({ min: 1e-3, max: 1e6, noNaN: true });

/** At the money with no diffusion left (S = K and T = 0 or σ = 0) the value has a kink: gamma is
 *  +∞ and, at expiry, theta −∞, with a note saying so (OptionGreeks.note); tested apart below. */
const atTheMoneyWithoutDiffusion = (o: OptionSpec) => o.spot === o.strike && (o.timeYears === 0 || o.volatility === 0);

const option = (fc.record({
  type: fc.constantFrom('call', 'put'), style: fc.constantFrom('european', 'american'),
  spot: price, strike: price, rate, dividendYield: rate, timeYears: time, volatility,
}) as fc.Arbitrary<OptionSpec>).filter((o) => !atTheMoneyWithoutDiffusion(o));

describe('pricing on its whole input domain', () => {
  it('gives a finite price and finite Greeks, the price within its no-arbitrage bounds', () => {
    fc.assert(fc.property(option, (o) => {
      const g = optionGreeks(o);
      for (const [k, v] of Object.entries(g)) expect(Number.isFinite(v), `${k} of ${JSON.stringify(o)}`).toBe(true);
      // A call is worth at most the spot, a put at most the strike (undiscounted, rates may be < 0).
      const cap = o.type === 'call' ? o.spot * Math.max(1, Math.exp(-o.dividendYield * o.timeYears)) : o.strike * Math.max(1, Math.exp(-o.rate * o.timeYears));
      expect(g.price).toBeGreaterThanOrEqual(0);
      expect(g.price).toBeLessThanOrEqual(cap * (1 + 1e-9));
    }), { numRuns: 400, seed: 20261125 });
  });

  it('gives a note and no NaN where a Greek is unbounded: at the money at expiry, or with σ = 0 at the forward', () => {
    const atMoney = fc.record({
      type: fc.constantFrom('call', 'put'), style: fc.constantFrom('european', 'american'), spot: price,
      rate, dividendYield: rate, noDiffusion: fc.constantFrom('expiry', 'no volatility'),
      volatility: fc.double({ min: 1e-4, max: L.volatility, noNaN: true }), timeYears: fc.double({ min: 3e-8, max: L.timeYears, noNaN: true }),
    });
    fc.assert(fc.property(atMoney, (a) => {
      const o = { type: a.type, style: a.style, spot: a.spot, strike: a.spot, rate: a.rate, dividendYield: a.dividendYield,
        volatility: a.noDiffusion === 'expiry' ? a.volatility : 0, timeYears: a.noDiffusion === 'expiry' ? 0 : a.timeYears } as OptionSpec;
      const { note, ...g } = optionGreeks(o);
      for (const [k, v] of Object.entries(g)) expect(Number.isNaN(v), `${k} of ${JSON.stringify(o)}`).toBe(false);
      const finite = Number.isFinite(g.gamma) && Number.isFinite(g.theta);
      expect(note === undefined, `note of ${JSON.stringify(o)}`).toBe(finite);
      // At expiry the spot is at the forward: gamma is unbounded. With σ = 0 only where r = q.
      if (a.noDiffusion === 'expiry') {
        expect(g.gamma).toBe(Infinity);
        expect(g.theta).toBe(-Infinity);
        expect(note).toBe('at the forward with no diffusion left (σ√T = 0) the value has a kink: gamma is +∞ (a point mass) and theta is −∞ (the time value vanishes at expiry with an infinite slope), not a number to hedge with');
      }
    }), { numRuns: 200, seed: 20261125 });
    expect(optionGreeks({ type: 'put', style: 'american', spot: 100, strike: 100, rate: 0.05, dividendYield: 0.05, volatility: 0, timeYears: 1 }).note)
      .toBe('at the forward with no diffusion left (σ√T = 0) the value has a kink: gamma is +∞ (a point mass), not a number to hedge with');
  });
});
