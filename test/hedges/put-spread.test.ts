import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { putReachingFloor, strikeStep } from '../../src/hedges/option-pricing.js';
import { protectivePut } from '../../src/hedges/protective-put.js';
import { putSpread, shortPutAt } from '../../src/hedges/put-spread.js';
import type { HedgeContext } from '../../src/hedges/types.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';
import { SAMPLE_CHAIN, syntheticContext, marketOf } from './option-context.js';

let aapl: HedgeContext;
let chainCtx: HedgeContext;
beforeAll(async () => {
  aapl = preparedFor(await sampleInput(), 'AAPL').ctx;
  const withChain = await loadInputs({ ...SAMPLE, chains: [join(process.cwd(), SAMPLE_CHAIN)], cwd: process.cwd() });
  chainCtx = preparedFor(withChain, 'AAPL', { asOf: '2016-09-06' }).ctx;
});

describe('put spread candidates', () => {
  it('95/85 and 90/80 bands over 91 days: long the protective put\'s strike, short the grid strike at or below the lower level', () => {
    const hedges = putSpread.candidates(aapl);
    expect(hedges.map((h) => h.name)).toEqual(['Put spread 96/84 91d', 'Put spread 91/79 91d']);
    const spot = aapl.snapshot.prices.AAPL!;
    const step = strikeStep(spot);
    for (const [h, shortAt] of [[hedges[0]!, 0.85], [hedges[1]!, 0.8]] as const) {
      const p = h.parameters as Record<string, number>;
      expect(p.shortStrike).toBeLessThanOrEqual(shortAt * spot);
      expect(p.shortStrike! + step).toBeGreaterThan(shortAt * spot);
      expect(h.legs.map((l) => l.quantity)).toEqual([38, -38]);
      expect(p.maxPayoff).toBeCloseTo((p.longStrike! - p.shortStrike!) * 3800, 9);
    }
    const puts = protectivePut.candidates(aapl);
    expect(hedges[0]!.parameters.longStrike).toBe(puts[0]!.parameters.strike);
    expect(hedges[1]!.parameters.longStrike).toBe(puts[1]!.parameters.strike);
  });

  it('is cheaper than the put alone on the sample, premium and total cost', () => {
    const puts = protectivePut.candidates(aapl);
    putSpread.candidates(aapl).forEach((spread, k) => {
      expect(spread.cost.premium).toBeLessThan(puts[k]!.cost.premium);
      expect(spread.cost.total).toBeLessThan(puts[k]!.cost.total);
    });
  });

  it('its net premium is below the long put\'s on any market (property)', () => {
    // In total cost this holds only when the put sold is worth more than its half-spread and
    // commission, so the property is on the premium: it falls by the sold put's mid, > 0.
    fc.assert(fc.property(
      fc.double({ min: 1, max: 2000, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: -0.01, max: 0.1, noNaN: true }),
      (spot, volatility, rate) => {
        const ctx = syntheticContext({ spot, volatility, rate });
        const m = marketOf(ctx);
        return putSpread.candidates(ctx).every((h) => {
          const p = h.parameters as Record<string, number>;
          const long = putReachingFloor(m, h.parameters.expiry as string, p.floorFraction! * (1 - 1e-12))!;
          return p.netPremium! < long.mid && p.netPremium! > 0 && p.shortStrike! < p.longStrike!;
        });
      },
    ), { numRuns: 100 });
  });
});

describe('put spread from the sample chain (2016-09-06)', () => {
  it('buys the 103 put and sells the listed 91 put (the highest at or below 85 % of 107.68 with a bid)', () => {
    const [spread] = putSpread.candidates(chainCtx);
    expect(spread!.legs.map((l) => l.instrument.symbol)).toEqual(['AAPL 2016-09-09 P103', 'AAPL 2016-09-09 P91']);
    // 103 put at the ask 0.10, 91 put at the bid 0.01, 8 contracts each, 16 commissions.
    expect(spread!.cost.total).toBeCloseTo(800 * (0.1 - 0.01) + 16 * 0.65, 9);
    const m = marketOf(chainCtx);
    expect(shortPutAt(m, '2016-09-09', 0.85, Infinity)!.listedStrike).toBe(91);
  });
});
