import { beforeAll, describe, expect, it } from 'vitest';
import type { Prepared, AnalyzeInput } from '../../src/pipeline/analyze.js';
import { protectivePut } from '../../src/hedges/protective-put.js';
import { priceOption } from '../../src/pricing/index.js';
import { preparedFor, sampleInput } from '../helpers/sample.js';

let input: AnalyzeInput;
let aapl: Prepared;
beforeAll(async () => {
  input = await sampleInput();
  aapl = preparedFor(input, 'AAPL');
});


describe('protective put', () => {
  it('covers the holding in whole 100-share contracts at the model premium', () => {
    const hedges = protectivePut.candidates(aapl.ctx);
    expect(hedges.map((h) => h.parameters.moneyness)).toEqual([0.95, 0.9]);
    const { snapshot } = aapl.ctx;
    for (const h of hedges) {
      const leg = h.legs[0]!;
      expect(leg.quantity).toBe(38);
      if (leg.instrument.kind !== 'option') throw new Error('expected an option leg');
      expect(leg.instrument.expiry).toBe('2025-02-28');
      const unit = priceOption({
        type: 'put', style: leg.instrument.style, spot: snapshot.prices.AAPL!, strike: leg.instrument.strike,
        rate: snapshot.rate, dividendYield: 0, volatility: snapshot.volatilities.AAPL!, timeYears: 91 / 365,
      });
      expect(h.cost.premium).toBeCloseTo(unit * 3800, 9);
      expect(h.cost.transaction).toBeCloseTo(0.02 * h.cost.premium + 38 * 0.65, 9);
    }
  });

  it('a deeper put never costs more', () => {
    const [atm95, otm90] = protectivePut.candidates(aapl.ctx);
    expect(otm90!.cost.total).toBeLessThan(atm95!.cost.total);
  });

  it('warns about shares left over when the holding is not a multiple of 100', () => {
    const odd = { ...aapl.ctx, targetQuantity: 3850 };
    expect(protectivePut.candidates(odd)[0]!.warnings[0]).toMatch(/^50 shares are left unhedged/);
  });
});

