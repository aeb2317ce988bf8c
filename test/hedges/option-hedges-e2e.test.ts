import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { SAMPLE_CHAIN } from './option-context.js';

const KINDS = 'protective-put,collar,put-spread,delta-hedge';

async function analyze(args: string[]): Promise<Report> {
  const result = await run(['analyze', '--json', '-', '--quiet', '--hedges', KINDS, ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return reportSchema.parse(JSON.parse(result.stdout));
}

const es99 = (r: Report['hedges'][number]['asset']['after']) => r.es.find((f) => f.level === 0.99)!.amount;

describe('the option hedges through analyze', () => {
  it('on the sample (model prices): every kind is evaluated, and each cuts the holding\'s 99 % ES', async () => {
    const report = await analyze([]);
    expect(new Set(report.hedges.map((h) => h.kind))).toEqual(new Set(KINDS.split(',')));
    expect(report.hedges.length).toBe(4 + 3 + 2 + 1);
    for (const h of report.hedges) {
      expect(es99(h.asset.after)).toBeLessThan(es99(h.asset.before));
      expect(h.cost.total).toBeGreaterThan(0);
    }
    const delta = report.hedges.find((h) => h.kind === 'delta-hedge')!;
    // Selling a third of the holding removes a bit over half its variance ((1 − 0.32)² ≈ 0.46 left).
    expect(delta.varianceReduction.asset).toBeGreaterThan(0.5);
  });

  it('on 2016-09-06 with the sample AAPL chain: the option legs are priced from its quotes', async () => {
    // On that date the adjusted prices make AGG the largest holding, so the target is named.
    const report = await analyze(['--target', 'AAPL', '--as-of', '2016-09-06', '--chain', SAMPLE_CHAIN]);
    expect(report.asOf).toBe('2016-09-06');
    const options = report.hedges.filter((h) => h.kind !== 'delta-hedge');
    expect(options.map((h) => h.name)).toEqual([
      'Put 96% 3d', 'Put 90% 3d', 'ZC collar 96/105 3d', 'ZC collar 90/109 3d', 'Collar 96/111 3d', 'Put spread 96/85 3d',
    ]);
    for (const h of options) {
      expect(h.parameters.source).toBe('chain');
      expect(h.warnings.some((w) => /history is adjusted for later splits/.test(w))).toBe(true);
    }
  });

  it('the user\'s no-short-target constraint removes the delta hedge (it sells the target)', async () => {
    const report = await analyze(['--no-short-target']);
    expect(report.hedges.some((h) => h.kind === 'delta-hedge')).toBe(false);
    expect(report.hedges.some((h) => h.kind === 'collar')).toBe(true);
  });
});
