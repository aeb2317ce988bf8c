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

/** At the money with no diffusion left (S = K and T = 0 or σ = 0) gamma is a Dirac spike: the
 *  kernel (src/pricing/black.ts, being rewritten) returns ±Infinity for gamma and theta there.
 *  Left out until it gives them a documented value; see the todo below. */
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

  it.todo('at the money at expiry (S = K, T = 0) and with σ = 0: gamma and theta are ±Infinity (`microhedge price` prints "Infinity")');
});
