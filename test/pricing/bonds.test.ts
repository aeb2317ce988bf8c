import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bondPrice, constantMaturityIndex } from '../../src/pricing/bonds.js';

describe('bond price', () => {
  it('is par when the coupon equals the yield, and equals the sum of its discounted cash flows', () => {
    expect(bondPrice(0.05, 0.05, 10, 2)).toBeCloseTo(1, 14);
    // 2-year 6 % semi-annual bond at a 6.76 % yield (semi-annual compounding), summed cash flow
    // by cash flow: Σ_{k=1..4} 3/1.0338^k + 100/1.0338^4 = 98.6002 per 100 of face.
    let sum = 0;
    for (let k = 1; k <= 4; k++) sum += 3 / 1.0338 ** k;
    sum += 100 / 1.0338 ** 4;
    expect(100 * bondPrice(0.0676, 0.06, 2, 2)).toBeCloseTo(sum, 12);
    expect(sum).toBeCloseTo(98.6002, 4);
  });

  it('property: price falls as the yield rises; the loss on a small rise ≈ modified duration × Δy', () => {
    fc.assert(fc.property(fc.double({ min: 0.005, max: 0.12, noNaN: true }), fc.integer({ min: 1, max: 30 }), (y, years) => {
      const dy = 1e-5;
      const down = bondPrice(y - dy, y, years, 2);
      const up = bondPrice(y + dy, y, years, 2);
      expect(up).toBeLessThan(down);
      // Modified duration of a par bond with semi-annual compounding: (1 − (1 + y/2)^{−2n}) / y.
      const duration = (1 - Math.pow(1 + y / 2, -2 * years)) / y;
      expect((down - up) / (2 * dy)).toBeCloseTo(duration, 5);
    }));
  });
});

describe('constant-maturity bond index', () => {
  it('earns the yield when the yield never moves', () => {
    const days = Array.from({ length: 366 }, (_, i) => i);
    const index = constantMaturityIndex(days, new Float64Array(366).fill(0.04), 10);
    // Daily compounding of the coupon accrual plus the pull of a shortening par bond: ≈ 4.08 %.
    expect(index[365]! / 100 - 1).toBeGreaterThan(0.0399);
    expect(index[365]! / 100 - 1).toBeLessThan(0.0416);
  });

  it('loses about duration × Δy on a one-day yield jump', () => {
    const index = constantMaturityIndex([0, 1], Float64Array.from([0.05, 0.06]), 10);
    const duration = (1 - Math.pow(1.025, -20)) / 0.05;
    expect(index[1]! / 100 - 1).toBeCloseTo(-0.01 * duration + 0.5 * 0.01 ** 2 * 75, 2);
    expect(index[1]! / 100 - 1).toBeLessThan(-0.07);
  });
});
