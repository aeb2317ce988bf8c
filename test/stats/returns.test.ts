import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logReturns, priceDifferences, simpleReturns } from '../../src/stats/returns.js';
import { expectAllRel, referencePrices, vectors } from './reference-data.js';

const prices = referencePrices();

describe('returns against numpy on AAPL (data/sample)', () => {
  it('selects the same rows as make-vectors.py', () => {
    expect(prices.dates.length).toBe(vectors.data.priceRows);
    expect(prices.dates[0]).toBe(vectors.data.firstDate);
    expect(prices.dates.at(-1)).toBe(vectors.data.lastDate);
  });

  it('daily log returns = np.diff(np.log(p))', () => {
    // np.diff(np.log(p)) and log(p1/p0) differ by rounding of two logs vs one: ≤ a few ε
    // relative to log(p), i.e. ~1e-15·5 / 1e-2 ≈ 1e-13 relative to a daily return; floor 1e-2.
    expectAllRel(logReturns(prices.AAPL), vectors.returns.aaplLog1, 1e-9, 1e-2);
  });

  it('overlapping lag-5 log, simple returns and price differences', () => {
    const lag = vectors.returns.lag as number;
    expectAllRel(logReturns(prices.AAPL, lag), vectors.returns.aaplLogLag);
    expectAllRel(simpleReturns(prices.AAPL, lag), vectors.returns.aaplSimpleLag);
    expectAllRel(priceDifferences(prices.AAPL, lag), vectors.returns.aaplDiffLag);
  });
});

describe('returns: edge cases and identities', () => {
  it('gives an empty series when there are no complete windows', () => {
    expect(logReturns(new Float64Array([1, 2]), 2).length).toBe(0);
    expect(simpleReturns(new Float64Array([]), 1).length).toBe(0);
  });

  it('rejects a lag that is not a positive integer', () => {
    expect(() => logReturns(new Float64Array([1, 2]), 0)).toThrow(RangeError);
    expect(() => priceDifferences(new Float64Array([1, 2]), 1.5)).toThrow(RangeError);
  });

  it('price differences work through negative prices (WTI, April 2020)', () => {
    expect([...priceDifferences(new Float64Array([18.27, -37.63, 10.01]))]).toEqual([-37.63 - 18.27, 10.01 - -37.63]);
  });

  const positivePrices = fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 })
    .map((a) => Float64Array.from(a));

  it('exp(log return) and 1 + simple return are the price relative; lag-k log returns sum daily ones', () => {
    fc.assert(fc.property(positivePrices, fc.integer({ min: 1, max: 5 }), (p, lag) => {
      const lr = logReturns(p, lag);
      const sr = simpleReturns(p, lag);
      const daily = logReturns(p, 1);
      for (let t = 0; t < lr.length; t++) {
        const relative = p[t + lag]! / p[t]!;
        // exp amplifies the rounding of ln by |ln|: relative error ≲ ε·(1 + |lr|) per step.
        expect(Math.abs(Math.exp(lr[t]!) / relative - 1)).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(lr[t]!)));
        expect(Math.abs(sr[t]! - (relative - 1))).toBeLessThanOrEqual(1e-15 * Math.max(1, relative));
        let s = 0;
        let size = 0;
        for (let k = 0; k < lag; k++) { s += daily[t + k]!; size += Math.abs(daily[t + k]!); }
        expect(Math.abs(lr[t]! - s)).toBeLessThanOrEqual(1e-13 * (1 + size));
      }
    }));
  });

  it('log and simple returns are invariant to scaling all prices', () => {
    fc.assert(fc.property(positivePrices, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (p, c) => {
      const scaled = p.map((v) => v * c);
      const a = logReturns(p);
      const b = logReturns(scaled);
      for (let t = 0; t < a.length; t++) expect(b[t]!).toBeCloseTo(a[t]!, 9);
    }));
  });
});
