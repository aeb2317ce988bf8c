import { describe, expect, it } from 'vitest';
import { aaplReport, billDiscountToContinuous, spxReport } from '../../bench/pricing-chains.js';

// Real chains from data/sample (provenance in data/sample/PROVENANCE.md): every quote is priced
// with the style of its contract (AAPL American, SPX European) and inverted from its mid price.
describe('real option chains', () => {
  it('AAPL 2016-09-06 (American): 68 of 76 mids give an IV; the 8 others sit below intrinsic', () => {
    const { chain, results } = aaplReport();
    expect(chain.style).toBe('american');
    const missing = results.filter((r) => r.volatility === null);
    expect(results).toHaveLength(76);
    expect(missing).toHaveLength(8);
    // Stale deep in-the-money quotes: mid below S − K (calls) or K − S (puts).
    for (const r of missing) expect(r.reason).toMatch(/^below-lower-bound/);
    for (const r of results.filter((x) => x.volatility !== null)) {
      expect(Math.abs((r.repriced as number) - r.mid)).toBeLessThanOrEqual(1e-9 * r.mid);
    }
    // Near the money our IVs sit within 1 vol point of Yahoo's own (which uses its own rate/time).
    for (const r of results.filter((x) => x.volatility !== null && Math.abs(x.quote.strike - 108) <= 1)) {
      expect(Math.abs((r.volatility as number) - (r.quote.impliedVolatility as number))).toBeLessThan(0.01);
    }
  });

  it('SPX 2010-09-17 (European): 434 of 481 mids give an IV; ATM IVs are 18–21 % (VIX closed at 21.7)', () => {
    const { chain, results } = spxReport();
    expect(chain.style).toBe('european');
    const missing = results.filter((r) => r.volatility === null);
    expect(results).toHaveLength(481);
    expect(missing).toHaveLength(47);
    for (const r of missing) expect(r.reason).toMatch(/^below-lower-bound/);
    // Put–call parity fixes the forward, so ATM call and put IVs agree to a few vol points tenths.
    const atm = results.filter((r) => r.volatility !== null && r.quote.strike === 1125);
    expect(atm).toHaveLength(4);
    for (const r of atm) expect(r.volatility as number).toBeGreaterThan(0.18);
    for (const r of atm) expect(r.volatility as number).toBeLessThan(0.21);
    for (const r of results.filter((x) => x.volatility !== null)) {
      expect(Math.abs((r.repriced as number) - r.mid)).toBeLessThanOrEqual(1e-10 * r.mid);
    }
  });

  it('converts the T-bill bank-discount quote to a continuous rate', () => {
    // 0.32 % discount for 91 days: price 1 − 0.0032·91/360 = 0.99919111…, −ln(price)/(91/365).
    expect(billDiscountToContinuous(0.0032)).toBeCloseTo(-Math.log(1 - (0.0032 * 91) / 360) / (91 / 365), 15);
    expect(billDiscountToContinuous(0.0032)).toBeCloseTo(0.0032458, 7);
  });
});
