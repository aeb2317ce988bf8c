import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { collar, zeroCostCall, zeroCostCallStrike } from '../../src/hedges/collar.js';
import { allQuotes, putReachingFloor, strikeStep } from '../../src/hedges/option-pricing.js';
import type { HedgeContext } from '../../src/hedges/types.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';
import { priceOption } from '../../src/pricing/index.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';
import { SAMPLE_CHAIN, syntheticContext, vectors, marketOf } from './option-context.js';

let aapl: HedgeContext;
let chainCtx: HedgeContext;
beforeAll(async () => {
  aapl = preparedFor(await sampleInput(), 'AAPL').ctx;
  const withChain = await loadInputs({ ...SAMPLE, chains: [join(process.cwd(), SAMPLE_CHAIN)], cwd: process.cwd() });
  chainCtx = preparedFor(withChain, 'AAPL', { asOf: '2016-09-06' }).ctx;
});

const market = fc.record({
  spot: fc.double({ min: 1, max: 2000, noNaN: true }),
  volatility: fc.double({ min: 0.05, max: 1, noNaN: true }),
  rate: fc.double({ min: -0.01, max: 0.1, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.06, noNaN: true }),
  timeYears: fc.double({ min: 0.02, max: 2, noNaN: true }),
});

describe('exact zero-cost call strike', () => {
  // Reference: scipy brentq on QuantLib Black-formula premiums (make-option-hedge-vectors.py).
  it('matches brentq on QuantLib prices within 1e-9 relative', () => {
    for (const c of vectors.zeroCost) {
      const terms = { style: 'european' as const, spot: c.spot, rate: c.rate, dividendYield: c.dividendYield, volatility: c.volatility, timeYears: c.timeYears };
      const put = priceOption({ ...terms, type: 'put', strike: c.putStrike });
      expect(Math.abs(put / c.putPremium - 1)).toBeLessThan(1e-12);
      // Both roots are found to the last bits; the two price formulas differ by ~1e-15 relative,
      // which moves the strike by that over |∂C/∂K| = e^{−rT}Φ(d₂) ≳ 0.1 here.
      expect(Math.abs(zeroCostCallStrike(terms, put)! / c.callStrike - 1)).toBeLessThan(1e-9);
    }
  });

  it('put–call parity: a put struck at the forward is financed by a call struck at the forward (Hull eq. 17.3)', () => {
    fc.assert(fc.property(market, (m) => {
      const forward = m.spot * Math.exp((m.rate - m.dividendYield) * m.timeYears);
      const terms = { style: 'european' as const, ...m };
      const put = priceOption({ ...terms, type: 'put', strike: forward });
      return Math.abs(zeroCostCallStrike(terms, put)! / forward - 1) < 1e-9;
    }), { numRuns: 300 });
  });

  it('has no answer for a worthless put or one worth more than the share', () => {
    const terms = { style: 'european' as const, spot: 100, rate: 0.03, dividendYield: 0, volatility: 0.2, timeYears: 0.25 };
    expect(zeroCostCallStrike(terms, 0)).toBeNull();
    expect(zeroCostCallStrike(terms, 100)).toBeNull();
  });
});

describe('collar candidates', () => {
  it('zero-cost collars at the 95 % and 90 % floors and a 95/110 collar, over 91 days', () => {
    const hedges = collar.candidates(aapl);
    expect(hedges.map((h) => h.name)).toEqual(['ZC collar 96/107 91d', 'ZC collar 91/114 91d', 'Collar 96/111 91d']);
    for (const h of hedges) {
      expect(h.legs.map((l) => l.quantity)).toEqual([38, -38]);
      expect(h.legs.map((l) => l.instrument.kind === 'option' && l.instrument.type)).toEqual(['put', 'call']);
    }
  });

  it('the zero-cost call is the grid strike just above the exact K*, and the net premium is within [0, ΔK·e^{−rT})', () => {
    const { rate } = aapl.snapshot;
    const step = strikeStep(aapl.snapshot.prices.AAPL!);
    for (const h of collar.candidates(aapl).filter((c) => c.parameters.zeroCost === 'yes')) {
      const p = h.parameters as Record<string, number>;
      expect(p.callStrike).toBeGreaterThanOrEqual(p.callStrikeExact!);
      expect(p.callStrike! - step).toBeLessThan(p.callStrikeExact!);
      expect(p.netPremium).toBeGreaterThanOrEqual(0);
      expect(p.netPremium).toBeLessThan(step * Math.exp(-rate * p.timeYears!));
      expect(h.cost.premium).toBeCloseTo(3800 * p.netPremium!, 8);
    }
  });

  it('zero-cost collars cost 0 to within the strike tolerance on any market (property)', () => {
    fc.assert(fc.property(market, (m) => {
      const ctx = syntheticContext({ spot: m.spot, volatility: m.volatility, rate: m.rate, dividendYield: m.dividendYield });
      const step = strikeStep(m.spot);
      return collar.candidates(ctx).filter((h) => h.parameters.zeroCost === 'yes').every((h) => {
        const p = h.parameters as Record<string, number>;
        return p.netPremium! >= 0 && p.netPremium! < step * Math.exp(-m.rate * p.timeYears!);
      });
    }), { numRuns: 100 });
  });

  it('the net premium rises with the call strike (property)', () => {
    fc.assert(fc.property(market, fc.constantFrom(0.8, 0.9, 0.95), (m, floor) => {
      const mk = marketOf(syntheticContext({ spot: m.spot, volatility: m.volatility, rate: m.rate, dividendYield: m.dividendYield }));
      const expiry = mk.expiries[1]!;
      const put = putReachingFloor(mk, expiry, floor)!;
      const net = allQuotes(mk, 'call', expiry).map((c) => put.mid - c.mid);
      return net.every((x, k) => k === 0 || x >= net[k - 1]!);
    }), { numRuns: 100 });
  });
});

describe('collar from the sample chain (2016-09-06)', () => {
  it('sells the lowest listed call whose mid does not exceed the put\'s: 103/113 and 97/117', () => {
    const hedges = collar.candidates(chainCtx).filter((h) => h.parameters.zeroCost === 'yes');
    expect(hedges.map((h) => h.legs.map((l) => l.instrument.symbol))).toEqual([
      ['AAPL 2016-09-09 P103', 'AAPL 2016-09-09 C113'],
      ['AAPL 2016-09-09 P97', 'AAPL 2016-09-09 C117'],
    ]);
    // Put 103 mid 0.095 vs call 112 mid 0.115 (too dear) and call 113 mid 0.07.
    expect(hedges[0]!.cost.premium).toBeCloseTo(800 * (0.095 - 0.07), 9);
    // Bought at the ask (put 0.10), sold at the bid (call 0.06), plus 16 commissions.
    expect(hedges[0]!.cost.total).toBeCloseTo(800 * (0.1 - 0.06) + 16 * 0.65, 9);
    const m = marketOf(chainCtx);
    const put = allQuotes(m, 'put', '2016-09-09').find((q) => q.listedStrike === 103)!;
    expect(zeroCostCall(m, put)!.listedStrike).toBe(113);
  });
});
