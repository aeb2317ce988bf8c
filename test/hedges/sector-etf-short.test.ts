import { beforeAll, describe, expect, it } from 'vitest';
import type { Prepared, AnalyzeInput } from '../../src/pipeline/analyze.js';
import { sectorEtfShort } from '../../src/hedges/sector-etf-short.js';
import { olsRegression } from '../../src/stats/regression.js';
import { logReturns } from '../../src/stats/returns.js';
import type { PriceHistory } from '../../src/domain/market.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';

let input: AnalyzeInput;
let aapl: Prepared;
beforeAll(async () => {
  input = await sampleInput();
  aapl = preparedFor(input, 'AAPL');
});


describe('sector-ETF short', () => {
  it('picks XLK for AAPL and XLE for XOM', () => {
    expect(sectorEtfShort.candidates(aapl.ctx)[0]!.parameters.hedge).toBe('XLK');
    expect(sectorEtfShort.candidates(preparedFor(input, 'XOM').ctx)[0]!.parameters.hedge).toBe('XLE');
  });

  it('sizes the short by the OLS minimum-variance ratio of daily log returns: −h*·V/P shares', () => {
    const { ctx } = aapl;
    const [hedge] = sectorEtfShort.candidates(ctx);
    const window = (s: string) => logReturns(ctx.history.columns[ctx.history.symbols.indexOf(s)]!.subarray(ctx.asOfIndex - 756, ctx.asOfIndex + 1));
    const fit = olsRegression(window('AAPL'), window('XLK'));
    if (!fit.ok) throw new Error(fit.reason);
    expect(hedge!.parameters.hedgeRatio).toBe(fit.value.slope);
    expect(hedge!.legs[0]!.quantity).toBe(-Math.round(fit.value.slope * 3800 * ctx.snapshot.prices.AAPL! / ctx.snapshot.prices.XLK!));
    expect(hedge!.cost.borrow).toBeCloseTo(-hedge!.legs[0]!.quantity * ctx.snapshot.prices.XLK! * 0.005 * 10 / 252, 9);
  });

  it('the hedge ratio is invariant to rescaling the ETF\'s prices, and the share count scales inversely', () => {
    const { ctx } = aapl;
    const j = ctx.history.symbols.indexOf('XLK');
    const history: PriceHistory = { ...ctx.history, columns: ctx.history.columns.map((c, k) => (k === j ? c.map((x) => x * 10) : c)) };
    const scaled = sectorEtfShort.candidates({ ...ctx, history, snapshot: { ...ctx.snapshot, prices: { ...ctx.snapshot.prices, XLK: ctx.snapshot.prices.XLK! * 10 } } })[0]!;
    const base = sectorEtfShort.candidates(ctx)[0]!;
    expect(scaled.parameters.hedgeRatio as number).toBeCloseTo(base.parameters.hedgeRatio as number, 12);
    expect(Math.abs(scaled.legs[0]!.quantity * 10 - base.legs[0]!.quantity)).toBeLessThanOrEqual(10);
  });
});
