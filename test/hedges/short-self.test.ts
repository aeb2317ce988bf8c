import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioPnl } from '../../src/evaluate/evaluate-hedges.js';
import { shortSelf } from '../../src/hedges/short-self.js';
import type { Prepared } from '../../src/pipeline/analyze.js';
import { variance } from '../../src/stats/descriptive.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';

let aapl: Prepared;
beforeAll(async () => {
  aapl = preparedFor(await sampleInput(), 'AAPL');
});

describe('short the target itself', () => {
  it('offers 25/50/100 % with borrow at the general fee over the horizon', () => {
    const hedges = shortSelf.candidates(aapl.ctx);
    expect(hedges.map((h) => h.legs[0]!.quantity)).toEqual([-950, -1900, -3800]);
    const value = 3800 * aapl.ctx.snapshot.prices.AAPL!;
    expect(hedges[2]!.cost.borrow).toBeCloseTo(value * 0.005 * 10 / 252, 9);
    expect(hedges[2]!.cost.transaction).toBeCloseTo(value * 0.0001 + 3800 * 0.005, 9);
  });

  it('a full short removes the holding\'s price risk exactly: only the costs remain, in every scenario', () => {
    const { ctx, scenarios } = aapl;
    const [, half, full] = shortSelf.candidates(ctx);
    const pnl = scenarioPnl(ctx.portfolio, 'AAPL', [half!, full!], ctx.snapshot, scenarios);
    for (const x of pnl.hedges[1]!.asset.after) expect(x).toBeCloseTo(-full!.cost.total, 6);
    // Half the shares: the variance falls to a quarter.
    expect(variance(pnl.hedges[0]!.asset.after) / variance(pnl.asset)).toBeCloseTo(0.25, 9);
  });

  it('uses a per-symbol borrow fee when one is set (hard to borrow)', () => {
    const ctx = { ...aapl.ctx, costs: { ...aapl.ctx.costs, borrowFeeBySymbol: { AAPL: 0.03 } } };
    const full = shortSelf.candidates(ctx)[2]!;
    expect(full.cost.borrow).toBeCloseTo(3800 * ctx.snapshot.prices.AAPL! * 0.03 * 10 / 252, 9);
  });
});
