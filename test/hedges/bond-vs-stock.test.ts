import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCapitalStructure } from '../../src/data/capital-structure.js';
import { bondVsStock } from '../../src/hedges/bond-vs-stock.js';
import { rankComparables } from '../../src/hedges/screen.js';
import type { Prepared } from '../../src/pipeline/analyze.js';
import { mertonFromEquity } from '../../src/pricing/merton.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';

let aapl: Prepared;
beforeAll(async () => {
  const input = await sampleInput();
  aapl = preparedFor({ ...input }, 'AAPL');
});

describe('bond against the stock', () => {
  it('builds credit proxies from the sample yields and picks the one most related to the stock', () => {
    expect(aapl.ctx.creditProxies.map((c) => c.symbol)).toEqual(['BAA-BOND', 'AAA-BOND', 'UST10-BOND']);
    const [hedge] = bondVsStock.candidates(aapl.ctx);
    const ranked = rankComparables(aapl.ctx, ['BAA-BOND', 'AAA-BOND', 'UST10-BOND']);
    const strongest = [...ranked].sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho))[0]!;
    expect(hedge!.parameters.proxy).toBe(strongest.symbol);
    expect(hedge!.parameters.hedgeRatio).toBe(strongest.fit.slope);
    // Sized by the minimum-variance ratio: short h*·V of the index when h* > 0.
    const value = 3800 * aapl.ctx.snapshot.prices.AAPL!;
    expect(hedge!.legs[0]!.quantity).toBe(-Math.round(strongest.fit.slope * value / aapl.ctx.snapshot.prices[strongest.symbol]!));
  });

  it('says plainly that AAPL and corporate bonds did not move against each other in 2021–2024', () => {
    const [hedge] = bondVsStock.candidates(aapl.ctx);
    expect(hedge!.parameters.correlation as number).toBeGreaterThan(-0.2);
    expect(hedge!.warnings[0]).toMatch(/^History does not show .*-BOND moving against AAPL/);
  });

  it('adds the Merton view from a capital structure in force on the as-of date (Reliance 2012, real inputs)', () => {
    const file = 'data/sample/reliance_equity_vol_debt_2011-2012.csv';
    const capitalStructure = readCapitalStructure(readFileSync(file, 'utf8'), file);
    // Pretend the Reliance structure is the target's, dated a week before the as-of date.
    const asOf = aapl.ctx.snapshot.asOf;
    const moved = { ...capitalStructure, dates: capitalStructure.dates.map(() => '2024-11-22') };
    const [hedge] = bondVsStock.candidates({ ...aapl.ctx, capitalStructure: moved });
    const last = capitalStructure.dates.length - 1;
    const fit = mertonFromEquity({
      equityValue: capitalStructure.equityValue[last]!, equityVolatility: capitalStructure.equityVolatility[last]!,
      defaultPoint: capitalStructure.defaultPoint[last]!, rate: aapl.ctx.snapshot.rate, timeYears: 1,
    })!;
    expect(hedge!.parameters.mertonDebtPerEquity).toBe(fit.debtPerEquity);
    expect(hedge!.warnings.some((w) => /Merton model the issuer's own debt moves only/.test(w))).toBe(true);
    // A structure older than a month is not used.
    const stale = bondVsStock.candidates({ ...aapl.ctx, capitalStructure })[0]!;
    expect(stale.parameters.merton).toMatch(/no capital-structure row within 31 days/);
    expect(asOf).toBe('2024-11-29');
  });
});
